"""viextract's featurizer (word segmenter, entity model) makes exactly underthesea_core's
attributes."""

from __future__ import annotations

from pathlib import Path

import joblib
import pytest
from underthesea.pipeline import word_tokenize as wt
from underthesea_core import CRFFeaturizer, CRFTagger

from viextract.attributes import KnownAttributes
from viextract.crfsuite import read_attributes

MODEL = Path(wt.__file__).parent / "models" / "ws_crf_vlsp2013_20230727"
TEMPLATES: list[str] = joblib.load(MODEL / "features.bin")
DICTIONARY: set[str] = joblib.load(MODEL / "dictionary.bin")

SENTENCES = [
    "Sáng nay , Chủ tịch UBND TP. Hồ Chí Minh đã tiếp đoàn khách quốc tế tại hội trường .",
    "Giá xăng RON95 tăng 1.200 đồng / lít từ 15 giờ chiều 21-11 , theo Bộ Công Thương .",
    "CÔNG TY CỔ PHẦN SỮA VIỆT NAM công bố lợi nhuận quý III đạt 2.500 tỷ đồng",
    "Anh ấy mua chiếc iPhone mới và xem trận đấu của đội tuyển U23 Việt Nam trên YouTube .",
    "Số +5 , số -3 , số 007 , 2147483647 , 2147483648 , -2147483648 , -2147483649 , + , - , 1.5",
    "“ Tôi không biết ! ” – ông nói …",
    "Hà",
    "Hà Nội",
    "a b c",
    "ǅ ß ² ⁵ Ω ω … € № ©",
    "ƛ ɤ",
    "Σ ΑΣ ΑΣ'Β σοφός",
    "東京 là thủ đô của Nhật Bản 😀 ！ １２",
    "",
]
TOKENS = [s.split() for s in SENTENCES] + [["x y"], ["HÀ NỘI", "hà nội"]]


def _reference(templates: list[str], dictionary: set[str], tokens: list[str]) -> list[list[str]]:
    rows: list[list[str]] = CRFFeaturizer(templates, dictionary).process([[[t] for t in tokens]])[0]
    return rows


def _rows(tokens: list[str]) -> list[list[str]]:
    return [[t] for t in tokens]


def _everything_known(dictionary: set[str]) -> set[str]:
    return {a for s in TOKENS for row in _reference(TEMPLATES, dictionary, s) for a in row}


@pytest.mark.parametrize("dictionary", [DICTIONARY, set(), {"hà nội", "ha", "việt nam", "a b c"}])
def test_same_attributes_as_underthesea_core(dictionary: set[str]) -> None:
    featurize = KnownAttributes(TEMPLATES, dictionary, _everything_known(dictionary), CRFFeaturizer)
    for tokens in TOKENS:
        assert featurize(_rows(tokens)) == _reference(TEMPLATES, dictionary, tokens), tokens


def test_only_the_models_attributes_and_the_same_tags() -> None:
    known = read_attributes((MODEL / "models.bin").read_bytes())
    featurize = KnownAttributes(TEMPLATES, DICTIONARY, known, CRFFeaturizer)
    tagger = CRFTagger()
    tagger.load(str(MODEL / "models.bin"))
    kept = set(known)
    for tokens in TOKENS:
        full = _reference(TEMPLATES, DICTIONARY, tokens)
        assert featurize(_rows(tokens)) == [[a for a in row if a in kept] for row in full], tokens
        assert tagger.tag(featurize(_rows(tokens))) == tagger.tag(full), tokens


def test_other_templates() -> None:
    templates = ["T[0]", "T[-3,-1].lower", "T[1,4]", "T[2].isdigit", "T[-1,1].istitle", "T[3]"]
    dictionary = {"hà nội"}
    known = {a for s in TOKENS for row in _reference(templates, dictionary, s) for a in row}
    featurize = KnownAttributes(templates, dictionary, known, CRFFeaturizer)
    for tokens in TOKENS:
        assert featurize(_rows(tokens)) == _reference(templates, dictionary, tokens), tokens


def test_templates_of_other_columns() -> None:
    templates = ["T[0]", "T[-1][1]", "T[-1,0][1]", "T[0,1][2].lower", "T[1][2].istitle", "T[2]"]
    sentences = [
        [[t, t.lower()[-2:], t.upper()] for t in tokens] for tokens in TOKENS if tokens
    ] + [[["Hà", "x", "Σ"], ["Nội", "y", "z"]]]
    known = {
        a for s in sentences for row in CRFFeaturizer(templates, set()).process([s])[0] for a in row
    }
    featurize = KnownAttributes(templates, set(), known, CRFFeaturizer)
    for rows in sentences:
        assert featurize(rows) == CRFFeaturizer(templates, set()).process([rows])[0], rows


@pytest.mark.parametrize("template", ["T[1,0]", "T[0][x]", "T[0].upper", "W[0]"])
def test_unsupported_templates(template: str) -> None:
    with pytest.raises(ValueError, match="unsupported"):
        KnownAttributes([template], set(), set(), CRFFeaturizer)


@pytest.mark.parametrize(
    "templates",
    [TEMPLATES, ["T[0]", "T[-1][1]", "T[-2,-1][1]", "T[0,2][2].lower", "T[1,2].istitle", "T[3]"]],
)
def test_batch_equals_one_sentence_at_a_time(templates: list[str]) -> None:
    sentences = [[[t, t.lower()[-2:], t.upper()] for t in tokens] for tokens in TOKENS]
    reference = CRFFeaturizer(templates, DICTIONARY)
    known = {a for rows in sentences for row in reference.process([rows])[0] for a in row}
    featurize = KnownAttributes(templates, DICTIONARY, known, CRFFeaturizer)
    safe = [rows for rows in sentences if rows and rows[0][0] not in ("Σ", "東京", "ǅ")]
    for batch in (safe, sentences, [[]], [], safe[:1], [[], *safe[:2], []]):
        assert featurize.batch(batch) == [featurize(rows) for rows in batch]
        assert featurize.batch(batch) == [reference.process([r])[0] if r else [] for r in batch]


def test_batch_of_single_rows_with_no_window() -> None:
    templates = ["T[0]", "T[0].lower"]
    rows = [["Hà"]]
    known = set(CRFFeaturizer(templates, set()).process([rows])[0][0])
    featurize = KnownAttributes(templates, set(), known, CRFFeaturizer)
    assert featurize.batch([rows]) == [[["T[0]=Hà", "T[0].lower=hà"]]]
    assert featurize.batch([rows, [], rows]) == [featurize(rows), [], featurize(rows)]


def test_plain_reader_gives_what_joblib_gives() -> None:
    from viextract.segment import _plain_data

    assert _plain_data((MODEL / "features.bin").read_bytes()) == TEMPLATES
    assert _plain_data((MODEL / "dictionary.bin").read_bytes()) == DICTIONARY


def test_plain_reader_refuses_code(tmp_path: Path) -> None:
    import pickle

    from viextract import ModelError
    from viextract.segment import _plain_data

    bad = tmp_path / "bad.bin"
    bad.write_bytes(pickle.dumps(Path("x")))  # a class: refused, never constructed
    with pytest.raises(ModelError, match="refusing to load"):
        _plain_data(bad.read_bytes())


def test_syllable_pattern_is_underthesea_s() -> None:
    from underthesea.pipeline.word_tokenize import regex_tokenize

    from viextract.segment import _syllable_pattern

    ours = _syllable_pattern()
    assert ours.pattern == regex_tokenize.patterns.pattern
    assert ours.flags == regex_tokenize.patterns.flags
