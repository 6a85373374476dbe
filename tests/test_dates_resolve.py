"""resolve(): partial dates against a reference date, edge cases included."""

from __future__ import annotations

import datetime as dt

import pytest

from viextract.dates.lunar import lunar_to_solar
from viextract.dates.resolve import PartialDate, resolve
from viextract.types import DateValue, Prefer

REF = dt.date(2015, 11, 21)  # a Saturday, ISO week 2015-W47


def value(p: PartialDate, ref: dt.date | None = REF, prefer: Prefer = "past") -> str:
    return resolve(p, ref, prefer).value


@pytest.mark.parametrize(
    ("ref", "offset", "expected"),
    [
        (dt.date(2016, 1, 1), -1, "2015-12-31"),
        (dt.date(2015, 12, 31), 1, "2016-01-01"),
        (dt.date(2016, 3, 1), -1, "2016-02-29"),
        (dt.date(2015, 3, 1), -1, "2015-02-28"),
        (dt.date(2016, 2, 28), 1, "2016-02-29"),
    ],
)
def test_relative_days_cross_month_and_year_ends(ref: dt.date, offset: int, expected: str) -> None:
    assert value(PartialDate(rel_unit="day", rel_offset=offset), ref) == expected


@pytest.mark.parametrize(
    ("ref", "offset", "expected"),
    [
        (dt.date(2016, 1, 1), 0, "2015-W53"),  # ISO year differs from the calendar year
        (dt.date(2015, 12, 31), 1, "2016-W01"),
        (dt.date(2014, 12, 29), 0, "2015-W01"),
        (REF, 0, "2015-W47"),
        (REF, -1, "2015-W46"),
    ],
)
def test_iso_weeks(ref: dt.date, offset: int, expected: str) -> None:
    v = resolve(PartialDate(rel_unit="week", rel_offset=offset), ref, "past")
    assert v.value == expected
    assert v.grain == "week"
    assert v.week == int(expected[-2:])


@pytest.mark.parametrize(
    ("ref", "unit", "offset", "expected"),
    [
        (dt.date(2016, 3, 31), "month", -1, "2016-02"),  # day 31 does not exist in February
        (dt.date(2016, 1, 15), "month", -1, "2015-12"),
        (dt.date(2016, 2, 29), "year", -1, "2015"),
        (dt.date(2016, 2, 10), "quarter", -1, "2015-Q4"),
        (REF, "quarter", 1, "2016-Q1"),
        (REF, "century", -1, "19"),
    ],
)
def test_relative_months_quarters_years(
    ref: dt.date, unit: str, offset: int, expected: str
) -> None:
    p = PartialDate(rel_unit=unit, rel_offset=offset)  # type: ignore[arg-type]
    assert value(p, ref) == expected


@pytest.mark.parametrize(
    ("prefer", "expected"),
    [("past", "2012-02-29"), ("future", "2016-02-29"), ("nearest", "2016-02-29")],
)
def test_leap_day_without_year_finds_a_leap_year(prefer: Prefer, expected: str) -> None:
    assert value(PartialDate(month=2, day=29), prefer=prefer) == expected


@pytest.mark.parametrize(
    ("month", "day", "prefer", "expected"),
    [
        (11, 21, "past", "2015-11-21"),  # the reference day itself is past and future
        (11, 21, "future", "2015-11-21"),
        (11, 22, "past", "2014-11-22"),
        (11, 20, "future", "2016-11-20"),
        (12, 25, "nearest", "2015-12-25"),
        (1, 5, "nearest", "2016-01-05"),
        (5, 1, "nearest", "2016-05-01"),
        (7, 1, "nearest", "2015-07-01"),
    ],
)
def test_day_month_prefer(month: int, day: int, prefer: Prefer, expected: str) -> None:
    assert value(PartialDate(month=month, day=day), prefer=prefer) == expected


