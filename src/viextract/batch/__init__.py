"""Batch annotation: inputs (:mod:`.inputs`), the runner and its local process pool
(:mod:`.runner`), the Dask engine (:mod:`.dask`)."""
