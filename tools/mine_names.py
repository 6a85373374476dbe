"""Mine typed names from unlabeled text, for the entity model's MINED feature column.

    python tools/mine_names.py ../shared/data/unlabeled/viwiki.jsonl.gz \\
        ../shared/data/unlabeled/news_2017.jsonl.gz [--out FILE]

Two sources of evidence, both read from JSONL(.gz) records with a ``text`` field:

* an encyclopedia lead, "X là một câu lạc bộ bóng đá ..." (records with a ``title``): the name
  X that opens the page, typed by the kind of thing the lead says it is (:data:`KINDS`);
* news text: a capitalised name right after a typing word, "CLB X", "nhóm nhạc X", "sàn X",
  "ứng dụng X" (:data:`TYPING_WORDS`).

A name is kept when it has a capital letter, 1 to 6 syllables (not one Vietnamese syllable alone,
nor starting with a number), was seen at least ``--min-count``
times (a lead counts as ``LEAD_WEIGHT``) and one type holds at least 80% of its votes. Types are
PER, LOC, ORG and PROD (products, software, coins, works: not an entity of the model's, which is
what the model needs to know about "TikTok" or "Dogecoin"). Writes ``TYPE<TAB>name`` lines to
``src/viextract/data/gazetteers/mined_names.tsv`` (then run ``python -m viextract.data``). Only
names and their types are written, never text.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path

import regex

from viextract.data import word_list
from viextract.ner.features import MINED_FILE
from viextract.text import canonical

OUT = Path(__file__).resolve().parent.parent / "src" / "viextract" / "data" / MINED_FILE

#: What a lead says a thing is (lower case, the longest match wins) -> the type of its name.
KINDS: dict[str, str] = {
    **dict.fromkeys(
        (
            "câu lạc bộ",
            "đội bóng",
            "đội tuyển",
            "ban nhạc",
            "nhóm nhạc",
            "công ty",
            "tập đoàn",
            "tổ chức",
            "đảng",
            "trường đại học",
            "đại học",
            "ngân hàng",
            "hãng",
            "tờ báo",
            "nhật báo",
            "tạp chí",
            "đài truyền hình",
            "hiệp hội",
            "liên đoàn",
            "cơ quan",
            "quân đội",
            "nhà xuất bản",
            "hãng phim",
            "hãng hàng không",
            "thương hiệu",
            "tổ chức phi chính phủ",
            "giải đấu",
            "liên minh",
        ),
        "ORG",
    ),
    **dict.fromkeys(
        (
            "thành phố",
            "tỉnh",
            "quốc gia",
            "huyện",
            "xã",
            "thị trấn",
            "thị xã",
            "quận",
            "sông",
            "con sông",
            "núi",
            "dãy núi",
            "hồ",
            "vương quốc",
            "đảo",
            "hòn đảo",
            "quần đảo",
            "vùng",
            "khu vực",
            "bang",
            "thủ đô",
            "châu lục",
            "biển",
            "vịnh",
            "làng",
            "phường",
            "đế quốc",
            "nước",
            "cộng hòa",
            "lãnh thổ",
            "hạt",
            "tiểu bang",
            "bán đảo",
            "sa mạc",
            "eo biển",
            "đại dương",
            "thành cổ",
            "kinh đô",
            "triều đại",
            "công quốc",
            "huyện lỵ",
            "thủ phủ",
            "đô thị",
            "cảng",
            "sân bay",
            "sân vận động",
        ),
        "LOC",
    ),
    **dict.fromkeys(
        (
            "ca sĩ",
            "nhạc sĩ",
            "diễn viên",
            "cầu thủ",
            "nhà văn",
            "nhà thơ",
            "chính trị gia",
            "nhà khoa học",
            "vận động viên",
            "nhà báo",
            "vua",
            "hoàng đế",
            "tướng",
            "danh tướng",
            "họa sĩ",
            "đạo diễn",
            "nhà vật lý",
            "nhà toán học",
            "nhà hóa học",
            "triết gia",
            "nhà triết học",
            "nhà sử học",
            "tổng thống",
            "thủ tướng",
            "hoàng hậu",
            "công chúa",
            "hoàng tử",
            "nhà soạn nhạc",
            "người mẫu",
            "nữ ca sĩ",
            "nữ diễn viên",
            "huấn luyện viên",
            "doanh nhân",
            "nhà kinh tế học",
            "nhà sinh học",
            "tay vợt",
            "võ sĩ",
            "kỳ thủ",
            "nhà ngoại giao",
            "nhà cách mạng",
            "nhà sản xuất",
            "nhà thiết kế",
            "rapper",
            "nghệ sĩ",
            "nhà hoạt động",
            "nhà thám hiểm",
            "phi hành gia",
            "giáo sư",
            "bác sĩ",
        ),
        "PER",
    ),
    **dict.fromkeys(
        (
            "đồng tiền mã hóa",
            "tiền mã hóa",
            "tiền điện tử",
            "hệ điều hành",
            "phần mềm",
            "ứng dụng",
            "trình duyệt",
            "trò chơi",
            "trò chơi điện tử",
            "bộ phim",
            "phim",
            "ngôn ngữ lập trình",
            "điện thoại",
            "mẫu điện thoại",
            "dòng điện thoại",
            "mạng xã hội",
            "album",
            "bài hát",
            "đĩa đơn",
            "tiểu thuyết",
            "cuốn sách",
            "tác phẩm",
            "chương trình",
            "nền tảng",
            "dịch vụ",
            "công cụ tìm kiếm",
            "bộ truyện",
            "loạt phim",
            "dòng xe",
            "mẫu xe",
            "máy tính",
            "vi xử lý",
            "website",
            "trang web",
        ),
        "PROD",
    ),
}
#: Typing words of news text (as written) -> the type of the name right after them.
TYPING_WORDS: dict[str, str] = {
    **dict.fromkeys(
        (
            "CLB",
            "câu lạc bộ",
            "đội bóng",
            "ban nhạc",
            "nhóm nhạc",
            "hãng",
            "công ty",
            "tập đoàn",
            "ngân hàng",
            "nhóm",
            "đảng",
            "tờ báo",
            "hãng tin",
            "báo",
            "đài",
        ),
        "ORG",
    ),
    **dict.fromkeys(
        ("thành phố", "tỉnh", "huyện", "bang", "thủ đô", "sông", "đảo", "quận", "vùng"), "LOC"
    ),
    **dict.fromkeys(("ông", "bà", "anh", "chị", "ca sĩ", "cầu thủ", "tiền đạo", "thủ môn"), "PER"),
    **dict.fromkeys(
        (
            "ứng dụng",
            "phần mềm",
            "mạng xã hội",
            "đồng tiền",
            "tiền ảo",
            "sàn",
            "hệ điều hành",
            "trình duyệt",
            "điện thoại",
            "smartphone",
            "game",
            "trò chơi",
            "bộ phim",
            "phim",
            "ca khúc",
            "bài hát",
            "album",
            "nền tảng",
            "dịch vụ",
        ),
        "PROD",
    ),
}
# "sàn X" is an exchange (an organisation) in finance news, but the VLSP convention types the
# platforms named after "sàn", "ứng dụng", "mạng xã hội" as miscellaneous; PROD says "not PER".

LEAD_WEIGHT = 3
MAX_NAME = 6
_NAME_SYL = r"(?:\p{Lu}[\p{L}\p{N}]*(?:[-.'’&][\p{L}\p{N}]+)*|\p{N}+)"
_NAME = regex.compile(rf"{_NAME_SYL}(?: {_NAME_SYL}){{0,{MAX_NAME - 1}}}")


def _typing_pattern(words: Sequence[str]) -> regex.Pattern[str]:
    """A typing word as written or capitalised (at a sentence start), then a name."""
    words = [*words, *(w[0].upper() + w[1:] for w in words)]
    alts = "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))
    return regex.compile(rf"(?<![\p{{L}}\p{{N}}])(?:{alts}) ({_NAME.pattern})")


def records(paths: Sequence[str]) -> Iterator[dict[str, object]]:
    for path in paths:
        opener = gzip.open if path.endswith(".gz") else open
        with opener(path, "rt", encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    yield json.loads(line)


def lead_name(title: str, text: str) -> tuple[str, str] | None:
    """The (name, type) a page's lead gives, or None; ``title`` in any case (the page name,
    without a parenthesised qualifier, is looked up in the lead's first 40 characters)."""
    lead = text.split("\n", 1)[0]
    name = regex.sub(r"\s*\(.*\)$", "", title).strip().lower()
    pos = lead.lower().find(name)
    if not name or pos < 0 or pos > 40:
        return None
    written = lead[pos : pos + len(name)]
    if not _NAME.fullmatch(written):
        return None
    m = regex.search(r" là (?:một |các |những )?(.{1,60})", lead[pos + len(name) :])
    if not m:
        return None
    words = m.group(1).lower()
    for n in range(4, 0, -1):
        kind = KINDS.get(" ".join(words.split()[:n]))
        if kind:
            return written, kind
    return None


