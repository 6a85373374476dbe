"""viextract inside spaCy: the "viextract" factory and to_spacy."""

from __future__ import annotations

import datetime as dt

import pytest

import viextract
from viextract import Label
from viextract.spacy_component import to_spacy

spacy = pytest.importorskip("spacy", reason="spaCy is not installed: pip install '.[spacy]'")

TEXT = "Ông Nguyễn Văn An đến Hà Nội hôm qua 20-11. Ông An nói.\nBà Lê Thị Hoa  ở TP.HCM."


@pytest.fixture(scope="module")
def nlp() -> object:
    nlp = spacy.blank("xx")
    nlp.add_pipe("viextract", config={"reference_date": "2015-11-21"})
    return nlp


def test_every_entity_in_doc_ents(nlp: object) -> None:
    doc = nlp(TEXT)  # type: ignore[operator]
    ours = viextract.extract(TEXT, "2015-11-21")
    assert [(e.start_char, e.end_char, e.label_) for e in doc.ents] == [
        (e.start, e.end, e.label.value) for e in ours.entities
    ]
    assert doc.text == TEXT
    for span, e in zip(doc.ents, ours.entities, strict=True):
        assert span._.normalized == e.normalized
        assert span._.canonical == e.canonical
        assert span._.source == e.source
        assert span._.date == e.date
    an = [s for s in doc.ents if s.text == "An"]
    assert an and an[0]._.canonical == "Nguyễn Văn An"
    sentences = [s.text.strip() for s in doc.sents]
    assert sentences[:2] == [
        "Ông Nguyễn Văn An đến Hà Nội hôm qua 20-11.",
        "Ông An nói.",
    ]


def test_tokens_are_split_where_an_entity_ends_inside_one(nlp: object) -> None:
    # spaCy's blank tokenizer keeps "TP.HCM." as one token or cuts the dot differently; the
    # entity must still come out with its exact characters
    text = "Họ về TP.HCM.Rồi đi Hà Nội."
    doc = nlp(text)  # type: ignore[operator]
    ours = viextract.extract(text)
    assert [(e.start_char, e.end_char) for e in doc.ents] == [
        (e.start, e.end) for e in ours.entities
    ]
    assert doc.text == text


def test_reference_date_per_call(nlp: object) -> None:
    cfg = {"viextract": {"reference_date": dt.date(2020, 1, 10)}}
    doc = nlp("Hôm qua trời mưa.", component_cfg=cfg)  # type: ignore[operator]
    assert [(e.text, e._.normalized) for e in doc.ents] == [("Hôm qua", "2020-01-09")]
    made = nlp.make_doc("Hôm qua trời mưa.")  # type: ignore[attr-defined]
    made._.reference_date = "2019-05-02"
    for _, proc in nlp.pipeline:  # type: ignore[attr-defined]
        made = proc(made)
    assert [e._.normalized for e in made.ents] == ["2019-05-01"]


def test_names_in_the_config(tmp_path: object) -> None:
    from pathlib import Path

    names = Path(str(tmp_path)) / "names.tsv"
    names.write_text("VinFast\tORG\n", encoding="utf-8")
    nlp = spacy.blank("xx")
    nlp.add_pipe("viextract", config={"names": str(names)})
    doc = nlp("Xe VinFast chạy ở Hà Nội.")
    assert ("VinFast", "ORG", "names") in [(e.text, e.label_, e._.source) for e in doc.ents]


def test_to_spacy_keeps_the_text_and_uses_our_words() -> None:
    document = viextract.extract(TEXT, "2015-11-21")
    doc = to_spacy(document, spacy.blank("xx").vocab)
    assert doc.text == TEXT
    assert [t.text for t in doc if not t.is_space][:3] == ["Ông", "Nguyễn Văn An", "đến"]
    assert [(e.start_char, e.end_char, e.label_) for e in doc.ents] == [
        (e.start, e.end, e.label.value) for e in document.entities
    ]
    assert any(e.label_ == Label.DATE.value for e in doc.ents)


def test_displacy_renders(nlp: object) -> None:
    from spacy import displacy

    html = displacy.render(nlp(TEXT), style="ent")  # type: ignore[operator]
    assert "Nguyễn Văn An" in html and "PER" in html


def test_to_spacy_when_an_entity_splits_a_word() -> None:
    names = viextract.NameList({"Văn": "ORG"})
    ex = viextract.Extractor([*viextract.DEFAULT, names])
    for text in ("Ông Nguyễn Văn An đến.", "  Ông  An\t đến  Hà Nội  \n\n Bà Lan. "):
        document = ex.extract(text)
        doc = to_spacy(document, spacy.blank("xx").vocab)
        assert doc.text == text
        assert all(t.text == t.text.strip() or t.is_space for t in doc)
        assert [(e.start_char, e.end_char) for e in doc.ents] == [
            (e.start, e.end) for e in document.entities
        ]


def test_a_parsed_doc_keeps_its_sentences() -> None:
    from spacy.tokens import Doc

    nlp = spacy.blank("xx")
    component = nlp.add_pipe("viextract")
    words = ["Ông", "An", "đến", "Hà", "Nội", "."]
    doc = Doc(
        nlp.vocab,
        words=words,
        spaces=[True, True, True, True, False, False],
        heads=[1, 1, 1, 4, 2, 1],
        deps=["nsubj", "ROOT", "dep", "dep", "obj", "punct"],
    )
    doc = component(doc)
    assert ("Hà Nội", "LOC") in [(e.text, e.label_) for e in doc.ents]


@pytest.mark.parametrize("config", [{"prefer": "sometimes"}, {"date_spans": "words"}])
def test_bad_config_fails_when_the_pipe_is_added(config: dict[str, str]) -> None:
    with pytest.raises(Exception, match="must be one of"):
        spacy.blank("xx").add_pipe("viextract", config=config)
