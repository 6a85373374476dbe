"""The entity model's features learned from unlabeled text: syllable clusters
(``data/clusters/syllables.tsv``) and mined typed names (``data/gazetteers/mined_names.tsv``),
and the tools that build them (``tools/``), on text written for the project."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from viextract.data import read_text
from viextract.ner.clusters import CLUSTERS_FILE, LEVELS, UNKNOWN, cluster_ids, clusters
from viextract.ner.features import (
    CLUSTER,
    MINED,
    MINED_FILE,
    N_COLUMNS,
    TEMPLATES,
    document_rows,
    is_placeholder,
    placeholder,
)
from viextract.segment import Segmenter
from viextract.text import align

ROOT = Path(__file__).resolve().parent.parent


def _tool(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _rows(text: str) -> list[list[list[str]]]:
    return document_rows(Segmenter()(align(text).text))


def test_cluster_file_lists_each_syllable_once_with_ids_at_every_level() -> None:
    lines = read_text(CLUSTERS_FILE).splitlines()
    table = clusters()
    assert len(table) == len(lines) > 1000
    sizes = [len({ids[k] for ids in table.values()}) for k in range(LEVELS)]
    assert sizes == sorted(sizes) and sizes[0] >= 50  # coarsest first
    assert all(w == w.lower() and w.strip() == w for w in table)


def test_cluster_ids_ignore_case_and_mark_unknown_syllables() -> None:
    word = next(iter(clusters()))
    assert cluster_ids(word.upper()) == cluster_ids(word) == clusters()[word]
    assert cluster_ids("qxzwvkj") == UNKNOWN


def test_rows_carry_clusters_and_mined_names() -> None:
    kind, _, name = read_text(MINED_FILE).splitlines()[0].partition("\t")
    rows = _rows(f"Hôm qua {name} được nhắc đến ở Đà Nẵng.")
    flat = [r for sent in rows for r in sent]
    assert all(len(r) == N_COLUMNS for r in flat)
    for r in flat:
        assert [r[c] for c in CLUSTER] == list(cluster_ids(r[0]))
    n = len(name.split())
    tagged = [r[MINED] for r in flat[2 : 2 + n]]
    assert tagged == [f"B-{kind}"] + [f"I-{kind}"] * (n - 1)
    assert flat[0][MINED] == flat[1][MINED] == "O"


def test_placeholder_rows_have_every_column() -> None:
    row = placeholder("và")
    assert len(row) == N_COLUMNS and is_placeholder(row)
    assert any(f"[{MINED}]" in t for t in TEMPLATES) and any(
        f"[{CLUSTER[-1]}]" in t for t in TEMPLATES
    )


@pytest.mark.parametrize(
    ("title", "text", "expected"),
    [
        (
            "sao mai (ban nhạc)",
            "Sao Mai là một ban nhạc rock thành lập năm 1999.",
            ("Sao Mai", "ORG"),
        ),
        ("phú xương", "Phú Xương là một huyện miền núi phía bắc.", ("Phú Xương", "LOC")),
        ("Phú Xương", "Phú Xương là một huyện miền núi phía bắc.", ("Phú Xương", "LOC")),
        ("lê văn tám", "Lê Văn Tám (1920-1980) là nhà thơ nổi tiếng.", ("Lê Văn Tám", "PER")),
        ("zencoin", "ZenCoin là một đồng tiền mã hóa ra đời năm 2014.", ("ZenCoin", "PROD")),
        ("hạnh phúc", "Hạnh phúc là một trạng thái cảm xúc.", None),
        ("núi đỏ", "Núi Đỏ là một bộ sưu tập tranh.", None),
    ],
)
def test_lead_names_are_typed_by_what_the_lead_says_they_are(
    title: str, text: str, expected: tuple[str, str] | None
) -> None:
    assert _tool("mine_names").lead_name(title, text) == expected


def test_mining_counts_typing_words_and_keeps_unambiguous_names(tmp_path: Path) -> None:
    import json

    mine = _tool("mine_names")
    news = [
        "Hôm qua CLB Sao Biển thắng. Nhóm nhạc Mây Trắng hát. CLB Sao Biển lại thắng.",
        "Cầu thủ của CLB Sao Biển nghỉ. Ứng dụng Zalo Pay tăng. Ông Phạm Tư đến.",
        "Ông Phạm Tư về. Ca sĩ Phạm Tư hát. Nhóm nhạc Mây Trắng ra đĩa, ứng dụng Zalo Pay lỗi.",
        "ứng dụng Zalo Pay mới, 3 người của Mây Trắng. Vào ngày 5 tháng Mười.",
    ]
    path = tmp_path / "news.jsonl"
    path.write_text("".join(json.dumps({"text": t}) + "\n" for t in news), encoding="utf-8")
    names = mine.mine([str(path)], min_count=2)
    assert names["Sao Biển"] == "ORG" and names["Phạm Tư"] == "PER"
    assert names["Zalo Pay"] == "PROD" and names["Mây Trắng"] == "ORG"
    assert "Mười" not in names  # seen once, and an ordinary syllable
