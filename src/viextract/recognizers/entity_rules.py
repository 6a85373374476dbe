"""Named, general rules that repair entity spans from any statistical tagger.

* :func:`trim_punctuation` - punctuation never starts or ends an entity.
* :func:`split_lists` - a comma inside an entity separates two entities ("Doha, Qatar").
* :func:`split_country_prefix` - a country name glued to a following name is a LOC, then the
  rest keeps its label or becomes PER ("Nga Sergey Lavrov" after "Ngoại trưởng").
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

import regex

from ..data import word_list
from ..segment import Segmented
from ..types import Label
from . import Mention

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


def _is_name_start(word: str) -> bool:
    return word[:1].isupper()


def split_country_prefix(seg: Segmented, m: Mention) -> list[Mention]:
    first, last = _syllable_range(seg, m)
    countries = word_list("gazetteers/countries.txt")
    for width in (4, 3, 2, 1):
        if last - first <= width:
            continue
        name = " ".join(seg.syllable(i) for i in range(first, first + width))
        if name in countries and _is_name_start(seg.syllable(first + width)):
            rest_label = Label.PER if m.label == Label.LOC else m.label
            return [
                _make(seg, m, first, first + width, Label.LOC),
                _make(seg, m, first + width, last, rest_label),
            ]
    return [m]


RULES: Sequence[Rule] = (trim_punctuation, split_lists, trim_punctuation, split_country_prefix)


def refine(seg: Segmented, mentions: Sequence[Mention]) -> list[Mention]:
    """Apply every rule in :data:`RULES` to every PER/LOC/ORG mention."""
    current = list(mentions)
    for rule in RULES:
        nxt: list[Mention] = []
        for m in current:
            nxt.extend(rule(seg, m) if m.label != Label.DATE else [m])
        current = nxt
    return current
