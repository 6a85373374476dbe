"""Regenerate (or ``--check``) the data manifest: ``python -m viextract.data [--check]``;
``--pin-underthesea`` records the checksums of the installed underthesea's model files."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import (
    MANIFEST,
    REGENERATE,
    build_manifest,
    data_files,
    default_root,
    pin_underthesea,
    write_manifest,
)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m viextract.data", description=__doc__)
    ap.add_argument("--check", action="store_true", help="only check; exit 1 if out of date")
    ap.add_argument(
        "--pin-underthesea",
        action="store_true",
        help="record the sha256 of the installed underthesea's model files (after checking them)",
    )
    args = ap.parse_args(argv)
    if args.pin_underthesea:
        version = pin_underthesea()
        print(f"pinned underthesea {version}'s model files; manifest regenerated")
        return 0
    directory = Path(str(default_root()))
    manifest = directory / MANIFEST
    current = manifest.read_text(encoding="utf-8") if manifest.exists() else ""
    wanted = build_manifest(directory)
    if args.check:
        if current != wanted:
            print(f"{directory / MANIFEST} is out of date: run `{REGENERATE}`", file=sys.stderr)
            return 1
        print(f"{MANIFEST}: {len(data_files(directory))} files OK")
        return 0
    path = write_manifest(directory)
    print(f"wrote {path} ({len(data_files(directory))} files)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
