"""Coverage-guided fuzzing of the date recognizer and resolver (atheris / libFuzzer).

    pip install -e '.[fuzz]'
    python fuzz/fuzz_dates.py -max_total_time=600 fuzz/corpus/dates fuzz/seeds/dates

Runs ``DateRecognizer`` on a segmented text, then resolves every DATE mention against a
reference date and preference also chosen by the fuzzer. Any exception is a crash; mentions must
lie inside the text, be non-empty and be labelled DATE.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent))

with atheris.instrument_imports(include=["viextract", "common"]):
    from common import text_from

    from viextract.dates.recognizer import DateRecognizer
    from viextract.dates.resolve import resolve
    from viextract.segment import Segmenter
    from viextract.text import align
    from viextract.types import DateValue, Label

SEGMENTER = Segmenter()
DATES = DateRecognizer()
PREFER = ("past", "future", "nearest")


def test_one_input(data: bytes) -> None:
    head, body = data[:3], data[3:]
    ref = None
    if len(head) == 3 and head[0] % 4:
        ref = dt.date(1900, 1, 1) + dt.timedelta(days=(head[1] << 8 | head[2]) * 3)
    prefer = PREFER[head[0] % 3] if head else "past"
    seg = SEGMENTER(align(text_from(body)).text)
    for m in DATES(seg):
        assert 0 <= m.start < m.end <= len(seg.text), m
        assert m.label == Label.DATE, m
        if m.value is not None:
            value = resolve(m.value, ref, prefer)  # type: ignore[arg-type]
            assert isinstance(value, DateValue) and value.value, value


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
