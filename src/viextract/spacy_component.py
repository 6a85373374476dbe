"""viextract in spaCy: a pipeline component and a converter (``pip install 'viextract[spacy]'``).

>>> import spacy                                                    # doctest: +SKIP
>>> nlp = spacy.blank("xx")                                         # doctest: +SKIP
>>> nlp.add_pipe("viextract")                                       # doctest: +SKIP
>>> doc = nlp("Ông Nguyễn Văn An đến Hà Nội hôm qua 20-11.")        # doctest: +SKIP
>>> [(e.text, e.label_, e._.normalized) for e in doc.ents]          # doctest: +SKIP

The component (registered as the factory ``"viextract"`` through spaCy's entry points) sets
``doc.ents`` with every viextract entity, at its exact characters: where the pipeline's tokens do
not end where an entity does, the tokens are split there, so no entity is dropped. Sentences are
set too. Each entity span has the extension attributes ``_.normalized``, ``_.canonical``,
``_.score``, ``_.source`` and ``_.date`` (the :class:`~viextract.DateValue` of a DATE), and
the doc has ``_.viextract`` (the :class:`~viextract.Document`).

The reference date: ``nlp(text, component_cfg={"viextract": {"reference_date": "2015-11-21"}})``
per call, or ``doc._.reference_date`` on a doc made with ``nlp.make_doc``, or the component's
config (``nlp.add_pipe("viextract", config={"reference_date": "2015-11-21", "prefer": "past",
"date_spans": "phrase", "names": "names.tsv", "min_score": 0.0})``).

:func:`to_spacy` converts a :class:`~viextract.Document` into a spaCy ``Doc`` whose tokens are
viextract's words.
"""

from __future__ import annotations

import datetime as dt
from importlib.util import find_spec
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from ._optional import require
from .checks import check_date_spans, check_prefer, check_reference
from .document import Document
from .types import DateSpans, Entity, Prefer

if TYPE_CHECKING:
    from .pipeline import Extractor

FACTORY = "viextract"


def _spacy() -> Any:
    return require("spacy", "spacy", "spaCy integration")


def _entity(span: Any) -> Entity | None:
    doc = span.doc._.viextract
    if not isinstance(doc, Document):
        return None
    for e in doc.entities:
        if e.start == span.start_char and e.end == span.end_char:
            return e
    return None


def _register_extensions() -> None:
    tokens = _spacy().tokens
    for name in ("viextract", "reference_date"):
        if not tokens.Doc.has_extension(name):
            tokens.Doc.set_extension(name, default=None)
    getters = {
        "normalized": lambda s: None if (e := _entity(s)) is None else e.normalized,
        "canonical": lambda s: None if (e := _entity(s)) is None else e.canonical,
        "source": lambda s: None if (e := _entity(s)) is None else e.source,
        "date": lambda s: None if (e := _entity(s)) is None else e.date,
        "score": lambda s: None if (e := _entity(s)) is None else e.score,
    }
    for name, getter in getters.items():
        if not tokens.Span.has_extension(name):
            tokens.Span.set_extension(name, getter=getter)


def _cuts(document: Document) -> list[int]:
    cuts = {0, len(document.text)}
    for t in document.tokens:
        cuts.update((t.start, t.end))
    for e in document.entities:
        cuts.update((e.start, e.end))
    return sorted(cuts)


