"""Features of the entity CRF, shared by training (:mod:`viextract.training.trainer`) and runtime
(:mod:`viextract.ner.model`).

Every syllable of a sentence becomes a row of string *columns* computed here with cheap
dictionary lookups (case shape, Vietnamese-or-foreign spelling, gazetteer matches over syllable
n-grams, trigger words, word-segmentation position, a document-level hint). underthesea_core's
native :class:`CRFFeaturizer` then turns the rows into window features from the templates for
training, :class:`~viextract.attributes.KnownAttributes` (the same, less what the model does not
know) at run time.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from ..data import read_text, word_list
from ..segment import Segmented
from ..text import canonical
from .bio import bio_to_spans
from .clusters import cluster_ids, clusters

# Column indices of a row: the syllable; case shape (:func:`shape`); "V" Vietnamese syllable /
# "F" foreign spelling; B-/I- match of a name gazetteer (CTRY, WLOC, ADM, MORG); B-/I- match of a
# trigger word (PT person title, OH organisation head, LH place head); "S" surname; B/I/S
# position in the segmenter's word; "lc"/"cap" whether the document writes a capitalised
# syllable in lower case too; a 3-letter suffix; B-/I- match of the model's learned name list;
# the syllable's cluster at three granularities (:mod:`viextract.ner.clusters`); B-/I- match of
# the names mined from unlabeled text (``tools/mine_names.py``: PER, LOC, ORG, PROD).
WORD, SHAPE, SPELL, NAME, TRIGGER, SURNAME, WORDPOS, DOC, SUFFIX, LEARNED = range(10)
CLUSTER = (10, 11, 12)
MINED = 13
N_COLUMNS = 14
#: The mined name list, ``TYPE<TAB>name`` lines.
MINED_FILE = "gazetteers/mined_names.tsv"

#: Name gazetteers (matched case-sensitively on title-case text) and their column value.
NAME_LISTS = (
    ("gazetteers/countries.txt", "CTRY"),
    ("gazetteers/world_places.txt", "WLOC"),
    ("gazetteers/vn_admin.txt", "ADM"),
    ("gazetteers/media_orgs.txt", "MORG"),
)
#: Trigger words (matched on lower-case text) and their column value.
TRIGGER_LISTS = (
    ("gazetteers/per_titles.txt", "PT"),
    ("gazetteers/org_heads.txt", "OH"),
    ("gazetteers/loc_heads.txt", "LH"),
)
MAX_NGRAM = 6
#: Bumped whenever the columns change meaning; a model records the version it was trained with.
FEATURES_VERSION = 6
_CAPITALISED = frozenset({"Aa", "A", "aA", "Aa-"})

#: The feature templates of the model before cluster features.
BASE_TEMPLATES: tuple[str, ...] = (
    "T[-2].lower",
    "T[-1].lower",
    "T[0].lower",
    "T[1].lower",
    "T[2].lower",
    "T[-2,-1].lower",
    "T[-1,0].lower",
    "T[0,1].lower",
    "T[1,2].lower",
    "T[0]",
    "T[-1][1]",
    "T[0][1]",
    "T[1][1]",
    "T[-1,0][1]",
    "T[0,1][1]",
    "T[0][2]",
    "T[-1][3]",
    "T[0][3]",
    "T[1][3]",
    "T[-1,0][3]",
    "T[-2][4]",
    "T[-1][4]",
    "T[0][4]",
    "T[1][4]",
    "T[-2,-1][4]",
    "T[-1][5]",
    "T[0][5]",
    "T[1][5]",
    "T[0][6]",
    "T[-1,0][6]",
    "T[0][7]",
    "T[0][8]",
    "T[-1][9]",
    "T[0][9]",
    "T[1][9]",
    "T[-1,0][9]",
)
#: The cluster of the syllable and of its neighbours, at each granularity.
CLUSTER_TEMPLATES: tuple[str, ...] = tuple(f"T[{w}][{c}]" for c in CLUSTER for w in (-1, 0, 1))
#: The mined-name match of the syllable and its neighbours.
MINED_TEMPLATES: tuple[str, ...] = tuple(f"T[{w}][{MINED}]" for w in (-1, 0, 1))
#: The feature templates of the shipped model (saved with it; see ``templates`` in model.json).
TEMPLATES: tuple[str, ...] = BASE_TEMPLATES + CLUSTER_TEMPLATES + MINED_TEMPLATES


@dataclass(frozen=True, slots=True)
class _Trie:
    """Names keyed by their syllable tuples, and the lengths of the names starting with each
    syllable (longest first), for greedy matching."""

    entries: dict[tuple[str, ...], str]
    widths: dict[str, tuple[int, ...]]


def _trie(entries: dict[tuple[str, ...], str]) -> _Trie:
    entries = {k: v for k, v in entries.items() if 0 < len(k) <= MAX_NGRAM}
    widths: dict[str, set[int]] = {}
    for key in entries:
        widths.setdefault(key[0], set()).add(len(key))
    return _Trie(entries, {k: tuple(sorted(v, reverse=True)) for k, v in widths.items()})


NameList = _Trie


def name_list(names: Mapping[tuple[str, ...], str]) -> NameList:
    """A name list for the LEARNED column: syllable tuples (as written) -> label."""
    entries = dict(names)
    return _trie(entries)


def read_name_list(text: str) -> NameList:
    """Parse a ``LABEL<TAB>name`` file (the model's ``names.tsv``)."""
    names: dict[tuple[str, ...], str] = {}
    for line in text.splitlines():
        label, sep, name = line.partition("\t")
        if sep and name.strip():
            names[tuple(name.split())] = label
    return name_list(names)


def write_name_list(names: Mapping[tuple[str, ...], str]) -> str:
    return "".join(f"{lab}\t{' '.join(k)}\n" for k, lab in sorted(names.items()))


def _build(lists: Iterable[tuple[str, str]], lower: bool) -> _Trie:
    entries: dict[tuple[str, ...], str] = {}
    for name, value in lists:
        for line in word_list(name):
            text = canonical(line)
            key = tuple((text.lower() if lower else text).split())
            if key:
                entries.setdefault(key, value)
    return _trie(entries)


@cache
def _name_trie() -> _Trie:
    return _build(NAME_LISTS, lower=False)


@cache
def _mined_trie() -> _Trie:
    entries: dict[tuple[str, ...], str] = {}
    for line in read_text(MINED_FILE).splitlines():
        kind, sep, name = line.partition("\t")
        if sep and name:
            entries[tuple(canonical(name).split())] = kind
    return _trie(entries)


@cache
def _trigger_trie() -> _Trie:
    return _build(TRIGGER_LISTS, lower=True)


@cache
def _surnames() -> frozenset[str]:
    return frozenset(canonical(s) for s in word_list("gazetteers/surnames.txt"))


@cache
def _vn_syllables() -> frozenset[str]:
    return frozenset(word_list("gazetteers/vn_syllables.txt"))


def load_gazetteers() -> None:
    """Read every gazetteer now (they are otherwise read on first use)."""
    _name_trie()
    _mined_trie()
    _trigger_trie()
    _surnames()
    _vn_syllables()
    clusters()


def _match(tokens: Sequence[str], trie: _Trie) -> list[str]:
    """BIO column of the greedy longest matches of ``trie`` in ``tokens``."""
    out = ["O"] * len(tokens)
    entries = trie.entries
    widths = trie.widths
    n = len(tokens)
    i = 0
    while i < n:
        ws = widths.get(tokens[i])
        if ws is not None:
            for width in ws:
                if i + width <= n:
                    value = entries.get(tuple(tokens[i : i + width]))
                    if value is not None:
                        out[i] = "B-" + value
                        for k in range(i + 1, i + width):
                            out[k] = "I-" + value
                        i += width
                        break
            else:
                i += 1
        else:
            i += 1
    return out


def shape(token: str) -> str:
    """Case and character class: "Aa" title, "A" all capitals, "a" lower, "Aa-" with a hyphen,
    "0" digits, "0." digits with separators, "A0" letters and digits, "." punctuation."""
    if token.isalpha():
        if token.islower():
            return "a"
        if token.isupper():
            return "A" if len(token) > 1 else "Aa"
        if token[0].isupper() and token[1:].islower():
            return "Aa"
        return "aA"
    if token.isdigit():
        return "0"
    has_alpha = any(c.isalpha() for c in token)
    has_digit = any(c.isdigit() for c in token)
    if has_alpha and has_digit:
        return "A0"
    if has_digit:
        return "0."
    if has_alpha:
        return "Aa-" if token[0].isupper() else "a-"
    return "."


def _spell(token: str, syllables: frozenset[str]) -> str:
    """ "V" a Vietnamese syllable, "F" letters that are not one (a foreign name), "-" no letters."""
    if not token.isalpha():
        return "F" if any(c.isalpha() for c in token) else "-"
    return "V" if token.lower() in syllables else "F"


def placeholder(token: str) -> list[str]:
    """The row of a syllable the tagger will not read (its shape column is "-", which
    :func:`shape` never returns)."""
    return [token, "-", "-", "O", "O", "-", "O", "-", "-", "O", "-", "-", "-", "O"]


def is_placeholder(row: Sequence[str]) -> bool:
    return row[SHAPE] == "-"


def _marked(tok: str) -> bool:
    """Whether a syllable holds a capital letter or a digit."""
    return not tok.islower() and any(c.isupper() or c.isdigit() for c in tok)


def name_regions(tokens: Sequence[str], near: int) -> list[tuple[int, int]]:
    """The parts of a sentence worth tagging: every syllable within ``near`` of one with a
    capital letter or a digit (entities in news text always hold one), as (start, end) ranges."""
    out: list[tuple[int, int]] = []
    n = len(tokens)
    for i, tok in enumerate(tokens):
        if not _marked(tok):
            continue
        a, b = max(0, i - near), min(n, i + near + 1)
        if out and a <= out[-1][1] + 1:
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def document_hint(seg: Segmented) -> dict[str, str]:
    """For a capitalised syllable: "lc" if the document also writes it in lower case (so it is
    probably an ordinary word), "cap" if it is only ever capitalised."""
    lower_seen: set[str] = set()
    for a, b in seg.syllables:
        tok = seg.text[a:b]
        if tok.islower():
            lower_seen.add(tok)
    return {s: "lc" for s in lower_seen}


def sentence_rows(
    seg: Segmented,
    first: int,
    last: int,
    lower_seen: dict[str, str],
    learned: NameList | None = None,
    near: int | None = None,
) -> list[list[str]]:
    """The rows of syllables ``first .. last - 1`` (one sentence); see :func:`document_rows`."""
    text = seg.text
    toks = [text[a:b] for a, b in seg.syllables[first:last]]
    wanted = [True] * len(toks)
    if near is not None:
        wanted = [False] * len(toks)
        regions = name_regions(toks, near)
        if regions and toks[0].lower() in lower_seen and not any(map(_marked, toks[1:])):
            # only the first word is capitalised, and the document writes it in lower case too
            # (no change on VLSP 2018 dev; 13% fewer syllables tagged)
            regions = []
        for a, b in regions:
            wanted[a:b] = [True] * (b - a)
        if not any(wanted):
            return [placeholder(tok) for tok in toks]
    lows = [t.lower() for t in toks]
    names = _match(toks, _name_trie())
    known = _match(toks, learned) if learned is not None else ["O"] * len(toks)
    triggers = _match(lows, _trigger_trie())
    mined = _match(toks, _mined_trie())
    wordpos = ["O"] * len(toks)
    rows: list[list[str]] = []
    for i, tok in enumerate(toks):
        if not wanted[i]:
            rows.append(placeholder(tok))
            continue
        cols = _TOKEN_COLUMNS.get(tok) or _token_columns(tok)
        sh = cols[0]
        doc = lower_seen.get(lows[i], "cap") if sh in _CAPITALISED else "-"
        row = [tok, sh, cols[1], names[i], triggers[i], cols[2], wordpos[i], doc, cols[3]]
        rows.append([*row, known[i], *cols[4], mined[i]])
    return rows


#: The columns that depend on the syllable alone (shape, spelling, surname, suffix, cluster
#: ids), by syllable: most syllables of a text are ones seen before.
_TOKEN_COLUMNS: dict[str, tuple[str, str, str, str, tuple[str, ...]]] = {}
_MAX_TOKEN_COLUMNS = 200_000


def _token_columns(tok: str) -> tuple[str, str, str, str, tuple[str, ...]]:
    if len(_TOKEN_COLUMNS) >= _MAX_TOKEN_COLUMNS:
        _TOKEN_COLUMNS.clear()
    cols = (
        shape(tok),
        _spell(tok, _vn_syllables()),
        "S" if tok in _surnames() else "-",
        tok.lower()[-3:] if len(tok) > 3 else "-",
        cluster_ids(tok),
    )
    _TOKEN_COLUMNS[tok] = cols
    return cols


def set_word_columns(seg: Segmented, rows: list[list[list[str]]]) -> None:
    """Fill the column that depends on ``seg.words``: the word position (B/I of a
    multi-syllable word, S)."""
    flat = [row for sent in rows for row in sent]
    n = len(flat)
    for a, b in seg.words:
        if b > n:
            break
        for k in range(a, b):
            flat[k][WORDPOS] = "S" if b - a == 1 else ("B" if k == a else "I")


def set_learned(rows: list[list[list[str]]], learned: NameList) -> None:
    """Recompute the LEARNED column of ``rows`` (in place) from another name list."""
    for sent in rows:
        for row, value in zip(sent, _match([r[WORD] for r in sent], learned), strict=True):
            row[LEARNED] = value


def document_rows(
    seg: Segmented, learned: NameList | None = None, near: int | None = None
) -> list[list[list[str]]]:
    """Rows of every sentence of a segmented document; ``learned`` is the model's name list.

    With ``near``, only syllables within ``near`` of a capitalised or digit-bearing syllable get
    their full columns (the tagger reads no others, see :func:`name_regions`); the rest get
    placeholders.
    """
    hint = document_hint(seg)
    rows = [sentence_rows(seg, a, b, hint, learned, near) for a, b in seg.sentences]
    if seg.words:
        set_word_columns(seg, rows)
    return rows


# Second stage: document-level consistency. Columns appended to the rows from the first stage's
# tags over the whole document.
STAGE1, DOCTOK, DOCSPAN = N_COLUMNS, N_COLUMNS + 1, N_COLUMNS + 2

#: Extra templates of the second stage.
DOC_TEMPLATES: tuple[str, ...] = tuple(
    f"T[{w}][{col}]"
    for w, col in (
        ("-1", STAGE1),
        ("0", STAGE1),
        ("1", STAGE1),
        ("-1,0", STAGE1),
        ("0,1", STAGE1),
        ("-1", DOCTOK),
        ("0", DOCTOK),
        ("1", DOCTOK),
        ("-1", DOCSPAN),
        ("0", DOCSPAN),
        ("1", DOCSPAN),
        ("-1,0", DOCSPAN),
    )
)


def _majority(votes: dict[str, int] | None) -> str:
    if not votes:
        return "O"
    return max(votes, key=lambda lab: (votes[lab], lab))


def add_document_columns(rows: list[list[list[str]]], stage1: Sequence[Sequence[str]]) -> None:
    """Append the second-stage columns to ``rows`` (in place) from first-stage BIO tags:

    * the token's own first-stage tag;
    * for a capitalised token, the label the first stage most often gave to mentions containing
      the same token anywhere in the document ("O" if never in one);
    * B-X/I-X where the syllables repeat a whole first-stage mention of the document.
    """
    by_token: dict[str, dict[str, int]] = {}
    by_name: dict[tuple[str, ...], dict[str, int]] = {}
    for sent, tags in zip(rows, stage1, strict=True):
        for a, b, label in bio_to_spans(tags):
            name = tuple(r[WORD] for r in sent[a:b])
            votes = by_name.setdefault(name, {})
            votes[label] = votes.get(label, 0) + 1
            for tok in name:
                tv = by_token.setdefault(tok, {})
                tv[label] = tv.get(label, 0) + 1
    names = {k: _majority(v) for k, v in by_name.items()}
    trie = _trie(names)
    for sent, tags in zip(rows, stage1, strict=True):
        spans = _match([r[WORD] for r in sent], trie) if names else ["O"] * len(sent)
        for row, tag, span in zip(sent, tags, spans, strict=True):
            tok = _majority(by_token.get(row[WORD])) if row[SHAPE] in _CAPITALISED else "-"
            row.extend((tag, tok, span))
