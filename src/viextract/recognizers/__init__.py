"""Recognizers: find labelled spans in a segmented, normalized text.

Every recognizer follows one protocol: it has a ``name`` and, called with a
:class:`~viextract.segment.Segmented` text, returns :class:`Mention` objects whose offsets are in
the *normalized* text. The pipeline maps them back to the original text, resolves dates and
settles overlaps (:mod:`viextract.merge`).
"""

from __future__ import annotations

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


class Recognizer(Protocol):
    """Finds mentions in a segmented text."""

    @property
    def name(self) -> str: ...

    def __call__(self, seg: Segmented) -> list[Mention]: ...


__all__ = ["Mention", "Recognizer"]
