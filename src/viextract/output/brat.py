"""brat standoff output: ``<name>.txt`` + ``<name>.ann`` per article, and an ``annotation.conf``.

brat reads the ``.txt`` as UTF-8 with universal newlines (``\\r\\n`` and ``\\r`` become ``\\n``)
and counts offsets in characters of that text. So the ``.txt`` written here is the article with
its line ends written ``\\n`` (and no byte order mark), and offsets are mapped to it: the ``.txt``
is exactly the text the offsets point into. The ``.ann`` is line-oriented, so an entity that runs
across a line break is written as a discontinuous span (``T1\\tLOC 0 3;4 7\\tHà Nội``, brat's
way, its fragments joined by a space in the text field). Normalized values are
``#1\\tAnnotatorNotes T1\\tVALUE`` lines.

Each file is written to a temporary file and renamed over its name (atomic), ``.txt`` before
``.ann``: an article is done when its ``.ann`` exists.

File names come from article names (:func:`~viextract.batch.inputs.safe_relpath`), made so
that any id names files: a folder whose name a file could take (``q.ann/``, ``r.txt/``,
``annotation.conf/``) gets a ``_`` added, a name used twice (or ``annotation``) gets ``~`` and
a digest of the id, and a name longer than :data:`MAX_NAME_BYTES` is cut and given the digest.
The same inputs give the same names, so ``--resume`` finds the articles already written.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
from bisect import bisect_left
from typing import Any

from ..batch.inputs import Article, safe_relpath
from ..document import Document
from ..errors import ConfigError, InputError
from ..types import Entity

ANNOTATION_CONF = """\
# Entity types written by viextract (brat annotation configuration).
[entities]
PER
LOC
ORG
DATE

[relations]

[events]

[attributes]
"""

#: Longest relative file name (without extension) in UTF-8 bytes; longer ones are shortened.
MAX_NAME_BYTES = 480
_MAX_DEPTH = 16
_FILE_SUFFIXES = (".txt", ".ann")
_TMP_PREFIX = ".viextract-"
_TMP_SUFFIX = ".tmp"
# Characters that end a line for brat's .ann reader (str.splitlines); "\r" is gone by then.
_BREAKS = "\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_BREAK_RE = re.compile(f"[{_BREAKS}\t]")


def brat_text(text: str) -> tuple[str, list[int]]:
    """The text as brat sees it (``\\r\\n`` and ``\\r`` -> ``\\n``) and the sorted original
    positions of the characters removed (the ``\\r`` of each ``\\r\\n``)."""
    removed = [m.start() for m in re.finditer("\r\n", text)]
    return text.replace("\r\n", "\n").replace("\r", "\n"), removed


def fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``text[start:end]`` cut at line breaks, each piece stripped of edge spaces."""
    out = []
    a = start
    for i in [*(i for i in range(start, end) if text[i] in _BREAKS), end]:
        s, e = a, i
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            out.append((s, e))
        a = i + 1
    return out


def to_brat(doc: Document) -> tuple[str, str]:
    """(``.txt`` content, ``.ann`` content) for a document."""
    txt, removed = brat_text(doc.text)

    def pos(i: int) -> int:
        return i - bisect_left(removed, i)

    lines = []
    n = 0
    for e in doc.entities:
        frags = fragments(txt, pos(e.start), pos(e.end))
        if not frags:
            continue
        n += 1
        spans = ";".join(f"{a} {b}" for a, b in frags)
        shown = " ".join(txt[a:b] for a, b in frags)
        lines.append(f"T{n}\t{e.label.value} {spans}\t{shown}")
        note = _note(e)
        if note:
            lines.append(f"#{n}\tAnnotatorNotes T{n}\t{note}")
    return txt, "".join(line + "\n" for line in lines)


def _note(e: Entity) -> str:
    """The AnnotatorNotes text: the normalized value, and the canonical name if it differs."""
    note = e.normalized
    if e.canonical and e.canonical != e.normalized:
        note = f"{note} = {e.canonical}"
    return " ".join(_BREAK_RE.sub(" ", note).split())


