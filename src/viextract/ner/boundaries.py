"""Named, general rules that repair the entity spans of a tagger that did not learn its
boundaries from gold data (underthesea's baseline tagger applies them to its output;
viextract's own model learned punctuation and list boundaries, "Vietnam+", "Ủy ban Văn hóa,
Giáo dục, ...", and the rules cost it 0.2 F1 on VLSP 2018 dev).

* :func:`trim_punctuation` - punctuation never starts or ends an entity.
* :func:`split_lists` - a comma inside an entity separates two entities ("Doha, Qatar").

(A rule that split a leading country name off any entity, "Nga Sergey Lavrov" -> LOC + PER, was
dropped: with viextract's CRF it cost 2.4 F1 points on VLSP 2018 dev, cutting "Nhật Bản" and
"Hàn Quốc"; the CRF separates "Nga" from "Sergey Lavrov" itself.)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

import regex

from ..recognizer import Mention
from ..segment import Segmented
from ..types import Label

_PUNCT = regex.compile(r"[\p{P}\p{S}]+")
_LIST_SEP = frozenset({",", ";"})

Rule = Callable[[Segmented, Mention], list[Mention]]


def _syllable_range(seg: Segmented, m: Mention) -> tuple[int, int]:
    return seg.syllable_range(m.start, m.end)


def _make(seg: Segmented, m: Mention, first: int, last: int, label: Label | None = None) -> Mention:
    a, b = seg.char_span(first, last)
    return replace(m, start=a, end=b, label=label or m.label)


def trim_punctuation(seg: Segmented, m: Mention) -> list[Mention]:
    first, last = _syllable_range(seg, m)
    while first < last and _PUNCT.fullmatch(seg.syllable(first)):
        first += 1
    while last > first and _PUNCT.fullmatch(seg.syllable(last - 1)):
        last -= 1
    return [_make(seg, m, first, last)] if first < last else []


def split_lists(seg: Segmented, m: Mention) -> list[Mention]:
    first, last = _syllable_range(seg, m)
    out: list[Mention] = []
    start = first
    for i in range(first, last + 1):
        if i == last or seg.syllable(i) in _LIST_SEP:
            if start < i:
                out.append(_make(seg, m, start, i))
            start = i + 1
    return out


RULES: Sequence[Rule] = (trim_punctuation, split_lists, trim_punctuation)


def refine(seg: Segmented, mentions: Sequence[Mention]) -> list[Mention]:
    """Apply every rule in :data:`RULES`, in order, to every PER/LOC/ORG mention."""
    current = list(mentions)
    for rule in RULES:
        nxt: list[Mention] = []
        for m in current:
            keep = m.label in (None, Label.DATE)
            nxt.extend([m] if keep else rule(seg, m))
        current = nxt
    return current
