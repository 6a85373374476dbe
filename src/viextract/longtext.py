"""Long texts in bounded memory: a text longer than :data:`MAX_PIECE` characters is annotated
piece by piece, and the pieces' spans are shifted back into the whole text.

The working memory of one extraction (normalized copy, syllables, the entity model's feature
rows, the CRF's attributes) is about 400 bytes per character of text; cut into pieces, it is that
of one piece (about 40 MB), and what grows with the text is only the result (the ``Document``'s
sentences, tokens and entities). Time stays linear.

Pieces end at a paragraph break if there is one in the second half of the piece, else at a line
break, else after a sentence end (``.``, ``!``, ``?``, ``…`` and a space), else at a space, else
(a run of :data:`MAX_PIECE` / 2 characters without any space) at a character boundary that
splits no surrogate pair, ``\\r\\n`` or base character and combining mark. A line break always
ends a sentence, so on texts with paragraphs nothing changes at the cuts; what does change is
that the entity model's document-level consistency (a name found once is found everywhere) works
within a piece, not across the whole text. Texts up to :data:`MAX_PIECE` characters (news
articles are a few thousand) are annotated as one piece, exactly as before.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import unicodedata
from typing import TYPE_CHECKING

from .canonical import link
from .document import Document
from .types import DateSpans, Entity, Prefer, Sentence, Token

if TYPE_CHECKING:
    from .pipeline import Extractor

#: Longest text annotated in one piece, in characters.
MAX_PIECE = 100_000

_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*\s")


def pieces(text: str, limit: int = MAX_PIECE) -> list[tuple[int, int]]:
    """``[start, end)`` pieces of at most ``limit`` characters that cover ``text`` in order,
    cut at the best boundary in the second half of each (see the module)."""
    out: list[tuple[int, int]] = []
    start = 0
    n = len(text)
    while n - start > limit:
        end = _cut(text, start + limit // 2, start + limit)
        out.append((start, end))
        start = end
    out.append((start, n))
    return out


def _cut(text: str, lo: int, hi: int) -> int:
    """The best place to end a piece in ``text[lo:hi]`` (the piece may end at ``hi``)."""
    k = text.rfind("\n\n", lo, hi)
    if k >= 0:
        return k + 2
    k = max(text.rfind("\n", lo, hi), text.rfind("\r", lo, hi - 1))
    if k >= 0:
        return k + 1
    last = None
    for m in _SENTENCE_END.finditer(text, lo, hi):
        last = m
    if last is not None:
        return last.end()
    for k in range(hi - 1, lo - 1, -1):
        if text[k].isspace():
            return k + 1
    k = hi
    while k > lo and not _boundary(text, k):
        k -= 1
    return k if k > lo else hi


def _boundary(text: str, k: int) -> bool:
    """Whether ``text`` may be cut before position ``k`` without splitting a character."""
    a, b = text[k - 1], text[k]
    if "\ud800" <= a <= "\udbff" and "\udc00" <= b <= "\udfff":
        return False
    if a == "\r" and b == "\n":
        return False
    return not (unicodedata.combining(b) or unicodedata.category(b) in ("Mn", "Mc", "Me"))


def extract_in_pieces(
    extractor: Extractor,
    text: str,
    reference_date: dt.date | None,
    prefer: Prefer,
    date_spans: DateSpans,
) -> Document:
    """:meth:`Extractor.extract` of a long ``text``, one piece at a time (see the module)."""
    sentences: list[Sentence] = []
    tokens: list[Token] = []
    entities: list[Entity] = []
    for a, b in pieces(text, MAX_PIECE):
        doc = extractor.extract(text[a:b], reference_date, prefer, date_spans)
        sentences.extend(Sentence(s.text, s.start + a, s.end + a) for s in doc.sentences)
        tokens.extend(Token(t.text, t.start + a, t.end + a) for t in doc.tokens)
        entities.extend(
            dataclasses.replace(e, start=e.start + a, end=e.end + a) for e in doc.entities
        )
        del doc
    # one canonical name per person across the pieces too
    names = link([(e.normalized, e.label) for e in entities])
    entities = [dataclasses.replace(e, canonical=c) for e, c in zip(entities, names, strict=True)]
    return Document(text, tuple(sentences), tuple(tokens), tuple(entities), reference_date)
