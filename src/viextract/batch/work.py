"""What runs in a worker: the per-process :class:`~viextract.Extractor` and the annotation of a
batch of records (plain dicts in, plain dicts out), shared by the local pool (:mod:`.runner`)
and the Dask engine (:mod:`.dask`)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from typing import Any

from ..checks import check_date_spans, check_prefer, parse_date
from ..pipeline import Extractor
from ..types import DateSpans, Prefer
from .inputs import (
    DATE_FIELDS,
    check_article_text,
    describe_error,
)

_extractors: dict[tuple[str | None, float], Extractor] = {}
_loads = 0


def extractor_for(names: str | None, min_score: float = 0.0) -> Extractor:
    """An :class:`Extractor` with the default recognizers and, if ``names`` is a file, the
    user's :class:`~viextract.NameList` read from it (winning over the defaults)."""
    if names is None:
        return Extractor(min_score=min_score)
    from ..names import NameList
    from ..pipeline import default_recognizers

    return Extractor([*default_recognizers(), NameList.from_file(names)], min_score=min_score)


def worker_extractor(names: str | None = None, min_score: float = 0.0) -> Extractor:
    """This process's :class:`Extractor` (for a name-list file and a minimum score, if given),
    created (models loaded) on first use."""
    global _loads
    ex = _extractors.get((names, min_score))
    if ex is None:
        ex = _extractors[names, min_score] = extractor_for(names, min_score)
        _loads += 1
    return ex


def extractor_loads() -> int:
    """How many Extractors this process made (1 once anything ran, never more per name list)."""
    return _loads


def _missing(value: object) -> bool:
    """None, a blank string, NaN or pandas' NaT/NA: no value."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return True
    try:
        return bool(value != value)  # NaN and NaT differ from themselves
    except (TypeError, ValueError):  # pandas.NA cannot be a bool
        return True


class RecordError(ValueError):
    """A record that cannot be annotated as it is (no text, a bad date)."""


def _record_date(rec: Mapping[str, Any], default: dt.date | None) -> dt.date | None:
    for name in DATE_FIELDS:
        value = rec.get(name)
        if _missing(value):
            continue
        try:
            return parse_date(value)
        except ValueError as exc:
            raise RecordError(f"field {name!r}: {exc}") from None
    return default


def annotate_batch(
    records: Iterable[Mapping[str, Any]],
    *,
    reference_date: dt.date | str | None = None,
    prefer: Prefer = "past",
    tokens: bool = False,
    include_text: bool = True,
    date_spans: DateSpans = "phrase",
    names: str | None = None,
    min_score: float = 0.0,
) -> list[dict[str, Any]]:
    """Annotate records; picklable, safe to ship to any worker process.

    Args:
        records: mappings with ``text`` (str), an optional ``id`` (copied to the output) and an
            optional article date in ``reference_date``, ``date`` or ``published`` (ISO string,
            ``datetime.date`` or ``datetime``; missing, None or NaN: ``reference_date`` below).
        reference_date: the date for records that have none.
        prefer: direction of bare weekdays and day-months.
        tokens: add the word spans (``tokens``).
        include_text: copy ``text`` into the output.
        date_spans: how much text a DATE entity covers, "core" or "phrase" (see
            :meth:`viextract.Extractor.extract`).
        names: a name-list file (``.tsv`` or ``.jsonl``, see
            :meth:`viextract.NameList.from_file`) whose names are found besides the defaults.
        min_score: keep only entities scoring at least this (see :class:`viextract.Extractor`).

    Returns:
        One dict per record, in order: ``{"id", "text", "reference_date", "entities",
        "sentences"[, "tokens"]}`` as in :meth:`viextract.Document.to_dict` (spans are
        ``[start, end]`` offsets into the text), or ``{"id", "error"}`` when the record could
        not be annotated (no text, a bad date, or the pipeline failed on it).
    """
    prefer = check_prefer(prefer)
    date_spans = check_date_spans(date_spans)
    default = None if reference_date is None else parse_date(reference_date)
    ex = worker_extractor(names, min_score)
    out: list[dict[str, Any]] = []
    for rec in records:
        rid = rec.get("id")
        try:
            text = rec.get("text")
            if not isinstance(text, str):
                raise RecordError("no 'text' string field")
            problem = check_article_text(text)
            if problem:
                raise RecordError(problem)
            doc = ex.extract(text, _record_date(rec, default), prefer, date_spans).to_dict()
        except RecordError as exc:
            out.append({"id": rid, "error": str(exc)})
            continue
        except Exception as exc:
            out.append({"id": rid, "error": describe_error(exc)})
            continue
        item: dict[str, Any] = {"id": rid}
        if include_text:
            item["text"] = text
        item["reference_date"] = doc["reference_date"]
        item["entities"] = doc["entities"]
        item["sentences"] = doc["sentences"]
        if tokens:
            item["tokens"] = doc["tokens"]
        out.append(item)
    return out


#: Columns of :func:`annotate_frame`'s result (all strings or None; spans as JSON text).
FRAME_COLUMNS = ("id", "reference_date", "entities", "sentences", "tokens", "error")


def annotate_frame(
    frame: Any,
    *,
    text_column: str = "text",
    id_column: str | None = "id",
    date_column: str | None = None,
    reference_date: dt.date | str | None = None,
    prefer: Prefer = "past",
    tokens: bool = False,
    date_spans: DateSpans = "phrase",
    names: str | None = None,
    min_score: float = 0.0,
) -> Any:
    """Annotate a pandas DataFrame (one article a row) with :func:`annotate_batch`.

    Returns a DataFrame with one row per input row and the string columns
    :data:`FRAME_COLUMNS`: ``id`` (as a string), ``reference_date`` (ISO), ``entities``,
    ``sentences`` and ``tokens`` (JSON text, None unless ``tokens``), ``error`` (None, or why
    the row failed). Flat strings keep the schema fixed for Parquet, Spark and Arrow.
    """

    import pandas as pd

    n = len(frame)
    records: list[dict[str, Any]] = []
    texts = list(frame[text_column])
    ids = list(frame[id_column]) if id_column else list(range(n))
    dates = list(frame[date_column]) if date_column else [None] * n
    for i in range(n):
        records.append({"id": ids[i], "text": texts[i], "reference_date": dates[i]})
    results = annotate_batch(
        records,
        reference_date=reference_date,
        prefer=prefer,
        tokens=tokens,
        include_text=False,
        date_spans=date_spans,
        names=names,
        min_score=min_score,
    )
    rows: list[tuple[Any, ...]] = []
    for rec, res in zip(records, results, strict=True):
        rid = None if _missing(rec["id"]) else str(rec["id"])
        if "error" in res:
            rows.append((rid, None, None, None, None, res["error"]))
            continue
        rows.append(
            (
                rid,
                res["reference_date"],
                json.dumps(res["entities"], ensure_ascii=False),
                json.dumps(res["sentences"]),
                json.dumps(res["tokens"]) if tokens else None,
                None,
            )
        )
    return pd.DataFrame(rows, columns=list(FRAME_COLUMNS), index=frame.index, dtype=object)