def mine(paths: Sequence[str], min_count: int) -> dict[str, str]:
    """Typed names from the records of ``paths``."""
    votes: dict[str, Counter[str]] = {}
    typing = _typing_pattern(list(TYPING_WORDS))
    for n, rec in enumerate(records(paths)):
        text = canonical(str(rec.get("text", "")))
        if "title" in rec:
            found = lead_name(str(rec["title"]), text)
            if found:
                votes.setdefault(found[0], Counter())[found[1]] += LEAD_WEIGHT
        for m in typing.finditer(text):
            word = text[m.start() : m.start(1) - 1]
            word = word if word in TYPING_WORDS else word[0].lower() + word[1:]
            votes.setdefault(m.group(1), Counter())[TYPING_WORDS[word]] += 1
        if n % 5000 == 0:
            print(f"{n} records, {len(votes)} names", file=sys.stderr, flush=True)
    common = word_list("gazetteers/vn_syllables.txt")
    out = {}
    for name, c in votes.items():
        first = name.split()[0]
        if first.isdigit() or (" " not in name and name.lower() in common):
            continue  # a number, or a capitalised ordinary word ("Bạn", "Vùng")
        kind, k = c.most_common(1)[0]
        if sum(c.values()) >= min_count and k >= 0.8 * sum(c.values()):
            out[name] = kind
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("inputs", nargs="+", help="JSONL(.gz) files with a 'text' field")
    parser.add_argument("--out", default=str(OUT))
    parser.add_argument("--min-count", type=int, default=3)
    args = parser.parse_args(argv)
    names = mine(args.inputs, args.min_count)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w", encoding="utf-8", newline="\n") as f:
        for name, kind in sorted(names.items(), key=lambda x: (x[1], x[0])):
            f.write(f"{kind}\t{name}\n")
    print(f"{len(names)} names {dict(Counter(names.values()))} -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
