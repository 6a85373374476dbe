"""The command line, run as a real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "viextract", *args], input=stdin, capture_output=True, timeout=120
    )


def test_extract_json_from_stdin() -> None:
    r = run(
        "extract",
        "-",
        "--format",
        "json",
        "--reference-date",
        "2015-11-21",
        stdin="Ông Nguyễn Văn An đến Hà Nội hôm qua.".encode(),
    )
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["text"] == "Ông Nguyễn Văn An đến Hà Nội hôm qua."
    assert doc["reference_date"] == "2015-11-21"
    for e in doc["entities"]:
        assert doc["text"][e["start"] : e["end"]] == e["text"]


def test_extract_table_from_file_with_bom(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_bytes("\ufeffÔng Nguyễn Văn An đến Hà Nội.".encode("utf-16"))
    r = run("extract", str(f))
    assert r.returncode == 0, r.stderr
    for line in r.stdout.decode().splitlines():
        start, end, label, text, _, _ = line.split("\t")
        assert label in {"PER", "LOC", "ORG", "DATE"}
        assert int(end) - int(start) == len(text)


def test_missing_file_is_one_line_error(tmp_path: Path) -> None:
    r = run("extract", str(tmp_path / "nope.txt"))
    assert r.returncode == 1
    err = r.stderr.decode()
    assert "Traceback" not in err and err.count("\n") == 1 and "nope.txt" in err


def test_invalid_utf8_is_one_line_error(tmp_path: Path) -> None:
    f = tmp_path / "bad.txt"
    f.write_bytes(b"Ha \xff\xfe\xfa Noi")
    r = run("extract", str(f))
    assert r.returncode == 1
    assert "Traceback" not in r.stderr.decode() and "UTF-8" in r.stderr.decode()


def test_bad_reference_date_is_usage_error() -> None:
    r = run("extract", "-", "--reference-date", "21/11/2015", stdin=b"x")
    assert r.returncode == 2
    assert "YYYY-MM-DD" in r.stderr.decode() and "Traceback" not in r.stderr.decode()


def test_date_spans_option() -> None:
    text = "Ngày thứ năm 19-11 trời mưa.".encode()
    spans = {}
    for mode in ("core", "phrase"):
        r = run("extract", "-", "--date-spans", mode, "--reference-date", "2015-11-21", stdin=text)
        assert r.returncode == 0, r.stderr
        rows = [line.split("\t") for line in r.stdout.decode().splitlines()]
        spans[mode] = [(row[3], row[4]) for row in rows if row[2] == "DATE"]
    assert spans == {
        "core": [("19-11", "2015-11-19")],
        "phrase": [("Ngày thứ năm 19-11", "2015-11-19")],
    }
    r = run("extract", "-", "--date-spans", "words", stdin=text)
    assert r.returncode == 2 and "Traceback" not in r.stderr.decode()


def test_version_and_bare_usage() -> None:
    r = run("--version")
    assert r.returncode == 0 and r.stdout.decode().startswith("viextract ")
    r = run()
    assert r.returncode == 2
    err = r.stderr.decode()
    assert "usage: viextract" in err and "extract" in err and "annotate" in err


def test_extract_jsonl_is_one_line_and_json_is_compact() -> None:
    text = "Ông Nguyễn Văn An đến Hà Nội hôm qua 20-11, rồi về Huế.".encode()
    one = run("extract", "-", "--format", "jsonl", stdin=text)
    assert one.returncode == 0, one.stderr
    lines = one.stdout.decode().splitlines()
    assert len(lines) == 1
    pretty = run("extract", "-", "--format", "json", stdin=text)
    doc = json.loads(pretty.stdout)
    assert doc == json.loads(lines[0])
    items = len(doc["sentences"]) + len(doc["tokens"]) + len(doc["entities"])
    assert len(pretty.stdout.decode().splitlines()) <= items + 12


def test_precise_date_errors() -> None:
    for value, message in (
        ("2024-13-01", "month must be in 1..12"),
        ("2024-02-30", "day is out of range"),
        ("hôm qua", "not an ISO date (YYYY-MM-DD)"),
    ):
        r = run("extract", "-", "--reference-date", value, stdin=b"x")
        assert r.returncode == 2
        assert message in r.stderr.decode()


def test_output_folder_must_exist(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text("Ông An về Hà Nội.", encoding="utf-8")
    for fmt, out in (("jsonl", "x.jsonl"), ("conll", "x.conll"), ("brat", "brat")):
        target = tmp_path / "missing" / out
        r = run("annotate", str(src), "-o", str(target), "--format", fmt)
        assert r.returncode != 0
        assert "does not exist" in r.stderr.decode()
        assert not (tmp_path / "missing").exists()
