"""A user's own names (NameList), the recognizer protocol and the --names option."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

import viextract
from viextract import ConfigError, InputError, Label, Mention, NameList
from viextract.recognizer import Context, Resolved
from viextract.segment import Segmented

CASES = [
    json.loads(line)
    for line in (Path(__file__).parent / "corpus" / "names_cases.jsonl")
    .read_text(encoding="utf-8")
    .splitlines()
    if line.strip()
]
TEXT = "Ông Nguyễn Văn An lái xe VinFast từ Hà Nội về Đà Nẵng hôm qua 20-11."
REF = "2015-11-21"


@pytest.fixture(scope="module")
def default() -> viextract.Extractor:
    return viextract.Extractor()


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_name_list_cases(case: dict[str, Any]) -> None:
    names = NameList(case["names"], ignore_case=case.get("ignore_case", False))
    doc = viextract.Extractor([names]).extract(case["text"])
    assert [[e.text, e.label.value] for e in doc.entities] == case["expect"]
    for e in doc.entities:
        assert doc.text[e.start : e.end] == e.text
        assert e.source == "names"
        assert e.normalized == " ".join(e.text.split()) or e.text != e.normalized


def test_user_names_keep_every_default_entity(default: viextract.Extractor) -> None:
    base = default.extract(TEXT, REF)
    names = NameList({"VinFast": "ORG", "Đà Nẵng": "LOC"})
    mine = viextract.Extractor([*viextract.DEFAULT, names]).extract(TEXT, REF)
    listed = [(e.start, e.end) for e in mine.entities if e.source == "names"]
    assert [mine.text[a:b] for a, b in listed] == ["VinFast", "Đà Nẵng"]
    for e in base.entities:
        if not any(a < e.end and e.start < b for a, b in listed):
            assert e in mine.entities
    assert any(e.label == Label.DATE for e in mine.entities)
    assert any(e.label == Label.PER for e in mine.entities)


def test_user_names_win_over_the_model(default: viextract.Extractor) -> None:
    base = default.extract(TEXT)
    assert ("Hà Nội", Label.LOC) in [(e.text, e.label) for e in base.entities]
    ex = viextract.Extractor([*viextract.DEFAULT, NameList({"Hà Nội": "ORG"})])
    got = [(e.text, e.label, e.source) for e in ex.extract(TEXT).entities if e.text == "Hà Nội"]
    assert got == [("Hà Nội", Label.ORG, "names")]


def test_never_an_entity_removes_the_models_mention(default: viextract.Extractor) -> None:
    base = default.extract(TEXT)
    person = next(e for e in base.entities if e.label == Label.PER)
    ex = viextract.Extractor([*viextract.DEFAULT, NameList({person.text: None})])
    doc = ex.extract(TEXT)
    assert all(e.label != Label.PER for e in doc.entities)
    assert len(doc.entities) == len(base.entities) - 1


def test_name_list_from_tsv_and_jsonl(tmp_path: Path) -> None:
    tsv = tmp_path / "names.tsv"
    tsv.write_text("# my names\nVinFast\tORG\n\nDogecoin\t-\n", encoding="utf-8")
    jsonl = tmp_path / "names.jsonl"
    jsonl.write_text('{"name": "VinFast", "label": "ORG"}\n{"name": "Dogecoin", "label": null}\n')
    text = "VinFast nhận Dogecoin."
    for path in (tsv, jsonl):
        names = NameList.from_file(path, name="mine")
        assert len(names) == 2
        doc = viextract.Extractor([names]).extract(text)
        assert [(e.text, e.label, e.source) for e in doc.entities] == [
            ("VinFast", Label.ORG, "mine")
        ]


@pytest.mark.parametrize(
    ("suffix", "content", "message"),
    [
        (".tsv", "VinFast\tBRAND\n", r"names\.tsv:1: label 'BRAND'"),
        (".tsv", "VinFast ORG\n", r"names\.tsv:1: expected a name, a tab and a label"),
        (".tsv", "Hôm nay\tDATE\n", r"names\.tsv:1: label 'DATE'"),
        (".jsonl", '{"name": "A"}\n[1]\n', r"names\.jsonl:2: expected"),
        (".jsonl", "{oops\n", r"names\.jsonl:1: not a JSON object"),
    ],
)
def test_bad_name_files_say_where(tmp_path: Path, suffix: str, content: str, message: str) -> None:
    path = tmp_path / f"names{suffix}"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        NameList.from_file(path)


def test_missing_name_file() -> None:
    with pytest.raises(InputError, match="cannot read the name list"):
        NameList.from_file("/nonexistent/names.tsv")


@pytest.mark.parametrize("names", [{"": "ORG"}, {"  ": "PER"}, {"A": "DATE"}, {"A": "org"}])
def test_bad_names_rejected(names: dict[str, str]) -> None:
    with pytest.raises(ConfigError):
        NameList(names)


@pytest.mark.parametrize(
    ("recognizers", "message"),
    [
        ("dates", "must be a list of recognizers"),
        ([object()], "is not a recognizer"),
        ([NameList({"A": "ORG"}), NameList({"B": "ORG"})], "share a name"),
    ],
)
def test_bad_recognizers_rejected(recognizers: Any, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        viextract.Extractor(recognizers)


class Tickers:
    """A user's recognizer with its own resolve hook: three capitals are a listed company."""

    name = "tickers"

    def __call__(self, seg: Segmented) -> Sequence[Mention]:
        import re

        return [
            Mention(m.start(), m.end(), Label.ORG, self.name, value=m.group().lower())
            for m in re.finditer(r"\b[A-Z]{3}\b", seg.text)
        ]

    def resolve(self, mention: Mention, context: Context) -> Sequence[Resolved]:
        assert isinstance(mention.value, str)
        return [Resolved(mention.start, mention.end, f"HOSE:{mention.value.upper()}")]


