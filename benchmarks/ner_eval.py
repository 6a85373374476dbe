"""Score viextract's entity model and underthesea's tagger on a gold JSONL file, in one run.

    python benchmarks/ner_eval.py PATH.jsonl [--limit N] [--no-underthesea] [--model DIR]

Scoring: exact character span and type, PER/LOC/ORG, outermost gold entities (``depth`` 0 or
``level`` 1); records that share a ``doc`` are joined into one article (as a caller would pass
a whole article), and each system reads the article through the whole viextract pipeline.
Also prints whole-pipeline speed (one core, text in, Document out) and underthesea's own
``ner()`` speed on the same text, timed in ``--rounds`` rounds in which the two systems alternate
article by article (a shared machine's speed drifts by 10-30% from minute to minute; this way
both see the same drift): each system's best round, and the range of the per-round ratios;
and the entity model's load time and its size on disk.

``--model DIR`` scores a model written by ``viextract-train`` instead of the packaged one. A
model trained on the file being scored (its ``model.json`` lists the training files) is flagged:
those figures are not a held-out measure.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path

import viextract
from viextract.dates.recognizer import DateRecognizer
from viextract.ner.model import EntityModel
from viextract.ner.underthesea import UndertheseaNER
from viextract.training.trainer import GoldDocument, read_jsonl

LABELS = ("PER", "LOC", "ORG")


def score(
    gold: Sequence[set[tuple[int, int, str]]], pred: Sequence[set[tuple[int, int, str]]]
) -> dict[str, tuple[float, float, float, int]]:
    tp: Counter[str] = Counter()
    n_pred: Counter[str] = Counter()
    n_gold: Counter[str] = Counter()
    for g, p in zip(gold, pred, strict=True):
        n_gold.update(x[2] for x in g)
        n_pred.update(x[2] for x in p)
        tp.update(x[2] for x in g & p)
    out = {}
    for lab in (*LABELS, "micro"):
        keys = LABELS if lab == "micro" else (lab,)
        t = sum(tp[k] for k in keys)
        np_ = sum(n_pred[k] for k in keys)
        ng = sum(n_gold[k] for k in keys)
        p = t / np_ if np_ else 0.0
        r = t / ng if ng else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        out[lab] = (100 * p, 100 * r, 100 * f, ng)
    return out


def run(
    ex: viextract.Extractor, docs: Sequence[GoldDocument]
) -> tuple[list[set[tuple[int, int, str]]], float]:
    pred = []
    t = time.perf_counter()
    for d in docs:
        doc = ex.extract(d.text)
        pred.append({(e.start, e.end, str(e.label)) for e in doc.entities if e.label in LABELS})
    return pred, time.perf_counter() - t


def timed(work: Callable[[], object]) -> float:
    t = time.perf_counter()
    work()
    return time.perf_counter() - t


def model_size(model: Path | None) -> int:
    if model is not None:
        return sum(p.stat().st_size for p in model.iterdir() if p.is_file())
    base = resources.files("viextract.data").joinpath("models/ner")
    with resources.as_file(base) as path:
        return sum(p.stat().st_size for p in Path(path).iterdir() if p.is_file())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("path")
    ap.add_argument("--limit", type=int, default=0, help="only the first N articles")
    ap.add_argument("--no-underthesea", action="store_true")
    ap.add_argument("--model", type=Path, help="a model directory (default: the packaged model)")
    ap.add_argument("--rounds", type=int, default=3, help="speed rounds (default 3)")
    args = ap.parse_args()
    docs = read_jsonl(args.path)
    if args.limit:
        docs = docs[: args.limit]
    chars = sum(len(d.text) for d in docs)
    gold = [set(d.spans) for d in docs]
    print(f"{args.path}: {len(docs)} articles, {chars} characters, {sum(map(len, gold))} entities")

    t = time.perf_counter()
    model = EntityModel(args.model)
    load = time.perf_counter() - t
    trained_on = model.meta.get("training", {}).get("files", [])
    if Path(args.path).name in trained_on:
        print(
            f"NOTE: this model was trained on {Path(args.path).name} "
            f"(training files: {', '.join(trained_on)}); its figures here are NOT held-out."
        )
    systems = [("viextract", viextract.Extractor([model, DateRecognizer()]))]
    if not args.no_underthesea:
        systems.append(("underthesea", viextract.Extractor([UndertheseaNER(), DateRecognizer()])))
    results = {}
    for name, ex in systems:
        ex.extract("Khởi động.")
        pred, seconds = run(ex, docs)
        results[name] = (score(gold, pred), chars / seconds)

    print()
    print(f"| system | {' | '.join(LABELS)} | micro P | micro R | micro F1 | pipeline chars/s |")
    print("|---|---|---|---|---|---|---|---|")
    for name, (s, speed) in results.items():
        per = " | ".join(f"{s[lab][2]:.1f}" for lab in LABELS)
        p, r, f, _ = s["micro"]
        print(f"| {name} | {per} | {p:.1f} | {r:.1f} | {f:.1f} | {speed:,.0f} |")
    print()
    for name, (s, _) in results.items():
        for lab in (*LABELS, "micro"):
            p, r, f, n = s[lab]
            print(f"{name:12s} {lab:6s} P {p:5.1f}  R {r:5.1f}  F1 {f:5.1f}  (gold {n})")
    ours = systems[0][1]
    texts = [d.text for d in docs]
    if args.no_underthesea:
        best = max(
            chars / timed(lambda: [ours.extract(t) for t in texts]) for _ in range(args.rounds)
        )
        print(f"\nviextract pipeline, best of {args.rounds} rounds: {best:,.0f} chars/s")
    else:
        from underthesea import ner

        ner("Khởi động.")
        rounds = []
        for _ in range(args.rounds):
            # article by article, each system in turn: both see the same state of the machine
            ours_s = theirs_s = 0.0
            for t in texts:
                ours_s += timed(lambda t=t: ours.extract(t))
                theirs_s += timed(lambda t=t: [ner(x) for x in t.split("\n") if x.strip()])
            rounds.append((chars / ours_s, chars / theirs_s))
        v, u = max(r[0] for r in rounds), max(r[1] for r in rounds)
        ratios = sorted(a / b for a, b in rounds)
        print(
            f"\nspeed, best of {args.rounds} rounds, the systems alternating article by article: "
            f"viextract pipeline {v:,.0f} chars/s, underthesea ner() alone {u:,.0f} chars/s: "
            f"viextract is {v / u:.1f}x faster (per round {ratios[0]:.1f}x-{ratios[-1]:.1f}x)"
        )
    print(
        f"entity model load: {load * 1000:.0f} ms; "
        f"model files on disk: {model_size(args.model) / 1e6:.2f} MB"
    )


if __name__ == "__main__":
    main()
