"""Exceptions raised by viextract.

All of them derive from :class:`ViextractError`::

    ViextractError
    ├── InputError        bad text or argument passed by the caller (also a ValueError)
    │   ├── NotRegularFileError  an input path is a FIFO, socket or device, not a file
    │   └── DocumentError  a dict that ``Document.from_dict`` cannot rebuild a document from
    ├── ModelError        a model or data file is missing, corrupt or incompatible
    ├── ConfigError       an unknown option value (e.g. ``prefer="sometimes"``; also a ValueError)
    └── MissingDependencyError  an optional package is not installed (also an ImportError);
                          the message says which extra to install

Passing a non-``str`` text raises the built-in :class:`TypeError` with a message saying what to
pass instead, as Python users expect.
"""

from __future__ import annotations


class ViextractError(Exception):
    """Base class of every error viextract raises on purpose."""


class InputError(ViextractError, ValueError):
    """The caller passed text or an argument that cannot be processed."""


class NotRegularFileError(InputError):
    """An input path names a FIFO, a socket or a device: it is refused before it is opened for
    reading (a FIFO with no writer would block forever). ``reason`` says what it is."""

    def __init__(self, path: str, kind: str) -> None:
        self.path = path
        hint = " (to read a pipe, give - and redirect it to stdin)" if "FIFO" in kind else ""
        self.reason = f"not a regular file but {kind}{hint}"
        super().__init__(f"{path}: {self.reason}")


class DocumentError(InputError):
    """``Document.from_dict`` was given data that is not a consistent document (offsets out of
    the text or out of order, overlapping entities, a span text that differs from the text,
    a field of the wrong type)."""


class ConfigError(ViextractError, ValueError):
    """An option has a value viextract does not know."""


class ModelError(ViextractError):
    """A model or data file shipped with the package is missing, corrupt or incompatible."""


class MissingDependencyError(ViextractError, ImportError):
    """An optional dependency (e.g. pandas) is not installed; the message names the extra."""
