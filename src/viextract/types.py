"""Result types: immutable, slotted dataclasses with exact offsets into the original text.

Every span (:class:`Sentence`, :class:`Token`, :class:`Entity`) carries ``start``/``end``, Python
string indices into the document's text (end exclusive), and ``text == doc.text[start:end]``.
The :class:`~viextract.document.Document` that holds them is in :mod:`viextract.document`.
"""

from __future__ import annotations

import datetime as _dt
import enum
from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any, Literal, get_args

from .errors import DocumentError

Grain = Literal[
    "minute", "day", "week", "month", "quarter", "half", "season", "year", "decade", "century"
]
#: TIMEX3 seasons: spring, summer, fall, winter.
Season = Literal["SP", "SU", "FA", "WI"]
PartOfDay = Literal["MO", "MI", "AF", "EV", "NI"]
Modifier = Literal["START", "MID", "END"]
Prefer = Literal["past", "future", "nearest"]
#: What decided the direction of a date written without a year ("15/11", "tháng 11", "thứ
#: năm"): a direction word next to it ("tới", "vừa qua"), the tense of its clause ("sẽ", "đã"),
#: or the caller's ``prefer``.
DirectionSource = Literal["word", "tense", "prefer"]
#: How much text a DATE entity covers: "core" (the calendar expression as gold corpora mark
#: it, "ngày [19-11]") or "phrase" (with head words, "[ngày thứ năm 19-11]").
DateSpans = Literal["core", "phrase"]


class Label(str, enum.Enum):
    """Entity label. A ``str`` subclass: ``Label.PER == "PER"``."""

    PER = "PER"
    LOC = "LOC"
    ORG = "ORG"
    DATE = "DATE"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence: ``text`` is exactly ``doc.text[start:end]``."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Token:
    """A Vietnamese word (one or more syllables, e.g. "Ngoại trưởng")."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class DateValue:
    """A date expression, normalized.

    Attributes:
        value: TIMEX3 value string ("2015-11-19", "2015-11", "2015-W47", "2015-Q3", "199X",
            "19", "XXXX-11-19", "2015-11-21TMO"); for ranges, the start's value.
        grain: the unit the value is precise to.
        year, month, day: calendar fields, None where unknown.
        weekday: ISO weekday named in the text (1 = Monday ... 7 = Sunday) or of the resolved day.
        week: ISO week number (grain "week"); quarter: 1-4 (grain "quarter"); half: 1 or 2
            (grain "half", "nửa đầu năm" -> "2024-H1"); season: "SP", "SU", "FA", "WI" (grain
            "season", "mùa thu năm 2026" -> "2026-FA").
        decade: first year of a decade ("thập niên 1990" -> 1990); century: e.g. 20.
        part_of_day: "MO" morning, "MI" midday, "AF" afternoon, "EV" evening, "NI" night.
        hour, minute: the time of day written with the date, 24-hour clock ("22h30 ngày 19/11"
            -> 22, 30 and the value "2015-11-19T22:30", grain "minute"; "8 giờ tối" -> 20, 0).
        modifier: "START", "MID" or "END" ("đầu/giữa/cuối tháng 10").
        end: the last value of a range ("từ 19 đến 21-11"), else None.
        relative: the expression is relative to the reference date ("hôm qua", "tháng trước").
        resolved: False when a relative expression had no reference date to resolve against.
        lunar: the expression is in the lunar calendar ("mùng 1 Tết", "rằm tháng giêng").
            A lunar day with a year, or with a reference date, is converted: ``value``, ``year``,
            ``month``, ``day`` are then the solar date and ``lunar_value`` the lunar one ("Tết
            Nguyên đán 2026": "2026-02-17", lunar_value "2026-01-01"); otherwise (no year and no
            reference, a lunar month) the fields are lunar and ``value`` masked ("XXXX-01-01").
        lunar_value: the lunar date of a converted lunar day ("2026-01-01"), else None.
        weekday_agrees: True/False when a weekday was given together with a full date, else None.
        direction_source: for a date whose year (month, week) was chosen around the reference
            date, what chose the direction: "word" (a direction word: "tới", "vừa qua"),
            "tense" (the tense of the clause: "sẽ", "dự kiến", "đã") or "prefer" (the caller's
            ``prefer``); None when nothing had to be chosen.
    """

    value: str
    grain: Grain
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    week: int | None = None
    quarter: int | None = None
    decade: int | None = None
    century: int | None = None
    half: int | None = None
    season: Season | None = None
    part_of_day: PartOfDay | None = None
    hour: int | None = None
    minute: int | None = None
    modifier: Modifier | None = None
    end: DateValue | None = None
    relative: bool = False
    resolved: bool = True
    lunar: bool = False
    weekday_agrees: bool | None = None
    lunar_value: str | None = None
    direction_source: DirectionSource | None = None

    @property
    def weekday_conflict(self) -> bool:
        """True when the weekday written in the text does not match the date."""
        return self.weekday_agrees is False

    def as_date(self) -> _dt.date | None:
        """The calendar day, when year, month and day are all known (lunar dates: once
        converted)."""
        if (self.lunar and self.lunar_value is None) or None in (self.year, self.month, self.day):
            return None
        assert self.year is not None and self.month is not None and self.day is not None
        return _dt.date(self.year, self.month, self.day)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict; keys with default values are left out."""
        out: dict[str, Any] = {"value": self.value, "grain": self.grain}
        for name in _DATE_OPTIONAL:
            v = getattr(self, name)
            if v is not None:
                out[name] = v
        if self.end is not None:
            out["end"] = self.end.to_dict()
        for name, default in (("relative", False), ("resolved", True), ("lunar", False)):
            if getattr(self, name) != default:
                out[name] = getattr(self, name)
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DateValue:
        """Inverse of :meth:`to_dict`.

        Raises:
            DocumentError: an unknown key, or a field of the wrong type or value.
        """
        if not isinstance(data, dict):
            raise DocumentError(f"a date value is a dict, got {type(data).__name__}")
        unknown = set(data) - _DATE_FIELDS
        if unknown:
            raise DocumentError(f"unknown date value fields: {sorted(unknown)}")
        kwargs = {k: v for k, v in data.items() if k != "end"}
        for name, value in kwargs.items():
            if not _DATE_CHECKS[name](value):
                raise DocumentError(f"date value field {name!r} has a bad value: {value!r}")
        if "value" not in kwargs or "grain" not in kwargs:
            raise DocumentError("a date value needs 'value' and 'grain'")
        end = data.get("end")
        return cls(end=None if end is None else cls.from_dict(end), **kwargs)


