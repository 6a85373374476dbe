"""The shared pieces of the date grammar: building blocks, :class:`Rule` and :func:`build`.

Every rule of the family modules (:mod:`.days`, :mod:`.periods`, :mod:`.relative`,
:mod:`.weekdays`, :mod:`.lunar`, :mod:`.ranges`) is a :class:`Rule` whose pattern is assembled
from the building blocks below, which share one vocabulary of named groups (``d`` day, ``m``
month, ``mw`` month word, ``y`` year, ``yrel`` relative year, ``wd`` weekday, ``pod`` part of
day, ``dw`` head word "ngày"/"hôm", ``mod`` modifier, ``dir`` direction word, ``drel`` relative
day, ``core`` the calendar part...). One production, :func:`build`, reads those groups
(optionally under a prefix: ranges use ``a_`` for their start and ``b_`` for their end, lists
``f_`` for their last date) and returns a :class:`~viextract.dates.resolve.PartialDate`, or
``None`` when the match is not a valid date. The context checks that rules share (a bare number
after "đường", "thứ hai" after "lần") are here too.

Nothing is compiled at import: patterns are :class:`LazyPattern` objects, compiled on first use.
"""

from __future__ import annotations

import calendar
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import regex

from ...data import word_list
from ...types import Modifier, PartOfDay, Season
from ..resolve import Direction, PartialDate

Span = tuple[int, int]
#: The dates of one match: ``(match, text, rule name) -> [(start, end, date), ...]``; an empty
#: list when the match is not a date in its context.
Production = Callable[["regex.Match[str]", str, str], list[tuple[int, int, PartialDate]]]

FLAGS = regex.IGNORECASE | regex.VERSION0


class LazyPattern:
    """A regex compiled on first use, once.

    Rules are shared by every recognizer and thread: the first thread that needs a pattern
    compiles it under the pattern's lock while the others wait for it. ``source`` may be a
    function, called then (patterns built from package word lists: ``import viextract`` never
    reads data files, and a bad data file fails with a ModelError naming it).
    """

    __slots__ = ("_flags", "_lock", "_pattern", "_source")

    def __init__(self, source: str | Callable[[], str], flags: int = FLAGS) -> None:
        self._source = source
        self._flags = flags
        self._pattern: regex.Pattern[str] | None = None
        self._lock = threading.Lock()

    @property
    def source(self) -> str:
        """The pattern's text."""
        return self._source if isinstance(self._source, str) else self._source()

    def get(self) -> regex.Pattern[str]:
        """The compiled pattern."""
        pattern = self._pattern
        if pattern is None:
            with self._lock:
                pattern = self._pattern
                if pattern is None:
                    pattern = self._pattern = regex.compile(self.source, self._flags)
        return pattern

    @property
    def compiled(self) -> bool:
        """Whether the pattern has been compiled."""
        return self._pattern is not None


# --- building blocks ----------------------------------------------------------------------
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


def alt(phrases: Iterable[str]) -> str:
    """Alternation of phrases, longest first, ending on a word boundary."""
    items = sorted(set(phrases), key=lambda w: (-len(w), w))
    return "(?:" + "|".join(_phrase(w) for w in items) + ")" + WE


def norm(text: str) -> str:
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
POD = alt(PARTS_OF_DAY)

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
MOD = alt(MODIFIERS)

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
_MW_NOT_AFTER = alt(["lần", "lượt", "đợt", "kỳ", "buổi", "chuyến", "người", "ngày", "tuần"])
MONTH_WORD = (
    "(?:"
    + alt(w for w in MONTH_WORDS if w != "năm")
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
    "hiện tại": 0,
}
YEAR_REL_OFFSETS = {**REL_OFFSETS, "ngoái": -1, "kia": -2}
#: "năm sau đó", "tuần trước nữa", "tháng sau khi": counted from another time, not the reference.
ANAPHORIC = rf"(?!{S}(?:đó|ấy|đấy|nữa|khi|kia|nữa|này|lúc){WE})"
REL = alt(REL_OFFSETS) + ANAPHORIC
YREL = alt(YEAR_REL_OFFSETS) + ANAPHORIC
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
DIR = "(?:" + alt(DIRECTIONS) + rf")(?!{S}(?-i:\p{{Lu}}))"
WD_DIRECTIONS: dict[str, Direction] = {
    **DIRECTIONS,
    "qua": "past",
    "trước": "past",
    "rồi": "past",
    "sau": "future",
    "nay": "nearest",
}
WD_DIR = "(?:" + alt(WD_DIRECTIONS) + rf"){ANAPHORIC}(?!{S}(?-i:\p{{Lu}}))"

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
DREL = alt(DAY_RELATIVE)
POD_DREL = alt(POD_RELATIVE) + rf"(?!{S}(?:đêm|ngày){WE})"

