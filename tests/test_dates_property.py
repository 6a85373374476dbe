"""The date recognizer never raises and keeps its spans on syllable boundaries (hypothesis)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from viextract.dates.recognizer import DateRecognizer
from viextract.dates.resolve import iter_cores, resolve

from .dates_helpers import segmented

_PIECES = [
    "ngày", "Ngày", "hôm", "qua", "nay", "mai", "kia", "thứ", "Thứ", "hai", "Hai", "ba", "tư",
    "năm", "Năm", "sáu", "bảy", "chủ", "nhật", "tuần", "tháng", "quý", "tới", "trước", "sau",
    "vừa", "này", "từ", "đến", "và", "sáng", "chiều", "tối", "đêm", "đầu", "cuối", "giữa", "mùng",
    "Tết", "rằm", "âm", "lịch", "thập", "niên", "thế", "kỷ", "những", "lần", "người", "số", "T2",
    "CN", "19-11", "19/11", "19.11", "20/11/2015", "3/3/17", "2-9-1945", "TU-160", "737-800",
    "2015", "1990", "31/2", "45-13", "10.5", "0", "1", "3", "7", "12", "19", "21", "29", "31",
    "99", "-", " - ", "/", ".", ",", "(", ")", "%", "IV", "XX", "\n", "2015-11-20",
]  # fmt: skip
_SEPS = [" ", "", "  ", ", ", " - "]


@st.composite
def date_like(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.tuples(st.sampled_from(_PIECES), st.sampled_from(_SEPS)), max_size=30))
    return "".join(a + b for a, b in parts)


_RECOGNIZE = DateRecognizer()


def _check(text: str) -> None:
    seg = segmented(text)
    starts = {a for a, _ in seg.syllables}
    ends = {b for _, b in seg.syllables}
    prev = 0
    for m in _RECOGNIZE(seg):
        assert m.start in starts and m.end in ends, (text, m)
        assert prev <= m.start < m.end, (text, m)
        prev = m.end
        assert m.value is not None
        for a, b in iter_cores(m.value):
            assert m.start <= a < b <= m.end and a in starts and b in ends, (text, m)
        for ref in (dt.date(2015, 11, 21), dt.date(2016, 2, 29), None):
            for prefer in ("past", "future", "nearest"):
                v = resolve(m.value, ref, prefer)  # type: ignore[arg-type]
                assert v.value
                assert ref is None or v.resolved


@settings(max_examples=300, deadline=None)
@given(date_like())
def test_date_like_text(text: str) -> None:
    _check(text)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=80))
def test_any_text(text: str) -> None:
    _check(text)