def write_atomic(path: str, data: bytes) -> None:
    """Write ``path`` whole or not at all: a temporary file in the same directory, renamed."""
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=_TMP_PREFIX, suffix=_TMP_SUFFIX)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _inside(root: str, path: str) -> bool:
    real = os.path.realpath(path)
    return os.path.commonpath([root, real]) == root


class BratWriter:
    """Writes a brat collection into the directory ``outdir``."""

    def __init__(self, outdir: str, *, resume: bool = False, overwrite: bool = False) -> None:
        if outdir == "-":
            raise ConfigError("brat output is a directory: give one with -o DIR")
        if os.path.exists(outdir) and not os.path.isdir(outdir):
            raise ConfigError(f"output {outdir} exists and is not a directory")
        if os.path.isdir(outdir) and not (resume or overwrite) and _has_ann(outdir):
            raise ConfigError(
                f"output {outdir} holds .ann files: add --resume to continue it "
                "or --overwrite to replace them"
            )
        parent = os.path.dirname(os.path.abspath(outdir))
        if not os.path.isdir(parent):
            raise ConfigError(f"the folder of output {outdir} does not exist: create it first")
        os.makedirs(outdir, exist_ok=True)  # the output directory itself, not its parents
        self.root = os.path.realpath(outdir)
        self.resume = resume
        self._used: set[str] = set()
        if resume:
            _remove_temporaries(self.root)
        conf = os.path.join(self.root, "annotation.conf")
        if not os.path.exists(conf) or overwrite:
            write_atomic(conf, ANNOTATION_CONF.encode("utf-8"))

    def name_for(self, article: Article) -> str:
        """A unique relative file name (no extension) for the article, inside the output."""
        digest = hashlib.sha1(article.id.encode("utf-8", "surrogatepass")).hexdigest()[:10]
        name = brat_name(article.name, digest)
        if name.casefold() in self._used or name.casefold() == "annotation":
            name = f"{name}~{digest}"
        self._used.add(name.casefold())
        return name

    def prepare(self, article: Article) -> str | None:
        """The article's file name, or None when its files are already written."""
        name = self.name_for(article)
        if self.resume and os.path.isfile(os.path.join(self.root, name + ".ann")):
            return None
        return name

    def write(self, article: Article, target: str, result: dict[str, Any]) -> None:
        base = os.path.join(self.root, target)
        folder = os.path.dirname(base)
        if not _inside(self.root, folder):  # e.g. a symlink planted in the output directory
            raise InputError(f"refusing to write outside {self.root}: {target}")
        os.makedirs(folder, exist_ok=True)
        if not _inside(self.root, folder):
            raise InputError(f"refusing to write outside {self.root}: {target}")
        doc = Document.from_dict({**result, "text": article.text})
        txt, ann = to_brat(doc)
        write_atomic(base + ".txt", txt.encode("utf-8"))
        write_atomic(base + ".ann", ann.encode("utf-8"))

    def close(self) -> None:
        pass


def brat_name(name: str, digest: str) -> str:
    """The relative file name (without extension) for an article named ``name``: never a
    folder name that one of the files written could take, never too long (see the module)."""
    parts = safe_relpath(name).split("/")
    folders = []
    for k, part in enumerate(parts[:-1]):
        low = part.casefold()
        if low.endswith(_FILE_SUFFIXES) or (k == 0 and low == "annotation.conf"):
            part += "_"  # a folder may not take the name of a .txt, .ann or the conf file
        folders.append(part)
    out = "/".join([*folders, parts[-1]])
    if len(out.encode("utf-8")) > MAX_NAME_BYTES or len(parts) > _MAX_DEPTH:
        flat = out.replace("/", "_").encode("utf-8")[:100].decode("utf-8", "ignore")
        out = f"{flat}~{digest}"
    return out


def _has_ann(folder: str) -> bool:
    return any(any(f.endswith(".ann") for f in files) for _, _, files in os.walk(folder))


def _remove_temporaries(root: str) -> None:
    for here, _, files in os.walk(root):
        for f in files:
            if f.startswith(_TMP_PREFIX) and f.endswith(_TMP_SUFFIX):
                with contextlib.suppress(OSError):
                    os.unlink(os.path.join(here, f))
