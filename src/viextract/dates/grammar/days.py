"""Days with a month: "20/11/2015", "ngày thứ năm 19-11", "sáng 20-11", "ngày 19 tháng 11 năm
2015"; a day without a month: "ngày 15", "mùng 10"; "ngày đầu tiên của tháng 3"."""

from __future__ import annotations

import regex

from ..resolve import PartialDate
from .base import (
    DIGIT,
    DIR,
    FLAGS,
    MONTH_CORE,
    POD,
    REL,
    TIME_ANCHOR,
    UNIT_AFTER,
    D,
    Groups,
    LazyPattern,
    Rule,
    S,
    ascending,
    day_date,
    has_head,
    headless_number_ok,
    norm,
    prefixed,
    single,
    text_before,
    weekday_ok,
)


def _numeric_check(m: regex.Match[str], pd: PartialDate) -> bool:
    g = Groups(m, "")
    text = m.string
    if g("wd") is not None and not weekday_ok(m, g.span("wd") or (0, 0), with_date=True):
        return False
    if has_head(m):
        return True
    sep = g("sep")
    full_year = len(g("y") or "") == 4
    if sep == "." and not full_year:
        return False
    if full_year and pd.day is not None:
        return True  # "20/11/2015" is a date whatever precedes it
    if g("mw") is None and g("tet") is None and "tháng" not in norm(m.group()):
        dash = sep is not None and ("-" in sep or "–" in sep)
        if dash and _score_like(text, m.start(), pd):
            return False
        return headless_number_ok(text, m.start(), m.end(), ascending(pd))
    # "2 tháng 10 ngày": a duration of two months and ten days
    return UNIT_AFTER.get().match(text, m.end()) is None and not regex.search(
        rf"[0-9]{S}(?:năm|tháng){S}\Z", text_before(text, m.start()), flags=FLAGS
    )


#: "thắng 3-1", "tỷ số đậm 5-2", "U16 Campuchia 5-2": a score, not a date.
SCORE_BEFORE = LazyPattern(
    rf"(?:(?:tỷ|tỉ){S}số|chung{S}cuộc|thắng|thua|hòa|đánh{S}bại|hạ{S}gục|cầm{S}hòa)"
    rf"(?:{S}[^ \t]+){{0,3}}{S}\Z"
    rf"|(?<=[\p{{L}}\p{{N}}][ \t]+)(?-i:\p{{Lu}})\p{{L}}*{S}\Z"
)


def _score_like(text: str, start: int, pd: PartialDate) -> bool:
    """Small "a-b" after a team name or a score word ("Campuchia 5-2", "tỷ số 2-1")."""
    small = pd.day is not None and pd.day <= 12 and pd.year is None
    return small and SCORE_BEFORE.get().search(text_before(text, start)) is not None


#: Explicit days: "20/11/2015", "ngày thứ năm 19-11", "sáng 20-11", "ngày 19 tháng 11 năm 2015".
DAY_DATE = Rule(
    "day_date",
    anchor=(DIGIT,),
    body=day_date(),
    produce=single(_numeric_check),
    priority=2,
)

#: Days with a time before them: "22h ngày 19/11", "21h15 đêm 3/9", "8 giờ tối 20/11" (a rule
#: apart from :data:`DAY_DATE`, so that only the sentences with a time pay for it).
TIME_DATE = Rule(
    "time_date",
    anchor=(DIGIT, TIME_ANCHOR),
    body=day_date(time=True),
    produce=single(_numeric_check),
    priority=2,
)


def _day_only_check(m: regex.Match[str], pd: PartialDate) -> bool:
    text = m.string
    if UNIT_AFTER.get().match(text, m.end()):
        return False
    if regex.match(rf"{S}tháng(?![\p{{L}}])", text[m.end() :]) and m.group("mrel") is None:
        return False
    return not regex.search(
        rf"(?:mỗi|hàng|hằng|một|vài|mấy|thứ){S}\Z", text_before(text, m.start()), flags=FLAGS
    )


#: A day without month: "ngày 15", "mùng 10", "ngày 1 tháng này".
DAY_ONLY = Rule(
    "day_only",
    anchor=(DIGIT,),
    body=prefixed(
        rf"(?:(?P<§pod>{POD}){S})?(?:(?P<§dw>ngày|hôm){S}(?:mùng{S}|mồng{S})?|(?P<§mung>mùng|mồng){S})"
        rf"(?P<§core>(?P<§d>{D}))(?![ \t]*[/.\-–][ \t]*[0-9])"
        rf"(?:{S}tháng{S}(?P<§mrel>{REL})|{S}(?P<§dir>{DIR}))?",
        "",
    ),
    produce=single(_day_only_check),
)

#: "ngày đầu tiên của tháng 3", "ngày cuối cùng của tháng này".
NTH_DAY = Rule(
    "nth_day",
    anchor=(r"ngày[ \t]+(?:đầu[ \t]+tiên|cuối[ \t]+cùng)",),
    body=prefixed(
        rf"ngày{S}(?P<§nth>đầu{S}tiên|cuối{S}cùng){S}(?:của{S})?"
        rf"(?:{MONTH_CORE}|tháng{S}(?P<§mrel>{REL}))",
        "",
    ),
)
