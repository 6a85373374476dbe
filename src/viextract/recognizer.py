"""The recognizer protocol: what every source of entities provides.

A recognizer has a ``name`` and, called with a :class:`~viextract.segment.Segmented` text (the
normalized text cut into syllables, words and sentences), returns :class:`Mention` objects whose
offsets are in that *normalized* text. It may also have a ``resolve`` method, the one hook that
turns a mention it made into the entities it stands for (the date recognizer resolves its
partial dates against the reference date there); without one, :func:`resolve_name` is used.

The pipeline runs every recognizer on the same segmentation, settles overlaps between their
mentions (:mod:`viextract.merge`), calls each surviving mention's ``resolve`` and maps offsets
back to the original text. A minimal recognizer::

    class Tickers:
        name = "tickers"

        def __call__(self, seg):
            return [Mention(m.start(), m.end(), Label.ORG, self.name)
                    for m in re.finditer(r"\\b[A-Z]{3}\\b", seg.text)]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from .segment import Segmented
from .types import DateSpans, DateValue, Label, Prefer


@dataclass(frozen=True, slots=True)
class Mention:
    """A labelled span of the normalized text, before offsets are mapped back.

    Attributes:
        start, end: offsets in the normalized text (``Segmented.text``), end exclusive.
        label: PER, LOC, ORG or DATE; ``None`` marks a span that is never an entity: it removes
            every other recognizer's mention that lies inside it, and is not output.
        source: the name of the recognizer.
        score: breaks ties between overlapping mentions (see :mod:`viextract.merge`).
        priority: a mention of higher priority wins over every mention it overlaps.
        value: the recognizer's own typed value (a partial date), read by its ``resolve``.
    """

    start: int
    end: int
    label: Label | None
    source: str
    score: float = 1.0
    priority: int = 0
    value: object = None


@dataclass(frozen=True, slots=True)
class Context:
    """What ``resolve`` may use besides the mention."""

    text: str  #: the normalized text the mention's offsets point into
    reference_date: dt.date | None
    prefer: Prefer
    date_spans: DateSpans


@dataclass(frozen=True, slots=True)
class Resolved:
    """One entity of a resolved mention; offsets in the normalized text."""

    start: int
    end: int
    normalized: str
    date: DateValue | None = None


@runtime_checkable
class Recognizer(Protocol):
    """Finds mentions in a segmented text. (An optional ``resolve(mention, context)`` method
    returning a sequence of :class:`Resolved` replaces :func:`resolve_name` for its mentions.)"""

    @property
    def name(self) -> str: ...

    def __call__(self, seg: Segmented) -> Sequence[Mention]: ...


class Resolver(Protocol):
    def __call__(self, mention: Mention, context: Context) -> Sequence[Resolved]: ...


def resolve_name(mention: Mention, context: Context) -> Sequence[Resolved]:
    """The default resolution: the mention itself, normalized to the text with single spaces."""
    text = " ".join(context.text[mention.start : mention.end].split())
    return (Resolved(mention.start, mention.end, text),)


def resolver_of(recognizer: Recognizer) -> Resolver:
    """The recognizer's ``resolve`` method, or :func:`resolve_name`."""
    hook = getattr(recognizer, "resolve", None)
    return hook if callable(hook) else resolve_name


__all__ = ["Context", "Mention", "Recognizer", "Resolved", "resolve_name", "resolver_of"]
