"""Ranges and lists: "từ 19 đến 21-11", "19-21/11", "từ tháng 3 đến tháng 5/2016", "giai đoạn
2016-2020", "từ tháng 3 đến nay"; "ngày 16, 17 và 18-8" (one date per item, each with the month
and year of the last)."""

from __future__ import annotations

from dataclasses import replace

import regex

from ..resolve import PartialDate
from .base import (
    DIGIT,
    HY,
    MOD,
    MONTH_CORE,
    MONTH_YEAR_BARE,
    NUM_DATE,
    PARTS_OF_DAY,
    POD,
    S0,
    TIME,
    TIME_ANCHOR,
    TIME_HEAD,
    UNIT_AFTER,
    WE,
    WORD_DATE,
    Y4,
    YEAR_CORE,
    D,
    Groups,
    LazyPattern,
    M,
    Rule,
    S,
    ascending,
    build,
    clock,
    day_date,
    has_head,
    headless_number_ok,
    norm,
    not_date_before,
    prefixed,
    text_before,
    valid,
)

#: Heads after which "2016-2020" is a span of years.
YEAR_SPAN_HEADS = LazyPattern(
    rf"(?:giai{S}đoạn|nhiệm{S}kỳ|năm{S}học|niên{S}khóa|niên{S}học|mùa{S}giải|mùa|thời{S}kỳ"
    rf"|kế{S}hoạch|chiến{S}lược|khóa|niên{S}độ){S}\Z"
)


def _range_pattern() -> str:
    def endpoint(p: str, first: bool) -> str:
        head = prefixed(
            rf"{TIME_HEAD}?(?:(?P<§pod>{POD}){S})?(?:(?P<§dw>ngày|hôm){WE}{S})?",
            p,
        )
        options = [
            prefixed(NUM_DATE, p),
            prefixed(WORD_DATE, p),
            prefixed(rf"(?:(?P<§mod>{MOD}){S})?{MONTH_CORE}", p),
            prefixed(rf"(?:(?P<§mod>{MOD}){S})?{YEAR_CORE}", p),
            prefixed(rf"(?P<§core>(?P<§yy>{Y4}))(?![0-9])", p),
        ]
        if first:
            options.append(prefixed(rf"(?P<§core>(?P<§d>{D}))(?![0-9])", p))
        else:
            options.append(prefixed(MONTH_YEAR_BARE, p))
            options.append(prefixed(rf"(?P<§core>(?P<§mb>{M}))(?![0-9])", p))
            options.append(
                prefixed(r"(?P<§now>nay|hiện{S}nay|hiện{S}tại|bây{S}giờ)", p).replace("{S}", S)
            )
        return head + "(?:" + "|".join(options) + ")"

    return (
        rf"(?:(?P<from>từ|kể{S}từ){S})?{endpoint('a_', True)}"
        rf"(?P<conn>{HY}|{S}(?:đến|tới|cho{S}đến|cho{S}tới)(?:{S}hết)?{S})"
        rf"{endpoint('b_', False)}"
    )


def _range_produce(m: regex.Match[str], text: str, rule: str) -> list[tuple[int, int, PartialDate]]:
    a = build(m, "a_", rule)
    b = build(m, "b_", rule)
    if a is None or b is None:
        return []
    ga, gb = Groups(m, "a_"), Groups(m, "b_")
    dash = norm(m.group("conn")) in ("-", "–")
    has_from = m.group("from") is not None
    a_head = has_head(m, "a_")
    now = gb("now") is not None
    a_bare_day = a.day is not None and a.month is None
    a_bare_year, b_bare_year = ga("yy") is not None, gb("yy") is not None
    # the two ends must be of compatible grains
    if now:
        if dash:
            return []
    elif a.grain == "day":
        if b.grain != "day" or b.month is None:
            return []
    elif a.grain == "month":
        if b.grain not in ("month", "day"):
            return []
    elif a.grain != "year" or b.grain != "year":
        return []
    if gb("mb") is not None and (a.grain != "month" or a.year is not None):
        return []
    if b_bare_year and a.grain != "year":
        return []
    if a_bare_year:
        if not has_from and not YEAR_SPAN_HEADS.get().search(text_before(text, m.start())):
            return []
        if b.year is not None and a.year is not None and not a.year < b.year <= a.year + 100:
            return []
    wrapped = a_bare_day and b.day is not None and a.day is not None and a.day >= b.day
    if wrapped and (dash or not (has_from or a_head)):
        return []
    # bare numbers: the same guards as single dates
    if not has_from and not a_head and not_date_before(text, m.start()):
        return []
    if not has_head(m, "b_") and ascending(b) and UNIT_AFTER.get().match(text, m.end()):
        return []
    for g in (ga, gb):
        y = g("y")
        if g("sep") == "." and not has_head(m, g.p) and (y is None or len(y) != 4):
            return []
    start = replace(a, end=b, core=a.core + b.core, rule=rule)
    return [(m.start(), m.end(), start)]


