"""Weekdays: "thứ tư tuần tới", "thứ 6 của tuần này", "thứ hai tới", "chủ nhật vừa qua", "vào
thứ hai", "Thứ Năm", "sáng T2". A weekday with a date ("ngày thứ năm 19-11") is a day
(:mod:`.days`)."""

from __future__ import annotations

import regex

from ..resolve import PartialDate
from .base import (
    FLAGS,
    POD,
    REL,
    WD_DIR,
    WEEKDAY,
    WEEKDAY_CAPITAL,
    Groups,
    Rule,
    S,
    norm,
    single,
    weekday_ok,
)

#: What every weekday contains.
_WEEKDAY_ANCHOR = r"thứ|chủ[ \t]+nhật|(?-i:T[2-7]|CN)"
_WD_HEAD = rf"(?:(?P<pod>{POD}){S})?(?:(?P<dw>ngày|hôm){S})?(?P<wd>{WEEKDAY})"

#: A weekday of a week: "thứ tư tuần tới", "thứ 6 của tuần này".
WEEKDAY_WEEK = Rule(
    "weekday_week",
    anchor=("tuần",),
    body=_WD_HEAD + rf"{S}(?:của{S})?tuần{S}(?P<wrel>{REL})",
    produce=single(lambda m, pd: weekday_ok(m, m.span("wd"), with_date=True)),
    priority=1,
)

#: Direction words that make "thứ hai ..." a weekday by themselves ("cây thứ ba này" is not).
STRONG_WD_DIRECTIONS = frozenset({"tới", "sắp tới", "tới đây", "vừa qua", "vừa rồi"})


def _weekday_direction_check(m: regex.Match[str], pd: PartialDate) -> bool:
    wd = m.group("wd")
    strong = norm(m.group("dir")) in STRONG_WD_DIRECTIONS
    head = m.group("dw") is not None or m.group("pod") is not None
    if not (strong or head or regex.fullmatch(WEEKDAY_CAPITAL, wd, flags=FLAGS)):
        return False
    return weekday_ok(m, m.span("wd"), with_date=True)


#: A weekday with a direction: "thứ hai tới", "chủ nhật vừa qua", "thứ ba vừa rồi".
WEEKDAY_DIRECTION = Rule(
    "weekday_direction",
    anchor=(_WEEKDAY_ANCHOR,),
    body=_WD_HEAD + rf"{S}(?P<dir>{WD_DIR})",
    produce=single(_weekday_direction_check),
)


def _weekday_standalone(m: regex.Match[str], pd: PartialDate) -> bool:
    g = Groups(m, "")
    span = g.span("wd")
    if span is None:
        return False
    wd = m.string[span[0] : span[1]]
    head = g("dw") is not None or g("pod") is not None
    # "T2", "CN" need a head word ("sáng T2"; "cho đến CN" is "công nhân"); "thứ hai" needs a
    # head word, a preposition ("vào thứ hai") or capitals ("Thứ Hai", "thứ Hai")
    if norm(wd) == "cn" or regex.fullmatch(r"(?-i:T[2-7])", wd) is not None:
        return head and weekday_ok(m, span)
    if not (head or g("prep") is not None or regex.fullmatch(WEEKDAY_CAPITAL, wd, flags=FLAGS)):
        return False
    return weekday_ok(m, span)


#: A weekday alone: "vào thứ hai", "Thứ Năm", "sáng T2", "hôm chủ nhật".
WEEKDAY_ALONE = Rule(
    "weekday",
    anchor=(_WEEKDAY_ANCHOR,),
    body=(
        rf"(?:(?<=(?:^|[^\p{{L}}])(?P<prep>vào|hồi|kể{S}từ|cho{S}đến|cho{S}tới){S})|"
        rf"(?P<pod>{POD}){S}(?:(?P<dw>ngày|hôm){S})?|(?P<dw>ngày|hôm){S})?(?P<wd>{WEEKDAY})"
    ),
    produce=single(_weekday_standalone),
)
