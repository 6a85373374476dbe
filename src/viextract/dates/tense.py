"""The tense of the clause a date is written in: the second source of a date's direction.

A date written without a year or a direction word ("vào ngày 15/11", "tháng 11", "thứ năm",
"quý hai") can fall before or after the reference date. The recognizer decides it, in order, by:

1. an explicit direction word next to the date ("tới", "sắp tới", "vừa qua", "này"), read by
   the grammar (:attr:`~viextract.dates.resolve.PartialDate.direction`);
2. the tense or aspect of its clause (this module): a future cue ("sẽ", "sắp", "dự kiến", "dự
   định", "theo kế hoạch", "chuẩn bị", "tới đây") or a past one ("đã", "vừa", "hồi", "từng");
   the cue nearest before the date in its clause decides, else the first after it (the clause
   ends at a sentence mark or at a word that opens another clause: "cho biết", "rằng", "khi");
3. the caller's ``prefer``.

:attr:`~viextract.types.DateValue.direction_source` says which one decided ("word", "tense" or
"prefer"). The cue words are data: ``data/dates/tense_cues.txt``, with the phrases in which a cue
word is no cue ("như dự kiến": as planned, said of what happened) and the words that close a
clause ("stop"). A clause here runs between the
sentence marks ".", "!", "?", ";" (followed by a space) and line breaks, at most
:data:`WINDOW` characters either side of the date.
"""

from __future__ import annotations

import regex

from ..data import word_list
from ..errors import ModelError
from .grammar.base import WE, LazyPattern, S
from .resolve import Tense

#: How far (characters) a cue is looked for on each side of the date.
WINDOW = 160
_TENSES = ("future", "past", "not", "stop")


def _entries() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {t: [] for t in _TENSES}
    for line in word_list("dates/tense_cues.txt"):
        kind, _, words = line.partition(" ")
        if kind not in out or not words.strip():
            raise ModelError(f"viextract data file 'dates/tense_cues.txt': bad line {line!r}")
        out[kind].append(words.strip())
    return out


def _source() -> str:
    parts = []
    for kind, words in _entries().items():
        items = sorted(set(words), key=lambda w: (-len(w), w))
        alts = "|".join(S.join(regex.escape(w) for w in item.split()) for item in items)
        parts.append(f"(?P<{kind}>{alts})")
    # "not" phrases first: where one starts, its cue word inside it is not read on its own.
    return rf"(?<![\p{{L}}\p{{N}}])(?:{parts[2]}|{parts[3]}|{parts[0]}|{parts[1]}){WE}"


#: The cue words of ``data/dates/tense_cues.txt`` (built on first use).
CUES = LazyPattern(_source)
_BOUNDARY = regex.compile(r"[.!?;…](?=\s|\Z)|\n")


def load() -> None:
    """Build the cue pattern now (it is otherwise built on first use)."""
    CUES.get()


def clause_tense(text: str, start: int, end: int) -> Tense | None:
    """The tense of the clause around ``text[start:end]``: "future", "past" or None."""
    lo = max(0, start - WINDOW)
    cut = None
    for m in _BOUNDARY.finditer(text, lo, start):
        cut = m.end()
    lo = cut if cut is not None else lo
    hi = min(len(text), end + WINDOW)
    stop = _BOUNDARY.search(text, end, hi)
    hi = stop.start() if stop is not None else hi
    cues = CUES.get()
    before: Tense | None = None
    for m in cues.finditer(text, lo, start):
        kind = m.lastgroup
        if kind == "stop":
            before = None
        elif kind == "future":
            before = "future"
        elif kind == "past":
            before = "past"
    if before is not None:
        return before
    for m in cues.finditer(text, end, hi):
        kind = m.lastgroup
        if kind == "stop":
            return None
        if kind == "future":
            return "future"
        if kind == "past":
            return "past"
    return None
