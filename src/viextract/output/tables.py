"""Entities as flat records and pandas DataFrames (pandas is optional: ``viextract[pandas]``).

One record per entity, every record with the same keys (see :data:`RECORD_COLUMNS`): ``text``,
``label`` (a plain str), ``start``, ``end``, ``normalized``, ``canonical``, ``sentence`` (index into
``doc.sentences``, None when the entity lies outside every sentence), ``source``, then one
``date_<field>`` key per :class:`~viextract.types.DateValue` field (None for names; a range's
``date_end`` is the end's TIMEX3 value).
"""

from __future__ import annotations

import dataclasses
import typing
from bisect import bisect_right
from typing import TYPE_CHECKING, Any

from .._optional import require
from ..types import DateValue

if TYPE_CHECKING:
    from ..document import Document


_DATE_FIELDS = tuple(f.name for f in dataclasses.fields(DateValue))
_ENTITY_COLUMNS = (
    "text",
    "label",
    "start",
    "end",
    "normalized",
    "canonical",
    "score",
    "sentence",
    "source",
)
#: The keys of every record, in order.
RECORD_COLUMNS: tuple[str, ...] = _ENTITY_COLUMNS + tuple(f"date_{n}" for n in _DATE_FIELDS)


def _dtype(tp: object) -> str:
    """Pandas dtype for a field annotation: nullable ints, booleans and strings (a ``Literal``
    of strings, or a nested :class:`DateValue`, shown by its value), else object."""
    args: set[object] = set()
    for arg in typing.get_args(tp) or (tp,):
        args.update(typing.get_args(arg) if typing.get_origin(arg) is typing.Literal else {arg})
    args.discard(type(None))
    if args == {int}:
        return "Int64"
    if args == {bool}:
        return "boolean"
    if args and all(a in (str, DateValue) or isinstance(a, str) for a in args):
        return "string"
    return "object"


def _column_dtypes() -> dict[str, str]:
    try:
        hints: dict[str, object] = typing.get_type_hints(DateValue)
    except (NameError, TypeError):  # an annotation that cannot be evaluated: plain objects
        hints = {}
    dtypes = {"start": "int64", "end": "int64", "sentence": "Int64", "score": "Float64"}
    dtypes.update(dict.fromkeys(("text", "label", "normalized", "canonical", "source"), "string"))
    dtypes.update({f"date_{n}": _dtype(hints.get(n, object)) for n in _DATE_FIELDS})
    return dtypes


def records(doc: Document) -> list[dict[str, Any]]:
    """One plain dict per entity of ``doc``, in text order (see the module docstring)."""
    starts = [s.start for s in doc.sentences]
    out: list[dict[str, Any]] = []
    for e in doc.entities:
        i = bisect_right(starts, e.start) - 1
        sentence = i if i >= 0 and e.start < doc.sentences[i].end else None
        row: dict[str, Any] = {
            "text": e.text,
            "label": e.label.value,
            "start": e.start,
            "end": e.end,
            "normalized": e.normalized,
            "canonical": e.canonical or e.normalized,
            "score": e.score,
            "sentence": sentence,
            "source": e.source,
        }
        for name in _DATE_FIELDS:
            value = None if e.date is None else getattr(e.date, name)
            if isinstance(value, DateValue):
                value = value.value
            row[f"date_{name}"] = value
        out.append(row)
    return out


def import_pandas() -> Any:
    """The pandas module, or a :class:`MissingDependencyError` saying how to install it."""
    return require("pandas", "pandas", "DataFrames")


def frame(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> Any:
    """A DataFrame with exactly ``columns`` (also when ``rows`` is empty) and nullable dtypes."""
    pd = import_pandas()
    df = pd.DataFrame.from_records(rows, columns=list(columns))
    dtypes = {c: t for c, t in _column_dtypes().items() if c in columns}
    return df.astype(dtypes)


def document_frame(doc: Document) -> Any:
    """``doc``'s entities as a DataFrame, one row per entity."""
    return frame(records(doc), RECORD_COLUMNS)
