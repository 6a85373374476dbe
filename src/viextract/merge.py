"""The overlap policy, in one place.

Mentions from all recognizers compete for the text. A mention that covers another wins (longer
first); at equal length a DATE beats a name fragment ("ngày thứ năm" read as a place), then the
higher score wins, then the earlier start. The survivors never overlap.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable

from .recognizers import Mention
from .types import Label


def _rank(m: Mention) -> tuple[int, int, float, int]:
    return (-(m.end - m.start), 0 if m.label == Label.DATE else 1, -m.score, m.start)


def resolve_overlaps(mentions: Iterable[Mention]) -> list[Mention]:
    """Keep a set of non-overlapping mentions, in text order.

    Mentions are first grouped into clusters of (transitively) overlapping mentions, which never
    influence each other, so that time stays near-linear in the number of mentions.
    """
    ordered = sorted((m for m in mentions if m.end > m.start), key=lambda m: (m.start, m.end))
    kept: list[Mention] = []
    i = 0
    while i < len(ordered):
        j = i + 1
        reach = ordered[i].end
        while j < len(ordered) and ordered[j].start < reach:
            reach = max(reach, ordered[j].end)
            j += 1
        kept.extend(_resolve_cluster(ordered[i:j]))
        i = j
    return kept


def _resolve_cluster(mentions: list[Mention]) -> list[Mention]:
    kept: list[Mention] = []
    starts: list[int] = []
    for m in sorted(mentions, key=_rank):
        k = bisect_left(starts, m.start)
        if k > 0 and kept[k - 1].end > m.start:
            continue
        if k < len(kept) and kept[k].start < m.end:
            continue
        kept.insert(k, m)
        starts.insert(k, m.start)
    return kept
