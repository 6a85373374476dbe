"""viextract's own entity model: a syllable-level CRF (underthesea_core) over the features of
:mod:`viextract.ner.features`, trained by :mod:`viextract.training.trainer`.

The model is package data under ``data/models/ner/``: ``model.json`` (format, feature templates
of each stage, training summary) and one CRFsuite file per stage. With two stages, the second
sees the first stage's tags over the whole document (document-level label consistency). The
post-tagging rules that follow are a table of their own: :data:`~viextract.ner.rules.RULES`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from ..attributes import KnownAttributes
from ..crfsuite import FormatError, read_attributes
from ..data import as_file as data_file
from ..errors import ModelError
from ..recognizer import Mention
from ..segment import Segmented
from ..types import Label
from .features import (
    DOCSPAN,
    DOCTOK,
    FEATURES_VERSION,
    STAGE1,
    NameList,
    add_document_columns,
    document_rows,
    is_placeholder,
    load_gazetteers,
    read_name_list,
)
from .rules import apply_rules, lexicons, propagate
from .spans import DocumentFeatures, Span, Spans, spans_from_tags, tags_from_spans

META_FILE = "model.json"
NAMES_FILE = "names.tsv"
FORMAT = "viextract-ner-crf/2"
_PACKAGE_DIR = "models/ner"
_MAGIC = b"lCRF"


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

    def tag_scored(
        self, pieces: list[list[list[str]]]
    ) -> tuple[list[list[str]], list[list[dict[str, float]] | None]]:
        """Tags of each piece, and for each piece with a name, each syllable's marginal
        probability of each tag (forward-backward over the piece; None for other pieces)."""
        features = self.featurizer.batch(pieces)
        labels = list(self.tagger.labels())
        tags: list[list[str]] = []
        probs: list[list[dict[str, float]] | None] = []
        for f in features:
            t = list(self.tagger.tag(f)) if f else []
            tags.append(t)
            named = any(x != "O" for x in t)
            probs.append(
                [dict(zip(labels, row, strict=True)) for row in self.tagger.marginals(f)]
                if named
                else None
            )
        return tags, probs


#: Syllables tagged on each side of a capitalised or digit-bearing syllable; elsewhere the
#: tagger would only ever say "O", and skipping it halves the entity model's time (see
#: :func:`~viextract.ner.features.name_regions`). The tagger still sees every such
#: syllable with its full feature window. 4 loses 0.1 F1 on VLSP 2018 dev, 3 loses 0.4.
REGION_CONTEXT = 4


def second_stage_input(doc: DocumentFeatures, tags: list[list[str]]) -> list[list[str]]:
    """What the second stage reads of the first stage's tags: the tags with each PER or ORG name
    also tagged at its untagged occurrences in the document (:func:`~viextract.ner.rules.propagate`,
    which also runs after tagging as a rule). This is part of the model's two-stage inference:
    +0.2 F1 on VLSP 2018 dev. The second stage is trained on unpropagated cross-tagged
    first-stage tags: training it on propagated ones scored 0.1 lower."""
    spans = spans_from_tags(tags)
    propagated = propagate(doc, spans)
    if propagated is spans:
        return tags
    return tags_from_spans(propagated, [len(t) for t in tags])


#: The score of a span the CRF gave no probabilities for (a rule's span in a piece where the
#: last stage found no name).
UNSCORED = 0.5


def span_score(
    span: Span,
    probs: list[list[dict[str, float] | None]],
    own: set[tuple[int, int, int, Label]],
) -> float:
    """The model's confidence in a span: the lowest, over its syllables, of the last CRF stage's
    marginal probability of the span's tag there (B- at the first, I- after). For a span the CRF
    did not tag so (a rule made or retyped it; the rule decides the type), the probability that
    the syllables form a name whatever its type: the sum over types. :data:`UNSCORED` when there
    are no probabilities."""
    row = probs[span.sentence]
    cells = row[span.start : span.end]
    if not cells or any(c is None for c in cells):
        return UNSCORED
    typed = (span.sentence, span.start, span.end, span.label) in own
    lowest = 1.0
    for i, cell in enumerate(cells):
        assert cell is not None
        kind = "B-" if i == 0 else "I-"
        if typed:
            p = cell.get(kind + span.label.value, 0.0)
        else:
            p = sum(v for k, v in cell.items() if k.startswith(kind))
        lowest = min(lowest, p)
    return max(0.0, min(1.0, lowest))


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
            lexicons()
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

    def tag_rows(self, rows: list[list[list[str]]], doc: DocumentFeatures) -> list[list[str]]:
        """BIO tags of each sentence given its feature rows (extended in place by stage 2) and
        the document's features (``doc``, of the same rows).

        Each run of full rows is tagged on its own; placeholder rows (syllables far from any
        capital letter or digit, see :meth:`rows`) are "O". The second stage reads the first
        stage's tags with its names propagated (:func:`second_stage_input`).
        """
        return self.tag_rows_scored(rows, doc)[0]

    def tag_rows_scored(
        self, rows: list[list[list[str]]], doc: DocumentFeatures
    ) -> tuple[list[list[str]], list[list[dict[str, float] | None]]]:
        """:meth:`tag_rows`, and the last stage's marginal probabilities of each tag at each
        syllable of the pieces where it found a name (None elsewhere)."""
        spans = [(k, a, b) for k, sent in enumerate(rows) for a, b in _runs(sent)]
        pieces = [rows[k][a:b] for k, a, b in spans]  # the same row lists, not copies

        def whole(piece_tags: list[list[str]]) -> list[list[str]]:
            tags = [["O"] * len(sent) for sent in rows]
            for (k, a, b), t in zip(spans, piece_tags, strict=True):
                tags[k][a:b] = t
            return tags

        def scores(piece_probs: list[list[dict[str, float]] | None], where: list[int]) -> Any:
            out: list[list[dict[str, float] | None]] = [[None] * len(sent) for sent in rows]
            for j, p in zip(where, piece_probs, strict=True):
                if p is not None:
                    k, a, b = spans[j]
                    out[k][a:b] = p
            return out

        if len(self._stages) == 1:
            first, probs = self._stages[0].tag_scored(pieces)
            return whole(first), scores(probs, list(range(len(pieces))))
        tags = whole(self._stages[0].tag(pieces))
        probs = scores([], [])
        for stage in self._stages[1:]:
            add_document_columns(rows, second_stage_input(doc, tags))
            # a piece where the first stage found nothing and the document knows no name is
            # left as it is
            live = [k for k, piece in enumerate(pieces) if any(_named(r) for r in piece)]
            piece_tags = [["O"] * len(piece) for piece in pieces]
            live_tags, live_probs = stage.tag_scored([pieces[k] for k in live])
            for k, t in zip(live, live_tags, strict=True):
                piece_tags[k] = t
            tags = whole(piece_tags)
            probs = scores(live_probs, live)
        return tags, probs

    def mentions(
        self,
        doc: DocumentFeatures,
        spans: Spans,
        probs: list[list[dict[str, float] | None]] | None = None,
        tagged: Spans = (),
    ) -> list[Mention]:
        """The mentions of ``spans``, scored by :func:`span_score` when ``probs`` are given."""
        if probs is None:
            return [Mention(*doc.char_span(sp), sp.label, self.name) for sp in spans]
        own = {(sp.sentence, sp.start, sp.end, sp.label) for sp in tagged}
        return [
            Mention(*doc.char_span(sp), sp.label, self.name, score=span_score(sp, probs, own))
            for sp in spans
        ]

    def __call__(self, seg: Segmented) -> list[Mention]:
        """The CRF's mentions after the post-tagging rules
        (:data:`~viextract.ner.rules.RULES`, in order), each scored (:func:`span_score`)."""
        rows = self.rows(seg)
        doc = DocumentFeatures.from_rows(seg, rows)
        tags, probs = self.tag_rows_scored(rows, doc)
        spans = spans_from_tags(tags)
        return self.mentions(doc, apply_rules(doc, spans), probs, spans)

    def rows(self, seg: Segmented) -> list[list[list[str]]]:
        """Feature rows of a document (with this model's learned name list)."""
        return document_rows(seg, self._names, REGION_CONTEXT)
