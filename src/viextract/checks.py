"""Checks of the caller's arguments, shared by the API, the batch runner and the CLI, and the one
parser of dates given as text."""

from __future__ import annotations

import datetime as dt
import re
from typing import get_args

from .errors import ConfigError
from .types import DateSpans, Prefer

_ISO_SHAPE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_date(value: object) -> dt.date:
    """An article date: ``date``, ISO ``YYYY-MM-DD`` or an ISO datetime (its calendar date)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        s = value.strip()
        try:
            return dt.date.fromisoformat(s)
        except ValueError as exc:
            reason = str(exc)
        try:
            return dt.datetime.fromisoformat(s.replace("Z", "+00:00")).date()
        except ValueError:
            pass
        if _ISO_SHAPE.match(s):  # the right shape, an impossible date: say what is wrong
            raise ValueError(f"not a valid date: {value!r} ({reason})")
    raise ValueError(f"not an ISO date (YYYY-MM-DD): {value!r}")


def check_text(text: object) -> str:
    """Return ``text`` if it is a ``str``; otherwise raise a TypeError saying what to pass."""
    if isinstance(text, str):
        return text
    if isinstance(text, (bytes, bytearray, memoryview)):
        raise TypeError(
            "viextract needs text as str, got bytes: decode it first, e.g. data.decode('utf-8')"
        )
    raise TypeError(f"viextract needs text as str, got {type(text).__name__}")


def check_texts(texts: object) -> None:
    """Reject a single text passed where an iterable of texts is expected."""
    if isinstance(texts, (str, bytes, bytearray, memoryview)):
        raise TypeError(
            "pipe() needs an iterable of str (e.g. a list of texts), got a single "
            f"{type(texts).__name__}; for one text use extract()"
        )


def check_reference(reference_date: object) -> dt.date | None:
    if reference_date is None:
        return None
    if isinstance(reference_date, dt.datetime):
        return reference_date.date()
    if isinstance(reference_date, dt.date):
        return reference_date
    if isinstance(reference_date, str):
        try:
            return parse_date(reference_date)
        except ValueError:
            pass
    raise TypeError(
        "reference_date must be a datetime.date (or an ISO string 'YYYY-MM-DD'), "
        f"got {reference_date!r}"
    )


def check_prefer(prefer: object) -> Prefer:
    choices = get_args(Prefer)
    if prefer not in choices:
        raise ConfigError(f"prefer must be one of {', '.join(map(repr, choices))}, got {prefer!r}")
    return prefer  # type: ignore[return-value]


def check_date_spans(date_spans: object) -> DateSpans:
    choices = get_args(DateSpans)
    if date_spans not in choices:
        raise ConfigError(
            f"date_spans must be one of {', '.join(map(repr, choices))}, got {date_spans!r}"
        )
    return date_spans  # type: ignore[return-value]
