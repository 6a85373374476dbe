"""Package data: word lists, gazetteers and models, read through importlib.resources.

Every data file is listed with its SHA-256 in ``MANIFEST.sha256`` (the format of ``sha256sum``,
so ``cd src/viextract/data && sha256sum -c MANIFEST.sha256`` works too). Every read goes through
:func:`read_bytes`, which checks the file against the manifest: a missing, corrupt or unlisted
file raises :class:`~viextract.errors.ModelError` naming the file, never a silent fallback to
worse results. After adding or changing a data file, regenerate the manifest with::

    python -m viextract.data
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ModelError

# hashlib and importlib.resources are imported where they are used, at the first read of a data
# file: together they are a tenth of the time of ``import viextract``.
if TYPE_CHECKING:
    if sys.version_info >= (3, 11):
        from importlib.resources.abc import Traversable
    else:  # pragma: no cover - Python 3.10
        from importlib.abc import Traversable

MANIFEST = "MANIFEST.sha256"
REGENERATE = "python -m viextract.data"


def default_root() -> Traversable:
    """The installed package's data directory."""
    from importlib import resources

    return resources.files(__name__)


def _root(root: Traversable | None) -> Traversable:
    return default_root() if root is None else root


def data_files(root: Traversable | None = None) -> list[str]:
    """Relative names ("gazetteers/countries.txt") of every data file, sorted."""
    out: list[str] = []

    def walk(node: Traversable, prefix: str) -> None:
        for child in node.iterdir():
            name = child.name
            if name.startswith(".") or name == "__pycache__" or name.endswith((".py", ".pyc")):
                continue  # the package's own code, not data
            if child.is_dir():
                walk(child, f"{prefix}{name}/")
            elif prefix or name != MANIFEST:
                out.append(prefix + name)

    walk(_root(root), "")
    return sorted(out)


def _join(root: Traversable, name: str) -> Traversable:
    node = root
    for part in name.split("/"):
        if part in ("", ".", ".."):
            raise ModelError(f"invalid viextract data file name {name!r}")
        node = node.joinpath(part)
    return node


def build_manifest(root: Traversable | None = None) -> str:
    """The manifest text for the data files as they are now."""
    import hashlib

    r = _root(root)
    lines = [
        f"{hashlib.sha256(_join(r, name).read_bytes()).hexdigest()}  {name}\n"
        for name in data_files(r)
    ]
    return "".join(lines)


def read_manifest(root: Traversable | None = None) -> dict[str, str]:
    """``{name: sha256}`` from ``MANIFEST.sha256``."""
    try:
        text = _root(root).joinpath(MANIFEST).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ModelError(
            f"viextract data manifest {MANIFEST} cannot be read ({exc}); reinstall viextract, "
            f"or in a source tree run `{REGENERATE}`"
        ) from exc
    out: dict[str, str] = {}
    for line in text.splitlines():
        digest, sep, name = line.partition("  ")
        if not line.strip() or line.startswith("#"):
            continue
        if not sep or len(digest) != 64:
            raise ModelError(f"viextract data manifest {MANIFEST} has a malformed line: {line!r}")
        out[name] = digest
    return out


def read_bytes(name: str, root: Traversable | None = None) -> bytes:
    """The bytes of data file ``name``, checked against the manifest, or a clear ModelError."""
    import hashlib

    r = _root(root)
    expected = read_manifest(r).get(name)
    if expected is None:
        raise ModelError(
            f"viextract data file {name!r} is not listed in {MANIFEST}; "
            f"if you added it, run `{REGENERATE}`"
        )
    try:
        data = _join(r, name).read_bytes()
    except OSError as exc:
        raise ModelError(
            f"viextract data file {name!r} is missing or unreadable ({exc}); reinstall viextract"
        ) from exc
    actual = hashlib.sha256(data).hexdigest()
    if actual != expected:
        raise ModelError(
            f"viextract data file {name!r} is corrupt: its sha256 is {actual[:16]}..., the "
            f"manifest says {expected[:16]}...; reinstall viextract (or, if you changed it on "
            f"purpose, run `{REGENERATE}`)"
        )
    return data


def read_text(name: str, root: Traversable | None = None) -> str:
    """The text of a data file (``name`` relative to this package), or a clear ModelError."""
    data = read_bytes(name, root)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ModelError(f"viextract data file {name!r} is not UTF-8 text: {exc}") from exc


@contextmanager
def as_file(name: str, root: Traversable | None = None) -> Iterator[Path]:
    """A filesystem path to data file ``name`` (for loaders that need one), checked first."""
    from importlib import resources

    r = _root(root)
    read_bytes(name, r)
    with resources.as_file(_join(r, name)) as path:
        yield Path(path)


@cache
def word_list(name: str) -> frozenset[str]:
    """Lines of a word list, without blank lines and ``#`` comments."""
    lines = (line.strip() for line in read_text(name).splitlines())
    return frozenset(line for line in lines if line and not line.startswith("#"))


def write_manifest(root: Path | None = None) -> Path:
    """Regenerate ``MANIFEST.sha256`` in a data directory on disk; returns its path."""
    directory = Path(str(default_root())) if root is None else root
    path = directory / MANIFEST
    path.write_text(build_manifest(directory), encoding="utf-8", newline="\n")
    return path
