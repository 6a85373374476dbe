"""The date recognizer: runs the rules of :mod:`.grammar`, keeps the covering matches, and
resolves them against the reference date.

A line where the grammar's prefilter (:func:`.grammar.prefilter`, derived from the rules' anchors)
is not found is skipped; each rule searches only the sentences where its own anchor is found.

Matches must start and end on syllable boundaries of the segmented text (so "16" is never read
inside "TU-160" or "737-800"); when matches overlap, :func:`viextract.merge.select_groups`
keeps the one covering more text (then the rule's priority, then the earlier start). A rule may
produce several dates from one match (a list "ngày 16, 17 và 18-8"); they are kept or dropped
together.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import replace

import regex

from ..merge import select_groups
from ..recognizer import Context, Mention, Resolved
from ..segment import Segmented
from ..types import DateSpans, DateValue, Label
from .grammar import RULES, Rule, load_word_lists, prefilter
from .resolve import PartialDate, resolve
from .tense import clause_tense, load

#: Dates never span a line break: each line is searched on its own.
_LINE = regex.compile(r"[^\n]+")


def _pieces(seg: Segmented, first_test: regex.Pattern[str]) -> list[tuple[int, int]]:
    """The parts of each line that one sentence covers (with the spaces after it), in the lines
    where ``first_test`` is found.

    No date runs across a sentence boundary, so a rule searches only the pieces that hold its
    anchor (those with a digit: 40% of news text; most other anchors: far less)."""
    text = seg.text
    cuts = [seg.syllables[a][0] for a, b in seg.sentences if a < b][1:]
    out: list[tuple[int, int]] = []
    for m in _LINE.finditer(text):
        a, b = m.span()
        if first_test.search(text, a, b) is None:
            continue
        k = bisect_right(cuts, a)
        while a < b:
            end = cuts[k] if k < len(cuts) and cuts[k] < b else b
            out.append((a, end))
            a = end
            k += 1
    return out


_Group = tuple[int, tuple[tuple[int, int, PartialDate], ...]]  # (rule priority, dates)


class DateRecognizer:
    """Finds DATE mentions; a mention's ``value`` is a :class:`~.resolve.PartialDate`.

    Args:
        rules: the rules to run (default: all of :data:`~.grammar.RULES`).

    The rules' patterns are compiled on first use (or by :meth:`compile`), once for all the
    recognizers and threads that share them.
    """

    name = "dates"

    def __init__(self, rules: tuple[Rule, ...] = RULES) -> None:
        self._rules = rules
        self._prefilter = prefilter(rules)
        load_word_lists()  # fail now, with a ModelError naming the file, if one is bad
        load()

    def compile(self) -> None:
        """Compile every pattern now rather than on first use."""
        self._prefilter.get()
        load()
        for rule in self._rules:
            rule.compile()

    def __call__(self, seg: Segmented) -> list[Mention]:
        text = seg.text
        first_test = self._prefilter.get()
        if not text or first_test.search(text) is None:
            return []
        starts = {a for a, _ in seg.syllables}
        ends = {b for _, b in seg.syllables}
        groups: list[_Group] = []
        pieces = [p for p in _pieces(seg, first_test) if first_test.search(text, p[0], p[1])]
        anchored: dict[tuple[str, ...], list[tuple[int, int]]] = {}  # pieces with an anchor
        for rule in self._rules:
            spans = anchored.get(rule.anchor)
            if spans is None:
                anchor = rule.anchor_pattern
                spans = [p for p in pieces if anchor.search(text, p[0], p[1])]
                anchored[rule.anchor] = spans
            for a, b in spans:
                groups.extend(_run(rule, text, a, b, starts, ends))
        return [
            Mention(a, b, Label.DATE, self.name, value=_with_tense(value, text, a, b))
            for a, b, value in select_groups(groups)
        ]

    def resolve(self, mention: Mention, context: Context) -> Sequence[Resolved]:
        """The DATE entities of one mention: its partial date resolved against the reference
        date, over the span ``context.date_spans`` asks for (see :func:`date_parts`)."""
        partial = mention.value
        assert isinstance(partial, PartialDate)
        value = resolve(partial, context.reference_date, context.prefer)
        return [
            Resolved(a, b, date.value, date)
            for a, b, date in date_parts(
                mention.start, mention.end, partial, value, context.date_spans
            )
        ]


def _open(p: PartialDate) -> bool:
    """Whether a direction may have to be chosen for ``p`` (no year, no anchor, no direction
    word), so that the tense of its clause is worth reading."""
    return p.year is None and p.rel_unit is None and p.direction is None


def _with_tense(p: PartialDate, text: str, start: int, end: int) -> PartialDate:
    """``p`` with the tense of its clause (:func:`.tense.clause_tense`) when it may need it."""
    if not (_open(p) or (p.end is not None and _open(p.end))):
        return p
    tense = clause_tense(text, start, end)
    return p if tense is None else replace(p, tense=tense)


def _run(
    rule: Rule, text: str, pos: int, endpos: int, starts: set[int], ends: set[int]
) -> list[_Group]:
    """The matches of one rule in ``text[pos:endpos]`` whose dates lie on syllable boundaries."""
    groups: list[_Group] = []
    for m in rule.pattern.finditer(text, pos, endpos, overlapped=True):
        if m.start() not in starts or m.end() not in ends:
            continue
        items = rule.read(m, text)
        if not items or any(a not in starts or b not in ends for a, b, _ in items):
            continue
        groups.append((rule.priority, tuple(items)))
    return groups


def date_parts(
    start: int, end: int, partial: PartialDate, value: DateValue, date_spans: DateSpans
) -> list[tuple[int, int, DateValue]]:
    """The DATE entities of one date mention ``start:end`` (normalized offsets).

    "phrase": the mention itself. "core": the calendar expression without head words, part of
    day, modifier, weekday or direction words ("ngày thứ năm [19-11]", "sáng [20-11]", "cuối
    [tháng 10]"); a range gives its two ends ("từ [19] đến [21-11]": the start, whose value
    keeps the range's ``end``, then the end). A mention with no calendar part ("hôm qua",
    "tuần tới") keeps its whole span.
    """
    if date_spans == "phrase" or not partial.core:
        return [(start, end, value)]
    own = list(partial.core)
    tail = list(partial.end.core) if partial.end is not None else []
    head = [c for c in own if c not in tail]
    if head and tail and value.end is not None:
        return [
            (head[0][0], head[-1][1], value),
            (tail[0][0], tail[-1][1], value.end),
        ]
    return [(own[0][0], max(b for _, b in own), value)]
