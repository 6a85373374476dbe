"""Package data: word lists, gazetteers and models, read through importlib.resources.

Every data file is listed with its SHA-256 in ``MANIFEST.sha256`` (the format of ``sha256sum``,
so ``cd src/viextract/data && sha256sum -c MANIFEST.sha256`` works too). Every read goes through
:func:`read_bytes`, which checks the file against the manifest: a missing, corrupt or unlisted
file raises :class:`~viextract.errors.ModelError` naming the file, never a silent fallback to
worse results. After adding or changing a data file, regenerate the manifest with::

    python -m viextract.data

underthesea's own model files that viextract loads (its word-segmentation CRF) are checked the
same way, against the checksums pinned for each supported underthesea version in
``underthesea.sha256`` (:func:`underthesea_file`): an unknown version or a changed file is a
:class:`~viextract.errors.ModelError` that says what to do.
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
#: Checksums of underthesea's files, per underthesea version (a data file, in the manifest).
UNDERTHESEA_PINS = "underthesea.sha256"
#: The underthesea files viextract loads (paths inside the underthesea package).
UNDERTHESEA_FILES = tuple(
    f"pipeline/word_tokenize/models/ws_crf_vlsp2013_20230727/{name}"
    for name in ("models.bin", "features.bin", "dictionary.bin")
)


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


def underthesea_version() -> str:
    """The installed underthesea's version."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("underthesea")
    except PackageNotFoundError:  # pragma: no cover - imported from a source tree
        import underthesea

        return str(getattr(underthesea, "__version__", "unknown"))


def underthesea_pins(root: Traversable | None = None) -> dict[str, dict[str, str]]:
    """``{underthesea version: {path inside the package: sha256}}`` from
    ``underthesea.sha256``."""
    out: dict[str, dict[str, str]] = {}
    for line in read_text(UNDERTHESEA_PINS, root).splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split()
        if len(fields) != 3 or len(fields[1]) != 64:
            raise ModelError(f"viextract data file {UNDERTHESEA_PINS} has a bad line: {line!r}")
        out.setdefault(fields[0], {})[fields[2]] = fields[1]
    return out


def underthesea_package() -> Path:
    """The directory of the installed underthesea package, found without importing underthesea
    (whose import brings numpy, joblib, requests and its other pipelines)."""
    from importlib.util import find_spec

    spec = find_spec("underthesea")
    if spec is None or spec.origin is None:
        raise ModelError("underthesea is not installed: pip install 'underthesea==9.5.0'")
    return Path(spec.origin).parent


def underthesea_file(
    name: str, package: Path | None = None, root: Traversable | None = None
) -> bytes:
    """The bytes of underthesea's file ``name`` (a path inside its package), checked against the
    checksum pinned for the installed underthesea version.

    Raises:
        ModelError: underthesea's version has no pinned checksums, the file is not pinned, or
            it is missing or differs from the pinned checksum.
    """
    installed = underthesea_version()
    pins = underthesea_pins(root)
    wanted = pins.get(installed)
    if wanted is None:
        known = ", ".join(sorted(pins)) or "none"
        raise ModelError(
            f"underthesea {installed} is installed, but viextract knows the checksums of its "
            f"model files only for underthesea {known}: install one of those (pip install "
            f"'underthesea=={max(pins, default='9.5.0')}'), or, having checked the new version, "
            "pin its files with `python -m viextract.data --pin-underthesea` in a source tree"
        )
    expected = wanted.get(name)
    if expected is None:
        raise ModelError(f"underthesea file {name!r} is not pinned in {UNDERTHESEA_PINS}")
    path = (underthesea_package() if package is None else package) / name
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ModelError(
            f"underthesea's file {str(path)!r} is missing or unreadable ({exc}); reinstall "
            f"underthesea: pip install --force-reinstall 'underthesea=={installed}'"
        ) from exc
    import hashlib

    actual = hashlib.sha256(data).hexdigest()
    if actual != expected:
        raise ModelError(
            f"underthesea's file {str(path)!r} is corrupt or changed: its sha256 is "
            f"{actual[:16]}..., underthesea {installed} ships {expected[:16]}...; reinstall "
            f"underthesea: pip install --force-reinstall 'underthesea=={installed}'"
        )
    return data


def pin_underthesea(root: Path | None = None) -> str:
    """Add (or replace) the installed underthesea version's checksums in ``underthesea.sha256``
    and regenerate the manifest; returns the version."""
    directory = Path(str(default_root())) if root is None else root
    installed = underthesea_version()
    package = underthesea_package()
    path = directory / UNDERTHESEA_PINS
    kept = [
        line
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.startswith("#") or not line.strip() or line.split()[0] != installed
    ]
    import hashlib

    for name in UNDERTHESEA_FILES:
        digest = hashlib.sha256((package / name).read_bytes()).hexdigest()
        kept.append(f"{installed}  {digest}  {name}")
    path.write_text("\n".join(kept) + "\n", encoding="utf-8", newline="\n")
    write_manifest(directory)
    return installed
