"""underthesea's CRF entity tagger behind the recognizer protocol (kept as a baseline)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..errors import ModelError
from ..recognizer import Mention
from ..segment import Segmented
from ..types import Label
from .bio import bio_to_spans
from .boundaries import refine

_LABELS = {"PER": Label.PER, "LOC": Label.LOC, "ORG": Label.ORG}


class UndertheseaNER:
    """underthesea's ``ner()`` tagger, its output aligned back onto our syllables and its spans
    repaired by the rules of :mod:`.boundaries`."""

    name = "underthesea"

    def __init__(self) -> None:
        try:
            from underthesea import ner
        except ImportError as exc:  # pragma: no cover - a broken install
            raise ModelError(f"underthesea's NER tagger cannot be imported: {exc}") from exc
        self._ner: Callable[[str], list[tuple[Any, ...]]] = ner

    def __call__(self, seg: Segmented) -> list[Mention]:
        out: list[Mention] = []
        for a, b in seg.sentences:
            start, end = seg.char_span(a, b)
            out.extend(self._sentence(seg.text, start, end))
        return refine(seg, out)

    def _sentence(self, text: str, start: int, end: int) -> list[Mention]:
        # Positions of the sentence's non-space characters, to align tokens that may differ in
        # spacing from our text.
        chars = [i for i in range(start, end) if not text[i].isspace()]
        solid = "".join(text[i] for i in chars)
        rows = self._ner(text[start:end])
        pos = 0
        bounds: list[tuple[int, int]] = []
        for row in rows:
            tok = "".join(str(row[0]).split())
            if not tok or solid[pos : pos + len(tok)] != tok:
                return []  # the tagger rewrote the text: give up on this sentence
            bounds.append((chars[pos], chars[pos + len(tok) - 1] + 1))
            pos += len(tok)
        mentions = []
        for i, j, lab in bio_to_spans([str(r[3]) for r in rows]):
            if lab in _LABELS:
                mentions.append(Mention(bounds[i][0], bounds[j - 1][1], _LABELS[lab], self.name))
        return mentions
