"""Coverage-guided fuzzing of ``viextract.extract`` (atheris / libFuzzer).

    pip install -e '.[fuzz]'
    python fuzz/fuzz_extract.py -max_total_time=600 fuzz/corpus/extract fuzz/seeds/extract

Any exception, or a broken invariant (offsets, order, overlap, JSON round trip), is a crash.
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent))

with atheris.instrument_imports(include=["viextract", "common"]):
    from common import check_document, text_from

    import viextract

EXTRACTOR = viextract.Extractor()


def test_one_input(data: bytes) -> None:
    text = text_from(data)
    check_document(EXTRACTOR.extract(text), text)


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
