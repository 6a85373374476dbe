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
import errno
import json
import os
import re
import stat
import sys
import unicodedata
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any, BinaryIO, Literal

from ..checks import parse_date
from ..errors import NotRegularFileError, ViextractError

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


def file_kind(mode: int) -> str:
    """What a file of ``st_mode`` ``mode`` is, for messages ("a FIFO", "a socket", ...)."""
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    return "not a regular file"


def open_regular(path: str) -> BinaryIO:
    """Open the regular file ``path`` for reading in binary mode.

    Anything else is refused before it is read, without blocking: a FIFO with no writer would
    wait forever, a device may never end. (The file is opened non-blocking and checked with
    ``fstat``, so a file swapped for a FIFO after the first check is refused too.)

    Raises:
        NotRegularFileError: ``path`` is a FIFO, a socket or a device.
        IsADirectoryError, FileNotFoundError, PermissionError, OSError: as ``open`` does.
    """
    mode = os.stat(path).st_mode
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), path)
    if not stat.S_ISREG(mode):
        raise NotRegularFileError(path, file_kind(mode))
    fd = os.open(path, os.O_RDONLY | _O_NONBLOCK | _O_BINARY)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFileError(path, file_kind(mode))
        if _O_NONBLOCK:
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_O_BINARY = getattr(os, "O_BINARY", 0)


def read_text_file(path: str) -> str:
    """Read a regular text file (or stdin for ``-``) with :func:`decode_text`; a FIFO, socket
    or device is refused (:func:`open_regular`)."""
    if path == "-":
        return decode_text(sys.stdin.buffer.read())
    with open_regular(path) as f:
        return decode_text(f.read())


def describe_error(exc: BaseException) -> str:
    """A one-line reason for a failure, without a traceback."""
    if isinstance(exc, NotRegularFileError):
        return exc.reason
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
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    if isinstance(exc, MemoryError):
        return "out of memory"
    msg = one_line(str(exc).splitlines()[0]) if str(exc).strip() else ""
    if isinstance(exc, ViextractError):
        return msg or type(exc).__name__
    return f"{type(exc).__name__}: {msg}" if msg else type(exc).__name__