def to_spacy(document: Document, nlp_or_vocab: Any) -> Any:
    """A spaCy ``Doc`` of ``document``: viextract's words as tokens (cut where an entity begins
    or ends inside one), its sentences, and its entities as ``doc.ents``; ``doc.text`` is the
    document's text exactly."""
    spacy = _spacy()
    _register_extensions()
    vocab = getattr(nlp_or_vocab, "vocab", nlp_or_vocab)
    text = document.text
    words: list[str] = []
    spaces: list[bool] = []
    cuts = _cuts(document)
    for a, b in pairwise(cuts):
        piece = text[a:b]
        core = piece.strip(" ")
        lead = len(piece) - len(piece.lstrip(" "))
        if lead:  # spaces before the word: the previous word's trailing space, then a token
            if words and not spaces[-1]:
                spaces[-1] = True
                lead -= 1
            if lead:
                words.append(" " * lead)
                spaces.append(False)
        if core:
            words.append(core)
            spaces.append(False)
            trail = len(piece) - len(piece.rstrip(" ")) if piece.strip(" ") else 0
            if trail:
                spaces[-1] = True
                if trail > 1:
                    words.append(" " * (trail - 1))
                    spaces.append(False)
    doc = spacy.tokens.Doc(vocab, words=words, spaces=spaces)
    _set(doc, document)
    return doc


def _set(doc: Any, document: Document) -> None:
    """Put ``document``'s entities and sentences on ``doc`` (same text), splitting tokens where
    an entity boundary falls inside one."""
    cuts = {c for e in document.entities for c in (e.start, e.end)}
    inside = [t for t in doc if any(t.idx < c < t.idx + len(t.text) for c in cuts)]
    if inside:
        with doc.retokenize() as retokenizer:
            for t in inside:
                points = sorted(
                    {0, len(t.text), *(c - t.idx for c in cuts if t.idx < c < t.idx + len(t.text))}
                )
                orths = [t.text[a:b] for a, b in pairwise(points)]
                retokenizer.split(t, orths, heads=[(t, 0)] * len(orths))
    ents = []
    for e in document.entities:
        span = doc.char_span(e.start, e.end, label=e.label.value, alignment_mode="strict")
        if span is None:  # pragma: no cover - every boundary was cut above
            raise AssertionError(f"entity {e.start}:{e.end} does not align with the tokens")
        ents.append(span)
    doc.ents = ents
    starts = {s.start for s in document.sentences}
    if document.sentences and not doc.has_annotation("DEP"):  # a parser's sentences stay
        for t in doc:
            t.is_sent_start = t.idx in starts or t.i == 0
    doc._.viextract = document


class ViextractComponent:
    """The spaCy pipeline component (see the module docstring)."""

    def __init__(
        self,
        reference_date: str | None = None,
        prefer: Prefer = "past",
        date_spans: DateSpans = "phrase",
        names: str | None = None,
        min_score: float = 0.0,
    ) -> None:
        from .batch.work import extractor_for

        _register_extensions()
        self.reference_date = check_reference(reference_date)
        self.prefer: Prefer = check_prefer(prefer)
        self.date_spans: DateSpans = check_date_spans(date_spans)
        self.extractor: Extractor = extractor_for(names, min_score)

    def __call__(self, doc: Any, reference_date: dt.date | str | None = None) -> Any:
        ref = check_reference(reference_date) or check_reference(doc._.reference_date)
        document = self.extractor.extract(
            doc.text, ref or self.reference_date, self.prefer, self.date_spans
        )
        _set(doc, document)
        return doc


def make_component(
    nlp: Any,
    name: str,
    reference_date: str | None,
    prefer: str,
    date_spans: str,
    names: str | None,
    min_score: float,
) -> ViextractComponent:
    """spaCy's factory (``nlp.add_pipe("viextract")``)."""
    return ViextractComponent(reference_date, prefer, date_spans, names, min_score)  # type: ignore[arg-type]


def register() -> None:
    """Register the factory (spaCy does this itself through the entry point)."""
    language = _spacy().language.Language
    if not language.has_factory(FACTORY):
        language.factory(
            FACTORY,
            default_config={
                "reference_date": None,
                "prefer": "past",
                "date_spans": "phrase",
                "names": None,
                "min_score": 0.0,
            },
        )(make_component)


if find_spec("spacy") is not None:  # spaCy imports this module through its entry point
    register()

__all__ = ["FACTORY", "ViextractComponent", "make_component", "register", "to_spacy"]