#: Quarters in words: "quý hai", "quý tư".
QUARTER_WORDS = {"một": 1, "nhất": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4}
QUARTER_WORD = alt(QUARTER_WORDS)
#: Halves of a year: "nửa đầu năm", "6 tháng cuối năm".
HALVES = {"đầu": 1, "cuối": 2}
#: Seasons, as TIMEX3 writes them.
SEASONS: dict[str, Season] = {
    "xuân": "SP",
    "hạ": "SU",
    "hè": "SU",
    "thu": "FA",
    "đông": "WI",
}
#: The direction of a relative word after a season ("mùa hè tới", "mùa đông vừa qua").
OFFSET_DIRECTIONS: dict[int, Direction] = {-1: "past", 0: "nearest", 1: "future"}

ROMAN = r"(?-i:[IVXL]{1,6})"
ROMAN_QUARTER = r"(?-i:IV|III|II|I)"
DIGIT = "[0-9]"


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
    return alt(word_list(f"dates/{name}.txt"))


#: A unit word right after a number: "130 người", "5 %".
UNIT_AFTER = LazyPattern(lambda: rf"{S0}(?:%|{_words_pattern('units')})")
#: A head word that makes the following number something else ("Thông tư 12/2015").
NOT_DATE_HEAD = LazyPattern(
    lambda: (
        rf"(?<![\p{{L}}\p{{N}}]){_words_pattern('not_date_heads')}"
        rf"(?:{S}(?:từ|khoảng|chừng|đến|tới|lên|xuống|còn|là){WE})?{S0}[(]?{S0}\Z"
    )
)
#: A head word that makes "thứ hai" an ordinal ("lần thứ hai").
ORDINAL_BEFORE = LazyPattern(
    lambda: rf"(?<![\p{{L}}\p{{N}}]){_words_pattern('ordinal_heads')}{S}\Z"
)


def load_word_lists() -> None:
    """Build the word-list patterns now (they are otherwise built on first use)."""
    for pattern in (UNIT_AFTER, NOT_DATE_HEAD, ORDINAL_BEFORE):
        pattern.get()


#: "ngày thứ 5 liên tiếp": the fifth day, not Thursday.
ORDINAL_AFTER = LazyPattern(
    rf"{S}(?:liên{S}tiếp|liên{S}tục|kể{S}từ|sau{S}khi|của(?!{S}tuần)|trong|điều{S}trị"
    rf"|cách{S}ly|nằm{S}viện|nhập{S}viện|thi{S}đấu|làm{S}việc|hội{S}nghị|diễn{S}ra){WE}"
)


# --- templates (``§`` stands for the group prefix) ------------------------------------------

