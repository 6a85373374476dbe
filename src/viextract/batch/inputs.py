"""Reading articles for batch annotation, and naming the files written for them.

One place decides how bytes become text (:func:`decode_text`): UTF-8, with a UTF-8, UTF-16 or
UTF-32 byte order mark honoured. Inputs are text files, directories (searched recursively with
a glob), JSONL files (one article per line) or stdin; each yields :class:`Article` objects, or a
:class:`Failure` (with the path and the reason) for an input that cannot be read, so that a batch
run can report it and go on.
"""

from __future__ import annotations

import codecs
import datetime as dt
import json
import os
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any, Literal

from ..checks import parse_date

InputFormat = Literal["auto", "text", "jsonl"]

#: JSONL fields read as an article's reference date, in this order of preference.
DATE_FIELDS = ("reference_date", "date", "published")

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_text(data: bytes) -> str:
    """Bytes of a text file -> str: UTF-8, or UTF-8/16/32 with a byte order mark (removed).

    Raises:
        UnicodeDecodeError: the bytes are not text in one of those encodings, or contain a NUL
            byte (a binary file, or UTF-16 without a byte order mark).
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = data.decode(encoding)
            break
    else:
        text = data.decode("utf-8-sig")
        nul = data.find(b"\x00")
        if nul >= 0:
            raise UnicodeDecodeError(
                "utf-8", data, nul, nul + 1, "NUL byte: binary, or UTF-16 without a BOM?"
            )
    return text


def read_text_file(path: str) -> str:
    """Read a text file (or stdin for ``-``) with :func:`decode_text`."""
    if path == "-":
        return decode_text(sys.stdin.buffer.read())
    with open(path, "rb") as f:
        return decode_text(f.read())


def describe_error(exc: BaseException) -> str:
    """A one-line reason for a failure, without a traceback."""
    if isinstance(exc, UnicodeDecodeError):
        return f"not UTF-8 text ({exc.reason} at byte {exc.start})"
    if isinstance(exc, FileNotFoundError):
        return "no such file"
    if isinstance(exc, IsADirectoryError):
        return "is a directory"
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    msg = str(exc).splitlines()[0] if str(exc) else ""
    return f"{type(exc).__name__}: {msg}" if msg else type(exc).__name__


@dataclass(frozen=True, slots=True)
class Article:
    """One text to annotate.

    Attributes:
        id: unique in a run; the key ``--resume`` uses. A file's path as found, or a JSONL
            record's ``id`` (``PATH:LINE`` when it has none).
        path: the file it came from (``-`` for stdin).
        name: a relative name for files written for it (brat), not yet sanitized.
        text: the text.
        reference_date: the article's own date, if it has one.
        line: the line number in a JSONL file, else None.
    """

    id: str
    path: str
    name: str
    text: str
    reference_date: dt.date | None = None
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Failure:
    """An input that could not be read or annotated."""

    id: str
    path: str
    reason: str
    line: int | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "path": self.path}
        if self.line is not None:
            out["line"] = self.line
        out["error"] = self.reason
        return out


def check_article_text(text: str) -> str | None:
    """Why ``text`` cannot be annotated, or None when it can."""
    if not text.strip():
        return "empty text"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "text contains unpaired surrogates"
    return None


def _text_article(path: str, name: str, default: dt.date | None) -> Article | Failure:
    try:
        text = read_text_file(path)
    except (OSError, UnicodeDecodeError) as exc:
        return Failure(path, path, describe_error(exc))
    problem = check_article_text(text)
    if problem:
        return Failure(path, path, problem)
    return Article(path, path, name, text, default)


def jsonl_articles(
    path: str, default: dt.date | None, stream: Iterable[bytes] | None = None
) -> Iterator[Article | Failure]:
    """Articles of a JSONL file (or of ``stream``): one JSON object a line with ``text``, an
    optional ``id`` and an optional date in ``reference_date``, ``date`` or ``published``.
    Blank lines are ignored; a bad line is a :class:`Failure` and the next lines are read."""
    if stream is not None:
        yield from _jsonl_lines(path, stream, default)
        return
    try:
        f = open(path, "rb")  # noqa: SIM115 - closed by the with below
    except OSError as exc:
        yield Failure(path, path, describe_error(exc))
        return
    with f:
        try:
            yield from _jsonl_lines(path, f, default)
        except OSError as exc:
            yield Failure(path, path, describe_error(exc))


def _jsonl_lines(
    path: str, lines: Iterable[bytes], default: dt.date | None
) -> Iterator[Article | Failure]:
    stem = PurePosixPath(path.replace(os.sep, "/")).stem if path != "-" else "stdin"
    for n, raw in enumerate(lines, 1):
        if not raw.strip():
            continue
        where = f"{path}:{n}"
        try:
            rec = json.loads(decode_text(raw))
        except UnicodeDecodeError as exc:
            yield Failure(where, path, describe_error(exc), n)
            continue
        except ValueError as exc:
            yield Failure(where, path, f"bad JSON ({exc})", n)
            continue
        if not isinstance(rec, dict):
            yield Failure(where, path, "line is not a JSON object", n)
            continue
        raw_id = rec.get("id")
        has_id = raw_id is not None and raw_id != ""
        art_id = str(raw_id) if has_id else where
        text = rec.get("text")
        if not isinstance(text, str):
            yield Failure(art_id, path, "no 'text' string field", n)
            continue
        problem = check_article_text(text)
        if problem:
            yield Failure(art_id, path, problem, n)
            continue
        ref = default
        bad = ""
        for field in DATE_FIELDS:
            value = rec.get(field)
            if value is None or value == "":
                continue
            try:
                ref = parse_date(value)
            except ValueError as exc:
                bad = f"field {field!r}: {exc}"
            break
        if bad:
            yield Failure(art_id, path, bad, n)
            continue
        yield Article(art_id, path, art_id if has_id else f"{stem}-{n}", text, ref, n)


def _is_jsonl(path: str) -> bool:
    return path.lower().endswith((".jsonl", ".ndjson"))


def _walk(root: str, pattern: str) -> Iterator[tuple[str, str]]:
    """Files under ``root`` whose relative path matches ``pattern``, in a stable sorted order:
    (path, path relative to root)."""
    stack = [""]
    while stack:
        rel_dir = stack.pop()
        here = os.path.join(root, rel_dir) if rel_dir else root
        try:
            entries = sorted(os.scandir(here), key=lambda e: e.name)
        except OSError:
            continue
        subdirs = []
        for e in entries:
            rel = f"{rel_dir}/{e.name}" if rel_dir else e.name
            try:
                if e.is_dir(follow_symlinks=False):
                    subdirs.append(rel)
                elif e.is_file() and PurePosixPath(rel).match(pattern):
                    yield os.path.join(root, rel), rel
            except OSError:
                continue
        stack.extend(reversed(subdirs))


def iter_articles(
    inputs: Sequence[str],
    *,
    pattern: str = "*.txt",
    input_format: InputFormat = "auto",
    reference_date: dt.date | None = None,
) -> Iterator[Article | Failure]:
    """Every article of ``inputs`` in a deterministic order (inputs in the order given,
    directories in sorted order). ``-`` reads stdin: one text, or JSONL with
    ``input_format="jsonl"``."""
    for inp in inputs:
        if inp == "-":
            if input_format == "jsonl":
                yield from jsonl_articles("-", reference_date, iter(sys.stdin.buffer))
            else:
                try:
                    text = read_text_file("-")
                except (OSError, UnicodeDecodeError) as exc:
                    yield Failure("-", "-", describe_error(exc))
                    continue
                problem = check_article_text(text)
                if problem:
                    yield Failure("-", "-", problem)
                else:
                    yield Article("-", "-", "stdin", text, reference_date)
        elif os.path.isdir(inp):
            for path, rel in _walk(inp, pattern):
                if input_format == "jsonl" or (input_format == "auto" and _is_jsonl(path)):
                    yield from jsonl_articles(path, reference_date)
                else:
                    yield _text_article(path, rel.rsplit(".", 1)[0] or rel, reference_date)
        elif input_format == "jsonl" or (input_format == "auto" and _is_jsonl(inp)):
            yield from jsonl_articles(inp, reference_date)
        else:
            base = os.path.basename(inp.rstrip("/\\")) or inp
            yield _text_article(inp, base.rsplit(".", 1)[0] or base, reference_date)


def count_articles(inputs: Sequence[str], *, pattern: str, input_format: InputFormat) -> int:
    """How many items :func:`iter_articles` will yield, without reading the texts (a progress
    bar's total; JSONL files are scanned for non-blank lines)."""
    total = 0
    for inp in inputs:
        if inp == "-":
            total += 1 if input_format != "jsonl" else 0
            continue
        paths = [p for p, _ in _walk(inp, pattern)] if os.path.isdir(inp) else [inp]
        for p in paths:
            if input_format == "jsonl" or (input_format == "auto" and _is_jsonl(p)):
                try:
                    with open(p, "rb") as f:
                        total += sum(1 for line in f if line.strip())
                except OSError:
                    total += 1
            else:
                total += 1
    return total


# Characters kept in file names: letters, digits, "_", "-" and "." (not leading).
_UNSAFE = re.compile(r"[^\w.\-]+")
_MAX_COMPONENT_BYTES = 120


def safe_relpath(name: str) -> str:
    """A relative path made from any string that stays below the directory it is joined to.

    Separators (``/`` and ``\\``) keep sub-directories; ``..``, ``.``, leading dots, drive
    letters and anything but letters, digits, ``_``, ``-`` and ``.`` are removed or replaced by
    ``_``; each part is at most 120 bytes of UTF-8. Never empty, never absolute.
    """
    parts = []
    for raw in re.split(r"[/\\]+", unicodedata.normalize("NFC", name)):
        part = _UNSAFE.sub("_", raw).lstrip(".")
        if part.strip("_") == "":
            continue
        cut = part.encode("utf-8")[:_MAX_COMPONENT_BYTES].decode("utf-8", "ignore")
        parts.append(cut.rstrip("."))
    return "/".join(p for p in parts if p) or "_"
