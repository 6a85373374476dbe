"""DATE span precision/recall/F1 of the date recognizer on PhoNER_COVID19 (and its speed).

Usage:
    python benchmarks/dates_phoner.py /work/shared/data/ner/phoner_covid19_dev.jsonl [--errors N]

Only the date recognizer runs (on each record's text, segmented into syllables); its mentions
become DATE entities exactly as in the pipeline
(:func:`viextract.dates.recognizer.date_parts`), in the two span conventions of ``date_spans``:

* ``core`` (the default): the calendar expression, as PhoNER_COVID19 marks it: without the head
  word ("ngày", "hôm", "sáng", a weekday, "cuối"), each end of a range on its own ("từ ngày 8
  đến 10-8" is "8" and "10-8"). A purely relative expression ("hôm qua", "tuần trước") keeps its
  whole span; the corpus does not mark those, so they count as false positives here.
* ``phrase``: the whole phrase ("ngày 20-11", "từ 19 đến 21-11", "hôm qua").

Each view is scored by exact span match and by overlap (a predicted span counts if it overlaps a
gold span, a gold span if a prediction overlaps it). The last line is the recognizer's speed in
characters per second (segmentation excluded, and the compilation of its patterns, which is
timed apart).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from viextract.dates.recognizer import DateRecognizer, date_parts
from viextract.dates.resolve import resolve
from viextract.segment import Segmented, Segmenter
from viextract.text import align

Span = tuple[int, int]


def score(pred: list[set[Span]], gold: list[set[Span]]) -> dict[str, float]:
    tp = sum(len(p & g) for p, g in zip(pred, gold, strict=True))
    np_ = sum(len(p) for p in pred)
    ng = sum(len(g) for g in gold)
    op = sum(
        sum(any(a < d and c < b for c, d in g) for a, b in p)
        for p, g in zip(pred, gold, strict=True)
    )
    og = sum(
        sum(any(a < d and c < b for c, d in p) for a, b in g)
        for p, g in zip(pred, gold, strict=True)
    )

    def f1(p: float, r: float) -> float:
        return 2 * p * r / (p + r) if p + r else 0.0

    pe, re_ = tp / np_ if np_ else 0.0, tp / ng if ng else 0.0
    po, ro = op / np_ if np_ else 0.0, og / ng if ng else 0.0
    return {"P": pe, "R": re_, "F1": f1(pe, re_), "oP": po, "oR": ro, "oF1": f1(po, ro), "n": np_}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("path", type=Path, help="a PhoNER_COVID19 JSONL file")
    ap.add_argument("--errors", type=int, default=0, help="print up to N errors of the core view")
    args = ap.parse_args(argv)
    records = [
        json.loads(line) for line in args.path.read_text(encoding="utf-8").splitlines() if line
    ]
    segment = Segmenter()
    recognize = DateRecognizer()
    gold = [{(e["start"], e["end"]) for e in r["entities"] if e["type"] == "DATE"} for r in records]
    aligned = [align(r["text"]) for r in records]
    texts = [Segmented(a.text, tuple(segment.syllables(a.text)), (), ()) for a in aligned]
    t0 = time.perf_counter()
    recognize.compile()  # otherwise done on first use, inside the timed run
    compile_time = time.perf_counter() - t0
    t0 = time.perf_counter()
    mentions = [recognize(s) for s in texts]
    elapsed = time.perf_counter() - t0
    core: list[set[Span]] = []
    phrase: list[set[Span]] = []
    for a, ms in zip(aligned, mentions, strict=True):
        for view, out in (("core", core), ("phrase", phrase)):
            spans: set[Span] = set()
            for m in ms:
                if m.value is not None:
                    value = resolve(m.value, None, "past")
                    for s, e, _ in date_parts(m.start, m.end, m.value, value, view):  # type: ignore[arg-type]
                        spans.add(a.to_original(s, e))
            out.append(spans)
    print(f"{args.path.name}: {len(records)} records, {sum(map(len, gold))} gold DATE spans")
    for name, pred in (("core", core), ("phrase", phrase)):
        s = score(pred, gold)
        print(
            f"{name:7s} exact P={s['P']:.4f} R={s['R']:.4f} F1={s['F1']:.4f} | "
            f"overlap P={s['oP']:.4f} R={s['oR']:.4f} F1={s['oF1']:.4f} | predicted {s['n']:.0f}"
        )
    chars = sum(len(r["text"]) for r in records)
    print(
        f"speed: {chars / elapsed:,.0f} chars/s ({chars} chars in {elapsed:.3f}s, recognizer only;"
        f" its patterns compiled before, in {compile_time:.3f}s)"
    )
    shown = 0
    for r, p, g in zip(records, core, gold, strict=True):
        if shown >= args.errors or p == g:
            continue
        t = r["text"]
        fn = sorted(g - p)
        fp = sorted(p - g)
        print(
            "---",
            " | ".join(f"-{t[a:b]!r}" for a, b in fn),
            " | ".join(f"+{t[a:b]!r}" for a, b in fp),
        )
        print("   ", t[:300])
        shown += 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
