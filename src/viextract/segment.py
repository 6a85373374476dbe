"""Syllables, words and sentences, as spans of the normalized text.

Syllables come from underthesea's rule tokenizer (its regex, applied to our normalized text so
that every match keeps its position); words from underthesea's word-segmentation CRF, run on
those syllables; sentences from punctuation and line breaks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

import regex

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
_SENT_END = regex.compile(r"[.!?…]+\Z")
_CLOSERS = frozenset("”\"'’»)]}")
_SENT_START = regex.compile(r"[\p{Lu}\p{N}“\"'‘«(\[\-–—•*]")
_BREAK_AT = frozenset(",;:")

#: Longest run of syllables tagged as one sentence; longer runs are cut at a comma or, failing
#: that, at the limit, so that time stays linear in the text length.
MAX_SENTENCE_SYLLABLES = 250


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

    def syllable(self, i: int) -> str:
        a, b = self.syllables[i]
        return self.text[a:b]

    def char_span(self, first: int, last: int) -> tuple[int, int]:
        """Character span of syllables ``first`` .. ``last - 1``."""
        return self.syllables[first][0], self.syllables[last - 1][1]


class _Tagger(Protocol):
    def predict(self, tokens: list[list[str]]) -> list[str]: ...


def _syllable_pattern() -> re.Pattern[str]:
    try:
        from underthesea.pipeline.word_tokenize import regex_tokenize
    except ImportError as exc:  # pragma: no cover - a broken install
        raise ModelError(f"underthesea's tokenizer cannot be imported: {exc}") from exc
    pattern: re.Pattern[str] = regex_tokenize.patterns
    return pattern


def _load_word_model() -> _Tagger:
    try:
        from pathlib import Path

        from underthesea.models.fast_crf_sequence_tagger import FastCRFSequenceTagger
        from underthesea.pipeline import word_tokenize as wt

        model = FastCRFSequenceTagger()
        model.load(str(Path(wt.__file__).parent / "models" / "ws_crf_vlsp2013_20230727"))
    except Exception as exc:  # pragma: no cover - a broken install
        raise ModelError(f"underthesea's word segmentation model cannot be loaded: {exc}") from exc
    tagger: _Tagger = model
    return tagger


class Segmenter:
    """Cuts normalized text into syllables, words and sentences. Loads its model once."""

    def __init__(self) -> None:
        self._pattern = _syllable_pattern()
        self._words = _load_word_model()

    def syllables(self, text: str) -> list[tuple[int, int]]:
        spans: list[tuple[int, int]] = []
        for m in self._pattern.finditer(text):
            a, b = m.span()
            tok = text[a:b]
            if b - a > 1 and tok.endswith(".") and _ALLCAPS_DOT.match(tok) and tok not in _KEEP_DOT:
                spans.append((a, b - 1))
                spans.append((b - 1, b))
            else:
                spans.append((a, b))
        return spans

    def sentences(self, text: str, syl: list[tuple[int, int]]) -> list[tuple[int, int]]:
        out: list[tuple[int, int]] = []
        start = 0
        n = len(syl)
        i = 0
        while i < n:
            cut = i + 1
            if i + 1 < n and "\n" in text[syl[i][1] : syl[i + 1][0]]:
                boundary = True
            elif _SENT_END.match(text[syl[i][0] : syl[i][1]]):
                while (
                    cut < n
                    and text[syl[cut][0] : syl[cut][1]] in _CLOSERS
                    and (syl[cut][0] == syl[cut - 1][1] or text[syl[cut][0]] in "”»)]}")
                ):
                    cut += 1
                boundary = cut >= n or bool(_SENT_START.match(text, syl[cut][0]))
            else:
                boundary = False
            if boundary or cut - start >= MAX_SENTENCE_SYLLABLES:
                if not boundary:
                    cut = self._soft_cut(text, syl, start, cut)
                out.append((start, cut))
                start = cut
            i = cut
        if start < n:
            out.append((start, n))
        return out

    @staticmethod
    def _soft_cut(text: str, syl: list[tuple[int, int]], start: int, limit: int) -> int:
        for k in range(limit - 1, start + MAX_SENTENCE_SYLLABLES // 2, -1):
            if text[syl[k][0] : syl[k][1]] in _BREAK_AT:
                return k + 1
        return limit

    def words(
        self, text: str, syl: list[tuple[int, int]], sentences: list[tuple[int, int]]
    ) -> list[tuple[int, int]]:
        out: list[tuple[int, int]] = []
        for a, b in sentences:
            tags = self._words.predict([[text[s:e]] for s, e in syl[a:b]])
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
