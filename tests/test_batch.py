"""Batch annotation: inputs, formats, failures, resume, order, safety of output names."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

import viextract
from viextract.batch import runner as batch
from viextract.batch import work
from viextract.batch.inputs import safe_relpath
from viextract.batch.runner import BatchOptions, run
from viextract.batch.work import annotate_batch
from viextract.document import Document
from viextract.errors import ConfigError, InputError
from viextract.output.brat import to_brat
from viextract.output.conll import to_conll
from viextract.types import Entity, Label, Sentence, Token

from .batch_helpers import (
    articles,
    bio_spans,
    brat_parse_ann,
    brat_read_text,
    case_bytes,
    cli,
    conll_parse,
    files_under,
    input_cases,
    nasty_names,
    read_jsonl,
    write_corpus,
)
from .conftest import assert_spans_exact


def annotate(inputs: list[Path | str], out: Path, **kw: Any) -> batch.Summary:
    """Run the batch in this process (models stay loaded between tests)."""
    err = io.StringIO()
    summary = run([str(i) for i in inputs], BatchOptions(output=str(out), **kw), err=err)
    summary.err = err.getvalue()  # type: ignore[attr-defined]
    return summary


# Inputs ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", input_cases(), ids=lambda c: c["name"])
def test_input_files(tmp_path: Path, case: dict[str, Any]) -> None:
    f = tmp_path / "in" / case["name"]
    f.parent.mkdir()
    f.write_bytes(case_bytes(case))
    out = tmp_path / "out.jsonl"
    s = annotate([f], out, errors=str(tmp_path / "errors.jsonl"))
    recs = read_jsonl(out)
    errors = read_jsonl(tmp_path / "errors.jsonl")
    if case["ok"]:
        assert s.failed == 0 and len(recs) == 1 and errors == []
        expected = case_bytes(case).decode("utf-8") if case["encoding"] == "utf-8" else None
        doc = Document.from_dict(recs[0])
        assert doc.text.strip() and "\ufeff" not in doc.text
        if expected is not None:
            assert doc.text == expected
        assert_spans_exact(doc)
        assert recs[0]["id"] == recs[0]["path"] == str(f)
    else:
        assert recs == [] and s.failed == 1
        assert case["reason"] in s.failures[0].reason
        assert errors == [{"id": str(f), "path": str(f), "error": s.failures[0].reason}]
        assert f"failed: {f}: " in s.err  # type: ignore[attr-defined]


def test_directories_glob_and_order(tmp_path: Path) -> None:
    texts = articles()
    root = tmp_path / "news"
    write_corpus(root / "b", texts[:2])
    write_corpus(root / "a" / "deep", texts[2:3])
    (root / "a" / "skip.md").write_text("Hà Nội", encoding="utf-8")
    (root / "a" / "note.md").write_text("Huế", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    s = annotate([root], out)
    ids = [r["id"] for r in read_jsonl(out)]
    assert s.failed == 0
    assert ids == [
        str(root / "a/deep/doc000.txt"),
        str(root / "b/doc000.txt"),
        str(root / "b/doc001.txt"),
    ]
    annotate([root], out, pattern="*.md", overwrite=True)
    assert [r["text"] for r in read_jsonl(out)] == ["Huế", "Hà Nội"]


def test_jsonl_input(tmp_path: Path) -> None:
    t = articles()
    lines = [
        {"id": "a1", "text": t[0], "date": "2015-11-21"},
        {"id": 7, "text": t[1], "published": "2015-11-20T08:30:00+07:00"},
        {"text": t[2]},
        "",
        {"id": "a1", "text": t[3]},
        {"id": "nodate", "text": t[4], "date": "hôm qua"},
        {"id": "notext", "body": t[4]},
        "{broken",
        [1, 2],
        {"id": "blank", "text": "   "},
        {"id": "ref", "text": t[5], "reference_date": "2016-01-02", "date": "2000-01-01"},
    ]
    f = tmp_path / "feed.jsonl"
    f.write_text(
        "\n".join(x if isinstance(x, str) else json.dumps(x, ensure_ascii=False) for x in lines),
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    s = annotate([f], out, reference_date=dt.date(1999, 9, 9))
    recs = {r["id"]: r for r in read_jsonl(out)}
    assert list(recs) == ["a1", "7", f"{f}:3", "ref"]
    assert recs["a1"]["reference_date"] == "2015-11-21"
    assert recs["7"]["reference_date"] == "2015-11-20"
    assert recs[f"{f}:3"]["reference_date"] == "1999-09-09"  # the command line's default
    assert recs["ref"]["reference_date"] == "2016-01-02"
    assert recs["7"]["line"] == 2 and recs["a1"]["path"] == str(f)
    reasons = {(x.id, x.line): x.reason for x in s.failures}
    assert reasons == {
        ("a1", 5): "duplicate id",
        ("nodate", 6): "field 'date': not an ISO date (YYYY-MM-DD): 'hôm qua'",
        ("notext", 7): "no 'text' string field",
        (f"{f}:8", 8): reasons[(f"{f}:8", 8)],
        (f"{f}:9", 9): "line is not a JSON object",
        ("blank", 10): "empty text",
    }
    assert reasons[(f"{f}:8", 8)].startswith("bad JSON")


def test_stdin_text_and_jsonl(tmp_path: Path) -> None:
    t = articles()
    out = tmp_path / "o.jsonl"
    r = cli("annotate", "-", "-o", str(out), "--jobs", "1", stdin=t[0].encode())
    assert r.returncode == 0, r.stderr
    assert [(x["id"], x["text"]) for x in read_jsonl(out)] == [("-", t[0])]
    feed = "".join(json.dumps({"id": f"s{i}", "text": x}) + "\n" for i, x in enumerate(t[:2]))
    r = cli("annotate", "-", "--input-format", "jsonl", "-o", "-", "--quiet", stdin=feed.encode())
    assert r.returncode == 0 and r.stderr == b""
    assert [json.loads(x)["id"] for x in r.stdout.decode().splitlines()] == ["s0", "s1"]


def test_pipeline_failure_is_reported_and_run_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extractor: viextract.Extractor
) -> None:
    class Flaky:
        def extract(self, text: str, ref: object, prefer: object, spans: object) -> Document:
            if "mưa" in text:
                raise RuntimeError("model exploded\nsecond line")
            return extractor.extract(text)

    monkeypatch.setattr(work, "_extractors", {(None, 0.0): Flaky()})
    paths = write_corpus(tmp_path / "in", articles())
    out = tmp_path / "out.jsonl"
    s = annotate([tmp_path / "in"], out)
    bad = [str(p) for p, t in zip(paths, articles(), strict=True) if "mưa" in t]
    assert bad and [f.id for f in s.failures] == bad
    assert s.failures[0].reason == "RuntimeError: model exploded"
    assert len(read_jsonl(out)) == len(paths) - len(bad)


def test_exit_code_errors_file_and_one_line_messages(tmp_path: Path) -> None:
    write_corpus(tmp_path / "in", articles()[:2])
    (tmp_path / "in" / "bad.txt").write_bytes(b"H\xe0 N\xf4i")
    out, errs = tmp_path / "out.jsonl", tmp_path / "errors.jsonl"
    r = cli("annotate", str(tmp_path / "in"), "-o", str(out), "--errors", str(errs), "--jobs", "1")
    assert r.returncode == 1
    err = r.stderr.decode()
    assert "Traceback" not in err
    assert f"failed: {tmp_path / 'in' / 'bad.txt'}: not UTF-8 text" in err
    assert "2 annotated, 0 already done, 1 failed" in err
    assert [e["path"] for e in read_jsonl(errs)] == [str(tmp_path / "in" / "bad.txt")]
    assert len(read_jsonl(out)) == 2
    # an existing output is never replaced silently
    r = cli("annotate", str(tmp_path / "in"), "-o", str(out))
    assert r.returncode == 2 and b"--resume" in r.stderr and b"--overwrite" in r.stderr
    assert len(read_jsonl(out)) == 2
    r = cli("annotate", str(tmp_path / "in"), "-o", str(out), "--jobs", "0")
    assert r.returncode == 2 and b"--jobs" in r.stderr


def test_missing_input_is_a_failure_not_a_crash(tmp_path: Path) -> None:
    write_corpus(tmp_path / "in", articles()[:1])
    s = annotate([tmp_path / "nope.txt", tmp_path / "in", tmp_path / "nope.jsonl"], tmp_path / "o")
    assert [(f.path, f.reason) for f in s.failures] == [
        (str(tmp_path / "nope.txt"), "no such file"),
        (str(tmp_path / "nope.jsonl"), "no such file"),
    ]
    assert s.annotated == 1


# Order and parallelism ------------------------------------------------------------------------


def test_jobs_do_not_change_the_output(tmp_path: Path) -> None:
    texts = articles()
    write_corpus(tmp_path / "in", texts + [t.upper() for t in texts] + [""])
    outs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}.jsonl"
        r = cli("annotate", str(tmp_path / "in"), "-o", str(out), "--jobs", jobs, "--tokens")
        assert r.returncode == 1 and b"empty text" in r.stderr, r.stderr
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]
    assert len(outs[0].splitlines()) == 2 * len(texts)


def test_ordered_map_keeps_order_with_a_bounded_window() -> None:
    submitted: list[int] = []
    in_flight: list[int] = []

    class Slow:
        window = 3

        def submit(self, records: list[dict[str, Any]]) -> Any:
            submitted.append(records[0]["n"])
            in_flight.append(len(submitted))
            engine = self

            class F:
                def result(self) -> list[dict[str, Any]]:
                    return [{"n": r["n"] * 10} for r in records] if engine else []

            return F()

        def close(self, cancel: bool) -> None:
            pass

    consumed = []
    for key, res in batch.ordered_map(Slow(), ((i, [{"n": i}]) for i in range(10))):
        consumed.append(key)
        assert len(submitted) - len(consumed) < Slow.window  # never more than window ahead
        assert res == [{"n": key * 10}]
    assert consumed == list(range(10))


# Formats --------------------------------------------------------------------------------------


def crafted_document() -> Document:
    """Entities across a CRLF line break, starting inside a word, and across sentences."""
    text = "Ông Nguyễn\r\nVăn An đến HàNội.\nTin từ\nĐà Nẵng hôm qua."
    ents = []
    for s, label in (("Nguyễn\r\nVăn An", Label.PER), ("Nội", Label.LOC), ("từ\nĐà", Label.ORG)):
        a = text.index(s)
        ents.append(Entity(s, label, a, a + len(s), " ".join(s.split())))
    sents = []
    for s in ("Ông Nguyễn\r\nVăn An đến HàNội.", "Tin từ", "Đà Nẵng hôm qua."):
        a = text.index(s)
        sents.append(Sentence(s, a, a + len(s)))
    toks = []
    for s in ("Ông", "Nguyễn\r\nVăn An", "đến", "HàNội", ".", "Tin", "từ", "Đà Nẵng", "hôm qua"):
        a = text.index(s)
        toks.append(Token(s, a, a + len(s)))
    return Document(text, tuple(sents), tuple(toks), tuple(ents))


def check_brat_dir(outdir: Path, originals: dict[str, str]) -> int:
    """Every .ann parses the way brat reads it, and every T line matches its .txt."""
    assert (outdir / "annotation.conf").read_text(encoding="utf-8").count("\n[entities]\n") == 1
    n = 0
    for ann in outdir.rglob("*.ann"):
        txt_path = ann.with_suffix(".txt")
        raw = txt_path.read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf") and b"\r" not in raw
        txt = brat_read_text(txt_path)
        assert raw == txt.encode("utf-8")  # the bytes are exactly the text brat indexes
        rel = str(ann.relative_to(outdir).with_suffix(""))
        if rel in originals:
            assert txt == originals[rel].replace("\r\n", "\n").replace("\r", "\n")
        tids = set()
        for item in brat_parse_ann(ann):
            if item["kind"] == "T":
                tids.add(item["id"])
                assert item["label"] in {"PER", "LOC", "ORG", "DATE"}
                prev = -1
                for a, b in item["spans"]:
                    assert prev < a < b <= len(txt)
                    assert "\n" not in txt[a:b]
                    prev = b
                assert item["text"] == " ".join(txt[a:b] for a, b in item["spans"])
                n += 1
            else:
                assert item["type"] == "AnnotatorNotes" and item["target"] in tids
                assert item["note"].strip()
    return n


def test_brat_files_match_their_offsets(tmp_path: Path) -> None:
    texts = [*articles(), "Ông Lê Văn Bình\r\nở Hà Nội.\rBà Mai ở Huế.\u2028Xong."]
    write_corpus(tmp_path / "in" / "sub", texts)
    out = tmp_path / "brat"
    s = annotate([tmp_path / "in"], out, format="brat")
    assert s.failed == 0 and s.annotated == len(texts)
    originals = {f"sub/doc{i:03d}": t for i, t in enumerate(texts)}
    assert check_brat_dir(out, originals) > 5
    assert {p for p in files_under(out) if p.endswith(".ann")} == {f"{k}.ann" for k in originals}


def test_brat_crafted_multiline_entities(tmp_path: Path) -> None:
    doc = crafted_document()
    txt, ann = to_brat(doc)
    (tmp_path / "d.txt").write_bytes(txt.encode("utf-8"))
    (tmp_path / "d.ann").write_bytes(ann.encode("utf-8"))
    (tmp_path / "annotation.conf").write_text("# types\n[entities]\nPER\n", encoding="utf-8")
    check_brat_dir(tmp_path, {"d": doc.text})
    items = [i for i in brat_parse_ann(tmp_path / "d.ann") if i["kind"] == "T"]
    assert [(i["label"], i["text"]) for i in items] == [
        ("PER", "Nguyễn Văn An"),
        ("LOC", "Nội"),
        ("ORG", "từ Đà"),
    ]
    assert len(items[0]["spans"]) == 2 and len(items[2]["spans"]) == 2


def check_conll(path: Path, docs: dict[str, Document]) -> None:
    parsed = conll_parse(path)
    assert list(parsed) == list(docs)
    for doc_id, p in parsed.items():
        doc = docs[doc_id]
        assert p["declared"] == len(p["sentences"])
        rows = [r for s in p["sentences"] for r in s]
        for s in p["sentences"]:
            assert not s[0][3].startswith("I-")  # no entity runs across a sentence break
        for tok, a, b, _ in rows:
            assert tok == "_".join(doc.text[a:b].split()) and tok
        assert [a for _, a, _, _ in rows] == sorted(a for _, a, _, _ in rows)
        assert bio_spans(rows) == [(e.start, e.end, e.label.value) for e in doc.entities]


def test_conll_parses_back(tmp_path: Path, extractor: viextract.Extractor) -> None:
    texts = articles()
    paths = write_corpus(tmp_path / "in", texts)
    out = tmp_path / "out.conll"
    s = annotate([tmp_path / "in"], out, format="conll")
    assert s.failed == 0
    # the batch functions' date_spans default is still "core"
    expected = {str(p): extractor.extract(t) for p, t in zip(paths, texts, strict=True)}
    check_conll(out, expected)


def test_conll_crafted_entities_inside_words_and_across_sentences(tmp_path: Path) -> None:
    doc = crafted_document()
    (tmp_path / "c.conll").write_text(to_conll("doc\twith\ntabs", doc), encoding="utf-8")
    # the id's tab and newline are escaped in the header line (the id stays exact)
    check_conll(tmp_path / "c.conll", {"doc\\twith\\ntabs": doc})
    sents = conll_parse(tmp_path / "c.conll")["doc\\twith\\ntabs"]["sentences"]
    assert len(sents) == 2  # "Tin từ" and "Đà Nẵng ..." joined: an entity runs across them
    assert ("Hà", "O") in [(r[0], r[3]) for r in sents[0]]
    assert ("Nội", "B-LOC") in [(r[0], r[3]) for r in sents[0]]


def test_jsonl_schema_and_round_trip(tmp_path: Path, extractor: viextract.Extractor) -> None:
    t = articles()[0]
    (tmp_path / "a.txt").write_text(t, encoding="utf-8")
    for tokens in (False, True):
        out = tmp_path / f"o{tokens}.jsonl"
        annotate([tmp_path / "a.txt"], out, tokens=tokens, reference_date=dt.date(2015, 3, 14))
        (rec,) = read_jsonl(out)
        keys = ["id", "path", "text", "reference_date", "entities", "sentences"]
        assert list(rec) == keys + (["tokens"] if tokens else [])
        expected = extractor.extract(t, dt.date(2015, 3, 14))
        again = Document.from_dict(rec)
        assert again.entities == expected.entities and again.sentences == expected.sentences
        assert again.tokens == (expected.tokens if tokens else ())


# Interruptions --------------------------------------------------------------------------------


def _children(pid: int) -> set[int]:
    """All descendants of ``pid`` (Linux /proc)."""
    out: set[int] = set()
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            tasks = os.listdir(f"/proc/{p}/task")
        except OSError:
            continue
        for t in tasks:
            try:
                kids = Path(f"/proc/{p}/task/{t}/children").read_text().split()
            except OSError:
                continue
            for k in map(int, kids):
                if k not in out:
                    out.add(k)
                    todo.append(k)
    return out


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "State:\tZ" not in status


def _start_pool_run(
    tmp_path: Path, tag: str, n: int, records: int
) -> tuple[list[str], list[Path], Path, list[str], subprocess.Popen[bytes]]:
    """Start ``annotate --jobs 2`` on ``n`` articles; return once ``records`` are written."""
    base = articles()
    texts = [f"{base[i % len(base)]} ({tag} {i})\n" * 4 for i in range(n)]
    paths = write_corpus(tmp_path / "in", texts)
    out = tmp_path / "out.jsonl"
    cmd = [sys.executable, "-m", "viextract", "annotate", str(tmp_path / "in"), "-o", str(out)]
    proc = subprocess.Popen([*cmd, "--jobs", "2"], stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if out.exists() and out.read_bytes().count(b"\n") >= records:
            break
        time.sleep(0.02)
    return texts, paths, out, cmd, proc


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_killed_run_resumes_without_loss_or_duplicates(tmp_path: Path) -> None:
    import signal
    import subprocess
    import time

    texts, paths, out, cmd, proc = _start_pool_run(tmp_path, "bản", 24, records=3)
    assert proc.poll() is None, "the run ended before it could be killed"
    workers = _children(proc.pid)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.stderr is not None
    proc.stderr.close()
    done_before = out.read_bytes().count(b"\n")
    assert 3 <= done_before < len(texts)
    # simulate a write cut short as well: a partial trailing record
    with open(out, "ab") as f:
        f.write(b'{"id": "' + str(paths[-1]).encode() + b'", "text": "cut sh')
    deadline = time.monotonic() + 10
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(w) for w in workers), "workers outlived their killed parent"

    r = subprocess.run([*cmd, "--resume", "--jobs", "1"], capture_output=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert b"already done" in r.stderr
    recs = read_jsonl(out)
    assert [x["id"] for x in recs] == [str(p) for p in paths]  # once each, in order
    assert [x["text"] for x in recs] == texts
    r = subprocess.run([*cmd, "--resume", "--quiet"], capture_output=True, timeout=120)
    assert r.returncode == 0 and read_jsonl(out) == recs  # nothing left to do


def _direct_children(pid: int) -> set[int]:
    out: set[int] = set()
    for t in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{t}/children") as f:
            out.update(map(int, f.read().split()))
    return out


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_a_killed_worker_loses_nothing(tmp_path: Path) -> None:
    import signal

    _, paths, out, _, proc = _start_pool_run(tmp_path, "số", 16, records=2)
    # the pool's workers are the grandchildren (children of the forkserver)
    workers = {w for c in _direct_children(proc.pid) for w in _direct_children(c)}
    assert workers and proc.poll() is None
    os.kill(min(workers), signal.SIGKILL)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    recs = read_jsonl(out)
    assert [x["id"] for x in recs] == [str(p) for p in paths]


@pytest.mark.parametrize("signame", ["SIGINT", "SIGTERM"])
def test_ctrl_c_and_sigterm_stop_cleanly(tmp_path: Path, signame: str) -> None:
    import signal
    import subprocess
    import sys
    import time

    base = articles()
    write_corpus(tmp_path / "in", [f"{base[i % len(base)]} ({i})\n" * 4 for i in range(30)])
    out = tmp_path / "out.jsonl"
    cmd = [sys.executable, "-m", "viextract", "annotate", str(tmp_path / "in"), "-o", str(out)]
    proc = subprocess.Popen([*cmd, "--jobs", "2"], stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (out.exists() and out.read_bytes().count(b"\n")):
        time.sleep(0.02)
    assert proc.poll() is None, "the run ended before it could be stopped"
    proc.send_signal(getattr(signal, signame))
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == (130 if signame == "SIGINT" else 143)
    assert b"Traceback" not in err
    read_jsonl(out)  # whole records only


def test_resume_conll_and_brat_after_cut_output(tmp_path: Path) -> None:
    texts = articles()
    paths = write_corpus(tmp_path / "in", texts)
    conll = tmp_path / "out.conll"
    annotate([tmp_path / "in"], conll, format="conll")
    full = conll.read_bytes()
    # cut in the middle of the fourth block (between two of its sentences, and mid-line)
    fourth = full.index(f"# doc_id = {paths[3]}".encode())
    for cut in (full.index(b"\n\n", fourth) + 2, full.index(b"\t", fourth) + 3):
        conll.write_bytes(full[:cut])
        s = annotate([tmp_path / "in"], conll, format="conll", resume=True)
        assert (s.skipped, s.annotated, s.failed) == (3, len(texts) - 3, 0)
        assert conll.read_bytes() == full
    # brat: a lost .ann and a leftover temporary file
    out = tmp_path / "brat"
    annotate([tmp_path / "in"], out, format="brat")
    before = {p: (out / p).read_bytes() for p in files_under(out)}
    (out / "doc002.ann").unlink()
    (out / ".viextract-x.tmp").write_bytes(b"partial")
    s = annotate([tmp_path / "in"], out, format="brat", resume=True)
    assert (s.skipped, s.annotated) == (len(texts) - 1, 1)
    assert {p: (out / p).read_bytes() for p in files_under(out)} == before
    with pytest.raises(ConfigError, match="--resume"):
        annotate([tmp_path / "in"], out, format="brat")


def test_resume_refuses_a_file_that_is_not_ours(tmp_path: Path) -> None:
    write_corpus(tmp_path / "in", articles()[:1])
    out = tmp_path / "out.jsonl"
    out.write_text('{"id": "x"}\nnot json\n{"id": "y"}\n', encoding="utf-8")
    with pytest.raises(InputError, match="line 2"):
        annotate([tmp_path / "in"], out, resume=True)
    assert out.read_text(encoding="utf-8").count("\n") == 3  # left as it was


# Output names ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", nasty_names())
def test_safe_relpath_stays_inside(tmp_path: Path, name: str) -> None:
    rel = safe_relpath(name)
    assert rel and not os.path.isabs(rel) and "\\" not in rel
    parts = rel.split("/")
    assert all(p and not p.startswith(".") and len(p.encode()) <= 120 for p in parts)
    root = tmp_path / "root"
    assert os.path.commonpath([root, os.path.normpath(root / rel)]) == str(root)


def test_brat_names_from_hostile_ids_stay_in_the_output(tmp_path: Path) -> None:
    names = nasty_names()
    feed = tmp_path / "feed.jsonl"
    with open(feed, "w", encoding="utf-8") as f:
        for i, name in enumerate(names):
            rec = {"id": name, "text": f"Ông Lê Văn Bình ở Hà Nội, bài {i}."} if name else None
            f.write(json.dumps(rec or {"text": f"Huế, bài {i}."}) + "\n")
    inside = tmp_path / "work"
    outside = tmp_path / "outside"
    outside.mkdir()
    out = inside / "brat"
    out.mkdir(parents=True)
    os.symlink(outside, out / "planted")  # a symlink in the output must not be followed
    feed2 = tmp_path / "planted.jsonl"
    feed2.write_text(json.dumps({"id": "planted/x", "text": "Hà Nội"}) + "\n", encoding="utf-8")
    s = annotate([feed, feed2], out, format="brat")
    assert [f.id for f in s.failures] == ["planted/x"]
    assert "outside" in s.failures[0].reason
    assert list(outside.iterdir()) == []
    assert set(os.listdir(tmp_path)) == {"feed.jsonl", "planted.jsonl", "work", "outside"}
    anns = [p for p in files_under(out) if p.endswith(".ann")]
    assert len(anns) == len(names)  # one per article: names are unique
    assert check_brat_dir(out, {}) >= len(names)


# The batch function ---------------------------------------------------------------------------


def test_annotate_batch_records(extractor: viextract.Extractor) -> None:
    t = articles()
    recs: list[dict[str, Any]] = [
        {"id": 1, "text": t[0], "date": "2015-11-21"},
        {"id": "b", "text": t[1], "published": dt.datetime(2015, 1, 2, 23, 0)},
        {"id": None, "text": t[2], "date": float("nan")},
        {"id": "e", "text": ""},
        {"id": "n", "text": None},
        {"id": "d", "text": t[3], "date": "mai"},
    ]
    res = annotate_batch(recs, reference_date="2020-02-02", tokens=True)
    assert [r["id"] for r in res] == [1, "b", None, "e", "n", "d"]
    assert [r.get("reference_date") for r in res[:3]] == ["2015-11-21", "2015-01-02", "2020-02-02"]
    assert [r.get("error") for r in res[3:]] == [
        "empty text",
        "no 'text' string field",
        "field 'date': not an ISO date (YYYY-MM-DD): 'mai'",
    ]
    doc = extractor.extract(t[0], dt.date(2015, 11, 21))
    assert Document.from_dict(res[0]) == doc
    assert "text" not in annotate_batch(recs[:1], include_text=False)[0]
    phrase = annotate_batch(recs[:1], tokens=True, date_spans="phrase")[0]
    assert Document.from_dict(phrase) == extractor.extract(
        t[0], dt.date(2015, 11, 21), "past", "phrase"
    )


def test_annotate_cli_date_spans() -> None:
    text = "Ngày thứ năm 19-11 trời mưa."
    got = {}
    for mode in ("core", "phrase"):
        r = cli(
            "annotate",
            "-",
            "-o",
            "-",
            "--quiet",
            "--date-spans",
            mode,
            "--reference-date",
            "2015-11-21",
            stdin=text.encode(),
        )
        assert r.returncode == 0, r.stderr
        ents = json.loads(r.stdout)["entities"]
        got[mode] = [(e["text"], e["normalized"]) for e in ents if e["label"] == "DATE"]
    assert got == {"core": [("19-11", "2015-11-19")], "phrase": [(text[:18], "2015-11-19")]}


def test_annotate_batch_is_picklable() -> None:
    import functools
    import pickle

    fn = pickle.loads(pickle.dumps(functools.partial(annotate_batch, tokens=True)))
    assert fn([{"id": 1, "text": "Hà Nội"}])[0]["tokens"]


def test_annotate_frame() -> None:
    pd = pytest.importorskip("pandas", reason="pandas is not installed (pip install '.[test]')")
    from viextract.batch.work import FRAME_COLUMNS, annotate_frame

    t = articles()
    frame = pd.DataFrame(
        {"key": ["a", "b", "c"], "body": [t[0], "", t[1]], "day": ["2015-11-21", None, None]},
        index=[10, 11, 12],
    )
    out = annotate_frame(frame, text_column="body", id_column="key", date_column="day")
    assert list(out.columns) == list(FRAME_COLUMNS) and list(out.index) == [10, 11, 12]
    assert list(out["id"]) == ["a", "b", "c"]
    assert list(out["error"]) == [None, "empty text", None]
    assert out.loc[10, "reference_date"] == "2015-11-21"
    ents = json.loads(out.loc[12, "entities"])
    assert all(t[1][e["start"] : e["end"]] == e["text"] for e in ents) and ents


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_progress_bar_on_a_terminal_only(tmp_path: Path) -> None:
    import fcntl
    import struct
    import subprocess
    import sys
    import termios

    write_corpus(tmp_path / "in", articles()[:3])
    cmd = [sys.executable, "-m", "viextract", "annotate", str(tmp_path / "in"), "--jobs", "1"]
    seen = {}
    for flag in ("", "--quiet"):
        primary, secondary = os.openpty()
        fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 120, 0, 0))
        out = tmp_path / f"o{flag}.jsonl"
        extra = [flag] if flag else []
        r = subprocess.run([*cmd, "-o", str(out), *extra], stderr=secondary, timeout=120)
        os.close(secondary)
        chunks = []
        while True:
            try:
                data = os.read(primary, 65536)
            except OSError:
                break
            if not data:
                break
            chunks.append(data)
        os.close(primary)
        assert r.returncode == 0
        seen[flag] = b"".join(chunks).decode("utf-8", "replace")
    assert "3/3" in seen[""] and "doc/s" in seen[""] and "chars/s" in seen[""]
    assert "3 annotated" in seen[""]
    assert seen["--quiet"] == ""
