"""Shared by the fuzz targets: turning fuzzer bytes into text, and the Document invariants."""

from __future__ import annotations

import json
from typing import Any

#: Words the date grammar reacts to, so that byte strings become date-like text quickly.
_DATE_TEXT = (
    "ngày tháng năm hôm nay qua kia mai mốt thứ hai ba tư năm sáu bảy chủ nhật tuần quý "
    "đầu giữa cuối trước sau tới này nay ngoái từ đến - / . , sáng trưa chiều tối đêm Tết "
    "mùng âm lịch thập niên thế kỷ giờ phút lúc vào hồi khoảng đêm qua sáng mai tháng trước "
    "năm sau 1 2 9 10 11 12 19 20 21 29 30 31 2015 1999 2000 2024 0 00 99 999 I II IV X"
)
DATE_WORDS = _DATE_TEXT.split(" ")

_SEPS = " ,.-/\n\t\u00a0\u200b"


def text_from(data: bytes) -> str:
    """Text from fuzzer bytes: UTF-8 with surrogateescape (what a scraper decoding broken bytes
    gives, lone surrogates included), or, when the first byte is odd, date words chosen by the
    bytes with separators and raw characters in between."""
    if not data:
        return ""
    if data[0] % 2 == 0:
        return data[1:].decode("utf-8", "surrogateescape")
    parts: list[str] = []
    for i in range(1, len(data) - 1, 2):
        b, sep = data[i], data[i + 1]
        parts.append(DATE_WORDS[b % len(DATE_WORDS)] if b < 200 else chr(0x80 + b * 37 % 0x3000))
        parts.append(_SEPS[sep % len(_SEPS)] if sep < 230 else "")
    return "".join(parts)


def check_document(doc: Any, text: str) -> None:
    """The invariants of tests/invariants.py, restated so the fuzz targets stand alone."""
    import viextract

    assert doc.text == text
    n = len(text)
    for group in (doc.sentences, doc.tokens, doc.entities):
        prev = 0
        for x in group:
            assert 0 <= x.start < x.end <= n, x
            assert text[x.start : x.end] == x.text, x
            assert x.start >= prev, x
            prev = x.end
    assert viextract.Document.from_dict(json.loads(json.dumps(doc.to_dict()))) == doc
