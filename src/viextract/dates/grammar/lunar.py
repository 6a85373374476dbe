"""Lunar days: "mùng 1 Tết", "30 Tết", "rằm tháng giêng", "Tết Nguyên đán 2026" (a day with "âm
lịch" is a day of :mod:`.days` marked lunar: "15 tháng 8 âm lịch"); the resolver converts them to
the solar calendar (:mod:`viextract.dates.lunar`)."""

from __future__ import annotations

from .base import LUNAR_TAIL, MONTH_WORD, Y4, YEAR_TAIL, D, M, Rule, S, prefixed

TET_CORE = (
    rf"(?P<§core>(?:(?P<§mung>mùng|mồng){S}(?P<§d>{D}){S}(?P<§tet>tết)"
    rf"|(?P<§d>2[0-9]|30){S}(?P<§tet>tết))"
    rf"(?:{S}(?:nguyên{S}đán{S})?(?:năm{S})?(?P<§y>{Y4}))?)"
)
#: The lunar new year with its year: "Tết Nguyên đán 2026", "Tết năm 2025" (its first day).
NEW_YEAR_CORE = (
    rf"(?P<§core>(?P<§ny>tết)(?:{S}nguyên{S}đán|{S}âm{S}lịch|{S}cổ{S}truyền)?{S}(?:năm{S})?"
    rf"(?P<§y>{Y4}))"
)
RAM_CORE = (
    rf"(?P<§core>(?P<§ram>rằm){S}tháng{S}(?:(?P<§m>{M})(?![0-9])|(?P<§mw>{MONTH_WORD}))"
    rf"{YEAR_TAIL}?)"
)

#: "mùng 1 Tết", "30 Tết", "rằm tháng giêng", "ngày rằm tháng 7 âm lịch", "rằm tháng Giêng năm
#: 2023", "mùng 1 Tết năm 2025", "Tết Nguyên đán 2026".
LUNAR_DAY = Rule(
    "lunar_day",
    anchor=("tết|rằm",),
    body=rf"(?:(?P<dw>ngày){S})?(?:{TET_CORE}|{RAM_CORE}|{NEW_YEAR_CORE})".replace("§", "")
    + prefixed(LUNAR_TAIL, "")
    + "?",
)
