"""Batch annotation: the machinery that runs :func:`~.work.annotate_batch` over many files, in
order, in this process, a local process pool or on a Dask cluster, resumably.

:func:`~.work.annotate_batch` (in :mod:`.work`) is what every engine runs: the local process
pool of ``viextract annotate``, Dask (:mod:`.dask`), Spark's ``mapInPandas`` or Ray's
``map_batches``. It takes plain records and returns plain dicts, loads the models once per
process, and turns a text that makes the pipeline fail into an ``"error"`` record instead of
failing the batch. Here: the engines, the writers' protocol and :func:`run`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import multiprocessing as mp
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, TextIO

from ..errors import InputError
from ..types import DateSpans, Prefer
from .inputs import (
    Article,
    Failure,
    InputFormat,
    count_articles,
    describe_error,
    iter_articles,
)
from .work import (
    annotate_batch,
    worker_extractor,
)

OutputFormat = Literal["jsonl", "brat", "conll"]

# ---------------------------------------------------------------------------------------------
# Running annotate_batch over many articles, in order.


class _FutureLike(Protocol):
    def result(self) -> list[dict[str, Any]]: ...


class Engine(Protocol):
    """Runs ``annotate_batch`` on chunks of records, possibly elsewhere."""

    window: int

    def submit(self, records: list[dict[str, Any]]) -> _FutureLike: ...

    def close(self, cancel: bool) -> None: ...


@dataclass
class _Inline:
    """Runs in this process (``--jobs 1``)."""

    options: dict[str, Any]
    window: int = 1

    def submit(self, records: list[dict[str, Any]]) -> _FutureLike:
        f: Future[list[dict[str, Any]]] = Future()
        f.set_result(annotate_batch(records, **self.options))
        return f

    def close(self, cancel: bool) -> None:
        pass


def _init_worker(parent: int, names: str | None = None, min_score: float = 0.0) -> None:
    """Pool worker start: leave Ctrl-C to the parent, exit if it dies, load the models."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    ppid = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(0.5)
            try:
                os.kill(parent, 0)
            except ProcessLookupError:
                os._exit(1)
            if os.getppid() != ppid:
                os._exit(1)

    threading.Thread(target=watch, daemon=True, name="viextract-parent-watch").start()
    worker_extractor(names, min_score)


class _Pool:
    """A process pool whose workers each load the models once; rebuilt if a worker dies."""

    def __init__(self, jobs: int, options: dict[str, Any]) -> None:
        self.jobs = jobs
        self.options = options
        self.window = jobs * 4
        methods = mp.get_all_start_methods()
        self._ctx = mp.get_context("forkserver" if "forkserver" in methods else "spawn")
        self._pool = self._make()

    def _make(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            self.jobs,
            mp_context=self._ctx,
            initializer=_init_worker,
            initargs=(os.getpid(), self.options.get("names"), self.options.get("min_score", 0.0)),
        )

    def submit(self, records: list[dict[str, Any]]) -> _FutureLike:
        try:
            return self._pool.submit(annotate_batch, records, **self.options)
        except BrokenProcessPool:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = self._make()
            return self._pool.submit(annotate_batch, records, **self.options)

    def close(self, cancel: bool) -> None:
        if cancel:  # interrupted: results would be thrown away, stop the workers now
            processes = getattr(self._pool, "_processes", None) or {}
            for proc in list(processes.values()):
                with contextlib.suppress(Exception):
                    proc.terminate()
        self._pool.shutdown(wait=True, cancel_futures=cancel)


class _Dask:
    """Runs on a Dask cluster (``--dask ADDRESS``)."""

    def __init__(self, address: str, options: dict[str, Any]) -> None:
        from .dask import connect

        self.client = connect(address)
        self.options = options
        workers = max(1, len(self.client.scheduler_info().get("workers", {})))
        self.window = workers * 4

    def submit(self, records: list[dict[str, Any]]) -> _FutureLike:
        return self.client.submit(  # type: ignore[no-any-return]
            annotate_batch, records, pure=False, **self.options
        )

    def close(self, cancel: bool) -> None:
        self.client.close()


