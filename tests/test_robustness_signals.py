"""Interrupting a batch run: one Ctrl-C stops it cleanly (no hang, no traceback, no leaked
semaphore warning), a killed run leaves no warning either, and the main loop acts on a signal
even while it waits for workers."""

from __future__ import annotations

import concurrent.futures
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from viextract.batch import runner

from .batch_helpers import write_corpus

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX signals and process groups")

TEXT = (
    "Sáng 20-11, ông Nguyễn Văn An đến Hà Nội để dự hội nghị. Bà Trần Thị Lan, Giám đốc Sở "
    "Y tế tỉnh Nghệ An, cho biết tình hình đã ổn định. Chiều cùng ngày, đoàn rời Đà Nẵng.\n"
) * 8


_ANNOTATE = (sys.executable, "-m", "viextract", "annotate")


def _start(tmp_path: Path, n: int = 60) -> tuple[subprocess.Popen[bytes], Path]:
    corpus = tmp_path / "in"
    write_corpus(corpus, [TEXT] * n)
    out = tmp_path / "out.jsonl"
    p = subprocess.Popen(
        [*_ANNOTATE, str(corpus), "-o", str(out), "--jobs", "2", "--quiet"],
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group, signalled as a terminal would
    )
    return p, out


def _wait_for_output(p: subprocess.Popen[bytes], out: Path, timeout: float = 120) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end and p.poll() is None:
        if out.exists() and out.stat().st_size > 0:
            return
        time.sleep(0.1)
    pytest.fail("the run wrote nothing in time")


def _children(pid: int) -> int:
    """How many processes have ``pid`` as their parent (from /proc)."""
    n = 0
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_bytes()
            except OSError:
                continue
            if int(stat.rsplit(b")", 1)[1].split()[1]) == pid:
                n += 1
    return n


def _wait_for_pool(p: subprocess.Popen[bytes], timeout: float = 120) -> None:
    """Until the run has started its pool (the resource tracker and the forkserver)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end and p.poll() is None:
        if _children(p.pid) >= 2:
            return
        time.sleep(0.02)
    pytest.fail("the run started no pool in time")


@pytest.mark.slow
@pytest.mark.skipif(not os.path.isdir("/proc"), reason="reads /proc")
@pytest.mark.parametrize("when", [0.0, 1.0, "running"])
def test_one_ctrl_c_stops_a_pool_run_cleanly(tmp_path: Path, when: float | str) -> None:
    # From the moment the command runs (it has started its pool); during the fraction of a
    # second in which Python imports viextract, Ctrl-C is Python's own (see robustness.md).
    p, out = _start(tmp_path)
    if when == "running":
        _wait_for_output(p, out)
    else:
        _wait_for_pool(p)
        time.sleep(float(when))  # workers starting, loading their models
    os.killpg(p.pid, signal.SIGINT)  # Ctrl-C: every process of the group gets it
    try:
        _, err = p.communicate(timeout=60)  # EOF once every process holding stderr is gone
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        p.communicate()
        pytest.fail("one SIGINT did not stop the run")
    text = err.decode("utf-8", "backslashreplace")
    assert p.returncode == 130, text
    assert text.splitlines()[-1] == "viextract: interrupted", text
    assert "leaked" not in text and "Traceback" not in text, text
    if out.exists():  # whole records only
        data = out.read_bytes()
        assert data == b"" or data.endswith(b"\n")


@pytest.mark.slow
@pytest.mark.skipif(not os.path.isdir("/proc"), reason="workers see a zombie parent via /proc")
def test_a_killed_run_leaves_no_leaked_semaphore_warning(tmp_path: Path) -> None:
    p, out = _start(tmp_path)
    _wait_for_output(p, out)
    p.kill()  # SIGKILL to the main process only: its workers and helpers notice and exit
    try:
        _, err = p.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        p.communicate()
        pytest.fail("helpers of a killed run stayed alive")
    assert b"leaked" not in err, err.decode("utf-8", "backslashreplace")


def test_waiting_for_a_worker_wakes_up_to_check_for_signals() -> None:
    never: concurrent.futures.Future[list[dict[str, object]]] = concurrent.futures.Future()
    calls = []

    def check() -> None:
        calls.append(time.monotonic())
        if len(calls) == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        runner._wait(never, check)
    assert len(calls) == 3


def test_a_signal_during_a_pool_run_stops_at_a_safe_point() -> None:
    with runner._Signals(deferred=True) as signals:
        os.kill(os.getpid(), signal.SIGINT)
        for _ in range(100):  # let the handler run; it only takes note
            time.sleep(0.001)
        assert signals.pending == signal.SIGINT
        with pytest.raises(KeyboardInterrupt):
            signals.check()
        with pytest.raises(KeyboardInterrupt):  # a second Ctrl-C stops at once
            os.kill(os.getpid(), signal.SIGINT)
            for _ in range(100):
                time.sleep(0.001)
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_sigterm_ends_a_run_as_exit_143() -> None:
    with runner._Signals(deferred=True) as signals:
        os.kill(os.getpid(), signal.SIGTERM)
        for _ in range(100):
            time.sleep(0.001)
        with pytest.raises(SystemExit) as info:
            signals.check()
    assert info.value.code == 143
