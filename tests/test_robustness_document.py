"""Documents as data: the JSON round trip is exact for any ``str``, and ``from_dict`` rebuilds
only consistent documents, raising ``DocumentError`` (a ``ViextractError``) otherwise."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import viextract
from viextract.document import SURROGATE_PAIRS
from viextract.errors import DocumentError, InputError, ViextractError
from viextract.output.jsonl import dumps

from .invariants import check_document

SPLIT = "Ông An \ud83d\ude00 đến Hà Nội."  # a high and a low surrogate, two code points


def _trips(doc: viextract.Document) -> list[viextract.Document]:
    d = doc.to_dict()
    return [
        viextract.Document.from_dict(d),
        viextract.Document.from_dict(json.loads(json.dumps(d))),
        viextract.Document.from_dict(json.loads(dumps(d).encode("utf-8"))),
    ]


def test_split_surrogate_pair_round_trips_exactly(extractor: viextract.Extractor) -> None:
    doc = extractor.extract(SPLIT)
    assert doc.to_dict()[SURROGATE_PAIRS] == [7]
    assert [e.text for e in doc.entities if e.label == "LOC"] == ["Hà Nội"]
    for again in _trips(doc):
        assert again == doc
        assert len(again.text) == len(SPLIT)
    check_document(doc, SPLIT)


def test_no_extra_key_for_ordinary_text(extractor: viextract.Extractor) -> None:
    assert SURROGATE_PAIRS not in extractor.extract("Ông An 😀 đến Hà Nội.").to_dict()


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["a", " ", "😀", "\ud83d", "\ude00", "\udc80", "ệ"]), max_size=12))
def test_any_str_round_trips_through_json(parts: list[str]) -> None:
    text = "".join(parts)
    doc = viextract.Document(text=text)
    for again in _trips(doc):
        assert again.text == text


def test_dumps_writes_utf8_that_reads_back() -> None:
    line = dumps({"id": "a\udc80", "text": "Hà Nội \ud800"})
    line.encode("utf-8")
    assert json.loads(line) == {"id": "a\udc80", "text": "Hà Nội \ud800"}


GOOD: dict[str, Any] = {
    "text": "Ông An đến Hà Nội.",
    "reference_date": "2015-11-21",
    "sentences": [[0, 18]],
    "tokens": [[0, 3], [4, 6], [7, 10], [11, 17], [17, 18]],
    "entities": [
        {"start": 4, "end": 6, "label": "PER", "text": "An", "normalized": "An"},
        {"start": 11, "end": 17, "label": "LOC", "text": "Hà Nội", "normalized": "Hà Nội"},
    ],
}


def _bad(path: str, value: Any) -> dict[str, Any]:
    data = copy.deepcopy(GOOD)
    *keys, last = path.split(".")
    node: Any = data
    for k in keys:
        node = node[int(k)] if k.isdigit() else node[k]
    if value is _DELETE:
        del node[last]
    else:
        node[int(last) if last.isdigit() else last] = value
    return data


_DELETE = object()

BAD = {
    "negative start": ("entities.0.start", -2),
    "end past the text": ("entities.1.end", 99),
    "end before start": ("entities.0.end", 3),
    "empty span": ("entities.0.end", 4),
    "overlapping entities": ("entities.1.start", 5),
    "entities out of order": ("entities", [GOOD["entities"][1], GOOD["entities"][0]]),
    "mismatched entity text": ("entities.0.text", "Ba"),
    "text of another document": ("text", "Bà Ba ở Huế, Việt Nam."),
    "unknown label": ("entities.0.label", "MISC"),
    "start as a string": ("entities.0.start", "4"),
    "start as a bool": ("entities.0.start", True),
    "no start": ("entities.0.start", _DELETE),
    "normalized not a string": ("entities.0.normalized", 5),
    "entities not a list": ("entities", {"a": 1}),
    "entity not a dict": ("entities.0", [4, 6]),
    "token past the text": ("tokens.4", [17, 19]),
    "overlapping tokens": ("tokens.1", [2, 6]),
    "token not a pair": ("tokens.1", [4]),
    "sentence with a float": ("sentences.0", [0, 18.0]),
    "no text": ("text", _DELETE),
    "text not a string": ("text", 42),
    "bad reference date": ("reference_date", "2015-13-01"),
    "date with an unknown field": ("entities.0.date", {"value": "2015", "grain": "year", "x": 1}),
    "date with a bad grain": ("entities.0.date", {"value": "2015", "grain": "eon"}),
    "date with a string year": ("entities.0.date", {"value": "2015", "grain": "year", "year": "1"}),
    "date not a dict": ("entities.0.date", "2015"),
    "bad surrogate pairs": (SURROGATE_PAIRS, [3]),
}


def test_good_data_is_accepted() -> None:
    doc = viextract.Document.from_dict(GOOD)
    assert [e.text for e in doc.entities] == ["An", "Hà Nội"]
    assert viextract.Document.from_dict({**GOOD, "id": "x", "path": "p"}) == doc


@pytest.mark.parametrize("case", list(BAD))
def test_inconsistent_data_is_a_document_error(case: str) -> None:
    path, value = BAD[case]
    with pytest.raises(DocumentError) as info:
        viextract.Document.from_dict(_bad(path, value))
    assert isinstance(info.value, InputError) and isinstance(info.value, ViextractError)
    assert isinstance(info.value, ValueError)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("data", [None, "text", ["text"], 42])
def test_not_a_dict_is_a_document_error(data: Any) -> None:
    with pytest.raises(DocumentError):
        viextract.Document.from_dict(data)


def test_deeply_nested_date_is_a_document_error() -> None:
    date: dict[str, Any] = {"value": "2015", "grain": "year"}
    for _ in range(5000):
        date = {"value": "2015", "grain": "year", "end": date}
    data = _bad("entities.0.date", date)
    with pytest.raises(DocumentError):
        viextract.Document.from_dict(data)


def test_every_date_field_is_checked_by_from_dict() -> None:
    import dataclasses

    from viextract.types import _DATE_FIELDS, DateValue

    assert {f.name for f in dataclasses.fields(DateValue)} == _DATE_FIELDS
