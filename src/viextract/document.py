"""The result of one extraction: a text and its sentences, words and entities."""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeGuard

from .errors import DocumentError, InputError
from .output.render import render_html
from .output.tables import RECORD_COLUMNS, document_frame, frame, import_pandas, records
from .types import DateValue, Entity, Label, Sentence, Token

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True, slots=True)
class Document:
    """The annotations of one text.

    ``sentences``, ``tokens`` and ``entities`` are tuples in text order; entities never overlap.
    """

    text: str
    sentences: tuple[Sentence, ...] = ()
    tokens: tuple[Token, ...] = ()
    entities: tuple[Entity, ...] = ()
    reference_date: _dt.date | None = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict; ``Document.from_dict(doc.to_dict()) == doc``, and so after a trip
        through JSON text, for any ``str`` (see :data:`SURROGATE_PAIRS`)."""
        ref = self.reference_date
        out: dict[str, Any] = {
            "text": self.text,
            "reference_date": None if ref is None else ref.isoformat(),
            "sentences": [[s.start, s.end] for s in self.sentences],
            "tokens": [[t.start, t.end] for t in self.tokens],
            "entities": [e.to_dict() for e in self.entities],
        }
        pairs = surrogate_pairs(self.text)
        if pairs:
            out[SURROGATE_PAIRS] = pairs
        return out

    def to_records(self) -> list[dict[str, Any]]:
        """One plain dict per entity: text, label (str), start, end, normalized, sentence
        (index into ``sentences``), source and ``date_*`` fields (None for names)."""
        return records(self)

    def to_dataframe(self) -> pd.DataFrame:
        """The entities as a pandas DataFrame, one row per entity (columns as
        :meth:`to_records`). Needs pandas: ``pip install 'viextract[pandas]'``."""
        return document_frame(self)

    def _repr_html_(self) -> str:
        """Jupyter display: the text, entities highlighted (see :func:`viextract.render_html`)."""
        return render_html(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Document:
        """Rebuild a document from :meth:`to_dict` output (span texts are sliced from ``text``;
        other keys, such as ``id``, are ignored).

        The data is checked as a :class:`Document` promises: every span within the text and
        not empty, sentences, tokens and entities each in text order and never overlapping, an
        entity's ``text`` (when given) equal to the text it spans, known labels, fields of the
        right types.

        Raises:
            DocumentError: the data is not a consistent document (a
                :class:`~viextract.InputError`, so also a ``ValueError``).
        """
        try:
            return _from_dict(cls, data)
        except RecursionError:
            raise DocumentError("not a document: nested too deeply") from None


#: The key :meth:`Document.to_dict` adds when the text holds a high surrogate directly followed
#: by a low one (two code points, e.g. from ``"\\ud83d" + "\\ude00"``): their positions. JSON
#: reads such a pair back as one character (U+1F600); :meth:`Document.from_dict` splits it
#: again, so that the text, and every offset, is exactly the original.
SURROGATE_PAIRS = "surrogate_pairs"
_PAIR = re.compile("[\ud800-\udbff][\udc00-\udfff]")
_ANY_SURROGATE = re.compile("[\ud800-\udfff]")


def surrogate_pairs(text: str) -> list[int]:
    """Positions of the surrogate pairs in ``text`` that JSON would merge (see
    :data:`SURROGATE_PAIRS`)."""
    if not _ANY_SURROGATE.search(text):
        return []
    return [m.start() for m in _PAIR.finditer(text)]


def _restore_pairs(text: str, pairs: object) -> str:
    if pairs is None:
        return text
    if not isinstance(pairs, list) or not all(_is_int(i) for i in pairs):
        raise DocumentError(f"{SURROGATE_PAIRS!r} must be a list of positions")
    if all(_PAIR.match(text, i) for i in pairs):
        return text  # not through JSON: the pairs are still two characters each
    out = []
    pos = 0
    for k, i in enumerate(pairs):
        j = i - k  # each earlier pair is one character shorter after JSON
        if j < pos or j >= len(text) or ord(text[j]) < 0x10000:
            raise DocumentError(f"{SURROGATE_PAIRS!r} does not match the text")
        c = ord(text[j]) - 0x10000
        out.append(text[pos:j])
        out.append(chr(0xD800 + (c >> 10)) + chr(0xDC00 + (c & 0x3FF)))
        pos = j + 1
    out.append(text[pos:])
    return "".join(out)


def _is_int(x: object) -> TypeGuard[int]:
    return isinstance(x, int) and not isinstance(x, bool)


def _is_number(x: object) -> TypeGuard[float]:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and x == x


def _spans(data: Mapping[str, Any], key: str, n: int) -> list[tuple[int, int]]:
    value = data.get(key, ())
    if not isinstance(value, (list, tuple)):
        raise DocumentError(f"{key!r} must be a list of [start, end] pairs")
    out = []
    prev = 0
    for k, span in enumerate(value):
        if not (isinstance(span, (list, tuple)) and len(span) == 2 and all(map(_is_int, span))):
            raise DocumentError(f"{key}[{k}] must be a [start, end] pair of integers: {span!r}")
        start, end = span
        _check_span(f"{key}[{k}]", start, end, n, prev)
        out.append((start, end))
        prev = end
    return out


def _check_span(where: str, start: int, end: int, n: int, prev: int) -> None:
    if not 0 <= start < end <= n:
        raise DocumentError(f"{where} [{start}, {end}] is not a span of the text (length {n})")
    if start < prev:
        raise DocumentError(f"{where} [{start}, {end}] overlaps or precedes the one before it")


def _from_dict(cls: type[Document], data: Mapping[str, Any]) -> Document:
    if not isinstance(data, Mapping):
        raise DocumentError(f"a document is a dict, got {type(data).__name__}")
    text = data.get("text")
    if not isinstance(text, str):
        raise DocumentError("'text' must be a string")
    text = _restore_pairs(text, data.get(SURROGATE_PAIRS))
    n = len(text)
    ref = data.get("reference_date")
    try:
        reference_date = None if ref is None else _dt.date.fromisoformat(ref)
    except (TypeError, ValueError):
        raise DocumentError(f"'reference_date' is not an ISO date: {ref!r}") from None
    raw_entities = data.get("entities", ())
    if not isinstance(raw_entities, (list, tuple)):
        raise DocumentError("'entities' must be a list")
    ents = []
    prev = 0
    for k, e in enumerate(raw_entities):
        where = f"entities[{k}]"
        if not isinstance(e, Mapping):
            raise DocumentError(f"{where} must be a dict")
        start, end = e.get("start"), e.get("end")
        if not (_is_int(start) and _is_int(end)):
            raise DocumentError(f"{where} needs integer 'start' and 'end'")
        _check_span(where, start, end, n, prev)
        prev = end
        span_text = text[start:end]
        if "text" in e and e["text"] != span_text:
            raise DocumentError(
                f"{where} says its text is {e['text']!r}, the text has {span_text!r} there"
            )
        try:
            label = Label(e.get("label"))
        except ValueError:
            raise DocumentError(f"{where} has an unknown label {e.get('label')!r}") from None
        normalized, source, d = e.get("normalized"), e.get("source", ""), e.get("date")
        canonical, score = e.get("canonical", ""), e.get("score", 1.0)
        if not (
            isinstance(normalized, str) and isinstance(source, str) and isinstance(canonical, str)
        ):
            raise DocumentError(f"{where}: 'normalized', 'canonical' and 'source' must be strings")
        if not _is_number(score) or not 0.0 <= score <= 1.0:
            raise DocumentError(f"{where}: 'score' must be a number from 0 to 1")
        if d is not None and not isinstance(d, Mapping):
            raise DocumentError(f"{where}: 'date' must be a dict")
        date = None if d is None else DateValue.from_dict(dict(d))
        ents.append(
            Entity(
                span_text,
                label,
                start,
                end,
                normalized,
                date,
                source,
                canonical=canonical,
                score=float(score),
            )
        )
    return cls(
        text=text,
        sentences=tuple(Sentence(text[a:b], a, b) for a, b in _spans(data, "sentences", n)),
        tokens=tuple(Token(text[a:b], a, b) for a, b in _spans(data, "tokens", n)),
        entities=tuple(ents),
        reference_date=reference_date,
    )


def to_dataframe(docs: Iterable[Document], ids: Iterable[Hashable] | None = None) -> pd.DataFrame:
    """The entities of many documents as one pandas DataFrame, with a first column ``doc``.

    ``docs`` is any iterable of :class:`~viextract.Document`, e.g. ``Extractor().pipe(texts)``
    (consumed lazily, one document at a time). ``doc`` is the document's id from ``ids`` (one per
    document: article ids, URLs, ...) or its position. Needs pandas (``viextract[pandas]``).
    """
    if isinstance(docs, Document):
        raise TypeError("to_dataframe() takes an iterable of documents; use doc.to_dataframe()")
    import_pandas()  # fail before consuming a (possibly slow) iterator
    rows: list[dict[str, Any]] = []
    id_iter = None if ids is None else iter(ids)
    n = 0
    for n, doc in enumerate(docs, 1):
        if not isinstance(doc, Document):
            raise TypeError(f"to_dataframe() needs Document objects, got {type(doc).__name__}")
        if id_iter is None:
            doc_id: Hashable = n - 1
        else:
            try:
                doc_id = next(id_iter)
            except StopIteration:
                raise InputError(f"to_dataframe() got fewer ids than documents ({n - 1})") from None
        rows.extend({"doc": doc_id, **r} for r in records(doc))
    if id_iter is not None and next(id_iter, _END) is not _END:
        raise InputError(f"to_dataframe() got more ids than documents ({n})")
    return frame(rows, ("doc", *RECORD_COLUMNS))


_END = object()