def _results(
    engine: Engine, records: list[dict[str, Any]], fut: _FutureLike
) -> list[dict[str, Any]]:
    """The results of a chunk; when running it failed (a worker died), each record is run again
    alone, so that only a record that kills a worker again is lost, as an error record."""
    try:
        return fut.result()
    except Exception:
        pass
    out = []
    for rec in records:
        try:
            out.extend(engine.submit([rec]).result())
        except Exception as exc:
            out.append({"id": rec.get("id"), "error": f"worker failed: {describe_error(exc)}"})
    return out


def ordered_map(
    engine: Engine, chunks: Iterable[tuple[Any, list[dict[str, Any]]]]
) -> Iterator[tuple[Any, list[dict[str, Any]]]]:
    """Run chunks with at most ``engine.window`` in flight; yield (key, results) in input
    order, so memory stays flat whatever the number of inputs."""
    pending: deque[tuple[Any, list[dict[str, Any]], _FutureLike]] = deque()
    for key, records in chunks:
        pending.append((key, records, engine.submit(records)))
        if len(pending) >= engine.window:
            k, recs, fut = pending.popleft()
            yield k, _results(engine, recs, fut)
    while pending:
        k, recs, fut = pending.popleft()
        yield k, _results(engine, recs, fut)


# ---------------------------------------------------------------------------------------------
# The annotate command.


class Writer(Protocol):
    def prepare(self, article: Article) -> str | None: ...

    def write(self, article: Article, target: str, result: dict[str, Any]) -> None: ...

    def close(self) -> None: ...


def open_writer(fmt: OutputFormat, output: str, *, resume: bool, overwrite: bool) -> Writer:
    if fmt == "brat":
        from ..output.brat import BratWriter

        return BratWriter(output, resume=resume, overwrite=overwrite)
    if fmt == "conll":
        from ..output.conll import ConllWriter

        return ConllWriter(output, resume=resume, overwrite=overwrite)
    from ..output.jsonl import JsonlWriter

    return JsonlWriter(output, resume=resume, overwrite=overwrite)


@dataclass(frozen=True, slots=True)
class BatchOptions:
    """Options of ``viextract annotate`` (see the README's "Batch annotation")."""

    output: str
    format: OutputFormat = "jsonl"
    jobs: int = 1
    reference_date: dt.date | None = None
    prefer: Prefer = "past"
    date_spans: DateSpans = "core"
    tokens: bool = False
    resume: bool = False
    overwrite: bool = False
    pattern: str = "*.txt"
    input_format: InputFormat = "auto"
    errors: str | None = None
    progress: bool = True
    dask: str | None = None
    chunk_size: int = 4
    names: str | None = None
    min_score: float = 0.0


@dataclass
class Summary:
    annotated: int = 0
    skipped: int = 0
    failures: list[Failure] = field(default_factory=list)
    chars: int = 0
    seconds: float = 0.0

    @property
    def failed(self) -> int:
        return len(self.failures)


def _progress(total: int | None, enabled: bool, err: TextIO) -> Any:
    from tqdm import tqdm

    return tqdm(
        total=total,
        unit="doc",
        file=err,
        disable=not enabled,
        dynamic_ncols=True,
        mininterval=0.5,
    )


