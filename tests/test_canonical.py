"""Canonical names: one name per referent (viextract.canonical), cases kept as data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import viextract
from viextract import Label
from viextract.canonical import link

CASES = [
    json.loads(line)
    for line in (Path(__file__).parent / "corpus" / "canonical_cases.jsonl")
    .read_text(encoding="utf-8")
    .splitlines()
    if line.strip()
]
SEED = Path(__file__).parent.parent / "seeds" / "000_3ce9499940f268d4.txt"


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_link_cases(case: dict[str, Any]) -> None:
    mentions = [(text, Label(label)) for text, label in case["mentions"]]
    assert link(mentions) == case["canonical"]


def test_link_does_not_depend_on_order() -> None:
    for case in CASES:
        mentions = [(text, Label(label)) for text, label in case["mentions"]]
        got = dict(zip(mentions, link(mentions), strict=True))
        back = dict(zip(mentions[::-1], link(mentions[::-1]), strict=True))
        assert got == back


def test_seed_article_links_its_people() -> None:
    doc = viextract.extract(SEED.read_text(encoding="utf-8"), "2015-11-21")
    people = {(e.text, e.canonical) for e in doc.entities if e.label == Label.PER}
    assert ("Ryder", "Patrick Ryder") in people
    assert ("Assad", "Bashar al-Assad") in people
    assert ("Sergey Lavrov", "Sergey Lavrov") in people
    for e in doc.entities:
        if e.label == Label.DATE:
            assert e.canonical == e.normalized


def test_canonical_in_every_output() -> None:
    doc = viextract.extract("Ông Nguyễn Văn An về TP.HCM. Ông An nói.")
    an = [e for e in doc.entities if e.text == "An"]
    assert an and an[0].canonical == "Nguyễn Văn An"
    assert an[0].to_dict()["canonical"] == "Nguyễn Văn An"
    assert viextract.Document.from_dict(doc.to_dict()) == doc
    records = {r["text"]: r["canonical"] for r in doc.to_records()}
    assert records["An"] == "Nguyễn Văn An"
    assert records["TP.HCM"] == "Thành phố Hồ Chí Minh"
    assert "Nguyễn Văn An = Nguyễn Văn An" not in viextract.render_html(doc)
    assert "PER: An = Nguyễn Văn An" in viextract.render_html(doc)
