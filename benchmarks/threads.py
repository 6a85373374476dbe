"""Throughput of one shared Extractor: serial vs N threads (same results are asserted).

    .venv/bin/python benchmarks/threads.py [--articles 40] [--threads 4]

Model calls hold the GIL, so threads bring no speed-up on CPython with the GIL; the point is
that sharing is safe and costs nothing. For throughput, run one process per core.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from newslike import article

import viextract


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=40)
    ap.add_argument("--threads", type=int, default=4)
    args = ap.parse_args()
    rng = random.Random(3)
    texts = [article(rng) for _ in range(args.articles)]
    ex = viextract.Extractor()
    t0 = time.perf_counter()
    serial = [ex.extract(t) for t in texts]
    t1 = time.perf_counter()
    with ThreadPoolExecutor(args.threads) as pool:
        threaded = list(pool.map(ex.extract, texts))
    t2 = time.perf_counter()
    assert threaded == serial
    print(f"{len(texts)} articles: serial {t1 - t0:.2f} s, {args.threads} threads {t2 - t1:.2f} s")


if __name__ == "__main__":
    main()
