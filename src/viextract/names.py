"""Your own names: a recognizer for a list of names with their labels.

>>> from viextract import DEFAULT, Extractor, NameList
>>> names = NameList({"VinFast": "ORG", "Dogecoin": None})
>>> ex = Extractor([*DEFAULT, names])
>>> [(e.text, e.label.value, e.source) for e in ex.extract("Ông An lái xe VinFast.").entities]
[('An', 'PER', 'viextract'), ('VinFast', 'ORG', 'names')]

A listed name is found wherever it occurs as whole syllables, written in any Unicode form and
tone placement ("Hoà"/"Hòa") and with any spacing between its words. Its mentions have
``priority`` 1, so they win over the built-in recognizers where they overlap
(:mod:`viextract.merge`). A name listed with the label ``None`` is never an entity: it removes
the other recognizers' mentions that lie inside it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from .errors import ConfigError, InputError
from .merge import select
from .recognizer import Mention
from .segment import Segmented
from .text import align
from .types import Label

#: The labels a listed name may have (``None``: never an entity). A DATE needs a value, which
#: only the date grammar gives.
NAME_LABELS = (Label.PER, Label.LOC, Label.ORG)
#: How "never an entity" is written in a TSV file.
NOT_AN_ENTITY = "-"


def _label(value: object, where: str) -> Label | None:
    if value is None or value == NOT_AN_ENTITY:
        return None
    if isinstance(value, str) and value in {lab.value for lab in NAME_LABELS}:
        return Label(value)
    choices = ", ".join(lab.value for lab in NAME_LABELS)
    raise ConfigError(
        f"{where}: label {value!r} is not one of {choices} (or None / '-' for never an entity)"
    )


def _key(name: str) -> str:
    """The normalized form a name is matched in: the pipeline's normalization, single spaces."""
    return " ".join(align(name).text.split())


class NameList:
    """A recognizer for a user's names (see the module docstring).

    Args:
        names: name -> label ("PER", "LOC", "ORG", a :class:`~viextract.Label`, or ``None`` for
            a name that is never an entity), or an iterable of ``(name, label)`` pairs.
        name: the recognizer's name, the ``source`` of its entities.
        priority: the priority of its mentions (1 beats the built-in recognizers' 0).
        ignore_case: match regardless of letter case.
    """

    def __init__(
        self,
        names: Mapping[str, str | Label | None] | Iterable[tuple[str, str | Label | None]],
        *,
        name: str = "names",
        priority: int = 1,
        ignore_case: bool = False,
    ) -> None:
        pairs = names.items() if isinstance(names, Mapping) else names
        self.name = name
        self.priority = priority
        self.ignore_case = ignore_case
        self._labels: dict[str, Label | None] = {}
        for n, (text, label) in enumerate(pairs, 1):
            if not isinstance(text, str) or not text.strip():
                raise ConfigError(f"name {n}: {text!r} is not a non-empty string")
            key = _key(text)
            self._labels[key.casefold() if ignore_case else key] = _label(
                label.value if isinstance(label, Label) else label, f"name {text!r}"
            )
        #: the longest name, in characters, and the first characters of names: cheap bounds
        self._longest = max(map(len, self._labels), default=0)
        self._firsts = frozenset(k[0] for k in self._labels)

    def __len__(self) -> int:
        return len(self._labels)

    def __repr__(self) -> str:
        return f"NameList({len(self)} names, name={self.name!r}, priority={self.priority})"

    @classmethod
    def from_file(cls, path: str | Path, **options: object) -> NameList:
        """Read names from a file: ``.tsv`` (``name<TAB>label`` a line, ``-`` for never an
        entity; blank lines and lines starting with ``#`` skipped) or ``.jsonl`` (one
        ``{"name": ..., "label": ...}`` a line, ``null`` for never an entity). ``options`` are
        those of :class:`NameList`."""
        path = Path(path)
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot read the name list {str(path)!r}: {exc}") from exc
        pairs: list[tuple[str, str | None]] = []
        jsonl = path.suffix.lower() in (".jsonl", ".json")
        for n, line in enumerate(lines, 1):
            where = f"{path}:{n}"
            if not line.strip() or (not jsonl and line.startswith("#")):
                continue
            if jsonl:
                try:
                    rec = json.loads(line)
                except (json.JSONDecodeError, RecursionError) as exc:
                    raise InputError(f"{where}: not a JSON object: {exc}") from None
                if not isinstance(rec, dict) or not isinstance(rec.get("name"), str):
                    raise InputError(f'{where}: expected {{"name": ..., "label": ...}}')
                pairs.append((rec["name"], rec.get("label")))
            else:
                cells = line.split("\t")
                if len(cells) != 2:
                    raise InputError(f"{where}: expected a name, a tab and a label")
                pairs.append((cells[0], cells[1].strip()))
            try:
                _label(pairs[-1][1], where)
            except ConfigError as exc:
                raise InputError(str(exc)) from None
        return cls(pairs, **options)  # type: ignore[arg-type]

    def __call__(self, seg: Segmented) -> Sequence[Mention]:
        """Every listed name that runs from a syllable's start to a syllable's end within one
        line; where found names overlap, the longer (then the earlier) is kept."""
        text = seg.text.casefold() if self.ignore_case else seg.text
        if len(text) != len(seg.text):  # casefold() changed lengths ("ß"): compare per span
            text = seg.text
        syl = seg.syllables
        found: list[tuple[int, int, Label | None]] = []
        for i, (a, _) in enumerate(syl):
            first = text[a]
            if (first.casefold() if self.ignore_case else first) not in self._firsts:
                continue
            for _, b in syl[i:]:
                key = " ".join(text[a:b].split())
                if len(key) > self._longest or "\n" in text[a:b]:
                    break
                key = key.casefold() if self.ignore_case else key
                if key in self._labels:
                    found.append((a, b, self._labels[key]))
        kept = select(found, lambda f: (f[0], f[1]), lambda f: (f[0] - f[1], f[0]))
        return [Mention(a, b, lab, self.name, priority=self.priority) for a, b, lab in kept]


__all__ = ["NOT_AN_ENTITY", "NameList"]
