"""The entity model's post-tagging rules (viextract.ner.rules), each on typed spans built from
sentences written for the project: the cases are data (tests/corpus/ner_rules.tsv), every rule
of the table has cases it must change and cases it must leave alone. The CRF is not run, so the
cases hold whatever the model is retrained into."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import pytest

from viextract import data
from viextract.ner.features import document_rows
from viextract.ner.rules import (
    LEXICON_DIR,
    RULES,
    Lexicons,
    apply_rules,
    lexicons,
    runs_into_number,
)
from viextract.ner.spans import DocumentFeatures, Span, Spans
from viextract.segment import Segmented, Segmenter
from viextract.text import align
from viextract.types import Label

from .conftest import ROOT

CASES = ROOT / "tests" / "corpus" / "ner_rules.tsv"
#: A mention in a case: "[PER Lan Anh]"; "[PER+ Anh]" is a span that continues (the tagger
#: began it with a stray I- tag).
_MENTION = re.compile(r"\[(PER|LOC|ORG)(\+?) ([^\[\]]+)\]")


@dataclass(frozen=True)
class Case:
    line: int
    rule: str
    text: str
    tagged: tuple[tuple[int, int, Label, bool], ...]  # character spans
    expected: tuple[tuple[int, int, Label, bool], ...]
    note: str


def _parse(marked: str) -> tuple[str, tuple[tuple[int, int, Label, bool], ...]]:
    """Plain text and the character spans of a text with marked mentions."""
    marked = marked.replace("\\n", "\n")
    out: list[str] = []
    spans: list[tuple[int, int, Label, bool]] = []
    pos = 0
    length = 0
    for m in _MENTION.finditer(marked):
        out.append(marked[pos : m.start()])
        length += m.start() - pos
        spans.append((length, length + len(m.group(3)), Label(m.group(1)), m.group(2) == "+"))
        out.append(m.group(3))
        length += len(m.group(3))
        pos = m.end()
    out.append(marked[pos:])
    text = "".join(out)
    assert "[" not in text and "]" not in text, f"bad mention markup in {marked!r}"
    return text, tuple(spans)


def _cases() -> list[Case]:
    out: list[Case] = []
    for n, line in enumerate(CASES.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        rule, tagged, expected, *note = line.split("\t")
        text, before = _parse(tagged)
        if expected == "=":
            after = before
        else:
            text_after, after = _parse(expected)
            assert text_after == text, f"line {n}: the expected text differs from the tagged one"
        out.append(Case(n, rule, text, before, after, note[0] if note else ""))
    return out


@cache
def _segmenter() -> Segmenter:
    return Segmenter()


def _document(text: str) -> DocumentFeatures:
    assert align(text).text == text, "write case texts normalized"
    seg = _segmenter()(text)
    return DocumentFeatures.from_rows(seg, document_rows(seg))


def _span(seg: Segmented, start: int, end: int, label: Label, continues: bool) -> Span:
    """The syllable span of characters ``start .. end``, which must fall on syllable bounds."""
    first, last = seg.syllable_range(start, end)
    assert first < last and seg.char_span(first, last) == (start, end), (
        f"{seg.text[start:end]!r} does not begin and end with a syllable"
    )
    for k, (a, b) in enumerate(seg.sentences):
        if a <= first and last <= b:
            return Span(k, first - a, last - a, label, continues)
    raise AssertionError(f"{seg.text[start:end]!r} spans two sentences")


def _spans(doc: DocumentFeatures, spans: tuple[tuple[int, int, Label, bool], ...]) -> Spans:
    return tuple(_span(doc.seg, *sp) for sp in spans)


def _show(doc: DocumentFeatures, spans: Spans) -> list[str]:
    return [
        f"{sp.label.value}{'+' if sp.continues else ''}:{' '.join(doc.words(sp))}" for sp in spans
    ]


ALL = _cases()
RULE_BY_NAME = {rule.name: rule for rule in RULES}


@pytest.mark.parametrize("case", ALL, ids=[f"{c.line}-{c.rule}" for c in ALL])
def test_rule_case(case: Case) -> None:
    rule = RULE_BY_NAME[case.rule]
    doc = _document(case.text)
    tagged = _spans(doc, case.tagged)
    expected = _spans(doc, case.expected)
    got = rule.apply(doc, tagged)
    assert got == expected, (case.note, _show(doc, got), _show(doc, expected))


def test_every_rule_has_cases_it_changes_and_cases_it_leaves() -> None:
    assert len(RULE_BY_NAME) == len(RULES), "two rules share a name"
    assert {c.rule for c in ALL} <= set(RULE_BY_NAME), "a case names no rule of the table"
    for name in RULE_BY_NAME:
        mine = [c for c in ALL if c.rule == name]
        assert any(c.expected != c.tagged for c in mine), f"{name}: no case the rule changes"
        assert any(c.expected == c.tagged for c in mine), f"{name}: no case it must leave alone"


def test_rule_table_is_documented() -> None:
    for rule in RULES:
        assert rule.name == rule.apply.__name__
        assert rule.does and rule.why and rule.apply.__doc__


def test_the_table_runs_in_order() -> None:
    assert [rule.name for rule in RULES] == [
        "link_acronyms",
        "people_after_kinship",
        "split_country_from_person",
        "propagate",
        "drop_non_names",
        "drop_work_titles",
        "places_in_place_lists",
        "join_name_particles",
        "organisations_after_kinds",
        "people_in_longer_mentions",
        "drop_glued_to_number",
    ]
    # the kinship rule runs before propagation: the woman's name is copied as a person's
    doc = _document("Hôm qua chị Nga đi chợ.\nNga nấu cơm xong.")
    tagged = (_span(doc.seg, 12, 15, Label.LOC, False),)
    assert _show(doc, apply_rules(doc, tagged)) == ["PER:Nga", "PER:Nga"]
    assert apply_rules(doc, tagged, ()) == tagged


def test_lexicons_are_the_data_files() -> None:
    names = {f"{LEXICON_DIR}/{name}.txt" for name in Lexicons.__dataclass_fields__}
    files = {name for name in data.data_files() if name.startswith(f"{LEXICON_DIR}/")}
    assert names == files
    for name in files:
        text = data.read_text(name)
        assert text.startswith("# "), f"{name} has no header saying what it is for"
    lex = lexicons()
    assert "chị" in lex.kinship and "công ty" in lex.org_kinds and "," in lex.list_joiners


@pytest.mark.parametrize(
    ("text", "end", "glued"),
    [
        ("cụm A.22 ", 6, True),  # "A." before "22"
        ("cụm A.22 ", 5, True),  # "A" before ".22"
        ("xe K-9 mới", 5, True),
        ("ông A. 22 tuổi", 6, False),
        ("Hà Nội 2015", 6, False),
        ("Hà Nội", 6, False),
    ],
)
def test_a_name_never_runs_into_a_number(text: str, end: int, glued: bool) -> None:
    assert runs_into_number(text, end) is glued
