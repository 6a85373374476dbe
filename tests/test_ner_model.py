"""viextract's default entity model, through the public API, on sentences written for the
project (tests/corpus/ner_cases.tsv) and on the seed article."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

import viextract
from viextract import Label, ModelError
from viextract.ner.model import EntityModel
from viextract.ner.spans import DocumentFeatures
from viextract.ner.underthesea import UndertheseaNER

from .conftest import ROOT, SEED, assert_spans_exact

CASES = ROOT / "tests" / "corpus" / "ner_cases.tsv"


def _cases() -> list[tuple[str, list[tuple[str, str]] | None]]:
    out: list[tuple[str, list[tuple[str, str]] | None]] = []
    for line in CASES.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        text, expected = line.split("\t")
        if expected.strip() == "-":
            out.append((text, None))
        else:
            pairs = [item.strip().split(":", 1) for item in expected.split(" | ")]
            out.append((text, [(lab, name) for lab, name in pairs]))
    return out


@pytest.mark.parametrize(("text", "expected"), _cases())
def test_entity_cases(
    extractor: viextract.Extractor, text: str, expected: list[tuple[str, str]] | None
) -> None:
    doc = extractor.extract(text)
    assert_spans_exact(doc)
    found = [(str(e.label), e.text) for e in doc.entities if e.label != Label.DATE]
    if expected is None:
        assert found == []
    else:
        missing = Counter(expected) - Counter(found)
        assert not missing, (missing, found)


def test_default_model_is_viextract(extractor: viextract.Extractor) -> None:
    doc = extractor.extract("Ông Nguyễn Văn An đến Hà Nội.")
    assert {e.source for e in doc.entities if e.label != Label.DATE} == {"viextract"}


def test_seed_article(extractor: viextract.Extractor) -> None:
    doc = extractor.extract(SEED.read_text(encoding="utf-8"))
    assert_spans_exact(doc)
    by_label: dict[str, set[str]] = {}
    for e in doc.entities:
        by_label.setdefault(str(e.label), set()).add(e.text)
    people = {"Sergey Lavrov", "John Kerry", "Patrick Ryder", "Ryder", "Bashar al-Assad", "Assad"}
    places = {"Nga", "Mỹ", "Doha", "Qatar", "Phần Lan", "Paris", "Ai Cập", "Iran", "Iraq", "Syria"}
    places |= {"Raqqa", "Deir-ez-Zor", "Sinai"}
    assert people <= by_label.get("PER", set())
    assert places <= by_label.get("LOC", set())
    assert {"Reuters", "IS"} <= by_label.get("ORG", set())
    # names of one kind are never given another label anywhere in the article
    assert not people & (by_label.get("LOC", set()) | by_label.get("ORG", set()))
    assert not places & (by_label.get("PER", set()) | by_label.get("ORG", set()))


def _copy_model(tmp_path: Path) -> Path:
    src = resources.files("viextract.data").joinpath("models/ner")
    with resources.as_file(src) as path:
        shutil.copytree(path, tmp_path / "ner")
    return tmp_path / "ner"


def test_missing_model_file_names_it(tmp_path: Path) -> None:
    model = _copy_model(tmp_path)
    victim = next(model.glob("*.crf"))
    victim.unlink()
    with pytest.raises(ModelError, match=re.escape(victim.name)):
        EntityModel(model)


def test_corrupt_model_file_names_it(tmp_path: Path) -> None:
    model = _copy_model(tmp_path)
    victim = next(model.glob("*.crf"))
    victim.write_bytes(b"lCRF" + b"\x00" * 20)
    with pytest.raises(ModelError, match=re.escape(victim.name)):
        EntityModel(model)


def test_corrupt_description_names_it(tmp_path: Path) -> None:
    model = _copy_model(tmp_path)
    (model / "model.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ModelError, match=r"model\.json"):
        EntityModel(model)


def test_underthesea_baseline_still_available() -> None:
    ex = viextract.Extractor([UndertheseaNER(), viextract.DateRecognizer()])
    doc = ex.extract("Ông Nguyễn Văn An đến Hà Nội.")
    assert {e.source for e in doc.entities if e.label != Label.DATE} <= {"underthesea"}


def test_name_regions_cover_capitalised_and_digit_syllables() -> None:
    from viextract.ner.features import name_regions

    sent = [
        "hôm",
        "nay",
        "trời",
        "mưa",
        "to",
        "và",
        "gió",
        "lớn",
        "ở",
        "khắp",
        "nơi",
        "trong",
        "cả",
        "nước",
        ",",
        "ông",
        "Ba",
        "về",
        "quê",
    ]
    ba = sent.index("Ba")
    assert name_regions(sent, 4) == [(ba - 4, len(sent))]
    assert name_regions(sent, 1) == [(ba - 1, ba + 2)]
    assert name_regions(["trời", "mưa", "to", "quá"], 4) == []
    assert name_regions(["năm", "2015", "trời", "mưa"], 1) == [(0, 3)]
    assert name_regions(["A", "b", "c", "d", "e", "F"], 1) == [(0, 2), (4, 6)]
    assert name_regions(["A", "b", "c", "F"], 1) == [(0, 4)]


def _two_stage_model(tmp_path: Path) -> EntityModel:
    """The packaged (one-stage) model with its CRF as a second stage too: a two-stage model
    that finds names, as ``viextract-train`` writes by default."""
    import json

    from viextract.ner.features import TEMPLATES
    from viextract.ner.model import META_FILE, write_metadata

    base = resources.files("viextract.data").joinpath("models/ner")
    meta = json.loads(base.joinpath(META_FILE).read_text(encoding="utf-8"))
    for name in ("ner1.crf", meta["names"]):
        (tmp_path / name).write_bytes(base.joinpath(name).read_bytes())
    write_metadata(tmp_path, stages=[("ner1.crf", TEMPLATES)] * 2, names=meta["names"])
    return EntityModel(tmp_path)


def test_second_stage_reads_only_pieces_with_names(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from viextract.ner.features import WORD
    from viextract.segment import Segmenter
    from viextract.text import align

    rec = _two_stage_model(tmp_path)
    seen: list[list[str]] = []
    stage2 = rec._stages[1]
    tag_scored = stage2.tag_scored

    def spy(pieces: list[list[list[str]]]) -> Any:
        seen.extend([row[WORD] for row in piece] for piece in pieces)
        return tag_scored(pieces)

    monkeypatch.setattr(stage2, "tag_scored", spy)
    text = "Ông Nguyễn Văn An đến Hà Nội.\nHọ đi chợ rất sớm.\nBà Trần Thị Bình ở Huế."
    seg = Segmenter()(align(text).text)
    rows = rec.rows(seg)
    tags = rec.tag_rows(rows, DocumentFeatures.from_rows(seg, rows))
    assert rows[1][0][WORD] == "Họ" and tags[1] == ["O"] * len(rows[1])
    assert [piece[0] for piece in seen] == ["Ông", "Bà"]
    assert any(t != "O" for t in tags[0]) and any(t != "O" for t in tags[2])


def test_sentence_capitalised_only_at_its_start_is_skipped_when_the_word_is_common() -> None:
    from viextract.ner.features import document_rows, is_placeholder
    from viextract.segment import Segmenter
    from viextract.text import align

    def rows(text: str) -> list[list[list[str]]]:
        return document_rows(Segmenter()(align(text).text), near=4)

    # "Trời" is written "trời" elsewhere: an ordinary word, the sentence is not tagged
    skipped = rows("Trời mưa to.\nHôm qua trời nắng, ông Ba về quê.")
    assert all(is_placeholder(r) for r in skipped[0])
    assert not all(is_placeholder(r) for r in skipped[1])
    # "Vinh" is never written in lower case: it may be a name, so the sentence is tagged
    kept = rows("Vinh mưa to.\nHôm qua trời nắng, ông Ba về quê.")
    assert not any(is_placeholder(r) for r in kept[0])


def test_second_stage_reads_first_stage_names_propagated() -> None:
    from viextract.ner.features import STAGE1, WORD
    from viextract.segment import Segmenter
    from viextract.text import align

    class First:
        """Finds "Lan" in the first sentence only."""

        def tag(self, pieces: list[list[list[str]]]) -> list[list[str]]:
            return [
                ["B-PER" if r[WORD] == "Lan" and k == 0 else "O" for r in piece]
                for k, piece in enumerate(pieces)
            ]

    seen: list[list[str]] = []

    class Second:
        def tag_scored(self, pieces: list[list[list[str]]]) -> Any:
            seen.extend([r[STAGE1] for r in piece] for piece in pieces)
            return [[r[STAGE1] for r in piece] for piece in pieces], [None] * len(pieces)

    rec = EntityModel()
    rec._stages = [First(), Second()]  # type: ignore[list-item]
    seg = Segmenter()(align("Bà Lan đến Huế. Sau đó Lan về nhà.").text)
    rows = rec.rows(seg)
    tags = rec.tag_rows(rows, DocumentFeatures.from_rows(seg, rows))
    words = [[r[WORD] for r in sent] for sent in rows]
    assert words[1][2] == "Lan"
    # the second sentence's "Lan", missed by the first stage, reaches the second as a name
    assert seen[1][2] == "B-PER" and tags[1][2] == "B-PER"
