"""The attributes of a CRF's feature templates, made in Python: only those its model knows.

underthesea_core's ``CRFFeaturizer`` spends about 30 µs per syllable making 43 strings per
syllable for underthesea's word-segmentation CRF, many of which the model does not know (and so
ignores). Here each template's window values are looked up in a table of the attributes the
model knows, so that the tagger gets exactly ``CRFFeaturizer``'s attributes less the unknown
ones, in the same order (``tests/test_attributes.py``), and thus the same tags. Used for the
word segmenter and for viextract's entity model. ``CRFFeaturizer``'s semantics for a template
``T[a]`` or ``T[a,b]`` (column 0, or column ``c`` with ``T[a,b][c]``, of the rows ``a`` to ``b``
around the current one, joined by a space) with an optional function are:

- ``BOS`` when row ``a`` lies before the sentence, else ``EOS`` when ``b`` lies after it;
- ``lower``: Rust's ``to_lowercase``; ``is_in_dict``: the lowercased text is in the dictionary;
- ``isdigit``: the text parses as an ``i32`` (an optional sign and ASCII digits);
- ``istitle``: the first character of every space-separated part equals its uppercase.

Python's case tables may be of another Unicode version than Rust's, so a sentence holding a
character whose case mappings differ (checked against ``CRFFeaturizer`` for every character below
:data:`CHECKED_BELOW` when a featurizer is built), a character not checked, a space in a
syllable, or Σ (whose lowercase depends on its neighbours), in a column read through a
function, is handed to ``CRFFeaturizer`` itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from functools import cache
from itertools import repeat
from operator import itemgetter
from typing import Any, Protocol

#: Characters below this are checked against ``CRFFeaturizer`` when a featurizer is built.
CHECKED_BELOW = 0x3000

_TEMPLATE = re.compile(
    r"T\[(-?\d+)(?:,(-?\d+))?\](?:\[(\d+)\])?(?:\.(lower|isdigit|istitle|is_in_dict))?\Z"
)
_INT = re.compile(r"[+-]?[0-9]+\Z")
_I32 = range(-(2**31), 2**31)
_BOOL = ("False", "True")
#: What a function reads: the window text, its lowercase, or the title flags of its rows.
_SOURCE = {"isdigit": "", "is_in_dict": "lower"}


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


def _picker(indices: list[int]) -> Callable[[Sequence[Any]], tuple[Any, ...]]:
    """``seq -> tuple(seq[i] for i in indices)``, in one C call (``indices`` not empty)."""
    get = itemgetter(*indices, indices[0])  # one index more: a tuple even for one index

    def pick(seq: Sequence[Any]) -> tuple[Any, ...]:
        picked: tuple[Any, ...] = get(seq)
        return picked[:-1]

    return pick


#: A family of templates: (function, width, column).
_Family = tuple[str, int, int]


class KnownAttributes:
    """For one sentence of rows (lists of columns), the attributes that
    ``make(templates, dictionary)`` makes, less those not in ``known``; ``make`` is
    underthesea_core's ``CRFFeaturizer``.

    Templates that apply one function to windows of one width of one column form a family; a
    family's table maps each value to the attributes of its templates (None where the model does
    not know it), so that each window costs one look-up in a large table (memory latency, not
    Python, is what costs here), and each template an item of that entry.
    """

    def __init__(
        self,
        templates: Sequence[str],
        dictionary: set[str],
        known: Collection[str],
        make: Callable[[list[str], set[str]], Featurizer],
    ) -> None:
        members: dict[_Family, list[str]] = {}
        #: (first offset, family, item of the family's entries) of each template, in order
        self._templates: list[tuple[int, _Family, itemgetter[int]]] = []
        for t in templates:
            m = _TEMPLATE.match(t)
            if m is None or (m[2] is not None and int(m[2]) < int(m[1])):
                raise ValueError(f"unsupported feature template {t!r}")
            a = int(m[1])
            family = (m[4] or "", 1 if m[2] is None else int(m[2]) - a + 1, int(m[3] or 0))
            members.setdefault(family, []).append(t)
            self._templates.append((a, family, itemgetter(len(members[family]) - 1)))
        where = {t: (family, k) for family, ts in members.items() for k, t in enumerate(ts)}
        entries: dict[_Family, dict[str, list[str | None]]] = {f: {} for f in members}
        for attr in known:
            name, _, value = attr.partition("=")
            if name in where:
                family, k = where[name]
                entry = entries[family].setdefault(value, [None] * len(members[family]))
                entry[k] = attr
        self._tables = entries
        self._unknown = {f: [None] * len(ts) for f, ts in members.items()}
        self._pad = max(max(-a, a + width - 1) for a, (_, width, _), _ in self._templates)
        #: the columns read through a function (whose case rules must agree with Rust's)
        self._checked = sorted({col for kind, _, col in members if kind})
        self._dictionary = dictionary
        self._known = frozenset(known)
        self._reference = make(list(templates), dictionary)
        unsafe = re.escape("".join([" ", "Σ", *_mismatches(make)]))
        self._unsafe = re.compile(f"[{unsafe}\\U{CHECKED_BELOW:08x}-\\U0010ffff]")

    def __call__(self, rows: Sequence[Sequence[str]]) -> list[list[str]]:
        """One list of attributes per row of one sentence."""
        if any(self._unsafe.search("".join([r[c] for r in rows])) for c in self._checked):
            full = self._reference.process([[list(r) for r in rows]])[0]
            return [[x for x in row if x in self._known] for row in full]
        n, pad = len(rows), self._pad
        texts: dict[tuple[str, int, int], list[str]] = {}
        found = {}
        for family, table in self._tables.items():
            values = self._values(*family, rows, texts)
            padded = ["BOS"] * pad + values + ["EOS"] * (n + pad - len(values))
            found[family] = list(map(table.get, padded, repeat(self._unknown[family])))
        columns = [map(item, found[f][pad + a : pad + a + n]) for a, f, item in self._templates]
        return [list(filter(None, row)) for row in zip(*columns, strict=True)]

    def batch(self, sentences: Sequence[Sequence[Sequence[str]]]) -> list[list[list[str]]]:
        """:meth:`__call__` of each sentence, with each look-up made once over all of them.

        The sentences are laid end to end, each between ``pad`` rows that stand for "before
        the sentence" and ``pad`` that stand for "after it"; a window is ``BOS`` when its first
        row stands before, else ``EOS`` when its last row stands after.
        """
        flat = [r for rows in sentences for r in rows]
        if not flat:
            return [[] for _ in sentences]
        if any(self._unsafe.search("".join([r[c] for r in flat])) for c in self._checked):
            return [self(rows) for rows in sentences]
        pad = self._pad
        n = len(flat)
        before, after = n, n + 1  # indices of the stand-in rows in a column + [BOS, EOS]
        layout: list[int] = []  # index of each laid row into a column + [BOS, EOS]
        real: list[int] = []  # laid index of each row of flat
        for rows in sentences:
            layout += [before] * pad
            real += range(len(layout), len(layout) + len(rows))
            layout += range(len(real) - len(rows), len(real))
            layout += [after] * pad
        lay = _picker(layout)
        texts: dict[tuple[str, int, int], list[str]] = {}
        # for a window width, where each laid window's value comes from: itself, or BOS/EOS
        spans: dict[int, Callable[[Sequence[Any]], tuple[Any, ...]]] = {}
        found = {}
        for family, table in self._tables.items():
            kind, width, col = family
            if width == 1:
                laid = lay([*self._values(kind, 1, col, flat, texts), "BOS", "EOS"])
            else:
                first = self._values(_SOURCE.get(kind, kind), 1, col, flat, texts)
                row = lay([*first, "", ""])
                windows = zip(*(row[k:] for k in range(width)), strict=False)
                joined = self._apply(
                    kind, list(map(min if kind == "istitle" else " ".join, windows))
                )
                if width not in spans:
                    m = len(joined)
                    spans[width] = _picker(
                        [
                            m
                            if layout[j] == before
                            else m + 1
                            if layout[j + width - 1] == after
                            else j
                            for j in range(m)
                        ]
                    )
                laid = spans[width]([*joined, "BOS", "EOS"])
            found[family] = list(map(table.get, laid, repeat(self._unknown[family])))
        columns = []
        shifted: dict[int, Callable[[Sequence[Any]], tuple[Any, ...]]] = {}
        for a, family, item in self._templates:
            if a not in shifted:  # the window of each row
                shifted[a] = _picker([j + a for j in real])
            columns.append(map(item, shifted[a](found[family])))
        every = [list(filter(None, row)) for row in zip(*columns, strict=True)]
        out = []
        start = 0
        for rows in sentences:
            out.append(every[start : start + len(rows)])
            start += len(rows)
        return out

    def _values(
        self,
        kind: str,
        width: int,
        col: int,
        rows: Sequence[Sequence[str]],
        texts: dict[tuple[str, int, int], list[str]],
    ) -> list[str]:
        """Function ``kind`` of every window of ``width`` rows of column ``col``, by first row;
        ``texts`` holds the column's values, their lowercase and title flags, and the windows
        made so far."""
        source = _SOURCE.get(kind, kind)
        if (source, width, col) not in texts:
            if width == 1:
                column = [r[col] for r in rows]
                if source == "lower":
                    column = list(map(str.lower, column))
                elif source == "istitle":
                    column = [_BOOL[t[0].upper() == t[0]] for t in column]
                texts[source, 1, col] = column
            else:
                first = self._values(source, 1, col, rows, texts)
                windows = zip(*(first[k:] for k in range(width)), strict=False)
                # "False" < "True": the least of a window's title flags is their "and"
                texts[source, width, col] = list(
                    map(min if kind == "istitle" else " ".join, windows)
                )
        return self._apply(kind, texts[source, width, col])

    def _apply(self, kind: str, words: list[str]) -> list[str]:
        """Function ``kind`` of window texts (lowercase for ``is_in_dict``, title flags for
        ``istitle``)."""
        if kind == "isdigit":
            return [_BOOL[_INT.match(w) is not None and int(w) in _I32] for w in words]
        if kind == "is_in_dict":
            return list(map(_BOOL.__getitem__, map(self._dictionary.__contains__, words)))
        return words
