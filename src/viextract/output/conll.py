"""CoNLL output: one token a line, BIO tags, a blank line after each sentence.

Each article is a block::

    # doc_id = corpus/a.txt
    # sentences = 2
    Ông\t0\t3\tO
    Nguyễn_Văn_An\t4\t17\tB-PER
    ...
    <blank line>

Columns (tab-separated): the token with its inner spaces written ``_`` (the usual way to write a
Vietnamese multi-syllable word), its start and end offsets in the original text, and its tag.
Tokens are the document's words, cut where an entity starts or ends inside one, so every entity
is a whole run of tokens (B- then I-); sentences an entity runs across are joined. The
``# sentences`` count lets a resumed run tell a complete block from one cut by an interruption.
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
from .jsonl import open_output, write_all

_SPACE = re.compile(r"\s+")
_LINEBREAK = re.compile(r"[\t\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def header_id(doc_id: str) -> str:
    """``doc_id`` as written in the ``# doc_id =`` line (tabs and line breaks become spaces)."""
    return _LINEBREAK.sub(" ", doc_id).strip()


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
            groups[-1].append((_SPACE.sub("_", text[a:b]), a, b, tag))
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
    """Cut an incomplete last block off ``path``; return the doc ids of the complete ones.

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

    def prepare(self, article: Article) -> str | None:
        return None if header_id(article.id) in self.done else ""

    def write(self, article: Article, target: str, result: dict[str, Any]) -> None:
        doc = Document.from_dict({**result, "text": article.text})
        write_all(self._fd, to_conll(article.id, doc).encode("utf-8"))

    def close(self) -> None:
        if self._own:
            os.close(self._fd)
