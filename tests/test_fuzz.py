"""A short coverage-guided fuzzing run of each target in fuzz/ (long runs: docs/robustness.md)."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

FUZZ = ROOT / "fuzz"


@pytest.mark.slow
@pytest.mark.parametrize(("target", "seconds"), [("extract", 10), ("dates", 6)])
def test_short_fuzz_run(target: str, seconds: int, tmp_path: Path) -> None:
    if importlib.util.find_spec("atheris") is None:
        pytest.skip("atheris is not installed (pip install -e '.[fuzz]'; Linux, Python >= 3.11)")
    corpus = tmp_path / "corpus"
    shutil.copytree(FUZZ / "seeds" / target, corpus)
    r = subprocess.run(
        [
            sys.executable,
            str(FUZZ / f"fuzz_{target}.py"),
            f"-max_total_time={seconds}",
            f"-artifact_prefix={tmp_path}/",
            "-print_final_stats=1",
            str(corpus),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    crashes = [p.name for p in tmp_path.iterdir() if p.name.startswith(("crash-", "timeout-"))]
    assert r.returncode == 0 and not crashes, r.stderr[-4000:]
    assert "Done" in r.stderr and "stat::number_of_executed_units" in r.stderr
