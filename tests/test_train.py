"""Training machinery on a tiny corpus written for the test (CI never trains on real data):
JSONL reading, BIO alignment, both stages, pruning, saving, loading and tagging."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from viextract import crfsuite
from viextract.ner.model import EntityModel, write_metadata
from viextract.segment import Segmenter
from viextract.text import align
from viextract.training import crfsuite_writer
from viextract.training.trainer import AlignStats, main, prepare, read_jsonl, train_model

# (text, [(name, label)]) - project-written sentences; offsets are computed below.
SENTENCES = [
    ("Ông Nguyễn Văn An đến Hà Nội hôm qua.", [("Nguyễn Văn An", "PER"), ("Hà Nội", "LOC")]),
    ("Bà Trần Thị Bích làm việc ở Đà Nẵng.", [("Trần Thị Bích", "PER"), ("Đà Nẵng", "LOC")]),
    ("Công ty Hoa Sen mở chi nhánh tại Huế.", [("Công ty Hoa Sen", "ORG"), ("Huế", "LOC")]),
    (
        "Ông Lê Văn Cường gặp đại diện Công ty Hoa Sen.",
        [("Lê Văn Cường", "PER"), ("Công ty Hoa Sen", "ORG")],
    ),
    ("Anh Phạm Minh Đức sống ở Hà Nội.", [("Phạm Minh Đức", "PER"), ("Hà Nội", "LOC")]),
    ("Trời mưa to nên mọi người ở nhà.", []),
]


def _write_corpus(path: Path, copies: int = 4) -> None:
    with path.open("w", encoding="utf-8") as f:
        for n in range(copies):
            for k, (text, names) in enumerate(SENTENCES):
                ents = []
                for name, label in names:
                    start = text.index(name)
                    ents.append(
                        {"start": start, "end": start + len(name), "type": label, "depth": 0}
                    )
                rec = {"id": f"t-{n}-{k}", "doc": f"d{n}-{k % 3}", "text": text, "entities": ents}
                f.write(json.dumps(rec, ensure_ascii=False) + "\n")


def test_read_jsonl_groups_records_of_one_article(tmp_path: Path) -> None:
    _write_corpus(tmp_path / "c.jsonl", copies=1)
    docs = read_jsonl(tmp_path / "c.jsonl")
    assert len(docs) == 3
    for d in docs:
        for a, b, label in d.spans:
            assert label in {"PER", "LOC", "ORG"}
            assert d.text[a:b].strip() == d.text[a:b]


def test_bio_alignment(tmp_path: Path) -> None:
    _write_corpus(tmp_path / "c.jsonl", copies=1)
    docs = read_jsonl(tmp_path / "c.jsonl")
    stats = AlignStats()
    prepared = list(prepare(docs, Segmenter(), stats))
    assert stats.entities == sum(len(n) for _, n in SENTENCES)
    assert stats.cut_inside_syllable == 0 and stats.no_syllable == 0
    words_tags = {
        (row[0], tag)
        for p in prepared
        for rows, tags in zip(p.rows, p.tags, strict=True)
        for row, tag in zip(rows, tags, strict=True)
    }
    assert ("Nguyễn", "B-PER") in words_tags and ("An", "I-PER") in words_tags
    assert ("Công", "B-ORG") in words_tags and ("Sen", "I-ORG") in words_tags
    assert ("mưa", "O") in words_tags


@pytest.mark.parametrize("two_stage", [False, True])
def test_tiny_model_learns_its_training_labels(tmp_path: Path, two_stage: bool) -> None:
    _write_corpus(tmp_path / "c.jsonl")
    docs = read_jsonl(tmp_path / "c.jsonl")
    prepared = list(prepare(docs, Segmenter(), AlignStats()))
    out = tmp_path / "model"
    stages = train_model(
        prepared, out, l1=0.0, l2=0.01, iterations=60, two_stage=two_stage, folds=2
    )
    write_metadata(out, stages=stages, names="names.tsv")
    rec = EntityModel(out)
    seg = Segmenter()
    for text, names in SENTENCES:
        s = seg(align(text).text)
        found = {(s.text[m.start : m.end], str(m.label)) for m in rec(s)}
        assert found == set(names), text


def test_command_line_training(tmp_path: Path) -> None:
    _write_corpus(tmp_path / "c.jsonl")
    assert (
        main(
            [
                "--train",
                str(tmp_path / "c.jsonl"),
                "--out",
                str(tmp_path / "m"),
                "--iterations",
                "40",
                "--one-stage",
            ]
        )
        == 0
    )
    meta = json.loads((tmp_path / "m" / "model.json").read_text(encoding="utf-8"))
    assert [s["file"] for s in meta["stages"]] == ["ner1.crf"]
    assert meta["training"]["files"] == ["c.jsonl"]
    EntityModel(tmp_path / "m")


def test_prune_round_trip(tmp_path: Path) -> None:
    _write_corpus(tmp_path / "c.jsonl")
    prepared = list(prepare(read_jsonl(tmp_path / "c.jsonl"), Segmenter(), AlignStats()))
    out = tmp_path / "m"
    # strong L1: most attributes end with no weight and are pruned away
    stages = train_model(prepared, out, l1=1.0, l2=0.0, iterations=60, two_stage=False)
    write_metadata(out, stages=stages)
    data = crfsuite.read_model((out / "ner1.crf").read_bytes())
    assert all(
        any(f[0] == 0 and f[1] == i for f in data.features) for i in range(len(data.attributes))
    )
    again = crfsuite.read_model(crfsuite_writer.write_model(data))
    assert again == data
    with pytest.raises(crfsuite.FormatError):
        crfsuite.read_model(b"not a model at all, not at all, not at all, not at all")


def test_hashlittle_reference_values() -> None:
    # lookup3's published self-test values: hashlittle("", 0) and the 30-byte pangram
    assert crfsuite_writer.hashlittle(b"", 0) == 0xDEADBEEF
    assert crfsuite_writer.hashlittle(b"Four score and seven years ago", 0) == 0x17770551
    assert crfsuite_writer.hashlittle(b"Four score and seven years ago", 1) == 0xCD628161
