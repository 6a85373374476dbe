"""DATE spans in the default convention ("core"), through the public API.

tests/data/dates_core_spans.tsv lists texts and their expected core spans; the whole date corpus
(tests/data/dates_corpus.tsv) also checks that each core span lies inside a phrase span of the
same date, with the same value.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import viextract
from viextract import Label

from .test_dates_corpus import CASES, Case

DATA = Path(__file__).parent / "data" / "dates_core_spans.tsv"
REF = dt.date(2015, 11, 21)


@pytest.fixture(scope="module")
def dates_only() -> viextract.Extractor:
    return viextract.Extractor([viextract.DateRecognizer()])


def _rows() -> list[tuple[int, str, list[str], list[str]]]:
    out = []
    header = False
    for n, line in enumerate(DATA.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        text, spans, values = line.split("\t")
        if not header:
            assert (text, spans, values) == ("text", "spans", "values")
            header = True
            continue
        s = [] if spans == "-" else [x.strip() for x in spans.split(" | ")]
        v = [] if values == "-" else [x.strip() for x in values.split(" | ")]
        assert len(s) == len(v), f"line {n}"
        out.append((n, text, s, v))
    return out


ROWS = _rows()


def test_core_corpus_has_negatives_and_ranges() -> None:
    assert len(ROWS) >= 30
    assert sum(1 for _, _, s, _ in ROWS if not s) >= 5
    assert sum(1 for _, _, s, _ in ROWS if len(s) >= 2) >= 4


@pytest.mark.parametrize(
    ("line", "text", "spans", "values"), ROWS, ids=[f"line{r[0]}" for r in ROWS]
)
def test_core_spans(
    dates_only: viextract.Extractor, line: int, text: str, spans: list[str], values: list[str]
) -> None:
    doc = dates_only.extract(text, reference_date=REF, date_spans="core")
    found = [e for e in doc.entities if e.label == Label.DATE]
    assert [e.text for e in found] == spans
    assert [e.normalized for e in found] == values
    for e in found:
        assert text[e.start : e.end] == e.text


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_core_spans_lie_in_phrases(dates_only: viextract.Extractor, case: Case) -> None:
    phrases = [
        e
        for e in dates_only.extract(case.text, case.reference, case.prefer, "phrase").entities
        if e.label == Label.DATE
    ]
    cores = [
        e
        for e in dates_only.extract(case.text, case.reference, case.prefer, "core").entities
        if e.label == Label.DATE
    ]
    assert bool(cores) == bool(phrases)
    for c in cores:
        holder = [p for p in phrases if p.start <= c.start and c.end <= p.end]
        assert len(holder) == 1, (c, phrases)
        p = holder[0]
        assert c.date is not None and p.date is not None
        # the core of a whole date has its value; the end of a range has the range's end value
        assert c.date in (p.date, p.date.end)
    # every phrase keeps at least one core
    for p in phrases:
        assert any(p.start <= c.start and c.end <= p.end for c in cores)
