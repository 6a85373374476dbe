"""The result of one extraction: a text and its sentences, words and entities."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .errors import InputError
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
        """A JSON-ready dict; ``Document.from_dict(doc.to_dict()) == doc``."""
        ref = self.reference_date
        return {
            "text": self.text,
            "reference_date": None if ref is None else ref.isoformat(),
            "sentences": [[s.start, s.end] for s in self.sentences],
            "tokens": [[t.start, t.end] for t in self.tokens],
            "entities": [e.to_dict() for e in self.entities],
        }

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
    def from_dict(cls, data: dict[str, Any]) -> Document:
        """Rebuild a document from :meth:`to_dict` output (span texts are sliced from ``text``)."""
        text: str = data["text"]
        ref = data.get("reference_date")
        ents = []
        for e in data.get("entities", ()):
            d = e.get("date")
            ents.append(
                Entity(
                    text=text[e["start"] : e["end"]],
                    label=Label(e["label"]),
                    start=e["start"],
                    end=e["end"],
                    normalized=e["normalized"],
                    date=None if d is None else DateValue.from_dict(d),
                    source=e.get("source", ""),
                    canonical=e.get("canonical", ""),
                    score=float(e.get("score", 1.0)),
                )
            )
        return cls(
            text=text,
            sentences=tuple(Sentence(text[a:b], a, b) for a, b in data.get("sentences", ())),
            tokens=tuple(Token(text[a:b], a, b) for a, b in data.get("tokens", ())),
            entities=tuple(ents),
            reference_date=None if ref is None else _dt.date.fromisoformat(ref),
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
