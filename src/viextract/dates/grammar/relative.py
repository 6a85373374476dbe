"""Dates relative to the reference: "hôm qua", "sáng nay", "tháng trước", "năm ngoái", "quý
tới", "tuần này", "cuối năm", "3 ngày trước", "cách đây 5 năm"."""

from __future__ import annotations

from dataclasses import replace

import regex

from ..resolve import PartialDate, Unit
from .base import (
    CLOSE,
    DREL,
    FLAGS,
    MOD,
    MODIFIERS,
    NOT_AFTER_QUANTITY,
    NUM_DATE,
    PARTS_OF_DAY,
    POD,
    POD_DREL,
    REL,
    S0,
    TIME_ANCHOR,
    TIME_HEAD,
    TIME_TAIL,
    WE,
    WORD_DATE,
    YREL,
    Rule,
    S,
    alt,
    norm,
    prefixed,
    text_before,
)

#: The last words of the parts of day ("sáng", "sớm" of "sáng sớm", "đông" of "rạng đông").
_POD_LAST = "|".join(sorted({w.split()[-1] for w in PARTS_OF_DAY}))

_RELATIVE_DAY_BODY = (
    rf"(?:(?:(?P<pod>{POD}){S})?(?P<drel>{DREL})|(?P<pod>{POD}){S}(?P<drel>{POD_DREL}))"
    rf"(?:(?:{S0},{S0}|{S}(?P<paren>\(){S0}|{S})(?:ngày{S})?"
    rf"(?:{prefixed(NUM_DATE, '')}|{prefixed(WORD_DATE, '')}){prefixed(CLOSE, '')})?"
)
_RELATIVE_ANCHOR = rf"hôm|bữa|ngày|(?:{_POD_LAST})[ \t]+(?:nay|qua|mai)"

#: Relative day with an optional date: "hôm qua", "hôm qua 20-11", "sáng nay", "tối qua",
#: "sáng nay, lúc 7h30".
RELATIVE_DAY = Rule(
    "relative_day",
    anchor=(_RELATIVE_ANCHOR,),
    body=_RELATIVE_DAY_BODY + rf"{prefixed(TIME_TAIL, '')}?",
    priority=1,
)

#: The same with a time before it: "16 giờ chiều qua", "7 giờ 45 phút sáng nay".
RELATIVE_TIME = Rule(
    "relative_time",
    anchor=(_RELATIVE_ANCHOR, TIME_ANCHOR),
    body=prefixed(TIME_HEAD, "") + _RELATIVE_DAY_BODY,
    priority=1,
)

#: "tháng này", "tháng trước", "cuối tháng tới".
MONTH_RELATIVE = Rule(
    "month_relative",
    anchor=("tháng",),
    body=NOT_AFTER_QUANTITY + rf"(?:(?P<mod>{MOD}){S})?tháng{S}(?P<mrel>{REL})",
)

#: "năm nay", "năm ngoái", "cuối năm sau".
YEAR_RELATIVE = Rule(
    "year_relative",
    anchor=("năm",),
    body=NOT_AFTER_QUANTITY + rf"(?:(?P<mod>{MOD}){S})?năm{S}(?P<yrel>{YREL})",
)

#: "quý này", "quý tới".
QUARTER_RELATIVE = Rule(
    "quarter_relative",
    anchor=("quý",),
    body=NOT_AFTER_QUANTITY + rf"(?:(?P<mod>{MOD}){S})?quý{S}(?P<qrel>{REL})",
)

#: Weeks: "tuần này", "tuần trước", "cuối tuần này" (weekend).
WEEK_RELATIVE = Rule(
    "week_relative",
    anchor=("tuần",),
    body=NOT_AFTER_QUANTITY + rf"(?:(?P<mod>{MOD}){S})?tuần{S}(?P<wrel>{REL})",
)

UNITS: dict[str, Unit] = {
    "ngày": "day",
    "hôm": "day",
    "tuần": "week",
    "tháng": "month",
    "quý": "quarter",
    "năm": "year",
}


def _modified_unit_produce(
    m: regex.Match[str], text: str, rule: str
) -> list[tuple[int, int, PartialDate]]:
    if regex.search(rf"(?:mỗi|hàng|hằng|từng|các|những){S}\Z", text_before(text, m.start()), FLAGS):
        return []
    unit = UNITS[norm(m.group("unit"))]
    modifier = MODIFIERS[norm(m.group("mod"))]
    if unit == "week" and modifier == "END":
        pd = PartialDate(rel_unit="week", weekend=True, rule=rule)
    else:
        pd = PartialDate(rel_unit=unit, modifier=modifier, rule=rule)
    return [(m.start(), m.end(), pd)]


