"""BIO tag lists to spans."""

from __future__ import annotations

from collections.abc import Sequence


def bio_to_spans(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """``["B-PER", "I-PER", "O"]`` -> ``[(0, 2, "PER")]``; a stray I- starts a new span."""
    spans: list[tuple[int, int, str]] = []
    if tags.count("O") == len(tags):  # many sentences: no mention at all
        return spans
    start, label = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        if tag == "O" and start < 0:  # the common case, first
            continue
        kind, _, lab = tag.partition("-")
        if kind == "I" and lab == label and start >= 0:
            continue
        if start >= 0:
            spans.append((start, i, label))
            start, label = -1, ""
        if kind in ("B", "I"):
            start, label = i, lab
    return spans
