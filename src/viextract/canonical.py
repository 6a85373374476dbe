"""Canonical names: one name per referent, within a document and across documents.

Two rules, both conservative (when in doubt, a mention keeps its own normalized name):

* **People, within a document**: a mention whose words are the last words of a longer name of a
  person in the same document takes that fullest name ("Ryder" -> "Patrick Ryder", "Assad" ->
  "Bashar al-Assad", "Văn An" -> "Nguyễn Văn An"); hyphens separate words here ("al-Assad").
  When the fullest names that end so are not all the same ("Nguyễn Văn An" and "Trần Thị An"
  for "An"), the mention is not linked.
* **Places and organisations, through a shipped alias table** (``data/gazetteers/aliases.tsv``):
  "TP.HCM", "TPHCM", "Sài Gòn" -> "Thành phố Hồ Chí Minh"; "Hoa Kỳ" -> "Mỹ" (a country takes
  its usual short Vietnamese name); "LHQ" -> "Liên Hợp Quốc". An alias applies only to its own
  label. Merged or renamed administrative units are not mapped to their successors.

Dates are not linked: their canonical form is their TIMEX3 value.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from functools import lru_cache

import regex

from .data import read_text
from .errors import ModelError
from .text import canonical as normalize
from .types import Label

ALIASES_FILE = "gazetteers/aliases.tsv"
_WORDS = regex.compile(r"[^\s\-‐‑–]+")
_LOCK = threading.Lock()


def _key(name: str) -> str:
    return " ".join(_WORDS.findall(normalize(name).casefold()))


@lru_cache(maxsize=1)
def _aliases() -> dict[tuple[str, Label], str]:
    with _LOCK:
        out: dict[tuple[str, Label], str] = {}
        for n, line in enumerate(read_text(ALIASES_FILE).splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            cells = line.split("\t")
            if len(cells) != 3 or cells[2] not in ("PER", "LOC", "ORG"):
                raise ModelError(f"{ALIASES_FILE}:{n}: expected alias, canonical name and label")
            out[(_key(cells[0]), Label(cells[2]))] = normalize(cells[1])
        return out


def alias(name: str, label: Label) -> str | None:
    """The canonical name the alias table gives ``name`` (with ``label``), if any."""
    return _aliases().get((_key(name), label))


def link(mentions: Sequence[tuple[str, Label]]) -> list[str]:
    """The canonical name of each ``(normalized text, label)`` mention of one document."""
    people = {name for name, label in mentions if label == Label.PER}
    words = {name: _key(name).split() for name in people}
    fullest: dict[str, str] = {}
    for name in people:
        ends = [
            other
            for other in people
            if len(words[other]) > len(words[name])
            and words[other][-len(words[name]) :] == words[name]
        ]
        # the fullest of them: those no still longer name ends with
        tops = {
            e
            for e in ends
            if not any(
                len(words[o]) > len(words[e]) and words[o][-len(words[e]) :] == words[e]
                for o in ends
            )
        }
        if len({_key(t) for t in tops}) == 1:
            fullest[name] = max(tops, key=lambda t: (len(t), t))
    out = []
    for name, label in mentions:
        if label == Label.PER:
            out.append(fullest.get(name, name))
        elif label in (Label.LOC, Label.ORG):
            out.append(alias(name, label) or name)
        else:
            out.append(name)
    return out


__all__ = ["alias", "link"]