def _int_or_none(v: object) -> bool:
    return v is None or (isinstance(v, int) and not isinstance(v, bool))


def _one_of(values: tuple[Any, ...]) -> Callable[[object], bool]:
    return lambda v: v in values


_DATE_CHECKS: dict[str, Callable[[object], bool]] = {
    "value": lambda v: isinstance(v, str),
    "grain": _one_of(get_args(Grain)),
    **dict.fromkeys(
        (
            "year",
            "month",
            "day",
            "weekday",
            "week",
            "quarter",
            "decade",
            "century",
            "half",
            "hour",
            "minute",
        ),
        _int_or_none,
    ),
    "season": _one_of((None, *get_args(Season))),
    "part_of_day": _one_of((None, *get_args(PartOfDay))),
    "modifier": _one_of((None, *get_args(Modifier))),
    "lunar_value": lambda v: v is None or isinstance(v, str),
    "direction_source": _one_of((None, *get_args(DirectionSource))),
    **dict.fromkeys(("relative", "resolved", "lunar"), lambda v: isinstance(v, bool)),
    "weekday_agrees": lambda v: v is None or isinstance(v, bool),
}
_DATE_FIELDS = frozenset([*_DATE_CHECKS, "end"])

#: The fields :meth:`DateValue.to_dict` writes when they are not None (those that default to
#: None, but the nested ``end``), in field order.
_DATE_OPTIONAL = tuple(f.name for f in fields(DateValue) if f.default is None and f.name != "end")


@dataclass(frozen=True, slots=True)
class Entity:
    """A person, place, organisation or date found in the text.

    Attributes:
        text: exactly ``doc.text[start:end]``.
        label: PER, LOC, ORG or DATE.
        normalized: canonical form. Names: NFC, standard tone placement, single spaces.
            Dates: a TIMEX3 value (see :class:`DateValue`).
        date: the typed date for DATE entities, None otherwise.
        source: name of the recognizer that produced it.
        canonical: one name per referent (see :mod:`viextract.canonical`): a person's fullest
            name in the document ("Ryder" -> "Patrick Ryder"), a place's or organisation's
            name from the alias table ("TP.HCM" -> "Thành phố Hồ Chí Minh"), else
            ``normalized``.
        score: confidence in [0, 1]. The entity model's: the probability its CRF gives the
            span's tags (the lowest marginal over the span's syllables); a post-tagging rule's
            retyping keeps the model's score of the span; the date grammar and a user's
            :class:`~viextract.NameList`: 1.0.
    """

    text: str
    label: Label
    start: int
    end: int
    normalized: str
    date: DateValue | None = None
    source: str = ""
    canonical: str = ""
    score: float = 1.0

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "start": self.start,
            "end": self.end,
            "label": self.label.value,
            "text": self.text,
            "normalized": self.normalized,
        }
        if self.canonical:
            out["canonical"] = self.canonical
        if self.score != 1.0:
            out["score"] = self.score
        if self.date is not None:
            out["date"] = self.date.to_dict()
        if self.source:
            out["source"] = self.source
        return out