def test_a_recognizer_resolves_its_own_mentions() -> None:
    text = "Cổ phiếu VNM tăng, FPTS giảm."
    doc = viextract.Extractor([Tickers()]).extract(text)
    assert [(e.text, e.normalized, e.source) for e in doc.entities] == [
        ("VNM", "HOSE:VNM", "tickers")
    ]


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "viextract", *args], capture_output=True, text=True, timeout=300
    )


def test_cli_extract_with_names(tmp_path: Path) -> None:
    names = tmp_path / "names.tsv"
    names.write_text("VinFast\tORG\n", encoding="utf-8")
    text = tmp_path / "a.txt"
    text.write_text(TEXT, encoding="utf-8")
    r = _cli("extract", str(text), "--names", str(names), "--format", "json")
    assert r.returncode == 0, r.stderr
    ents = json.loads(r.stdout)["entities"]
    assert {"text": "VinFast", "label": "ORG", "source": "names"}.items() <= next(
        e for e in ents if e["text"] == "VinFast"
    ).items()
    assert any(e["label"] == "PER" for e in ents)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_cli_annotate_with_names(tmp_path: Path, jobs: str) -> None:
    names = tmp_path / "names.jsonl"
    names.write_text('{"name": "VinFast", "label": "ORG"}\n', encoding="utf-8")
    src = tmp_path / "in"
    src.mkdir()
    for i in range(3):
        (src / f"{i}.txt").write_text(TEXT, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    r = _cli("annotate", str(src), "-o", str(out), "--names", str(names), "--jobs", jobs, "--quiet")
    assert r.returncode == 0, r.stderr
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 3
    for rec in records:
        assert [e["source"] for e in rec["entities"] if e["label"] == "ORG"] == ["names"]


def test_cli_bad_name_file_is_one_line(tmp_path: Path) -> None:
    names = tmp_path / "names.tsv"
    names.write_text("VinFast\tBRAND\n", encoding="utf-8")
    text = tmp_path / "a.txt"
    text.write_text(TEXT, encoding="utf-8")
    for args in (
        ("extract", str(text)),
        ("annotate", str(text), "-o", str(tmp_path / "o.jsonl")),
    ):
        r = _cli(*args, "--names", str(names))
        assert r.returncode != 0
        assert r.stderr.count("\n") == 1 and "names.tsv:1: label 'BRAND'" in r.stderr
        assert "Traceback" not in r.stderr
