"""Data files: a checksum manifest; a clear ModelError for a missing, corrupt or unlisted file."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from viextract import ModelError, data

DATA_DIR = Path(str(data.default_root()))


def test_manifest_lists_every_data_file_with_its_checksum() -> None:
    current = (DATA_DIR / data.MANIFEST).read_text(encoding="utf-8")
    assert current == data.build_manifest(), (
        f"src/viextract/data/{data.MANIFEST} does not match the data files: run "
        f"`{data.REGENERATE}` (e.g. `.venv/bin/python -m viextract.data`) and commit the manifest"
    )
    assert set(data.read_manifest()) == set(data.data_files())
    assert data.data_files(), "no data files found"


def test_every_data_file_loads_through_the_check() -> None:
    for name in data.data_files():
        assert data.read_bytes(name) == (DATA_DIR / name).read_bytes()


def test_module_check_command() -> None:
    r = subprocess.run(
        [sys.executable, "-m", "viextract.data", "--check"], capture_output=True, text=True
    )
    assert r.returncode == 0, r.stderr


@pytest.fixture
def copy_of_data(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    shutil.copytree(DATA_DIR, root, ignore=shutil.ignore_patterns("__pycache__"))
    return root


NAME = "gazetteers/countries.txt"


def test_copy_is_valid(copy_of_data: Path) -> None:
    assert data.read_text(NAME, root=copy_of_data) == data.read_text(NAME)


def test_corrupt_file_is_a_model_error_naming_it(copy_of_data: Path) -> None:
    path = copy_of_data / NAME
    path.write_bytes(path.read_bytes() + b"Atlantis\n")
    with pytest.raises(ModelError, match=r"countries\.txt.*corrupt"):
        data.read_text(NAME, root=copy_of_data)


def test_missing_file_is_a_model_error_naming_it(copy_of_data: Path) -> None:
    (copy_of_data / NAME).unlink()
    with pytest.raises(ModelError, match=r"countries\.txt.*missing"):
        data.read_text(NAME, root=copy_of_data)


def test_unlisted_file_says_which_command_to_run(copy_of_data: Path) -> None:
    (copy_of_data / "gazetteers" / "new.txt").write_text("x\n", encoding="utf-8")
    with pytest.raises(ModelError, match=r"new\.txt.*python -m viextract\.data"):
        data.read_text("gazetteers/new.txt", root=copy_of_data)
    assert "gazetteers/new.txt" in data.build_manifest(copy_of_data)


def test_missing_manifest_is_a_model_error(copy_of_data: Path) -> None:
    (copy_of_data / data.MANIFEST).unlink()
    with pytest.raises(ModelError, match="MANIFEST"):
        data.read_text(NAME, root=copy_of_data)


@pytest.mark.parametrize("bad", ["../pipeline.py", "/etc/passwd", "gazetteers/../../x", ""])
def test_names_cannot_leave_the_package(bad: str) -> None:
    with pytest.raises(ModelError):
        data.read_bytes(bad)


def test_as_file_checks_before_giving_a_path(copy_of_data: Path) -> None:
    with data.as_file(NAME, root=copy_of_data) as path:
        assert path.read_bytes() == (copy_of_data / NAME).read_bytes()
    (copy_of_data / NAME).write_text("tampered\n", encoding="utf-8")
    with pytest.raises(ModelError, match="corrupt"), data.as_file(NAME, root=copy_of_data):
        pass


def test_pipeline_fails_loudly_on_a_tampered_package(
    copy_of_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No silent fallback: a corrupt packaged model stops the entity model with a ModelError."""
    from viextract.ner.model import EntityModel

    model = copy_of_data / "models" / "ner" / "model.json"
    model.write_text(model.read_text(encoding="utf-8") + " ", encoding="utf-8")
    monkeypatch.setattr(data, "default_root", lambda: copy_of_data)
    with pytest.raises(ModelError, match=r"models/ner/model\.json"):
        EntityModel()
