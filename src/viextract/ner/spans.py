"""What the post-tagging rules (:mod:`.rules`) read and write: a document's sentences with the
few features the rules look at (:class:`DocumentFeatures`), and its mentions as typed spans
(:class:`Span`), with the edits a rule makes to them (:func:`put`, :func:`erase`).

The CRF writes BIO tags; :func:`spans_from_tags` turns them into spans once, and
:func:`tags_from_spans` turns spans back into the very same tags. The two are inverse: a
:class:`Span` remembers when the tagger began it with a continuation tag (``continues``), and
:func:`put` and :func:`erase` leave the spans exactly as the tags would read after the same
edit (a span that continues after one of its own label is part of it).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import groupby

from ..errors import ModelError
from ..segment import Segmented
from ..types import Label
from .features import SPELL, TRIGGER, WORD, WORDPOS

#: Kinds of trigger word (:data:`~viextract.ner.features.TRIGGER_LISTS`): a person's title, the
#: head word of an organisation's name, the head word of a place's name.
PERSON_TITLE = "PT"
ORG_HEAD = "OH"
PLACE_HEAD = "LH"

_LABELS = {"PER": Label.PER, "LOC": Label.LOC, "ORG": Label.ORG}


@dataclass(frozen=True, slots=True)
class Span:
    """A mention: syllables ``start`` .. ``end - 1`` of sentence ``sentence``, of ``label``.

    ``continues`` is true when the tagger marked the first syllable as inside a name although
    it left the syllable before out of that name (a stray I- tag). The rules tag no new name
    right before such a span (it would run into it), and a name of the same label that comes to
    end right before it takes it in.
    """

    sentence: int
    start: int
    end: int
    label: Label
    continues: bool = False


#: A document's mentions, in the order of the text (by sentence, then by start), never
#: overlapping.
Spans = tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class SentenceFeatures:
    """The syllables of one sentence and the features the rules read of each, taken from the
    feature rows (:mod:`viextract.ner.features`); read them through the methods."""

    words: tuple[str, ...]
    #: trigger-word column: "B-PT", "I-OH", "O" ...
    triggers: tuple[str, ...]
    #: spelling column: "V" Vietnamese, "F" foreign, "-" no letters
    spellings: tuple[str, ...]
    #: word-position column: "B", "I", "S" in the segmenter's words
    word_positions: tuple[str, ...]

    @classmethod
    def from_rows(cls, rows: Sequence[Sequence[str]]) -> SentenceFeatures:
        return cls(
            tuple([r[WORD] for r in rows]),
            tuple([r[TRIGGER] for r in rows]),
            tuple([r[SPELL] for r in rows]),
            tuple([r[WORDPOS] for r in rows]),
        )

    def trigger(self, i: int) -> str:
        """The kind of trigger word syllable ``i`` is part of (:data:`PERSON_TITLE`,
        :data:`ORG_HEAD`, :data:`PLACE_HEAD`), or "" if none."""
        return self.triggers[i][2:]

    def begins_trigger(self, i: int) -> bool:
        """Whether a trigger word begins at syllable ``i``."""
        return self.triggers[i][:2] == "B-"

    def foreign(self, i: int) -> bool:
        """Whether syllable ``i`` is letters that do not spell a Vietnamese syllable."""
        return self.spellings[i] == "F"

    def begins_word(self, i: int) -> bool:
        """Whether a word of the segmenter begins at syllable ``i``."""
        return self.word_positions[i] in ("B", "S")


@dataclass(frozen=True, slots=True)
class DocumentFeatures:
    """A segmented document and the features of its sentences (``seg.sentences`` in order)."""

    seg: Segmented
    sentences: tuple[SentenceFeatures, ...]

    @classmethod
    def from_rows(cls, seg: Segmented, rows: Sequence[Sequence[Sequence[str]]]) -> DocumentFeatures:
        """From the feature rows of ``seg`` (:func:`~viextract.ner.features.document_rows`)."""
        return cls(seg, tuple(SentenceFeatures.from_rows(sent) for sent in rows))

    def words(self, span: Span) -> tuple[str, ...]:
        """The syllables of ``span``."""
        return self.sentences[span.sentence].words[span.start : span.end]

    def char_span(self, span: Span) -> tuple[int, int]:
        """The characters of ``span`` in ``seg.text``."""
        first = self.seg.sentences[span.sentence][0]
        return self.seg.char_span(first + span.start, first + span.end)


def spans_from_tags(tags: Sequence[Sequence[str]]) -> Spans:
    """The spans of BIO tags, one list per sentence (a stray I- begins a span that
    ``continues``); a label other than PER, LOC, ORG is a :class:`~viextract.ModelError`."""
    out: list[Span] = []
    for k, sent in enumerate(tags):
        if sent.count("O") == len(sent):  # most sentences: no mention at all
            continue
        start, label = -1, ""
        for i, tag in enumerate([*sent, "O"]):
            if tag == "O" and start < 0:
                continue
            kind, _, lab = tag.partition("-")
            if kind == "I" and lab == label and start >= 0:
                continue
            if start >= 0:
                out.append(Span(k, start, i, _label(label), sent[start][0] == "I"))
                start, label = -1, ""
            if kind in ("B", "I"):
                start, label = i, lab
    return tuple(out)


def _label(lab: str) -> Label:
    label = _LABELS.get(lab)
    if label is None:
        raise ModelError(f"the entity model tagged an unknown label {lab!r} (not PER, LOC, ORG)")
    return label


def tags_from_spans(spans: Iterable[Span], lengths: Sequence[int]) -> list[list[str]]:
    """BIO tags of sentences of ``lengths`` syllables: the inverse of :func:`spans_from_tags`."""
    tags = [["O"] * n for n in lengths]
    for sp in spans:
        first = ("I-" if sp.continues else "B-") + sp.label.value
        tags[sp.sentence][sp.start : sp.end] = [first] + ["I-" + sp.label.value] * (
            sp.end - sp.start - 1
        )
    return tags


def by_sentence(spans: Spans) -> dict[int, tuple[Span, ...]]:
    """The spans of each sentence that has any, by sentence index."""
    return {k: tuple(group) for k, group in groupby(spans, key=lambda sp: sp.sentence)}


def joined(groups: dict[int, tuple[Span, ...]]) -> Spans:
    """The spans of :func:`by_sentence` groups, in the order of the text."""
    return tuple(sp for k in sorted(groups) for sp in groups[k])


def covering(spans: Sequence[Span], i: int) -> Span | None:
    """The span of a sentence's ``spans`` that covers syllable ``i``, if any."""
    for sp in spans:
        if sp.start <= i < sp.end:
            return sp
        if sp.start > i:
            break
    return None


