"""Text normalization with an exact offset map back to the original string.

The pipeline works on a *normalized* copy of the caller's text: NFC, standard ("old style")
Vietnamese tone placement ("hoà" -> "hòa"), unusual spaces turned into plain spaces, invisible
format and control characters turned into spaces, soft hyphens removed, lone surrogates replaced,
HTML character references decoded ("&nbsp;") and common HTML tags turned into a line break or a
space ("<br>"). :class:`AlignedText` remembers where every normalized character came from, and
:meth:`AlignedText.to_original` is the one place where spans found in the normalized text are
mapped back to original offsets.

Guarantees (tested with hypothesis, see tests/test_robustness*.py):

* ``align`` never raises on a ``str``, lone surrogates included, and is linear in its length;
* the normalized text contains no lone surrogate, no C0/C1 control character other than
  ``\t``, ``\n`` and ``\r``, and no format character (so it can be passed to Rust/C code and
  encoded as UTF-8);
* every normalized character comes from its own, non-empty run of original characters, and these
  runs are in order and do not overlap: spans that do not overlap in the normalized text do not
  overlap once mapped back.
"""

from __future__ import annotations

import html
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

import regex

# HTML left in scraped text: character references, and the tags news pages are made of. Block
# tags become a line break, other tags a space; anything else with angle brackets is text.
_BLOCK_TAGS = [
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "br",
    "dd",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hr",
    "html",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "ul",
]
_INLINE_TAGS = [
    "a",
    "abbr",
    "b",
    "big",
    "center",
    "cite",
    "code",
    "del",
    "em",
    "font",
    "i",
    "iframe",
    "img",
    "ins",
    "label",
    "mark",
    "q",
    "s",
    "small",
    "span",
    "strike",
    "strong",
    "sub",
    "sup",
    "time",
    "u",
    "wbr",
]
_BLOCK = frozenset(_BLOCK_TAGS)
_TAG_NAMES = "|".join(sorted([*_BLOCK_TAGS, *_INLINE_TAGS], key=lambda t: (-len(t), t)))
# Where lengths may change: HTML references and tags, a base character with combining marks
# (composed by NFC), marks with no base, and soft hyphens (deleted: they sit inside words).
# Every alternative is bounded or cannot run past the next "<", so matching stays linear.
_DELETE = "\u00ad"
_EVENT = regex.compile(
    r"(?P<ref>&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)"
    r"|</?(?P<tag>(?i:" + _TAG_NAMES + r"))(?:\s[^<>]{0,2000})?/?>"
    r"|\P{M}\p{M}+|\p{M}+|\u00ad"
)
# Characters replaced one-for-one (same length, so the map stays the identity there); the
# space, which would be replaced by itself, is left out.
_REPLACE_1 = regex.compile(
    r"[[\p{Zs}--\x20]\p{Cf}\p{Cs}\u2028\u2029\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00f0\u00d0]",
    regex.V1,
)

_TONES = {"\u0300": 0, "\u0301": 1, "\u0303": 2, "\u0309": 3, "\u0323": 4}
_VOWELS = frozenset("aăâeêioôơuưy")
_MODIFIED = frozenset("ăâêôơư")
_VI_LETTERS = frozenset("abcdđeghiklmnopqrstuvxyăâêôơưfjwz")
# A toned Vietnamese letter lies in this range (normalize_tone leaves other words unchanged).
_TONED = regex.compile(r"[\u00c0-\u1ef9]")
# Syllable candidates for normalize_tone: 2-7 letters, one of them in _TONED's range.
_SYLLABLE = regex.compile(
    r"(?<![\p{L}\p{M}])(?=\p{L}{0,6}[\u00c0-\u1ef9])\p{L}{2,7}(?![\p{L}\p{M}])"
)


def _split_tone(ch: str) -> tuple[str, str]:
    """'ệ' -> ('ê', U+0323); 'a' -> ('a', '')."""
    d = unicodedata.normalize("NFD", ch)
    tone = "".join(c for c in d if c in _TONES)
    if not tone:
        return ch, ""
    bare = unicodedata.normalize("NFC", "".join(c for c in d if c not in _TONES))
    return bare, tone


def _tone_target(bare_lower: str) -> int | None:
    """Index of the vowel that carries the tone in standard placement, None if not a syllable."""
    if any(c not in _VI_LETTERS for c in bare_lower):
        return None
    i = 0
    n = len(bare_lower)
    while i < n and bare_lower[i] not in _VOWELS:
        i += 1
    if bare_lower[i - 1 : i + 1] in ("qu", "gi") and i + 1 < n and bare_lower[i + 1] in _VOWELS:
        i += 1  # the u of "qu" and the i of "gi" belong to the consonant
    j = i
    while j < n and bare_lower[j] in _VOWELS:
        j += 1
    vowels = list(range(i, j))
    if not vowels or any(c in _VOWELS for c in bare_lower[j:]):
        return None
    modified = [k for k in vowels if bare_lower[k] in _MODIFIED]
    if modified:
        return modified[-1]
    if len(vowels) == 1:
        return vowels[0]
    if len(vowels) == 3:
        return vowels[1]
    return vowels[1] if j < n else vowels[0]


