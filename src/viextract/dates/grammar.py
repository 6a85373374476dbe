"""The Vietnamese date grammar: named rules, each a precompiled pattern and a production.

Every rule is a :class:`Rule` (``name``, ``pattern`` built with the ``regex`` module, ``produce``)
matched on the normalized text. Patterns are assembled from small templates that share one
vocabulary of named groups (``d`` day, ``m`` month, ``mw`` month word, ``y`` year, ``yrel``
relative year, ``wd`` weekday, ``pod`` part of day, ``dw`` head word "ngày"/"hôm", ``mod``
modifier, ``dir`` direction word, ``drel`` relative day, ``core`` the calendar part...). One
production, :func:`build`, reads those groups (optionally under a prefix: ranges use ``a_`` for
their start and ``b_`` for their end, lists ``f_`` for their last date) and returns a
:class:`~viextract.dates.resolve.PartialDate`, or ``None`` when the match is not a valid date.

Span conventions (what an entity covers):

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

import calendar
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

import regex

from ..data import word_list
from ..types import Modifier, PartOfDay
from .resolve import Direction, PartialDate, Unit

Span = tuple[int, int]
Production = Callable[["regex.Match[str]", str], list[tuple[int, int, PartialDate]]]

FLAGS = regex.IGNORECASE | regex.VERSION0

# --- building blocks ----------------------------------------------------------------------

S = r"[ \t]+"  # between syllables
S0 = r"[ \t]*"
HY = r"[ \t]*[-–][ \t]*"
#: A match may not start right after a letter/digit, nor after "digit/" or "letter-" ("TU-160"),
#: nor, for a number, after "19 - " or "COVID - " (part of a longer numeric expression).
START = (
    r"(?<![\p{L}\p{N}_])(?<![\p{L}\p{N}][./\-–])"
    r"(?:(?![0-9])|(?<![\p{L}\p{N}][ \t]*[-–][ \t]*))"
)
#: ... nor end before one, nor before "/5", "-5", ".5" or "%".
END = r"(?![\p{L}\p{N}_])(?![./\-–][\p{L}\p{N}])(?![ \t]*%)"
WE = r"(?![\p{L}\p{N}_])"

D = r"(?:3[01]|[12][0-9]|0?[1-9])"
M = r"(?:1[0-2]|0?[1-9])"
Y4 = r"(?:1[0-9][0-9][0-9]|20[0-9][0-9]|21[0-9][0-9])"
Y2 = r"[0-9][0-9]"


def _phrase(words: str) -> str:
    """A phrase pattern: its words separated by ``S`` (spaces inside entries)."""
    return S.join(regex.escape(w) for w in words.split())


def _alt(phrases: Iterable[str]) -> str:
    """Alternation of phrases, longest first, ending on a word boundary."""
    items = sorted(set(phrases), key=lambda w: (-len(w), w))
    return "(?:" + "|".join(_phrase(w) for w in items) + ")" + WE


def _key(text: str) -> str:
    return " ".join(text.lower().split())


PARTS_OF_DAY: dict[str, PartOfDay] = {
    "sáng": "MO",
    "buổi sáng": "MO",
    "sáng sớm": "MO",
    "rạng sáng": "MO",
    "rạng đông": "MO",
    "trưa": "MI",
    "buổi trưa": "MI",
    "chiều": "AF",
    "buổi chiều": "AF",
    "xế chiều": "AF",
    "chiều tối": "EV",
    "tối": "EV",
    "buổi tối": "EV",
    "đêm": "NI",
    "ban đêm": "NI",
    "nửa đêm": "NI",
    "đêm khuya": "NI",
    "khuya": "NI",
}
POD = _alt(PARTS_OF_DAY)

MODIFIERS: dict[str, Modifier] = {
    "đầu": "START",
    "giữa": "MID",
    "cuối": "END",
    "thượng tuần": "START",
    "trung tuần": "MID",
    "hạ tuần": "END",
    "nửa đầu": "START",
    "nửa cuối": "END",
}
MOD = _alt(MODIFIERS)

MONTH_WORDS = {
    "giêng": 1,
    "một": 1,
    "hai": 2,
    "ba": 3,
    "tư": 4,
    "bốn": 4,
    "năm": 5,
    "sáu": 6,
    "bảy": 7,
    "bẩy": 7,
    "tám": 8,
    "chín": 9,
    "mười": 10,
    "mười một": 11,
    "mười hai": 12,
    "chạp": 12,
}
LUNAR_MONTH_WORDS = frozenset({"giêng", "chạp"})
# "tháng năm" is May only as "tháng Năm" or before a year ("những tháng năm ấy": those times).
_MW_NOT_AFTER = _alt(["lần", "lượt", "đợt", "kỳ", "buổi", "chuyến", "người", "ngày", "tuần"])
MONTH_WORD = (
    "(?:"
    + _alt(w for w in MONTH_WORDS if w != "năm")
    + rf"|(?-i:Năm){WE}|năm(?={S}năm{S}[0-9])"
    + rf")(?!{S}{_MW_NOT_AFTER})"
)

WEEKDAY_WORDS = {"hai": 1, "ba": 2, "tư": 3, "năm": 4, "sáu": 5, "bảy": 6, "bẩy": 6}
WEEKDAY = (
    rf"(?:thứ{S}(?:hai|ba|tư|năm|sáu|bảy|bẩy|[2-7]){WE}|chủ{S}nhật{WE}"
    rf"|(?-i:T[2-7]|CN){WE})"
)
WEEKDAY_CAPITAL = rf"(?-i:(?:[Tt]hứ{S}(?:Hai|Ba|Tư|Năm|Sáu|Bảy|Bẩy)|[Cc]hủ{S}[Nn]hật){WE})"

#: Relative words after "tuần", "tháng", "quý", "năm": offset from the reference.
REL_OFFSETS = {
    "này": 0,
    "nay": 0,
    "trước": -1,
    "qua": -1,
    "vừa qua": -1,
    "vừa rồi": -1,
    "rồi": -1,
    "sau": 1,
    "tới": 1,
    "tiếp theo": 1,
    "kế tiếp": 1,
    "tiếp": 1,
    "sắp tới": 1,
    "tới đây": 1,
    "kế": 1,
}
YEAR_REL_OFFSETS = {**REL_OFFSETS, "ngoái": -1, "kia": -2}
#: "năm sau đó", "tuần trước nữa", "tháng sau khi": counted from another time, not the reference.
ANAPHORIC = rf"(?!{S}(?:đó|ấy|đấy|nữa|khi|kia|nữa|này|lúc){WE})"
REL = _alt(REL_OFFSETS) + ANAPHORIC
YREL = _alt(YEAR_REL_OFFSETS) + ANAPHORIC
#: A number or plural word before "năm nay", "tuần qua": a duration ("20 năm nay", "những năm
#: qua"), not a date.
_NUMBER_WORDS = [
    "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín", "mười", "mươi", "lăm",
    "mốt", "mấy", "nhiều", "vài", "bao", "các", "những", "hàng", "hằng", "mỗi", "từng", "nửa",
    "rưỡi", "hơn", "chục", "trăm", "nghìn", "ngàn",
]  # fmt: skip
NOT_AFTER_QUANTITY = r"(?<!(?:[0-9]|(?<![\p{L}])(?:" + "|".join(_NUMBER_WORDS) + r"))[ \t]+)"

DIRECTIONS: dict[str, Direction] = {
    "tới": "future",
    "sắp tới": "future",
    "tới đây": "future",
    "vừa qua": "past",
    "vừa rồi": "past",
    "này": "nearest",
}
DIR = "(?:" + _alt(DIRECTIONS) + rf")(?!{S}(?-i:\p{{Lu}}))"
WD_DIRECTIONS: dict[str, Direction] = {
    **DIRECTIONS,
    "qua": "past",
    "trước": "past",
    "rồi": "past",
    "sau": "future",
    "nay": "nearest",
}
WD_DIR = "(?:" + _alt(WD_DIRECTIONS) + rf"){ANAPHORIC}(?!{S}(?-i:\p{{Lu}}))"

DAY_RELATIVE = {
    "hôm nay": 0,
    "bữa nay": 0,
    "ngày hôm nay": 0,
    "hôm qua": -1,
    "bữa qua": -1,
    "ngày hôm qua": -1,
    "hôm kia": -2,
    "ngày hôm kia": -2,
    "ngày mai": 1,
    "ngày kia": 2,
    "ngày mốt": 2,
}
#: Only after a part of day: "sáng nay", "tối qua", "chiều mai".
POD_RELATIVE = {"nay": 0, "qua": -1, "mai": 1, "hôm nay": 0, "hôm qua": -1, "hôm kia": -2}
DREL = _alt(DAY_RELATIVE)
POD_DREL = _alt(POD_RELATIVE) + rf"(?!{S}(?:đêm|ngày){WE})"

UNITS: dict[str, Unit] = {
    "ngày": "day",
    "hôm": "day",
    "tuần": "week",
    "tháng": "month",
    "quý": "quarter",
    "năm": "year",
}
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
_AGO_NOT_BEFORE = _alt(
    ["khi", "đó", "ấy", "đấy", "ngày", "hôm", "lúc", "thời điểm", "kỳ", "tết", "nữa", "kể"]
)
AGO = "(?:" + _alt(AGO_WORDS) + rf")(?!{S}{_AGO_NOT_BEFORE})(?![ \t]*[0-9])"

_DIGITS = {
    "một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "lăm": 5, "sáu": 6,
    "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9,
}  # fmt: skip
NUMBER_WORD = (
    rf"(?:(?:hai|ba|bốn|năm|sáu|bảy|tám|chín){S}mươi(?:{S}(?:mốt|hai|ba|bốn|tư|lăm|sáu|bảy|tám|chín))?"
    rf"|mười(?:{S}(?:một|hai|ba|bốn|lăm|sáu|bảy|tám|chín))?"
    rf"|một|hai|ba|bốn|năm|sáu|bảy|tám|chín){WE}"
)
ROMAN = r"(?-i:[IVXL]{1,6})"
ROMAN_QUARTER = r"(?-i:IV|III|II|I)"


def number_word_value(text: str) -> int | None:
    """Value of a Vietnamese number word up to 99 ("mười lăm" -> 15, "hai mươi mốt" -> 21)."""
    words = _key(text).split()
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


def roman_value(text: str) -> int | None:
    """Value of a well-formed Roman numeral up to 50 ("XX" -> 20), else None."""
    return _ROMAN.get(text)


def _to_roman(n: int) -> str:
    out = []
    for v, s in ((50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= v:
            out.append(s)
            n -= v
    return "".join(out)


_ROMAN = {_to_roman(n): n for n in range(1, 51)}


def _words_pattern(name: str) -> str:
    return _alt(word_list(f"dates/{name}.txt"))


#: "tháng 2 lần" (twice a month), "tháng 3 ngày": not a month name.
MONTH_UNIT_AFTER = regex.compile(
    rf"{S}"
    + _alt(
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
    ),
    FLAGS,
)


# Patterns built from package word lists are compiled on first use, not at import, so that
# ``import viextract`` never reads data files (and a bad data file fails with a ModelError when
# an Extractor is built).
@cache
def unit_after() -> regex.Pattern[str]:
    """A unit word right after a number: "130 người", "5 %"."""
    return regex.compile(rf"{S0}(?:%|{_words_pattern('units')})", FLAGS)


@cache
def _not_date_head() -> regex.Pattern[str]:
    """A head word that makes the following number something else ("Thông tư 12/2015")."""
    return regex.compile(
        rf"(?<![\p{{L}}\p{{N}}]){_words_pattern('not_date_heads')}"
        rf"(?:{S}(?:từ|khoảng|chừng|đến|tới|lên|xuống|còn|là){WE})?{S0}[(]?{S0}\Z",
        FLAGS,
    )


@cache
def ordinal_before() -> regex.Pattern[str]:
    """A head word that makes "thứ hai" an ordinal ("lần thứ hai")."""
    return regex.compile(rf"(?<![\p{{L}}\p{{N}}]){_words_pattern('ordinal_heads')}{S}\Z", FLAGS)


def load_word_lists() -> None:
    """Build the word-list patterns now (they are otherwise built on first use)."""
    unit_after()
    _not_date_head()
    ordinal_before()


#: "ngày thứ 5 liên tiếp": the fifth day, not Thursday.
ORDINAL_AFTER = regex.compile(
    rf"{S}(?:liên{S}tiếp|liên{S}tục|kể{S}từ|sau{S}khi|của(?!{S}tuần)|trong|điều{S}trị"
    rf"|cách{S}ly|nằm{S}viện|nhập{S}viện|thi{S}đấu|làm{S}việc|hội{S}nghị|diễn{S}ra){WE}",
    FLAGS,
)
#: Heads after which "2016-2020" is a span of years.
YEAR_SPAN_HEADS = regex.compile(
    rf"(?:giai{S}đoạn|nhiệm{S}kỳ|năm{S}học|niên{S}khóa|niên{S}học|mùa{S}giải|mùa|thời{S}kỳ"
    rf"|kế{S}hoạch|chiến{S}lược|khóa|niên{S}độ){S}\Z",
    FLAGS,
)


# --- templates (``§`` stands for the group prefix) ------------------------------------------

YEAR_TAIL = (
    rf"(?:{S}năm{S}(?P<§y>{Y4})|{S0}[/,]{S0}(?P<§y>{Y4})|{HY}(?P<§y>{Y4})"
    rf"|{S}năm{S}(?P<§yrel>{YREL}))"
)
NUM_DATE = (
    rf"(?P<§core>(?P<§d>{D})(?:"
    rf"(?P<§sep>{S0}/{S0})(?P<§m>{M})(?:{S0}/{S0}(?P<§y>{Y4}|{Y2}))?"
    rf"|(?P<§sep>\.)(?P<§m>{M})(?:\.(?P<§y>{Y4}|{Y2}))?"
    rf"|(?P<§sep>{HY})(?P<§m>{M})(?:{HY}(?P<§y>{Y4}|{Y2}))?"
    rf")(?:{S}năm{S}(?P<§yrel>{YREL}))?"
    rf"|(?P<§y>{Y4})-(?P<§m>1[0-2]|0[1-9])-(?P<§d>3[01]|[12][0-9]|0[1-9]))"
)
WORD_DATE = (
    rf"(?P<§core>(?:(?P<§mung>mùng|mồng){S})?(?P<§d>{D}){S}tháng{S}"
    rf"(?:(?P<§m>{M})(?![0-9])|(?P<§mw>{MONTH_WORD})){YEAR_TAIL}?)"
)
MONTH_CORE = rf"(?P<§core>tháng{S}(?:(?P<§m>{M})(?![0-9])|(?P<§mw>{MONTH_WORD})){YEAR_TAIL}?)"
MONTH_YEAR_BARE = rf"(?P<§core>(?P<§m>{M}){S0}/{S0}(?P<§y>{Y4}))"
YEAR_CORE = rf"(?P<§core>năm{S}(?P<§y>{Y4}))"
LUNAR_TAIL = (
    rf"(?:{S}(?P<§lunar>âm{S}lịch|theo{S}lịch{S}âm)"
    rf"|{S0}\({S0}(?P<§lunar>âm{S}lịch|(?-i:ÂL|AL)){S0}\))"
)
TET_CORE = (
    rf"(?P<§core>(?P<§mung>mùng|mồng){S}(?P<§d>{D}){S}(?P<§tet>tết)"
    rf"|(?P<§d>2[0-9]|30){S}(?P<§tet>tết))"
)
RAM_CORE = (
    rf"(?P<§core>(?P<§ram>rằm){S}tháng{S}(?:(?P<§m>{M})(?![0-9])|(?P<§mw>{MONTH_WORD}))"
    rf"{YEAR_TAIL}?)"
)
#: Part of day, head word and weekday before a day: "sáng", "ngày", "chiều ngày", "thứ sáu",
#: "ngày thứ năm", "Thứ năm, ngày", "thứ năm (".
DAY_HEAD = (
    rf"(?:(?P<§pod>{POD}){S})?(?:(?P<§dw>ngày|hôm|bữa){WE}{S})?"
    rf"(?:(?P<§wd>{WEEKDAY})(?:{S0},{S0}|{S}(?P<§paren>\(){S0}|{S})(?:ngày{S})?)?"
)
CLOSE = rf"(?(§paren){S0}\))"
DATE_DIR = rf"(?:{S}(?P<§dir>{DIR}))?"


def _p(template: str, prefix: str) -> str:
    return template.replace("§", prefix)


def day_date(prefix: str = "") -> str:
    """A day with its optional head: "ngày thứ năm 19-11", "sáng 20/11/2015", "3 tháng ba"."""
    return _p(
        rf"{DAY_HEAD}(?:{NUM_DATE}|{WORD_DATE}){LUNAR_TAIL}?{CLOSE}{DATE_DIR}",
        prefix,
    )


# --- productions --------------------------------------------------------------------------


class _Groups:
    """Named groups of a match under a prefix, read safely."""

    __slots__ = ("_d", "m", "p")

    def __init__(self, m: regex.Match[str], p: str) -> None:
        self.m = m
        self.p = p
        self._d: dict[str, Any] = m.groupdict()

    def __call__(self, name: str) -> str | None:
        v = self._d.get(self.p + name)
        return v if isinstance(v, str) else None

    def span(self, name: str) -> Span | None:
        if self(name) is None:
            return None
        s: Span = self.m.span(self.p + name)
        return s


def _days_in(month: int, year: int | None) -> int:
    return calendar.monthrange(year if year is not None else 2000, month)[1]


def build(m: regex.Match[str], p: str = "", rule: str = "") -> PartialDate | None:
    """The partial date described by the groups of ``m`` under prefix ``p``; None if invalid."""
    g = _Groups(m, p)
    f: dict[str, Any] = {"rule": rule}
    core = g.span("core")
    if core is not None:
        f["core"] = (core,)
    if (d := g("d")) is not None:
        f["day"] = int(d)
    if (mo := g("m")) is not None:
        f["month"] = int(mo)
    elif (mw := g("mw")) is not None:
        f["month"] = MONTH_WORDS[_key(mw)]
        if _key(mw) in LUNAR_MONTH_WORDS:
            f["lunar"] = True
    elif (mb := g("mb")) is not None:
        f["month"] = int(mb)
    if (y := g("y")) is not None:
        f["year"] = int(y)
        f["year_digits"] = len(y)
    if (yr := g("yrel")) is not None:
        if "year" in f:
            return None
        f["rel_unit"], f["rel_offset"] = "year", YEAR_REL_OFFSETS[_key(yr)]
    if (wd := g("wd")) is not None:
        f["weekday"] = weekday_value(wd)
    if (pod := g("pod")) is not None:
        f["part_of_day"] = PARTS_OF_DAY[_key(pod)]
    if (mod := g("mod")) is not None:
        f["modifier"] = MODIFIERS[_key(mod)]
    if (dr := g("dir")) is not None:
        direction = WD_DIRECTIONS[_key(dr)]
        if "year" in f or "rel_unit" in f:
            return None
        f["direction"] = direction
    if g("lunar") is not None:
        f["lunar"] = True
    if g("tet") is not None:
        f["lunar"] = True
        f["month"] = 1 if f.get("day", 1) <= 10 and g("mung") is not None else 12
        if f["month"] == 12 and f.get("day", 0) < 20:
            return None
    if g("ram") is not None:
        f["day"] = 15
        f["lunar"] = True
    if (dr := g("drel")) is not None:
        off = DAY_RELATIVE.get(_key(dr), POD_RELATIVE.get(_key(dr)))
        if off is None or "rel_unit" in f:
            return None
        f["rel_unit"], f["rel_offset"] = "day", off
    if (rel := g("wrel")) is not None:
        f["rel_unit"], f["rel_offset"] = "week", REL_OFFSETS[_key(rel)]
        if "weekday" not in f and _key(g("mod") or "") == "cuối":
            f["weekend"] = True
            f["modifier"] = None
    if (rel := g("mrel")) is not None:
        f["rel_unit"], f["rel_offset"] = "month", REL_OFFSETS[_key(rel)]
    if (q := g("q")) is not None:
        f["quarter"] = int(q) if q.isdigit() else roman_value(q)
    if (rel := g("qrel")) is not None:
        f["rel_unit"], f["rel_offset"] = "quarter", REL_OFFSETS[_key(rel)]
    if (rel := g("crel")) is not None:
        f["rel_unit"], f["rel_offset"] = "century", REL_OFFSETS[_key(rel)]
    if (c := g("cent")) is not None:
        cent = int(c) if c.isdigit() else roman_value(c)
        if cent is None or not 1 <= cent <= 22:
            return None
        f["century"] = cent
    if (dec := g("dec")) is not None:
        n = int(dec)
        if n < 100:
            century = f.pop("century", 20)
            n = (century - 1) * 100 + n
        f["decade"] = n
    if (nth := g("nth")) is not None:
        f["day"] = 1 if _key(nth).startswith("đầu") else -1
    if g("now") is not None:
        f["rel_unit"], f["rel_offset"] = "day", 0
    if (yy := g("yy")) is not None:
        f["year"] = int(yy)
    out = PartialDate(**f)
    return out if _valid(out) else None


def weekday_value(text: str) -> int:
    k = _key(text)
    if k in ("chủ nhật", "cn"):
        return 7
    if k.startswith("t") and len(k) == 2:
        return int(k[1]) - 1
    w = k.split()[-1]
    return int(w) - 1 if w.isdigit() else WEEKDAY_WORDS[w]


def _valid(p: PartialDate) -> bool:
    if p.month is not None and not 1 <= p.month <= 12:
        return False
    if p.quarter is not None and not 1 <= p.quarter <= 4:
        return False
    if p.day is not None and p.day != -1:
        if p.day < 1:
            return False
        limit = 30 if p.lunar else 31
        if p.month is not None and not p.lunar:
            year = p.year if p.year is not None and p.year_digits == 4 else None
            limit = _days_in(p.month, year)
        if p.day > limit:
            return False
    return True


# --- context checks -----------------------------------------------------------------------


def _before(text: str, start: int, width: int = 40) -> str:
    return text[max(0, start - width) : start]


def headless_number_ok(text: str, start: int, end: int, ascending: bool = True) -> bool:
    """A bare number date ("30/4", "3-1") is not a date after "đường", before "người"...

    ``ascending``: the two numbers could be a range of amounts ("5-6 người", "2/3 số dân");
    "24-3" cannot (ranges of amounts go up), so a word after it does not rule it out.
    """
    if not_date_before(text, start):
        return False
    return not ascending or unit_after().match(text, end) is None


def not_date_before(text: str, start: int) -> bool:
    """Whether a word that rules out a bare number date ("đường", "thắng") precedes ``start``."""
    return _not_date_head().search(_before(text, start)) is not None


# --- rules --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Rule:
    """A named date rule: a precompiled pattern and the production of its matches."""

    name: str
    pattern: regex.Pattern[str]
    produce: Production
    priority: int = 0
    #: A cheap pattern every match contains; lines without it are not searched.
    anchor: regex.Pattern[str] | None = None


def _single(
    rule: str, check: Callable[[regex.Match[str], PartialDate], bool] | None = None
) -> Production:
    def produce(m: regex.Match[str], text: str) -> list[tuple[int, int, PartialDate]]:
        pd = build(m, "", rule)
        if pd is None or (check is not None and not check(m, pd)):
            return []
        return [(m.start(), m.end(), pd)]

    return produce


def _has_head(m: regex.Match[str], p: str = "") -> bool:
    g = _Groups(m, p)
    return any(g(k) is not None for k in ("pod", "dw", "wd", "drel", "mung"))


def _numeric_check(m: regex.Match[str], pd: PartialDate) -> bool:
    g = _Groups(m, "")
    text = m.string
    if g("wd") is not None and not weekday_ok(m, g.span("wd") or (0, 0), with_date=True):
        return False
    if _has_head(m):
        return True
    sep = g("sep")
    full_year = len(g("y") or "") == 4
    if sep == "." and not full_year:
        return False
    if full_year and pd.day is not None:
        return True  # "20/11/2015" is a date whatever precedes it
    if g("mw") is None and g("tet") is None and "tháng" not in _key(m.group()):
        dash = sep is not None and ("-" in sep or "–" in sep)
        if dash and _score_like(text, m.start(), pd):
            return False
        return headless_number_ok(text, m.start(), m.end(), _ascending(pd))
    # "2 tháng 10 ngày": a duration of two months and ten days
    return unit_after().match(text, m.end()) is None and not regex.search(
        rf"[0-9]{S}(?:năm|tháng){S}\Z", _before(text, m.start()), flags=FLAGS
    )


#: "thắng 3-1", "tỷ số đậm 5-2", "U16 Campuchia 5-2": a score, not a date.
SCORE_BEFORE = regex.compile(
    rf"(?:(?:tỷ|tỉ){S}số|chung{S}cuộc|thắng|thua|hòa|đánh{S}bại|hạ{S}gục|cầm{S}hòa)"
    rf"(?:{S}[^ \t]+){{0,3}}{S}\Z"
    rf"|(?<=[\p{{L}}\p{{N}}][ \t]+)(?-i:\p{{Lu}})\p{{L}}*{S}\Z",
    FLAGS,
)


def _score_like(text: str, start: int, pd: PartialDate) -> bool:
    """Small "a-b" after a team name or a score word ("Campuchia 5-2", "tỷ số 2-1")."""
    small = pd.day is not None and pd.day <= 12 and pd.year is None
    return small and SCORE_BEFORE.search(_before(text, start)) is not None


def _ascending(pd: PartialDate) -> bool:
    return pd.day is None or pd.month is None or pd.day < pd.month


def weekday_ok(m: regex.Match[str], span: Span, with_date: bool = False) -> bool:
    """A weekday unless an ordinal noun precedes it ("lần thứ hai")."""
    text = m.string
    if ordinal_before().search(_before(text, m.start())):
        return False
    wd = text[span[0] : span[1]]
    return with_date or not (regex.match(r"(?i)thứ", wd) and ORDINAL_AFTER.match(text, m.end()))


def _compile(body: str) -> regex.Pattern[str]:
    return regex.compile(START + body + END, FLAGS)


def _weekday_standalone(m: regex.Match[str], pd: PartialDate) -> bool:
    g = _Groups(m, "")
    span = g.span("wd")
    if span is None:
        return False
    wd = m.string[span[0] : span[1]]
    head = g("dw") is not None or g("pod") is not None
    # "T2", "CN" need a head word ("sáng T2"; "cho đến CN" is "công nhân"); "thứ hai" needs a
    # head word, a preposition ("vào thứ hai") or capitals ("Thứ Hai", "thứ Hai")
    if _key(wd) == "cn" or regex.fullmatch(r"(?-i:T[2-7])", wd) is not None:
        return head and weekday_ok(m, span)
    if not (head or g("prep") is not None or regex.fullmatch(WEEKDAY_CAPITAL, wd, flags=FLAGS)):
        return False
    return weekday_ok(m, span)


def _range_produce(m: regex.Match[str], text: str) -> list[tuple[int, int, PartialDate]]:
    a = build(m, "a_", "range")
    b = build(m, "b_", "range")
    if a is None or b is None:
        return []
    ga, gb = _Groups(m, "a_"), _Groups(m, "b_")
    dash = _key(m.group("conn")) in ("-", "–")
    has_from = m.group("from") is not None
    a_head = _has_head(m, "a_")
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
        if not has_from and not YEAR_SPAN_HEADS.search(_before(text, m.start())):
            return []
        if b.year is not None and a.year is not None and not a.year < b.year <= a.year + 100:
            return []
    wrapped = a_bare_day and b.day is not None and a.day is not None and a.day >= b.day
    if wrapped and (dash or not (has_from or a_head)):
        return []
    # bare numbers: the same guards as single dates
    if not has_from and not a_head and not_date_before(text, m.start()):
        return []
    if not _has_head(m, "b_") and _ascending(b) and unit_after().match(text, m.end()):
        return []
    for g in (ga, gb):
        y = g("y")
        if g("sep") == "." and not _has_head(m, g.p) and (y is None or len(y) != 4):
            return []
    start = replace(a, end=b, core=a.core + b.core, rule="range")
    return [(m.start(), m.end(), start)]


ITEM = regex.compile(
    rf"(?:(?P<pod>{POD}){S})?(?P<d1>{D})(?:{S}(?:đến|tới){S}(?P<d2>{D}))?\Z", FLAGS
)


def _list_produce(m: regex.Match[str], text: str) -> list[tuple[int, int, PartialDate]]:
    last = build(m, "f_", "list")
    if last is None or last.month is None or last.day is None:
        return []
    gf = _Groups(m, "f_")
    if gf("sep") == "." and gf("y") is None:
        return []
    if m.group("ldw") is None and not headless_number_ok(
        text, m.start(), m.end(), _ascending(last)
    ):
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
        rule="list",
    )
    for k, (a, b) in enumerate(zip(starts, ends, strict=True)):
        im = ITEM.match(text, a, b)
        if im is None:
            return []
        pod = im.group("pod")
        pod_v = PARTS_OF_DAY[_key(pod)] if pod else None
        d1s = im.span("d1")
        first = replace(template, day=int(im.group("d1")), part_of_day=pod_v, core=(d1s,))
        if not _valid(first):
            return []
        s = m.start() if k == 0 else a
        if im.group("d2") is not None:
            d2s = im.span("d2")
            second = replace(first, day=int(im.group("d2")), part_of_day=None, core=(d2s,))
            if not _valid(second) or second.day is None or first.day is None:
                return []
            if second.day <= first.day:
                return []
            out.append((s, b, replace(first, end=second, core=(d1s, d2s))))
        else:
            out.append((s, b, first))
    fs = m.start("f_all")
    out.append((fs, m.end(), last))
    return out


def _n_units_produce(m: regex.Match[str], text: str) -> list[tuple[int, int, PartialDate]]:
    n_text = m.group("n")
    n = int(n_text) if n_text.isdigit() else number_word_value(n_text)
    if n is None or n == 0 or n > 1000:
        return []
    unit = UNITS[_key(m.group("unit"))]
    if m.group("cach") is not None:
        sign, period = -1, False
    else:
        sign, period = AGO_WORDS[_key(m.group("ago"))]
    if not period:
        pd = PartialDate(rel_unit=unit, rel_offset=sign * n, rule="n_units")
        return [(m.start(), m.end(), pd)]
    here = PartialDate(rel_unit=unit, rel_offset=0, rule="n_units")
    there = PartialDate(rel_unit=unit, rel_offset=sign * n, rule="n_units")
    first, last = (there, here) if sign < 0 else (here, there)
    return [(m.start(), m.end(), replace(first, end=last))]


def _modified_unit_produce(m: regex.Match[str], text: str) -> list[tuple[int, int, PartialDate]]:
    if regex.search(rf"(?:mỗi|hàng|hằng|từng|các|những){S}\Z", _before(text, m.start()), FLAGS):
        return []
    unit = UNITS[_key(m.group("unit"))]
    modifier = MODIFIERS[_key(m.group("mod"))]
    if unit == "week" and modifier == "END":
        pd = PartialDate(rel_unit="week", weekend=True, rule="modified_unit")
    else:
        pd = PartialDate(rel_unit=unit, modifier=modifier, rule="modified_unit")
    return [(m.start(), m.end(), pd)]


_DIGIT = "[0-9]"


def _all_of(*parts: str) -> str:
    """An anchor found where each of ``parts`` is found (searched from the start of a piece)."""
    return r"\G" + "".join(f"(?=.*?(?:{p}))" for p in parts)


#: What each rule's matches always contain (a prefilter, checked once per sentence).
ANCHORS = {
    "day_date": _DIGIT,
    "relative_day": "hôm|bữa|ngày|nay|qua|mai",
    "lunar_day": "tết|rằm",
    "day_only": _DIGIT,
    "nth_day": "tiên|cùng",
    "month": "tháng",
    "month_relative": "tháng",
    "month_year": _DIGIT,
    "year": _DIGIT,
    "modified_unit": "đầu|giữa|cuối",
    "year_relative": "năm",
    "quarter": "quý",
    "quarter_relative": "quý",
    "week_relative": "tuần",
    "weekday_week": "tuần",
    "weekday_direction": "thứ|chủ|T[2-7]|CN",
    "weekday": "thứ|chủ|T[2-7]|CN",
    "n_units": "ngày|hôm|tuần|tháng|quý|năm",
    "decade": "thập|những",
    "century": "thế",
    "range": _all_of(_DIGIT, "[-–]|đến|tới"),
    "list": _all_of(_DIGIT, ",|và|hoặc"),
}


def _rules() -> list[Rule]:
    rules: list[Rule] = []

    def add(name: str, body: str, produce: Production | None = None, priority: int = 0) -> None:
        anchor = regex.compile(ANCHORS[name], regex.IGNORECASE) if name in ANCHORS else None
        rules.append(Rule(name, _compile(body), produce or _single(name), priority, anchor))

    # Explicit days: "20/11/2015", "ngày thứ năm 19-11", "sáng 20-11", "ngày 19 tháng 11 năm 2015"
    add("day_date", day_date(), _single("day_date", _numeric_check), priority=2)
    # Relative day with an optional date: "hôm qua", "hôm qua 20-11", "sáng nay", "tối qua"
    rel_day = (
        rf"(?:(?:(?P<pod>{POD}){S})?(?P<drel>{DREL})|(?P<pod>{POD}){S}(?P<drel>{POD_DREL}))"
        rf"(?:(?:{S0},{S0}|{S}(?P<paren>\(){S0}|{S})(?:ngày{S})?"
        rf"(?:{_p(NUM_DATE, '')}|{_p(WORD_DATE, '')}){_p(CLOSE, '')})?"
    )
    add("relative_day", rel_day, priority=1)
    # Lunar days: "mùng 1 Tết", "30 Tết", "rằm tháng giêng"
    add(
        "lunar_day",
        rf"(?:(?P<dw>ngày){S})?(?:{TET_CORE}|{RAM_CORE})".replace("§", "")
        + _p(LUNAR_TAIL, "")
        + "?",
    )
    # A day without month: "ngày 15", "mùng 10", "ngày 1 tháng này"
    add(
        "day_only",
        _p(
            rf"(?:(?P<§pod>{POD}){S})?(?:(?P<§dw>ngày|hôm){S}(?:mùng{S}|mồng{S})?|(?P<§mung>mùng|mồng){S})"
            rf"(?P<§core>(?P<§d>{D}))(?![ \t]*[/.\-–][ \t]*[0-9])"
            rf"(?:{S}tháng{S}(?P<§mrel>{REL})|{S}(?P<§dir>{DIR}))?",
            "",
        ),
        _single("day_only", _day_only_check),
    )
    # "ngày đầu tiên của tháng 3", "ngày cuối cùng của tháng này"
    add(
        "nth_day",
        _p(
            rf"ngày{S}(?P<§nth>đầu{S}tiên|cuối{S}cùng){S}(?:của{S})?"
            rf"(?:{MONTH_CORE}|tháng{S}(?P<§mrel>{REL}))",
            "",
        ),
    )
    # Months: "tháng 3/2016", "tháng 10 năm nay", "cuối tháng 10", "tháng chín", "tháng 12 tới"
    add(
        "month",
        NOT_AFTER_QUANTITY + _p(rf"(?:(?P<§mod>{MOD}){S})?{MONTH_CORE}{DATE_DIR}", ""),
        _single("month", _month_check),
    )
    add(
        "month_relative",
        NOT_AFTER_QUANTITY + rf"(?:(?P<mod>{MOD}){S})?tháng{S}(?P<mrel>{REL})",
    )
    add("month_year", _p(MONTH_YEAR_BARE, ""), _single("month_year", _headless_check))
    # Years: "năm 2018", "cuối năm 2014", "năm nay", "năm ngoái"
    add("year", _p(rf"(?:(?P<§mod>{MOD}){S})?{YEAR_CORE}", ""))
    # "cuối năm", "đầu tháng", "giữa tuần": of the current year, month or week
    add(
        "modified_unit",
        rf"(?P<mod>đầu|giữa|cuối){S}(?P<unit>năm|tháng|tuần)"
        rf"(?!{S}(?:học|tài{S}chính|tuổi|thứ|[0-9])){WE}",
        _modified_unit_produce,
    )
    add("year_relative", NOT_AFTER_QUANTITY + rf"(?:(?P<mod>{MOD}){S})?năm{S}(?P<yrel>{YREL})")
    # Quarters: "quý 3", "quý IV/2015", "quý 4 năm 2018", "quý này"
    add(
        "quarter",
        _p(
            rf"(?:(?P<§mod>{MOD}){S})?(?P<§core>quý{S}(?P<§q>[1-4]|{ROMAN_QUARTER})(?![0-9])"
            rf"{YEAR_TAIL}?)",
            "",
        ),
    )
    add("quarter_relative", NOT_AFTER_QUANTITY + rf"(?:(?P<mod>{MOD}){S})?quý{S}(?P<qrel>{REL})")
    # Weeks: "tuần này", "tuần trước", "cuối tuần này" (weekend)
    add("week_relative", NOT_AFTER_QUANTITY + rf"(?:(?P<mod>{MOD}){S})?tuần{S}(?P<wrel>{REL})")
    # Weekdays: "thứ tư tuần tới", "thứ 6 của tuần này", "thứ hai tới", "chủ nhật vừa qua"
    wd_head = rf"(?:(?P<pod>{POD}){S})?(?:(?P<dw>ngày|hôm){S})?(?P<wd>{WEEKDAY})"
    add(
        "weekday_week",
        wd_head + rf"{S}(?:của{S})?tuần{S}(?P<wrel>{REL})",
        _single("weekday_week", lambda m, pd: weekday_ok(m, m.span("wd"), with_date=True)),
        priority=1,
    )
    add(
        "weekday_direction",
        wd_head + rf"{S}(?P<dir>{WD_DIR})",
        _single("weekday_direction", _weekday_direction_check),
    )
    add(
        "weekday",
        rf"(?:(?<=(?:^|[^\p{{L}}])(?P<prep>vào|hồi|kể{S}từ|cho{S}đến|cho{S}tới){S})|"
        rf"(?P<pod>{POD}){S}(?:(?P<dw>ngày|hôm){S})?|(?P<dw>ngày|hôm){S})?(?P<wd>{WEEKDAY})",
        _single("weekday", _weekday_standalone),
    )
    # "3 ngày trước", "hai tuần tới", "cách đây 5 năm", "2 tháng qua"
    add(
        "n_units",
        rf"(?:(?P<cach>cách{S}đây){S}(?P<n>[0-9]{{1,3}}|{NUMBER_WORD}){S}"
        rf"(?P<unit>ngày|hôm|tuần|tháng|quý|năm){WE}(?!{S}(?:nay|rồi|qua|trước|sau){WE})"
        rf"|(?P<n>[0-9]{{1,3}}|{NUMBER_WORD}){S}(?P<unit>ngày|hôm|tuần|tháng|quý|năm){S}"
        rf"(?P<ago>{AGO}))",
        _n_units_produce,
    )
    # Decades and centuries: "thập niên 1990", "những năm 90", "thế kỷ 20", "thế kỷ XX"
    add(
        "decade",
        rf"(?:(?P<mod>{MOD}){S})?(?P<core>(?:thập{S}(?:niên|kỷ|kỉ)|những{S}năm){S}"
        rf"(?P<dec>1[0-9][0-9]0|20[0-9]0|[1-9]0)(?![0-9])"
        rf"(?:{S}(?:của{S})?thế{S}k[ỷỉ]{S}(?:(?P<cent>[0-9]{{1,2}}|{ROMAN})|(?:trước|này|nay)"
        rf"{WE}))?)",
    )
    add(
        "century",
        rf"(?:(?P<mod>{MOD}){S})?(?:(?P<core>thế{S}k[ỷỉ]{S}(?P<cent>[0-9]{{1,2}}|{ROMAN}))"
        rf"|thế{S}k[ỷỉ]{S}(?P<crel>{REL}))",
    )
    # Ranges: "từ 19 đến 21-11", "19-21/11", "từ tháng 3 đến tháng 5/2016", "từ 2010 đến 2015"
    add("range", _range_pattern(), _range_produce, priority=3)
    # Lists of days sharing a month: "ngày 16, 17 và 18-8"
    item = rf"(?:{POD}{S})?{D}(?:{S}(?:đến|tới){S}{D})?"
    add(
        "list",
        rf"(?:(?P<ldw>ngày){S})?(?P<item>{item})(?:{S0},{S0}(?P<item>{item}))*"
        rf"(?:{S0},{S0}và{S}|{S0},{S0}|{S}và{S}|{S}hoặc{S})(?(ldw)(?:ngày{S})?)"
        rf"(?P<f_all>(?:(?P<f_pod>{POD}){S})?(?:{_p(NUM_DATE, 'f_')}|{_p(WORD_DATE, 'f_')}))",
        _list_produce,
        priority=3,
    )
    return rules


def _range_pattern() -> str:
    def endpoint(p: str, first: bool) -> str:
        head = _p(
            rf"(?:(?P<§pod>{POD}){S})?(?:(?P<§dw>ngày|hôm){WE}{S})?",
            p,
        )
        options = [
            _p(NUM_DATE, p),
            _p(WORD_DATE, p),
            _p(rf"(?:(?P<§mod>{MOD}){S})?{MONTH_CORE}", p),
            _p(rf"(?:(?P<§mod>{MOD}){S})?{YEAR_CORE}", p),
            _p(rf"(?P<§core>(?P<§yy>{Y4}))(?![0-9])", p),
        ]
        if first:
            options.append(_p(rf"(?P<§core>(?P<§d>{D}))(?![0-9])", p))
        else:
            options.append(_p(MONTH_YEAR_BARE, p))
            options.append(_p(rf"(?P<§core>(?P<§mb>{M}))(?![0-9])", p))
            options.append(
                _p(r"(?P<§now>nay|hiện{S}nay|hiện{S}tại|bây{S}giờ)", p).replace("{S}", S)
            )
        return head + "(?:" + "|".join(options) + ")"

    return (
        rf"(?:(?P<from>từ|kể{S}từ){S})?{endpoint('a_', True)}"
        rf"(?P<conn>{HY}|{S}(?:đến|tới|cho{S}đến|cho{S}tới)(?:{S}hết)?{S})"
        rf"{endpoint('b_', False)}"
    )


#: Direction words that make "thứ hai ..." a weekday by themselves ("cây thứ ba này" is not).
STRONG_WD_DIRECTIONS = frozenset({"tới", "sắp tới", "tới đây", "vừa qua", "vừa rồi"})


def _weekday_direction_check(m: regex.Match[str], pd: PartialDate) -> bool:
    wd = m.group("wd")
    strong = _key(m.group("dir")) in STRONG_WD_DIRECTIONS
    head = m.group("dw") is not None or m.group("pod") is not None
    if not (strong or head or regex.fullmatch(WEEKDAY_CAPITAL, wd, flags=FLAGS)):
        return False
    return weekday_ok(m, m.span("wd"), with_date=True)


def _day_only_check(m: regex.Match[str], pd: PartialDate) -> bool:
    text = m.string
    if unit_after().match(text, m.end()):
        return False
    if regex.match(rf"{S}tháng(?![\p{{L}}])", text[m.end() :]) and m.group("mrel") is None:
        return False
    return not regex.search(
        rf"(?:mỗi|hàng|hằng|một|vài|mấy|thứ){S}\Z", _before(text, m.start()), flags=FLAGS
    )


def _month_check(m: regex.Match[str], pd: PartialDate) -> bool:
    text = m.string
    if regex.search(rf"(?:mỗi|hàng|hằng|từng|[0-9]){S}\Z", _before(text, m.start()), flags=FLAGS):
        return False
    return not (
        m.group("m") is not None and m.group("y") is None and MONTH_UNIT_AFTER.match(text, m.end())
    )


def _headless_check(m: regex.Match[str], pd: PartialDate) -> bool:
    return headless_number_ok(m.string, m.start(), m.end())


RULES: tuple[Rule, ...] = tuple(_rules())
