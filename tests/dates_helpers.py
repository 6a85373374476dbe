"""Shared helpers of the date tests: run the date recognizer and resolver on one text."""

from __future__ import annotations

import datetime as dt
from functools import cache

from viextract.dates.recognizer import DateRecognizer
from viextract.dates.resolve import PartialDate, resolve
from viextract.segment import Segmented, Segmenter
from viextract.text import align
from viextract.types import DateValue, Prefer


@cache
def _tools() -> tuple[Segmenter, DateRecognizer]:
    return Segmenter(), DateRecognizer()


def segmented(text: str) -> Segmented:
    """The normalized text cut into syllables (all the date recognizer needs)."""
    segmenter, _ = _tools()
    return Segmented(text, tuple(segmenter.syllables(text)), (), ())


def find_dates(
    text: str, reference: dt.date | None, prefer: Prefer = "past"
) -> list[tuple[str, DateValue, PartialDate]]:
    """(text of the span in ``text``, resolved value, partial value) of each date found."""
    _, recognize = _tools()
    aligned = align(text)
    out = []
    for m in recognize(segmented(aligned.text)):
        assert m.value is not None
        a, b = aligned.to_original(m.start, m.end)
        out.append((text[a:b], resolve(m.value, reference, prefer), m.value))
    return out


def timex(value: DateValue) -> str:
    """The TIMEX3 value, "start/end" for a range."""
    return value.value if value.end is None else f"{value.value}/{value.end.value}"
