"""The overlap policy's ranking, one rule at a time (see viextract.merge)."""

from __future__ import annotations

import pytest

from viextract.merge import resolve_overlaps
from viextract.recognizer import Mention
from viextract.types import Label

PER, LOC, ORG, DATE = Label.PER, Label.LOC, Label.ORG, Label.DATE


def m(a: int, b: int, label: Label | None, source: str = "model", **kw: object) -> Mention:
    return Mention(a, b, label, source, **kw)  # type: ignore[arg-type]


CASES = [
    ("longer wins", [m(0, 5, PER), m(0, 9, ORG)], [m(0, 9, ORG)]),
    ("date wins at equal length", [m(0, 5, LOC), m(0, 5, DATE, "dates")], [m(0, 5, DATE, "dates")]),
    (
        "score breaks ties",
        [m(0, 5, LOC, score=0.4), m(2, 7, PER, score=0.9)],
        [m(2, 7, PER, score=0.9)],
    ),
    ("earlier start last", [m(0, 5, LOC), m(2, 7, PER)], [m(0, 5, LOC)]),
    (
        "priority beats length",
        [m(0, 9, ORG), m(3, 6, PER, "names", priority=1)],
        [m(3, 6, PER, "names", priority=1)],
    ),
    ("no overlap, all kept", [m(0, 3, PER), m(3, 6, LOC)], [m(0, 3, PER), m(3, 6, LOC)]),
    ("empty dropped", [m(4, 4, PER)], []),
    ("block removes what lies inside", [m(0, 8, None, "names"), m(2, 5, PER)], []),
    ("block equal span", [m(2, 5, None, "names"), m(2, 5, PER)], []),
    ("block leaves a longer mention", [m(2, 5, None, "names"), m(0, 9, ORG)], [m(0, 9, ORG)]),
    (
        "block leaves its own source",
        [m(0, 8, None, "names"), m(2, 5, ORG, "names")],
        [m(2, 5, ORG, "names")],
    ),
    ("block never output", [m(0, 8, None, "names")], []),
]


@pytest.mark.parametrize(("name", "given", "kept"), CASES, ids=[c[0] for c in CASES])
def test_ranking(name: str, given: list[Mention], kept: list[Mention]) -> None:
    assert resolve_overlaps(given) == kept
    assert resolve_overlaps(reversed(given)) == kept
