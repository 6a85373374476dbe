"""The attributes of underthesea's word-segmentation CRF, made in Python.

underthesea_core's ``CRFFeaturizer`` spends about 30 µs per syllable making 43 strings per
syllable, most of which the tagger's model does not know (and so ignores). Here each template's
column is looked up, value by value, in a table of the attributes the model knows, so that the
tagger gets exactly ``CRFFeaturizer``'s attributes less the unknown ones, in the same order
(``tests/test_word_features.py``), and thus the same tags. ``CRFFeaturizer``'s semantics for a
template ``T[a]`` or ``T[a,b]`` (the syllables ``a`` to ``b`` around the current one, joined by
a space) with an optional function are:

- ``BOS`` when syllable ``a`` lies before the sentence, else ``EOS`` when ``b`` lies after it;
- ``lower``: Rust's ``to_lowercase``; ``is_in_dict``: the lowercased text is in the dictionary;
- ``isdigit``: the text parses as an ``i32`` (an optional sign and ASCII digits);
- ``istitle``: the first character of every space-separated part equals its uppercase.

Python's case tables may be of another Unicode version than Rust's, so a sentence holding a
character whose case mappings differ (checked against ``CRFFeaturizer`` for every character below
:data:`CHECKED_BELOW` when a featurizer is built), a character not checked, a space in a
syllable, or Σ (whose lowercase depends on its neighbours) is handed to ``CRFFeaturizer`` itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from functools import cache
from itertools import repeat
from operator import itemgetter
from typing import Protocol

#: Characters below this are checked against ``CRFFeaturizer`` when a featurizer is built.
CHECKED_BELOW = 0x3000

_TEMPLATE = re.compile(r"T\[(-?\d+)(?:,(-?\d+))?\](?:\.(lower|isdigit|istitle|is_in_dict))?\Z")
_INT = re.compile(r"[+-]?[0-9]+\Z")
_I32 = range(-(2**31), 2**31)
_BOOL = ("False", "True")


class Featurizer(Protocol):
    """underthesea_core's ``CRFFeaturizer``."""

    def process(self, sentences: list[list[list[str]]]) -> list[list[list[str]]]: ...


@cache  # the same for every featurizer of a process
def _mismatches(make: Callable[[list[str], set[str]], Featurizer]) -> list[str]:
    """The characters below :data:`CHECKED_BELOW` (but the space) whose lowercase or title
    test differ between Python and ``CRFFeaturizer``."""
    chars = [chr(i) for i in range(CHECKED_BELOW) if i != 0x20 and not 0xD800 <= i < 0xE000]
    rows = make(["T[0].lower", "T[0].istitle"], set()).process([[[c] for c in chars]])[0]
    return [
        c
        for c, (lower, title) in zip(chars, rows, strict=True)
        if lower != "T[0].lower=" + c.lower() or title != f"T[0].istitle={c.upper() == c}"
    ]


class WordFeaturizer:
    """For one sentence of syllables, the attributes that ``make(templates, dictionary)``
    makes, less those not in ``known``; ``make`` is underthesea_core's ``CRFFeaturizer``.

    Templates that apply one function to windows of one width form a family; a family's table
    maps each value to the attributes of its templates (None where the model does not know
    it), so that each window costs one look-up in a large table (memory latency, not Python,
    is what costs here), and each template an item of that entry.
    """

    def __init__(
        self,
        templates: Sequence[str],
        dictionary: set[str],
        known: Collection[str],
        make: Callable[[list[str], set[str]], Featurizer],
    ) -> None:
        members: dict[tuple[str, int], list[str]] = {}
        #: (first offset, family, item of the family's entries) of each template, in order
        self._templates: list[tuple[int, tuple[str, int], itemgetter[int]]] = []
        for t in templates:
            m = _TEMPLATE.match(t)
            if m is None or (m[2] is not None and int(m[2]) < int(m[1])):
                raise ValueError(f"unsupported feature template {t!r}")
            a = int(m[1])
            family = (m[3] or "", 1 if m[2] is None else int(m[2]) - a + 1)
            members.setdefault(family, []).append(t)
            self._templates.append((a, family, itemgetter(len(members[family]) - 1)))
        where = {t: (family, k) for family, ts in members.items() for k, t in enumerate(ts)}
        entries: dict[tuple[str, int], dict[str, list[str | None]]] = {f: {} for f in members}
        for attr in known:
            name, _, value = attr.partition("=")
            if name in where:
                family, k = where[name]
                entry = entries[family].setdefault(value, [None] * len(members[family]))
                entry[k] = attr
        self._tables = entries
        self._unknown = {f: [None] * len(ts) for f, ts in members.items()}
        self._pad = max(max(-a, a + width - 1) for a, (_, width), _ in self._templates)
        self._dictionary = dictionary
        self._known = frozenset(known)
        self._reference = make(list(templates), dictionary)
        unsafe = re.escape("".join([" ", "Σ", *_mismatches(make)]))
        self._unsafe = re.compile(f"[{unsafe}\\U{CHECKED_BELOW:08x}-\\U0010ffff]")

    def __call__(self, tokens: list[str]) -> list[list[str]]:
        """One list of attributes per syllable of ``tokens``."""
        if self._unsafe.search("".join(tokens)):
            rows = self._reference.process([[[t] for t in tokens]])[0]
            return [[x for x in row if x in self._known] for row in rows]
        n, pad = len(tokens), self._pad
        texts = {("", 1): tokens, ("lower", 1): list(map(str.lower, tokens))}
        texts["istitle", 1] = [_BOOL[t[0].upper() == t[0]] for t in tokens]
        found = {}
        for family, table in self._tables.items():
            values = self._values(*family, texts)
            padded = ["BOS"] * pad + values + ["EOS"] * (n + pad - len(values))
            found[family] = list(map(table.get, padded, repeat(self._unknown[family])))
        columns = [map(item, found[f][pad + a : pad + a + n]) for a, f, item in self._templates]
        return [list(filter(None, row)) for row in zip(*columns, strict=True)]

    def _values(self, kind: str, width: int, texts: dict[tuple[str, int], list[str]]) -> list[str]:
        """Function ``kind`` of every window of ``width`` syllables, by first syllable;
        ``texts`` holds the syllables, their lowercase and title flags, and windows made."""
        source = "" if kind == "isdigit" else "lower" if kind == "is_in_dict" else kind
        if (source, width) not in texts:
            first = texts[source, 1]
            windows = zip(*(first[k:] for k in range(width)), strict=False)
            # "False" < "True": the least of a window's title flags is their "and"
            texts[source, width] = list(map(min if kind == "istitle" else " ".join, windows))
        words = texts[source, width]
        if kind == "isdigit":
            return [_BOOL[_INT.match(w) is not None and int(w) in _I32] for w in words]
        if kind == "is_in_dict":
            return list(map(_BOOL.__getitem__, map(self._dictionary.__contains__, words)))
        return words
