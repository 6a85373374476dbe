"""The extraction pipeline: text -> normalized text + offset map -> segments -> recognizers ->
date resolution -> overlap policy -> :class:`~viextract.types.Document`."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterable, Iterator, Sequence
from typing import get_args

from .errors import ConfigError
from .merge import resolve_overlaps
from .recognizers import Mention, Recognizer
from .recognizers.dates import DateRecognizer
from .recognizers.entity_rules import refine
from .resolve import PartialDate, resolve
from .segment import Segmenter
from .text import align
from .types import DateSpans, DateValue, Document, Entity, Label, Prefer, Sentence, Token

NER_MODELS = ("viextract", "underthesea")


def check_text(text: object) -> str:
    """Return ``text`` if it is a ``str``; otherwise raise a TypeError saying what to pass."""
    if isinstance(text, str):
        return text
    if isinstance(text, (bytes, bytearray, memoryview)):
        raise TypeError(
            "viextract needs text as str, got bytes: decode it first, e.g. data.decode('utf-8')"
        )
    raise TypeError(f"viextract needs text as str, got {type(text).__name__}")


# underthesea creates some of its models lazily, on first use, in module globals, without a lock
# (a second thread could see a model before it is loaded). Extractors are therefore built, and
# run once on a small text, under this lock; after that, model calls only read shared state
# (underthesea_core's CRF taggers take `&self` and hold the GIL), so one Extractor can be shared
# by threads (tests/test_robustness_threads.py).
_INIT_LOCK = threading.Lock()
_WARM_UP = "Ông Nguyễn Văn An đến Hà Nội ngày 20-11-2015."


def check_texts(texts: object) -> None:
    """Reject a single text passed where an iterable of texts is expected."""
    if isinstance(texts, (str, bytes, bytearray, memoryview)):
        raise TypeError(
            "pipe() needs an iterable of str (e.g. a list of texts), got a single "
            f"{type(texts).__name__}; for one text use extract()"
        )


def check_reference(reference_date: object) -> dt.date | None:
    if reference_date is None:
        return None
    if isinstance(reference_date, dt.datetime):
        return reference_date.date()
    if isinstance(reference_date, dt.date):
        return reference_date
    if isinstance(reference_date, str):
        try:
            return dt.date.fromisoformat(reference_date)
        except ValueError:
            pass
    raise TypeError(
        "reference_date must be a datetime.date (or an ISO string 'YYYY-MM-DD'), "
        f"got {reference_date!r}"
    )


def check_prefer(prefer: object) -> Prefer:
    choices = get_args(Prefer)
    if prefer not in choices:
        raise ConfigError(f"prefer must be one of {', '.join(map(repr, choices))}, got {prefer!r}")
    return prefer  # type: ignore[return-value]


def check_date_spans(date_spans: object) -> DateSpans:
    choices = get_args(DateSpans)
    if date_spans not in choices:
        raise ConfigError(
            f"date_spans must be one of {', '.join(map(repr, choices))}, got {date_spans!r}"
        )
    return date_spans  # type: ignore[return-value]


def date_parts(
    start: int, end: int, partial: PartialDate, value: DateValue, date_spans: DateSpans
) -> list[tuple[int, int, DateValue]]:
    """The DATE entities of one date mention ``start:end`` (normalized offsets).

    "phrase": the mention itself. "core": the calendar expression without head words, part of
    day, modifier, weekday or direction words ("ngày thứ năm [19-11]", "sáng [20-11]", "cuối
    [tháng 10]"); a range gives its two ends ("từ [19] đến [21-11]": the start, whose value
    keeps the range's ``end``, then the end). A mention with no calendar part ("hôm qua",
    "tuần tới") keeps its whole span.
    """
    if date_spans == "phrase" or not partial.core:
        return [(start, end, value)]
    own = list(partial.core)
    tail = list(partial.end.core) if partial.end is not None else []
    head = [c for c in own if c not in tail]
    if head and tail and value.end is not None:
        return [
            (head[0][0], head[-1][1], value),
            (tail[0][0], tail[-1][1], value.end),
        ]
    return [(own[0][0], max(b for _, b in own), value)]


class Extractor:
    """Finds people, places, organisations and dates. Loads its models once; reuse it.

    One instance may be shared by threads (same results as serial use); threads bring no
    speed-up under the GIL, so for throughput use one process per core.

    Args:
        ner: the entity model: ``"viextract"`` (viextract's own CRF, the default),
            ``"underthesea"`` (underthesea's tagger, kept as a baseline), or any object
            following the :class:`~viextract.recognizers.Recognizer` protocol.
        dates: find DATE entities.
    """

    def __init__(self, ner: str | Recognizer = "viextract", *, dates: bool = True) -> None:
        with _INIT_LOCK:
            self._init(ner, dates)
            if isinstance(ner, str) and self._ner is not None:
                # load, under the lock, whatever the built-in model loads lazily
                self._ner(self._segment(align(_WARM_UP).text))

    def _init(self, ner: str | Recognizer, dates: bool) -> None:
        self._segment = Segmenter()
        self._ner: Recognizer | None
        if isinstance(ner, str):
            if ner not in NER_MODELS:
                raise ConfigError(f"unknown ner model {ner!r}; choose one of {NER_MODELS}")
            if ner == "viextract":
                from .recognizers.crf_ner import CRFEntityRecognizer

                self._ner = CRFEntityRecognizer()
            else:
                from .recognizers.underthesea_ner import UndertheseaNER

                self._ner = UndertheseaNER()
        else:
            self._ner = ner
        self._dates: Recognizer | None = DateRecognizer() if dates else None

    def extract(
        self,
        text: str,
        reference_date: dt.date | None = None,
        prefer: Prefer = "past",
        date_spans: DateSpans = "core",
    ) -> Document:
        """Annotate one text. ``reference_date`` (the article's date) resolves relative dates;
        ``prefer`` ("past", "future", "nearest") is the direction of bare weekdays and
        day-months; ``date_spans`` is how much text a DATE entity covers (see
        :func:`date_parts`)."""
        text = check_text(text)
        ref = check_reference(reference_date)
        pref = check_prefer(prefer)
        spans = check_date_spans(date_spans)
        if not text.strip():
            return Document(text=text, reference_date=ref)
        aligned = align(text)
        seg = self._segment(aligned.text)
        mentions: list[Mention] = []
        if self._ner is not None:
            mentions.extend(refine(seg, self._ner(seg)))
        if self._dates is not None:
            mentions.extend(self._dates(seg))

        span = aligned.to_original
        entities = []
        for m in resolve_overlaps(mentions):
            if m.label == Label.DATE and m.value is not None:
                resolved = resolve(m.value, ref, pref)
                for a, b, date in date_parts(m.start, m.end, m.value, resolved, spans):
                    s, e = span(a, b)
                    entities.append(Entity(text[s:e], m.label, s, e, date.value, date, m.source))
            else:
                s, e = span(m.start, m.end)
                normalized = " ".join(aligned.text[m.start : m.end].split())
                entities.append(Entity(text[s:e], m.label, s, e, normalized, None, m.source))
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
        date_spans: DateSpans = "core",
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
    date_spans: DateSpans = "core",
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
