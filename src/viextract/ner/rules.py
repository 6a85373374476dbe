"""The entity model's post-tagging rules, in the order they run: :data:`RULES`.

Each rule is a function of a document's features and its mentions (:mod:`.spans`) that returns
the mentions it leaves: ``rule(doc, spans) -> spans``. It reads syllables and features by name,
its word lists from ``data/lexicons/`` (:class:`Lexicons`), and changes mentions with
:func:`~viextract.ner.spans.put` and :func:`~viextract.ner.spans.erase`. Each was chosen on
VLSP 2018 dev and backed by counts in the VLSP 2018 training data; the figures (dev micro F1
unless said) are in the table. The cases each rule must and must not change are data:
``tests/corpus/ner_rules.tsv``.

:func:`propagate` also runs on the first stage's tags, before the second stage reads them: that
is part of the model's two-stage inference (:meth:`~viextract.ner.model.EntityModel.tag_rows`),
not a rule of this table.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, fields
from functools import cache

from ..data import word_list
from ..text import canonical
from ..types import Label
from .spans import (
    ORG_HEAD,
    PERSON_TITLE,
    DocumentFeatures,
    SentenceFeatures,
    Span,
    Spans,
    by_sentence,
    continued_at,
    covering,
    erase,
    is_free,
    joined,
    put,
)

LEXICON_DIR = "lexicons"


@dataclass(frozen=True, slots=True)
class Lexicons:
    """The rules' word lists: field ``x`` is ``data/lexicons/x.txt`` (its header says what the
    list is for)."""

    kinship: frozenset[str]
    org_kinds: frozenset[str]
    work_heads: frozenset[str]
    opening_quotes: frozenset[str]
    place_list_heads: frozenset[str]
    list_joiners: frozenset[str]
    name_particles: frozenset[str]
    weak_name_particles: frozenset[str]
    not_first_names: frozenset[str]
    unit_heads: frozenset[str]
    title_tails: frozenset[str]


@cache
def lexicons() -> Lexicons:
    """The word lists, read (and checked against the data manifest) on first use."""
    return Lexicons(**{f.name: word_list(f"{LEXICON_DIR}/{f.name}.txt") for f in fields(Lexicons)})


def _is_acronym(tok: str) -> bool:
    return (
        len(tok) <= 10
        and tok[0].isupper()
        and sum(c.isupper() for c in tok) >= 2
        and all(c.isalpha() or c in "&-." for c in tok)
    )


def link_acronyms(doc: DocumentFeatures, spans: Spans) -> Spans:
    """An acronym in parentheses right after an organisation ("Quỹ Tiền tệ Quốc tế (IMF)")
    names the same organisation: it is tagged ORG there and wherever else the document writes
    it in no mention. (Places and people: -0.1 F1 on VLSP 2018 dev.)"""
    found: set[str] = set()
    for sp in spans:
        if sp.label is Label.ORG:
            words = doc.sentences[sp.sentence].words
            j = sp.end
            if (
                j + 2 < len(words)
                and words[j] == "("
                and words[j + 2] == ")"
                and _is_acronym(words[j + 1])
            ):
                found.add(words[j + 1])
    if not found:
        return spans
    groups = by_sentence(spans)
    for k, sentence in enumerate(doc.sentences):
        if found.isdisjoint(sentence.words):
            continue
        current = groups.get(k, ())
        for i, word in enumerate(sentence.words):
            if word in found and covering(current, i) is None and not continued_at(current, i + 1):
                current = put(current, Span(k, i, i + 1, Label.ORG))
        groups[k] = current
    return joined(groups)


def _retag(
    doc: DocumentFeatures,
    spans: Spans,
    names: set[tuple[str, ...]],
    sources: Collection[Label],
    label: Label,
) -> Spans:
    """``spans`` with every mention labelled one of ``sources`` whose syllables are one of
    ``names`` relabelled ``label``."""
    if not names:
        return spans
    targets = [sp for sp in spans if sp.label in sources and doc.words(sp) in names]
    if not targets:
        return spans
    groups = by_sentence(spans)
    for sp in targets:
        groups[sp.sentence] = put(groups[sp.sentence], Span(sp.sentence, sp.start, sp.end, label))
    return joined(groups)


def people_after_kinship(doc: DocumentFeatures, spans: Spans) -> Spans:
    """A place or organisation named right after a kinship word (``lexicons/kinship.txt``, as
    written: lower case) is a person ("chị Nga" is a woman, not Russia), and so are its other
    mentions in the document. 98% of such names in the VLSP 2018 training data are people."""
    kinship = lexicons().kinship
    names = {
        doc.words(sp)
        for sp in spans
        if sp.label is not Label.PER
        and sp.start > 0
        and doc.sentences[sp.sentence].words[sp.start - 1] in kinship
    }
    return _retag(doc, spans, names, (Label.LOC, Label.ORG), Label.PER)


#: Labels whose names :func:`propagate` copies to their other, untagged occurrences.
PROPAGATED = (Label.PER, Label.ORG)


#: :func:`propagate` copies a name only while its untagged occurrences are at most this many
#: times its tagged ones: the tagger read most occurrences of a name in context, and when it
#: left most of them untagged, one tagged mention is more likely its mistake than theirs.
SPREAD_RATIO = 2.0
#: ... a rule applied only to names with at least this many untagged occurrences (a name
#: repeated all through an article, where one wrong guess would do the most harm).
SPREAD_MIN = 10


def propagate(doc: DocumentFeatures, spans: Spans) -> Spans:
    """Document-level consistency: a PER or ORG name with a capital letter (and more than two
    letters) tagged somewhere in the document is tagged, with its most frequent label, wherever
    else its exact syllables occur in no mention (the longest name first; never right before a
    mention that :attr:`~viextract.ner.spans.Span.continues`), unless it has :data:`SPREAD_MIN`
    or more untagged occurrences and they outnumber its tagged ones by more than
    :data:`SPREAD_RATIO` (consistency without contagion). An occurrence of a longer name that
    is not copied still keeps a shorter name from being copied inside it.
    (On VLSP 2018 dev: +0.3 F1; LOC is left out, it lost precision.)"""
    votes: dict[tuple[str, ...], dict[Label, int]] = {}
    for sp in spans:
        if sp.label in PROPAGATED:
            name = doc.words(sp)
            text = "".join(name)
            if any(c.isupper() for c in text) and len(text) > 2:
                v = votes.setdefault(name, {})
                v[sp.label] = v.get(sp.label, 0) + 1
    if not votes:
        return spans
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for name in sorted(votes, key=len, reverse=True):
        by_first.setdefault(name[0], []).append(name)
    groups = by_sentence(spans)
    # (sentence, start, name) of each untagged occurrence, longest name first
    found: list[tuple[int, int, tuple[str, ...]]] = []
    for k, sentence in enumerate(doc.sentences):
        words = sentence.words
        if by_first.keys().isdisjoint(words):
            continue
        current = groups.get(k, ())
        free_from = 0  # syllables before it are in a name found here
        for i in [i for i, word in enumerate(words) if word in by_first]:
            if i < free_from:
                continue
            for name in by_first[words[i]]:
                size = len(name)
                if (
                    words[i : i + size] == name
                    and is_free(current, i, i + size)
                    and not continued_at(current, i + size)
                ):
                    found.append((k, i, name))
                    free_from = i + size
                    break
    untagged: dict[tuple[str, ...], int] = {}
    for _, _, name in found:
        untagged[name] = untagged.get(name, 0) + 1
    changed = False
    for k, i, name in found:
        v = votes[name]
        if untagged[name] >= SPREAD_MIN and untagged[name] > SPREAD_RATIO * sum(v.values()):
            continue
        label = max(v, key=lambda x: (v[x], x))
        groups[k] = put(groups.get(k, ()), Span(k, i, i + len(name), label))
        changed = True
    return joined(groups) if changed else spans


#: A sentence's spans.
Sentence = tuple[Span, ...]


def _each_person(
    doc: DocumentFeatures,
    spans: Spans,
    fix: Callable[[SentenceFeatures, Span, Sentence], Sentence | None],
) -> Spans:
    """``spans`` with each person's mention offered to ``fix``, which returns its sentence's
    spans rewritten, or None to leave them (the mentions as tagged, in order)."""
    groups = by_sentence(spans)
    changed = False
    for k, stale in list(groups.items()):
        sentence = doc.sentences[k]
        current = stale
        for sp in stale:
            if sp.label is Label.PER:
                new = fix(sentence, sp, current)
                if new is not None:
                    current = new
                    changed = True
        groups[k] = current
    return joined(groups) if changed else spans


@cache
def _countries() -> frozenset[tuple[str, ...]]:
    return frozenset(tuple(canonical(c).split()) for c in word_list("gazetteers/countries.txt"))


def split_country_from_person(doc: DocumentFeatures, spans: Spans) -> Spans:
    """A person's name that begins with a country and goes on with foreign syllables only is the
    country and a person: "Ngoại trưởng Đức Frank-Walter Steinmeier", "Thủ tướng Anh Boris
    Johnson". Names that go on in Vietnamese syllables are left alone ("Đức Phúc"), and so is
    a country that opens the sentence and is also a kinship word ("Anh Tony nói": a brother)."""
    countries = _countries()
    kinship = lexicons().kinship

    def fix(sentence: SentenceFeatures, sp: Span, current: Sentence) -> Sentence | None:
        words = sentence.words
        for w in (2, 1):
            rest = range(sp.start + w, sp.end)
            country = words[sp.start : sp.start + w]
            if (
                len(rest) >= 1
                and country in countries
                and not (sp.start == 0 and " ".join(country).lower() in kinship)
                and all(sentence.foreign(r) and words[r][0].isupper() for r in rest)
            ):
                current = put(current, Span(sp.sentence, sp.start, sp.start + w, Label.LOC))
                return put(current, Span(sp.sentence, sp.start + w, sp.end, Label.PER))
        return None

    return _each_person(doc, spans, fix)


def drop_non_names(doc: DocumentFeatures, spans: Spans) -> Spans:
    """Untag two kinds of mention that are never names: a single letter (with its dot) right
    after a word of ``lexicons/unit_heads.txt`` is a unit ("27 độ C."), not an initial; an
    organisation head word or a person's title alone, followed by a syllable of
    ``lexicons/title_tails.txt``, is part of a title ("Cục trưởng", "Viện phó")."""
    lex = lexicons()

    def non_name(sp: Span) -> bool:
        sentence = doc.sentences[sp.sentence]
        words = sentence.words
        i, j = sp.start, sp.end
        tok = words[i]
        unit = (
            i > 0
            and len(tok) == 1
            and tok.isalpha()
            and all(w == "." for w in words[i + 1 : j])
            and words[i - 1].lower() in lex.unit_heads
        )
        title = (
            j == i + 1
            and j < len(words)
            and sentence.begins_trigger(i)
            and sentence.trigger(i) in (ORG_HEAD, PERSON_TITLE)
            and words[j].lower() in lex.title_tails
        )
        return unit or title

    kept = tuple(sp for sp in spans if not non_name(sp))
    return kept if len(kept) < len(spans) else spans


def drop_work_titles(doc: DocumentFeatures, spans: Spans) -> Spans:
    """Untag a person's name that follows a word of ``lexicons/work_heads.txt`` (perhaps with an
    opening quote): it is a title ("phim Bad Genius"), and so are its other mentions in the
    document."""
    lex = lexicons()
    titles: set[tuple[str, ...]] = set()
    for sp in spans:
        if sp.label is not Label.PER:
            continue
        words = doc.sentences[sp.sentence].words
        i = sp.start
        k = i - 1 if i > 0 and words[i - 1] in lex.opening_quotes else i
        if any(k >= w and " ".join(words[k - w : k]) in lex.work_heads for w in (1, 2)):
            titles.add(words[i : sp.end])
    if not titles:
        return spans
    return tuple(sp for sp in spans if not (sp.label is Label.PER and doc.words(sp) in titles))


def places_in_place_lists(doc: DocumentFeatures, spans: Spans) -> Spans:
    """Retag as LOC the people's names of a list of places: names joined by a word of
    ``lexicons/list_joiners.txt`` (",", "và", "hoặc") to a place that follows a word of
    ``lexicons/place_list_heads.txt`` or begins with a lower-case head ("tại Raqqa và
    Deir-ez-Zor", "đường Phạm Hùng, Phạm Văn Đồng, Nguyễn Trãi"). In the VLSP 2018 training
    data 7 of the 821 names listed so are people."""
    lex = lexicons()
    groups = by_sentence(spans)
    changed = False
    for k, stale in list(groups.items()):
        words = doc.sentences[k].words
        current = stale
        listing = False
        end = -1
        for sp in stale:
            i, j = sp.start, sp.end
            if listing and i == end + 1 and words[end] in lex.list_joiners:
                if sp.label is Label.PER:
                    current = put(current, Span(k, i, j, Label.LOC))
                    changed = True
            else:
                listing = sp.label is Label.LOC and (
                    words[i].islower()
                    or any(
                        i >= w and " ".join(words[i - w : i]) in lex.place_list_heads
                        for w in (1, 2, 3)
                    )
                )
            end = j
        groups[k] = current
    return joined(groups) if changed else spans


def join_name_particles(doc: DocumentFeatures, spans: Spans) -> Spans:
    """Extend a person's name over the name particles before it (``lexicons/name_particles.txt``
    and ``weak_name_particles.txt``) and the capitalised word before those ("Ennis del | Mar"
    and "Jacob van den | Borne" become one name each); a name that starts a sentence or follows
    a comma keeps its particles ("van den Borne"). A particle that is also a Vietnamese word
    joins no sentence-initial word ("Làn da Mai"); no kinship word nor a word of
    ``lexicons/not_first_names.txt`` is taken in. The tokens split such names and the tagger,
    which sees few of them, often keeps the last part only. In the VLSP 2018 training data 14
    of the 22 such particles between capitalised words are in a name; the rest ("la", "du", one
    "von") are in no entity at all."""
    lex = lexicons()
    particles = lex.name_particles | lex.weak_name_particles
    groups = by_sentence(spans)
    changed = False
    for k, stale in list(groups.items()):
        words = doc.sentences[k].words
        current = stale
        for sp in reversed(stale):
            if sp.label is not Label.PER:
                continue
            i, j = sp.start, sp.end
            start = i
            while start > 0 and words[start - 1] in particles:
                if covering(current, start - 1) is not None:
                    break
                start -= 1
            if start == i:
                continue
            strong = all(w in lex.name_particles for w in words[start:i])
            first = start
            while first > 0:
                word = words[first - 1]
                other = covering(current, first - 1)
                if not word[:1].isupper() or (other is not None and other.label is not Label.PER):
                    break
                if other is None and (
                    word.lower() in lex.kinship
                    or word.lower() in lex.not_first_names
                    or (first == 1 and not strong)
                ):
                    break
                first -= 1
                if other is not None and other.start == first and not other.continues:
                    break  # the first syllable of a person's name: the name begins there
            if first == start and not strong:
                continue
            current = put(current, Span(k, first, j, Label.PER))
            changed = True
        groups[k] = current
    return joined(groups) if changed else spans


def organisations_after_kinds(doc: DocumentFeatures, spans: Spans) -> Spans:
    """Retag as ORG a person's name with a syllable that is not Vietnamese right after a word of
    ``lexicons/org_kinds.txt`` (a word of its own: "tình báo" is no "báo"), and its other
    mentions in the document: a brand or a club read as a person ("công ty Dentsu" ...
    "Dentsu"). A capitalised kind left out of the name is part of it ("Tập đoàn De Heus").
    None of the 102 names right after such a word, in lower case, in the VLSP 2018 training
    data is a person. Vietnamese names are left alone: "công ty Hùng" is Hùng's company (on
    VLSP 2016, where the model was not trained, that one phrase turned 85 mentions of a man
    into companies)."""
    kinds = lexicons().org_kinds
    names: set[tuple[str, ...]] = set()

    def fix(sentence: SentenceFeatures, sp: Span, current: Sentence) -> Sentence | None:
        words = sentence.words
        i, j = sp.start, sp.end
        for w in (2, 1):
            if i < w or not sentence.begins_word(i - w):
                continue
            kind = " ".join(words[i - w : i])
            if (kind in kinds or kind.lower() in kinds) and any(
                sentence.foreign(r) for r in range(i, j)
            ):
                names.add(words[i:j])
                if kind[0].isupper() and is_free(current, i - w, i):
                    return put(current, Span(sp.sentence, i - w, j, Label.ORG))
                return None
        return None

    spans = _each_person(doc, spans, fix)
    return _retag(doc, spans, names, (Label.PER,), Label.ORG)


def people_in_longer_mentions(doc: DocumentFeatures, spans: Spans) -> Spans:
    """Cut a mention down to the full name of a person tagged elsewhere in the document (the
    longest such name first): a place or organisation that ends with the name after
    capitalised words that are a title or an abbreviation, no organisation or place head ("NTK
    Trung Đinh", "PTT Trương Hòa Bình"), is the person; a person's name followed by a title
    ("David Nguyễn Vũ Chủ Tịch") ends before the title."""
    found = {doc.words(sp) for sp in spans if sp.label is Label.PER and sp.end - sp.start >= 2}
    if not found:
        return spans
    groups = by_sentence(spans)
    changed = False
    for k, stale in list(groups.items()):
        sentence = doc.sentences[k]
        words = sentence.words
        current = stale
        for sp in stale:
            i, j = sp.start, sp.end
            for size in range(j - i - 1, 1, -1):  # known names have 2 syllables or more
                if sp.label is not Label.PER:
                    if words[j - size : j] in found and all(
                        words[r][:1].isupper() and sentence.trigger(r) in ("", PERSON_TITLE)
                        for r in range(i, j - size)
                    ):
                        current = put(erase(current, i, j - size), Span(k, j - size, j, Label.PER))
                        changed = True
                        break
                elif words[i : i + size] in found and any(
                    sentence.trigger(r) == PERSON_TITLE for r in range(i + size, j)
                ):
                    current = erase(current, i + size, j)
                    changed = True
                    break
        groups[k] = current
    return joined(groups) if changed else spans


_NUMBER_NEXT = re.compile(r"[.\-–]?[0-9]")


def runs_into_number(text: str, end: int) -> bool:
    """Whether a mention ending at ``end`` is glued to a number ("A.22", "A-4")."""
    return _NUMBER_NEXT.match(text, end) is not None


def drop_glued_to_number(doc: DocumentFeatures, spans: Spans) -> Spans:
    """Untag a mention glued to a number ("A.22", "A-4", :func:`runs_into_number`): a code or a
    model number, never a name (no entity of the VLSP 2018 training data ends so, but a
    typo)."""
    text = doc.seg.text
    kept = tuple(sp for sp in spans if not runs_into_number(text, doc.char_span(sp)[1]))
    return kept if len(kept) < len(spans) else spans


@dataclass(frozen=True, slots=True)
class Rule:
    """A post-tagging rule: its name, the function, what it does and why it is kept."""

    name: str
    apply: Callable[[DocumentFeatures, Spans], Spans]
    does: str
    why: str


#: The post-tagging rules, in the order :meth:`~viextract.ner.model.EntityModel.__call__`
#: applies them (figures: VLSP 2018 dev micro F1 as each rule was added, and counts in the
#: VLSP 2018 training data).
RULES: tuple[Rule, ...] = (
    Rule(
        "link_acronyms",
        link_acronyms,
        "an acronym in parentheses after an organisation is ORG throughout the document",
        "+0.4 F1 (ORG +1.7); the same after places and people cost 0.1",
    ),
    Rule(
        "people_after_kinship",
        people_after_kinship,
        "a place or organisation right after a lower-case kinship word is a person, throughout",
        "98% of such names in the training data are people; +0.2 F1 (PER +0.3)",
    ),
    Rule(
        "split_country_from_person",
        split_country_from_person,
        "a person's name that begins with a country and goes on in foreign syllables is both",
        "models with clusters merged 'Đức Frank-Walter Steinmeier'; cross-validation +0.07/+0.09",
    ),
    Rule(
        "propagate",
        propagate,
        "a PER or ORG name is tagged at its other, untagged occurrences in the document (unless"
        " 10+ of them, over twice its tagged ones)",
        "+0.3 F1; propagating LOC names too cost 0.2 (precision)",
    ),
    Rule(
        "drop_non_names",
        drop_non_names,
        "a letter after 'độ' is a unit, an organisation head before 'trưởng' part of a title",
        "6 false people (all in weather reports) and 7 false organisations on dev",
    ),
    Rule(
        "drop_work_titles",
        drop_work_titles,
        "a person's name after 'phim', 'ca khúc', 'cuộc thi' ... is a title, untagged throughout",
        "1% of the capitalised words after these begin an entity in training; +0.1 F1 (PER +0.2)",
    ),
    Rule(
        "places_in_place_lists",
        places_in_place_lists,
        "people's names listed with a place after 'tại', 'các tỉnh', 'đường' ... are places",
        "7 of the 821 names listed so in training are people; +0.2 F1 (LOC +0.3)",
    ),
    Rule(
        "join_name_particles",
        join_name_particles,
        "a person's name takes in the particles before it and the first name before those",
        "14 of the 22 such particles between capitalised words in training are in a name; +0.14 F1"
        " (PER +0.4)",
    ),
    Rule(
        "organisations_after_kinds",
        organisations_after_kinds,
        "a foreign person's name after 'công ty', 'CLB' ... is an organisation, throughout",
        "none of the 102 names after these words in training is a person; +0.3 F1 (ORG +0.5), the"
        " capitalised kind +0.07; foreign names only: VLSP 2016 +0.6",
    ),
    Rule(
        "people_in_longer_mentions",
        people_in_longer_mentions,
        "a mention that holds a known person's full name and a title is cut down to the name",
        "+0.05 F1",
    ),
    Rule(
        "drop_glued_to_number",
        drop_glued_to_number,
        "a mention glued to a number ('A.22', 'K-9') is a code, not a name",
        "no entity of the training data ends so but a typo; 13 false people on dev; +0.1 F1",
    ),
)


def apply_rules(doc: DocumentFeatures, spans: Spans, rules: tuple[Rule, ...] = RULES) -> Spans:
    """``spans`` after each rule of ``rules`` in turn."""
    for rule in rules:
        spans = rule.apply(doc, spans)
    return spans