HOUR = r"(?:2[0-4]|1[0-9]|0?[0-9])"
MINUTE = r"[0-5][0-9]"
#: A time of day before a date: "22h", "22h30", "9h15'", "22 giờ 30 phút", "8 giờ rưỡi", "21:15"
#: (never after "trong", "mất", "suốt": "trong 2 giờ" is a duration; nor "theo 24h", "24h,": the
#: news site).
TIME = (
    rf"(?=[0-9]{{1,2}}(?:[hg:]|{S}giờ))"  # cheap first test: most numbers are not times
    rf"(?<!(?:trong|mất|suốt|vòng|mỗi|hơn|gần|khoảng{S}thời{S}gian|theo|báo|trang|kênh){S})"
    rf"(?!24[hg]{S0}[,.:])"
    rf"(?P<§time>(?P<§hh>{HOUR})(?:[hg](?:(?P<§mi>{MINUTE})(?:'|p(?:h)?)?)?(?![\p{{L}}\p{{N}}])"
    rf"|{S}giờ(?:{S}(?P<§mi>[0-5]?[0-9])(?:{S}phút)?|{S}(?P<§hr>rưỡi))?{WE}"
    rf"|:(?P<§mi>{MINUTE})(?![\p{{L}}\p{{N}}:])))"
)
#: A time and what may separate it from its date ("21h15 ngày 3/9", "22h30, ngày 19/11").
TIME_HEAD = rf"(?:{TIME}(?:{S0},)?{S})"
#: What every match with a time before its date holds ("22h", "9 giờ", "21:15"): the rules
#: with such times search only the sentences that have one.
TIME_ANCHOR = r"[0-9](?:[hg](?![\p{L}])|:[0-5][0-9]|[ \t]+giờ)"
#: A time after its date, with "lúc": "ngày 19/11 lúc 22h", "sáng nay, lúc 7h30".
TIME_TAIL = rf"(?:{S0},?{S}(?:vào{S})?lúc{S}{TIME.replace('§', '§t')})"

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
#: Part of day, head word and weekday before a day: "sáng", "ngày", "chiều ngày", "thứ sáu",
#: "ngày thứ năm", "Thứ năm, ngày", "thứ năm (".
DAY_HEAD = (
    rf"(?:(?P<§pod>{POD}){S})?(?:(?P<§dw>ngày|hôm|bữa){WE}{S})?"
    rf"(?:(?P<§wd>{WEEKDAY})(?:{S0},{S0}|{S}(?P<§paren>\(){S0}|{S})(?:ngày{S})?)?"
)
CLOSE = rf"(?(§paren){S0}\))"
DATE_DIR = rf"(?:{S}(?P<§dir>{DIR}))?"


def prefixed(template: str, prefix: str) -> str:
    """A template with its groups named under ``prefix`` ("§d" -> "a_d")."""
    return template.replace("§", prefix)


def day_date(prefix: str = "", time: bool = False) -> str:
    """A day with its optional head and time: "ngày thứ năm 19-11", "sáng 20/11/2015", "3 tháng
    ba", "ngày 19/11 lúc 22h"; with ``time``, a time before it: "22h ngày 19/11"."""
    return prefixed(
        (TIME_HEAD if time else "")
        + rf"{DAY_HEAD}(?:{NUM_DATE}|{WORD_DATE}){LUNAR_TAIL}?{CLOSE}{DATE_DIR}"
        + ("" if time else rf"{TIME_TAIL}?"),
        prefix,
    )


# --- productions --------------------------------------------------------------------------


