"""The extraction pipeline, in this order: text -> normalized text + offset map
(:mod:`~viextract.text`) -> sentences, words, syllables (:mod:`~viextract.segment`) -> every
recognizer's mentions -> the overlap policy (:mod:`~viextract.merge`) -> each kept mention
resolved by the recognizer that made it (dates against the reference date) -> offsets mapped
back to the original text -> :class:`~viextract.types.Document`."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace

from .canonical import link
from .checks import check_date_spans, check_prefer, check_reference, check_text, check_texts
from .document import Document
from .errors import ConfigError
from .longtext import MAX_PIECE, extract_in_pieces
from .merge import resolve_overlaps
from .recognizer import Context, Mention, Recognizer, resolver_of
from .segment import Segmenter
from .text import align
from .types import DateSpans, Entity, Prefer, Sentence, Token

# underthesea creates some of its models lazily, on first use, in module globals, without a lock
# (a second thread could see a model before it is loaded). Extractors are therefore built, and
# run once on a small text, under this lock; after that, model calls only read shared state
# (underthesea_core's CRF taggers take `&self` and hold the GIL), so one Extractor can be shared
# by threads (tests/test_robustness_threads.py).
_INIT_LOCK = threading.Lock()
# viextract.DEFAULT has its own lock: a user's recognizer may use it while an Extractor warms up
_RECOGNIZERS_LOCK = threading.Lock()
_WARM_UP = "Ông Nguyễn Văn An đến Hà Nội ngày 20-11-2015."


_DEFAULT: tuple[Recognizer, ...] | None = None


def default_recognizers() -> tuple[Recognizer, ...]:
    """``viextract.DEFAULT``: the entity model and the date grammar, created on first use (the
    entity model loads its files then) and shared by every :class:`Extractor` that uses them."""
    global _DEFAULT
    with _RECOGNIZERS_LOCK:
        if _DEFAULT is None:
            from .dates.recognizer import DateRecognizer
            from .ner.model import EntityModel

            _DEFAULT = (EntityModel(), DateRecognizer())
        return _DEFAULT


def check_recognizers(recognizers: object) -> tuple[Recognizer, ...]:
    if isinstance(recognizers, (str, bytes)) or not isinstance(recognizers, Iterable):
        raise ConfigError(
            "recognizers must be a list of recognizers, e.g. "
            f"[*viextract.DEFAULT, viextract.NameList(...)], got {recognizers!r}"
        )
    out = tuple(recognizers)
    for r in out:
        if not isinstance(r, Recognizer):
            raise ConfigError(
                f"{r!r} is not a recognizer: it needs a `name` and to be callable with a "
                "segmented text (see viextract.Recognizer)"
            )
    names = [r.name for r in out]
    if len(set(names)) != len(names):
        raise ConfigError(f"two recognizers share a name: {names}; give each its own")
    return out


class Extractor:
    """Finds people, places, organisations and dates. Loads its models once; reuse it.

    One instance may be shared by threads (same results as serial use); threads bring no
    speed-up under the GIL, so for throughput use one process per core.

    Args:
        recognizers: where entities come from, each following the
            :class:`~viextract.Recognizer` protocol. Default: :data:`viextract.DEFAULT`, the
            entity model and the date grammar. Add your own names with
            ``[*viextract.DEFAULT, viextract.NameList({...})]``; overlaps between recognizers
            are settled by one policy (:mod:`viextract.merge`).
        min_score: keep only entities whose ``score`` is at least this (0 to 1; default 0:
            all). The entity model's scores are CRF probabilities; dates and user names score 1.
    """

    def __init__(
        self, recognizers: Iterable[Recognizer] | None = None, *, min_score: float = 0.0
    ) -> None:
        if isinstance(min_score, bool) or not isinstance(min_score, (int, float)):
            raise ConfigError(f"min_score must be a number from 0 to 1, got {min_score!r}")
        if not 0.0 <= min_score <= 1.0:
            raise ConfigError(f"min_score must be from 0 to 1, got {min_score!r}")
        self.min_score = float(min_score)
        recs = default_recognizers() if recognizers is None else check_recognizers(recognizers)
        self.recognizers: tuple[Recognizer, ...] = recs
        self._resolvers = {id(r): resolver_of(r) for r in recs}
        with _INIT_LOCK:
            self._segment = Segmenter()
            # run every recognizer once, under the lock, so that whatever it (or underthesea)
            # loads lazily is loaded before threads share it
            seg = self._segment(align(_WARM_UP).text)
            for r in recs:
                r(seg)

    def extract(
        self,
        text: str,
        reference_date: dt.date | None = None,
        prefer: Prefer = "past",
        date_spans: DateSpans = "phrase",
    ) -> Document:
        """Annotate one text. ``reference_date`` (the article's date) resolves relative dates;
        ``prefer`` ("past", "future", "nearest") is the direction of bare weekdays and
        day-months when neither a direction word nor the clause's tense decides;
        ``date_spans`` is how much text a DATE entity covers ("phrase", the default: the phrase
        the value was read from, "ngày thứ năm 19-11"; "core": the calendar part as gold corpora
        mark it, "19-11", for scoring against them)."""
        text = check_text(text)
        ref = check_reference(reference_date)
        pref = check_prefer(prefer)
        spans = check_date_spans(date_spans)
        if not text.strip():
            return Document(text=text, reference_date=ref)
        if len(text) > MAX_PIECE:  # bounded memory: piece by piece (viextract.longtext)
            return extract_in_pieces(self, text, ref, pref, spans)
        aligned = align(text)
        seg = self._segment(aligned.text)
        made_by: dict[int, Recognizer] = {}
        mentions: list[Mention] = []
        for r in self.recognizers:
            for m in r(seg):
                # below min_score a mention is out before it can win an overlap (a block stays)
                if m.label is not None and round(m.score, 4) < self.min_score:
                    continue
                made_by[id(m)] = r
                mentions.append(m)
        context = Context(aligned.text, ref, pref, spans)
        span = aligned.to_original
        entities = []
        for m in resolve_overlaps(mentions):
            assert m.label is not None  # blocks are never kept
            score = round(min(max(m.score, 0.0), 1.0), 4)
            for res in self._resolvers[id(made_by[id(m)])](m, context):
                s, e = span(res.start, res.end)
                entities.append(
                    Entity(
                        text[s:e], m.label, s, e, res.normalized, res.date, m.source, score=score
                    )
                )
        names = link([(e.normalized, e.label) for e in entities])
        entities = [replace(e, canonical=c) for e, c in zip(entities, names, strict=True)]
        syl = seg.syllables
        sentences = []
        for a, b in seg.sentences:
            s, e = span(syl[a][0], syl[b - 1][1])
            sentences.append(Sentence(text[s:e], s, e))
        tokens = []
        for a, b in seg.words:
            s, e = span(syl[a][0], syl[b - 1][1])
            tokens.append(Token(text[s:e], s, e))
        return Document(text, tuple(sentences), tuple(tokens), tuple(entities), ref)

    def pipe(
        self,
        texts: Iterable[str],
        reference_date: dt.date | Sequence[dt.date | None] | None = None,
        prefer: Prefer = "past",
        date_spans: DateSpans = "phrase",
    ) -> Iterator[Document]:
        """Annotate many texts lazily, in order.

        ``reference_date`` is one date for all texts, or a sequence with one date (or None)
        per text.
        """
        check_texts(texts)
        if isinstance(reference_date, Sequence) and not isinstance(reference_date, str):
            refs: Iterable[dt.date | None] = reference_date
            texts = list(texts) if not isinstance(texts, Sequence) else texts
            if len(refs) != len(texts):  # type: ignore[arg-type]
                raise ConfigError("pipe() needs one reference date per text")
            for text, ref in zip(texts, refs, strict=True):
                yield self.extract(text, ref, prefer, date_spans)
        else:
            for text in texts:
                yield self.extract(text, reference_date, prefer, date_spans)


_default: Extractor | None = None
_DEFAULT_LOCK = threading.Lock()


def extract(
    text: str,
    reference_date: dt.date | None = None,
    prefer: Prefer = "past",
    date_spans: DateSpans = "phrase",
) -> Document:
    """Annotate one text with a shared default :class:`Extractor` (created on first use); the
    arguments are those of :meth:`Extractor.extract`."""
    global _default
    check_text(text)
    if _default is None:
        with _DEFAULT_LOCK:  # robustness: one default Extractor, even when threads race
            if _default is None:
                _default = Extractor()
    return _default.extract(text, reference_date, prefer, date_spans)
