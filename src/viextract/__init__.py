"""viextract: people, places, organisations and dates in Vietnamese news text.

>>> import viextract
>>> doc = viextract.extract("Hôm qua 20-11, ông Nguyễn Văn An đến Hà Nội.")
>>> [(e.text, e.label) for e in doc.entities if e.label == "PER"]
[('Nguyễn Văn An', <Label.PER: 'PER'>)]

``viextract.DEFAULT`` is the tuple of built-in recognizers (the entity model and the date
grammar), created on first use; extend it with your own: ``Extractor([*viextract.DEFAULT,
viextract.NameList({"VinFast": "ORG"})])``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .document import Document, to_dataframe
from .errors import ConfigError, InputError, MissingDependencyError, ModelError, ViextractError
from .names import NameList
from .output.render import render_html
from .pipeline import Extractor, extract
from .recognizer import Mention, Recognizer
from .types import DateValue, Entity, Label, Sentence, Token

if TYPE_CHECKING:
    from .dates.recognizer import DateRecognizer
    from .ner.model import EntityModel

    DEFAULT: tuple[Recognizer, ...]
    __version__: str


def __getattr__(name: str) -> object:
    # the built-in recognizers load model files, and importlib.metadata takes a third of the
    # import time: only when asked for
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            v = version("viextract")
        except PackageNotFoundError:  # pragma: no cover - running from a source tree
            v = "0.0.0"
        globals()["__version__"] = v
        return v
    if name == "DEFAULT":
        from .pipeline import default_recognizers

        return default_recognizers()
    if name == "EntityModel":
        from .ner.model import EntityModel

        return EntityModel
    if name == "to_spacy":  # imports spaCy: only when asked for
        from .spacy_component import to_spacy

        return to_spacy
    if name == "DateRecognizer":
        from .dates.recognizer import DateRecognizer

        return DateRecognizer
    raise AttributeError(f"module 'viextract' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), "DEFAULT", "DateRecognizer", "EntityModel", "to_spacy"})


# DEFAULT and to_spacy load models or spaCy when touched: reached as attributes, they are left
# out of __all__ so that `from viextract import *` stays cheap
__all__ = [
    "ConfigError",
    "DateRecognizer",
    "DateValue",
    "Document",
    "Entity",
    "EntityModel",
    "Extractor",
    "InputError",
    "Label",
    "Mention",
    "MissingDependencyError",
    "ModelError",
    "NameList",
    "Recognizer",
    "Sentence",
    "Token",
    "ViextractError",
    "__version__",
    "extract",
    "render_html",
    "to_dataframe",
]