_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def one_line(s: str) -> str:
    """``s`` for a one-line message: control characters, line separators and lone surrogates
    written as escapes (``\\n``, ``\\udc80``)."""
    return _UNPRINTABLE.sub(lambda m: repr(m.group())[1:-1], s)


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
    except Exception as exc:  # unreadable, not a file, not UTF-8, too large: this input fails
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
    Blank lines are ignored; a bad line (not UTF-8, not JSON, nested too deeply, not an object,
    no text, a bad date) is a :class:`Failure` and the next lines are read."""
    if stream is not None:
        yield from _jsonl_lines(path, stream, default)
        return
    try:
        f = open_regular(path)
    except Exception as exc:
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
        try:
            yield _jsonl_record(path, stem, n, raw, default)
        except Exception as exc:  # whatever goes wrong with one line is that line's failure
            yield Failure(f"{path}:{n}", path, describe_error(exc), n)


def _jsonl_record(
    path: str, stem: str, n: int, raw: bytes, default: dt.date | None
) -> Article | Failure:
    where = f"{path}:{n}"
    try:
        rec = json.loads(decode_text(raw))
    except UnicodeDecodeError as exc:
        return Failure(where, path, describe_error(exc), n)
    except RecursionError:
        return Failure(where, path, "bad JSON (nested too deeply)", n)
    except ValueError as exc:
        return Failure(where, path, f"bad JSON ({exc})", n)
    if not isinstance(rec, dict):
        return Failure(where, path, "line is not a JSON object", n)
    raw_id = rec.get("id")
    if isinstance(raw_id, (dict, list)):
        return Failure(where, path, "'id' is not a string or a number", n)
    has_id = raw_id is not None and raw_id != ""
    art_id = str(raw_id) if has_id else where
    text = rec.get("text")
    if not isinstance(text, str):
        return Failure(art_id, path, "no 'text' string field", n)
    problem = check_article_text(text)
    if problem:
        return Failure(art_id, path, problem, n)
    ref = default
    for field in DATE_FIELDS:
        value = rec.get(field)
        if value is None or value == "":
            continue
        try:
            ref = parse_date(value)
        except ValueError as exc:
            return Failure(art_id, path, f"field {field!r}: {exc}", n)
        break
    return Article(art_id, path, art_id if has_id else f"{stem}-{n}", text, ref, n)


def _is_jsonl(path: str) -> bool:
    return path.lower().endswith((".jsonl", ".ndjson"))


#: Files and directories a walk leaves out, by identity: ``(st_dev, st_ino)`` pairs (the
#: output and the errors file of the run, so that a run never reads what it writes).
Identities = Collection[tuple[int, int]]


def _walk(root: str, pattern: str, skip: Identities = ()) -> Iterator[tuple[str, str] | Failure]:
    """Files under ``root`` whose relative path matches ``pattern``, in a stable sorted order:
    (path, path relative to root); symbolic links to files are followed, links to directories
    are not.

    Nothing is skipped silently: a directory that cannot be read, a symbolic link to a
    directory, and an entry matching ``pattern`` that is not a regular file or cannot be
    examined (a FIFO, a socket, a device, a dangling or looping symbolic link) are each a
    :class:`Failure`. Entries in ``skip`` are left out.
    """
    stack = [""]
    while stack:
        rel_dir = stack.pop()
        here = os.path.join(root, rel_dir) if rel_dir else root
        try:
            with os.scandir(here) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            yield Failure(here, here, f"directory cannot be read: {describe_error(exc)}")
            continue
        subdirs = []
        for e in entries:
            rel = f"{rel_dir}/{e.name}" if rel_dir else e.name
            path = os.path.join(root, rel)
            item = _entry(e, path, rel, pattern, skip)
            if item == "dir":
                subdirs.append(rel)
            elif item is not None:
                yield item
        stack.extend(reversed(subdirs))


def _entry(
    e: os.DirEntry[str], path: str, rel: str, pattern: str, skip: Identities
) -> tuple[str, str] | Failure | Literal["dir"] | None:
    """What the walk makes of one directory entry: a file to read, a failure to report, a
    directory to enter, or None (not an input)."""
    matches = PurePosixPath(rel).match(pattern)
    link = False
    try:
        if e.is_dir(follow_symlinks=False):
            if skip and _identity(e.stat(follow_symlinks=False)) in skip:
                return None
            return "dir"
        if e.is_file(follow_symlinks=False):
            if not matches or (skip and _identity(e.stat(follow_symlinks=False)) in skip):
                return None
            return path, rel
        link = e.is_symlink()
        if not (matches or link):
            return None
        st = os.stat(path)
    except OSError as exc:
        if not matches:
            return None
        if link and isinstance(exc, FileNotFoundError):
            return Failure(path, path, "dangling symbolic link")
        return Failure(path, path, describe_error(exc))
    if stat.S_ISDIR(st.st_mode):
        return Failure(path, path, "symbolic link to a directory: not followed")
    if not matches or (skip and _identity(st) in skip):
        return None
    if not stat.S_ISREG(st.st_mode):
        return Failure(path, path, NotRegularFileError(path, file_kind(st.st_mode)).reason)
    return path, rel


def _identity(st: os.stat_result) -> tuple[int, int]:
    return st.st_dev, st.st_ino


def identity(path: str) -> tuple[int, int] | None:
    """``(st_dev, st_ino)`` of ``path`` (symbolic links followed), None if it does not exist."""
    try:
        return _identity(os.stat(path))
    except (OSError, ValueError):
        return None


def iter_articles(
    inputs: Sequence[str],
    *,
    pattern: str = "*.txt",
    input_format: InputFormat = "auto",
    reference_date: dt.date | None = None,
    skip: Identities = (),
) -> Iterator[Article | Failure]:
    """Every article of ``inputs`` in a deterministic order (inputs in the order given,
    directories in sorted order), or a :class:`Failure` for each input, line or directory
    entry that cannot be read. ``-`` reads stdin: one text, or JSONL with
    ``input_format="jsonl"``. Directory walks leave out the files and directories in ``skip``.
    """
    for inp in inputs:
        if inp == "-":
            if input_format == "jsonl":
                yield from jsonl_articles("-", reference_date, iter(sys.stdin.buffer))
            else:
                try:
                    text = read_text_file("-")
                except Exception as exc:
                    yield Failure("-", "-", describe_error(exc))
                    continue
                problem = check_article_text(text)
                if problem:
                    yield Failure("-", "-", problem)
                else:
                    yield Article("-", "-", "stdin", text, reference_date)
        elif os.path.isdir(inp):
            for found in _walk(inp, pattern, skip):
                if isinstance(found, Failure):
                    yield found
                    continue
                path, rel = found
                if input_format == "jsonl" or (input_format == "auto" and _is_jsonl(path)):
                    yield from jsonl_articles(path, reference_date)
                else:
                    yield _text_article(path, rel.rsplit(".", 1)[0] or rel, reference_date)
        elif input_format == "jsonl" or (input_format == "auto" and _is_jsonl(inp)):
            yield from jsonl_articles(inp, reference_date)
        else:
            base = os.path.basename(inp.rstrip("/\\")) or inp
            yield _text_article(inp, base.rsplit(".", 1)[0] or base, reference_date)


def count_articles(
    inputs: Sequence[str], *, pattern: str, input_format: InputFormat, skip: Identities = ()
) -> int:
    """How many items :func:`iter_articles` will yield, without reading the texts (a progress
    bar's total; JSONL files are scanned for non-blank lines)."""
    total = 0
    for inp in inputs:
        if inp == "-":
            total += 1 if input_format != "jsonl" else 0
            continue
        if not os.path.isdir(inp):
            found: Iterable[tuple[str, str] | Failure] = [(inp, inp)]
        else:
            found = _walk(inp, pattern, skip)
        for item in found:
            if isinstance(item, Failure):
                total += 1
                continue
            p = item[0]
            if input_format == "jsonl" or (input_format == "auto" and _is_jsonl(p)):
                try:
                    with open_regular(p) as f:
                        total += sum(1 for line in f if line.strip())
                except (OSError, ViextractError):
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
