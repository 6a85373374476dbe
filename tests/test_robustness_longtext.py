"""Long texts: annotated in bounded pieces (viextract.longtext), with exact offsets, the same
result as before on texts below the limit, and out-of-memory reported in one line."""

from __future__ import annotations

import io
import itertools
import os
import subprocess
import sys
import unicodedata
from contextlib import redirect_stderr
from pathlib import Path

import pytest

import viextract
from viextract import cli, longtext, pipeline
from viextract.longtext import MAX_PIECE, pieces
from viextract.recognizer import Mention
from viextract.segment import Segmented

from .invariants import check_document

PARAGRAPHS = [
    "Sáng 20-11, ông Nguyễn Văn An đến Hà Nội để dự hội nghị.",
    "Bà Trần Thị Lan, Giám đốc Sở Y tế tỉnh Nghệ An, cho biết tình hình đã ổn định.",
    "Chiều cùng ngày, đoàn công tác rời Đà Nẵng về Huế.",
]


class Spy:
    """A recognizer that records the length of each text it is given."""

    name = "spy"

    def __init__(self) -> None:
        self.lengths: list[int] = []

    def __call__(self, seg: Segmented) -> list[Mention]:
        self.lengths.append(len(seg.text))
        return []


@pytest.mark.parametrize(
    "text",
    [
        "\n\n".join(PARAGRAPHS * 40),
        "\n".join(PARAGRAPHS * 40),
        " ".join(PARAGRAPHS * 40),
        "a" * 9000,
        "e\u0301" * 4000,  # base characters and combining marks, no space
        "\ud83d\ude00" * 4000,  # surrogate pairs as two code points
        "\r\n" * 4000,
    ],
    ids=["paragraphs", "lines", "one-line", "one-run", "marks", "pairs", "crlf"],
)
def test_pieces_cover_the_text_within_the_limit(text: str) -> None:
    limit = 1000
    got = pieces(text, limit)
    assert got[0][0] == 0 and got[-1][1] == len(text)
    for (_, b), (c, _) in itertools.pairwise(got):
        assert b == c
    for a, b in got:
        assert 0 < b - a <= limit
    for _, b in got[:-1]:
        before, after = text[b - 1], text[b]
        assert not ("\ud800" <= before <= "\udbff" and "\udc00" <= after <= "\udfff")
        assert not (before == "\r" and after == "\n")
        assert not unicodedata.combining(after)


def test_pieces_end_at_paragraph_breaks_when_there_are_some() -> None:
    text = "\n\n".join(PARAGRAPHS * 40)
    for _, b in pieces(text, 1000)[:-1]:
        assert text[b - 2 : b] == "\n\n"


@pytest.fixture
def small_pieces(monkeypatch: pytest.MonkeyPatch) -> int:
    limit = 600
    monkeypatch.setattr(pipeline, "MAX_PIECE", limit)
    monkeypatch.setattr(longtext, "MAX_PIECE", limit)
    return limit


def test_models_only_see_bounded_pieces(small_pieces: int) -> None:
    spy = Spy()
    ex = viextract.Extractor([spy, viextract.DateRecognizer()])
    text = "\n\n".join(PARAGRAPHS * 30)
    doc = ex.extract(text)
    check_document(doc, text)
    assert len(spy.lengths) > 10
    assert max(spy.lengths) <= small_pieces


def test_a_long_text_gets_the_entities_of_its_paragraphs(
    extractor: viextract.Extractor, small_pieces: int
) -> None:
    text = "\n\n".join(PARAGRAPHS * 6)
    doc = extractor.extract(text)
    check_document(doc, text)
    expected = []
    for a, b in pieces(text, small_pieces):
        part = extractor.extract(text[a:b])  # below the limit: one piece
        expected += [(e.start + a, e.end + a, e.label, e.normalized) for e in part.entities]
    assert [(e.start, e.end, e.label, e.normalized) for e in doc.entities] == expected
    assert {e.text for e in doc.entities} >= {"Nguyễn Văn An", "Hà Nội", "Trần Thị Lan", "Huế"}


def test_texts_below_the_limit_are_one_piece() -> None:
    spy = Spy()
    ex = viextract.Extractor([spy])
    text = "\n\n".join(PARAGRAPHS * 10)
    assert len(text) < MAX_PIECE
    ex.extract(text)
    assert spy.lengths[-1] == len(text)  # after the warm-up call


def test_out_of_memory_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(*args: object, **kwargs: object) -> None:
        raise MemoryError

    path = tmp_path / "a.txt"
    path.write_text("Ông An đến Hà Nội.", encoding="utf-8")
    monkeypatch.setattr(pipeline.Extractor, "extract", explode)
    err = io.StringIO()
    with redirect_stderr(err):
        code = cli.main(["extract", str(path)])
    assert code == 1
    assert err.getvalue().splitlines() == [
        "viextract: error: out of memory (the input is too large for the memory available)"
    ]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs resource limits (POSIX)")
def test_out_of_memory_for_real_is_one_line(tmp_path: Path) -> None:
    import resource

    big = tmp_path / "big.txt"
    with open(big, "wb") as f:  # 2 GB, sparse: nothing is written to disk
        f.truncate(2 << 30)

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    r = subprocess.run(
        [sys.executable, "-m", "viextract", "extract", str(big)],
        preexec_fn=limit,
        capture_output=True,
        timeout=120,
    )
    assert r.returncode == 1
    assert r.stderr.decode().splitlines() == [
        "viextract: error: out of memory (the input is too large for the memory available)"
    ]
