"""The examples: the quick-start notebook runs headless, cell by cell, and is stored clean; the
script version runs too."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from .conftest import ROOT

EXAMPLES = ROOT / "examples"
NOTEBOOK = EXAMPLES / "quickstart.ipynb"
KERNEL = "viextract-test"


def test_notebook_is_stored_without_outputs() -> None:
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert code
    for cell in code:
        assert cell["outputs"] == [] and cell["execution_count"] is None, cell["source"]
    assert "widgets" not in nb["metadata"]


@pytest.fixture
def kernel_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A kernelspec for this interpreter (whatever other kernels the machine has), matplotlib's
    Agg backend, and IPython's files in a temporary folder."""
    spec = tmp_path / "jupyter" / "kernels" / KERNEL
    spec.mkdir(parents=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    kernel = {"argv": argv, "display_name": "viextract tests", "language": "python"}
    (spec / "kernel.json").write_text(json.dumps(kernel), encoding="utf-8")
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    monkeypatch.setenv("JUPYTER_PLATFORM_DIRS", "1")
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))
    monkeypatch.setenv("MPLBACKEND", "Agg")


@pytest.mark.usefixtures("kernel_env")
def test_notebook_runs_headless() -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    pytest.importorskip("pandas")
    pytest.importorskip("matplotlib")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(
        nb,
        kernel_name=KERNEL,
        timeout=120,
        startup_timeout=60,
        resources={"metadata": {"path": str(EXAMPLES)}},  # the notebook's working folder
    )
    client.execute()  # raises CellExecutionError naming the cell if any cell fails
    code = [c for c in nb.cells if c.cell_type == "code"]
    outputs: list[dict[str, Any]] = [o for c in code for o in c.outputs]
    assert not [o for o in outputs if o["output_type"] == "error"]
    html = [o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    # The document displays highlighted, and DataFrames display as tables.
    assert any('class="viextract-doc"' in h and "viextract-ent" in h for h in html)
    assert sum("<table" in h for h in html) >= 3


@pytest.mark.usefixtures("kernel_env")
def test_notebook_runs_with_jupyter_nbconvert(tmp_path: Path) -> None:
    # what the notebook extra promises: `jupyter nbconvert --execute` runs it
    pytest.importorskip("nbconvert")
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "nbconvert",
            "--to",
            "notebook",
            "--execute",
            f"--ExecutePreprocessor.kernel_name={KERNEL}",
            "--output-dir",
            str(tmp_path),
            str(NOTEBOOK),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=EXAMPLES,
        env={**os.environ},
    )
    assert r.returncode == 0, r.stderr
    done = json.loads((tmp_path / NOTEBOOK.name).read_text(encoding="utf-8"))
    outputs = [o for c in done["cells"] if c["cell_type"] == "code" for o in c["outputs"]]
    assert outputs and not [o for o in outputs if o["output_type"] == "error"]


def test_script_runs(tmp_path: Path) -> None:
    pytest.importorskip("pandas")
    pytest.importorskip("matplotlib")
    r = subprocess.run(
        [sys.executable, str(EXAMPLES / "quickstart.py"), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        env={**os.environ, "MPLBACKEND": "Agg"},
    )
    assert r.returncode == 0, r.stderr
    page = (tmp_path / "quickstart.html").read_text(encoding="utf-8")
    assert 'class="viextract-doc"' in page and "viextract-ent" in page
    assert (tmp_path / "places.png").read_bytes().startswith(b"\x89PNG")
    assert "LOC" in r.stdout and "paragraphs" in r.stdout
