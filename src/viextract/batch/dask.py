"""Annotation on a Dask cluster: Dask bags and DataFrames, partition by partition.

Needs the extra ``pip install 'viextract[dask]'`` (bags and DataFrames). Both
functions map :func:`viextract.batch.annotate_batch` over partitions: each worker process loads
the models once (a per-process cached :class:`~viextract.Extractor`), and a record the pipeline
fails on becomes an ``"error"`` record instead of failing its partition::

    import dask.bag as db
    from dask.distributed import Client
    from viextract.batch.dask import annotate_bag

    client = Client("tcp://scheduler:8786")
    records = db.read_text("news-*.jsonl").map(json.loads)
    annotate_bag(records, reference_date="2015-11-21").map(json.dumps).to_textfiles("out/*.jsonl")
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .._optional import require
from ..errors import ConfigError
from ..types import DateSpans, Prefer
from .work import FRAME_COLUMNS, annotate_batch, annotate_frame

__all__ = ["annotate_bag", "annotate_batch", "annotate_dataframe", "annotate_frame", "connect"]


def _require(module: str) -> Any:
    return require(module, "dask", "Dask engines")


def connect(address: str) -> Any:
    """A ``distributed.Client`` connected to the scheduler at ``address``, giving up after
    Dask's ``distributed.comm.timeouts.connect`` (set it with, e.g., the environment variable
    ``DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT=5s``)."""
    distributed = _require("distributed")
    try:
        return distributed.Client(address)
    except OSError as exc:
        raise ConfigError(f"cannot reach the Dask scheduler at {address}: {exc}") from None


def annotate_bag(
    bag: Any,
    *,
    reference_date: dt.date | str | None = None,
    prefer: Prefer = "past",
    tokens: bool = False,
    include_text: bool = True,
    date_spans: DateSpans = "phrase",
    names: str | None = None,
    min_score: float = 0.0,
) -> Any:
    """A ``dask.bag.Bag`` of records (dicts with ``text``, optional ``id`` and date, see
    :func:`~viextract.batch.annotate_batch`) -> a bag of result dicts, ready for
    ``.map(json.dumps).to_textfiles(...)``. Lazy: nothing runs before ``compute``. ``names`` is
    a name-list file every worker must be able to read (the same path on every machine)."""
    _require("dask.bag")
    return bag.map_partitions(
        annotate_batch,
        reference_date=reference_date,
        prefer=prefer,
        tokens=tokens,
        include_text=include_text,
        date_spans=date_spans,
        names=names,
        min_score=min_score,
    )


def annotate_dataframe(
    df: Any,
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
    """A Dask DataFrame (one article a row) -> a Dask DataFrame of string columns
    ``id, reference_date, entities, sentences, tokens, error`` (see
    :func:`~viextract.batch.annotate_frame`), ready for ``to_parquet``."""
    _require("dask.dataframe")
    pd = _require("pandas")
    meta = pd.DataFrame({c: pd.Series(dtype=object) for c in FRAME_COLUMNS})
    return df.map_partitions(
        annotate_frame,
        text_column=text_column,
        id_column=id_column,
        date_column=date_column,
        reference_date=reference_date,
        prefer=prefer,
        tokens=tokens,
        date_spans=date_spans,
        names=names,
        min_score=min_score,
        meta=meta,
    )
