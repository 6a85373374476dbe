"""HTML rendering: structure, escaping of hostile input, displaCy layout, colors, legend."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

import viextract
from viextract import DateValue, Document, Entity, InputError, Label
from viextract.output.render import LABEL_COLORS, html_from_displacy, label_color, to_displacy

from . import render_cases as rc
from .htmltree import Node, parse

ALLOWED_TAGS = {"div", "span", "mark", "br"}
ALLOWED_ATTRS = {"class", "style", "title", "data-label", "data-start", "data-end"}
TAG_CLASSES = frozenset({"viextract-tag", "viextract-value"})
CASES = rc.cases()
DOC_CASES = [c for c in CASES if rc.is_document_case(c)]


def ids(cases: list[dict[str, Any]]) -> list[str]:
    return [c["name"] for c in cases]


def rendered(case: dict[str, Any]) -> str:
    if rc.is_document_case(case):
        return rc.as_document(case)._repr_html_()
    return html_from_displacy(rc.as_dict(case))


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_only_inert_markup_is_produced(case: dict[str, Any]) -> None:
    root = parse(rendered(case))
    for node in list(root.iter())[1:]:
        assert node.tag in ALLOWED_TAGS, node.tag
        assert set(node.attrs) <= ALLOWED_ATTRS, node.attrs
        # Styles are ours: nothing fetched, nothing computed.
        assert "url(" not in node.attrs.get("style", "")
        assert "expression(" not in node.attrs.get("style", "")
    raw = rendered(case).lower()
    for needle in ("<script", "<img", "<link", "<style", "<iframe", "<!--", "<!["):
        assert needle not in raw


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_text_round_trips_through_the_markup(case: dict[str, Any]) -> None:
    text_div = parse(rendered(case)).find("div", cls="viextract-text")
    assert text_div.text(skip_classes=TAG_CLASSES) == rc.rendered_text(case["text"])


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_every_entity_is_a_mark_with_label_and_value(case: dict[str, Any]) -> None:
    marks = parse(rendered(case)).find_all("mark", cls="viextract-ent")
    expected = rc.ents(case)
    assert len(marks) == len(expected)
    for mark, ent in zip(marks, expected, strict=True):
        assert mark.attrs["data-label"] == ent["label"]
        assert (int(mark.attrs["data-start"]), int(mark.attrs["data-end"])) == (
            ent["start"],
            ent["end"],
        )
        assert mark.text(skip_classes=TAG_CLASSES) == rc.rendered_text(ent["text"])
        assert mark.attrs["title"].startswith(rc.expected_title(ent))
        assert f"background:{label_color(ent['label'])}" in mark.attrs["style"]
        assert mark.find("span", cls="viextract-tag").text() == ent["label"]
        values = mark.find_all("span", cls="viextract-value")
        shown = rc.expected_value_tag(ent)
        assert [v.text() for v in values] == ([] if shown is None else [shown])


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_legend_counts_labels_present(case: dict[str, Any]) -> None:
    legend = parse(rendered(case)).find("div", cls="viextract-legend")
    counts: dict[str, int] = {}
    for e in case["ents"]:
        counts[e["label"]] = counts.get(e["label"], 0) + 1
    items = legend.find_all("span", cls="viextract-legend-item")
    assert {i.attrs["data-label"]: i.text() for i in items} == {
        lb: f"{lb} {n}" for lb, n in counts.items()
    }
    if not counts:
        assert legend.text() == "no entities"


@pytest.mark.parametrize("case", DOC_CASES, ids=ids(DOC_CASES))
def test_render_is_two_pure_steps(case: dict[str, Any]) -> None:
    doc = rc.as_document(case)
    data = to_displacy(doc)
    assert json.loads(json.dumps(data)) == data  # plain data
    assert viextract.render_html(doc) == doc._repr_html_() == html_from_displacy(data)
    assert viextract.render_html(doc) == viextract.render_html(doc)  # deterministic


def test_displacy_manual_layout() -> None:
    date = DateValue("2015-11-19", "day", 2015, 11, 19)
    text = "Huế, ngày 19-11"
    doc = Document(
        text,
        entities=(
            Entity("Huế", Label.LOC, 0, 3, "Huế"),
            Entity("ngày 19-11", Label.DATE, 5, 15, "2015-11-19", date, "dates"),
        ),
    )
    data = to_displacy(doc)
    assert data["text"] == text and data["title"] is None
    assert [(e["start"], e["end"], e["label"]) for e in data["ents"]] == [
        (0, 3, "LOC"),
        (5, 15, "DATE"),
    ]
    assert all(type(e["label"]) is str for e in data["ents"])
    assert data["ents"][1]["date"]["value"] == "2015-11-19"
    assert data["ents"][0]["normalized"] == "Huế"


def test_dict_ents_may_come_unsorted() -> None:
    data = {
        "text": "Huế và Hà Nội",
        "ents": [{"start": 7, "end": 13, "label": "LOC"}, {"start": 0, "end": 3, "label": "LOC"}],
    }
    marks = parse(html_from_displacy(data)).find_all("mark")
    assert [m.attrs["data-start"] for m in marks] == ["0", "7"]


def test_title_of_a_range_and_of_an_unresolved_date() -> None:
    rng = DateValue("2015-11-19", "day", end=DateValue("2015-11-21", "day"))
    partial = DateValue("XXXX-11-20", "day", month=11, day=20, relative=True, resolved=False)
    text = "từ 19 đến 21-11, hôm qua 20-11"
    doc = Document(
        text,
        entities=(
            Entity(text[:15], Label.DATE, 0, 15, rng.value, rng),
            Entity(text[17:], Label.DATE, 17, len(text), partial.value, partial),
        ),
    )
    marks = parse(doc._repr_html_()).find_all("mark")
    assert marks[0].attrs["title"] == "DATE: 2015-11-19 (grain day, until 2015-11-21)"
    assert marks[1].attrs["title"] == "DATE: XXXX-11-20 (grain day, unresolved)"


def test_one_distinct_color_per_label() -> None:
    colors = [label_color(lb.value) for lb in Label]
    assert len(set(colors)) == len(Label)
    assert set(LABEL_COLORS) == {lb.value for lb in Label}
    assert all(re.fullmatch(r"#[0-9a-f]{6}", c) for c in colors)
    # Unknown labels get a stable colour from a fixed palette (never markup).
    assert label_color("EVENT") == label_color("EVENT")
    assert re.fullmatch(r"#[0-9a-f]{6}", label_color("<x>\"'"))


def test_title_is_rendered_escaped() -> None:
    out = html_from_displacy({"text": "a", "ents": [], "title": "<b>Bài</b>\nhai"})
    title = parse(out).find("div", cls="viextract-title")
    assert title.text() == "<b>Bài</b>\nhai"


@pytest.mark.parametrize("case", rc.malformed(), ids=ids(rc.malformed()))
def test_malformed_dicts_are_input_errors(case: dict[str, Any]) -> None:
    with pytest.raises(InputError, match=case["error"]):
        html_from_displacy(case["data"])


def test_real_document_renders(extractor: viextract.Extractor) -> None:
    text = "Ông Nguyễn Văn An đến Hà Nội <ngày 20-11>.\nBà Lê Thị Hoa ở Huế & Đà Nẵng."
    doc = extractor.extract(text)
    root = parse(doc._repr_html_())
    assert root.find("div", cls="viextract-text").text(TAG_CLASSES) == text
    marks = root.find_all("mark", cls="viextract-ent")
    assert [(m.attrs["data-label"], m.text(TAG_CLASSES)) for m in marks] == [
        (e.label.value, e.text) for e in doc.entities
    ]


def _walk_classes(node: Node) -> set[str]:
    return {c for n in node.iter() for c in n.attrs.get("class", "").split()}


def test_empty_document() -> None:
    root = parse(Document("")._repr_html_())
    assert "viextract-doc" in _walk_classes(root)
    assert root.find("div", cls="viextract-text").text() == ""


def test_a_dates_modifier_shows_in_its_tag_and_tooltip() -> None:
    import viextract

    doc = viextract.extract("Cuối tháng 10, đầu năm 2024 và giữa tháng 3.", "2024-09-10")
    html = viextract.render_html(doc)
    assert "end 2023-10" in html and "start 2024" in html and "middle 2024-03" in html
    assert "DATE: 2024 (start of it" in html
