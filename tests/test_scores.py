"""Confidence scores: the entity model's come from CRF marginals; min_score filters."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import viextract
from viextract import ConfigError, Label, NameList
from viextract.ner.model import UNSCORED, span_score
from viextract.ner.spans import Span

TEXT = (
    "Ông Nguyễn Văn An, giám đốc công ty Sao Mai, đến Hà Nội hôm qua 20-11. "
    "Chị Lan và anh Kha gặp ông An ở quán Bờ Hồ."
)


@pytest.fixture(scope="module")
def doc() -> viextract.Document:
    return viextract.extract(TEXT, "2015-11-21")


def test_scores_are_probabilities(doc: viextract.Document) -> None:
    names = [e for e in doc.entities if e.label != Label.DATE]
    assert names
    assert all(0.0 <= e.score <= 1.0 for e in doc.entities)
    assert any(e.score < 1.0 for e in names)  # model scores are probabilities, not flags
    assert all(e.score == 1.0 for e in doc.entities if e.label == Label.DATE)


def test_user_names_score_one() -> None:
    ex = viextract.Extractor([*viextract.DEFAULT, NameList({"Sao Mai": "ORG"})])
    got = [e.score for e in ex.extract(TEXT).entities if e.source == "names"]
    assert got == [1.0]


def test_min_score_keeps_the_sure_ones(doc: viextract.Document) -> None:
    cut = sorted(e.score for e in doc.entities if e.label != Label.DATE)[1]
    strict = viextract.Extractor(min_score=cut).extract(TEXT, "2015-11-21")
    assert {(e.start, e.end) for e in strict.entities} == {
        (e.start, e.end) for e in doc.entities if e.score >= cut
    }
    assert len(strict.entities) < len(doc.entities)


@pytest.mark.parametrize("bad", [-0.1, 1.5, "0.5", True, None])
def test_bad_min_score(bad: object) -> None:
    with pytest.raises(ConfigError, match="min_score"):
        viextract.Extractor(min_score=bad)  # type: ignore[arg-type]


def test_score_in_outputs(doc: viextract.Document) -> None:
    e = next(x for x in doc.entities if x.score < 1.0)
    assert e.to_dict()["score"] == e.score
    assert "score" not in next(x for x in doc.entities if x.label == Label.DATE).to_dict()
    assert viextract.Document.from_dict(doc.to_dict()) == doc
    assert {r["score"] for r in doc.to_records()} == {x.score for x in doc.entities}
    assert f"(score {e.score:.2f})" in viextract.render_html(doc)


def test_cli_min_score() -> None:
    def run(*args: str) -> list[dict[str, object]]:
        r = subprocess.run(
            [sys.executable, "-m", "viextract", "extract", "-", "--format", "jsonl", *args],
            input=TEXT.encode(),
            capture_output=True,
            timeout=120,
        )
        assert r.returncode == 0, r.stderr
        ents: list[dict[str, object]] = json.loads(r.stdout)["entities"]
        return ents

    every = run()
    sure = run("--min-score", "0.999")
    assert 0 < len(sure) < len(every)
    assert all(float(e.get("score", 1.0)) >= 0.999 for e in sure)  # type: ignore[arg-type]


P = {"O": 0.1, "B-PER": 0.6, "I-PER": 0.0, "B-LOC": 0.3, "I-LOC": 0.0}
Q = {"O": 0.2, "B-PER": 0.0, "I-PER": 0.5, "B-LOC": 0.0, "I-LOC": 0.3}


@pytest.mark.parametrize(
    ("span", "own", "expected"),
    [
        (Span(0, 0, 2, Label.PER), True, 0.5),  # min(B-PER 0.6, I-PER 0.5)
        (Span(0, 0, 1, Label.LOC), True, 0.3),
        (Span(0, 0, 2, Label.LOC), False, 0.8),  # retyped by a rule: any type, min(0.9, 0.8)
        (Span(0, 1, 3, Label.PER), True, UNSCORED),  # no probabilities at syllable 2
    ],
)
def test_span_score(span: Span, own: bool, expected: float) -> None:
    probs: list[list[dict[str, float] | None]] = [[P, Q, None]]
    tagged = {(span.sentence, span.start, span.end, span.label)} if own else set()
    assert span_score(span, probs, tagged) == pytest.approx(expected)
