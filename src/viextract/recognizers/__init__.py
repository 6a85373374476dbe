"""Recognizers: find labelled spans in a segmented, normalized text.

Every recognizer follows one protocol: it has a ``name`` and, called with a
:class:`~viextract.segment.Segmented` text, returns :class:`Mention` objects whose offsets are in
the *normalized* text. The pipeline maps them back to the original text, resolves dates and
settles overlaps (:mod:`viextract.merge`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from ..resolve import PartialDate
from ..segment import Segmented
from ..types import Label


@dataclass(frozen=True, slots=True)
class Mention:
    """A labelled span of the normalized text, before offsets are mapped back.

    ``value`` holds the partial date of a DATE mention (resolved later against the reference
    date); ``score`` only breaks ties between overlapping mentions of equal length.
    """

    start: int
    end: int
    label: Label
    source: str
    score: float = 1.0
    value: PartialDate | None = None


def bio_to_spans(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """``["B-PER", "I-PER", "O"]`` -> ``[(0, 2, "PER")]``; a stray I- starts a new span."""
    spans: list[tuple[int, int, str]] = []
    if tags.count("O") == len(tags):  # many sentences: no mention at all
        return spans
    start, label = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        if tag == "O" and start < 0:  # the common case, first
            continue
        kind, _, lab = tag.partition("-")
        if kind == "I" and lab == label and start >= 0:
            continue
        if start >= 0:
            spans.append((start, i, label))
            start, label = -1, ""
        if kind in ("B", "I"):
            start, label = i, lab
    return spans


class Recognizer(Protocol):
    """Finds mentions in a segmented text."""

    @property
    def name(self) -> str: ...

    def __call__(self, seg: Segmented) -> list[Mention]: ...


__all__ = ["Mention", "Recognizer", "bio_to_spans"]