@pytest.mark.parametrize(
    ("weekday", "prefer", "expected"),
    [
        (1, "past", "2015-11-16"),
        (1, "future", "2015-11-23"),
        (1, "nearest", "2015-11-23"),
        (4, "nearest", "2015-11-19"),
        (6, "past", "2015-11-21"),
        (6, "future", "2015-11-21"),
        (7, "past", "2015-11-15"),
        (7, "future", "2015-11-22"),
    ],
)
def test_bare_weekday_prefer(weekday: int, prefer: Prefer, expected: str) -> None:
    v = resolve(PartialDate(weekday=weekday), REF, prefer)
    assert v.value == expected
    assert v.weekday == weekday
    assert v.weekday_agrees is None  # no date was written next to it


@pytest.mark.parametrize("prefer", ["past", "future", "nearest"])
def test_direction_words_beat_prefer(prefer: Prefer) -> None:
    assert value(PartialDate(weekday=1, direction="future"), prefer=prefer) == "2015-11-23"
    assert value(PartialDate(weekday=6, direction="future"), prefer=prefer) == "2015-11-28"
    assert value(PartialDate(weekday=6, direction="past"), prefer=prefer) == "2015-11-14"
    assert value(PartialDate(month=11, day=25, direction="future"), prefer=prefer) == "2015-11-25"
    assert value(PartialDate(month=11, day=19, direction="past"), prefer=prefer) == "2015-11-19"
    assert value(PartialDate(month=11, direction="future"), prefer=prefer) == "2016-11"
    assert value(PartialDate(month=12, direction="past"), prefer=prefer) == "2014-12"


@pytest.mark.parametrize(
    ("month", "prefer", "expected"),
    [
        (11, "past", "2015-11"),
        (11, "future", "2015-11"),
        (12, "past", "2014-12"),
        (12, "future", "2015-12"),
        (1, "nearest", "2016-01"),
        (6, "nearest", "2015-06"),
    ],
)
def test_month_prefer(month: int, prefer: Prefer, expected: str) -> None:
    v = resolve(PartialDate(month=month), REF, prefer)
    assert (v.value, v.grain, v.month) == (expected, "month", month)


def test_quarter_prefer() -> None:
    assert value(PartialDate(quarter=4)) == "2015-Q4"
    assert value(PartialDate(quarter=1)) == "2015-Q1"
    assert value(PartialDate(quarter=1), prefer="future") == "2016-Q1"
    assert value(PartialDate(quarter=3, year=2018)) == "2018-Q3"


def test_weekday_with_full_date_is_checked_never_changed() -> None:
    ok = resolve(PartialDate(year=2015, month=11, day=19, weekday=4), REF, "past")
    assert (ok.value, ok.weekday, ok.weekday_agrees, ok.weekday_conflict) == (
        "2015-11-19",
        4,
        True,
        False,
    )
    bad = resolve(PartialDate(year=2015, month=11, day=19, weekday=1), REF, "past")
    assert (bad.value, bad.weekday, bad.weekday_agrees, bad.weekday_conflict) == (
        "2015-11-19",
        1,
        False,
        True,
    )


def test_weekday_chooses_the_year_nearest_the_reference() -> None:
    # 19-11 is a Thursday in 2015; a Monday 19-11 is nearest in 2018 (2012 is 3 days farther)
    v = resolve(PartialDate(month=11, day=19, weekday=1), REF, "past")
    assert (v.value, v.weekday_agrees) == ("2018-11-19", True)
    # the weekday wins over prefer="past" when the date in the reference year matches it
    v = resolve(PartialDate(month=11, day=27, weekday=5), REF, "past")
    assert (v.value, v.weekday_agrees) == ("2015-11-27", True)


def test_relative_word_with_date_picks_the_year_near_its_anchor() -> None:
    p = PartialDate(month=11, day=20, rel_unit="day", rel_offset=-1)
    assert value(p) == "2015-11-20"
    assert value(p, dt.date(2016, 1, 1)) == "2015-11-20"
    assert (
        value(PartialDate(month=12, day=31, rel_unit="day", rel_offset=-1), dt.date(2016, 1, 1))[:4]
        == "2015"
    )
    assert value(PartialDate(month=10, rel_unit="year", rel_offset=0)) == "2015-10"
    assert value(PartialDate(month=10, rel_unit="year", rel_offset=-1)) == "2014-10"


