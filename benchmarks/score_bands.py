"""Are higher scores more often right? Precision and recall of the entity model by score band.

    python benchmarks/score_bands.py [GOLD.jsonl] [--model DIR]
    # default: ../shared/data/ner/vlsp2018_dev.jsonl and the packaged model

``--model`` scores a model written by ``viextract-train`` (one that never saw the gold file: the
packaged model is trained on VLSP 2018 dev too).

Each predicted PER/LOC/ORG entity is right when a gold entity has its exact span and type
(outermost gold entities; records of one article joined, as in ``ner_eval.py``). For each score
band: how many predictions fall in it and the share of them that are right; for each threshold:
precision and recall of the entities scoring at least that (``min_score``).
"""

from __future__ import annotations

import argparse
import sys
from itertools import pairwise
from pathlib import Path

import viextract
from viextract.training.trainer import read_jsonl

LABELS = ("PER", "LOC", "ORG")
BANDS = (0.0, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99, 1.0001)
DEV = (
    Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "ner" / "vlsp2018_dev.jsonl"
)


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("gold", nargs="?", type=Path, default=DEV)
    ap.add_argument("--model", type=Path, help="a model directory (default: the packaged model)")
    args = ap.parse_args(argv)
    path = args.gold
    docs = read_jsonl(path)
    recognizers = None
    if args.model is not None:
        recognizers = [viextract.EntityModel(args.model), viextract.DateRecognizer()]
    ex = viextract.Extractor(recognizers)
    scored: list[tuple[float, bool]] = []
    n_gold = 0
    for d in docs:
        gold = set(d.spans)
        n_gold += len(gold)
        for e in ex.extract(d.text).entities:
            if e.label.value in LABELS:
                scored.append((e.score, (e.start, e.end, e.label.value) in gold))
    print(f"{path.name}: {len(docs)} articles, {n_gold} gold entities, {len(scored)} predicted")
    print(f"{'score band':>14} {'entities':>9} {'right':>7}")
    for lo, hi in pairwise(BANDS):
        band = [ok for s, ok in scored if lo <= s < hi]
        share = f"{100 * sum(band) / len(band):6.1f}%" if band else "      -"
        print(f"  [{lo:.2f}, {min(hi, 1.0):.2f}{']' if hi > 1 else ')'} {len(band):9d} {share}")
    print(f"{'min_score':>10} {'P':>6} {'R':>6} {'F1':>6}")
    for t in (0.0, 0.5, 0.7, 0.9, 0.95, 0.99):
        kept = [ok for s, ok in scored if s >= t]
        p = sum(kept) / len(kept) if kept else 0.0
        r = sum(kept) / n_gold if n_gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        print(f"{t:>10.2f} {100 * p:6.1f} {100 * r:6.1f} {100 * f:6.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
