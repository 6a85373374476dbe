"""CoNLL output: one token a line, BIO tags, a blank line after each sentence.

Each article is a block::

    # doc_id = corpus/a.txt
    # sentences = 2
    Ông\t0\t3\tO
    Nguyễn_Văn_An\t4\t17\tB-PER
    ...
    <blank line>

Columns (tab-separated): the token with its inner spaces written ``_`` (the usual way to write a
Vietnamese multi-syllable word; a lone surrogate, which UTF-8 cannot hold, as U+FFFD), its start
and end offsets in the original text, and its tag.
Tokens are the document's words, cut where an entity starts or ends inside one, so every entity
is a whole run of tokens (B- then I-); sentences an entity runs across are joined. The
``# sentences`` count lets a resumed run tell a complete block from one cut by an interruption.

The id in ``# doc_id =`` is escaped so that the line holds any id exactly (:func:`header_id`,
undone by :func:`parse_header_id`): a backslash is written ``\\\\``, tab, newline and carriage
return ``\\t``, ``\\n``, ``\\r``, other control characters, line separators and lone
surrogates ``\\xHH`` or ``\\uHHHH``, and so is white space at either end (``\\x20``). Two
different ids never share a header, so ``--resume`` skips exactly the articles written.
"""

from __future__ import annotations

import itertools
import os
import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..batch.inputs import Article
from ..document import Document
from ..errors import InputError
from .jsonl import append_record, is_seekable, open_output

_SPACE = re.compile(r"\s+")
_SURROGATE = re.compile("[\ud800-\udfff]")
# Escaped anywhere in an id: the backslash, control characters, line and paragraph separators
# (str.splitlines breaks there), lone surrogates.
_ESCAPE = re.compile(r"[\\\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_EDGE_SPACE = re.compile(r"\A\s+|\s+\Z")
_NAMED = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
_UNESCAPE = re.compile(r"\\(?:x[0-9a-f]{2}|u[0-9a-f]{4}|[\\tnr])")


def _escape_char(c: str) -> str:
    named = _NAMED.get(c)
    if named is not None:
        return named
    return f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}"


def header_id(doc_id: str) -> str:
    """``doc_id`` as written in the ``# doc_id =`` line, escaped so that the line holds it
    exactly: one line of UTF-8 text without a tab and without white space at its ends, from
    which :func:`parse_header_id` gives ``doc_id`` back."""
    out = _ESCAPE.sub(lambda m: _escape_char(m.group()), doc_id)
    return _EDGE_SPACE.sub(lambda m: "".join(_escape_char(c) for c in m.group()), out)


def parse_header_id(header: str) -> str:
    """The id written as ``header`` by :func:`header_id`."""

    def one(m: re.Match[str]) -> str:
        s = m.group()
        return {"\\\\": "\\", "\\t": "\t", "\\n": "\n", "\\r": "\r"}.get(s) or chr(int(s[2:], 16))

    return _UNESCAPE.sub(one, header)


def tagged_tokens(doc: Document) -> list[list[tuple[str, int, int, str]]]:
    """The document as sentences of (token, start, end, tag) rows."""
    text = doc.text
    ents = doc.entities
    cuts = sorted({p for e in ents for p in (e.start, e.end)})
    ent_starts = [e.start for e in ents]
    sent_starts = [s.start for s in doc.sentences]
    groups: list[list[tuple[str, int, int, str]]] = []
    current_sent = prev_ent = -1
    for t in doc.tokens:
        bounds = [t.start, *(p for p in cuts[bisect_right(cuts, t.start) :] if p < t.end), t.end]
        for a, b in itertools.pairwise(bounds):
            while a < b and text[a].isspace():
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
            if a == b:
                continue
            k = bisect_right(ent_starts, a) - 1
            if k >= 0 and a < ents[k].end:
                tag = ("I-" if k == prev_ent else "B-") + ents[k].label.value
            else:
                k, tag = -1, "O"
            sent = bisect_right(sent_starts, a) - 1
            if not groups or (sent != current_sent and not tag.startswith("I-")):
                groups.append([])
            current_sent, prev_ent = sent, k
            token = _SPACE.sub("_", text[a:b])
            if _SURROGATE.search(token):
                token = _SURROGATE.sub("\ufffd", token)
            groups[-1].append((token, a, b, tag))
    return groups


