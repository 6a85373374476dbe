"""The public API: exported names, types, JSON round trip, input checks."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

import viextract
from viextract import ConfigError, DateValue, Document, Entity, Label, ViextractError


def test_exported_names() -> None:
    assert sorted(viextract.__all__) == sorted(
        [
            "ConfigError",
            "DateRecognizer",
            "DateValue",
            "Document",
            "Entity",
            "EntityModel",
            "Extractor",
            "InputError",
            "Label",
            "MissingDependencyError",
            "Mention",
            "ModelError",
            "NameList",
            "Recognizer",
            "Sentence",
            "Token",
            "ViextractError",
            "__version__",
            "extract",
            "render_html",
            "to_dataframe",
        ]
    )
    for name in viextract.__all__:
        assert getattr(viextract, name) is not None


def test_label_is_a_str_enum() -> None:
    assert Label.PER == "PER"
    assert str(Label.DATE) == "DATE"
    assert Label("LOC") is Label.LOC


def test_results_are_frozen(extractor: viextract.Extractor) -> None:
    doc = extractor.extract("Ông Nguyễn Văn An đến Hà Nội.")
    with pytest.raises(dataclasses.FrozenInstanceError):
        doc.text = "x"  # type: ignore[misc]
    assert isinstance(doc.entities, tuple) and isinstance(doc.tokens, tuple)


def test_tokens_are_words(extractor: viextract.Extractor) -> None:
    doc = extractor.extract("Ngoại trưởng Nga nói chuyện với báo chí.")
    assert "Ngoại trưởng" in [t.text for t in doc.tokens]
    assert "nói chuyện" in [t.text for t in doc.tokens]


def test_sentences(extractor: viextract.Extractor) -> None:
    doc = extractor.extract("Trời mưa. Ông Ba về nhà lúc 5 giờ.\nDòng mới không dấu chấm")
    assert [s.text for s in doc.sentences] == [
        "Trời mưa.",
        "Ông Ba về nhà lúc 5 giờ.",
        "Dòng mới không dấu chấm",
    ]


def test_json_round_trip() -> None:
    date = DateValue(
        "2015-11-19",
        "day",
        2015,
        11,
        19,
        weekday=4,
        weekday_agrees=True,
        end=DateValue("2015-11-21", "day", 2015, 11, 21),
    )
    text = "ngày thứ năm 19-11 Hà Nội"
    doc = Document(
        text=text,
        entities=(
            Entity("ngày thứ năm 19-11", Label.DATE, 0, 18, "2015-11-19", date, "dates"),
            Entity("Hà Nội", Label.LOC, 19, 25, "Hà Nội"),
        ),
        reference_date=dt.date(2015, 11, 21),
    )
    again = Document.from_dict(json.loads(json.dumps(doc.to_dict(), ensure_ascii=False)))
    assert again == doc


def test_real_document_round_trip(extractor: viextract.Extractor) -> None:
    doc = extractor.extract(
        "Hôm qua 20-11, Ngoại trưởng Mỹ John Kerry đến Doha, Qatar.",
        reference_date=dt.date(2015, 11, 21),
    )
    assert Document.from_dict(json.loads(json.dumps(doc.to_dict()))) == doc


@pytest.mark.parametrize("bad", [b"bytes", None, 42, ["list"]])
def test_non_str_input_is_a_type_error(extractor: viextract.Extractor, bad: object) -> None:
    with pytest.raises(TypeError, match="str"):
        extractor.extract(bad)  # type: ignore[arg-type]


def test_bytes_message_says_decode(extractor: viextract.Extractor) -> None:
    with pytest.raises(TypeError, match="decode"):
        extractor.extract(b"abc")  # type: ignore[arg-type]


def test_bad_prefer_and_reference(extractor: viextract.Extractor) -> None:
    with pytest.raises(ConfigError):
        extractor.extract("hôm qua", prefer="sometimes")  # type: ignore[arg-type]
    with pytest.raises(ViextractError):
        extractor.extract("hôm qua", prefer="sometimes")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="reference_date"):
        extractor.extract("hôm qua", reference_date="yesterday")  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["", "   ", "\n\t\n"])
def test_empty_text_gives_empty_document(extractor: viextract.Extractor, text: str) -> None:
    doc = extractor.extract(text)
    assert doc.text == text
    assert doc.entities == doc.tokens == doc.sentences == ()


def test_pipe_is_lazy_and_ordered(extractor: viextract.Extractor) -> None:
    texts = ["Hà Nội mưa.", "Huế nắng.", ""]
    it = extractor.pipe(iter(texts))
    assert not isinstance(it, list)
    assert [d.text for d in it] == texts


def test_pipe_per_text_reference_dates(extractor: viextract.Extractor) -> None:
    refs = [dt.date(2015, 1, 2), None]
    docs = list(extractor.pipe(["a", "b"], reference_date=refs))
    assert [d.reference_date for d in docs] == refs
    with pytest.raises(ConfigError):
        list(extractor.pipe(["a", "b"], reference_date=[None]))


def test_package_docstring_example_runs() -> None:
    import doctest

    result = doctest.testmod(viextract, verbose=False)
    assert result.attempted > 0 and result.failed == 0
