"""viextract: people, places, organisations and dates in Vietnamese news text.

>>> import viextract
>>> doc = viextract.extract("Hôm qua 20-11, ông Nguyễn Văn An đến Hà Nội.")
>>> [(e.text, e.label) for e in doc.entities if e.label == "PER"]
[('Nguyễn Văn An', <Label.PER: 'PER'>)]
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from .errors import ConfigError, InputError, MissingDependencyError, ModelError, ViextractError
from .pipeline import Extractor, extract
from .render import render_html
from .tables import to_dataframe
from .types import DateValue, Document, Entity, Label, Sentence, Token

try:
    __version__ = version("viextract")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

__all__ = [
    "ConfigError",
    "DateValue",
    "Document",
    "Entity",
    "Extractor",
    "InputError",
    "Label",
    "MissingDependencyError",
    "ModelError",
    "Sentence",
    "Token",
    "ViextractError",
    "__version__",
    "extract",
    "render_html",
    "to_dataframe",
]
