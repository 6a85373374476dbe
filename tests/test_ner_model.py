"""viextract's default entity model, through the public API, on sentences written for the
project (tests/corpus/ner_cases.tsv) and on the seed article."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from importlib import resources
from pathlib import Path

import pytest

import viextract
from viextract import Label, ModelError
from viextract.ner.model import EntityModel
from viextract.ner.underthesea import UndertheseaNER

from .conftest import ROOT, SEED, assert_spans_exact

CASES = ROOT / "tests" / "corpus" / "ner_cases.tsv"


def _rows_and_words(text: str) -> tuple[list[list[list[str]]], list[list[str]]]:
    """The entity model's feature rows of ``text``, and its syllables, by sentence."""
    from viextract.ner.features import document_rows
    from viextract.segment import Segmenter
    from viextract.text import align

    rows = document_rows(Segmenter()(align(text).text))
    return rows, [[r[0] for r in sent] for sent in rows]


def _cases() -> list[tuple[str, list[tuple[str, str]] | None]]:
    out: list[tuple[str, list[tuple[str, str]] | None]] = []
    for line in CASES.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        text, expected = line.split("\t")
        if expected.strip() == "-":
            out.append((text, None))
        else:
            pairs = [item.strip().split(":", 1) for item in expected.split(" | ")]
            out.append((text, [(lab, name) for lab, name in pairs]))
    return out


@pytest.mark.parametrize(("text", "expected"), _cases())
def test_entity_cases(
    extractor: viextract.Extractor, text: str, expected: list[tuple[str, str]] | None
) -> None:
    doc = extractor.extract(text)
    assert_spans_exact(doc)
    found = [(str(e.label), e.text) for e in doc.entities if e.label != Label.DATE]
    if expected is None:
        assert found == []
    else:
        missing = Counter(expected) - Counter(found)
        assert not missing, (missing, found)


def test_default_model_is_viextract(extractor: viextract.Extractor) -> None:
    doc = extractor.extract("Ông Nguyễn Văn An đến Hà Nội.")
    assert {e.source for e in doc.entities if e.label != Label.DATE} == {"viextract"}


def test_seed_article(extractor: viextract.Extractor) -> None:
    doc = extractor.extract(SEED.read_text(encoding="utf-8"))
    assert_spans_exact(doc)
    by_label: dict[str, set[str]] = {}
    for e in doc.entities:
        by_label.setdefault(str(e.label), set()).add(e.text)
    people = {"Sergey Lavrov", "John Kerry", "Patrick Ryder", "Ryder", "Bashar al-Assad", "Assad"}
    places = {"Nga", "Mỹ", "Doha", "Qatar", "Phần Lan", "Paris", "Ai Cập", "Iran", "Iraq", "Syria"}
    places |= {"Raqqa", "Deir-ez-Zor", "Sinai"}
    assert people <= by_label.get("PER", set())
    assert places <= by_label.get("LOC", set())
    assert {"Reuters", "IS"} <= by_label.get("ORG", set())
    # names of one kind are never given another label anywhere in the article
    assert not people & (by_label.get("LOC", set()) | by_label.get("ORG", set()))
    assert not places & (by_label.get("PER", set()) | by_label.get("ORG", set()))


def _copy_model(tmp_path: Path) -> Path:
    src = resources.files("viextract.data").joinpath("models/ner")
    with resources.as_file(src) as path:
        shutil.copytree(path, tmp_path / "ner")
    return tmp_path / "ner"


def test_missing_model_file_names_it(tmp_path: Path) -> None:
    model = _copy_model(tmp_path)
    victim = next(model.glob("*.crf"))
    victim.unlink()
    with pytest.raises(ModelError, match=re.escape(victim.name)):
        EntityModel(model)


def test_corrupt_model_file_names_it(tmp_path: Path) -> None:
    model = _copy_model(tmp_path)
    victim = next(model.glob("*.crf"))
    victim.write_bytes(b"lCRF" + b"\x00" * 20)
    with pytest.raises(ModelError, match=re.escape(victim.name)):
        EntityModel(model)


