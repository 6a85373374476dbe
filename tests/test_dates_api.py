"""DATE entities through the public API: text, offsets, normalized values, overlap policy."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

import viextract
from viextract import Label
from viextract.recognizer import Mention
from viextract.segment import Segmented
from viextract.types import DateSpans

from .conftest import SEED, assert_spans_exact

REF = dt.date(2015, 11, 21)
WEEKDAYS = {"hai": 1, "ba": 2, "tư": 3, "năm": 4, "sáu": 5, "bảy": 6}

# The dates of the seed article, as the issue states them (whole phrases), and the part a gold
# corpus marks (the default ``date_spans="core"``).
SEED_DATES = {
    "ngày thứ năm 19-11": ("2015-11-19", "19-11"),
    "ngày thứ sáu 13-11": ("2015-11-13", "13-11"),
    "hôm qua 20-11": ("2015-11-20", "20-11"),
    "tháng trước": ("2015-10", "tháng trước"),
    "ngày thứ ba 17-11": ("2015-11-17", "17-11"),
    "tháng 10 năm nay": ("2015-10", "tháng 10 năm nay"),
    "tháng chín": ("2015-09", "tháng chín"),
    "ngày 20-11": ("2015-11-20", "20-11"),
}
SEED_NOT_DATES = ["TU-160", "130 người", "224 người", "1500 ký tự"]


def dates(doc: viextract.Document) -> list[viextract.Entity]:
    return [e for e in doc.entities if e.label == Label.DATE]


def _in_order(text: str) -> list[tuple[str, tuple[str, str]]]:
    return sorted(SEED_DATES.items(), key=lambda kv: text.index(kv[0]))


def test_seed_article(extractor: viextract.Extractor) -> None:
    text = SEED.read_text(encoding="utf-8")
    doc = extractor.extract(text, reference_date=REF, prefer="past", date_spans="phrase")
    assert_spans_exact(doc)
    found = dates(doc)
    assert [(e.text, e.normalized) for e in found] == [(t, v) for t, (v, _) in _in_order(text)]
    for e in found:
        assert e.date is not None and e.date.value == e.normalized
        assert e.text == text[e.start : e.end]
        words = e.text.split()
        if "thứ" in words:  # a weekday written with a date must agree with it
            named = WEEKDAYS[words[words.index("thứ") + 1]]
            day = e.date.as_date()
            assert day is not None and day.isoweekday() == named == e.date.weekday
            assert e.date.weekday_agrees is True
        assert e.date.relative == any(w in e.text for w in ("hôm qua", "trước", "năm nay"))
    for phrase in SEED_NOT_DATES:
        start = text.index(phrase)
        end = start + len(phrase)
        assert not any(e.start < end and start < e.end for e in found), phrase


def test_seed_article_core_spans(extractor: viextract.Extractor) -> None:
    """The core spans are the calendar parts of the default (phrase) spans, with the same
    values."""
    text = SEED.read_text(encoding="utf-8")
    phrases = dates(extractor.extract(text, reference_date=REF))
    assert [e.text for e in phrases] == [p for p, _ in _in_order(text)]
    doc = extractor.extract(text, reference_date=REF, date_spans="core")
    assert_spans_exact(doc)
    cores = dates(doc)
    assert [(e.text, e.normalized) for e in cores] == [(c, v) for _, (v, c) in _in_order(text)]
    for p, c in zip(phrases, cores, strict=True):
        assert p.start <= c.start < c.end <= p.end
        assert p.date == c.date


def test_seed_article_without_reference(extractor: viextract.Extractor) -> None:
    doc = extractor.extract(SEED.read_text(encoding="utf-8"), date_spans="phrase")
    by_text = {e.text: e.date for e in dates(doc)}
    assert set(by_text) == set(SEED_DATES)
    assert by_text["ngày thứ năm 19-11"].value == "XXXX-11-19"  # type: ignore[union-attr]
    assert by_text["tháng trước"].resolved is False  # type: ignore[union-attr]
    assert by_text["hôm qua 20-11"].value == "XXXX-11-20"  # type: ignore[union-attr]


class _FakeNER:
    """Proposes a place over "thứ năm 19" and a person over "Hôm", to test the overlap policy."""

    name = "fake"

    def __call__(self, seg: Segmented) -> list[Mention]:
        out = []
        for word, label in (("thứ năm 19", Label.LOC), ("Hôm", Label.PER), ("Hà Nội", Label.LOC)):
            i = seg.text.find(word)
            if i >= 0:
                out.append(Mention(i, i + len(word), label, self.name))
        return out


@pytest.mark.parametrize(
    ("date_spans", "first", "last"),
    [("phrase", "Hôm qua 20-11", "ngày thứ năm 19-11"), ("core", "20-11", "19-11")],
)
def test_date_wins_over_overlapping_name(date_spans: DateSpans, first: str, last: str) -> None:
    ex = viextract.Extractor([_FakeNER(), viextract.DateRecognizer()])
    text = "Hôm qua 20-11, đoàn đến Hà Nội; ngày thứ năm 19-11 đoàn về."
    doc = ex.extract(text, reference_date=REF, date_spans=date_spans)
    assert [(e.label, e.text) for e in doc.entities] == [
        (Label.DATE, first),
        (Label.LOC, "Hà Nội"),
        (Label.DATE, last),
    ]


@pytest.mark.parametrize("form", ["NFC", "NFD"])
@pytest.mark.parametrize(
    ("date_spans", "first"), [("phrase", "hôm qua\u00a0(20-11)"), ("core", "20-11")]
)
def test_offsets_in_unnormalized_text(form: str, date_spans: DateSpans, first: str) -> None:
    ex = viextract.Extractor([_FakeNER(), viextract.DateRecognizer()])
    text = unicodedata.normalize(form, "Ông về  hôm qua\u00a0(20-11) và đi tiếp vào tháng chín.")
    doc = ex.extract(text, reference_date=REF, date_spans=date_spans)
    assert_spans_exact(doc)
    got = [(e.text, e.normalized) for e in dates(doc)]
    assert got == [
        (unicodedata.normalize(form, first), "2015-11-20"),
        (unicodedata.normalize(form, "tháng chín"), "2015-09"),
    ]


def test_prefer_and_reference_reach_the_resolver() -> None:
    ex = viextract.Extractor([_FakeNER(), viextract.DateRecognizer()])
    text = "Lễ hội diễn ra ngày 25-11 và thứ hai tới."
    past = [e.normalized for e in dates(ex.extract(text, reference_date=REF, prefer="past"))]
    future = [e.normalized for e in dates(ex.extract(text, reference_date=REF, prefer="future"))]
    iso = [e.normalized for e in dates(ex.extract(text, reference_date="2015-11-21"))]
    assert past == iso == ["2014-11-25", "2015-11-23"]
    assert future == ["2015-11-25", "2015-11-23"]


def test_dates_can_be_switched_off() -> None:
    ex = viextract.Extractor([_FakeNER()])
    assert dates(ex.extract("Hôm qua 20-11 trời mưa.", reference_date=REF)) == []


def test_json_round_trip_of_dates() -> None:
    ex = viextract.Extractor([_FakeNER(), viextract.DateRecognizer()])
    text = "Họp từ 19 đến 21-11, rồi sáng thứ hai tới."
    phrase = ex.extract(text, reference_date=REF)  # the default: phrases
    assert [e.normalized for e in dates(phrase)] == ["2015-11-19", "2015-11-23TMO"]
    first = dates(phrase)[0].date
    assert first is not None and first.end is not None and first.end.value == "2015-11-21"
    core = ex.extract(text, reference_date=REF, date_spans="core")
    # a range gives its two ends; the start keeps the range's end in its value
    assert [(e.text, e.normalized) for e in dates(core)] == [
        ("19", "2015-11-19"),
        ("21-11", "2015-11-21"),
        ("sáng thứ hai tới", "2015-11-23TMO"),
    ]
    assert dates(core)[0].date == first
    for doc in (phrase, core):
        assert viextract.Document.from_dict(doc.to_dict()) == doc


def test_bad_date_spans_is_a_config_error() -> None:
    ex = viextract.Extractor([_FakeNER(), viextract.DateRecognizer()])
    with pytest.raises(viextract.ConfigError, match="date_spans"):
        ex.extract("Ngày 20-11.", date_spans="words")  # type: ignore[arg-type]
