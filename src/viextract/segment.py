"""Syllables, words and sentences, as spans of the normalized text.

Syllables come from underthesea's rule tokenizer (its regex, applied to our normalized text so
that every match keeps its position), with an acronym's sentence-final dot cut off ("AP.") and
a token cut at a hyphen before a capital ("Nga-Mỹ": "Nga", "-", "Mỹ"); words from underthesea's
word-segmentation CRF, run on those syllables; sentences from punctuation and line breaks.

Time is linear in the text length whatever the input: underthesea's regex backtracks over a whole
run of non-space characters at every token in it (1 MB of "a.a.a." would take hours), so runs
longer than :data:`MAX_RUN` characters are tokenized in bounded pieces; sentences are cut at
:data:`MAX_SENTENCE_SYLLABLES` syllables and :data:`MAX_SENTENCE_CHARS` characters so that the
sequence models only ever see bounded input.
"""

from __future__ import annotations

import io
import pickle
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Protocol

import regex

from .attributes import KnownAttributes
from .crfsuite import read_attributes
from .data import UNDERTHESEA_FILES, underthesea_file, underthesea_package, word_list
from .errors import ModelError

# Abbreviations that keep their final dot ("TP. Hồ Chí Minh"); other all-capital tokens
# ending in a dot ("AP.") are an abbreviation followed by a sentence end.
_KEEP_DOT = frozenset(
    [
        "TP.",
        "Tp.",
        "TT.",
        "Q.",
        "P.",
        "F.",
        "Mr.",
        "Mrs.",
        "Ms.",
        "Dr.",
        "ThS.",
        "TS.",
        "PGS.",
        "GS.",
        "BS.",
        "KS.",
        "St.",
        "Th.S.",
        "Th.s.",
        "NĐ.",
        "Đ.",
    ]
)
_ALLCAPS_DOT = re.compile(r"[A-ZĐ]+\.\Z")
# "TP.HCM." at a sentence end: the last dot ends the sentence.
_DOTTED_CAPS_DOT = regex.compile(r"(?:\p{Lu}\p{L}*\.)+\p{Lu}{2,}\.\Z")
# A hyphen between a letter or digit and a capital may join two names ("Nga-Mỹ", "Pháp
# Vân-Cầu Giẽ", "châu Á-Thái Bình Dương", "TT-BGDĐT"): see :func:`_joins_names`.
_NAME_HYPHEN = regex.compile(r"(?<=[\p{L}\p{N}])-(?=\p{Lu})")
_ACRONYM = regex.compile(r"\p{Lu}{2,}")
_END_CHARS = frozenset(".!?…")
_SENT_END = regex.compile(r"[.!?…]+\Z")
_CLOSERS = frozenset("”\"'’»)]}")
_SENT_START = regex.compile(r"[\p{Lu}\p{N}“\"'‘«(\[\-–—•*]")
_BREAK_AT = frozenset(",;:")

#: Longest run of syllables tagged as one sentence; longer runs are cut at a comma or, failing
#: that, at the limit, so that time stays linear in the text length.
MAX_SENTENCE_SYLLABLES = 250
#: Longest sentence in characters (a sentence of very long tokens is cut the same way).
MAX_SENTENCE_CHARS = 2000
#: Runs of non-space characters longer than this are tokenized in pieces of at most this many
#: characters, cut preferably where a letter or digit meets another character.
MAX_RUN = 256

_RUN = re.compile(r"\S+")
_LINE_BREAK = re.compile(r"[\n\r]")


