"""The Vietnamese date grammar: named rules, each an anchor, a pattern and a production.

Every rule is a :class:`~.base.Rule` matched on the normalized text: ``name``, ``anchor`` (what
every match contains: the recognizer searches a sentence with a rule only where its anchor is),
``body`` (a ``regex`` pattern, compiled on first use) and ``produce`` (the partial dates of a
match, :class:`~viextract.dates.resolve.PartialDate`). The rules live by family:

* :mod:`.days`: days with a month ("20/11/2015", "ngày thứ năm 19-11"), without ("ngày 15"),
  "ngày đầu tiên của tháng 3";
* :mod:`.periods`: months, years, quarters, halves, seasons, decades, centuries ("tháng 3/2016",
  "năm 2018", "quý hai năm sau", "nửa đầu năm", "mùa thu năm 2026");
* :mod:`.relative`: relative to the reference ("hôm qua", "tháng trước", "3 ngày trước");
* :mod:`.weekdays`: "thứ tư tuần tới", "chủ nhật vừa qua", "vào thứ hai";
* :mod:`.lunar`: "mùng 1 Tết", "rằm tháng giêng";
* :mod:`.ranges`: ranges ("từ 19 đến 21-11", "từ 7h đến 10h30 ngày 5/10") and lists ("ngày 16,
  17 và 18-8");

and share the building blocks, :class:`~.base.Rule` and :func:`~.base.build` of :mod:`.base`.
Each rule's examples are lines of ``tests/data/dates_corpus.tsv`` whose ``rule`` column names it
(a test checks that every rule has positive and negative examples, and that its anchor is found
in each of its matches there); :func:`prefilter` (the recognizer's first test of a text) is
derived from the anchors.

Span conventions (what an entity covers):

* A time is part of the date it goes with: "21h15 ngày 3/9", "16 giờ chiều qua".
* Head words are part of the date: "ngày 20-11", "hôm 17/3", "sáng 20-11", "chiều ngày 19/11",
  "ngày thứ năm 19-11", "thứ sáu 13-11", "hôm qua 20-11", "đầu tháng 10", "tháng 12 tới".
* Prepositions are not: "vào", "hồi", "trong", "từ" and "đến" of a single date, "lúc"; a range
  includes its "từ": "từ 19 đến 21-11".
* A list of days sharing a month ("ngày 16, 17 và 18-8") gives one date per item ("ngày 16",
  "17", "18-8"), each with the month and year of the last.

Precision guards: numbers glued to letters or to other numbers ("TU-160", "737-800", "24/7/365")
never match (the recognizer also keeps spans on syllable boundaries); a bare number such as
"30/4" or "3-1" is not a date after a word of ``data/dates/not_date_heads.txt`` ("đường 30/4",
"thắng 3-1", "Thông tư 12/2015") or before a word of ``data/dates/units.txt`` ("5-6 ngày",
"2/3 số dân"); "19.11" needs a head word or a four-digit year ("10.5 triệu", "phiên bản 2.1");
"thứ hai" is a weekday only in a weekday context (a head word, a date, "tuần", a direction word,
capitals "Thứ Hai"), never after a noun of ``data/dates/ordinal_heads.txt`` ("lần thứ hai").
"""

from __future__ import annotations

from functools import cache

import regex

from .base import LazyPattern, Rule, load_word_lists
from .days import DAY_DATE, DAY_ONLY, NTH_DAY, TIME_DATE
from .lunar import LUNAR_DAY
from .periods import CENTURY, DECADE, HALF, MONTH, MONTH_YEAR, QUARTER, SEASON, YEAR
from .ranges import LIST, RANGE, TIME_RANGE
from .relative import (
    MODIFIED_UNIT,
    MONTH_RELATIVE,
    N_UNITS,
    QUARTER_RELATIVE,
    RELATIVE_DAY,
    RELATIVE_TIME,
    WEEK_RELATIVE,
    YEAR_RELATIVE,
)
from .weekdays import WEEKDAY_ALONE, WEEKDAY_DIRECTION, WEEKDAY_WEEK

#: Every rule. The order breaks the last ties: between matches covering the same text with the
#: same priority, the earlier rule's is kept.
RULES: tuple[Rule, ...] = (
    DAY_DATE,
    TIME_DATE,
    RELATIVE_DAY,
    RELATIVE_TIME,
    LUNAR_DAY,
    DAY_ONLY,
    NTH_DAY,
    MONTH,
    MONTH_RELATIVE,
    MONTH_YEAR,
    YEAR,
    MODIFIED_UNIT,
    YEAR_RELATIVE,
    QUARTER,
    QUARTER_RELATIVE,
    HALF,
    SEASON,
    WEEK_RELATIVE,
    WEEKDAY_WEEK,
    WEEKDAY_DIRECTION,
    WEEKDAY_ALONE,
    N_UNITS,
    DECADE,
    CENTURY,
    RANGE,
    TIME_RANGE,
    LIST,
)


@cache
def prefilter(rules: tuple[Rule, ...] = RULES) -> LazyPattern:
    """A text where this pattern is not found holds no date of ``rules``: the union of the
    rules' first anchor regexes (a rule's anchor is in each of its matches)."""
    parts = dict.fromkeys(rule.anchor[0] for rule in rules)
    return LazyPattern("|".join(f"(?:{p})" for p in parts), regex.IGNORECASE)


__all__ = ["RULES", "LazyPattern", "Rule", "load_word_lists", "prefilter"]
