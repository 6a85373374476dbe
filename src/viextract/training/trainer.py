"""Train viextract's entity model from gold JSONL corpora.

    viextract-train --train vlsp2018_train.jsonl --out src/viextract/data/models/ner
    python -m viextract.training.trainer ...   # the same

A JSONL record is ``{"id", "text", "entities": [{"start", "end", "type", ...}]}`` with offsets
into ``text`` (end exclusive). Records that share a ``doc`` field (or an id that differs only in
its last ``-N`` part) are joined with line breaks into one document, so that training sees the
same document-level features as the runtime. Only outermost entities are learned (``depth`` 0 or
``level`` 1); labels are mapped to PER/LOC/ORG and everything else is dropped.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .. import crfsuite
from ..ner.bio import bio_to_spans
from ..ner.features import (
    DOC_TEMPLATES,
    MAX_NGRAM,
    TEMPLATES,
    WORD,
    add_document_columns,
    document_rows,
    name_list,
    set_learned,
    write_name_list,
)
from ..ner.model import NAMES_FILE, write_metadata
from ..segment import Segmented, Segmenter
from ..text import align
from . import crfsuite_writer

LABEL_MAP = {
    "PERSON": "PER",
    "PER": "PER",
    "LOCATION": "LOC",
    "LOC": "LOC",
    "ORGANIZATION": "ORG",
    "ORG": "ORG",
}


@dataclass(frozen=True, slots=True)
class GoldDocument:
    """An article: its text and gold (start, end, label) spans, outermost only."""

    id: str
    text: str
    spans: tuple[tuple[int, int, str], ...]
    #: (start, end) of each original record inside ``text``.
    records: tuple[tuple[int, int], ...] = ()


@dataclass(slots=True)
class AlignStats:
    entities: int = 0
    cut_inside_syllable: int = 0
    no_syllable: int = 0
    overlapping: int = 0
    labels: Counter[str] = field(default_factory=Counter)


def _outermost(e: dict[str, object]) -> bool:
    if "depth" in e:
        return e["depth"] == 0
    if "level" in e:
        return e["level"] == 1
    return True


def _doc_key(rec: dict[str, object]) -> str:
    if "doc" in rec:
        return str(rec["doc"])
    rid = str(rec.get("id", ""))
    head, sep, tail = rid.rpartition("-")
    return head if sep and tail.isdigit() else rid


def read_jsonl(path: str | Path, group: bool = True) -> list[GoldDocument]:
    """Read a gold JSONL file; records of one article become one :class:`GoldDocument`."""
    groups: dict[str, list[dict[str, object]]] = {}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f):
            if not line.strip():
                continue
            rec = json.loads(line)
            key = _doc_key(rec) if group else f"{rec.get('id', '')}#{n}"
            groups.setdefault(key, []).append(rec)
    docs = []
    for key, recs in groups.items():
        parts: list[str] = []
        spans: list[tuple[int, int, str]] = []
        records: list[tuple[int, int]] = []
        pos = 0
        for rec in recs:
            text = str(rec["text"])
            ents = rec.get("entities") or []
            assert isinstance(ents, list)
            for e in ents:
                label = LABEL_MAP.get(str(e["type"]))
                if label and _outermost(e):
                    spans.append((pos + int(e["start"]), pos + int(e["end"]), label))
            parts.append(text)
            records.append((pos, pos + len(text)))
            pos += len(text) + 1
        docs.append(GoldDocument(key, "\n".join(parts), tuple(sorted(spans)), tuple(records)))
    return docs


def bio_tags(
    seg: Segmented,
    orig_spans: Sequence[tuple[int, int]],
    gold: Iterable[tuple[int, int, str]],
    stats: AlignStats,
) -> list[str]:
    """BIO tag of every syllable from gold spans in original offsets.

    ``orig_spans`` are the syllables' original offsets. A syllable belongs to an entity when
    most of its characters are inside it; a gold boundary that falls inside a syllable is
    counted in ``stats.cut_inside_syllable``.
    """
    from bisect import bisect_left, bisect_right

    tags = ["O"] * len(orig_spans)
    starts = [a for a, _ in orig_spans]
    ends = [b for _, b in orig_spans]
    for a, b, label in gold:
        stats.entities += 1
        stats.labels[label] += 1
        lo = bisect_right(ends, a)  # first syllable ending after a
        hi = bisect_left(starts, b)  # syllables before hi start before b
        chosen = []
        for k in range(lo, hi):
            s, e = orig_spans[k]
            inside = min(e, b) - max(s, a)
            if s < a or e > b:
                stats.cut_inside_syllable += 1
            if inside * 2 >= e - s:
                chosen.append(k)
        if not chosen:
            stats.no_syllable += 1
            continue
        if any(tags[k] != "O" for k in chosen):
            stats.overlapping += 1
            continue
        for j, k in enumerate(chosen):
            tags[k] = ("B-" if j == 0 else "I-") + label
    return tags


@dataclass(frozen=True, slots=True)
class Prepared:
    """A document ready for training: rows and tags per sentence."""

    rows: list[list[list[str]]]
    tags: list[list[str]]


def prepare(
    docs: Iterable[GoldDocument], segmenter: Segmenter, stats: AlignStats
) -> Iterator[Prepared]:
    for doc in docs:
        aligned = align(doc.text)
        seg = segmenter(aligned.text)
        orig = [aligned.to_original(a, b) for a, b in seg.syllables]
        tags = bio_tags(seg, orig, doc.spans, stats)
        rows = document_rows(seg)
        yield Prepared(rows, [tags[a:b] for a, b in seg.sentences])


def train_crf(
    sentences_x: list[list[list[str]]],
    sentences_y: list[list[str]],
    *,
    l1: float,
    l2: float,
    iterations: int,
    path: Path,
    prune_below: float = 0.0,
) -> None:
    from underthesea_core import CRFTrainer

    trainer = CRFTrainer(
        loss_function="lbfgs",
        l1_penalty=l1,
        l2_penalty=l2,
        max_iterations=iterations,
        verbose=0,
    )
    model = trainer.train(sentences_x, sentences_y)
    model.save(str(path))
    # underthesea_core keeps every attribute ever seen; keep only those with a weight.
    pruned = crfsuite_writer.prune(crfsuite.read_model(path.read_bytes()), prune_below)
    path.write_bytes(crfsuite_writer.write_model(pruned))


def featurize(
    prepared: Iterable[Prepared], templates: Sequence[str]
) -> tuple[list[list[list[str]]], list[list[str]]]:
    from underthesea_core import CRFFeaturizer

    featurizer = CRFFeaturizer(list(templates), set())
    xs: list[list[list[str]]] = []
    ys: list[list[str]] = []
    for p in prepared:
        for rows, tags in zip(p.rows, p.tags, strict=True):
            if rows:
                xs.extend(featurizer.process([rows]))
                ys.append(tags)
    return xs, ys


def learn_names(prepared: Iterable[Prepared], min_share: float = 0.6) -> dict[tuple[str, ...], str]:
    """Gold names of the training documents (syllables as written) with their usual label.

    Only names with a capital letter, whose label is the same in at least ``min_share`` of
    their occurrences, are kept: a list of names, never of sentences.
    """
    votes: dict[tuple[str, ...], Counter[str]] = {}
    for p in prepared:
        for rows, tags in zip(p.rows, p.tags, strict=True):
            for a, b, label in bio_to_spans(tags):
                name = tuple(r[WORD] for r in rows[a:b])
                if len(name) <= MAX_NGRAM and any(c.isupper() for c in "".join(name)):
                    votes.setdefault(name, Counter())[label] += 1
    out = {}
    for name, c in votes.items():
        label, n = c.most_common(1)[0]
        if n >= min_share * sum(c.values()):
            out[name] = label
    return out


def with_learned_names(prepared: Sequence[Prepared], folds: int = 4) -> list[Prepared]:
    """Copies of ``prepared`` whose LEARNED column comes from the names of the *other* folds,
    so that the model learns how often a name list built elsewhere is right."""
    out = []
    for k in range(folds):
        names = name_list(learn_names(p for i, p in enumerate(prepared) if i % folds != k))
        for i in range(k, len(prepared), folds):
            rows = [[list(r) for r in sent] for sent in prepared[i].rows]
            set_learned(rows, names)
            out.append((i, Prepared(rows, prepared[i].tags)))
    return [p for _, p in sorted(out, key=lambda x: x[0])]


def _with_document_columns(p: Prepared, stage1: list[list[str]]) -> Prepared:
    rows = [[list(r) for r in sent] for sent in p.rows]
    add_document_columns(rows, stage1)
    return Prepared(rows, p.tags)


def train_model(
    prepared: Sequence[Prepared],
    out: Path,
    *,
    l1: float,
    l2: float,
    iterations: int,
    two_stage: bool = True,
    learned_names: bool = True,
    folds: int = 2,
    templates: Sequence[str] = TEMPLATES,
    log: Callable[[str], None] = lambda s: None,
) -> list[tuple[str, Sequence[str]]]:
    """Train the stages into ``out`` with feature ``templates`` (the second stage adds
    :data:`~viextract.ner.features.DOC_TEMPLATES`); returns (file, templates) of each stage.

    With ``learned_names``, the gold names of the training data become a name list
    (``names.tsv``) matched by the LEARNED feature column.

    The second stage learns from first-stage tags of documents the first stage did not see
    (``folds``-fold cross-tagging), so that it learns how far to trust them.
    """
    from ..ner.model import Stage

    def fit(docs: Iterable[Prepared], templates: Sequence[str], path: Path) -> None:
        xs, ys = featurize(docs, templates)
        t = time.perf_counter()
        train_crf(xs, ys, l1=l1, l2=l2, iterations=iterations, path=path)
        log(f"{path.name}: {len(xs)} sentences, trained in {time.perf_counter() - t:.0f} s")

    out.mkdir(parents=True, exist_ok=True)
    if learned_names:
        (out / NAMES_FILE).write_text(write_name_list(learn_names(prepared)), encoding="utf-8")
        prepared = with_learned_names(prepared)
    stage1 = out / "ner1.crf"
    fit(prepared, templates, stage1)
    stages: list[tuple[str, Sequence[str]]] = [(stage1.name, templates)]
    if not two_stage:
        return stages
    cross: list[Prepared | None] = [None] * len(prepared)
    for k in range(folds):
        held = [i for i in range(len(prepared)) if i % folds == k]
        part = out / f"fold{k}.crf"
        fit((p for i, p in enumerate(prepared) if i % folds != k), templates, part)
        tagger = Stage(part, list(templates), part)
        for i in held:
            cross[i] = _with_document_columns(prepared[i], tagger.tag(prepared[i].rows))
        part.unlink()
    stage2 = out / "ner2.crf"
    templates2 = (*templates, *DOC_TEMPLATES)
    fit([p for p in cross if p is not None], templates2, stage2)
    stages.append((stage2.name, templates2))
    return stages


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="viextract-train", description=__doc__.split("\n")[0])
    parser.add_argument("--train", nargs="+", required=True, help="gold JSONL files")
    parser.add_argument("--out", required=True, help="output directory for the model files")
    parser.add_argument("--l1", type=float, default=0.1, help="L1 penalty (default 0.1)")
    parser.add_argument("--l2", type=float, default=0.01, help="L2 penalty (default 0.01)")
    parser.add_argument(
        "--iterations", type=int, default=150, help="L-BFGS iterations per CRF (default 150)"
    )
    parser.add_argument("--one-stage", action="store_true", help="no document-level stage")
    parser.add_argument("--limit", type=int, default=0, help="use only the first N documents")
    args = parser.parse_args(argv)

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    t0 = time.perf_counter()
    docs: list[GoldDocument] = []
    for path in args.train:
        docs.extend(read_jsonl(path))
    if args.limit:
        docs = docs[: args.limit]
    stats = AlignStats()
    prepared = list(prepare(docs, Segmenter(), stats))
    log(
        f"{len(docs)} documents, {sum(len(p.rows) for p in prepared)} sentences, "
        f"{stats.entities} entities {dict(stats.labels)}; boundary inside a syllable: "
        f"{stats.cut_inside_syllable}, unaligned: {stats.no_syllable}, "
        f"overlapping: {stats.overlapping}; prepared in {time.perf_counter() - t0:.0f} s"
    )
    out = Path(args.out)
    stages = train_model(
        prepared,
        out,
        l1=args.l1,
        l2=args.l2,
        iterations=args.iterations,
        two_stage=not args.one_stage,
        log=log,
    )
    seconds = round(time.perf_counter() - t0)
    write_metadata(
        out,
        stages=stages,
        names=NAMES_FILE if (out / NAMES_FILE).exists() else None,
        training={
            "files": [Path(p).name for p in args.train],
            "documents": len(docs),
            "l1": args.l1,
            "l2": args.l2,
            "iterations": args.iterations,
            "seconds": seconds,
        },
    )
    log(f"done in {seconds} s; model written to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
