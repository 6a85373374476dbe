"""Time and memory of ``Extractor.extract`` on very large and pathological texts.

Prints, for each case, the text size (UTF-8 MB), seconds, seconds per MB and the peak resident
memory (and the part of it above the models' own footprint). Each case runs in a fresh
subprocess so that peak memory is per case.

    .venv/bin/python benchmarks/scale.py                         # news 1/4/16 MB + pathological
    .venv/bin/python benchmarks/scale.py --ner default --sizes 1  # with the default NER model
    .venv/bin/python benchmarks/scale.py --cases digits_dots,one_char --sizes 1

Texts over 100,000 characters are annotated in pieces (``viextract.longtext``): the ``pieces``
column says how many; peak memory then grows only with the Document.

``--ner none`` (the default here) measures viextract's own work: normalization, offset map,
segmentation (underthesea's tokenizer and word-segmentation CRF), the date recognizer, the
overlap policy and building the Document. ``--ner default`` adds the default entity model.
Generated text only (``benchmarks/newslike.py``): no corpus text.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from newslike import PLACES, SURNAMES, sentence, text_of_size  # noqa: E402

MB = 1_000_000


def _fill(unit: str, n_bytes: int) -> str:
    k = max(1, n_bytes // len(unit.encode("utf-8")))
    return unit * k


def _rows(n: int, row: Callable[[int], str]) -> str:
    """Rows ``row(0), row(1), ...`` until they make ``n`` bytes of UTF-8."""
    parts: list[str] = []
    size = 0
    while size < n:
        parts.append(row(len(parts)))
        size += len(parts[-1].encode("utf-8"))
    return "".join(parts)


def make_text(case: str, mb: float) -> str:
    """The text of one benchmark case, about ``mb`` UTF-8 megabytes."""
    n = int(mb * MB)
    rng = random.Random(7)
    if case == "news":
        text = text_of_size(int(n / 1.25), seed=1)  # ~1.25 UTF-8 bytes per character
        while len(text.encode("utf-8")) < n:
            text += "\n\n" + text_of_size(20_000, seed=len(text))
        return text
    if case == "no_punct_line":
        # One 1 MB line of words, no punctuation, no line break.
        words: list[str] = []
        size = 0
        while size < n:
            w = " ".join(sentence(rng).replace(",", "").replace(".", "").replace("“", "").split())
            words.append(w)
            size += len(w.encode("utf-8")) + 1
        return " ".join(words)
    if case == "one_char":
        return _fill("a", n)
    if case == "digits_dots":
        return _fill("1.", n)
    if case == "letters_dots":
        return _fill("a.", n)
    if case == "newlines":
        return _fill("\n", n // 2) + _fill(f"{rng.choice(SURNAMES)} đến {PLACES[0]}.\n", n // 2)
    if case == "html_table":
        return _rows(
            n,
            lambda i: (
                f"<tr><td>{i}</td><td>{PLACES[i % len(PLACES)]}</td><td>{i * 37 % 1000}.{i % 10}"
                f"</td><td>&nbsp;{i % 97},{i % 7}%</td></tr><br>\n"
            ),
        )
    if case == "urls_emails":
        return _rows(
            n,
            lambda i: (
                f"Xem https://www.example.vn/tin-tuc/{i}/a.b.c({i})?q={i}&x=1 hoặc gửi "
                f"thư tới ban.doc{i}@example.com.vn. "
            ),
        )
    raise SystemExit(f"unknown case {case!r}")


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_one(case: str, mb: float, ner: str) -> dict[str, object]:
    import viextract
    from viextract.longtext import MAX_PIECE, pieces

    ex = (
        viextract.Extractor([viextract.DateRecognizer()])
        if ner == "none"
        else viextract.Extractor()
    )
    ex.extract("Ông Nguyễn Văn An đến Hà Nội ngày 20-11.")
    text = make_text(case, mb)
    base = _rss_mb()
    t0 = time.perf_counter()
    doc = ex.extract(text)
    seconds = time.perf_counter() - t0
    size = len(text.encode("utf-8")) / MB
    return {
        "case": case,
        "mb": round(size, 2),
        "chars": len(text),
        "seconds": round(seconds, 2),
        "s_per_mb": round(seconds / size, 2),
        "peak_rss_mb": round(_rss_mb()),
        "above_models_mb": round(_rss_mb() - base),
        "tokens": len(doc.tokens),
        "entities": len(doc.entities),
        "pieces": len(pieces(text, MAX_PIECE)),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--sizes", default="1,4,16", help="MB sizes for the 'news' case")
    ap.add_argument(
        "--cases",
        default="news,no_punct_line,one_char,digits_dots,letters_dots,newlines,html_table,"
        "urls_emails",
    )
    ap.add_argument("--patho-mb", type=float, default=1.0, help="size of the other cases")
    ap.add_argument("--ner", choices=["none", "default"], default="none")
    ap.add_argument("--one", nargs=2, metavar=("CASE", "MB"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one[0], float(args.one[1]), args.ner)))
        return
    print(f"ner={args.ner}  python={sys.version.split()[0]}")
    print(
        f"{'case':<15}{'MB':>7}{'seconds':>10}{'s/MB':>8}{'peak MB':>9}{'+MB':>7}{'tokens':>10}"
        f"{'pieces':>8}"
    )
    for case in args.cases.split(","):
        sizes = [float(s) for s in args.sizes.split(",")] if case == "news" else [args.patho_mb]
        for mb in sizes:
            r = subprocess.run(
                [sys.executable, __file__, "--ner", args.ner, "--one", case, str(mb)],
                capture_output=True,
                text=True,
            )
            if r.returncode != 0:
                print(f"{case:<15}{mb:>7} FAILED\n{r.stderr[-2000:]}")
                continue
            d = json.loads(r.stdout.strip().splitlines()[-1])
            print(
                f"{d['case']:<15}{d['mb']:>7}{d['seconds']:>10}{d['s_per_mb']:>8}"
                f"{d['peak_rss_mb']:>9}{d['above_models_mb']:>7}{d['tokens']:>10}{d['pieces']:>8}",
                flush=True,
            )


if __name__ == "__main__":
    main()
