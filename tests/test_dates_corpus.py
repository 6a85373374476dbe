"""The date corpus (tests/data/dates_corpus.tsv): one parametrized test over all its lines, and
the test that ties it to the grammar: every rule has positive and negative examples there, and its
anchor is in each of its matches."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, get_args

import pytest

from viextract.dates.grammar import RULES, prefilter
from viextract.dates.recognizer import DateRecognizer
from viextract.text import align
from viextract.types import Prefer

from .dates_helpers import find_dates, segmented, timex

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
    #: the rule of each span; on a line without DATE, the rules it is a negative of
    rules: tuple[str, ...]
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
            assert cols[:6] == ["text", "reference", "prefer", "spans", "values", "rule"], cols
            header_seen = True
            continue
        cols += [""] * (7 - len(cols))
        text, ref, prefer, spans, values, rule, fields = cols[:7]
        reference = (
            None if ref == "none" else dt.date.fromisoformat(ref) if ref else DEFAULT_REFERENCE
        )
        pref = prefer or "past"
        assert pref in get_args(Prefer), (n, pref)
        span_t = () if spans == "-" else tuple(s.strip() for s in spans.split(" | "))
        value_t = () if values == "-" else tuple(s.strip() for s in values.split(" | "))
        assert len(span_t) == len(value_t), f"line {n}: spans and values differ in number"
        rule_t = () if rule.strip() in ("", "-") else tuple(r.strip() for r in rule.split(" | "))
        if span_t:
            rule_t = rule_t * len(span_t) if len(rule_t) == 1 else rule_t
            assert len(rule_t) == len(span_t), f"line {n}: one rule, or one rule per span"
        field_t = tuple(_field(f) for f in fields.split(";") if f.strip())
        cases.append(Case(n, text, reference, pref, span_t, value_t, rule_t, field_t))  # type: ignore[arg-type]
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
    if case.spans:
        assert [p.rule for _, _, p in found] == list(case.rules)
    if case.fields:
        first = found[0][1]
        for name, expected in case.fields:
            assert getattr(first, name) == expected, (name, first)


def test_every_rule_has_examples_and_its_anchor_is_in_each_match() -> None:
    """Every rule has positive examples and a negative one (a line without DATE that names it),
    and in its positive examples each of its matches (on syllable boundaries, accepted by its
    production) holds its anchor, and so the recognizer's prefilter."""
    names = [rule.name for rule in RULES]
    assert len(set(names)) == len(names), "two rules share a name"
    unknown = {r for c in CASES for r in c.rules} - set(names)
    assert not unknown, f"the corpus names rules that do not exist: {sorted(unknown)}"
    first_test = prefilter(RULES).get()
    problems: list[str] = []
    for rule in RULES:
        positives = [c for c in CASES if c.spans and rule.name in c.rules]
        negatives = [c for c in CASES if not c.spans and rule.name in c.rules]
        if not positives:
            problems.append(f"{rule.name}: no positive example")
        if not negatives:
            problems.append(f"{rule.name}: no negative example")
        for case in positives:
            text = align(case.text).text
            seg = segmented(text)
            starts = {a for a, _ in seg.syllables}
            ends = {b for _, b in seg.syllables}
            matches = [
                m
                for m in rule.pattern.finditer(text, overlapped=True)
                if m.start() in starts and m.end() in ends and rule.read(m, text)
            ]
            if not matches:
                problems.append(f"{rule.name}: no match in its example line {case.line}")
            for m in matches:
                if rule.anchor_pattern.search(text, m.start(), m.end()) is None:
                    problems.append(f"{rule.name}: anchor not in {m.group()!r} (line {case.line})")
                if first_test.search(text, m.start(), m.end()) is None:
                    problems.append(f"{rule.name}: prefilter misses {m.group()!r}")
    assert not problems, "\n".join(problems)


def test_anchors_hide_no_date() -> None:
    """With every anchor made empty (every rule searches every sentence), the recognizer finds
    the same dates in every text of the corpus."""
    anchored = DateRecognizer()
    unanchored = DateRecognizer(tuple(replace(rule, anchor=("",)) for rule in RULES))
    for case in CASES:
        seg = segmented(align(case.text).text)
        assert unanchored(seg) == anchored(seg), case.line


def test_no_rule_reads_a_quarter_in_words_as_a_count_of_years() -> None:
    """ "quý hai năm sau" is the second quarter of next year, never "hai năm sau" (two years
    later), whichever rule is asked."""
    text = "Doanh thu quý hai năm sau dự báo tăng; tháng hai năm sau cũng vậy."
    for rule in RULES:
        for m in rule.pattern.finditer(text, overlapped=True):
            for _, _, pd in rule.read(m, text):
                assert not (pd.rel_unit == "year" and pd.rel_offset == 2), (rule.name, m.group())
    found = find_dates(text, dt.date(2024, 9, 10))
    assert [(s, timex(v)) for s, v, _ in found] == [
        ("quý hai năm sau", "2025-Q2"),
        ("tháng hai năm sau", "2025-02"),
    ]