def test_no_reference_guesses_nothing() -> None:
    rel = resolve(PartialDate(rel_unit="day", rel_offset=-1), None, "past")
    assert (rel.value, rel.relative, rel.resolved) == ("XXXX-XX-XX", True, False)
    assert rel.year is None and rel.month is None and rel.day is None
    exp = resolve(PartialDate(month=11, day=19), None, "past")
    assert (exp.value, exp.relative, exp.resolved, exp.year) == ("XXXX-11-19", False, True, None)
    wd = resolve(PartialDate(weekday=3, rel_unit="week", rel_offset=1), None, "past")
    assert (wd.value, wd.resolved) == ("XXXX-WXX-3", False)
    pod = resolve(PartialDate(rel_unit="day", part_of_day="MO"), None, "past")
    assert pod.value == "XXXX-XX-XXTMO"
    full = resolve(PartialDate(year=2015, month=11, day=19), None, "past")
    assert (full.value, full.as_date()) == ("2015-11-19", dt.date(2015, 11, 19))
    for unit, masked in (("week", "XXXX-WXX"), ("month", "XXXX-XX"), ("quarter", "XXXX-QX")):
        v = resolve(PartialDate(rel_unit=unit, rel_offset=1), None, "past")  # type: ignore[arg-type]
        assert (v.value, v.grain, v.resolved) == (masked, unit, False)


def test_two_digit_years() -> None:
    p = PartialDate(year=17, year_digits=2, month=3, day=3)
    assert value(p) == "2017-03-03"
    assert value(p, None) == "2017-03-03"
    assert value(p, dt.date(1965, 6, 1)) == "1917-03-03"
    assert value(PartialDate(year=75, year_digits=2, month=4, day=30), None) == "1975-04-30"


def test_decades_and_centuries() -> None:
    d = resolve(PartialDate(decade=1990), REF, "past")
    assert (d.value, d.grain, d.decade, d.century) == ("199X", "decade", 1990, 20)
    c = resolve(PartialDate(century=20), None, "past")
    assert (c.value, c.grain, c.century) == ("19", "century", 20)
    assert value(PartialDate(century=21)) == "20"


def test_part_of_day_and_modifier_are_kept() -> None:
    v = resolve(PartialDate(month=11, day=20, part_of_day="EV"), REF, "past")
    assert (v.value, v.part_of_day, v.grain) == ("2015-11-20TEV", "EV", "day")
    m = resolve(PartialDate(month=10, modifier="END"), REF, "past")
    assert (m.value, m.modifier) == ("2015-10", "END")


def test_lunar_days_are_converted() -> None:
    v = resolve(PartialDate(month=1, day=1, lunar=True), REF, "past")
    assert (v.value, v.lunar, v.lunar_value, v.as_date()) == (
        "2015-02-19",
        True,
        "2015-01-01",
        dt.date(2015, 2, 19),
    )
    future = resolve(PartialDate(month=1, day=1, lunar=True), REF, "future")
    assert (future.value, future.lunar_value) == ("2016-02-08", "2016-01-01")
    # without a year or a reference nothing is converted
    open_ = resolve(PartialDate(month=1, day=1, lunar=True), None, "past")
    assert (open_.value, open_.month, open_.day, open_.as_date()) == ("XXXX-01-01", 1, 1, None)
    month = resolve(PartialDate(month=12, lunar=True), REF, "past")
    assert (month.value, month.as_date()) == ("XXXX-12", None)


