"""Invariants every Document must satisfy, whatever the input (shared by the robustness tests)."""

from __future__ import annotations

import json

import viextract


def check_document(doc: viextract.Document, text: str) -> None:
    """Offsets in range and exact, spans in text order, entities disjoint, tokens inside
    sentences, JSON round trip (default ``ensure_ascii``, so lone surrogates survive)."""
    assert doc.text is text or doc.text == text
    n = len(text)
    for group in (doc.sentences, doc.tokens, doc.entities):
        prev_end = 0
        for x in group:
            assert 0 <= x.start < x.end <= n, x
            assert text[x.start : x.end] == x.text, x
            assert x.start >= prev_end, (x, prev_end)  # in order, never overlapping
            prev_end = x.end
    sentences = iter(doc.sentences)
    current = next(sentences, None)
    for tok in doc.tokens:
        while current is not None and current.end <= tok.start:
            current = next(sentences, None)
        assert current is not None and current.start <= tok.start and tok.end <= current.end, tok
    for e in doc.entities:
        assert e.text.strip() == e.text, e
    dumped = json.dumps(doc.to_dict())
    assert viextract.Document.from_dict(json.loads(dumped)) == doc
