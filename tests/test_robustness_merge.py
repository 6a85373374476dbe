"""The overlap policy runs in near-linear time and keeps its exact decisions."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from viextract.merge import _select_cluster, mention_rank, resolve_overlaps
from viextract.recognizer import Mention
from viextract.types import Label


def _reference(mentions: list[Mention]) -> list[Mention]:
    """The policy as first written: one greedy pass over all mentions at once (quadratic)."""
    return _select_cluster(
        [m for m in mentions if m.end > m.start], lambda m: (m.start, m.end), mention_rank
    )


mention = st.builds(
    lambda a, n, label, score: Mention(a, a + n, label, "t", score),
    st.integers(0, 60),
    st.integers(0, 12),
    st.sampled_from(list(Label)),
    st.sampled_from([0.5, 1.0]),
)


@settings(max_examples=500, deadline=None)
@given(st.lists(mention, max_size=40))
def test_same_decisions_as_the_single_greedy_pass(mentions: list[Mention]) -> None:
    assert resolve_overlaps(mentions) == _reference(mentions)


def test_many_mentions() -> None:
    starts = [i * 10 + i % 3 for i in range(50_000)]
    kept = resolve_overlaps([Mention(a, a + 8 + a % 5, Label.PER, "t") for a in starts])
    assert all(a.end <= b.start for a, b in itertools.pairwise(kept))
    assert len(kept) > 20_000
