"""Entities as records and pandas DataFrames; the message when pandas is missing."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sys
from collections.abc import Iterator

import pytest

import viextract
from viextract import (
    DateValue,
    Document,
    Entity,
    InputError,
    Label,
    MissingDependencyError,
    Sentence,
    ViextractError,
)
from viextract.output.tables import RECORD_COLUMNS

TEXT = "Huế mưa. Ông Lê Văn Tám về Hà Nội ngày 19-11, rồi đi Đà Nẵng"


def sample() -> Document:
    date = DateValue(
        "2015-11-19",
        "day",
        2015,
        11,
        19,
        weekday=4,
        end=DateValue("2015-11-21", "day", 2015, 11, 21),
    )
    sentences = (Sentence(TEXT[:8], 0, 8), Sentence(TEXT[9:45], 9, 45))
    spans = [
        ("Huế", Label.LOC, "Huế", None),
        ("Lê Văn Tám", Label.PER, "Lê Văn Tám", None),
        ("Hà Nội", Label.LOC, "Hà Nội", None),
        ("ngày 19-11", Label.DATE, "2015-11-19", date),
        ("Đà Nẵng", Label.LOC, "Đà Nẵng", None),  # after the last sentence
    ]
    ents = []
    for surface, label, norm, d in spans:
        s = TEXT.index(surface)
        ents.append(Entity(surface, label, s, s + len(surface), norm, d, "test"))
    return Document(TEXT, sentences, (), tuple(ents), dt.date(2015, 11, 21))


def test_records_are_plain_and_complete() -> None:
    doc = sample()
    recs = doc.to_records()
    assert len(recs) == len(doc.entities)
    for rec, ent in zip(recs, doc.entities, strict=True):
        assert tuple(rec) == RECORD_COLUMNS
        assert type(rec["label"]) is str and rec["label"] == ent.label.value
        assert (rec["text"], rec["start"], rec["end"]) == (ent.text, ent.start, ent.end)
        assert rec["normalized"] == ent.normalized and rec["source"] == "test"
    assert json.loads(json.dumps(recs)) == recs


def test_record_sentence_index() -> None:
    assert [r["sentence"] for r in sample().to_records()] == [0, 1, 1, 1, None]


def test_record_date_fields() -> None:
    recs = sample().to_records()
    date_rec = recs[3]
    assert date_rec["date_value"] == "2015-11-19"
    assert date_rec["date_grain"] == "day"
    assert (date_rec["date_year"], date_rec["date_month"], date_rec["date_day"]) == (2015, 11, 19)
    assert date_rec["date_weekday"] == 4
    assert date_rec["date_end"] == "2015-11-21"
    assert date_rec["date_relative"] is False
    # Names carry no date fields; every DateValue field has a column.
    assert all(v is None for k, v in recs[0].items() if k.startswith("date_"))
    names = {f"date_{f.name}" for f in dataclasses.fields(DateValue)}
    assert names == {c for c in RECORD_COLUMNS if c.startswith("date_")}


def test_no_entities_no_records() -> None:
    assert Document("Trời mưa.").to_records() == []


def test_document_dataframe() -> None:
    pytest.importorskip("pandas")
    df = sample().to_dataframe()
    assert list(df.columns) == list(RECORD_COLUMNS)
    assert len(df) == 5
    assert df["label"].value_counts().to_dict() == {"LOC": 3, "PER": 1, "DATE": 1}
    assert str(df["start"].dtype) == "int64"
    assert str(df["sentence"].dtype) == "Int64" and df["sentence"].isna().tolist()[-1]
    assert str(df["date_year"].dtype) == "Int64"
    assert df.loc[3, "date_year"] == 2015
    assert df["date_year"].isna().sum() == 4
    assert str(df["date_relative"].dtype) == "boolean"
    for column in ("text", "label", "normalized", "canonical", "date_value", "date_grain"):
        assert str(df[column].dtype) == "string", column
    assert str(df["date_end"].dtype) == "string"
    assert df["date_value"].isna().sum() == 4


def test_empty_dataframe_keeps_columns() -> None:
    pytest.importorskip("pandas")
    df = Document("").to_dataframe()
    assert len(df) == 0 and list(df.columns) == list(RECORD_COLUMNS)
    many = viextract.to_dataframe([])
    assert len(many) == 0 and list(many.columns) == ["doc", *RECORD_COLUMNS]


def test_many_documents_with_ids() -> None:
    pytest.importorskip("pandas")
    docs = [sample(), Document("x"), sample()]
    df = viextract.to_dataframe(iter(docs), ids=["a", "b", "c"])
    assert list(df.columns) == ["doc", *RECORD_COLUMNS]
    assert df["doc"].value_counts().to_dict() == {"a": 5, "c": 5}
    by_position = viextract.to_dataframe(docs)
    assert sorted(set(by_position["doc"])) == [0, 2]


def test_many_documents_from_pipe(extractor: viextract.Extractor) -> None:
    pytest.importorskip("pandas")
    texts = ["Ông Nguyễn Văn An đến Hà Nội.", "Bà Lê Thị Hoa về Huế."]
    df = viextract.to_dataframe(extractor.pipe(texts), ids=["bai-1", "bai-2"])
    docs = list(extractor.pipe(texts))
    assert len(df) == sum(len(d.entities) for d in docs)
    for doc_id, doc in zip(["bai-1", "bai-2"], docs, strict=True):
        rows = df[df["doc"] == doc_id]
        assert list(rows["text"]) == [e.text for e in doc.entities]
        spans = zip(rows.start, rows.end, rows.text, strict=True)
        assert all(doc.text[s:e] == t for s, e, t in spans)


def test_ids_must_match_documents() -> None:
    pytest.importorskip("pandas")
    with pytest.raises(InputError, match="fewer ids"):
        viextract.to_dataframe([sample(), sample()], ids=["a"])
    with pytest.raises(InputError, match="more ids"):
        viextract.to_dataframe([sample()], ids=["a", "b"])


def test_bad_arguments_are_type_errors() -> None:
    pytest.importorskip("pandas")
    with pytest.raises(TypeError, match=r"doc\.to_dataframe"):
        viextract.to_dataframe(sample())  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="Document"):
        viextract.to_dataframe(["not a document"])  # type: ignore[list-item]


def test_missing_pandas_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # makes `import pandas` fail
    consumed = []

    def docs() -> Iterator[Document]:
        consumed.append(1)
        yield sample()

    for call in (sample().to_dataframe, lambda: viextract.to_dataframe(docs())):
        with pytest.raises(MissingDependencyError) as info:
            call()
        err = info.value
        assert isinstance(err, ImportError) and isinstance(err, ViextractError)
        assert "pip install 'viextract[pandas]'" in str(err)
        assert err.name == "pandas"
        assert isinstance(err.__cause__, ImportError)
    assert consumed == []  # failed before running the (possibly slow) extraction
    # Records need no pandas.
    assert len(sample().to_records()) == 5
