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
from .resolve import resolve
from .segment import Segmenter
from .text import align
from .types import Document, Entity, Label, Prefer, Sentence, Token

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
    ) -> Document:
        """Annotate one text. ``reference_date`` (the article's date) resolves relative dates."""
        text = check_text(text)
        ref = check_reference(reference_date)
        pref = check_prefer(prefer)
        if not text.strip():
            return Document(text=text, reference_date=ref)
        aligned = align(text)
        seg = self._segment(aligned.text)
        mentions: list[Mention] = []
        if self._ner is not None:
            mentions.extend(refine(seg, self._ner(seg)))
        if self._dates is not None:
            mentions.extend(self._dates(seg))

        def span(a: int, b: int) -> tuple[int, int]:
            return aligned.to_original(a, b)

        entities = []
        for m in resolve_overlaps(mentions):
            s, e = span(m.start, m.end)
            date = None
            if m.label == Label.DATE and m.value is not None:
                date = resolve(m.value, ref, pref)
                normalized = date.value
            else:
                normalized = " ".join(aligned.text[m.start : m.end].split())
            entities.append(Entity(text[s:e], m.label, s, e, normalized, date, m.source))
        sentences = []
        for a, b in seg.sentences:
            s, e = span(*seg.char_span(a, b))
            sentences.append(Sentence(text[s:e], s, e))
        tokens = []
        for a, b in seg.words:
            s, e = span(*seg.char_span(a, b))
            tokens.append(Token(text[s:e], s, e))
        return Document(text, tuple(sentences), tuple(tokens), tuple(entities), ref)

    def pipe(
        self,
        texts: Iterable[str],
        reference_date: dt.date | Sequence[dt.date | None] | None = None,
        prefer: Prefer = "past",
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
                yield self.extract(text, ref, prefer)
        else:
            for text in texts:
                yield self.extract(text, reference_date, prefer)


_default: Extractor | None = None
_DEFAULT_LOCK = threading.Lock()


def extract(text: str, reference_date: dt.date | None = None, prefer: Prefer = "past") -> Document:
    """Annotate one text with a shared default :class:`Extractor` (created on first use)."""
    global _default
    check_text(text)
    if _default is None:
        with _DEFAULT_LOCK:  # robustness: one default Extractor, even when threads race
            if _default is None:
                _default = Extractor()
    return _default.extract(text, reference_date, prefer)
