"""Lunar days: "mùng 1 Tết", "30 Tết", "rằm tháng giêng" (a day with "âm lịch" is a day of
:mod:`.days` marked lunar: "15 tháng 8 âm lịch")."""

from __future__ import annotations

from .base import LUNAR_TAIL, MONTH_WORD, YEAR_TAIL, D, M, Rule, S, prefixed

TET_CORE = (
    rf"(?P<§core>(?P<§mung>mùng|mồng){S}(?P<§d>{D}){S}(?P<§tet>tết)"
    rf"|(?P<§d>2[0-9]|30){S}(?P<§tet>tết))"
)
RAM_CORE = (
    rf"(?P<§core>(?P<§ram>rằm){S}tháng{S}(?:(?P<§m>{M})(?![0-9])|(?P<§mw>{MONTH_WORD}))"
    rf"{YEAR_TAIL}?)"
)

#: "mùng 1 Tết", "30 Tết", "rằm tháng giêng", "ngày rằm tháng 7 âm lịch".
LUNAR_DAY = Rule(
    "lunar_day",
    anchor=("tết|rằm",),
    body=rf"(?:(?P<dw>ngày){S})?(?:{TET_CORE}|{RAM_CORE})".replace("§", "")
    + prefixed(LUNAR_TAIL, "")
    + "?",
)
