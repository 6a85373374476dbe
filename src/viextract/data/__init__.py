"""Package data: word lists, gazetteers and models, read through importlib.resources."""

from __future__ import annotations

from functools import cache
from importlib import resources

from ..errors import ModelError


def read_text(name: str) -> str:
    """The text of a data file (``name`` relative to this package), or a clear ModelError."""
    try:
        return resources.files(__name__).joinpath(name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ModelError(f"viextract data file {name!r} cannot be read: {exc}") from exc


@cache
def word_list(name: str) -> frozenset[str]:
    """Lines of a word list, without blank lines and ``#`` comments."""
    lines = (line.strip() for line in read_text(name).splitlines())
    return frozenset(line for line in lines if line and not line.startswith("#"))