def to_conll(doc_id: str, doc: Document) -> str:
    """One article as a CoNLL block (ending with a blank line)."""
    groups = tagged_tokens(doc)
    lines = [f"# doc_id = {header_id(doc_id)}", f"# sentences = {len(groups)}"]
    for g in groups:
        lines.extend(f"{tok}\t{a}\t{b}\t{tag}" for tok, a, b, tag in g)
        lines.append("")
    return "\n".join(lines) + "\n"


@dataclass
class _Block:
    doc_id: str
    declared: int = -1
    sentences: list[list[tuple[str, int, int, str]]] = field(default_factory=list)
    end: int = 0  # byte offset after the block
    cut: bool = False  # the last line has no newline

    @property
    def complete(self) -> bool:
        return not self.cut and self.declared == len(self.sentences)


def _blocks(path: str) -> Iterator[_Block]:
    block: _Block | None = None
    rows: list[tuple[str, int, int, str]] = []
    pos = 0
    with open(path, "rb") as f:
        for raw in f:
            if not raw.endswith(b"\n"):  # a line cut short by an interruption
                block = block or _Block("")
                block.cut = True
                break
            pos += len(raw)
            line = raw.decode("utf-8").rstrip("\n")
            if line.startswith("# doc_id = "):
                if block is not None:
                    yield block
                block, rows = _Block(line[len("# doc_id = ") :]), []
            elif block is None:
                raise ValueError("text before the first '# doc_id' line")
            elif line.startswith("# sentences = "):
                block.declared = int(line[len("# sentences = ") :])
            elif line == "":
                if rows:
                    block.sentences.append(rows)
                    rows = []
            else:
                tok, a, b, tag = line.split("\t")
                rows.append((tok, int(a), int(b), tag))
            block.end = pos
    if block is not None:
        if rows:  # a sentence not closed by its blank line: the block was cut short
            block.cut = True
        yield block


def repair(path: str) -> set[str]:
    """Cut an incomplete last block off ``path``; return the headers (:func:`header_id`) of
    the complete ones.

    Raises:
        InputError: the file is not viextract CoNLL, or a block before the last is incomplete.
    """
    ids: set[str] = set()
    good = 0
    pending: _Block | None = None
    try:
        for b in _blocks(path):
            if pending is not None:
                raise InputError(f"{path}: block {pending.doc_id!r} is incomplete: cannot resume")
            if b.complete:
                ids.add(b.doc_id)
                good = b.end
            else:
                pending = b
    except (ValueError, UnicodeDecodeError):
        raise InputError(f"{path} is not a viextract CoNLL file: cannot resume it") from None
    if good != os.path.getsize(path):
        os.truncate(path, good)
    return ids


class ConllWriter:
    """Appends one CoNLL block per article."""

    def __init__(self, path: str, *, resume: bool = False, overwrite: bool = False) -> None:
        self._fd, self.done = open_output(path, resume=resume, overwrite=overwrite, repair=repair)
        self._own = path != "-"
        self._seekable = is_seekable(self._fd)

    def prepare(self, article: Article) -> str | None:
        return None if header_id(article.id) in self.done else ""

    def write(self, article: Article, target: str, result: dict[str, Any]) -> None:
        doc = Document.from_dict({**result, "text": article.text})
        append_record(self._fd, to_conll(article.id, doc).encode("utf-8"), self._seekable)

    def close(self) -> None:
        if self._own:
            os.close(self._fd)
