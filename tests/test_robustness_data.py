"""underthesea's model files that viextract loads are checked against checksums pinned per
underthesea version: a changed file or an unknown version is a clear ModelError."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from viextract import ModelError, data, segment

DATA_DIR = Path(str(data.default_root()))


def test_the_installed_version_is_pinned_for_every_file_loaded() -> None:
    pins = data.underthesea_pins()
    assert set(pins[data.underthesea_version()]) == set(data.UNDERTHESEA_FILES)
    package = data.underthesea_package()
    for name in data.UNDERTHESEA_FILES:
        assert data.underthesea_file(name) == (package / name).read_bytes()


@pytest.fixture
def package_copy(tmp_path: Path) -> Path:
    for name in data.UNDERTHESEA_FILES:
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(data.underthesea_package() / name, target)
    return tmp_path


@pytest.mark.parametrize("name", data.UNDERTHESEA_FILES)
def test_a_flipped_byte_is_a_model_error_naming_the_file(package_copy: Path, name: str) -> None:
    path = package_copy / name
    raw = bytearray(path.read_bytes())
    raw[len(raw) // 2] ^= 0x01
    path.write_bytes(bytes(raw))
    with pytest.raises(ModelError, match=rf"{Path(name).name}.*corrupt or changed.*reinstall"):
        data.underthesea_file(name, package_copy)


def test_a_missing_file_is_a_model_error(package_copy: Path) -> None:
    name = data.UNDERTHESEA_FILES[0]
    (package_copy / name).unlink()
    with pytest.raises(ModelError, match="missing or unreadable"):
        data.underthesea_file(name, package_copy)


def test_an_unknown_underthesea_version_is_a_model_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(data, "underthesea_version", lambda: "9.9.9")
    with pytest.raises(ModelError, match=r"underthesea 9\.9\.9 .*9\.5\.0.*--pin-underthesea"):
        data.underthesea_file(data.UNDERTHESEA_FILES[0])
    with pytest.raises(ModelError, match=r"9\.9\.9"):
        segment.Segmenter()  # the word segmenter loads nothing unchecked


def test_pinning_a_version_keeps_the_manifest_valid(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "data"
    shutil.copytree(DATA_DIR, root, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    monkeypatch.setattr(data, "underthesea_version", lambda: "9.9.9")
    assert data.pin_underthesea(root) == "9.9.9"
    pins = data.underthesea_pins(root)
    assert set(pins) == {"9.5.0", "9.9.9"}
    assert pins["9.9.9"] == pins["9.5.0"]  # the same files, hashed again
    assert (root / data.MANIFEST).read_text(encoding="utf-8") == data.build_manifest(root)
