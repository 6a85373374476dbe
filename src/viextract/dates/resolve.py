"""Partial dates, as read from the text, and their resolution against a reference date.

A date rule (:mod:`viextract.dates.grammar`) turns the words it matched into a
:class:`PartialDate`: the calendar fields the text states ("19-11": day 19, month 11), how the
expression is anchored to the reference date ("tháng trước": one month back), a direction word
("tới", "vừa qua") and the extras (weekday, part of day, modifier, lunar). :func:`resolve` then
fills what the text left open from an explicit reference date (never from the clock) and returns
a :class:`~viextract.types.DateValue` whose ``value`` is a TIMEX3 value.

Resolution rules, in short:

* Fields written in the text are never changed. A weekday written next to a full date is checked
  against it (``weekday_agrees``); when they disagree both are kept.
* A relative expression ("hôm qua", "tuần tới", "3 ngày trước") is the reference date moved by
  its offset (``python-dateutil`` ``relativedelta``), truncated to its grain.
* A missing year (or month, for "ngày 15") is chosen around the reference: an explicit direction
  word wins ("tới" later than the reference, "vừa qua" earlier); then a weekday written with the
  date (the date nearest to the reference that falls on that weekday); then a relative word
  written with it ("hôm qua 20-11": nearest to yesterday; "tháng 10 năm nay": this year); then
  ``prefer``: ``"past"`` the latest candidate that starts on or before the reference,
  ``"future"`` the earliest that ends on or after it, ``"nearest"`` the closest (ties go to the
  past).
* Without a reference date nothing is guessed. Relative expressions get ``resolved=False`` and an
  ``X``-masked value of their grain ("hôm qua" -> ``"XXXX-XX-XX"``, "tuần tới" ->
  ``"XXXX-WXX"``, "thứ tư tuần tới" -> ``"XXXX-WXX-3"``), keeping what the text states ("hôm qua
  20-11" -> ``"XXXX-11-20"``); explicit dates keep their unknown parts masked ("19-11" ->
  ``"XXXX-11-19"``) with ``resolved=True``.
* A part of day is written the TIMEX3 way, appended to the day: "sáng 20-11" ->
  ``"2015-11-20TMO"`` (``DateValue.part_of_day`` holds ``"MO"`` as well).
* Lunar days ("mùng 1 Tết", "15 tháng 8 âm lịch", "Tết Nguyên đán 2026") are converted to the
  solar calendar (:mod:`.lunar`, the Vietnamese calendar at UTC+7): of the year written, else
  the occurrence around the reference chosen like a bare day-month's; ``lunar=True`` and
  ``lunar_value`` the lunar date. Without a year or a reference date, and for lunar months
  ("tháng chạp"), the fields stay lunar and the value masked (``"XXXX-01-01"``).

The :class:`~viextract.types.DateValue` fields, as filled here:

* ``value``: the TIMEX3 value: ``"2015-11-19"`` (day), ``"2015-11-19TMO"`` (day with a part of
  day), ``"2015-11"`` (month), ``"2015-W47"`` (ISO week; ``"2015-W47-WE"`` its weekend),
  ``"2015-Q4"`` (quarter), ``"2015"`` (year), ``"199X"`` (decade), ``"19"`` (century: the 20th),
  with ``X`` for what is unknown (``"XXXX-11-19"``, ``"XXXX-WXX-3"``). For a range, its start.
* ``grain``: minute (a day with a time), day, week, month, quarter, half, season, year, decade or
  century.
* ``year``, ``month``, ``day``: the calendar fields of the value (None where unknown).
* ``weekday``: the weekday written in the text, else that of the resolved day.
* ``week``: ISO week number (grain week). ``quarter``: 1-4 (grain quarter). ``half``: 1-2
  (grain half, ``"2024-H1"``). ``season``: SP, SU, FA, WI (grain season, ``"2026-FA"``).
* ``decade``: first year of the decade; ``century``: ordinal century (decades fill it too).
* ``part_of_day``: MO, MI, AF, EV, NI; also appended to ``value`` ("TMO") when there is no time.
* ``hour``, ``minute``: a time written with the day ("22h30 ngày 19/11" -> ``"2015-11-19T22:30"``,
  grain minute; "8 giờ tối" is 20:00).
* ``modifier``: START, MID, END ("đầu", "giữa", "cuối"); ``value`` stays the whole unit.
* ``end``: the resolved end of a range ("từ 19 đến 21-11", "3 ngày qua"), else None.
* ``relative``: the expression depends on the reference ("hôm qua", "tháng trước", "thứ hai
  tới", a bare weekday); ``resolved``: False only for a relative expression without reference.
* ``lunar``: written in the lunar calendar; ``lunar_value``: the lunar date of a converted day.
* ``weekday_agrees``: True/False when a weekday is written with a full date, else None.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Literal, TypeVar

from dateutil.relativedelta import relativedelta

from ..types import DateValue, DirectionSource, Grain, Modifier, PartOfDay, Prefer, Season
from .lunar import lunar_to_solar

Unit = Literal["day", "week", "month", "quarter", "year", "century"]
Direction = Literal["past", "future", "nearest"]
Tense = Literal["past", "future"]

#: Two-digit years ("3/3/17") without a reference date are read in this window.
TWO_DIGIT_PIVOT = 1950
#: How many years around the reference are searched for a year (or a weekday's year).
YEAR_WINDOW = 14


@dataclass(frozen=True, slots=True)
class PartialDate:
    """What a date rule read from the text, before resolution.

    Attributes:
        year: the year as written; with ``year_digits == 2`` only its last two digits.
        year_digits: 4, or 2 for "3/3/17" (the century is chosen at resolution).
        month, day: calendar fields as written (lunar when ``lunar``); ``day == -1`` is the last
            day of the month ("ngày cuối cùng của tháng 3").
        weekday: ISO weekday named in the text (1 = Monday ... 7 = Sunday).
        quarter: 1-4 ("quý 3"). decade: its first year ("thập niên 1990" -> 1990).
        century: ordinal century ("thế kỷ 20" -> 20).
        half: 1 or 2, the half of a year ("nửa đầu năm", "6 tháng cuối năm").
        season: "SP", "SU", "FA" or "WI" ("mùa xuân", "mùa hè", "mùa thu", "mùa đông").
        rel_unit, rel_offset: the anchor "reference moved by ``rel_offset`` units" ("hôm qua":
            day, -1; "tuần tới": week, +1; "năm nay": year, 0). Fields written in the text keep
            precedence over the anchor's ("tháng 10 năm nay" takes only the year from it).
        direction: an explicit direction word ("tới": future, "vừa qua": past, "này":
            nearest); it overrides ``tense`` and ``prefer``.
        tense: the tense of the date's clause ("sẽ", "dự kiến": future; "đã": past), found by
            the recognizer (:mod:`viextract.dates.tense`); it overrides ``prefer``.
        part_of_day: "MO", "MI", "AF", "EV" or "NI" ("sáng", "trưa", "chiều", "tối", "đêm").
        hour, minute: the time of day, 24-hour clock ("8 giờ tối": 20, 0; "22h30": 22, 30; 24:00
            is the end of the day).
        modifier: "START", "MID", "END" ("đầu", "giữa", "cuối").
        weekend: "cuối tuần này" (TIMEX3 ``-WE``).
        lunar: the fields are lunar-calendar fields.
        end: the end of a range; this object is then its start.
        core: character spans (normalized text) of the calendar numerals themselves, without
            head words ("ngày", "sáng", a weekday, "từ", direction words); a range lists its
            endpoints. Used to compare with corpora that annotate only that part.
        rule: name of the rule that produced it (for debugging).
    """

    year: int | None = None
    year_digits: int = 4
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    quarter: int | None = None
    decade: int | None = None
    century: int | None = None
    half: int | None = None
    season: Season | None = None
    rel_unit: Unit | None = None
    rel_offset: int = 0
    direction: Direction | None = None
    tense: Tense | None = None
    part_of_day: PartOfDay | None = None
    hour: int | None = None
    minute: int | None = None
    modifier: Modifier | None = None
    weekend: bool = False
    lunar: bool = False
    end: PartialDate | None = None
    core: tuple[tuple[int, int], ...] = ()
    rule: str = ""

    @property
    def grain(self) -> Grain:
        """The unit the expression is precise to."""
        if self.day is not None or self.weekday is not None:
            return "day"
        if self.month is not None:
            return "month"
        if self.quarter is not None:
            return "quarter"
        if self.half is not None:
            return "half"
        if self.season is not None:
            return "season"
        if self.weekend:
            return "week"
        if self.year is not None:
            return "year"
        if self.decade is not None:
            return "decade"
        if self.century is not None:
            return "century"
        if self.rel_unit is not None:
            return self.rel_unit
        return "day"

    @property
    def is_relative(self) -> bool:
        """Whether the expression needs the reference date for more than a missing year."""
        if self.rel_unit is not None or self.direction is not None:
            return True
        return self.weekday is not None and self.day is None


def resolve(partial: PartialDate, reference: dt.date | None, prefer: Prefer) -> DateValue:
    """Turn a partial date into a normalized :class:`~viextract.types.DateValue`.

    ``reference`` is the date relative expressions are counted from (the article's date); with
    ``None`` nothing is guessed (see the module docstring). ``prefer`` decides the direction of
    bare weekdays, day-months, months and quarters when the text has no direction word.
    """
    if partial.tense is not None:
        prefer = partial.tense
    if partial.end is None:
        return _with_source(_resolve_one(partial, reference, prefer), partial, reference)
    last = (
        partial.end if partial.end.tense is not None else replace(partial.end, tense=partial.tense)
    )
    end = _with_source(_resolve_one(last, reference, prefer), last, reference)
    start = _resolve_start(replace(partial, end=None), end, reference, prefer)
    if last.year is None:  # else "từ 18/9 đến 3/10/2017": the start takes the end's year
        start = _with_source(start, partial, reference)
    if start.direction_source is None:  # "từ 19 đến 21-11": the end chose for both
        start = replace(start, direction_source=end.direction_source)
    return replace(
        start,
        end=end,
        relative=start.relative or end.relative,
        resolved=start.resolved and end.resolved,
    )


def _direction_decides(p: PartialDate) -> bool:
    """Whether the value of ``p`` is chosen among candidates around the reference date by a
    direction (a bare day-month, day, month, weekday, quarter or season)."""
    if p.year is not None or p.rel_unit is not None:
        return False
    if p.lunar:
        return p.day is not None and p.day > 0 and p.month is not None
    if p.grain not in ("day", "month", "quarter", "season"):
        return False
    # a weekday written with a day-month chooses the year itself
    return not (p.weekday is not None and p.day is not None and p.month is not None)


def _with_source(value: DateValue, p: PartialDate, reference: dt.date | None) -> DateValue:
    if reference is None or not _direction_decides(p):
        return value
    source: DirectionSource = (
        "word" if p.direction is not None else "tense" if p.tense is not None else "prefer"
    )
    return replace(value, direction_source=source)


# --- ranges -------------------------------------------------------------------------------


def _resolve_start(
    start: PartialDate, end: DateValue, reference: dt.date | None, prefer: Prefer
) -> DateValue:
    """The start of a range borrows the fields it lacks from the end ("từ 19 đến 21-11")."""
    if start.is_relative or start.lunar != end.lunar:
        return _resolve_one(start, reference, prefer)
    borrowed_month = start.day is not None and start.month is None and end.month is not None
    borrowed_year = start.year is None and end.year is not None and start.grain != "year"
    if not (borrowed_month or borrowed_year):
        return _resolve_one(start, reference, prefer)
    month = end.month if borrowed_month else start.month
    year = end.year if borrowed_year else start.year
    digits = 4 if borrowed_year else start.year_digits
    fixed = replace(start, month=month, year=year, year_digits=digits)
    if year is not None and month is not None and start.day is not None and end.day is not None:
        first = _safe_date(_full_year(year, digits, reference), month, start.day)
        last = end.as_date() if not end.lunar else None
        if last is None and end.year is not None and end.month is not None:
            last = _safe_date(end.year, end.month, end.day)
        if first is not None and last is not None and first > last:
            if borrowed_month:
                back = dt.date(year, month, 1) - relativedelta(months=1)
                fixed = replace(fixed, month=back.month, year=back.year)
            elif borrowed_year:
                fixed = replace(fixed, year=year - 1)
    elif (
        year is not None
        and month is not None
        and start.day is None
        and borrowed_year
        and end.year is not None
        and end.month is not None
        and (year, month) > (end.year, end.month)
    ):
        fixed = replace(fixed, year=year - 1)
    if fixed.day is not None and fixed.month is not None:
        y = fixed.year if fixed.year is not None else 2000
        if _safe_date(y, fixed.month, fixed.day) is None:
            return _resolve_one(start, reference, prefer)
    return _resolve_one(fixed, reference, prefer)


# --- one date -----------------------------------------------------------------------------


def _resolve_one(p: PartialDate, ref: dt.date | None, prefer: Prefer) -> DateValue:
    grain = p.grain
    relative = p.is_relative
    if p.lunar and p.day is not None and p.day > 0 and p.month is not None:
        converted = _resolve_lunar(p, ref, prefer, relative)
        if converted is not None:
            return converted
    if ref is None or p.lunar:
        return _masked(p, grain, relative, ref)
    anchor = _anchor(p, ref)
    if grain == "century":
        century = p.century if p.century is not None else anchor.year // 100 + 1
        return _value(p, grain, relative, century=century)
    if grain == "decade":
        return _value(p, grain, relative)
    if grain == "year":
        year = _year_of(p, ref) if p.year is not None else anchor.year
        return _value(p, grain, relative, year=year)
    if grain == "quarter":
        return _resolve_quarter(p, ref, anchor, prefer, relative)
    if grain == "half":
        year = _year_of(p, ref) if p.year is not None else anchor.year
        return _value(p, grain, relative, year=year)
    if grain == "season":
        return _resolve_season(p, ref, anchor, prefer, relative)
    if grain == "week":
        iso = anchor.isocalendar()
        return _value(p, grain, relative, year=iso[0], week=iso[1])
    if grain == "month":
        return _resolve_month(p, ref, anchor, prefer, relative)
    return _resolve_day(p, ref, anchor, prefer, relative)


def _resolve_lunar(
    p: PartialDate, ref: dt.date | None, prefer: Prefer, relative: bool
) -> DateValue | None:
    """A lunar day converted to the solar calendar: of the year written, else the occurrence
    around the reference date in the chosen direction; None when neither is known."""
    assert p.day is not None and p.month is not None
    day, month = p.day, p.month
    if p.year is not None:
        year = _full_year(p.year, p.year_digits, ref)
        d = lunar_to_solar(day, month, year)
        if d is None and day == 30:  # "30 Tết" in a year whose last month has 29 days
            day, d = 29, lunar_to_solar(29, month, year)
        return None if d is None else _lunar_day_value(p, d, year, day, relative)
    if ref is None:
        return None
    cands = []
    for y in range(ref.year - 2, ref.year + 2):
        found, dd = lunar_to_solar(day, month, y), day
        if found is None and day == 30:
            found, dd = lunar_to_solar(29, month, y), 29
        if found is not None:
            cands.append((found, found, (found, y, dd)))
    if not cands:
        return None
    d, year, day = _pick(cands, ref, p.direction, prefer)
    return _lunar_day_value(p, d, year, day, relative)


def _lunar_day_value(p: PartialDate, d: dt.date, year: int, day: int, relative: bool) -> DateValue:
    value = _day_value(p, d, relative)
    return replace(value, lunar=True, lunar_value=f"{year:04d}-{p.month:02d}-{day:02d}")


def _anchor(p: PartialDate, ref: dt.date) -> dt.date:
    """The reference moved by the expression's offset ("tháng trước": one month back)."""
    n = p.rel_offset
    if p.rel_unit is None or n == 0:
        return ref
    if p.rel_unit == "day":
        return ref + dt.timedelta(days=n)
    if p.rel_unit == "week":
        return ref + dt.timedelta(weeks=n)
    months = {"month": 1, "quarter": 3, "year": 12, "century": 1200}[p.rel_unit]
    moved: dt.date = ref + relativedelta(months=months * n)
    return moved


def _resolve_quarter(
    p: PartialDate, ref: dt.date, anchor: dt.date, prefer: Prefer, relative: bool
) -> DateValue:
    if p.quarter is None or p.rel_unit == "quarter":
        q = (anchor.month - 1) // 3 + 1
        return _value(p, "quarter", relative, year=anchor.year, quarter=q)
    if p.year is not None:
        return _value(p, "quarter", relative, year=_year_of(p, ref), quarter=p.quarter)
    if p.rel_unit == "year":
        return _value(p, "quarter", relative, year=anchor.year, quarter=p.quarter)
    q = p.quarter
    cands = []
    for y in range(ref.year - 2, ref.year + 3):
        first = dt.date(y, 3 * q - 2, 1)
        last = dt.date(y, 3 * q, 1) + relativedelta(months=1, days=-1)
        cands.append((first, last, y))
    year = _pick(cands, ref, p.direction, prefer)
    return _value(p, "quarter", relative, year=year, quarter=q)


#: The months of each season (winter: December and the next two months).
SEASON_MONTHS = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


def _resolve_season(
    p: PartialDate, ref: dt.date, anchor: dt.date, prefer: Prefer, relative: bool
) -> DateValue:
    if p.year is not None:
        return _value(p, "season", relative, year=_year_of(p, ref))
    if p.rel_unit == "year":
        return _value(p, "season", relative, year=anchor.year)
    assert p.season is not None
    first_month = SEASON_MONTHS[p.season]
    cands = []
    for y in range(ref.year - 2, ref.year + 3):
        first = dt.date(y, first_month, 1)
        last = first + relativedelta(months=3, days=-1)
        cands.append((first, last, y))
    return _value(p, "season", relative, year=_pick(cands, ref, p.direction, prefer))


def _resolve_month(
    p: PartialDate, ref: dt.date, anchor: dt.date, prefer: Prefer, relative: bool
) -> DateValue:
    if p.month is None:
        return _value(p, "month", relative, year=anchor.year, month=anchor.month)
    month = p.month
    if p.year is not None:
        return _value(p, "month", relative, year=_year_of(p, ref), month=month)
    if p.rel_unit == "year":
        return _value(p, "month", relative, year=anchor.year, month=month)
    cands = [(_month_first(y, month), _month_last(y, month), y) for y in _years_around(ref)]
    if p.rel_unit is not None:
        year = _pick(cands, anchor, None, "nearest")
    else:
        year = _pick(cands, ref, p.direction, prefer)
    return _value(p, "month", relative, year=year, month=month)


def _resolve_day(
    p: PartialDate, ref: dt.date, anchor: dt.date, prefer: Prefer, relative: bool
) -> DateValue:
    if p.day is None and p.weekday is None:
        return _day_value(p, anchor, relative)
    if p.day is None:
        assert p.weekday is not None
        if p.rel_unit == "week":
            monday = anchor - dt.timedelta(days=anchor.isoweekday() - 1)
            return _day_value(p, monday + dt.timedelta(days=p.weekday - 1), relative)
        days = [ref + dt.timedelta(days=k) for k in range(-8, 9)]
        cands = [(d, d, d) for d in days if d.isoweekday() == p.weekday]
        return _day_value(p, _pick(cands, ref, p.direction, prefer), relative)
    if p.month is None:
        if p.rel_unit == "month":
            months = [anchor.replace(day=1)]
        else:
            months = [ref.replace(day=1) + relativedelta(months=k) for k in range(-13, 14)]
        cands = []
        for m in months:
            d = _day_in(m.year, m.month, p.day)
            if d is not None:
                cands.append((d, d, d))
        if not cands:
            return _masked(p, "day", relative, ref)
        if p.rel_unit == "month":
            return _day_value(p, cands[0][0], relative)
        return _day_value(p, _pick(cands, ref, p.direction, prefer), relative)
    if p.year is not None:
        d = _day_in(_year_of(p, ref), p.month, p.day)
        if d is None:
            return _masked(p, "day", relative, ref)
        return _day_value(p, d, relative)
    if p.rel_unit == "year":
        d = _day_in(anchor.year, p.month, p.day)
        if d is None:
            return _masked(p, "day", relative, ref)
        return _day_value(p, d, relative)
    month, day = p.month, p.day
    cands = []
    for y in _years_around(ref):
        d = _day_in(y, month, day)
        if d is not None:
            cands.append((d, d, d))
    if not cands:
        return _masked(p, "day", relative, ref)
    if p.direction is not None:
        pool = [c for c in cands if _allowed(c[0], c[1], ref, p.direction, True)] or cands
        if p.weekday is not None:
            pool = [c for c in pool if c[0].isoweekday() == p.weekday] or pool
        return _day_value(p, _pick(pool, ref, p.direction, prefer), relative)
    if p.weekday is not None:
        matching = [c for c in cands if c[0].isoweekday() == p.weekday]
        if matching:
            return _day_value(p, _pick(matching, ref, None, "nearest", tie=prefer), relative)
    if p.rel_unit is not None:
        return _day_value(p, _pick(cands, anchor, None, "nearest"), relative)
    return _day_value(p, _pick(cands, ref, None, prefer), relative)


# --- choosing among candidates ------------------------------------------------------------

T = TypeVar("T")


def _allowed(
    first: dt.date, last: dt.date, ref: dt.date, direction: Direction, strict: bool
) -> bool:
    if direction == "past":
        return first < ref if strict else first <= ref
    if direction == "future":
        return first > ref if strict else last >= ref
    return True


def _distance(first: dt.date, last: dt.date, ref: dt.date) -> int:
    if first <= ref <= last:
        return 0
    return (first - ref).days if first > ref else (ref - last).days


def _pick(
    cands: Sequence[tuple[dt.date, dt.date, T]],
    ref: dt.date,
    direction: Direction | None,
    prefer: Prefer,
    tie: Prefer = "past",
) -> T:
    """Choose among candidates ``(first, last, payload)`` (not empty); returns the payload.

    An explicit ``direction`` is strict ("tới": starts after the reference); ``prefer`` is not
    (the current month counts as past and as future). When nothing lies in the wanted
    direction, or for "nearest", the candidate closest to the reference wins (ties: ``tie``).
    """
    mode: Prefer = prefer
    strict = False
    if direction is not None:
        mode, strict = direction, direction != "nearest"
    if mode == "past":
        ok = [c for c in cands if _allowed(c[0], c[1], ref, "past", strict)]
        if ok:
            return max(ok, key=lambda c: c[0])[2]
    elif mode == "future":
        ok = [c for c in cands if _allowed(c[0], c[1], ref, "future", strict)]
        if ok:
            return min(ok, key=lambda c: c[0])[2]
    later_last = tie == "past"
    return min(cands, key=lambda c: (_distance(c[0], c[1], ref), (c[0] > ref) == later_last))[2]


# --- values -------------------------------------------------------------------------------


def _years_around(ref: dt.date) -> range:
    return range(ref.year - YEAR_WINDOW, ref.year + YEAR_WINDOW + 1)


def _year_of(p: PartialDate, ref: dt.date | None) -> int:
    assert p.year is not None
    return _full_year(p.year, p.year_digits, ref)


def _full_year(year: int, digits: int, ref: dt.date | None) -> int:
    if digits != 2:
        return year
    if ref is None:
        base = TWO_DIGIT_PIVOT
        y = (base // 100) * 100 + year
        return y if y >= base else y + 100
    options = [c * 100 + year for c in (ref.year // 100 - 1, ref.year // 100, ref.year // 100 + 1)]
    return min(options, key=lambda y: (abs(y - ref.year), y > ref.year))


def _day_in(year: int, month: int, day: int) -> dt.date | None:
    if day == -1:
        return dt.date(year, month, calendar.monthrange(year, month)[1])
    return _safe_date(year, month, day)


def _safe_date(year: int, month: int, day: int | None) -> dt.date | None:
    if day is None:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _month_first(year: int, month: int) -> dt.date:
    return dt.date(year, month, 1)


def _month_last(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _pod(p: PartialDate) -> str:
    """The TIMEX3 time of a day: "T22:30", else its part of day ("TMO")."""
    if p.hour is not None:
        return f"T{p.hour:02d}:{p.minute or 0:02d}"
    return "" if p.part_of_day is None else "T" + p.part_of_day


def _day_grain(p: PartialDate) -> Grain:
    return "day" if p.hour is None else "minute"


def _day_value(p: PartialDate, d: dt.date, relative: bool) -> DateValue:
    agrees = None
    if p.weekday is not None and p.day is not None:
        agrees = d.isoweekday() == p.weekday
    return DateValue(
        value=f"{d.year:04d}-{d.month:02d}-{d.day:02d}{_pod(p)}",
        grain=_day_grain(p),
        year=d.year,
        month=d.month,
        day=d.day,
        weekday=p.weekday if p.weekday is not None else d.isoweekday(),
        part_of_day=p.part_of_day,
        hour=p.hour,
        minute=p.minute,
        modifier=p.modifier,
        relative=relative,
        weekday_agrees=agrees,
    )


def _value(
    p: PartialDate,
    grain: Grain,
    relative: bool,
    *,
    year: int | None = None,
    month: int | None = None,
    week: int | None = None,
    quarter: int | None = None,
    century: int | None = None,
) -> DateValue:
    y = year
    if grain == "century":
        c = century if century is not None else p.century
        assert c is not None
        return DateValue(f"{c - 1:02d}", grain, century=c, modifier=p.modifier, relative=relative)
    if grain == "decade":
        assert p.decade is not None
        return DateValue(
            f"{p.decade // 10:03d}X",
            grain,
            decade=p.decade,
            century=p.decade // 100 + 1,
            modifier=p.modifier,
            relative=relative,
        )
    assert y is not None
    if grain == "year":
        value = f"{y:04d}"
    elif grain == "quarter":
        value = f"{y:04d}-Q{quarter}"
    elif grain == "half":
        value = f"{y:04d}-H{p.half}"
    elif grain == "season":
        value = f"{y:04d}-{p.season}"
    elif grain == "week":
        value = f"{y:04d}-W{week:02d}" + ("-WE" if p.weekend else "")
    else:
        value = f"{y:04d}-{month:02d}"
    return DateValue(
        value=value,
        grain=grain,
        year=y,
        month=month,
        week=week,
        quarter=quarter,
        half=p.half,
        season=p.season,
        modifier=p.modifier,
        relative=relative,
    )


def _masked(p: PartialDate, grain: Grain, relative: bool, ref: dt.date | None) -> DateValue:
    """The value with what the text states and ``X`` for the rest (no reference, or lunar)."""
    year = None
    if p.year is not None and (p.year_digits == 4 or ref is not None or not p.lunar):
        year = _full_year(p.year, p.year_digits, ref)
    ys = f"{year:04d}" if year is not None else "XXXX"
    month = p.month
    day = p.day if p.day is not None and p.day > 0 else None
    ms = f"{month:02d}" if month is not None else "XX"
    ds = f"{day:02d}" if day is not None else "XX"
    quarter = p.quarter
    century = p.century
    decade = p.decade
    if grain == "day":
        if p.day is None and p.weekday is not None and p.month is None:
            value = f"{ys}-WXX-{p.weekday}"
        else:
            value = f"{ys}-{ms}-{ds}"
        value += _pod(p)
    elif grain == "month":
        value = f"{ys}-{ms}"
    elif grain == "week":
        value = f"{ys}-WXX" + ("-WE" if p.weekend else "")
    elif grain == "quarter":
        value = f"{ys}-Q{quarter if quarter is not None else 'X'}"
    elif grain == "half":
        value = f"{ys}-H{p.half}"
    elif grain == "season":
        value = f"{ys}-{p.season}"
    elif grain == "year":
        value = ys
    elif grain == "decade":
        assert decade is not None
        value = f"{decade // 10:03d}X"
        century = decade // 100 + 1
    else:
        value = f"{century - 1:02d}" if century is not None else "XX"
    agrees = None
    if p.weekday is not None and year is not None and month is not None and day is not None:
        d = None if p.lunar else _safe_date(year, month, day)
        agrees = None if d is None else d.isoweekday() == p.weekday
    return DateValue(
        value=value,
        grain=_day_grain(p) if grain == "day" else grain,
        year=year,
        month=month,
        day=day,
        weekday=p.weekday,
        quarter=quarter,
        decade=decade,
        century=century,
        half=p.half,
        season=p.season,
        part_of_day=p.part_of_day,
        hour=p.hour,
        minute=p.minute,
        modifier=p.modifier,
        relative=relative,
        resolved=not (relative and ref is None),
        lunar=p.lunar,
        weekday_agrees=agrees,
    )


def iter_cores(p: PartialDate) -> Iterator[tuple[int, int]]:
    """The core spans of a partial date (its own, then its end's)."""
    yield from p.core
    if p.end is not None:
        yield from (c for c in p.end.core if c not in p.core)