#: "cuối năm", "đầu tháng", "giữa tuần": of the current year, month or week.
MODIFIED_UNIT = Rule(
    "modified_unit",
    anchor=(r"(?:đầu|giữa|cuối)[ \t]+(?:năm|tháng|tuần)",),
    body=(
        rf"(?P<mod>đầu|giữa|cuối){S}(?P<unit>năm|tháng|tuần)"
        rf"(?!{S}(?:học|tài{S}chính|tuổi|thứ|[0-9])){WE}"
    ),
    produce=_modified_unit_produce,
)

#: After "N ngày/tuần/...": a point (trước, sau, nữa) or a period up to/from the reference.
AGO_WORDS: dict[str, tuple[int, bool]] = {
    "trước": (-1, False),
    "sau": (1, False),
    "nữa": (1, False),
    "qua": (-1, True),
    "vừa qua": (-1, True),
    "gần đây": (-1, True),
    "gần nhất": (-1, True),
    "trở lại đây": (-1, True),
    "tới": (1, True),
    "sắp tới": (1, True),
    "tiếp theo": (1, True),
    "tới đây": (1, True),
}
_AGO_NOT_BEFORE = alt(
    ["khi", "đó", "ấy", "đấy", "ngày", "hôm", "lúc", "thời điểm", "kỳ", "tết", "nữa", "kể"]
)
AGO = "(?:" + alt(AGO_WORDS) + rf")(?!{S}{_AGO_NOT_BEFORE})(?![ \t]*[0-9])"

_DIGITS = {
    "một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "lăm": 5, "sáu": 6,
    "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9,
}  # fmt: skip
NUMBER_WORD = (
    rf"(?:(?:hai|ba|bốn|năm|sáu|bảy|tám|chín){S}mươi(?:{S}(?:mốt|hai|ba|bốn|tư|lăm|sáu|bảy|tám|chín))?"
    rf"|mười(?:{S}(?:một|hai|ba|bốn|lăm|sáu|bảy|tám|chín))?"
    rf"|một|hai|ba|bốn|năm|sáu|bảy|tám|chín){WE}"
)


def number_word_value(text: str) -> int | None:
    """Value of a Vietnamese number word up to 99 ("mười lăm" -> 15, "hai mươi mốt" -> 21)."""
    words = norm(text).split()
    if not words:
        return None
    if words[0] == "mười":
        return 10 + (_DIGITS.get(words[1], 0) if len(words) > 1 else 0)
    if len(words) >= 2 and words[1] == "mươi":
        tens = _DIGITS.get(words[0])
        if tens is None:
            return None
        return tens * 10 + (_DIGITS.get(words[2], 0) if len(words) > 2 else 0)
    return _DIGITS.get(words[0]) if len(words) == 1 else None


def _n_units_produce(
    m: regex.Match[str], text: str, rule: str
) -> list[tuple[int, int, PartialDate]]:
    n_text = m.group("n")
    n = int(n_text) if n_text.isdigit() else number_word_value(n_text)
    if n is None or n == 0 or n > 1000:
        return []
    unit = UNITS[norm(m.group("unit"))]
    if m.group("cach") is not None:
        sign, period = -1, False
    else:
        sign, period = AGO_WORDS[norm(m.group("ago"))]
    if not period:
        pd = PartialDate(rel_unit=unit, rel_offset=sign * n, rule=rule)
        return [(m.start(), m.end(), pd)]
    here = PartialDate(rel_unit=unit, rel_offset=0, rule=rule)
    there = PartialDate(rel_unit=unit, rel_offset=sign * n, rule=rule)
    first, last = (there, here) if sign < 0 else (here, there)
    return [(m.start(), m.end(), replace(first, end=last))]


#: "3 ngày trước", "hai tuần tới", "cách đây 5 năm", "2 tháng qua".
N_UNITS = Rule(
    "n_units",
    anchor=("ngày|hôm|tuần|tháng|quý|năm",),
    body=(
        rf"(?:(?P<cach>cách{S}đây){S}(?P<n>[0-9]{{1,3}}|{NUMBER_WORD}){S}"
        rf"(?P<unit>ngày|hôm|tuần|tháng|quý|năm){WE}(?!{S}(?:nay|rồi|qua|trước|sau){WE})"
        rf"|(?<!(?:(?-i:quý)|tháng|thứ){S})(?P<n>[0-9]{{1,3}}|{NUMBER_WORD}){S}"
        rf"(?P<unit>ngày|hôm|tuần|tháng|quý|năm){S}"
        rf"(?P<ago>{AGO}))"
    ),
    produce=_n_units_produce,
)
