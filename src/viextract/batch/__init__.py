"""Batch annotation: inputs (:mod:`.inputs`), what runs in a worker (:mod:`.work`), the runner
and its local process pool (:mod:`.runner`), the Dask engine (:mod:`.dask`).

The functions for your own engine (Spark, Ray, a queue...) are re-exported here."""

from __future__ import annotations

from .work import FRAME_COLUMNS, annotate_batch, annotate_frame, worker_extractor

__all__ = ["FRAME_COLUMNS", "annotate_batch", "annotate_frame", "worker_extractor"]