@dataclass(frozen=True, slots=True)
class Segmented:
    """A normalized text cut into syllables, words and sentences.

    ``syllables`` are character spans of ``text``; ``words`` and ``sentences`` are half-open
    ranges of syllable indices.
    """

    text: str
    syllables: tuple[tuple[int, int], ...]
    words: tuple[tuple[int, int], ...]
    sentences: tuple[tuple[int, int], ...]
    _starts: tuple[int, ...] = field(init=False, repr=False, compare=False)
    _ends: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_starts", tuple(a for a, _ in self.syllables))
        object.__setattr__(self, "_ends", tuple(b for _, b in self.syllables))

    def syllable_range(self, start: int, end: int) -> tuple[int, int]:
        """Indices ``first, last`` of the syllables lying inside characters ``[start, end)``
        (``first == last`` when there is none); O(log n)."""
        first = bisect_left(self._starts, start)
        last = bisect_right(self._ends, end)
        return (first, last) if first < last else (first, first)

    def syllable(self, i: int) -> str:
        a, b = self.syllables[i]
        return self.text[a:b]

    def char_span(self, first: int, last: int) -> tuple[int, int]:
        """Character span of syllables ``first`` .. ``last - 1``."""
        return self.syllables[first][0], self.syllables[last - 1][1]


class _Tagger(Protocol):
    def predict(self, sentences: list[list[str]]) -> list[list[str]]: ...


class _WordModel:
    """underthesea's word-segmentation CRF: its own tagger and model files (loaded as
    underthesea loads them, each checked first against the checksum pinned for the installed
    underthesea version), fed by :class:`~viextract.attributes.KnownAttributes`."""

    def __init__(self, package: Path) -> None:
        from underthesea_core import CRFFeaturizer, CRFTagger

        model_name, features_name, dictionary_name = UNDERTHESEA_FILES
        model = underthesea_file(model_name, package)
        features = _plain_data(underthesea_file(features_name, package))
        dictionary = _plain_data(underthesea_file(dictionary_name, package))
        if not isinstance(features, list) or not isinstance(dictionary, set):
            raise ModelError(f"unexpected contents in underthesea's model files in {package}")
        self._tagger = CRFTagger()
        self._tagger.load(str(package / model_name))
        self._features = KnownAttributes(
            features, dictionary, read_attributes(model), CRFFeaturizer
        )

    def predict(self, sentences: list[list[str]]) -> list[list[str]]:
        """The B-W/I-W tags of each sentence of syllables."""
        rows = self._features.batch([[[t] for t in tokens] for tokens in sentences])
        return [list(self._tagger.tag(r)) if r else [] for r in rows]


class _PlainUnpickler(pickle.Unpickler):
    """Reads only plain data (lists, sets, strings...): any class or function in the stream
    is refused, so that reading a file cannot run code."""

    def find_class(self, module: str, name: str) -> Any:
        raise ModelError(f"refusing to load {module}.{name} from a model file")


def _plain_data(data: bytes) -> object:
    """One of underthesea's word-segmentation data files (a pickle of a list or a set of
    strings, as underthesea writes them with joblib), read with the plain-data reader above: the
    same object as ``joblib.load`` gives, five times faster, and no code run."""
    return _PlainUnpickler(io.BytesIO(data)).load()


#: The module of underthesea that defines its tokenizer's regex, and the imports it makes for its
#: functions only (the pattern is built from string constants and ``re``).
_REGEX_MODULE = ("pipeline", "word_tokenize", "regex_tokenize.py")
_FUNCTION_IMPORTS = regex.compile(r"^from underthesea\.[\w.]+ import [\w, ]+$", regex.M)


def _syllable_pattern() -> re.Pattern[str]:
    """underthesea's tokenizer regex: its module's constants run on their own (importing
    underthesea brings numpy, joblib, requests and its other pipelines: 0.7 s of a cold start),
    or, if that module is not as expected, the module imported as usual (the same pattern)."""
    try:
        source = underthesea_package().joinpath(*_REGEX_MODULE).read_text(encoding="utf-8")
        namespace: dict[str, Any] = {}
        exec(compile(_FUNCTION_IMPORTS.sub("", source), "regex_tokenize", "exec"), namespace)
        pattern = namespace.get("patterns")
        if isinstance(pattern, re.Pattern):
            return pattern
    except Exception:  # any surprise in that module: import it as underthesea does
        pass
    try:
        from underthesea.pipeline.word_tokenize import regex_tokenize
    except ImportError as exc:  # pragma: no cover - a broken install
        raise ModelError(f"underthesea's tokenizer cannot be imported: {exc}") from exc
    imported: re.Pattern[str] = regex_tokenize.patterns
    return imported


