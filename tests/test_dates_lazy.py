"""The date grammar compiles its patterns on first use, once, whichever threads ask first."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import Any

import pytest
import regex

from viextract.dates.grammar import RULES
from viextract.dates.grammar.base import END, START
from viextract.dates.recognizer import DateRecognizer

from .dates_helpers import segmented

_TEXTS = [
    "Ngày 19-11, ông đến Hà Nội; hôm qua 20-11 bà về.",
    "Từ tháng 3 đến tháng 5/2016, quý IV/2015 và năm ngoái.",
    "Thứ tư tuần tới, chủ nhật vừa qua, 3 ngày trước, cuối năm nay.",
    "Mùng 1 Tết, rằm tháng giêng, thập niên 1990, thế kỷ XX.",
    "Ngày 16, 17 và 18-8, sáng nay, cuối tuần này, quý này.",
    "Ngày đầu tiên của tháng 3, vào thứ hai, 9/2015, năm 2018, tháng trước.",
    "Sáu tháng đầu năm nay và mùa thu năm 2016.",
    "22h ngày 19/11, 16 giờ chiều qua, từ 7h đến 10h30 ngày 5/10.",
]


def test_import_compiles_nothing() -> None:
    code = (
        "import viextract, viextract.dates.recognizer as r\n"
        "from viextract.dates.grammar import RULES\n"
        "r.DateRecognizer()\n"
        "print(sum(rule.compiled for rule in RULES))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "0"


def test_threads_compile_each_pattern_once(monkeypatch: pytest.MonkeyPatch) -> None:
    serial = [DateRecognizer()(segmented(t)) for t in _TEXTS]
    rules = tuple(replace(rule) for rule in RULES)  # fresh rules: nothing compiled yet
    assert not any(rule.compiled for rule in rules)
    recognize = DateRecognizer(rules)
    compiled: list[str] = []
    original = regex.compile
    lock = threading.Lock()

    def counting_compile(pattern: Any, flags: int = 0, **kwargs: Any) -> Any:
        with lock:
            compiled.append(pattern)
        time.sleep(0.01)  # widen the window in which threads could race
        return original(pattern, flags, **kwargs)

    monkeypatch.setattr(regex, "compile", counting_compile)
    barrier = threading.Barrier(8)

    def first_use(k: int) -> list[Any]:
        barrier.wait()  # every thread reaches the uncompiled patterns at once
        return recognize(segmented(_TEXTS[k % len(_TEXTS)]))

    with ThreadPoolExecutor(8) as pool:
        racing = list(pool.map(first_use, range(8)))
    assert racing == [serial[k % len(_TEXTS)] for k in range(8)]
    assert [rule.name for rule in rules if not rule.compiled] == []
    counts = {rule.name: compiled.count(START + rule.body + END) for rule in rules}
    assert set(counts.values()) == {1}, counts