def run(inputs: Sequence[str], opts: BatchOptions, *, err: TextIO | None = None) -> Summary:
    """Annotate every article of ``inputs`` into ``opts.output``. Failures are reported on
    ``err`` (and in ``opts.errors``) and skipped; the run goes on.

    Raises:
        ConfigError: the output exists (without resume/overwrite), or the engine cannot start.
        InputError: the output to resume is not a viextract output.
    """
    err = sys.stderr if err is None else err
    show = opts.progress and err.isatty()
    options: dict[str, Any] = {
        "prefer": opts.prefer,
        "date_spans": opts.date_spans,
        "tokens": opts.tokens or opts.format == "conll",
        "include_text": False,
        "names": opts.names,
        "min_score": opts.min_score,
    }
    if opts.names is not None:
        from ..names import NameList

        NameList.from_file(opts.names)  # a bad file fails here, once, before any work starts
    summary = Summary()
    started = time.monotonic()
    with contextlib.ExitStack() as stack:
        engine: Engine
        if opts.dask:
            engine = _Dask(opts.dask, options)
        elif opts.jobs > 1:
            engine = _Pool(opts.jobs, options)
        else:
            engine = _Inline(options)
        cancel = [True]
        stack.callback(lambda: engine.close(cancel[0]))
        writer = open_writer(opts.format, opts.output, resume=opts.resume, overwrite=opts.overwrite)
        stack.callback(writer.close)
        errors_file = (
            stack.enter_context(open(opts.errors, "w", encoding="utf-8")) if opts.errors else None
        )
        total = (
            count_articles(inputs, pattern=opts.pattern, input_format=opts.input_format)
            if show and "-" not in inputs  # stdin cannot be read twice
            else None
        )
        bar = stack.enter_context(_progress(total, show, err))
        stack.callback(_restore_sigterm, _on_sigterm())

        def fail(f: Failure) -> None:
            summary.failures.append(f)
            where = f.path if f.line is None else f"{f.path}:{f.line}"
            label = where if f.id in (f.path, where) else f"{where} ({f.id})"
            bar.write(f"viextract: failed: {label}: {f.reason}", file=err)
            if errors_file is not None:
                errors_file.write(json.dumps(f.to_dict(), ensure_ascii=False) + "\n")
                errors_file.flush()
            bar.update(1)

        seen: set[str] = set()

        def chunks() -> Iterator[tuple[list[tuple[Article, str]], list[dict[str, Any]]]]:
            chunk: list[tuple[Article, str]] = []
            for item in iter_articles(
                inputs,
                pattern=opts.pattern,
                input_format=opts.input_format,
                reference_date=opts.reference_date,
            ):
                if isinstance(item, Failure):
                    fail(item)
                    continue
                if item.id in seen:
                    fail(Failure(item.id, item.path, "duplicate id", item.line))
                    continue
                seen.add(item.id)
                target = writer.prepare(item)
                if target is None:
                    summary.skipped += 1
                    bar.update(1)
                    continue
                chunk.append((item, target))
                if len(chunk) >= opts.chunk_size:
                    yield chunk, [_payload(a) for a, _ in chunk]
                    chunk = []
            if chunk:
                yield chunk, [_payload(a) for a, _ in chunk]

        for chunk, results in ordered_map(engine, chunks()):
            for (article, target), result in zip(chunk, results, strict=True):
                if "error" in result:
                    fail(Failure(article.id, article.path, result["error"], article.line))
                    continue
                try:
                    writer.write(article, target, result)
                except InputError as exc:  # e.g. a name that would leave the output directory
                    fail(Failure(article.id, article.path, str(exc), article.line))
                    continue
                summary.annotated += 1
                summary.chars += len(article.text)
                bar.update(1)
            elapsed = time.monotonic() - started
            if show and elapsed > 0:
                bar.set_postfix_str(f"{summary.chars / elapsed:,.0f} chars/s", refresh=False)
        cancel[0] = False
    summary.seconds = time.monotonic() - started
    return summary


def _payload(a: Article) -> dict[str, Any]:
    return {
        "id": a.id,
        "text": a.text,
        "reference_date": None if a.reference_date is None else a.reference_date.isoformat(),
    }


def _raise_exit(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def _on_sigterm() -> Callable[..., Any] | int | None:
    """Make SIGTERM a clean exit (workers stopped, output closed) while a run is going on."""
    if threading.current_thread() is not threading.main_thread():
        return None
    return signal.signal(signal.SIGTERM, _raise_exit)


def _restore_sigterm(previous: Callable[..., Any] | int | None) -> None:
    if previous is not None and threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, previous)
