"""Partial dates, as read from the text, and their resolution against a reference date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .types import DateValue, Prefer


@dataclass(frozen=True, slots=True)
class PartialDate:
    """What a date rule read from the text, before resolution (placeholder)."""

    year: int | None = None
    month: int | None = None
    day: int | None = None


def resolve(partial: PartialDate, reference: dt.date | None, prefer: Prefer) -> DateValue:
    """Turn a partial date into a normalized :class:`DateValue` (placeholder)."""
    raise NotImplementedError
