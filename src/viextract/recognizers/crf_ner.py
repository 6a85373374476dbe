"""viextract's own entity model: a syllable-level CRF (underthesea_core) over the features of
:mod:`viextract.recognizers.crf_features`, trained by :mod:`viextract.train`.

The model is two package-data files under ``data/models/ner/``: ``ner.crf`` (CRFsuite format)
and ``model.json`` (feature templates, labels, training summary).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from contextlib import ExitStack
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import ModelError
from ..segment import Segmented
from ..types import Label
from . import Mention
from .crf_features import document_rows
from .underthesea_ner import bio_to_spans

MODEL_FILE = "ner.crf"
META_FILE = "model.json"
FORMAT = "viextract-ner-crf/1"
_PACKAGE_DIR = "models/ner"
_LABELS = {"PER": Label.PER, "LOC": Label.LOC, "ORG": Label.ORG}
_MAGIC = b"lCRF"


def write_metadata(
    out: Path, *, templates: Sequence[str], training: dict[str, Any] | None = None
) -> None:
    """Write ``model.json`` next to a trained ``ner.crf``."""
    meta = {"format": FORMAT, "templates": list(templates), "training": training or {}}
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


def _load_meta(path: Path) -> dict[str, Any]:
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelError(f"entity model file {str(path)!r} cannot be read: {exc}") from exc
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise ModelError(f"entity model file {str(path)!r} is not a {FORMAT} description")
    templates = meta.get("templates")
    if not isinstance(templates, list) or not all(isinstance(t, str) for t in templates):
        raise ModelError(f"entity model file {str(path)!r} has no list of templates")
    return meta


class CRFEntityRecognizer:
    """PER/LOC/ORG from viextract's CRF. ``model_dir`` defaults to the packaged model."""

    name = "viextract"

    def __init__(self, model_dir: str | Path | None = None) -> None:
        from underthesea_core import CRFFeaturizer

        with ExitStack() as stack:
            if model_dir is None:
                base = resources.files("viextract.data").joinpath(_PACKAGE_DIR)
                model_path = stack.enter_context(resources.as_file(base.joinpath(MODEL_FILE)))
                meta_path = stack.enter_context(resources.as_file(base.joinpath(META_FILE)))
            else:
                model_path = Path(model_dir) / MODEL_FILE
                meta_path = Path(model_dir) / META_FILE
            self.meta = _load_meta(meta_path)
            self._tagger = _load_tagger(model_path)
        self._featurizer = CRFFeaturizer(list(self.meta["templates"]), set())

    def tag_rows(self, rows: list[list[list[str]]]) -> list[list[str]]:
        """BIO tags of each sentence given its feature rows."""
        out: list[list[str]] = []
        for sent in rows:
            if not sent:
                out.append([])
                continue
            feats = self._featurizer.process([sent])[0]
            out.append(list(self._tagger.tag(feats)))
        return out

    def mentions(self, seg: Segmented, tags: list[list[str]]) -> list[Mention]:
        out: list[Mention] = []
        for (a, _), sent_tags in zip(seg.sentences, tags, strict=True):
            for i, j, lab in bio_to_spans(sent_tags):
                label = _LABELS.get(lab)
                if label is not None:
                    start, end = seg.char_span(a + i, a + j)
                    out.append(Mention(start, end, label, self.name))
        return out

    def __call__(self, seg: Segmented) -> list[Mention]:
        return self.mentions(seg, self.tag_rows(document_rows(seg)))