@pytest.mark.parametrize(
    ("lunar", "solar"),
    [
        ((1, 1, 2026), dt.date(2026, 2, 17)),
        ((1, 1, 2025), dt.date(2025, 1, 29)),
        ((1, 1, 2024), dt.date(2024, 2, 10)),
        ((1, 1, 2023), dt.date(2023, 1, 22)),
        ((1, 1, 2015), dt.date(2015, 2, 19)),
        ((1, 1, 2000), dt.date(2000, 2, 5)),
        # the Vietnamese calendar (UTC+7) differs from the Chinese one (UTC+8) in these years
        ((1, 1, 1985), dt.date(1985, 1, 21)),
        ((1, 1, 2007), dt.date(2007, 2, 17)),
        ((15, 1, 2023), dt.date(2023, 2, 5)),
        ((15, 8, 2024), dt.date(2024, 9, 17)),
        ((15, 8, 2023), dt.date(2023, 9, 29)),  # after the leap second month of 2023
        ((15, 8, 2020), dt.date(2020, 10, 1)),  # after the leap fourth month of 2020
        ((10, 3, 2015), dt.date(2015, 4, 28)),
        ((15, 7, 2015), dt.date(2015, 8, 28)),
    ],
)
def test_lunar_to_solar(lunar: tuple[int, int, int], solar: dt.date) -> None:
    assert lunar_to_solar(*lunar) == solar


def test_lunar_leap_months_and_impossible_days() -> None:
    assert lunar_to_solar(1, 2, 2023, leap=True) == dt.date(2023, 3, 22)
    assert lunar_to_solar(1, 3, 2023) == dt.date(2023, 4, 20)
    assert lunar_to_solar(1, 5, 2023, leap=True) is None  # 2023 has no leap fifth month
    assert lunar_to_solar(1, 1, 2024, leap=True) is None  # 2024 has no leap month
    assert lunar_to_solar(30, 12, 2024) is None  # the last month of 2024 has 29 days
    assert lunar_to_solar(29, 12, 2024) == dt.date(2025, 1, 28)
    assert lunar_to_solar(31, 1, 2024) is None


def test_ranges_borrow_from_their_end() -> None:
    start = PartialDate(day=19, end=PartialDate(month=11, day=21))
    v = resolve(start, REF, "past")
    assert v.value == "2015-11-19"
    assert isinstance(v.end, DateValue) and v.end.value == "2015-11-21"
    wrap = resolve(PartialDate(month=12, day=28, end=PartialDate(month=1, day=3)), REF, "past")
    assert (wrap.value, wrap.end and wrap.end.value) == ("2014-12-28", "2015-01-03")
    days = resolve(PartialDate(day=28, end=PartialDate(month=1, day=3)), REF, "past")
    assert (days.value, days.end and days.end.value) == ("2014-12-28", "2015-01-03")
    months = resolve(PartialDate(month=3, end=PartialDate(year=2016, month=5)), REF, "past")
    assert (months.value, months.end and months.end.value) == ("2016-03", "2016-05")
    unresolved = resolve(PartialDate(day=19, end=PartialDate(month=11, day=21)), None, "past")
    assert (unresolved.value, unresolved.end and unresolved.end.value) == (
        "XXXX-11-19",
        "XXXX-11-21",
    )


def test_every_value_round_trips_through_json() -> None:
    for p in (
        PartialDate(month=11, day=19, weekday=4),
        PartialDate(rel_unit="week", rel_offset=1, weekend=True),
        PartialDate(day=19, end=PartialDate(month=11, day=21)),
        PartialDate(half=2, rel_unit="year"),
        PartialDate(season="WI", direction="future"),
        PartialDate(month=8, day=15, lunar=True),
    ):
        for ref in (REF, None):
            v = resolve(p, ref, "past")
            assert DateValue.from_dict(v.to_dict()) == v


def test_halves_and_seasons() -> None:
    assert value(PartialDate(half=1, rel_unit="year")) == "2015-H1"
    assert value(PartialDate(half=2, year=2014)) == "2014-H2"
    assert value(PartialDate(half=1, rel_unit="year"), None) == "XXXX-H1"
    assert value(PartialDate(season="FA", year=2026)) == "2026-FA"
    # winter runs from December: on 2015-11-21 the coming winter starts in 10 days
    assert value(PartialDate(season="WI", direction="future")) == "2015-WI"
    assert value(PartialDate(season="WI", direction="past")) == "2014-WI"
    assert value(PartialDate(season="SU", direction="nearest")) == "2015-SU"
    assert resolve(PartialDate(season="SP", year=2017), None, "past").season == "SP"
