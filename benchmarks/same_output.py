"""Check that a change of code leaves viextract's output as it was.

    python benchmarks/same_output.py save out/before.jsonl      # before the change
    python benchmarks/same_output.py compare out/before.jsonl   # after it

The texts: the seed article (reference date 2015-11-21) and every article of a gold JSONL file
(default ../shared/data/ner/vlsp2018_dev.jsonl, records of one article joined by newlines,
reference date 2018-06-01), each extracted with ``date_spans="core"`` and ``"phrase"``. What is
compared: sentences, tokens and every entity's span, label, normalized value and date. ``compare``
prints each article that differs with its first differences and exits 1 if any does.

The snapshot holds slices of the gold corpus' text: keep it under ``out/`` (ignored by git).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import viextract

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_3ce9499940f268d4.txt"
DEV = ROOT.parent / "shared" / "data" / "ner" / "vlsp2018_dev.jsonl"


def articles(gold: Path) -> Iterator[tuple[str, str, dt.date]]:
    yield "seed", SEED.read_text(encoding="utf-8"), dt.date(2015, 11, 21)
    groups: dict[str, list[str]] = {}
    with gold.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                rec = json.loads(line)
                groups.setdefault(str(rec.get("doc", rec["id"])), []).append(rec["text"])
    for key, parts in groups.items():
        yield key, "\n".join(parts), dt.date(2018, 6, 1)


def snapshot(doc: viextract.Document) -> dict[str, Any]:
    return {
        "sentences": [[s.start, s.end] for s in doc.sentences],
        "tokens": [[t.start, t.end] for t in doc.tokens],
        "entities": [
            [e.start, e.end, str(e.label), e.normalized, e.date.to_dict() if e.date else None]
            for e in doc.entities
        ],
    }


def run(gold: Path) -> Iterator[dict[str, Any]]:
    ex = viextract.Extractor()
    for key, text, ref in articles(gold):
        out: dict[str, Any] = {"id": key}
        for spans in ("core", "phrase"):
            out[spans] = snapshot(ex.extract(text, ref, date_spans=spans))  # type: ignore[arg-type]
        yield out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("action", choices=("save", "compare"))
    p.add_argument("snapshot", type=Path)
    p.add_argument("--gold", type=Path, default=DEV)
    args = p.parse_args(argv)
    t = time.perf_counter()
    if args.action == "save":
        args.snapshot.parent.mkdir(parents=True, exist_ok=True)
        with args.snapshot.open("w", encoding="utf-8") as f:
            n = 0
            for rec in run(args.gold):
                f.write(json.dumps(rec, ensure_ascii=False) + "\n")
                n += 1
        print(f"saved {n} articles in {time.perf_counter() - t:.0f} s to {args.snapshot}")
        return 0
    before = {}
    with args.snapshot.open(encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            before[rec["id"]] = rec
    differ = 0
    seen = 0
    for rec in run(args.gold):
        seen += 1
        old = before.get(rec["id"])
        if old == rec:
            continue
        differ += 1
        print(f"== {rec['id']} differs")
        if old is None:
            print("   not in the snapshot")
            continue
        for spans in ("core", "phrase"):
            for part in ("sentences", "tokens", "entities"):
                a = [tuple(map(json.dumps, x)) for x in old[spans][part]]
                b = [tuple(map(json.dumps, x)) for x in rec[spans][part]]
                gone = sorted(set(a) - set(b))[:5]
                new = sorted(set(b) - set(a))[:5]
                if gone or new:
                    print(f"   {spans} {part}: - {gone}\n   {spans} {part}: + {new}")
    print(f"{seen} articles, {differ} differ; {time.perf_counter() - t:.0f} s")
    return 1 if differ or len(before) != seen else 0


if __name__ == "__main__":
    sys.exit(main())
