"""The date corpus (tests/data/dates_corpus.tsv): one parametrized test over all its lines."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args

import pytest

from viextract.types import Prefer

from .dates_helpers import find_dates, timex

CORPUS = Path(__file__).parent / "data" / "dates_corpus.tsv"
DEFAULT_REFERENCE = dt.date(2015, 11, 21)


@dataclass(frozen=True)
class Case:
    line: int
    text: str
    reference: dt.date | None
    prefer: Prefer
    spans: tuple[str, ...]
    values: tuple[str, ...]
    fields: tuple[tuple[str, Any], ...]

    @property
    def id(self) -> str:
        return f"line{self.line}"


def _field(raw: str) -> tuple[str, Any]:
    name, _, value = raw.partition("=")
    v: Any = value.strip()
    if v in ("True", "False", "None"):
        v = {"True": True, "False": False, "None": None}[v]
    elif v.isdigit():
        v = int(v)
    return name.strip(), v


def load() -> list[Case]:
    cases = []
    header_seen = False
    for n, line in enumerate(CORPUS.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if not header_seen:
            assert cols[:5] == ["text", "reference", "prefer", "spans", "values"], cols
            header_seen = True
            continue
        cols += [""] * (6 - len(cols))
        text, ref, prefer, spans, values, fields = cols[:6]
        reference = (
            None if ref == "none" else dt.date.fromisoformat(ref) if ref else DEFAULT_REFERENCE
        )
        pref = prefer or "past"
        assert pref in get_args(Prefer), (n, pref)
        span_t = () if spans == "-" else tuple(s.strip() for s in spans.split(" | "))
        value_t = () if values == "-" else tuple(s.strip() for s in values.split(" | "))
        assert len(span_t) == len(value_t), f"line {n}: spans and values differ in number"
        field_t = tuple(_field(f) for f in fields.split(";") if f.strip())
        cases.append(Case(n, text, reference, pref, span_t, value_t, field_t))  # type: ignore[arg-type]
    return cases


CASES = load()


def test_corpus_is_large_and_has_negatives() -> None:
    assert len(CASES) >= 300
    assert sum(1 for c in CASES if not c.spans) >= 50
    assert len({c.text for c in CASES}) >= 250


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_corpus(case: Case) -> None:
    found = find_dates(case.text, case.reference, case.prefer)
    assert [span for span, _, _ in found] == list(case.spans)
    assert [timex(v) for _, v, _ in found] == list(case.values)
    if case.fields:
        first = found[0][1]
        for name, expected in case.fields:
            assert getattr(first, name) == expected, (name, first)
