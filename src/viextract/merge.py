"""The overlap policy, in one place.

Candidates compete for the text; the survivors never overlap. Candidates are taken best first
and each is kept unless it overlaps one already kept. "Best" is a ranking:

Between recognizers (:func:`resolve_overlaps`), for :class:`~viextract.recognizer.Mention`:

1. higher ``priority`` (a user's :class:`~viextract.NameList` has priority 1, the built-in
   recognizers 0: give your own recognizer's mentions ``priority=1`` or more to prefer them);
2. longer (a mention that covers another wins);
3. at equal length, a DATE (a date read as a name fragment, "ngày thứ năm", loses);
4. higher ``score``;
5. earlier start.

A mention whose label is ``None`` is a *block*: it removes every other recognizer's mention that
lies inside it (a name a user says is never an entity) and is not output itself.

Inside the date grammar (:func:`select_groups`): candidate readings of a stretch of text come
in groups that are kept or dropped together (a list "ngày 16, 17 và 18-8"); the group covering
more text wins, then the rule's priority, then the earlier start.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from .recognizer import Mention
from .types import Label

T = TypeVar("T")


def mention_rank(m: Mention) -> tuple[int, int, int, float, int]:
    """The ranking between recognizers' mentions (smaller is better)."""
    return (-m.priority, -(m.end - m.start), 0 if m.label == Label.DATE else 1, -m.score, m.start)


def resolve_overlaps(mentions: Iterable[Mention]) -> list[Mention]:
    """Keep a set of non-overlapping labelled mentions, in text order (blocks applied first)."""
    items = [m for m in mentions if m.end > m.start]
    blocks = [m for m in items if m.label is None]
    if blocks:
        items = [m for m in items if m.label is not None and not _blocked(m, blocks)]
    return select(items, lambda m: (m.start, m.end), mention_rank)


def _blocked(m: Mention, blocks: Sequence[Mention]) -> bool:
    return any(b.source != m.source and b.start <= m.start and m.end <= b.end for b in blocks)


def select_groups(
    groups: Iterable[tuple[int, Sequence[tuple[int, int, T]]]],
) -> list[tuple[int, int, T]]:
    """The date grammar's policy: ``(rule priority, [(start, end, value), ...])`` groups, each
    kept whole or dropped; returns the kept items in text order."""

    def span(g: tuple[int, Sequence[tuple[int, int, T]]]) -> tuple[int, int]:
        return min(a for a, _, _ in g[1]), max(b for _, b, _ in g[1])

    def rank(g: tuple[int, Sequence[tuple[int, int, T]]]) -> tuple[int, int, int]:
        a, b = span(g)
        return (-(b - a), -g[0], a)

    kept: list[tuple[int, int, T]] = []
    taken: list[tuple[int, int]] = []
    for grp in sorted(groups, key=rank):
        if any(a < e and s < b for a, b, _ in grp[1] for s, e in taken):
            continue
        kept.extend(grp[1])
        taken.extend((a, b) for a, b, _ in grp[1])
    kept.sort(key=lambda x: x[0])
    return kept


def select(
    items: Sequence[T],
    span: Callable[[T], tuple[int, int]],
    rank: Callable[[T], Any],
) -> list[T]:
    """Best-first selection of non-overlapping items, in text order.

    Items are first grouped into clusters of (transitively) overlapping items, which never
    influence each other, so that time stays near-linear in the number of items.
    """
    ordered = sorted(items, key=span)
    kept: list[T] = []
    i = 0
    while i < len(ordered):
        j = i + 1
        reach = span(ordered[i])[1]
        while j < len(ordered) and span(ordered[j])[0] < reach:
            reach = max(reach, span(ordered[j])[1])
            j += 1
        kept.extend(_select_cluster(ordered[i:j], span, rank))
        i = j
    return kept


def _select_cluster(
    items: Sequence[T], span: Callable[[T], tuple[int, int]], rank: Callable[[T], Any]
) -> list[T]:
    kept: list[T] = []
    starts: list[int] = []
    for m in sorted(items, key=rank):
        a, b = span(m)
        k = bisect_left(starts, a)
        if k > 0 and span(kept[k - 1])[1] > a:
            continue
        if k < len(kept) and starts[k] < b:
            continue
        kept.insert(k, m)
        starts.insert(k, a)
    return kept
