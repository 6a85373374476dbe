"""Robustness of batch annotation: one bad record never stops a run, every input that is skipped
is reported, resume is exact, a run never reads or clobbers what it should not.

Each test builds its inputs (with text written here) in a temporary directory and runs the real
command line, then checks the outputs with readers independent of viextract's writers.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from viextract.batch import inputs
from viextract.batch.inputs import Failure, iter_articles
from viextract.output.conll import header_id, parse_header_id

from .batch_helpers import cli, conll_parse, files_under, read_jsonl

T = "Ông An đến Hà Nội."


def _jsonl(path: Path, records: list[dict[str, Any]], raw: dict[int, bytes] | None = None) -> Path:
    """Write ``records`` one a line (``raw`` lines, by index, as they are)."""
    lines = [json.dumps(r, ensure_ascii=True).encode("ascii") for r in records]
    for k, line in sorted((raw or {}).items()):
        lines.insert(k, line)
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def _summary(stderr: bytes) -> str:
    return stderr.decode("utf-8", "backslashreplace").strip().splitlines()[-1]


def _no_traceback(r: Any) -> None:
    err = r.stderr.decode("utf-8", "backslashreplace")
    assert "Traceback" not in err, err
    for line in err.splitlines():
        assert line.startswith("viextract: "), line


# 1. A deeply nested JSONL line ------------------------------------------------------------------


def test_deeply_nested_line_is_that_lines_failure_and_resume_goes_past_it(tmp_path: Path) -> None:
    src = _jsonl(
        tmp_path / "n.jsonl",
        [{"id": "ok", "text": T}, {"id": "ok2", "text": "Bà Lan ở Huế."}],
        raw={1: b"[" * 1000 + b"]" * 1000},
    )
    out = tmp_path / "n.out"
    r = cli("annotate", str(src), "-o", str(out), "--jobs", "1")
    _no_traceback(r)
    assert r.returncode == 1
    assert [rec["id"] for rec in read_jsonl(out)] == ["ok", "ok2"]
    assert f"{src}:2: bad JSON (nested too deeply)" in r.stderr.decode()
    again = cli("annotate", str(src), "-o", str(out), "--jobs", "1", "--resume")
    _no_traceback(again)
    assert _summary(again.stderr).startswith("viextract: 0 annotated, 2 already done, 1 failed")


def test_every_bad_line_is_a_failure_of_its_own(tmp_path: Path) -> None:
    nested_id = {"id": [[[1]]], "text": T}
    src = _jsonl(
        tmp_path / "bad.jsonl",
        [{"id": "a", "text": T}, nested_id, {"id": "b", "text": T}],
        raw={1: b"{" * 5000, 2: b'{"id": "x", "text": 5}', 3: b"\xed\xa0\x80"},
    )
    got = list(iter_articles([str(src)]))
    assert [type(g).__name__ for g in got] == [
        "Article",
        "Failure",
        "Failure",
        "Failure",
        "Failure",
        "Article",
    ]
    reasons = [g.reason for g in got if isinstance(g, Failure)]
    assert reasons[0].startswith("bad JSON")
    assert reasons[1] == "no 'text' string field"
    assert reasons[3] == "'id' is not a string or a number"


# 2-3. Ids that UTF-8 cannot hold: a lone surrogate, a file name that is not UTF-8 ---------------


@pytest.mark.parametrize("fmt", ["jsonl", "conll"])
def test_lone_surrogate_id_is_written_and_resumed_exactly(tmp_path: Path, fmt: str) -> None:
    src = _jsonl(tmp_path / "in.jsonl", [{"id": "a\udc80", "text": T}, {"id": "b", "text": T}])
    out = tmp_path / f"s.{fmt}"
    r = cli("annotate", str(src), "-o", str(out), "--format", fmt, "--jobs", "1")
    _no_traceback(r)
    assert r.returncode == 0
    if fmt == "jsonl":
        ids = [rec["id"] for rec in read_jsonl(out)]
    else:
        ids = [parse_header_id(h) for h in conll_parse(out)]
    assert ids == ["a\udc80", "b"]
    again = cli("annotate", str(src), "-o", str(out), "--format", fmt, "--jobs", "1", "--resume")
    assert _summary(again.stderr).startswith("viextract: 0 annotated, 2 already done, 0 failed")


def test_file_name_that_is_not_utf8_is_annotated_and_resumed(tmp_path: Path) -> None:
    corpus = tmp_path / "d"
    corpus.mkdir()
    for name in (b"a.txt", b"caf\xe9.txt", b"z.txt"):
        with open(os.path.join(os.fsencode(corpus), name), "wb") as f:
            f.write(T.encode("utf-8"))
    out = tmp_path / "d.jsonl"
    r = cli("annotate", str(corpus), "-o", str(out), "--jobs", "1")
    _no_traceback(r)
    assert r.returncode == 0
    recs = read_jsonl(out)
    assert [os.path.basename(rec["id"]) for rec in recs] == ["a.txt", "caf\udce9.txt", "z.txt"]
    assert os.fsencode(recs[1]["path"]).endswith(b"caf\xe9.txt")  # the name, exactly
    again = cli("annotate", str(corpus), "-o", str(out), "--jobs", "1", "--resume")
    assert _summary(again.stderr).startswith("viextract: 0 annotated, 3 already done, 0 failed")


# 4. Ids that cannot name brat files as they are ---------------------------------------------------


def test_brat_ids_that_would_clash_with_files_or_be_too_long(tmp_path: Path) -> None:
    long_id = "/".join(["x" * 120] * 40)
    ids = ["q", "q.ann/z", "r.txt/s", "r", "annotation.conf/t", long_id, "Q.ANN/w"]
    src = _jsonl(tmp_path / "b.jsonl", [{"id": i, "text": T} for i in ids])
    out = tmp_path / "b.brat"
    r = cli("annotate", str(src), "-o", str(out), "--format", "brat", "--jobs", "1")
    _no_traceback(r)
    assert r.returncode == 0, r.stderr
    names = files_under(out)
    anns = sorted(n for n in names if n.endswith(".ann"))
    assert len(anns) == len(ids)
    assert all(n[:-4] + ".txt" in names for n in anns)
    assert all(len(n.encode()) < 600 for n in names)
    again = cli("annotate", str(src), "-o", str(out), "--format", "brat", "--jobs", "1", "--resume")
    assert _summary(again.stderr).startswith(f"viextract: 0 annotated, {len(ids)} already done")


def test_a_record_that_cannot_be_written_fails_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from viextract.batch.runner import BatchOptions, run
    from viextract.output.brat import BratWriter

    real = BratWriter.write

    def write(self: BratWriter, article: Any, target: str, result: dict[str, Any]) -> None:
        if article.id == "bad":
            raise OSError(36, "File name too long")
        real(self, article, target, result)

    monkeypatch.setattr(BratWriter, "write", write)
    src = _jsonl(tmp_path / "w.jsonl", [{"id": i, "text": T} for i in ("a", "bad", "c")])
    errors = tmp_path / "errors.jsonl"
    summary = run(
        [str(src)],
        BatchOptions(str(tmp_path / "out"), "brat", errors=str(errors), progress=False),
    )
    assert (summary.annotated, summary.failed) == (2, 1)
    assert read_jsonl(errors) == [
        {"id": "bad", "path": str(src), "line": 2, "error": "cannot be written: File name too long"}
    ]
    assert sorted(files_under(tmp_path / "out")) == [
        "a.ann",
        "a.txt",
        "annotation.conf",
        "c.ann",
        "c.txt",
    ]


# 5. The directory walk reports what it cannot read --------------------------------------------


def test_walk_reports_fifos_dangling_and_looping_links_and_links_to_folders(
    tmp_path: Path,
) -> None:
    corpus = tmp_path / "w"
    (corpus / "sub").mkdir(parents=True)
    for name in ("a.txt", "sub/b.txt", "z.txt"):
        (corpus / name).write_text(T, encoding="utf-8")
    os.mkfifo(corpus / "f.txt")
    os.symlink("nowhere.txt", corpus / "dangling.txt")
    os.symlink("loop.txt", corpus / "loop.txt")
    os.symlink("sub", corpus / "linkdir")
    os.mkfifo(corpus / "pipe.other")  # not matching the glob: not an input, not reported
    out, errors = tmp_path / "w.jsonl", tmp_path / "errors.jsonl"
    r = cli("annotate", str(corpus), "-o", str(out), "--errors", str(errors), "--jobs", "1")
    _no_traceback(r)
    assert r.returncode == 1
    assert len(read_jsonl(out)) == 3
    failed = {os.path.basename(e["path"]): e["error"] for e in read_jsonl(errors)}
    assert failed == {
        "dangling.txt": "dangling symbolic link",
        "f.txt": "not a regular file but a FIFO (named pipe) "
        "(to read a pipe, give - and redirect it to stdin)",
        "linkdir": "symbolic link to a directory: not followed",
        "loop.txt": failed["loop.txt"],
    }
    assert "symbolic links" in failed["loop.txt"]  # ELOOP, in the system's words
    assert _summary(r.stderr).startswith("viextract: 3 annotated, 0 already done, 4 failed")


def test_walk_reports_a_directory_it_cannot_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Works as root too: the directory is made unreadable by failing its scandir.
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "c.txt").write_text(T, encoding="utf-8")
    (tmp_path / "a.txt").write_text(T, encoding="utf-8")
    real = os.scandir

    def scandir(path: Any) -> Any:
        if os.path.basename(path) == "locked":
            raise PermissionError(13, "Permission denied", path)
        return real(path)

    monkeypatch.setattr(inputs.os, "scandir", scandir)
    got = list(iter_articles([str(tmp_path)]))
    assert [type(g).__name__ for g in got] == ["Article", "Failure"]
    assert isinstance(got[1], Failure)
    assert got[1].reason == "directory cannot be read: permission denied"
    assert got[1].path.endswith("locked")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any directory")
def test_walk_reports_an_unreadable_directory_for_real(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "c.txt").write_text(T, encoding="utf-8")
    locked.chmod(0)
    try:
        got = list(iter_articles([str(tmp_path)]))
    finally:
        locked.chmod(0o755)
    assert [g.reason for g in got if isinstance(g, Failure)] == [
        "directory cannot be read: permission denied"
    ]


# 6. A FIFO given as input never blocks -----------------------------------------------------------


@pytest.mark.parametrize("command", ["annotate", "extract"])
def test_fifo_input_is_refused_without_blocking(tmp_path: Path, command: str) -> None:
    fifo = tmp_path / "p.txt"
    os.mkfifo(fifo)
    args = [command, str(fifo)]
    if command == "annotate":
        args += ["-o", str(tmp_path / "p.jsonl"), "--jobs", "1"]
    r = cli(*args, timeout=60)  # no writer ever opens the FIFO: blocking would time out
    _no_traceback(r)
    assert r.returncode == 1
    assert "not a regular file but a FIFO" in r.stderr.decode()


# 7. --errors follows the no-clobber rule; inputs, output and errors file differ ---------------


@pytest.fixture
def five(tmp_path: Path) -> Path:
    return _jsonl(tmp_path / "x.jsonl", [{"id": f"x{i}", "text": T} for i in range(5)])


@pytest.mark.parametrize(
    "args",
    [
        ["-o", "{d}/o.jsonl", "--errors", "{x}"],
        ["-o", "{x}", "--resume"],
        ["-o", "{d}/./x.jsonl", "--overwrite"],
        ["-o", "{d}/link.jsonl", "--overwrite"],
        ["-o", "{d}/o.jsonl", "--errors", "{d}/link.jsonl", "--overwrite"],
    ],
    ids=["errors-is-input", "output-is-input", "same-path", "link", "errors-link"],
)
def test_the_input_is_never_an_output(five: Path, args: list[str]) -> None:
    d = five.parent
    os.symlink(five.name, d / "link.jsonl")
    before = five.read_bytes()
    r = cli("annotate", str(five), *[a.format(d=d, x=five) for a in args], "--jobs", "1")
    _no_traceback(r)
    assert r.returncode == 2
    assert "is also the" in r.stderr.decode()
    assert five.read_bytes() == before
    assert not (d / "o.jsonl").exists()


def test_existing_errors_file_needs_overwrite(five: Path) -> None:
    d = five.parent
    errors = d / "errors.jsonl"
    errors.write_text("kept\n", encoding="utf-8")
    r = cli("annotate", str(five), "-o", str(d / "o.jsonl"), "--errors", str(errors), "--jobs", "1")
    _no_traceback(r)
    assert r.returncode == 2
    assert "--overwrite" in r.stderr.decode()
    assert errors.read_text(encoding="utf-8") == "kept\n"
    assert not (d / "o.jsonl").exists()
    r = cli("annotate", str(five), "-o", str(d / "o.jsonl"), "--errors", str(errors), "--overwrite")
    assert r.returncode == 0
    assert errors.read_bytes() == b""


def test_errors_file_and_output_must_differ(five: Path) -> None:
    d = five.parent
    r = cli("annotate", str(five), "-o", str(d / "o.jsonl"), "--errors", str(d / "o.jsonl"))
    assert r.returncode == 2
    assert "is the output file" in r.stderr.decode()


def test_resume_rewrites_the_errors_file_with_what_still_fails(tmp_path: Path) -> None:
    src = _jsonl(tmp_path / "r.jsonl", [{"id": "a", "text": T}, {"id": "b", "text": " "}])
    out, errors = tmp_path / "o.jsonl", tmp_path / "e.jsonl"
    cli("annotate", str(src), "-o", str(out), "--errors", str(errors), "--jobs", "1")
    assert [e["id"] for e in read_jsonl(errors)] == ["b"]
    r = cli("annotate", str(src), "-o", str(out), "--errors", str(errors), "--resume")
    assert r.returncode == 1
    assert [e["id"] for e in read_jsonl(errors)] == ["b"]  # listed once, not appended


def test_walk_never_reads_what_the_run_writes(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    _jsonl(corpus / "in.jsonl", [{"id": "a", "text": T}])
    out, errors = corpus / "out.jsonl", corpus / "errors.jsonl"
    for _ in range(2):  # the second run sees the first's output in the folder it reads
        r = cli(
            "annotate",
            str(corpus),
            "--glob",
            "*.jsonl",
            "-o",
            str(out),
            "--errors",
            str(errors),
            "--overwrite",
            "--jobs",
            "1",
        )
        assert r.returncode == 0, r.stderr
        assert [rec["id"] for rec in read_jsonl(out)] == ["a"]


def test_brat_output_may_not_hold_an_input(tmp_path: Path) -> None:
    out = tmp_path / "brat"
    (out / "in").mkdir(parents=True)
    (out / "in" / "a.txt").write_text(T, encoding="utf-8")
    r = cli("annotate", str(out / "in"), "-o", str(out), "--format", "brat", "--jobs", "1")
    assert r.returncode == 2
    assert "inside the output directory" in r.stderr.decode()


# 9. CoNLL headers hold any id exactly, so resume never skips an article -------------------------

EDGE_IDS = ["a b", "a\tb", "a\nb", " a b", "a b ", "a\\tb", "a\u2028b", "a\x85b", "a\udc80b", ""]


def test_conll_headers_are_distinct_and_reversible() -> None:
    headers = [header_id(i) for i in EDGE_IDS]
    assert len(set(headers)) == len(EDGE_IDS)
    for i, h in zip(EDGE_IDS, headers, strict=True):
        assert parse_header_id(h) == i
        assert h == h.strip() and len(h.splitlines()) <= 1 and "\t" not in h
        h.encode("utf-8")


def test_conll_resume_does_not_skip_an_id_that_differs_by_white_space(tmp_path: Path) -> None:
    ids = ["a b", "a\tb", "a\nb", " a b", "a b "]
    first = _jsonl(tmp_path / "first.jsonl", [{"id": "a b", "text": T}])
    every = _jsonl(tmp_path / "all.jsonl", [{"id": i, "text": T} for i in ids])
    out = tmp_path / "o.conll"
    assert cli("annotate", str(first), "-o", str(out), "--format", "conll").returncode == 0
    r = cli("annotate", str(every), "-o", str(out), "--format", "conll", "--resume")
    assert r.returncode == 0, r.stderr
    assert _summary(r.stderr).startswith("viextract: 4 annotated, 1 already done, 0 failed")
    assert [parse_header_id(h) for h in conll_parse(out)] == ids
