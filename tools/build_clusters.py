"""Learn syllable clusters from unlabeled Vietnamese text, for the entity model's cluster columns.

    pip install '.[train]'
    python tools/build_clusters.py ../shared/data/unlabeled/*.jsonl.gz [--out FILE]

Reads JSONL (optionally gzipped) records with a ``text`` field, splits the text into syllables
as the entity model does (viextract's segmenter, on normalized text), lower-cases them into a
temporary file, trains word2vec (skip-gram, window 2, 100 dimensions, gensim) over them and
groups the vectors of syllables seen at least ``--min-count`` times with k-means (scikit-learn)
at each of ``--sizes`` (default 100, 500, 2000). Writes ``syllable<TAB>id<TAB>id<TAB>id``
lines, most frequent syllable first, to ``src/viextract/data/clusters/syllables.tsv`` (run
``python -m viextract.data`` after, to update the data manifest). Seeded; with ``--workers 1``
the same input and library versions give the same file (more workers are faster, not
reproducible to the bit). No text is written, only syllables and cluster numbers.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from viextract.ner.clusters import CLUSTERS_FILE, LEVELS
from viextract.segment import Segmenter
from viextract.text import align

OUT = Path(__file__).resolve().parent.parent / "src" / "viextract" / "data" / CLUSTERS_FILE


def sentences(paths: Sequence[str], cased: bool = False) -> Iterator[list[str]]:
    """Lower-cased (or, with ``cased``, as written) syllables of each line of each record."""
    cut = Segmenter().syllables
    for path in paths:
        opener = gzip.open if path.endswith(".gz") else open
        with opener(path, "rt", encoding="utf-8") as f:
            for line in f:
                if not line.strip():
                    continue
                text = json.loads(line).get("text", "")
                for para in str(text).splitlines():
                    norm = align(para).text
                    toks = [norm[a:b] if cased else norm[a:b].lower() for a, b in cut(norm)]
                    if toks:
                        yield toks


def train(corpus_file: str, args: argparse.Namespace) -> Any:
    from gensim.models import Word2Vec

    return Word2Vec(
        corpus_file=corpus_file,
        vector_size=args.dim,
        window=args.window,
        sg=1,
        min_count=args.min_count,
        workers=args.workers,
        epochs=args.epochs,
        seed=args.seed,
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("inputs", nargs="+", help="JSONL(.gz) files with a 'text' field")
    parser.add_argument("--out", default=str(OUT))
    parser.add_argument("--sizes", default="100,500,2000", help="k-means cluster counts")
    parser.add_argument("--min-count", type=int, default=5)
    parser.add_argument("--dim", type=int, default=100)
    parser.add_argument("--window", type=int, default=2)
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--cased",
        action="store_true",
        help="keep letter case (an experiment: viextract looks syllables up in lower case)",
    )
    args = parser.parse_args(argv)
    if len(args.sizes.split(",")) != LEVELS:
        parser.error(f"--sizes needs {LEVELS} cluster counts: viextract reads {LEVELS} levels")
    try:
        import gensim  # noqa: F401
        from sklearn.cluster import MiniBatchKMeans
    except ImportError:
        print("needs the train extra: pip install '.[train]'", file=sys.stderr)
        return 2

    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.txt"
        with open(corpus, "w", encoding="utf-8") as f:
            n = 0
            for toks in sentences(args.inputs, args.cased):
                f.write(" ".join(toks) + "\n")
                n += len(toks)
        print(f"{n} syllables read in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
        model = train(str(corpus), args)
    words = list(model.wv.index_to_key)  # most frequent first
    vectors = model.wv.vectors
    print(f"word2vec: {len(words)} syllables in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    columns = []
    for k in (int(s) for s in args.sizes.split(",")):
        km = MiniBatchKMeans(n_clusters=k, random_state=args.seed, batch_size=4096, n_init=3)
        columns.append(km.fit_predict(vectors))
        print(f"k-means {k}: {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w", encoding="utf-8", newline="\n") as f:
        for i, w in enumerate(words):
            f.write(w + "\t" + "\t".join(str(int(c[i])) for c in columns) + "\n")
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
