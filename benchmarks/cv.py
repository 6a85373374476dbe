"""Leave-one-section-out cross-validation of the entity model, with out-of-distribution checks.

    python benchmarks/cv.py [--data DIR] [--jobs 2] [--fast] [--templates base|clusters|all]
                            [--add FILE ...] [--spread-ratio R] [--spread-min N]
                            [--without-rule NAME] [--keep DIR | --models DIR]
                            [--save out/cv.json] [--compare out/cv_before.json]

For each of the 10 sections of ``vlsp2018_train.jsonl`` (its ``domain_folder``: culture,
economy, entertainment, sports, world, science and technology, ...), trains a model on the
other 9 and scores the whole pipeline on the held-out one; prints each section and the mean of
the section F1s. Then trains on all 10 and scores it on the out-of-distribution checks: PhoNER
COVID-19 dev (LOC and ORG only: its person names mark patients, not everyone) and VLSP 2016
train (other years, other conventions: report, do not chase), and on VLSP 2018 dev. Scoring is
exact character span and type, as in ``ner_eval.py``.

``--fast`` trains one CRF stage with 60 L-BFGS iterations instead of the shipped recipe's two
stages of 150 (a minute a fold, six for the table on 2 cores; use it to compare changes, then
confirm with ``--iterations 60`` (two stages) or the full recipe). ``--add``
adds gold JSONL files to every training set (for example VLSP 2016 train; it is then no longer
an out-of-distribution check and is skipped as one). ``--save`` writes the figures as JSON,
``--compare`` prints each figure's change against such a file. ``--keep DIR`` keeps the
trained models; ``--models DIR`` scores kept models again without training (to measure a change
of the post-tagging rules in a minute). Folds run ``--jobs`` at a time
(each needs about 2-4 GB).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import viextract
from viextract.dates.recognizer import DateRecognizer
from viextract.ner import rules
from viextract.ner.features import BASE_TEMPLATES, CLUSTER, CLUSTER_TEMPLATES, TEMPLATES
from viextract.ner.model import NAMES_FILE, EntityModel, write_metadata
from viextract.segment import Segmenter
from viextract.training.trainer import (
    AlignStats,
    GoldDocument,
    Prepared,
    _doc_key,
    prepare,
    read_jsonl,
    train_model,
)

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ner_eval import score

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "ner"
TRAIN = "vlsp2018_train.jsonl"

TEMPLATE_SETS = {
    "base": BASE_TEMPLATES,
    "clusters": BASE_TEMPLATES + CLUSTER_TEMPLATES,
    "all": TEMPLATES,
    # candidates: clusters of the syllables two away; cluster bigrams
    "wide": TEMPLATES + tuple(f"T[{w}][{c}]" for c in CLUSTER for w in (-2, 2)),
    "pairs": TEMPLATES + tuple(f"T[{w}][{c}]" for c in CLUSTER[1:] for w in ("-1,0", "0,1")),
}
# Set in the parent before the workers fork (read-only in them).
_PREPARED: list[Prepared] = []
_SECTION: list[str] = []
_DOCS: dict[str, list[GoldDocument]] = {}
_ARGS: argparse.Namespace | None = None


def sections_of(path: Path) -> dict[str, str]:
    """Article key -> its section (``domain_folder``)."""
    out: dict[str, str] = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                rec = json.loads(line)
                out[_doc_key(rec)] = str(rec.get("domain_folder", "?"))
    return out


def evaluate(
    model_dir: Path, docs: Sequence[GoldDocument], labels: Sequence[str]
) -> dict[str, list[float]]:
    ex = viextract.Extractor([EntityModel(model_dir), DateRecognizer()])
    gold, pred = [], []
    for d in docs:
        gold.append({s for s in d.spans if s[2] in labels})
        found = ex.extract(d.text).entities
        pred.append({(e.start, e.end, str(e.label)) for e in found if str(e.label) in labels})
    return {k: list(v) for k, v in score(gold, pred).items()}


def _train(keep: Sequence[Prepared], out: Path) -> None:
    assert _ARGS is not None
    stages = train_model(
        keep,
        out,
        l1=0.1,
        l2=0.01,
        iterations=_ARGS.iterations,
        two_stage=_ARGS.stages == 2,
        templates=TEMPLATE_SETS[_ARGS.templates],
    )
    write_metadata(out, stages=stages, names=NAMES_FILE, training={"documents": len(keep)})


def run_fold(held: str) -> tuple[str, dict[str, dict[str, list[float]]]]:
    """Train without section ``held`` (or on everything, for "*") and score."""
    assert _ARGS is not None
    t = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        where = Path(tmp)
        saved = _ARGS.models or _ARGS.keep
        if saved:
            where = Path(saved) / ("all" if held == "*" else held.replace(" ", "_"))
        if not _ARGS.models:
            _train([p for p, s in zip(_PREPARED, _SECTION, strict=True) if s != held], where)
        if held != "*":
            result = {held: evaluate(where, _DOCS[held], ("PER", "LOC", "ORG"))}
        else:
            result = {
                name: evaluate(where, docs, labels) for name, (docs, labels) in _ood().items()
            }
    print(f"  {held}: {time.perf_counter() - t:.0f} s", file=sys.stderr, flush=True)
    return held, result


def _ood() -> dict[str, tuple[list[GoldDocument], tuple[str, ...]]]:
    assert _ARGS is not None
    data = Path(_ARGS.data)
    added = {Path(p).name for p in _ARGS.add}
    out = {
        "PhoNER dev (LOC, ORG)": (
            read_jsonl(data / "phoner_covid19_dev.jsonl", group=False),
            ("LOC", "ORG"),
        ),
        "VLSP 2016 train": (read_jsonl(data / "vlsp2016_train.jsonl"), ("PER", "LOC", "ORG")),
        "VLSP 2018 dev": (read_jsonl(data / "vlsp2018_dev.jsonl"), ("PER", "LOC", "ORG")),
    }
    return {
        k: v
        for k, v in out.items()
        if not (k.startswith("VLSP 2016") and "vlsp2016_train.jsonl" in added)
    }


def main() -> None:
    global _ARGS
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=str(DATA), help=f"folder of the gold files (default {DATA})")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--fast", action="store_true", help="--stages 1 --iterations 60")
    ap.add_argument("--stages", type=int, choices=(1, 2), default=2, help="CRF stages (2)")
    ap.add_argument("--iterations", type=int, default=150, help="L-BFGS iterations (150)")
    ap.add_argument(
        "--templates",
        choices=sorted(TEMPLATE_SETS),
        default="all",
        help="feature templates: the shipped ones (all), or without the mined names or clusters",
    )
    ap.add_argument("--add", nargs="*", default=[], help="more gold JSONL files to train on")
    ap.add_argument("--sections", help="only these sections, comma-separated (and no OOD run)")
    ap.add_argument(
        "--spread-ratio",
        type=float,
        help="override viextract.ner.rules.SPREAD_RATIO (document propagation; inf: always)",
    )
    ap.add_argument("--spread-min", type=int, help="override viextract.ner.rules.SPREAD_MIN")
    ap.add_argument(
        "--without-rule",
        help="leave out this post-tagging rule (rules.RULES; for propagate, only the rule: a"
        " two-stage model still propagates between its stages)",
    )
    ap.add_argument("--keep", help="keep the trained models in this folder")
    ap.add_argument("--models", help="score the models kept there instead of training")
    ap.add_argument("--save", help="write the figures to this JSON file")
    ap.add_argument("--compare", help="print changes against figures saved by --save")
    _ARGS = args = ap.parse_args()
    if args.fast:
        args.stages, args.iterations = 1, 60

    if args.spread_ratio is not None:
        rules.SPREAD_RATIO = args.spread_ratio
    if args.spread_min is not None:
        rules.SPREAD_MIN = args.spread_min
    if args.without_rule:
        kept = tuple(r for r in rules.RULES if r.name != args.without_rule)
        if len(kept) == len(rules.RULES):
            ap.error(f"no rule named {args.without_rule!r}")
        rules.apply_rules.__defaults__ = (kept,)
    t0 = time.perf_counter()
    data = Path(args.data)
    section_of = sections_of(data / TRAIN)
    docs = read_jsonl(data / TRAIN)
    extra = [d for p in args.add for d in read_jsonl(p)]
    segmenter = Segmenter()
    if not args.models:
        _PREPARED.extend(prepare([*docs, *extra], segmenter, AlignStats()))
        _SECTION.extend([section_of[d.id] for d in docs] + ["+"] * len(extra))
    for d in docs:
        _DOCS.setdefault(section_of[d.id], []).append(d)
    folds = sorted(_DOCS) if not args.sections else args.sections.split(",")
    if not args.sections:
        folds.append("*")
    print(
        f"{len(docs)} articles in {len(_DOCS)} sections (+{len(extra)} added); "
        f"prepared in {time.perf_counter() - t0:.0f} s; {len(folds)} trainings, "
        f"{args.jobs} at a time",
        file=sys.stderr,
        flush=True,
    )
    ctx = multiprocessing.get_context("fork")
    results: dict[str, dict[str, list[float]]] = {}
    with ctx.Pool(args.jobs) as pool:
        # the all-sections training is the longest: start it first
        for _, res in pool.imap_unordered(run_fold, sorted(folds, key=lambda f: f != "*")):
            results.update(res)
    before = json.loads(Path(args.compare).read_text()) if args.compare else {}

    def line(name: str, s: dict[str, list[float]]) -> str:
        p, r, f, n = s["micro"]
        # a label the check does not score (PER on PhoNER) has no gold entities: "-"
        per = " | ".join(f"{s[lab][2]:.1f}" if s[lab][3] else "-" for lab in ("PER", "LOC", "ORG"))
        delta = ""
        if before:
            delta = f" | {f - before[name]['micro'][2]:+.1f}" if name in before else " | "
        return f"| {name} | {int(n)} | {p:.1f} | {r:.1f} | **{f:.1f}**{delta} | {per} |"

    head = (
        "| held out | gold | P | R | F1 |" + (" change |" if before else "") + " PER | LOC | ORG |"
    )
    print(head)
    print("|" + "---|" * (head.count("|") - 1))
    sections = [k for k in sorted(results) if k in _DOCS]
    for k in sections:
        print(line(k, results[k]))
    if sections:
        mean = sum(results[k]["micro"][2] for k in sections) / len(sections)
        worst = min(sections, key=lambda k: results[k]["micro"][2])
        delta = ""
        if before and all(k in before for k in sections):
            old = sum(before[k]["micro"][2] for k in sections) / len(sections)
            delta = f" ({mean - old:+.2f})"
        print(f"\nmean of {len(sections)} sections: {mean:.2f}{delta}; lowest: {worst}")
    for k in results:
        if k not in _DOCS:
            print(line(k, results[k]))
    print(f"\n{time.perf_counter() - t0:.0f} s in all", file=sys.stderr)
    if args.save:
        Path(args.save).write_text(json.dumps(results, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