class Groups:
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
    g = Groups(m, p)
    f: dict[str, Any] = {"rule": rule}
    core = g.span("core")
    if core is not None:
        f["core"] = (core,)
    if (d := g("d")) is not None:
        f["day"] = int(d)
    if (mo := g("m")) is not None:
        f["month"] = int(mo)
    elif (mw := g("mw")) is not None:
        f["month"] = MONTH_WORDS[norm(mw)]
        if norm(mw) in LUNAR_MONTH_WORDS:
            f["lunar"] = True
    elif (mb := g("mb")) is not None:
        f["month"] = int(mb)
    if (y := g("y")) is not None:
        f["year"] = int(y)
        f["year_digits"] = len(y)
    if (yr := g("yrel")) is not None:
        if "year" in f:
            return None
        f["rel_unit"], f["rel_offset"] = "year", YEAR_REL_OFFSETS[norm(yr)]
    if (wd := g("wd")) is not None:
        f["weekday"] = weekday_value(wd)
    if (pod := g("pod")) is not None:
        f["part_of_day"] = PARTS_OF_DAY[norm(pod)]
    for t in ("", "t"):  # a time before the date ("22h ngày 19/11") or after it ("lúc 22h")
        if (hh := g(t + "hh")) is not None:
            mi = g(t + "mi")
            f["hour"] = clock(int(hh), f.get("part_of_day"))
            f["minute"] = int(mi) if mi is not None else 30 if g(t + "hr") is not None else 0
    if (mod := g("mod")) is not None:
        f["modifier"] = MODIFIERS[norm(mod)]
    if (dr := g("dir")) is not None:
        direction = WD_DIRECTIONS[norm(dr)]
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
        if f["month"] == 12 and "year" in f:  # "30 Tết năm 2025": the last day of lunar 2024
            f["year"] -= 1
    if g("ny") is not None:
        f["lunar"], f["month"], f["day"] = True, 1, 1
    if g("ram") is not None:
        f["day"] = 15
        f["lunar"] = True
    if (dr := g("drel")) is not None:
        off = DAY_RELATIVE.get(norm(dr), POD_RELATIVE.get(norm(dr)))
        if off is None or "rel_unit" in f:
            return None
        f["rel_unit"], f["rel_offset"] = "day", off
    if (rel := g("wrel")) is not None:
        f["rel_unit"], f["rel_offset"] = "week", REL_OFFSETS[norm(rel)]
        if "weekday" not in f and norm(g("mod") or "") == "cuối":
            f["weekend"] = True
            f["modifier"] = None
    if (rel := g("mrel")) is not None:
        f["rel_unit"], f["rel_offset"] = "month", REL_OFFSETS[norm(rel)]
    if (q := g("q")) is not None:
        f["quarter"] = int(q) if q.isdigit() else roman_value(q)
    elif (qw := g("qw")) is not None:
        f["quarter"] = QUARTER_WORDS[norm(qw)]
    if (h := g("half")) is not None:
        f["half"] = HALVES[norm(h)]
        if "year" not in f and "rel_unit" not in f:
            f["rel_unit"], f["rel_offset"] = "year", 0
    if (sn := g("season")) is not None:
        f["season"] = SEASONS[norm(sn)]
    if (sd := g("sdir")) is not None:
        f["direction"] = OFFSET_DIRECTIONS[REL_OFFSETS[norm(sd)]]
    if (rel := g("qrel")) is not None:
        f["rel_unit"], f["rel_offset"] = "quarter", REL_OFFSETS[norm(rel)]
    if (rel := g("crel")) is not None:
        f["rel_unit"], f["rel_offset"] = "century", REL_OFFSETS[norm(rel)]
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
        f["day"] = 1 if norm(nth).startswith("đầu") else -1
    if g("now") is not None:
        f["rel_unit"], f["rel_offset"] = "day", 0
    if (yy := g("yy")) is not None:
        f["year"] = int(yy)
    out = PartialDate(**f)
    return out if valid(out) else None


def clock(hour: int, pod: PartOfDay | None) -> int:
    """The hour on the 24-hour clock of "8 giờ tối" (20), "2 giờ chiều" (14), "11 giờ đêm" (23),
    "12 giờ đêm" (24: the end of the day), "1 giờ trưa" (13); an hour past 12 stays as written."""
    if hour > 12 or pod is None:
        return hour
    if pod in ("AF", "EV") and hour < 12:
        return hour + 12
    if pod == "MI" and hour < 5:
        return hour + 12
    if pod == "NI" and hour >= 6:
        return 24 if hour == 12 else hour + 12
    return hour


def weekday_value(text: str) -> int:
    k = norm(text)
    if k in ("chủ nhật", "cn"):
        return 7
    if k.startswith("t") and len(k) == 2:
        return int(k[1]) - 1
    w = k.split()[-1]
    return int(w) - 1 if w.isdigit() else WEEKDAY_WORDS[w]


def valid(p: PartialDate) -> bool:
    if p.month is not None and not 1 <= p.month <= 12:
        return False
    if p.quarter is not None and not 1 <= p.quarter <= 4:
        return False
    if p.hour is not None and (p.hour > 24 or (p.hour == 24 and p.minute)):
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


def text_before(text: str, start: int, width: int = 40) -> str:
    return text[max(0, start - width) : start]


def headless_number_ok(text: str, start: int, end: int, ascending: bool = True) -> bool:
    """A bare number date ("30/4", "3-1") is not a date after "đường", before "người"...

    ``ascending``: the two numbers could be a range of amounts ("5-6 người", "2/3 số dân");
    "24-3" cannot (ranges of amounts go up), so a word after it does not rule it out.
    """
    if not_date_before(text, start):
        return False
    return not ascending or UNIT_AFTER.get().match(text, end) is None