def is_free(spans: Sequence[Span], start: int, end: int) -> bool:
    """Whether no span of a sentence's ``spans`` covers syllables ``start`` .. ``end - 1``."""
    return all(sp.end <= start or sp.start >= end for sp in spans)


def continued_at(spans: Sequence[Span], i: int) -> bool:
    """Whether a span that ``continues`` begins at syllable ``i`` (a name ending right before
    it would run into it)."""
    return any(sp.start == i and sp.continues for sp in spans)


def _cut(spans: Sequence[Span], start: int, end: int) -> list[Span]:
    """``spans`` less syllables ``start`` .. ``end - 1``: the part of a span after them
    ``continues``."""
    out: list[Span] = []
    for sp in spans:
        if sp.end <= start or sp.start >= end:
            out.append(sp)
            continue
        if sp.start < start:
            out.append(Span(sp.sentence, sp.start, start, sp.label, sp.continues))
        if sp.end > end:
            out.append(Span(sp.sentence, end, sp.end, sp.label, True))
    return out


def _settled(spans: list[Span]) -> tuple[Span, ...]:
    """Sorted, with each span that continues right after one of its label joined to it."""
    spans.sort(key=lambda sp: sp.start)
    out: list[Span] = []
    for sp in spans:
        if out and sp.continues and out[-1].end == sp.start and out[-1].label is sp.label:
            prev = out[-1]
            out[-1] = Span(prev.sentence, prev.start, sp.end, prev.label, prev.continues)
        else:
            out.append(sp)
    return tuple(out)


def put(spans: Sequence[Span], span: Span) -> tuple[Span, ...]:
    """A sentence's ``spans`` with ``span`` written over whatever covered its syllables."""
    out = _cut(spans, span.start, span.end)
    out.append(Span(span.sentence, span.start, span.end, span.label))
    return _settled(out)


def erase(spans: Sequence[Span], start: int, end: int) -> tuple[Span, ...]:
    """A sentence's ``spans`` with syllables ``start`` .. ``end - 1`` in no mention."""
    return _settled(_cut(spans, start, end))
