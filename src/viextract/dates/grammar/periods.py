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
    REL,
    ROMAN,
    ROMAN_QUARTER,
    WE,
    YEAR_CORE,
    YEAR_TAIL,
    LazyPattern,
    Rule,
    S,
    alt,
    headless_number_ok,
    prefixed,
    single,
    text_before,
)

#: "tháng 2 lần" (twice a month), "tháng 3 ngày": not a month name.
MONTH_UNIT_AFTER = LazyPattern(
    rf"{S}"
    + alt(
        [
            "lần",
            "lượt",
            "đợt",
            "kỳ",
            "buổi",
            "chuyến",
            "ngày",
            "tuần",
            "tháng",
            "tiếng",
            "giờ",
            "người",
        ]
    )
)


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

#: Quarters: "quý 3", "quý IV/2015", "quý 4 năm 2018".
QUARTER = Rule(
    "quarter",
    anchor=("quý",),
    body=prefixed(
        rf"(?:(?P<§mod>{MOD}){S})?(?P<§core>quý{S}(?P<§q>[1-4]|{ROMAN_QUARTER})(?![0-9])"
        rf"{YEAR_TAIL}?)",
        "",
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