def _load_word_model() -> _Tagger:
    try:
        return _WordModel(underthesea_package())
    except ModelError:
        raise
    except Exception as exc:  # pragma: no cover - a broken install
        raise ModelError(f"underthesea's word segmentation model cannot be loaded: {exc}") from exc


class Segmenter:
    """Cuts normalized text into syllables, words and sentences. Loads its model once."""

    def __init__(self) -> None:
        self._pattern = _syllable_pattern()
        self._words = _load_word_model()

    def syllables(self, text: str) -> list[tuple[int, int]]:
        """Token spans of ``text``. A run of letters between spaces is one token (underthesea's
        regex cuts none, and reading them with it takes half the time); the regex reads the
        rest, with its context. (One difference: the regex's "Th.S" lacks a backslash, so it
        reads "Th sẽ" as "Th s", "ẽ"; here it is "Th", "sẽ".)"""
        spans: list[tuple[int, int]] = []
        pos = -1  # start of the text the regex has still to read, if any
        for run in _RUN.finditer(text):
            a, b = run.span()
            if b - a > MAX_RUN:
                if pos >= 0:
                    self._scan(text, pos, a, spans)
                for c, d in _pieces(text, a, b):
                    self._scan(text, c, d, spans, exact=False)
                pos = -1
            elif run.group().isalpha():
                if pos >= 0:
                    self._scan(text, pos, a, spans)
                spans.append((a, b))
                pos = -1
            elif pos < 0:
                pos = a
        if pos >= 0:
            self._scan(text, pos, len(text), spans)
        return spans

    def _scan(
        self, text: str, a: int, b: int, spans: list[tuple[int, int]], exact: bool = True
    ) -> None:
        """Tokens of ``text[a:b]``. When ``exact``, ``text[b]`` (if any) is the first character of
        a run that follows a space, no token crosses ``b``, and one character of look-ahead keeps
        the regex's ``$`` and look-aheads behaving as on the whole text."""
        if a >= b:
            return
        endpos = min(b + 1, len(text)) if exact else b
        append = spans.append
        for m in self._pattern.finditer(text, a, endpos):
            a1, b1 = m.span()
            if a1 >= b:
                break
            if b1 - a1 == 1:  # a one-character token is never cut
                append((a1, b1))
                continue
            token = text[a1:b1]
            if (
                token[-1] == "."
                and (_ALLCAPS_DOT.match(token) or _DOTTED_CAPS_DOT.match(token))
                and token not in _KEEP_DOT
            ):
                _split_hyphens(token, a1, b1 - 1, append)
                append((b1 - 1, b1))
            elif "-" in token:
                _split_hyphens(token, a1, b1, append)
            else:
                append((a1, b1))

    def sentences(self, text: str, syl: list[tuple[int, int]]) -> list[tuple[int, int]]:
        out: list[tuple[int, int]] = []
        start = 0
        n = len(syl)
        starts = [a for a, _ in syl]
        breaks = set()  # the syllables followed by a line break
        for m in _LINE_BREAK.finditer(text):
            k = bisect_right(starts, m.start()) - 1
            if k >= 0 and syl[k][1] <= m.start():
                breaks.add(k)
        i = 0
        while i < n:
            cut = i + 1
            if i in breaks and i + 1 < n:
                boundary = True
            elif text[syl[i][0]] in _END_CHARS and _SENT_END.match(text[syl[i][0] : syl[i][1]]):
                while (
                    cut < n
                    and text[syl[cut][0] : syl[cut][1]] in _CLOSERS
                    and (syl[cut][0] == syl[cut - 1][1] or text[syl[cut][0]] in "”»)]}")
                ):
                    cut += 1
                boundary = cut >= n or (
                    bool(_SENT_START.match(text, syl[cut][0]))
                    # a dot right before a digit ("mật danh A.22") ends no sentence
                    and not (syl[cut][0] == syl[cut - 1][1] and text[syl[cut][0]].isdigit())
                )
            else:
                boundary = False
            if not boundary and (
                cut - start >= MAX_SENTENCE_SYLLABLES
                or (cut < n and syl[cut][1] - syl[start][0] > MAX_SENTENCE_CHARS)
            ):
                cut = self._soft_cut(text, syl, start, cut)
                boundary = True
            if boundary:
                out.append((start, cut))
                start = cut
            i = cut
        if start < n:
            out.append((start, n))
        return out

    @staticmethod
    def _soft_cut(text: str, syl: list[tuple[int, int]], start: int, limit: int) -> int:
        for k in range(limit - 1, start + (limit - start) // 2, -1):
            if text[syl[k][0] : syl[k][1]] in _BREAK_AT:
                return k + 1
        return limit

    def words(
        self, text: str, syl: list[tuple[int, int]], sentences: list[tuple[int, int]]
    ) -> list[tuple[int, int]]:
        out: list[tuple[int, int]] = []
        every = self._words.predict([[text[s:e] for s, e in syl[a:b]] for a, b in sentences])
        for (a, _), tags in zip(sentences, every, strict=True):
            for k, tag in enumerate(tags):
                i = a + k
                if tag == "I-W" and k > 0 and text[syl[i - 1][1] : syl[i][0]] == " ":
                    out[-1] = (out[-1][0], i + 1)
                else:
                    out.append((i, i + 1))
        return out

    def __call__(self, text: str) -> Segmented:
        syl = self.syllables(text)
        sents = self.sentences(text, syl)
        words = self.words(text, syl, sents)
        return Segmented(text, tuple(syl), tuple(words), tuple(sents))


@cache
def _hyphen_words() -> tuple[frozenset[str], frozenset[str]]:
    """Vietnamese syllables (lower case) and one-word country names."""
    countries = word_list("gazetteers/countries.txt")
    return word_list("gazetteers/vn_syllables.txt"), frozenset(c for c in countries if " " not in c)


def _joins_names(left: str, right: str) -> bool:
    """Whether a hyphen between ``left`` and ``right`` joins two names rather than the parts
    of one: Vietnamese syllables are never hyphenated within a name ("Vân-Cầu"), nor are
    acronyms ("TT-BGDĐT") or countries ("Syria-Iraq"); foreign names are ("Frank-Walter")."""
    syllables, countries = _hyphen_words()
    return (
        (left.lower() in syllables and right.lower() in syllables)
        or bool(_ACRONYM.fullmatch(left) or _ACRONYM.fullmatch(right))
        or left in countries
        or right in countries
    )


def _split_hyphens(token: str, a: int, b: int, append: Callable[[tuple[int, int]], None]) -> None:
    """Append ``token[: b - a]`` (at offset ``a``) cut at each :data:`_NAME_HYPHEN` that
    :func:`_joins_names`."""
    n = b - a
    pos = 0
    for m in _NAME_HYPHEN.finditer(token, 0, n):
        cut = m.start()
        right_end = token.find("-", cut + 1, n)
        left = token[token.rfind("-", 0, cut) + 1 : cut]
        right = token[cut + 1 : right_end if right_end >= 0 else n]
        if _joins_names(left, right):
            append((a + pos, a + cut))
            append((a + cut, a + cut + 1))
            pos = cut + 1
    append((a + pos, b))


def _is_alnum(c: str) -> bool:
    return c.isalnum() or c == "_"


def _pieces(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """Cut the run ``text[a:b]`` into pieces of at most :data:`MAX_RUN` characters, each cut
    preferably where a letter or digit meets another character (else at the limit)."""
    out: list[tuple[int, int]] = []
    while b - a > MAX_RUN:
        cut = a + MAX_RUN
        for k in range(cut, a + MAX_RUN // 2, -1):
            if _is_alnum(text[k - 1]) != _is_alnum(text[k]):
                cut = k
                break
        out.append((a, cut))
        a = cut
    out.append((a, b))
    return out
