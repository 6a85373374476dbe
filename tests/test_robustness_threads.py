"""One Extractor shared by threads gives the same results as serial use.

underthesea_core's CRF taggers are Rust objects whose ``tag`` takes ``&self`` and keeps the GIL,
so concurrent calls only read shared state; underthesea's lazily created global models are
loaded under a lock when an Extractor is built (viextract.pipeline._INIT_LOCK).
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import viextract

CORPUS = Path(__file__).parent / "corpus"


def _texts() -> list[str]:
    texts = []
    for name in ("robustness_equivalent.jsonl", "robustness_invariants.jsonl"):
        for line in (CORPUS / name).read_text(encoding="utf-8").splitlines():
            texts.append(json.loads(line)["text"])
    # longer texts, so that threads interleave inside one extraction
    texts.append("\n".join(texts[:10]) * 3)
    texts.append(" ".join(t for t in texts if "Hà" in t))
    return texts


def test_shared_extractor_gives_serial_results(extractor: viextract.Extractor) -> None:
    texts = _texts() * 3
    serial = [extractor.extract(t) for t in texts]
    with ThreadPoolExecutor(max_workers=8) as pool:
        threaded = list(pool.map(extractor.extract, texts))
    assert threaded == serial
    assert any(d.entities for d in serial)


def test_pipe_in_threads(extractor: viextract.Extractor) -> None:
    texts = _texts()
    serial = list(extractor.pipe(texts))
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda _: list(extractor.pipe(texts)), range(4)))
    assert all(r == serial for r in results)


_FIRST_USE = textwrap.dedent(
    """
    import json, sys, threading
    from concurrent.futures import ThreadPoolExecutor
    import viextract
    from viextract import pipeline

    texts = json.loads(sys.stdin.read())
    barrier = threading.Barrier(6)

    def first_use(t):
        barrier.wait()  # every thread hits the lazy initialisation at once
        return viextract.extract(t).to_dict()

    with ThreadPoolExecutor(6) as pool:
        racing = list(pool.map(first_use, texts[:6]))
    built = []

    def build(_):
        barrier.wait()
        ex = viextract.Extractor()
        built.append(ex)
        return [ex.extract(t).to_dict() for t in texts]

    with ThreadPoolExecutor(6) as pool:
        per_thread = list(pool.map(build, range(6)))
    serial = [viextract.extract(t).to_dict() for t in texts]
    assert racing == serial[:6], "first use from threads differs"
    assert all(r == serial for r in per_thread), "concurrently built extractors differ"
    print("ok", id(pipeline._default) != 0)
    """
)


def test_first_use_and_construction_from_many_threads() -> None:
    """In a fresh interpreter: the lazy default Extractor and concurrently built Extractors
    (underthesea loads models lazily in globals) race safely."""
    r = subprocess.run(
        [sys.executable, "-c", _FIRST_USE],
        input=json.dumps(_texts()),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert r.returncode == 0, r.stderr[-3000:]
    assert r.stdout.startswith("ok")