#: Ranges: "từ 19 đến 21-11", "19-21/11", "từ tháng 3 đến tháng 5/2016", "từ 2010 đến 2015".
RANGE = Rule(
    "range",
    anchor=(DIGIT, "[-–]|đến|tới"),
    body=_range_pattern(),
    produce=_range_produce,
    priority=3,
)

ITEM = LazyPattern(rf"(?:(?P<pod>{POD}){S})?(?P<d1>{D})(?:{S}(?:đến|tới){S}(?P<d2>{D}))?\Z")


def _list_produce(m: regex.Match[str], text: str, rule: str) -> list[tuple[int, int, PartialDate]]:
    last = build(m, "f_", rule)
    if last is None or last.month is None or last.day is None:
        return []
    gf = Groups(m, "f_")
    if gf("sep") == "." and gf("y") is None:
        return []
    if m.group("ldw") is None and not headless_number_ok(text, m.start(), m.end(), ascending(last)):
        return []
    out: list[tuple[int, int, PartialDate]] = []
    starts = m.starts("item")
    ends = m.ends("item")
    template = PartialDate(
        month=last.month,
        year=last.year,
        year_digits=last.year_digits,
        lunar=last.lunar,
        rel_unit=last.rel_unit,
        rel_offset=last.rel_offset,
        rule=rule,
    )
    item = ITEM.get()
    for k, (a, b) in enumerate(zip(starts, ends, strict=True)):
        im = item.match(text, a, b)
        if im is None:
            return []
        pod = im.group("pod")
        pod_v = PARTS_OF_DAY[norm(pod)] if pod else None
        d1s = im.span("d1")
        first = replace(template, day=int(im.group("d1")), part_of_day=pod_v, core=(d1s,))
        if not valid(first):
            return []
        s = m.start() if k == 0 else a
        if im.group("d2") is not None:
            d2s = im.span("d2")
            second = replace(first, day=int(im.group("d2")), part_of_day=None, core=(d2s,))
            if not valid(second) or second.day is None or first.day is None:
                return []
            if second.day <= first.day:
                return []
            out.append((s, b, replace(first, end=second, core=(d1s, d2s))))
        else:
            out.append((s, b, first))
    fs = m.start("f_all")
    out.append((fs, m.end(), last))
    return out


_ITEM = rf"(?:{POD}{S})?{D}(?:{S}(?:đến|tới){S}{D})?"

#: Lists of days sharing a month: "ngày 16, 17 và 18-8".
LIST = Rule(
    "list",
    anchor=(DIGIT, ",|và|hoặc"),
    body=(
        rf"(?:(?P<ldw>ngày){S})?(?P<item>{_ITEM})(?:{S0},{S0}(?P<item>{_ITEM}))*"
        rf"(?:{S0},{S0}và{S}|{S0},{S0}|{S}và{S}|{S}hoặc{S})(?(ldw)(?:ngày{S})?)"
        rf"(?P<f_all>(?:(?P<f_pod>{POD}){S})?"
        rf"(?:{prefixed(NUM_DATE, 'f_')}|{prefixed(WORD_DATE, 'f_')}))"
    ),
    produce=_list_produce,
    priority=3,
)


def _time_range_produce(
    m: regex.Match[str], text: str, rule: str
) -> list[tuple[int, int, PartialDate]]:
    last = build(m, "", rule)
    ga = Groups(m, "a_")
    hh = ga("hh")
    if last is None or last.hour is None or hh is None:
        return []
    mi = ga("mi")
    hour = clock(int(hh), last.part_of_day)
    minute = int(mi) if mi is not None else 30 if ga("hr") is not None else 0
    first = replace(last, hour=hour, minute=minute, end=last)
    if not valid(first) or (hour, minute) >= (last.hour, last.minute or 0):
        return []
    return [(m.start(), m.end(), first)]


#: Two times of one day: "từ 7h đến 10h30 ngày 5/10", "8h-11h sáng 20/11" (one range, whose
#: calendar part is the day's).
TIME_RANGE = Rule(
    "time_range",
    anchor=(DIGIT, TIME_ANCHOR),
    body=(
        rf"(?:từ{S})?{prefixed(TIME, 'a_')}(?:{S}(?:đến|tới){S}|{HY})"
        rf"(?=[0-9]){day_date('', time=True)}"
    ),
    produce=_time_range_produce,
    priority=1,
)
