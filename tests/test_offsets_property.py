"""Offsets are exact for any input (hypothesis)."""

from __future__ import annotations

import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import viextract

from .conftest import assert_spans_exact

_WORDS = [
    "Hà",
    "Nội",
    "hoà",
    "thuỷ",
    "Nguyễn",
    "Văn",
    "An",
    "ngày",
    "thứ",
    "năm",
    "19-11",
    "tháng",
    "10",
    "Ngoại",
    "trưởng",
    "Nga",
    "Sergey",
    "Lavrov",
    "Bộ",
    "Y",
    "tế",
    "hôm",
    "qua",
    "20/11/2015",
    "(",
    ")",
    ",",
    ".",
    "“",
    "”",
    "🎉",
    "\u200b",
    "TP.",
    "AP.",
]
_SEPS = [" ", "  ", "\t", "\n", "\n\n", "\u00a0", "\u200b", "", " - "]


@st.composite
def vietnamese_like(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.tuples(st.sampled_from(_WORDS), st.sampled_from(_SEPS)), max_size=40))
    text = "".join(w + s for w, s in parts)
    form = draw(st.sampled_from(["NFC", "NFD", "NFKC", None]))
    return unicodedata.normalize(form, text) if form else text


settings.register_profile("ci", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci")


@settings(max_examples=150)
@given(vietnamese_like())
def test_offsets_exact_on_vietnamese_like_text(text: str) -> None:
    assert_spans_exact(viextract.extract(text))


@settings(max_examples=100)
@given(st.text(max_size=80))
def test_offsets_exact_on_arbitrary_unicode(text: str) -> None:
    assert_spans_exact(viextract.extract(text))
