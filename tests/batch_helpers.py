"""Shared helpers of the batch tests: the test corpora and format readers written independently
of viextract's writers (a brat-like .ann/.txt reader, a CoNLL reader)."""

from __future__ import annotations

import codecs
import io
import json
import os
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data" / "batch"


def articles() -> list[str]:
    blocks = (DATA / "articles.txt").read_text(encoding="utf-8").split("\n---\n")
    out = []
    for b in blocks:
        lines = [ln for ln in b.splitlines() if not ln.startswith("#")]
        out.append("\n".join(lines).strip())
    return out


def input_cases() -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = json.loads((DATA / "inputs.json").read_text(encoding="utf-8"))
    return cases


def case_bytes(case: dict[str, Any]) -> bytes:
    if "hex" in case:
        return bytes.fromhex(case["hex"])
    text = case["text"]
    if case.get("nfd"):
        text = unicodedata.normalize("NFD", text)
    if case["encoding"] == "utf-16-be-bom":
        return codecs.BOM_UTF16_BE + text.encode("utf-16-be")
    return bytes(text.encode(case["encoding"]))


def nasty_names() -> list[str]:
    out = []
    for line in (DATA / "names.txt").read_text(encoding="utf-8").split("\n"):
        if line.startswith("#") or line == "":
            continue
        name = line.replace("\\t", "\t").replace("\\n", "\n")
        out.append("" if name == "<empty>" else name)
    return out


def write_corpus(folder: Path, texts: list[str], prefix: str = "doc") -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, t in enumerate(texts):
        p = folder / f"{prefix}{i:03d}.txt"
        p.write_text(t, encoding="utf-8")
        paths.append(p)
    return paths


def cli(
    *args: str, stdin: bytes | None = None, timeout: float = 120, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "viextract", *args],
        input=stdin,
        capture_output=True,
        timeout=timeout,
        env=None if env is None else {**os.environ, **env},
    )


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    data = path.read_bytes()
    assert data == b"" or data.endswith(b"\n"), "the last record is cut"
    return [json.loads(line) for line in data.decode("utf-8").splitlines()]


# brat ---------------------------------------------------------------------------------------


def brat_read_text(path: Path) -> str:
    """The .txt as brat reads it: strict UTF-8 with universal newlines."""
    with open(path, encoding="utf-8", errors="strict", newline=None) as f:
        return f.read()


def brat_parse_ann(path: Path) -> list[dict[str, Any]]:
    """Parse an .ann file the way brat's line-oriented reader does (codecs reader lines)."""
    with codecs.open(str(path), "r", encoding="utf-8", errors="strict") as f:
        lines = list(f)
    out: list[dict[str, Any]] = []
    for raw in lines:
        line = raw.rstrip("\r\n")
        assert line, "no blank lines in an .ann"
        ident, rest = line.split("\t", 1)
        if ident.startswith("T"):
            data, shown = rest.split("\t", 1)
            label, offsets = data.split(" ", 1)
            spans = []
            for part in offsets.split(";"):
                a, b = part.split(" ")
                spans.append((int(a), int(b)))
            out.append({"kind": "T", "id": ident, "label": label, "spans": spans, "text": shown})
        elif ident.startswith("#"):
            data, note = rest.split("\t", 1)
            kind, target = data.split()
            out.append({"kind": "#", "id": ident, "type": kind, "target": target, "note": note})
        else:
            raise AssertionError(f"unexpected line {line!r}")
    return out


# CoNLL --------------------------------------------------------------------------------------


def conll_parse(path: Path) -> dict[str, dict[str, Any]]:
    """doc_id -> {"declared": n, "sentences": [[(tok, start, end, tag), ...], ...]}."""
    docs: dict[str, dict[str, Any]] = {}
    cur: dict[str, Any] | None = None
    rows: list[tuple[str, int, int, str]] = []
    for line in io.StringIO(path.read_text(encoding="utf-8")):
        line = line.rstrip("\n")
        if line.startswith("# doc_id = "):
            assert not rows
            cur = {"declared": None, "sentences": []}
            doc_id = line[len("# doc_id = ") :]
            assert doc_id not in docs, f"duplicate {doc_id}"
            docs[doc_id] = cur
        elif line.startswith("# sentences = "):
            assert cur is not None
            cur["declared"] = int(line[len("# sentences = ") :])
        elif line == "":
            if rows:
                assert cur is not None
                cur["sentences"].append(rows)
                rows = []
        else:
            cols = line.split("\t")
            assert len(cols) == 4, line
            rows.append((cols[0], int(cols[1]), int(cols[2]), cols[3]))
    assert not rows, "the last sentence has no closing blank line"
    return docs


def bio_spans(rows: list[tuple[str, int, int, str]]) -> list[tuple[int, int, str]]:
    spans: list[tuple[int, int, str]] = []
    for _, a, b, tag in rows:
        if tag.startswith("B-"):
            spans.append((a, b, tag[2:]))
        elif tag.startswith("I-"):
            assert spans and spans[-1][2] == tag[2:], "I- without its B-"
            spans[-1] = (spans[-1][0], b, tag[2:])
        else:
            assert tag == "O", tag
    return spans


def files_under(root: Path) -> set[str]:
    return {os.path.relpath(os.path.join(d, f), root) for d, _, fs in os.walk(root) for f in fs}