def test_corrupt_description_names_it(tmp_path: Path) -> None:
    model = _copy_model(tmp_path)
    (model / "model.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ModelError, match=r"model\.json"):
        EntityModel(model)


def test_underthesea_baseline_still_available() -> None:
    ex = viextract.Extractor([UndertheseaNER(), viextract.DateRecognizer()])
    doc = ex.extract("Ông Nguyễn Văn An đến Hà Nội.")
    assert {e.source for e in doc.entities if e.label != Label.DATE} <= {"underthesea"}


def _rows(text: str) -> list[list[str]]:
    return [[tok] for tok in text.split()]


def test_name_regions_cover_capitalised_and_digit_syllables() -> None:
    from viextract.ner.features import name_regions

    sent = [
        "hôm",
        "nay",
        "trời",
        "mưa",
        "to",
        "và",
        "gió",
        "lớn",
        "ở",
        "khắp",
        "nơi",
        "trong",
        "cả",
        "nước",
        ",",
        "ông",
        "Ba",
        "về",
        "quê",
    ]
    ba = sent.index("Ba")
    assert name_regions(sent, 4) == [(ba - 4, len(sent))]
    assert name_regions(sent, 1) == [(ba - 1, ba + 2)]
    assert name_regions(["trời", "mưa", "to", "quá"], 4) == []
    assert name_regions(["năm", "2015", "trời", "mưa"], 1) == [(0, 3)]
    assert name_regions(["A", "b", "c", "d", "e", "F"], 1) == [(0, 2), (4, 6)]
    assert name_regions(["A", "b", "c", "F"], 1) == [(0, 4)]


def test_propagate_copies_a_tagged_name_to_its_other_occurrences() -> None:
    from viextract.ner.model import propagate

    rows = [_rows("Công ty Hoa Sen mở cửa hàng"), _rows("hôm qua Công ty Hoa Sen và Hà Nội")]
    tags = [
        ["B-ORG", "I-ORG", "I-ORG", "I-ORG", "O", "O", "O"],
        ["O", "O", "O", "O", "O", "O", "O", "B-LOC", "I-LOC"],
    ]
    propagate(rows, tags)
    assert tags[1] == ["O", "O", "B-ORG", "I-ORG", "I-ORG", "I-ORG", "O", "B-LOC", "I-LOC"]
    # LOC names are not propagated, and a tagged span is never overwritten
    rows = [_rows("ở Hà Nội"), _rows("Hà Nội đẹp")]
    tags = [["O", "B-LOC", "I-LOC"], ["O", "O", "O"]]
    propagate(rows, tags)
    assert tags[1] == ["O", "O", "O"]


def test_second_stage_reads_only_pieces_with_names(monkeypatch: pytest.MonkeyPatch) -> None:
    from viextract.ner.features import WORD
    from viextract.segment import Segmenter
    from viextract.text import align

    rec = EntityModel()
    seen: list[list[str]] = []
    stage2 = rec._stages[1]
    tag = stage2.tag

    def spy(pieces: list[list[list[str]]]) -> list[list[str]]:
        seen.extend([row[WORD] for row in piece] for piece in pieces)
        return tag(pieces)

    monkeypatch.setattr(stage2, "tag", spy)
    text = "Ông Nguyễn Văn An đến Hà Nội.\nHọ đi chợ rất sớm.\nBà Trần Thị Bình ở Huế."
    seg = Segmenter()(align(text).text)
    rows = rec.rows(seg)
    tags = rec.tag_rows(rows)
    assert rows[1][0][WORD] == "Họ" and tags[1] == ["O"] * len(rows[1])
    assert [piece[0] for piece in seen] == ["Ông", "Bà"]
    assert any(t != "O" for t in tags[0]) and any(t != "O" for t in tags[2])


def test_acronym_after_an_organisation_takes_its_label() -> None:
    from viextract.ner.model import link_acronyms

    rows = [
        _rows("Quỹ Phát triển Nông thôn ( QPNT ) vừa mở văn phòng"),
        _rows("đại diện QPNT và ông Lê Nam ( LN ) cho biết"),
        _rows("Hà Nội ( HN ) và QPNT"),
    ]
    tags = [
        ["B-ORG", "I-ORG", "I-ORG", "I-ORG", "I-ORG", "O", "O", "O", "O", "O", "O", "O"],
        ["O", "O", "O", "O", "O", "B-PER", "I-PER", "O", "O", "O", "O", "O"],
        ["B-LOC", "I-LOC", "O", "O", "O", "O", "B-ORG"],
    ]
    link_acronyms(rows, tags)
    assert tags[0][6] == "B-ORG" and tags[1][2] == "B-ORG"
    # only organisations: the person's and the place's acronyms stay untagged
    assert tags[1][9] == "O" and tags[2][3] == "O"
    # a syllable already in an entity keeps its tag
    assert tags[2][6] == "B-ORG" and tags[0][:5] == ["B-ORG"] + ["I-ORG"] * 4


def test_sentence_capitalised_only_at_its_start_is_skipped_when_the_word_is_common() -> None:
    from viextract.ner.features import document_rows, is_placeholder
    from viextract.segment import Segmenter
    from viextract.text import align

    def rows(text: str) -> list[list[list[str]]]:
        return document_rows(Segmenter()(align(text).text), near=4)

    # "Trời" is written "trời" elsewhere: an ordinary word, the sentence is not tagged
    skipped = rows("Trời mưa to.\nHôm qua trời nắng, ông Ba về quê.")
    assert all(is_placeholder(r) for r in skipped[0])
    assert not all(is_placeholder(r) for r in skipped[1])
    # "Vinh" is never written in lower case: it may be a name, so the sentence is tagged
    kept = rows("Vinh mưa to.\nHôm qua trời nắng, ông Ba về quê.")
    assert not any(is_placeholder(r) for r in kept[0])


def test_units_and_title_parts_are_no_names() -> None:
    from viextract.ner.features import document_rows
    from viextract.ner.model import drop_non_names
    from viextract.segment import Segmenter
    from viextract.text import align

    rows = document_rows(
        Segmenter()(
            align(
                "Trời nóng 30 độ C.\nÔng C. nói.\nCục trưởng Cục Thuế và Cục Thuế trưởng thành."
            ).text
        )
    )
    words = [[r[0] for r in sent] for sent in rows]
    assert words[0][-2:] == ["C", "."] and words[2][:2] == ["Cục", "trưởng"]
    tags = [
        ["O", "O", "O", "O", "B-PER", "I-PER"],
        ["O", "B-PER", "I-PER", "O", "O"],
        ["B-ORG", "O", "B-ORG", "I-ORG", "O", "B-ORG", "I-ORG", "O", "O", "O"],
    ]
    assert [len(t) for t in tags] == [len(w) for w in words]
    drop_non_names(rows, tags)
    # the unit and the head word of a title are untagged
    assert tags[0] == ["O"] * 6 and tags[2][0] == "O"
    # an initial after another word, and whole names, keep their tags
    assert tags[1] == ["O", "B-PER", "I-PER", "O", "O"]
    assert tags[2][2:7] == ["B-ORG", "I-ORG", "O", "B-ORG", "I-ORG"]


@pytest.mark.parametrize(
    ("text", "end", "glued"),
    [
        ("cụm A.22 ", 6, True),  # "A." before "22"
        ("cụm A.22 ", 5, True),  # "A" before ".22"
        ("xe K-9 mới", 5, True),
        ("ông A. 22 tuổi", 6, False),
        ("Hà Nội 2015", 6, False),
        ("Hà Nội", 6, False),
    ],
)
def test_a_name_never_runs_into_a_number(text: str, end: int, glued: bool) -> None:
    from viextract.ner.model import runs_into_number

    assert runs_into_number(text, end) is glued


def test_a_name_after_a_kinship_word_is_a_person() -> None:
    from viextract.ner.model import people_after_kinship

    text = "Chị Nga nói chị Nga ở Nga.\nNgười Nga đến."
    rows, words = _rows_and_words(text)
    assert words == [
        ["Chị", "Nga", "nói", "chị", "Nga", "ở", "Nga", "."],
        ["Người", "Nga", "đến", "."],
    ]
    tags = [
        ["O", "B-LOC", "O", "O", "B-LOC", "O", "B-LOC", "O"],
        ["O", "B-LOC", "O", "O"],
    ]
    people_after_kinship(rows, tags)
    # "chị Nga" is a woman, and so is every "Nga" of this document ("Chị" capitalised is not
    # read as a kinship word: a sentence-initial word may begin a name)
    assert tags == [
        ["O", "B-PER", "O", "O", "B-PER", "O", "B-PER", "O"],
        ["O", "B-PER", "O", "O"],
    ]
    # without a kinship word, nothing changes
    tags = [["O", "B-LOC", "O", "O", "O", "O", "B-LOC", "O"], ["O", "B-LOC", "O", "O"]]
    people_after_kinship(rows, tags)
    assert tags == [["O", "B-LOC", "O", "O", "O", "O", "B-LOC", "O"], ["O", "B-LOC", "O", "O"]]


def test_second_stage_reads_first_stage_names_propagated() -> None:
    from viextract.ner.features import STAGE1, WORD
    from viextract.segment import Segmenter
    from viextract.text import align

    class First:
        """Finds "Lan" in the first sentence only."""

        def tag(self, pieces: list[list[list[str]]]) -> list[list[str]]:
            return [
                ["B-PER" if r[WORD] == "Lan" and k == 0 else "O" for r in piece]
                for k, piece in enumerate(pieces)
            ]

    seen: list[list[str]] = []

    class Second:
        def tag(self, pieces: list[list[list[str]]]) -> list[list[str]]:
            seen.extend([r[STAGE1] for r in piece] for piece in pieces)
            return [[r[STAGE1] for r in piece] for piece in pieces]

    rec = EntityModel()
    rec._stages = [First(), Second()]  # type: ignore[list-item]
    rows = rec.rows(Segmenter()(align("Bà Lan đến Huế. Sau đó Lan về nhà.").text))
    tags = rec.tag_rows(rows)
    words = [[r[WORD] for r in sent] for sent in rows]
    assert words[1][2] == "Lan"
    # the second sentence's "Lan", missed by the first stage, reaches the second as a name
    assert seen[1][2] == "B-PER" and tags[1][2] == "B-PER"


def test_a_person_name_after_a_work_head_is_a_title() -> None:
    from viextract.ner.model import drop_work_titles

    text = "Xem phim “Lan Anh” xong, Lan Anh về.\nCa sĩ Lan Anh hát."
    rows, words = _rows_and_words(text)
    assert words[0][:6] == ["Xem", "phim", "“", "Lan", "Anh", "”"]
    assert words[1][:4] == ["Ca", "sĩ", "Lan", "Anh"]
    per = ["B-PER", "I-PER"]
    first = ["O", "O", "O", *per, "O", "O", "O", *per, "O", "O"]
    assert len(first) == len(words[0])
    tags = [list(first), ["O", "O", *per, "O", "O"]]
    drop_work_titles(rows, tags)
    # the title and the same name elsewhere in the document are untagged
    assert tags == [["O"] * len(first), ["O"] * 6]
    # a name after any other word keeps its tag; so does a place after a work head
    tags = [["O"] * 7 + per + ["O", "O"], ["O", "O", *per, "O", "O"]]
    kept = [list(t) for t in tags]
    drop_work_titles(rows, tags)
    assert tags == kept
    loc = ["O", "O", "O", "B-LOC", "I-LOC", "O", "O", "O", "O", "O", "O", "O"]
    tags = [list(loc), ["O"] * 6]
    drop_work_titles(rows, tags)
    assert tags == [loc, ["O"] * 6]


def test_people_listed_with_a_place_are_places() -> None:
    from viextract.ner.model import places_in_place_lists

    text = (
        "Máy bay ném bom ở Raqqa, Homs và Deir Zor.\n"
        "Xe đi qua đường Lê Lợi, Kim Đồng.\n"
        "Ông Kerry và Deir Zor gặp nhau."
    )
    rows, words = _rows_and_words(text)
    assert words[0][4:11] == ["ở", "Raqqa", ",", "Homs", "và", "Deir", "Zor"]
    assert words[1][3:9] == ["đường", "Lê", "Lợi", ",", "Kim", "Đồng"]
    assert words[2][:4] == ["Ông", "Kerry", "và", "Deir"]
    tags = [
        ["O"] * 5 + ["B-LOC", "O", "B-PER", "O", "B-PER", "I-PER", "O"],
        ["O"] * 3 + ["B-LOC", "I-LOC", "I-LOC", "O", "B-PER", "I-PER", "O"],
        ["O", "B-PER", "O", "B-PER", "I-PER", "O", "O", "O"],
    ]
    third = list(tags[2])
    places_in_place_lists(rows, tags)
    # listed with a place after "ở", or with a place named with its head word: places
    assert tags[0] == ["O"] * 5 + ["B-LOC", "O", "B-LOC", "O", "B-LOC", "I-LOC", "O"]
    assert tags[1] == ["O"] * 3 + ["B-LOC", "I-LOC", "I-LOC", "O", "B-LOC", "I-LOC", "O"]
    # listed with a person: left alone
    assert tags[2] == third


def test_name_particles_join_a_persons_name() -> None:
    from viextract.ner.model import join_name_particles

    text = (
        "Ông Jacob van den Borne nói.\n"
        "Từ đó, van den Borne làm việc.\n"
        "Người đàn ông Ennis del Mar cười.\n"
        "Làn da Mai rất đẹp."
    )
    rows, words = _rows_and_words(text)
    assert words[0][:5] == ["Ông", "Jacob", "van", "den", "Borne"]
    assert words[1][:6] == ["Từ", "đó", ",", "van", "den", "Borne"]
    assert words[2][2:6] == ["ông", "Ennis", "del", "Mar"]
    assert words[3][:3] == ["Làn", "da", "Mai"]
    tags = [
        ["O", "O", "O", "O", "B-PER", "O", "O"],
        ["O", "O", "O", "O", "O", "B-PER", "O", "O", "O"],
        ["O", "O", "O", "B-PER", "O", "B-PER", "O", "O"],
        ["O", "O", "B-PER", "O", "O", "O"],
    ]
    assert [len(t) for t in tags] == [len(w) for w in words]
    last = list(tags[3])
    join_name_particles(rows, tags)
    # the particles and the first name before them join the name; "Ông" does not
    assert tags[0] == ["O", "B-PER", "I-PER", "I-PER", "I-PER", "O", "O"]
    # after a comma the name begins with its particles
    assert tags[1] == ["O", "O", "O", "B-PER", "I-PER", "I-PER", "O", "O", "O"]
    # two parts of one name are joined
    assert tags[2] == ["O", "O", "O", "B-PER", "I-PER", "I-PER", "O", "O"]
    # a Vietnamese word ("da") after a lower-case word joins nothing
    assert tags[3] == last


def test_a_person_after_a_kind_of_organisation_is_an_organisation() -> None:
    from viextract.ner.model import organisations_after_kinds

    text = (
        "Gia đình kiện công ty Dentsu.\n"
        "Dentsu đã xin lỗi.\n"
        "Ông làm tình báo Philby.\n"
        "Hà Nội có nhóm Blackpink.\n"
        "Tập đoàn De Heus cung cấp thức ăn.\n"
        "Anh làm cho công ty Hùng."
    )
    rows, words = _rows_and_words(text)
    assert words[0][3:6] == ["công", "ty", "Dentsu"]
    assert words[1][0] == "Dentsu"
    assert words[2][2:5] == ["tình", "báo", "Philby"]
    assert words[3][3:5] == ["nhóm", "Blackpink"]
    assert words[4][:4] == ["Tập", "đoàn", "De", "Heus"]
    assert words[5][3:6] == ["công", "ty", "Hùng"]
    tags = [
        ["O"] * 5 + ["B-PER", "O"],
        ["B-PER", "O", "O", "O", "O"],
        ["O"] * 4 + ["B-PER", "O"],
        ["B-LOC", "I-LOC", "O", "O", "B-PER", "O"],
        ["O", "O", "B-PER", "I-PER", "O", "O", "O", "O", "O"],
        ["O"] * 5 + ["B-PER", "O"],
    ]
    assert [len(t) for t in tags] == [len(w) for w in words]
    kept = [list(t) for t in tags[2:4]]
    person = list(tags[5])
    organisations_after_kinds(rows, tags)
    # after "công ty", and the same name elsewhere in the document: an organisation
    assert tags[0] == ["O"] * 5 + ["B-ORG", "O"]
    assert tags[1] == ["B-ORG", "O", "O", "O", "O"]
    # "báo" inside the word "tình báo" is no newspaper; "nhóm" is no kind of organisation
    assert tags[2:4] == kept
    # a capitalised kind left out of the name joins it
    assert tags[4] == ["B-ORG", "I-ORG", "I-ORG", "I-ORG", "O", "O", "O", "O", "O"]
    # a Vietnamese name after a kind is its owner ("công ty Hùng": Hùng's company)
    assert tags[5] == person


def test_a_known_person_is_cut_out_of_a_longer_mention() -> None:
    from viextract.ner.model import people_in_longer_mentions

    text = (
        "Nhà thiết kế Trung Đinh về nước.\n"
        "NTK Trung Đinh mở cửa hàng.\n"
        "Ông Trung Đinh Chủ tịch Hiệp hội phát biểu.\n"
        "Trường Trung Đinh khai giảng."
    )
    rows, words = _rows_and_words(text)
    assert words[1][:3] == ["NTK", "Trung", "Đinh"]
    assert words[2][:5] == ["Ông", "Trung", "Đinh", "Chủ", "tịch"]
    assert words[3][:3] == ["Trường", "Trung", "Đinh"]
    tags = [
        ["O", "O", "O", "B-PER", "I-PER", "O", "O", "O"],
        ["B-ORG", "I-ORG", "I-ORG", "O", "O", "O", "O"],
        ["O", "B-PER", "I-PER", "I-PER", "I-PER", "B-ORG", "I-ORG", "O", "O", "O"],
        ["B-ORG", "I-ORG", "I-ORG", "O", "O", "O"],
    ]
    assert [len(t) for t in tags] == [len(w) for w in words]
    school = list(tags[3])
    people_in_longer_mentions(rows, tags)
    # an abbreviated title before the name is left out
    assert tags[1] == ["O", "B-PER", "I-PER", "O", "O", "O", "O"]
    # so is a title after it
    assert tags[2] == ["O", "B-PER", "I-PER", "O", "O", "B-ORG", "I-ORG", "O", "O", "O"]
    # an organisation head before the name makes an organisation named after the person
    assert tags[3] == school


def test_the_longest_known_person_is_cut_out() -> None:
    from viextract.ner.model import people_in_longer_mentions

    text = "Ông Lê Văn An và ông Văn An đến.\nNTK Lê Văn An mở cửa hàng."
    rows, words = _rows_and_words(text)
    assert words[0][:8] == ["Ông", "Lê", "Văn", "An", "và", "ông", "Văn", "An"]
    assert words[1][:4] == ["NTK", "Lê", "Văn", "An"]
    first = ["O", "B-PER", "I-PER", "I-PER", "O", "O", "B-PER", "I-PER", "O", "O"]
    assert len(first) == len(words[0])
    tags = [list(first), ["B-ORG", "I-ORG", "I-ORG", "I-ORG"] + ["O"] * (len(words[1]) - 4)]
    people_in_longer_mentions(rows, tags)
    assert tags[0] == first
    assert tags[1][:4] == ["O", "B-PER", "I-PER", "I-PER"]
