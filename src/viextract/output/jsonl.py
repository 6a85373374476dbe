"""JSONL output: one article a line, written whole (one write per line) so that an interrupted
run leaves at most one partial last line, which :func:`repair` cuts away before resuming.

A line is ``{"id", "path", ["line",] "text", "reference_date", "entities", "sentences",
["tokens"]}``; ``viextract.Document.from_dict(json.loads(line))`` rebuilds the document.
Lines are UTF-8; a lone surrogate in a string (an id read from a file name that is not UTF-8,
say) is written as a JSON escape (``\\udce9``), which ``json.loads`` reads back as it was.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
import sys
from collections.abc import Callable
from typing import Any

from ..batch.inputs import Article
from ..errors import ConfigError, InputError

_SURROGATE = re.compile("[\ud800-\udfff]")


def dumps(obj: Any) -> str:
    """``obj`` as one line of JSON that can always be encoded as UTF-8: non-ASCII characters as
    they are, lone surrogates as ``\\uXXXX`` escapes (``json.loads`` gives them back)."""
    line = json.dumps(obj, ensure_ascii=False)
    if _SURROGATE.search(line):  # they occur only inside strings, where an escape is valid
        line = _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", line)
    return line


def write_all(fd: int, data: bytes) -> None:
    """Write all of ``data`` to the file descriptor ``fd`` (a short write is continued)."""
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        view = view[n:]


def record(article: Article, result: dict[str, Any]) -> dict[str, Any]:
    """The output record of an annotated article (``result`` from ``annotate_batch``)."""
    out: dict[str, Any] = {"id": article.id, "path": article.path}
    if article.line is not None:
        out["line"] = article.line
    out["text"] = article.text
    out["reference_date"] = result.get("reference_date")
    out["entities"] = result["entities"]
    out["sentences"] = result["sentences"]
    if "tokens" in result:
        out["tokens"] = result["tokens"]
    return out


def repair(path: str) -> set[str]:
    """Cut a partial last line off the JSONL file ``path``; return the ids it holds.

    Raises:
        InputError: a complete line is not a JSON object with an ``id`` (not our output).
    """
    ids: set[str] = set()
    good = 0
    with open(path, "rb") as f:
        for n, line in enumerate(f, 1):
            if not line.endswith(b"\n"):
                break  # the last line, cut short by an interruption
            try:
                rec = json.loads(line)
                ids.add(str(rec["id"]))
            except (ValueError, KeyError, TypeError, RecursionError):
                raise InputError(
                    f"{path} line {n} is not a viextract record: cannot resume it"
                ) from None
            good += len(line)
    if good != os.path.getsize(path):
        os.truncate(path, good)
    return ids


def open_output(
    path: str, *, resume: bool, overwrite: bool, repair: Callable[[str], set[str]] = repair
) -> tuple[int, set[str]]:
    """Open an output file for appending whole records; return (fd, ids already there).

    ``-`` is stdout. An existing non-empty file needs ``resume`` (keep it, repaired) or
    ``overwrite`` (start again); ``repair`` cuts a partial last record off and lists the ids.
    """
    if path == "-":
        if resume:
            raise ConfigError("--resume needs an output file, not stdout")
        return sys.stdout.fileno(), set()
    check_writable_file(path, "output")
    exists = os.path.isfile(path) and os.path.getsize(path) > 0
    if exists and not resume and not overwrite:
        raise ConfigError(
            f"output {path} exists: add --resume to continue it or --overwrite to replace it"
        )
    done = repair(path) if exists and resume else set()
    parent = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(parent):
        raise ConfigError(f"the folder of output {path} does not exist: create it first")
    flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | (0 if resume else os.O_TRUNC)
    return os.open(path, flags, 0o644), done


def check_writable_file(path: str, what: str) -> None:
    """Refuse a ``path`` to write that is a directory, a FIFO or a socket (opening a FIFO for
    writing waits for a reader); a regular file, a device such as ``/dev/null`` or a new name
    is fine."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return
    if stat.S_ISDIR(mode):
        raise ConfigError(f"{what} {path} is a directory")
    if stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode):
        raise ConfigError(f"{what} {path} is not a regular file")


def append_record(fd: int, data: bytes, seekable: bool) -> None:
    """Append ``data`` (whole records) to ``fd``; if writing fails part way, cut the file back
    to where it was, so that a failed record leaves nothing behind (on a seekable file)."""
    if not seekable:
        write_all(fd, data)
        return
    start = os.lseek(fd, 0, os.SEEK_END)
    try:
        write_all(fd, data)
    except BaseException:
        with contextlib.suppress(OSError):
            os.ftruncate(fd, start)
        raise


def is_seekable(fd: int) -> bool:
    return stat.S_ISREG(os.fstat(fd).st_mode)


class JsonlWriter:
    """Appends one JSON line per article."""

    def __init__(self, path: str, *, resume: bool = False, overwrite: bool = False) -> None:
        self._fd, self.done = open_output(path, resume=resume, overwrite=overwrite)
        self._own = path != "-"
        self._seekable = is_seekable(self._fd)

    def prepare(self, article: Article) -> str | None:
        """None when the article is already in the output, else a target (unused here)."""
        return None if article.id in self.done else ""

    def write(self, article: Article, target: str, result: dict[str, Any]) -> None:
        line = dumps(record(article, result)) + "\n"
        append_record(self._fd, line.encode("utf-8"), self._seekable)

    def close(self) -> None:
        if self._own:
            os.close(self._fd)
