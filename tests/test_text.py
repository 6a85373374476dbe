"""Normalization and the offset map back to the original text."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from viextract.text import align, canonical, normalize_tone


@pytest.mark.parametrize(
    ("word", "standard"),
    [
        ("hoà", "hòa"),
        ("Hoà", "Hòa"),
        ("HOÀ", "HÒA"),
        ("thuỷ", "thủy"),
        ("khoẻ", "khỏe"),
        ("tuỳ", "tùy"),
        ("xoá", "xóa"),
        ("hòa", "hòa"),
        ("hoàn", "hoàn"),
        ("quý", "quý"),
        ("giá", "giá"),
        ("ngoài", "ngoài"),
        ("người", "người"),
        ("thuở", "thuở"),
        ("Zor", "Zor"),
        ("café", "café"),
    ],
)
def test_tone_placement(word: str, standard: str) -> None:
    assert normalize_tone(word) == standard


def test_nfd_and_old_tones_align_to_original() -> None:
    original = unicodedata.normalize("NFD", "Thuỷ hoà bình ở Hà Nội") + "\u00ad!"
    a = align(original)
    assert a.text.startswith("Thủy hòa bình ở Hà Nội")
    start = a.text.index("Hà Nội")
    s, e = a.to_original(start, start + len("Hà Nội"))
    assert unicodedata.normalize("NFC", original[s:e]) == "Hà Nội"


def test_zero_width_and_nbsp_become_spaces() -> None:
    a = align("Hà\u200bNội\u00a0Huế")
    assert a.text == "Hà Nội Huế"


def test_canonical_name() -> None:
    assert canonical("  Thanh  Hoá\n") == "Thanh Hóa"


_MARKS = ["\u0300", "\u0301", "\u0303", "\u0309", "\u0323", "\u0302"]
_ODD = ["\u00ad", "\u200b", "\u00a0", "🎉"]
text_alphabet = st.sampled_from([*"aăâeêioôơuưyđhnAĐ \n\t.,-", *_MARKS, *_ODD])


@given(st.text(text_alphabet, max_size=60) | st.text(max_size=40))
def test_offset_map_is_monotone_and_exact(original: str) -> None:
    a = align(original)
    pos = 0
    for i in range(len(a.text)):
        s, e = a.to_original(i, i + 1)
        assert pos <= s < e <= len(original)
        pos = s
    assert a.to_original(0, len(a.text))[0] >= 0
