"""Exceptions raised by viextract.

All of them derive from :class:`ViextractError`::

    ViextractError
    ├── InputError        bad text or argument passed by the caller (also a ValueError)
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


class ConfigError(ViextractError, ValueError):
    """An option has a value viextract does not know."""


class ModelError(ViextractError):
    """A model or data file shipped with the package is missing, corrupt or incompatible."""


class MissingDependencyError(ViextractError, ImportError):
    """An optional dependency (e.g. pandas) is not installed; the message names the extra."""
