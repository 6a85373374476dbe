"""Batch annotation: the machinery that runs :func:`~.work.annotate_batch` over many files, in
order, in this process, a local process pool or on a Dask cluster, resumably.

:func:`~.work.annotate_batch` (in :mod:`.work`) is what every engine runs: the local process
pool of ``viextract annotate``, Dask (:mod:`.dask`), Spark's ``mapInPandas`` or Ray's
``map_batches``. It takes plain records and returns plain dicts, loads the models once per
process, and turns a text that makes the pipeline fail into an ``"error"`` record instead of
failing the batch. Here: the engines, the writers' protocol and :func:`run`.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import datetime as dt
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
from types import FrameType
from typing import Any, Literal, Protocol, TextIO

from ..errors import ConfigError
from ..types import DateSpans, Prefer
from .inputs import (
    Article,
    Failure,
    InputFormat,
    count_articles,
    describe_error,
    identity,
    iter_articles,
    one_line,
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
            if not _alive(parent) or os.getppid() != ppid:
                os._exit(1)

    threading.Thread(target=watch, daemon=True, name="viextract-parent-watch").start()
    worker_extractor(names, min_score)


def _alive(pid: int) -> bool:
    """Whether process ``pid`` is running: not gone, and not a zombie (a process killed with
    ``kill -9`` stays one until its parent reaps it; the pool's workers must not wait for that,
    as they keep the forkserver, and so each other, alive)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            state = f.read().rsplit(b")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True  # no /proc (not Linux): signal 0 is all there is
    return state not in (b"Z", b"X")


class _Pool:
    """A process pool whose workers each load the models once; rebuilt if a worker dies."""

    def __init__(self, jobs: int, options: dict[str, Any]) -> None:
        self.jobs = jobs
        self.options = options
        self.window = jobs * 4
        methods = mp.get_all_start_methods()
        self._ctx = mp.get_context("forkserver" if "forkserver" in methods else "spawn")
        _quiet_resource_tracker()
        self._pool = self._make()

    def _make(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            self.jobs,
            mp_context=self._ctx,
            initializer=_init_worker,
            initargs=(os.getpid(), self.options.get("names"), self.options.get("min_score", 0.0)),
        )

    def submit(self, records: list[dict[str, Any]]) -> _FutureLike:
        # Ctrl-C is held back while the pool may start processes: the forkserver and the
        # workers inherit the blocked signal, so a Ctrl-C to the whole process group never
        # kills one of them half-started (the main process gets it once unblocked).
        with _sigint_held():
            try:
                return self._pool.submit(annotate_batch, records, **self.options)
            except BrokenProcessPool:
                self._pool.shutdown(wait=False, cancel_futures=True)
                self._pool = self._make()
                return self._pool.submit(annotate_batch, records, **self.options)

    def close(self, cancel: bool) -> None:
        if cancel:  # interrupted: results would be thrown away, stop the workers now
            # records still on their way to a worker are dropped, not flushed into a pipe that
            # no worker reads any more (that would block the shutdown, and the exit, forever)
            queue = getattr(self._pool, "_call_queue", None)
            if queue is not None:
                with contextlib.suppress(Exception):
                    queue.cancel_join_thread()
            processes = getattr(self._pool, "_processes", None) or {}
            for proc in list(processes.values()):
                with contextlib.suppress(Exception):
                    proc.terminate()
        self._pool.shutdown(wait=True, cancel_futures=cancel)


@contextlib.contextmanager
def _sigint_held() -> Iterator[None]:
    """Block SIGINT in this thread (and in the threads and processes it starts) for a while."""
    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - Windows
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        if signal.SIGINT not in previous:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _quiet_resource_tracker() -> None:
    """Start multiprocessing's resource tracker, if it is not running yet, without its
    "leaked semaphore objects" warning. The pool's semaphores are released when the run ends,
    even when it is interrupted; only when this process is killed outright (``kill -9``) does
    the tracker remove them itself, and then its warning is noise, not a leak."""
    from multiprocessing import resource_tracker

    option = "ignore:resource_tracker:UserWarning"  # -W syntax, passed to the tracker process
    added = option not in sys.warnoptions
    if added:
        sys.warnoptions.append(option)
    try:
        resource_tracker.ensure_running()
    except Exception:  # pragma: no cover - the pool starts the tracker itself then
        pass
    finally:
        if added:
            sys.warnoptions.remove(option)


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


def _wait(fut: _FutureLike, check: Callable[[], None]) -> list[dict[str, Any]]:
    """The result of ``fut``. The main thread wakes up every 0.2 s, so that a signal (Ctrl-C)
    is acted on even when the operating system delivered it to another thread (a blocked
    wait would not see it: the run would hang until the result came, or forever)."""
    if isinstance(fut, concurrent.futures.Future):
        while not concurrent.futures.wait([fut], timeout=0.2).done:
            check()
    else:
        done_of = getattr(fut, "done", None)
        while callable(done_of) and not done_of():
            check()
            time.sleep(0.05)
    check()
    result: list[dict[str, Any]] = fut.result()
    return result


def _results(
    engine: Engine,
    records: list[dict[str, Any]],
    fut: _FutureLike,
    check: Callable[[], None] = lambda: None,
) -> list[dict[str, Any]]:
    """The results of a chunk; when running it failed (a worker died), each record is run again
    alone, so that only a record that kills a worker again is lost, as an error record."""
    try:
        return _wait(fut, check)
    except Exception:
        pass
    out = []
    for rec in records:
        try:
            out.extend(_wait(engine.submit([rec]), check))
        except Exception as exc:
            out.append({"id": rec.get("id"), "error": f"worker failed: {describe_error(exc)}"})
    return out


def ordered_map(
    engine: Engine,
    chunks: Iterable[tuple[Any, list[dict[str, Any]]]],
    check: Callable[[], None] = lambda: None,
) -> Iterator[tuple[Any, list[dict[str, Any]]]]:
    """Run chunks with at most ``engine.window`` in flight; yield (key, results) in input
    order, so memory stays flat whatever the number of inputs. ``check`` is called while
    waiting (it raises to stop the run)."""
    pending: deque[tuple[Any, list[dict[str, Any]], _FutureLike]] = deque()
    for key, records in chunks:
        check()
        pending.append((key, records, engine.submit(records)))
        if len(pending) >= engine.window:
            k, recs, fut = pending.popleft()
            yield k, _results(engine, recs, fut, check)
    while pending:
        k, recs, fut = pending.popleft()
        yield k, _results(engine, recs, fut, check)


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
    date_spans: DateSpans = "phrase"
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


def check_paths(inputs: Sequence[str], opts: BatchOptions) -> None:
    """Refuse, before anything is opened, a run whose inputs, output and errors file are not
    different files (compared by identity, so ``./a.jsonl``, ``a.jsonl`` and a link to it are
    the same file), or whose errors file exists without ``--overwrite`` or ``--resume``.

    A directory input may hold the output (``annotate corpus -o corpus/out.jsonl``): the walk
    leaves the output and the errors file out. A brat output directory may not hold an input.

    Raises:
        ConfigError: one of those.
    """
    from ..output.jsonl import check_writable_file

    output = None if opts.output == "-" else opts.output
    for inp in inputs:
        if inp == "-":
            continue
        for what, path in (("output", output), ("errors file", opts.errors)):
            if path is None:
                continue
            if _same_file(inp, path):
                raise ConfigError(f"input {inp} is also the {what}: give another {what} name")
            if what == "output" and opts.format == "brat" and _within(inp, path):
                raise ConfigError(f"input {inp} is inside the output directory {path}")
    if opts.errors is not None:
        check_writable_file(opts.errors, "errors file")
        if output is not None and _same_file(output, opts.errors):
            raise ConfigError(f"--errors {opts.errors} is the output file: give another name")
        exists = os.path.isfile(opts.errors) and os.path.getsize(opts.errors) > 0
        if exists and not (opts.resume or opts.overwrite):
            raise ConfigError(
                f"errors file {opts.errors} exists: add --overwrite to replace it (--resume "
                "replaces it too, with the inputs that still fail)"
            )


def _same_file(a: str, b: str) -> bool:
    ia, ib = identity(a), identity(b)
    if ia is not None and ib is not None:
        return ia == ib
    return os.path.realpath(a) == os.path.realpath(b)


def _within(path: str, folder: str) -> bool:
    p, f = os.path.realpath(path), os.path.realpath(folder)
    return p == f or p.startswith(f.rstrip(os.sep) + os.sep)


class _Signals:
    """Ctrl-C (SIGINT) and SIGTERM while a run is going on.

    With a worker pool, a signal only marks the run as interrupted; the main loop stops at the
    next safe point (:meth:`check`: while it waits for results, or between chunks), never
    inside the pool's own bookkeeping, which an exception could leave locked (the shutdown
    would then wait forever). A second Ctrl-C stops at once. Inline, Ctrl-C raises
    ``KeyboardInterrupt`` at once. SIGTERM ends the run as ``SystemExit(143)``: workers
    stopped, outputs closed.
    """

    def __init__(self, deferred: bool) -> None:
        self.deferred = deferred
        self.pending: int | None = None
        self._previous: dict[int, Any] = {}

    def __enter__(self) -> _Signals:
        if threading.current_thread() is not threading.main_thread():
            return self
        self._previous[signal.SIGTERM] = signal.signal(signal.SIGTERM, self._handle)
        if self.deferred and signal.getsignal(signal.SIGINT) is signal.default_int_handler:
            self._previous[signal.SIGINT] = signal.signal(signal.SIGINT, self._handle)
        return self

    def __exit__(self, *exc: object) -> None:
        for signum, previous in self._previous.items():
            signal.signal(signum, previous)
        self._previous.clear()

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if not self.deferred or self.pending is not None:
            self._raise(signum)
        self.pending = signum

    def check(self) -> None:
        if self.pending is not None:
            self._raise(self.pending)

    @staticmethod
    def _raise(signum: int) -> None:
        if signum == signal.SIGINT:
            raise KeyboardInterrupt
        raise SystemExit(128 + signum)


def run(inputs: Sequence[str], opts: BatchOptions, *, err: TextIO | None = None) -> Summary:
    """Annotate every article of ``inputs`` into ``opts.output``. Failures (an input, a line, a
    directory entry that cannot be read; a record that cannot be annotated or written) are
    reported on ``err`` (and in ``opts.errors``) and skipped; the run goes on.

    Raises:
        ConfigError: the output or errors file exists (without resume/overwrite), inputs,
            output and errors file are not different files, or the engine cannot start.
        InputError: the output to resume is not a viextract output.
    """
    err = sys.stderr if err is None else err
    show = opts.progress and err.isatty()
    options: dict[str, Any] = {
        "prefer": opts.prefer,
        "date_spans": opts.date_spans,
        "tokens": opts.tokens or opts.format == "conll",
        "include_text": False,
        "names": None if opts.names is None else os.path.abspath(opts.names),
        "min_score": opts.min_score,
    }
    check_paths(inputs, opts)
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
        signals = stack.enter_context(_Signals(deferred=not isinstance(engine, _Inline)))
        writer = open_writer(opts.format, opts.output, resume=opts.resume, overwrite=opts.overwrite)
        stack.callback(writer.close)
        errors_file = (
            stack.enter_context(open(opts.errors, "w", encoding="utf-8")) if opts.errors else None
        )
        # the walk never reads what this run writes
        written = [p for p in (opts.output, opts.errors) if p is not None and p != "-"]
        skip = {i for i in map(identity, written) if i is not None}
        total = (
            count_articles(inputs, pattern=opts.pattern, input_format=opts.input_format, skip=skip)
            if show and "-" not in inputs  # stdin cannot be read twice
            else None
        )
        bar = stack.enter_context(_progress(total, show, err))

        def fail(f: Failure) -> None:
            from ..output.jsonl import dumps

            summary.failures.append(f)
            where = f.path if f.line is None else f"{f.path}:{f.line}"
            label = where if f.id in (f.path, where) else f"{where} ({f.id})"
            bar.write(f"viextract: failed: {one_line(label)}: {one_line(f.reason)}", file=err)
            if errors_file is not None:
                errors_file.write(dumps(f.to_dict()) + "\n")
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
                skip=skip,
            ):
                if isinstance(item, Failure):
                    fail(item)
                    continue
                if item.id in seen:
                    fail(Failure(item.id, item.path, "duplicate id", item.line))
                    continue
                seen.add(item.id)
                try:
                    target = writer.prepare(item)
                except Exception as exc:  # an id that names no file, say: this article fails
                    fail(Failure(item.id, item.path, describe_error(exc), item.line))
                    continue
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

        for chunk, results in ordered_map(engine, chunks(), signals.check):
            for (article, target), result in zip(chunk, results, strict=True):
                if "error" in result:
                    fail(Failure(article.id, article.path, result["error"], article.line))
                    continue
                try:
                    writer.write(article, target, result)
                except BrokenPipeError:  # the reader of stdout is gone: nothing more to do
                    raise
                except Exception as exc:  # this record cannot be written; the next may be
                    reason = f"cannot be written: {describe_error(exc)}"
                    fail(Failure(article.id, article.path, reason, article.line))
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
