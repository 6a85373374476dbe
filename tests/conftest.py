from __future__ import annotations

from pathlib import Path

import pytest

import viextract

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_3ce9499940f268d4.txt"


@pytest.fixture(scope="session")
def extractor() -> viextract.Extractor:
    return viextract.Extractor()


def assert_spans_exact(doc: viextract.Document) -> None:
    """Every span's text is the original slice; spans are in order and entities do not overlap."""
    n = len(doc.text)
    for group in (doc.sentences, doc.tokens, doc.entities):
        prev_end = 0
        for x in group:
            assert 0 <= x.start < x.end <= n, x
            assert doc.text[x.start : x.end] == x.text, x
            assert x.start >= prev_end, (x, prev_end)
            prev_end = x.end
