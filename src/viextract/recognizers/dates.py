"""The date recognizer: runs the rules of :mod:`.date_rules` and keeps the covering matches.

Matches must start and end on syllable boundaries of the segmented text (so "16" is never read
inside "TU-160" or "737-800"); when matches overlap, the one covering more text wins (then the
rule's priority, then the earlier start), the way :mod:`viextract.merge` settles entities. A
rule may produce several dates from one match (a list "ngày 16, 17 và 18-8"); they are kept or
dropped together.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

import regex

from ..resolve import PartialDate
from ..segment import Segmented
from ..types import Label
from . import Mention
from .date_rules import RULES, Rule, load_word_lists

#: Texts without a digit or one of these words cannot contain a date; most sentences are skipped
#: by this one search.
PREFILTER = regex.compile(
    r"[0-9]|ngày|hôm|bữa|tháng|năm|tuần|quý|thứ|chủ nhật|thập|thế k|tết|rằm|mùng|mồng"
    r"|sáng|trưa|chiều|tối|đêm|khuya"
    r"|(?-i:CN|T[2-7])",
    regex.IGNORECASE,
)


#: Dates never span a line break: each line is searched on its own.
_LINE = regex.compile(r"[^\n]+")


def _pieces(seg: Segmented) -> list[tuple[int, int]]:
    """The parts of each line that one sentence covers (with the spaces after it).

    No date runs across a sentence boundary, so a rule searches only the pieces that hold its
    anchor (those with a digit: 40% of news text; most other anchors: far less)."""
    text = seg.text
    cuts = [seg.syllables[a][0] for a, b in seg.sentences if a < b][1:]
    out: list[tuple[int, int]] = []
    for m in _LINE.finditer(text):
        a, b = m.span()
        if PREFILTER.search(text, a, b) is None:
            continue
        k = bisect_right(cuts, a)
        while a < b:
            end = cuts[k] if k < len(cuts) and cuts[k] < b else b
            out.append((a, end))
            a = end
            k += 1
    return out


@dataclass(frozen=True, slots=True)
class _Group:
    start: int
    end: int
    priority: int
    items: tuple[tuple[int, int, PartialDate], ...]


class DateRecognizer:
    """Finds DATE mentions; each mention's ``value`` is a :class:`~viextract.resolve.PartialDate`.

    Args:
        rules: the rules to run (default: all of :data:`~.date_rules.RULES`).
    """

    name = "dates"

    def __init__(self, rules: tuple[Rule, ...] = RULES) -> None:
        self._rules = rules
        load_word_lists()  # fail now, with a ModelError naming the file, if one is bad

    def __call__(self, seg: Segmented) -> list[Mention]:
        text = seg.text
        if not text or PREFILTER.search(text) is None:
            return []
        starts = {a for a, _ in seg.syllables}
        ends = {b for _, b in seg.syllables}
        groups: list[_Group] = []
        pieces = [p for p in _pieces(seg) if PREFILTER.search(text, p[0], p[1])]
        anchored: dict[tuple[str, int], list[tuple[int, int]]] = {}  # pieces with an anchor
        for rule in self._rules:
            if rule.anchor is None:
                spans = pieces
            else:
                key = (rule.anchor.pattern, rule.anchor.flags)
                if key not in anchored:
                    anchored[key] = [p for p in pieces if rule.anchor.search(text, p[0], p[1])]
                spans = anchored[key]
            for a, b in spans:
                groups.extend(_run(rule, text, a, b, starts, ends))
        return [Mention(a, b, Label.DATE, self.name, 1.0, value) for a, b, value in _select(groups)]


def _run(
    rule: Rule, text: str, pos: int, endpos: int, starts: set[int], ends: set[int]
) -> list[_Group]:
    """The matches of one rule in ``text[pos:endpos]`` whose dates lie on syllable boundaries."""
    groups: list[_Group] = []
    for m in rule.pattern.finditer(text, pos, endpos, overlapped=True):
        if m.start() not in starts or m.end() not in ends:
            continue
        items = rule.produce(m, text)
        if not items or any(a not in starts or b not in ends for a, b, _ in items):
            continue
        lo = min(a for a, _, _ in items)
        hi = max(b for _, b, _ in items)
        groups.append(_Group(lo, hi, rule.priority, tuple(items)))
    return groups


def _select(groups: list[_Group]) -> list[tuple[int, int, PartialDate]]:
    """Covering groups first; a group is kept only if none of its dates overlaps a kept one."""
    kept: list[tuple[int, int, PartialDate]] = []
    taken: list[tuple[int, int]] = []
    for grp in sorted(groups, key=lambda g: (-(g.end - g.start), -g.priority, g.start)):
        if any(a < e and s < b for a, b, _ in grp.items for s, e in taken):
            continue
        kept.extend(grp.items)
        taken.extend((a, b) for a, b, _ in grp.items)
    kept.sort(key=lambda x: x[0])
    return kept