def normalize_tone(word: str) -> str:
    """Move a misplaced tone mark to its standard place: "hoà" -> "hòa", "thuỷ" -> "thủy".

    Works on NFC text and never changes the length. Words that are not Vietnamese syllables, or
    carry no tone or several, are returned unchanged.
    """
    parts = [_split_tone(c) for c in word]
    toned = [k for k, (_, t) in enumerate(parts) if t]
    if len(toned) != 1:
        return word
    bare = "".join(b for b, _ in parts)
    if len(bare) != len(word):
        return word
    target = _tone_target(bare.lower())
    if target is None or target == toned[0]:
        return word
    tone = parts[toned[0]][1]
    chars = list(bare)
    chars[target] = unicodedata.normalize("NFC", chars[target] + tone)
    if len(chars[target]) != 1:
        return word
    return "".join(chars)


_normalize_cached = lru_cache(maxsize=1 << 16)(normalize_tone)


def _normalize_word(m: regex.Match[str]) -> str:
    return _normalize_cached(m.group())


def _replace_1(m: regex.Match[str]) -> str:
    c = m.group()
    if c in "\u2028\u2029":
        return "\n"
    if c == "\u00f0":
        return "đ"
    if c == "\u00d0":
        return "Đ"
    if unicodedata.category(c) == "Cs":
        return "\ufffd"
    return " "


@dataclass(frozen=True, slots=True)
class AlignedText:
    """A normalized copy of ``original`` and the map from its offsets back to ``original``.

    The map is stored as the list of places where lengths differ (a cluster composed to one
    character, a deleted character); everywhere else the shift is constant.
    """

    original: str
    text: str
    _norm_at: tuple[int, ...]
    _norm_len: tuple[int, ...]
    _orig_at: tuple[int, ...]
    _orig_len: tuple[int, ...]

    def _start(self, i: int) -> int:
        k = bisect_right(self._norm_at, i) - 1
        if k < 0:
            return i
        if i < self._norm_at[k] + self._norm_len[k]:
            return self._orig_at[k]
        return self._orig_at[k] + self._orig_len[k] + (i - self._norm_at[k] - self._norm_len[k])

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalized span ``[start, end)`` to the original string."""
        if not 0 <= start <= end <= len(self.text):
            raise IndexError(f"span {start}:{end} outside normalized text of {len(self.text)}")
        if not self._norm_at:
            return start, end
        if start == end:
            s = self._start(start) if start < len(self.text) else len(self.original)
            return s, s
        s = self._start(start)
        k = bisect_right(self._norm_at, end - 1) - 1
        if k >= 0 and end - 1 < self._norm_at[k] + self._norm_len[k]:
            e = self._orig_at[k] + self._orig_len[k]
        else:
            e = self._start(end - 1) + 1
        return s, e


def align(original: str) -> AlignedText:
    """Normalize ``original`` and build the offset map (linear in the text length)."""
    pieces: list[str] = []
    norm_at: list[int] = []
    norm_len: list[int] = []
    orig_at: list[int] = []
    orig_len: list[int] = []
    pos = 0
    npos = 0

    def irregular(at: int, length: int, new: str) -> None:
        nonlocal pos, npos
        pieces.append(original[pos:at])
        npos += at - pos
        norm_at.append(npos)
        norm_len.append(len(new))
        orig_at.append(at)
        orig_len.append(length)
        pieces.append(new)
        npos += len(new)
        pos = at + length

    if not original.isascii() or "&" in original or "<" in original:
        for m in _EVENT.finditer(original):
            chunk = m.group()
            at = m.start()
            if chunk == _DELETE:
                irregular(at, 1, "")
            elif m.group("ref") is not None:
                decoded = html.unescape(chunk)
                # A reference that decodes to several characters (rare) stays as it is, so that
                # every normalized character keeps its own original run.
                if len(decoded) == 1:
                    irregular(at, len(chunk), decoded)
            elif m.group("tag") is not None:
                block = m.group("tag").lower() in _BLOCK
                irregular(at, len(chunk), "\n" if block else " ")
            else:
                nfc = unicodedata.normalize("NFC", chunk)
                if nfc == chunk or len(nfc) > len(chunk):
                    continue
                # Marks that NFC leaves uncomposed are a common suffix: keep them one-for-one.
                keep = 0
                while keep < len(nfc) - 1 and nfc[-1 - keep] == chunk[-1 - keep]:
                    keep += 1
                head = nfc[: len(nfc) - keep]
                if len(head) == 1:
                    irregular(at, len(chunk) - keep, head)
    pieces.append(original[pos:])
    text = "".join(pieces)
    text = _REPLACE_1.sub(_replace_1, text)
    if _TONED.search(text):
        text = _SYLLABLE.sub(_normalize_word, text)
    return AlignedText(
        original, text, tuple(norm_at), tuple(norm_len), tuple(orig_at), tuple(orig_len)
    )


def canonical(text: str) -> str:
    """Canonical form of a name: NFC, standard tone placement, single spaces, stripped."""
    return " ".join(align(text).text.split())
