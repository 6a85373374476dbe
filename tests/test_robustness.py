"""Robustness: any input type, any Unicode, any structure; exact offsets, no crash, nothing lost.

Cases are data (tests/corpus/robustness_*.jsonl, normalize.jsonl); structural cases are recipes
generated here at a size that keeps the suite fast (benchmarks/scale.py runs them at 1-16 MB).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import viextract
from viextract import segment
from viextract.recognizer import Mention
from viextract.segment import MAX_RUN, MAX_SENTENCE_CHARS, MAX_SENTENCE_SYLLABLES, Segmented
from viextract.text import align, canonical

from .invariants import check_document

CORPUS = Path(__file__).parent / "corpus"


def _load(name: str) -> list[dict[str, str]]:
    lines = (CORPUS / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


EQUIVALENT = _load("robustness_equivalent.jsonl")
INVARIANT = _load("robustness_invariants.jsonl")
NORMALIZE = _load("normalize.jsonl")


# --- input types -----------------------------------------------------------------------------

BAD_INPUTS = [b"bytes", bytearray(b"x"), memoryview(b"x"), None, 42, 4.2, ["list"], object()]


@pytest.mark.parametrize("bad", BAD_INPUTS, ids=lambda b: type(b).__name__)
def test_module_extract_rejects_non_str(bad: object) -> None:
    with pytest.raises(TypeError, match="needs text as str"):
        viextract.extract(bad)  # type: ignore[arg-type]


def test_bytes_messages_say_how_to_decode(extractor: viextract.Extractor) -> None:
    for call in (viextract.extract, extractor.extract):
        with pytest.raises(TypeError, match=r"decode\('utf-8'\)"):
            call(b"H\xc3\xa0 N\xe1\xbb\x99i")  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", BAD_INPUTS, ids=lambda b: type(b).__name__)
def test_pipe_rejects_non_str_items(extractor: viextract.Extractor, bad: object) -> None:
    with pytest.raises(TypeError, match="str"):
        list(extractor.pipe(["Hà Nội.", bad]))  # type: ignore[list-item]


@pytest.mark.parametrize("single", ["Hà Nội mưa.", b"Ha Noi"])
def test_pipe_rejects_a_single_text(extractor: viextract.Extractor, single: object) -> None:
    with pytest.raises(TypeError, match=r"iterable of str.*extract"):
        list(extractor.pipe(single))  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["", " ", "\n\n\n", "\t \u00a0\u3000", "\u200b\ufeff", "\x00"])
def test_empty_and_invisible_text_gives_an_empty_document(text: str) -> None:
    doc = viextract.extract(text, reference_date=dt.date(2020, 1, 1))
    check_document(doc, text)
    assert doc.entities == doc.tokens == ()


def test_str_subclass_is_accepted(extractor: viextract.Extractor) -> None:
    class Text(str):
        pass

    doc = extractor.extract(Text("Ông Ba đến Hà Nội."))
    check_document(doc, doc.text)
    assert doc.tokens


# --- normalization corpus --------------------------------------------------------------------


@pytest.mark.parametrize("case", NORMALIZE, ids=[c["name"] for c in NORMALIZE])
def test_normalization(case: dict[str, str]) -> None:
    a = align(case["original"])
    assert a.text == case["normalized"]
    # every normalized character maps to its own non-empty, in-order run of the original
    prev = 0
    for i in range(len(a.text)):
        s, e = a.to_original(i, i + 1)
        assert prev <= s < e <= len(case["original"])
        prev = e
    assert a.to_original(0, len(a.text))[1] <= len(case["original"])


# --- equivalent inputs give equivalent annotations ---------------------------------------------


def _summary(doc: viextract.Document) -> tuple[object, ...]:
    return (
        [canonical(s.text) for s in doc.sentences],
        [canonical(t.text) for t in doc.tokens],
        [(e.label, e.normalized) for e in doc.entities],
    )


@pytest.mark.parametrize("case", EQUIVALENT, ids=[c["name"] for c in EQUIVALENT])
def test_equivalent_text_gives_the_same_annotations(
    extractor: viextract.Extractor, case: dict[str, str]
) -> None:
    """Broken encodings of a text (NFD, old tones, invisible characters, HTML remnants...) are
    annotated exactly like the clean text, with offsets into the broken one."""
    doc = extractor.extract(case["text"])
    clean = extractor.extract(case["clean"])
    check_document(doc, case["text"])
    assert _summary(doc) == _summary(clean)
    assert doc.tokens, "nothing was found: the case does not test anything"


@pytest.mark.parametrize("case", INVARIANT, ids=[c["name"] for c in INVARIANT])
def test_odd_unicode_keeps_offsets_exact(
    extractor: viextract.Extractor, case: dict[str, str]
) -> None:
    check_document(extractor.extract(case["text"]), case["text"])


def test_nothing_is_lost_around_odd_characters(extractor: viextract.Extractor) -> None:
    """Every letter or digit of the input is covered by some token (except what normalization
    removes on purpose: HTML tags, see normalize.jsonl)."""
    for case in INVARIANT + EQUIVALENT:
        text = case["text"]
        doc = extractor.extract(text)
        a = align(text)
        covered = [False] * len(text)
        for t in doc.tokens:
            covered[t.start : t.end] = [True] * (t.end - t.start)
        for i, c in enumerate(a.text):
            if c.isalnum():
                s, e = a.to_original(i, i + 1)
                assert all(covered[s:e]), (case["name"], text[s:e])


# --- what reaches underthesea (Rust) is valid Unicode ---------------------------------------------


class Spy:
    """A recognizer that records the text it is given."""

    name = "spy"

    def __init__(self) -> None:
        self.seen: list[str] = []

    def __call__(self, seg: Segmented) -> list[Mention]:
        self.seen.append(seg.text)
        return []


def test_models_never_see_surrogates_or_controls() -> None:
    spy = Spy()
    ex = viextract.Extractor([spy, viextract.DateRecognizer()])
    for case in INVARIANT + EQUIVALENT:
        ex.extract(case["text"])
    assert spy.seen
    for text in spy.seen:
        text.encode("utf-8")  # raises on a lone surrogate
        assert not any(ord(c) < 32 and c not in "\t\n\r" for c in text)
        assert not any(0x7F <= ord(c) <= 0x9F for c in text)


@pytest.mark.parametrize("case", INVARIANT + EQUIVALENT, ids=lambda c: c["name"])
def test_json_output_of_any_document(extractor: viextract.Extractor, case: dict[str, str]) -> None:
    doc = extractor.extract(case["text"])
    dumped = json.dumps(doc.to_dict())  # default ensure_ascii: lone surrogates become \\udcxx
    dumped.encode("ascii")
    assert viextract.Document.from_dict(json.loads(dumped)) == doc


# --- structure: long, pathological, line-heavy texts ---------------------------------------------

STRUCTURE: dict[str, Callable[[], str]] = {
    "one_char_run": lambda: "a" * 5_000,
    "digits_dots_run": lambda: "1." * 1_500,
    "letters_dots_run": lambda: "a." * 600,
    "url_like_run": lambda: "http://a.vn/(" * 200,
    "email_like_run": lambda: "a.b@" * 600,
    "dashes_and_words": lambda: "Hà-Nội-" * 400,
    "no_punctuation_line": lambda: " ".join(["ông An đến Hà Nội và Huế"] * 150),
    "thousands_of_newlines": lambda: "\n" * 5_000 + "Ông Ba đến Hà Nội.\n" * 50 + "\r\n" * 2000,
    "huge_gap": lambda: "Ông Ba" + " " * 50_000 + "đến Hà Nội.",
    "html_table": lambda: "".join(
        f"<tr><td>{i}</td><td>Hà&nbsp;Nội</td><td>{i}.{i % 7},5%</td></tr><br>\n"
        for i in range(100)
    ),
    "long_url": lambda: "Xem https://example.vn/" + "a/b-c_d.e" * 100 + " ngay.",
    "combining_run": lambda: "a" + "\u0301" * 1_500 + " Hà Nội",
    "emoji_run": lambda: "👨\u200d👩\u200d👧" * 500,
    "surrogate_run": lambda: "\udcff" * 1_000 + " Hà Nội",
}


@pytest.mark.parametrize("name", list(STRUCTURE))
def test_structural_extremes(extractor: viextract.Extractor, name: str) -> None:
    text = STRUCTURE[name]()
    doc = extractor.extract(text)
    check_document(doc, text)
    assert doc.sentences


@pytest.fixture(scope="module")
def segmenter() -> segment.Segmenter:
    return segment.Segmenter()


@pytest.mark.parametrize("name", list(STRUCTURE))
def test_bounded_units_for_the_models(name: str, segmenter: segment.Segmenter) -> None:
    """Syllables and sentences handed to the sequence models are bounded, so that time stays
    linear whatever the input (time itself is measured by benchmarks/scale.py)."""
    seg = segmenter(align(STRUCTURE[name]()).text)
    assert all(b - a <= MAX_RUN for a, b in seg.syllables)
    for first, last in seg.sentences:
        assert last - first <= MAX_SENTENCE_SYLLABLES
        a, b = seg.char_span(first, last)
        assert b - a <= MAX_SENTENCE_CHARS


def test_long_runs_are_cut_where_letters_meet_other_characters(
    segmenter: segment.Segmenter,
) -> None:
    text = ("abcdefghij." * 60).strip()
    seg = segmenter(text)
    for a, _ in seg.syllables:
        assert a == 0 or not (text[a - 1].isalnum() and text[a].isalnum())


def test_syllable_range_matches_a_scan(segmenter: segment.Segmenter) -> None:
    seg = segmenter("Ông Nguyễn Văn An, Bộ Y tế, đến Hà Nội 20-11-2015 (AP).")
    n = len(seg.text)
    for start in range(n + 1):
        for end in range(start, n + 1):
            idx = [i for i, (a, b) in enumerate(seg.syllables) if a >= start and b <= end]
            first, last = seg.syllable_range(start, end)
            assert list(range(first, last)) == idx


SYLLABLE_CASES = _load("syllables.jsonl")


@pytest.mark.parametrize("case", SYLLABLE_CASES, ids=[c["why"] for c in SYLLABLE_CASES])
def test_syllables(case: dict[str, Any], segmenter: segment.Segmenter) -> None:
    seg = segmenter(case["text"])
    assert [seg.text[a:b] for a, b in seg.syllables] == case["syllables"]
    if "sentences" in case:
        assert len(seg.sentences) == case["sentences"]
