"""Optional dependencies: one way to import them, one error when they are missing."""

from __future__ import annotations

import importlib
from types import ModuleType

from .errors import MissingDependencyError


def require(module: str, extra: str, purpose: str) -> ModuleType:
    """Import ``module`` (e.g. ``"pandas"``), or raise :class:`MissingDependencyError` saying
    that ``purpose`` needs it and which extra installs it (``pip install 'viextract[extra]'``)."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise MissingDependencyError(
            f"{purpose} need {module}, which is not installed ({exc}): "
            f"pip install 'viextract[{extra}]'",
            name=module,
        ) from exc
