"""Date recognizer (placeholder until the date grammar lands)."""

from __future__ import annotations

from ..segment import Segmented
from . import Mention


class DateRecognizer:
    name = "dates"

    def __call__(self, seg: Segmented) -> list[Mention]:
        return []
