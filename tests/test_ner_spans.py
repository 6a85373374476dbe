"""Typed spans of the entity rules (viextract.ner.spans): the same mentions as the BIO tags they
come from, and edits that leave them as the tags would read."""

from __future__ import annotations

import random

import pytest

from viextract import ModelError
from viextract.ner.spans import Span, erase, put, spans_from_tags, tags_from_spans
from viextract.types import Label


@pytest.mark.parametrize(
    "tags",
    [
        [["B-PER", "I-PER", "O", "B-LOC"], ["O"], []],
        [["O", "I-PER", "I-PER", "B-PER", "I-LOC", "I-LOC", "B-ORG"]],  # strays
        [["I-ORG", "B-ORG", "I-ORG", "I-PER"]],
    ],
)
def test_tags_and_spans_are_inverse(tags: list[list[str]]) -> None:
    spans = spans_from_tags(tags)
    assert tags_from_spans(spans, [len(t) for t in tags]) == tags


def test_strays_continue_spans() -> None:
    assert spans_from_tags([["O", "I-PER", "I-PER", "B-PER", "I-LOC"]]) == (
        Span(0, 1, 3, Label.PER, True),
        Span(0, 3, 4, Label.PER),
        Span(0, 4, 5, Label.LOC, True),
    )


def test_edits_read_as_the_tags_would() -> None:
    per, loc = Label.PER, Label.LOC
    # a span written before one that continues with its label takes it in
    spans = (Span(0, 3, 5, per, True),)
    assert put(spans, Span(0, 1, 3, per)) == (Span(0, 1, 5, per),)
    assert put(spans, Span(0, 1, 3, loc)) == (Span(0, 1, 3, loc), Span(0, 3, 5, per, True))
    # the rest of a span written over from its start continues
    spans = (Span(0, 0, 4, loc),)
    assert put(spans, Span(0, 0, 2, per)) == (Span(0, 0, 2, per), Span(0, 2, 4, loc, True))
    assert erase(spans, 0, 1) == (Span(0, 1, 4, loc, True),)
    assert erase(spans, 2, 4) == (Span(0, 0, 2, loc),)
    assert erase(spans, 0, 4) == ()


def test_unknown_label_is_a_model_error() -> None:
    with pytest.raises(ModelError, match="MISC"):
        spans_from_tags([["B-MISC"]])


def test_edits_match_writing_tags() -> None:
    """put and erase on random tags give the spans of the tags written over the same way."""
    rng = random.Random(5)
    kinds = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG"]
    for _ in range(3000):
        n = rng.randint(1, 8)
        tags = [rng.choice(kinds) for _ in range(n)]
        start = rng.randrange(n)
        end = rng.randint(start + 1, n)
        written = list(tags)
        before = spans_from_tags([tags])
        if rng.random() < 0.5:
            label = rng.choice([Label.PER, Label.LOC, Label.ORG])
            written[start:end] = [f"B-{label.value}"] + [f"I-{label.value}"] * (end - start - 1)
            after = put(before, Span(0, start, end, label))
        else:
            written[start:end] = ["O"] * (end - start)
            after = erase(before, start, end)
        assert after == spans_from_tags([written]), (tags, start, end, written)
