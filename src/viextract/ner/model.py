"""viextract's own entity model: a syllable-level CRF (underthesea_core) over the features of
:mod:`viextract.ner.features`, trained by :mod:`viextract.training.trainer`.

The model is package data under ``data/models/ner/``: ``model.json`` (format, feature templates
of each stage, training summary) and one CRFsuite file per stage. With two stages, the second
sees the first stage's tags over the whole document (document-level label consistency).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from ..attributes import KnownAttributes
from ..crfsuite import FormatError, read_attributes
from ..data import as_file as data_file
from ..data import word_list
from ..errors import ModelError
from ..recognizer import Mention
from ..segment import Segmented
from ..types import Label
from .bio import bio_to_spans
from .features import (
    DOCSPAN,
    DOCTOK,
    FEATURES_VERSION,
    SPELL,
    STAGE1,
    TRIGGER,
    WORD,
    WORDPOS,
    NameList,
    add_document_columns,
    document_rows,
    is_placeholder,
    load_gazetteers,
    read_name_list,
)

META_FILE = "model.json"
NAMES_FILE = "names.tsv"
FORMAT = "viextract-ner-crf/2"
_PACKAGE_DIR = "models/ner"
_LABELS = {"PER": Label.PER, "LOC": Label.LOC, "ORG": Label.ORG}
_MAGIC = b"lCRF"


def _lexicon(name: str) -> frozenset[str]:
    """A word list of the post-tagging rules: ``data/lexicons/<name>.txt`` (its header says what
    it is for)."""
    return word_list(f"lexicons/{name}.txt")


def write_metadata(
    out: Path,
    *,
    stages: Sequence[tuple[str, Sequence[str]]],
    names: str | None = None,
    training: dict[str, Any] | None = None,
) -> None:
    """Write ``model.json``: ``stages`` lists (CRFsuite file name, templates) in order;
    ``names`` is the file of the learned name list, if any."""
    meta = {
        "format": FORMAT,
        "features": FEATURES_VERSION,
        "stages": [{"file": f, "templates": list(t)} for f, t in stages],
        "names": names,
        "training": training or {},
    }
    (out / META_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")


def _load_tagger(path: Path) -> Any:
    try:
        head = path.read_bytes()[:4]
    except OSError as exc:
        raise ModelError(f"entity model file {str(path)!r} cannot be read: {exc}") from exc
    if head != _MAGIC:
        raise ModelError(f"entity model file {str(path)!r} is not a CRFsuite model")
    try:
        from underthesea_core import CRFTagger

        tagger = CRFTagger()
        tagger.load(str(path))
    except (KeyboardInterrupt, SystemExit):  # pragma: no cover
        raise
    except BaseException as exc:  # a Rust panic arrives as a BaseException
        raise ModelError(f"entity model file {str(path)!r} cannot be loaded: {exc}") from exc
    return tagger


class Stage:
    """One CRF and a featurizer of its templates that makes only the attributes its model
    knows (:class:`~viextract.attributes.KnownAttributes`: the same tags, less work)."""

    def __init__(self, path: Path, templates: list[str], meta: Path) -> None:
        self.tagger = _load_tagger(path)
        try:
            from underthesea_core import CRFFeaturizer

            known = read_attributes(path.read_bytes())
            self.featurizer = KnownAttributes(templates, set(), known, CRFFeaturizer)
        except (KeyboardInterrupt, SystemExit):  # pragma: no cover
            raise
        except (FormatError, ValueError) as exc:
            raise ModelError(f"entity model file {str(meta)!r}: {exc}") from exc
        except BaseException as exc:  # a bad template panics in Rust
            raise ModelError(f"entity model file {str(meta)!r} has bad templates: {exc}") from exc

    def tag(self, pieces: list[list[list[str]]]) -> list[list[str]]:
        features = self.featurizer.batch(pieces)
        return [list(self.tagger.tag(f)) if f else [] for f in features]


#: Syllables tagged on each side of a capitalised or digit-bearing syllable; elsewhere the
#: tagger would only ever say "O", and skipping it halves the entity model's time (see
#: :func:`~viextract.ner.features.name_regions`). The tagger still sees every such
#: syllable with its full feature window. 4 loses 0.1 F1 on VLSP 2018 dev, 3 loses 0.4.
REGION_CONTEXT = 4


def _named(row: Sequence[str]) -> bool:
    """Whether a second-stage row says that the first stage saw a name here."""
    return row[STAGE1] != "O" or row[DOCTOK] not in ("O", "-") or row[DOCSPAN] != "O"


def _runs(sent: Sequence[Sequence[str]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    start = -1
    for i, row in enumerate(sent):
        if is_placeholder(row):
            if start >= 0:
                out.append((start, i))
                start = -1
        elif start < 0:
            start = i
    if start >= 0:
        out.append((start, len(sent)))
    return out


def _is_acronym(tok: str) -> bool:
    return (
        len(tok) <= 10
        and tok[0].isupper()
        and sum(c.isupper() for c in tok) >= 2
        and all(c.isalpha() or c in "&-." for c in tok)
    )


def link_acronyms(rows: list[list[list[str]]], tags: list[list[str]]) -> None:
    """An acronym in parentheses right after a tagged organisation ("Quỹ Tiền tệ Quốc tế (IMF)")
    names the same organisation: it is tagged ORG there and wherever else the document writes
    it untagged. Changes ``tags`` in place. (Places and people: -0.1 F1 on VLSP 2018 dev.)"""
    found: dict[str, str] = {}
    for sent, sent_tags in zip(rows, tags, strict=True):
        for _, j, lab in bio_to_spans(sent_tags):
            if (
                lab == "ORG"
                and j + 2 < len(sent)
                and sent[j][WORD] == "("
                and sent[j + 2][WORD] == ")"
                and _is_acronym(sent[j + 1][WORD])
            ):
                found.setdefault(sent[j + 1][WORD], lab)
    if not found:
        return
    for sent, sent_tags in zip(rows, tags, strict=True):
        n = len(sent)
        for i, row in enumerate(sent):
            label = found.get(row[WORD])
            if (
                label is not None
                and sent_tags[i] == "O"
                and (i + 1 == n or not sent_tags[i + 1].startswith("I-"))
            ):
                sent_tags[i] = "B-" + label


def drop_non_names(rows: list[list[list[str]]], tags: list[list[str]]) -> None:
    """Untag (in place) two kinds of mention that are never names: a single letter (with its
    dot) right after a word of ``lexicons/unit_heads.txt`` is a unit ("27 độ C."), not an
    initial; an organisation head word alone, followed by one of ``lexicons/title_tails.txt``,
    is part of a title ("Cục trưởng", "Viện phó")."""
    for sent, sent_tags in zip(rows, tags, strict=True):
        n = len(sent)
        for i, j, _ in bio_to_spans(sent_tags):
            tok = sent[i][WORD]
            unit = (
                i > 0
                and len(tok) == 1
                and tok.isalpha()
                and all(r[WORD] == "." for r in sent[i + 1 : j])
                and sent[i - 1][WORD].lower() in _lexicon("unit_heads")
            )
            title = (
                j == i + 1
                and j < n
                and sent[i][TRIGGER] in ("B-OH", "B-PT")
                and sent[j][WORD].lower() in _lexicon("title_tails")
            )
            if unit or title:
                sent_tags[i:j] = ["O"] * (j - i)


def drop_work_titles(rows: list[list[list[str]]], tags: list[list[str]]) -> None:
    """Untag (in place) a person's name that follows a word of ``lexicons/work_heads.txt``
    (perhaps with an opening quote): it is a title ("phim Bad Genius"), and so are its other
    mentions in the document. In the VLSP 2018 training data 1% of the capitalised words after
    these words begin an entity."""
    titles: set[tuple[str, ...]] = set()
    for sent, sent_tags in zip(rows, tags, strict=True):
        for i, j, lab in bio_to_spans(sent_tags):
            k = i - 1 if i > 0 and sent[i - 1][WORD] in _lexicon("opening_quotes") else i
            if lab == "PER" and any(
                k >= w and " ".join(r[WORD] for r in sent[k - w : k]) in _lexicon("work_heads")
                for w in (1, 2)
            ):
                titles.add(tuple(r[WORD] for r in sent[i:j]))
    if not titles:
        return
    for sent, sent_tags in zip(rows, tags, strict=True):
        for i, j, lab in bio_to_spans(sent_tags):
            if lab == "PER" and tuple(r[WORD] for r in sent[i:j]) in titles:
                sent_tags[i:j] = ["O"] * (j - i)


def places_in_place_lists(rows: list[list[list[str]]], tags: list[list[str]]) -> None:
    """Retag (in place) as LOC the people's names of a list of places: names joined by ",",
    "và" or "hoặc" to a place that follows a word of ``lexicons/place_list_heads.txt`` or begins
    with a lower-case head ("tại Raqqa và Deir-ez-Zor", "đường Phạm Hùng, Phạm Văn Đồng,
    Nguyễn Trãi"). In the VLSP 2018 training data 7 of the 821 names listed so are people."""
    for sent, sent_tags in zip(rows, tags, strict=True):
        listing = False
        end = -1
        for i, j, lab in bio_to_spans(sent_tags):
            if listing and i == end + 1 and sent[end][WORD] in _lexicon("list_joiners"):
                if lab == "PER":
                    sent_tags[i:j] = ["B-LOC"] + ["I-LOC"] * (j - i - 1)
            else:
                listing = lab == "LOC" and (
                    sent[i][WORD].islower()
                    or any(
                        i >= w
                        and " ".join(r[WORD] for r in sent[i - w : i])
                        in _lexicon("place_list_heads")
                        for w in (1, 2, 3)
                    )
                )
            end = j


def people_in_longer_mentions(rows: list[list[list[str]]], tags: list[list[str]]) -> None:
    """Cut (in place) a mention down to the full name of a person tagged elsewhere in the
    document: a place or organisation that ends with the name after capitalised words that
    are a title or an abbreviation, no organisation or place head ("NTK Trung Đinh", "PTT
    Trương Hòa Bình"), is the person; a person's name followed by a title ("David Nguyễn Vũ
    Chủ Tịch") ends before the title."""
    found = {
        tuple(r[WORD] for r in sent[i:j])
        for sent, sent_tags in zip(rows, tags, strict=True)
        for i, j, lab in bio_to_spans(sent_tags)
        if lab == "PER" and j - i >= 2
    }
    if not found:
        return
    people = sorted(found, key=lambda name: (-len(name), name))  # the longest name first
    for sent, sent_tags in zip(rows, tags, strict=True):
        for i, j, lab in bio_to_spans(sent_tags):
            words = tuple(r[WORD] for r in sent[i:j])
            for name in people:
                k = len(name)
                if k >= j - i:
                    continue
                if (
                    lab != "PER"
                    and words[-k:] == name
                    and all(
                        r[WORD][:1].isupper() and r[TRIGGER][2:] in ("", "PT")
                        for r in sent[i : j - k]
                    )
                ):
                    sent_tags[i:j] = ["O"] * (j - i - k) + ["B-PER"] + ["I-PER"] * (k - 1)
                    break
                if (
                    lab == "PER"
                    and words[:k] == name
                    and any(r[TRIGGER][2:] == "PT" for r in sent[i + k : j])
                ):
                    sent_tags[i + k : j] = ["O"] * (j - i - k)
                    break


def join_name_particles(rows: list[list[list[str]]], tags: list[list[str]]) -> None:
    """Extend (in place) a person's name over the name particles before it and the capitalised
    word before those ("Ennis del | Mar" and "Jacob van den | Borne" become one name each); a
    name that starts a sentence or follows a comma keeps its particles ("van den Borne"). A
    particle that is also a Vietnamese word joins no sentence-initial word ("Làn da Mai"). The
    tokens split such names and the tagger, which sees few of them, often keeps the last part
    only. In the VLSP 2018 training data 14 of the 22 such particles between capitalised words
    are in a name; the rest ("la", "du", one "von") are in no entity at all."""
    particles = _lexicon("name_particles") | _lexicon("weak_name_particles")
    for sent, sent_tags in zip(rows, tags, strict=True):
        for i, j, lab in reversed(bio_to_spans(sent_tags)):
            k = i
            while lab == "PER" and k > 0 and sent[k - 1][WORD] in particles:
                if sent_tags[k - 1] != "O":
                    break
                k -= 1
            if k == i:
                continue
            strong = all(r[WORD] in _lexicon("name_particles") for r in sent[k:i])
            first = k
            while first > 0:
                word, tag = sent[first - 1][WORD], sent_tags[first - 1]
                if not word[:1].isupper() or tag not in ("O", "B-PER", "I-PER"):
                    break
                if tag == "O" and (
                    word.lower() in _lexicon("kinship")
                    or word.lower() in _lexicon("not_first_names")
                    or (first == 1 and not strong)
                ):
                    break
                first -= 1
                if tag == "B-PER":
                    break
            if first == k and not strong:
                continue
            sent_tags[first:j] = ["B-PER"] + ["I-PER"] * (j - first - 1)


_NUMBER_NEXT = re.compile(r"[.\-–]?[0-9]")


def runs_into_number(text: str, end: int) -> bool:
    """Whether a mention ending at ``end`` is glued to a number ("A.22", "A-4"): a code or a
    model number, never a name (no entity of the VLSP 2018 training data ends so, but a typo).
    """
    return _NUMBER_NEXT.match(text, end) is not None


def _retag_names(
    rows: list[list[list[str]]],
    tags: list[list[str]],
    names: set[tuple[str, ...]],
    sources: frozenset[str],
    label: str,
) -> None:
    """Retag as ``label`` every mention labelled one of ``sources`` whose syllables are one of
    ``names``."""
    if not names:
        return
    for sent, sent_tags in zip(rows, tags, strict=True):
        for i, j, lab in bio_to_spans(sent_tags):
            if lab in sources and tuple(r[WORD] for r in sent[i:j]) in names:
                sent_tags[i:j] = ["B-" + label] + ["I-" + label] * (j - i - 1)


def people_after_kinship(rows: list[list[list[str]]], tags: list[list[str]]) -> None:
    """Retag (in place) as PER a place or organisation named right after a word of
    ``lexicons/kinship.txt`` ("chị Nga" is a woman, not Russia), and its other mentions in the
    document. 98% of such names in the VLSP 2018 training data are people."""
    names: set[tuple[str, ...]] = set()
    for sent, sent_tags in zip(rows, tags, strict=True):
        for i, j, lab in bio_to_spans(sent_tags):
            if lab != "PER" and i > 0 and sent[i - 1][WORD] in _lexicon("kinship"):
                names.add(tuple(r[WORD] for r in sent[i:j]))
    _retag_names(rows, tags, names, frozenset({"LOC", "ORG"}), "PER")


def organisations_after_kinds(rows: list[list[list[str]]], tags: list[list[str]]) -> None:
    """Retag (in place) as ORG a person's name with a syllable that is not Vietnamese right
    after a word of ``lexicons/org_kinds.txt`` (a word of its own: "tình báo" is no "báo"), and its
    other mentions in the document: a brand or a club read as a person ("công ty Dentsu" ...
    "Dentsu"). A capitalised kind left out of the name is part of it ("Tập đoàn De Heus").
    None of the 102 names right after such a word, in lower case, in the VLSP 2018 training
    data is a person. Vietnamese names are left alone: "công ty Hùng" is Hùng's company (on
    VLSP 2016, where the model was not trained, that one phrase turned 85 mentions of a man into
    companies)."""
    names: set[tuple[str, ...]] = set()
    for sent, sent_tags in zip(rows, tags, strict=True):
        for i, j, lab in bio_to_spans(sent_tags):
            if lab != "PER":
                continue
            for w in (2, 1):
                if i < w or sent[i - w][WORDPOS] not in ("B", "S"):
                    continue
                kind = " ".join(r[WORD] for r in sent[i - w : i])
                if (kind in _lexicon("org_kinds") or kind.lower() in _lexicon("org_kinds")) and any(
                    r[SPELL] == "F" for r in sent[i:j]
                ):
                    names.add(tuple(r[WORD] for r in sent[i:j]))
                    if kind[0].isupper() and all(t == "O" for t in sent_tags[i - w : i]):
                        sent_tags[i - w : j] = ["B-ORG"] + ["I-ORG"] * (j - i + w - 1)
                    break
    _retag_names(rows, tags, names, frozenset({"PER"}), "ORG")


#: Labels whose names are copied to their other, untagged occurrences in the document.
PROPAGATE = frozenset({"PER", "ORG"})


def propagate(rows: list[list[list[str]]], tags: list[list[str]]) -> None:
    """Document-level consistency, after tagging: a capitalised PER or ORG name tagged somewhere
    in the document is tagged (with its most frequent label) wherever else its exact syllables
    occur untagged. Changes ``tags`` in place. (On VLSP 2018 dev: +0.3 F1; LOC is left out, it
    lost precision.)"""
    votes: dict[tuple[str, ...], dict[str, int]] = {}
    for sent, sent_tags in zip(rows, tags, strict=True):
        for i, j, lab in bio_to_spans(sent_tags):
            name = tuple(r[0] for r in sent[i:j])
            if (
                lab in PROPAGATE
                and any(c.isupper() for c in "".join(name))
                and len("".join(name)) > 2
            ):
                v = votes.setdefault(name, {})
                v[lab] = v.get(lab, 0) + 1
    if not votes:
        return
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for name in sorted(votes, key=len, reverse=True):
        by_first.setdefault(name[0], []).append(name)
    for sent, sent_tags in zip(rows, tags, strict=True):
        words = [r[0] for r in sent]
        n = len(words)
        i = 0
        while i < n:
            width = 0
            for name in by_first.get(words[i], ()):
                k = len(name)
                if tuple(words[i : i + k]) == name and all(t == "O" for t in sent_tags[i : i + k]):
                    if i + k < n and sent_tags[i + k].startswith("I-"):
                        continue
                    v = votes[name]
                    lab = max(v, key=lambda x: (v[x], x))
                    sent_tags[i : i + k] = ["B-" + lab] + ["I-" + lab] * (k - 1)
                    width = k
                    break
            i += max(width, 1)


def _load_meta(path: Path) -> dict[str, Any]:
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelError(f"entity model file {str(path)!r} cannot be read: {exc}") from exc
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise ModelError(f"entity model file {str(path)!r} is not a {FORMAT} description")
    if meta.get("features") != FEATURES_VERSION:
        raise ModelError(
            f"entity model file {str(path)!r} was trained with features version "
            f"{meta.get('features')!r}; this viextract computes version {FEATURES_VERSION}"
        )
    stages = meta.get("stages")
    ok = isinstance(stages, list) and 1 <= len(stages) <= 2
    for st in stages if isinstance(stages, list) else []:
        ok = ok and isinstance(st, dict) and isinstance(st.get("file"), str)
        tpl = st.get("templates") if isinstance(st, dict) else None
        ok = ok and isinstance(tpl, list) and all(isinstance(t, str) for t in tpl)
    if not ok:
        raise ModelError(f"entity model file {str(path)!r} does not describe 1 or 2 stages")
    return meta


class EntityModel:
    """PER/LOC/ORG from viextract's CRF. ``model_dir`` defaults to the packaged model."""

    name = "viextract"

    def __init__(self, model_dir: str | Path | None = None) -> None:
        with ExitStack() as stack:

            def path(name: str) -> Path:
                if model_dir is not None:
                    return Path(model_dir) / name
                # packaged files are checked against the data manifest (sha256)
                return stack.enter_context(data_file(f"{_PACKAGE_DIR}/{name}"))

            meta_path = path(META_FILE)
            self.meta = _load_meta(meta_path)
            self._stages = [
                Stage(path(st["file"]), list(st["templates"]), meta_path)
                for st in self.meta["stages"]
            ]
            load_gazetteers()
            self._names: NameList | None = None
            names = self.meta.get("names")
            if isinstance(names, str):
                names_path = path(names)
                try:
                    self._names = read_name_list(names_path.read_text(encoding="utf-8"))
                except (OSError, UnicodeDecodeError) as exc:
                    raise ModelError(
                        f"entity model file {str(names_path)!r} cannot be read: {exc}"
                    ) from exc

    def tag_rows(self, rows: list[list[list[str]]]) -> list[list[str]]:
        """BIO tags of each sentence given its feature rows (extended in place by stage 2).

        Each run of full rows is tagged on its own; placeholder rows (syllables far from any
        capital letter or digit, see :meth:`rows`) are "O".
        """
        spans = [(k, a, b) for k, sent in enumerate(rows) for a, b in _runs(sent)]
        pieces = [rows[k][a:b] for k, a, b in spans]  # the same row lists, not copies

        def whole(piece_tags: list[list[str]]) -> list[list[str]]:
            tags = [["O"] * len(sent) for sent in rows]
            for (k, a, b), t in zip(spans, piece_tags, strict=True):
                tags[k][a:b] = t
            return tags

        tags = whole(self._stages[0].tag(pieces))
        for stage in self._stages[1:]:
            # the second stage sees the first stage's names everywhere (+0.2 F1 on VLSP 2018
            # dev; it is trained on unpropagated cross-tagged first-stage tags: training it on
            # propagated ones scored 0.1 lower)
            propagate(rows, tags)
            add_document_columns(rows, tags)
            # a piece where the first stage found nothing and the document knows no name is
            # left as it is
            live = [k for k, piece in enumerate(pieces) if any(_named(r) for r in piece)]
            piece_tags = [["O"] * len(piece) for piece in pieces]
            for k, t in zip(live, stage.tag([pieces[k] for k in live]), strict=True):
                piece_tags[k] = t
            tags = whole(piece_tags)
        return tags

    def mentions(self, seg: Segmented, tags: list[list[str]]) -> list[Mention]:
        """The mentions of ``tags``, less those that run straight into a number
        (:func:`runs_into_number`)."""
        out: list[Mention] = []
        for (a, _), sent_tags in zip(seg.sentences, tags, strict=True):
            for i, j, lab in bio_to_spans(sent_tags):
                label = _LABELS.get(lab)
                if label is not None:
                    start, end = seg.char_span(a + i, a + j)
                    if not runs_into_number(seg.text, end):
                        out.append(Mention(start, end, label, self.name))
        return out

    def __call__(self, seg: Segmented) -> list[Mention]:
        rows = self.rows(seg)
        tags = self.tag_rows(rows)
        link_acronyms(rows, tags)
        people_after_kinship(rows, tags)
        propagate(rows, tags)
        drop_non_names(rows, tags)
        drop_work_titles(rows, tags)
        places_in_place_lists(rows, tags)
        join_name_particles(rows, tags)
        organisations_after_kinds(rows, tags)
        people_in_longer_mentions(rows, tags)
        return self.mentions(seg, tags)

    def rows(self, seg: Segmented) -> list[list[list[str]]]:
        """Feature rows of a document (with this model's learned name list)."""
        return document_rows(seg, self._names, REGION_CONTEXT)