def not_date_before(text: str, start: int) -> bool:
    """Whether a word that rules out a bare number date ("đường", "thắng") precedes ``start``."""
    return NOT_DATE_HEAD.get().search(text_before(text, start)) is not None


def has_head(m: regex.Match[str], p: str = "") -> bool:
    g = Groups(m, p)
    return any(g(k) is not None for k in ("pod", "dw", "wd", "drel", "mung", "hh"))


def ascending(pd: PartialDate) -> bool:
    return pd.day is None or pd.month is None or pd.day < pd.month


def weekday_ok(m: regex.Match[str], span: Span, with_date: bool = False) -> bool:
    """A weekday unless an ordinal noun precedes it ("lần thứ hai")."""
    text = m.string
    if ORDINAL_BEFORE.get().search(text_before(text, m.start())):
        return False
    wd = text[span[0] : span[1]]
    return with_date or not (
        regex.match(r"(?i)thứ", wd) and ORDINAL_AFTER.get().match(text, m.end())
    )


# --- rules --------------------------------------------------------------------------------

#: A test of one date in the context of its match.
Check = Callable[["regex.Match[str]", PartialDate], bool]


def single(check: Check | None = None) -> Production:
    """The production of a rule whose match is one date: :func:`build` on its groups, kept if
    ``check`` accepts it."""

    def produce(m: regex.Match[str], text: str, rule: str) -> list[tuple[int, int, PartialDate]]:
        pd = build(m, "", rule)
        if pd is None or (check is not None and not check(m, pd)):
            return []
        return [(m.start(), m.end(), pd)]

    return produce


#: The default production: one date, :func:`build` on the match's groups.
ONE_DATE = single()


def anchor_source(parts: tuple[str, ...]) -> str:
    """One pattern for an anchor: found at the start of a search when each part is found after
    it (a single part is searched as it is)."""
    if len(parts) == 1:
        return parts[0]
    return r"\G" + "".join(f"(?=.*?(?:{p}))" for p in parts)


@dataclass(frozen=True, slots=True)
class Rule:
    """A named date rule: its anchor, its pattern and the production of its matches.

    Attributes:
        name: the ``rule`` of the partial dates it produces, and of its examples in the date
            corpus (``tests/data/dates_corpus.tsv``, where a test checks every rule and its
            anchor against them).
        anchor: what every match contains: regexes (case-insensitive), each found somewhere in
            the match. The recognizer runs a rule only on the sentences where its anchor is found
            and skips the lines where no rule's first anchor regex is found (its prefilter is the
            union of those). Keep them cheap: a literal or a short alternation ("tháng", "[0-9]").
        body: the pattern, without the boundary guards that every rule shares (``START`` before,
            ``END`` after); compiled on first use.
        produce: the dates of a match (default: :func:`build` on its groups).
        priority: between matches covering as much text, the higher wins.
    """

    name: str
    anchor: tuple[str, ...]
    body: str
    produce: Production = ONE_DATE
    priority: int = 0
    _pattern: LazyPattern = field(init=False, repr=False, compare=False)
    _anchor: LazyPattern = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if isinstance(self.anchor, str) or not self.anchor:
            raise ValueError(f"date rule {self.name!r}: its anchor must be a tuple of regexes")
        object.__setattr__(self, "_pattern", LazyPattern(START + self.body + END))
        object.__setattr__(
            self, "_anchor", LazyPattern(anchor_source(self.anchor), regex.IGNORECASE)
        )

    @property
    def pattern(self) -> regex.Pattern[str]:
        """The compiled pattern (compiled now if it is the first use)."""
        return self._pattern.get()

    @property
    def anchor_pattern(self) -> regex.Pattern[str]:
        """The compiled anchor: ``anchor_pattern.search(text, start, end)`` finds it in a part of
        a text."""
        return self._anchor.get()

    def read(self, m: regex.Match[str], text: str) -> list[tuple[int, int, PartialDate]]:
        """The dates of a match of :attr:`pattern` in ``text``."""
        return self.produce(m, text, self.name)

    @property
    def compiled(self) -> bool:
        """Whether the pattern has been compiled."""
        return self._pattern.compiled

    def compile(self) -> None:
        """Compile the pattern and the anchor now (they are otherwise compiled on first use)."""
        self._pattern.get()
        self._anchor.get()
