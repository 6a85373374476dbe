"""Months, years, quarters, decades and centuries: "tháng 3/2016", "tháng chín", "cuối tháng
10", "9/2015", "năm 2018", "quý IV/2015", "thập niên 1990", "thế kỷ XX"."""

from __future__ import annotations

import regex

from ..resolve import PartialDate
from .base import (
    DATE_DIR,
    DIGIT,
    FLAGS,
    MOD,
    MONTH_CORE,
    MONTH_YEAR_BARE,
    NOT_AFTER_QUANTITY,
    QUARTER_WORD,
    REL,
    ROMAN,
    ROMAN_QUARTER,
    S0,
    UNIT_AFTER,
    WE,
    Y4,
    YEAR_CORE,
    YEAR_TAIL,
    YREL,
    LazyPattern,
    Rule,
    S,
    alt,
    headless_number_ok,
    prefixed,
    single,
    text_before,
)

#: "tháng 2 lần" (twice a month), "tháng 3 ngày", "quý hai lần": not a month or quarter name.
UNIT_WORDS = alt(
    ["lần", "lượt", "đợt", "kỳ", "buổi", "chuyến", "ngày", "tuần", "tháng", "tiếng", "giờ", "người"]
)
MONTH_UNIT_AFTER = LazyPattern(rf"{S}{UNIT_WORDS}")


def _month_check(m: regex.Match[str], pd: PartialDate) -> bool:
    text = m.string
    if regex.search(
        rf"(?:mỗi|hàng|hằng|từng|[0-9]){S}\Z", text_before(text, m.start()), flags=FLAGS
    ):
        return False
    return not (
        m.group("m") is not None
        and m.group("y") is None
        and MONTH_UNIT_AFTER.get().match(text, m.end())
    )


#: Months: "tháng 3/2016", "tháng 10 năm nay", "cuối tháng 10", "tháng chín", "tháng 12 tới".
MONTH = Rule(
    "month",
    anchor=("tháng",),
    body=NOT_AFTER_QUANTITY + prefixed(rf"(?:(?P<§mod>{MOD}){S})?{MONTH_CORE}{DATE_DIR}", ""),
    produce=single(_month_check),
)


def _headless_check(m: regex.Match[str], pd: PartialDate) -> bool:
    return headless_number_ok(m.string, m.start(), m.end())


#: A bare month and year: "9/2015".
MONTH_YEAR = Rule(
    "month_year",
    anchor=(DIGIT,),
    body=prefixed(MONTH_YEAR_BARE, ""),
    produce=single(_headless_check),
)

#: Years: "năm 2018", "cuối năm 2014".
YEAR = Rule(
    "year",
    anchor=(DIGIT,),
    body=prefixed(rf"(?:(?P<§mod>{MOD}){S})?{YEAR_CORE}", ""),
)

#: A title before a name: "anh Quý hai lần..." is a man named Quý.
_TITLE_BEFORE = LazyPattern(
    rf"(?<![\p{{L}}])(?:ông|bà|anh|chị|em|cô|chú|bác|cháu|con|cụ|thầy|(?-i:[A-ZĐ]\p{{L}}*)){S}\Z"
)


def _quarter_check(m: regex.Match[str], pd: PartialDate) -> bool:
    """ "quý hai" in words is a quarter unless "Quý" is a name after a title ("anh Quý")."""
    if m.group("qw") is None or not m.group("core").startswith("Q"):
        return True
    return _TITLE_BEFORE.get().search(text_before(m.string, m.start())) is None


#: Quarters: "quý 3", "quý IV/2015", "quý 4 năm 2018", "quý hai năm sau", "quý 4 của năm 2018".
QUARTER = Rule(
    "quarter",
    anchor=("quý",),
    body=prefixed(
        rf"(?:(?P<§mod>{MOD}){S})?(?P<§core>quý{S}(?:(?P<§q>[1-4]|{ROMAN_QUARTER})(?![0-9])"
        rf"|(?P<§qw>{QUARTER_WORD})(?!{S}{UNIT_WORDS}))(?:{S}của(?={S}năm))?{YEAR_TAIL}?)",
        "",
    ),
    produce=single(_quarter_check),
)


def _half_check(m: regex.Match[str], pd: PartialDate) -> bool:
    """ "nửa cuối năm" unless "năm" is five ("nửa cuối năm chiếc bánh")."""
    return m.group("y") is not None or UNIT_AFTER.get().match(m.string, m.end()) is None


#: Halves of a year: "nửa đầu năm", "6 tháng cuối năm 2023", "sáu tháng đầu năm nay".
HALF = Rule(
    "half",
    anchor=(r"nửa|tháng[ \t]+(?:đầu|cuối)",),
    body=(
        rf"(?:nửa|(?:6|sáu){S}tháng){S}(?P<half>đầu|cuối){S}năm"
        rf"(?:{S}(?:(?P<yrel>{YREL})|(?P<y>{Y4}))|{S0}/{S0}(?P<y>{Y4})|{S}năm{S}(?P<y>{Y4}))?"
        rf"(?!{S}(?:học|tài{S}chính|tuổi|[0-9]))"
    ),
    produce=single(_half_check),
    priority=1,
)

#: Seasons with a year or a direction: "mùa thu năm 2026", "mùa hè 2025", "mùa đông năm ngoái",
#: "mùa xuân tới"; a season alone ("mùa thu Hà Nội") is not a date.
SEASON = Rule(
    "season",
    anchor=("mùa",),
    body=(
        rf"mùa{S}(?P<season>xuân|hạ|hè|thu|đông){S}"
        rf"(?:năm{S}(?:(?P<y>{Y4})|(?P<yrel>{YREL}))|(?P<y>{Y4})|(?P<sdir>{REL}))"
    ),
)

#: Decades: "thập niên 1990", "những năm 90", "thập niên 80 của thế kỷ trước".
DECADE = Rule(
    "decade",
    anchor=(r"thập|những[ \t]+năm",),
    body=(
        rf"(?:(?P<mod>{MOD}){S})?(?P<core>(?:thập{S}(?:niên|kỷ|kỉ)|những{S}năm){S}"
        rf"(?P<dec>1[0-9][0-9]0|20[0-9]0|[1-9]0)(?![0-9])"
        rf"(?:{S}(?:của{S})?thế{S}k[ỷỉ]{S}(?:(?P<cent>[0-9]{{1,2}}|{ROMAN})|(?:trước|này|nay)"
        rf"{WE}))?)"
    ),
)

#: Centuries: "thế kỷ 20", "thế kỷ XX", "thế kỷ trước".
CENTURY = Rule(
    "century",
    anchor=(r"thế[ \t]+k",),
    body=(
        rf"(?:(?P<mod>{MOD}){S})?(?:(?P<core>thế{S}k[ỷỉ]{S}(?P<cent>[0-9]{{1,2}}|{ROMAN}))"
        rf"|thế{S}k[ỷỉ]{S}(?P<crel>{REL}))"
    ),
)
