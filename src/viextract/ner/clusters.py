"""Syllable clusters learned from unlabeled news and Wikipedia text (``tools/build_clusters.py``:
word2vec vectors of lower-cased syllables grouped by k-means at several granularities).

Syllables used in similar contexts share a cluster, so the entity model can generalise from a
name it was trained on to one it never saw ("Coinbase" near other exchanges, a foreign club near
other clubs). The file is package data, ``clusters/syllables.tsv``: one line per syllable,
``syllable<TAB>id<TAB>id...`` (one id per granularity, coarsest first).
"""

from __future__ import annotations

from functools import cache

from ..data import read_text
from ..errors import ModelError

CLUSTERS_FILE = "clusters/syllables.tsv"
#: The number of granularities (columns of ids) in the file.
LEVELS = 3
#: The ids of a syllable the file does not list.
UNKNOWN: tuple[str, ...] = ("-",) * LEVELS


@cache
def clusters() -> dict[str, tuple[str, ...]]:
    """Lower-cased syllable -> its cluster id at each granularity (coarsest first)."""
    out: dict[str, tuple[str, ...]] = {}
    for n, line in enumerate(read_text(CLUSTERS_FILE).splitlines(), 1):
        parts = line.split("\t")
        if len(parts) != LEVELS + 1:
            raise ModelError(
                f"data file {CLUSTERS_FILE!r} line {n}: expected a syllable and {LEVELS} ids"
            )
        out[parts[0]] = tuple(parts[1:])
    return out


def cluster_ids(token: str) -> tuple[str, ...]:
    """The cluster ids of a syllable (any case), or :data:`UNKNOWN`."""
    return clusters().get(token.lower(), UNKNOWN)
