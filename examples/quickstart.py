"""viextract quick start, as a script (the same steps as examples/quickstart.ipynb).

Annotates the seed article (a 2015 news story, reference date 2015-11-21), writes it as HTML
with the entities highlighted, prints entity counts by label and the most frequent places, and
plots those places.

    pip install 'viextract[notebook]'        # pandas and matplotlib
    python examples/quickstart.py --out out  # writes out/quickstart.html, out/places.png
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

import viextract

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_3ce9499940f268d4.txt"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("out"), help="output folder")
    args = parser.parse_args(argv)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)

    # 1. Annotate (a date covers its whole phrase, "ngày thứ năm 19-11"; date_spans="core" keeps
    # "19-11"). In a notebook, `doc` alone as the last line of a cell shows it highlighted.
    text = SEED.read_text(encoding="utf-8")
    doc = viextract.extract(text, reference_date=dt.date(2015, 11, 21))
    page = f'<!doctype html><meta charset="utf-8"><title>viextract</title>{doc._repr_html_()}'
    (out / "quickstart.html").write_text(page, encoding="utf-8")

    # 2. Records (plain dicts, no extra dependency) and a DataFrame (pandas).
    for record in doc.to_records()[:3]:
        print({k: v for k, v in record.items() if v is not None})
    df = doc.to_dataframe()
    counts = df["label"].value_counts().rename_axis("label").rename("entities")
    print(counts.to_string(), end="\n\n")

    # 3. The most frequent places, by normalized name.
    places = df.loc[df["label"] == "LOC", "normalized"].value_counts().head(10)
    print(places.to_string())
    if not places.empty:
        import matplotlib

        matplotlib.use("Agg")  # a script writes a file; no window
        import matplotlib.pyplot as plt

        ax = places.sort_values().plot.barh(title="Most frequent places", figsize=(6, 4))
        ax.set(xlabel="mentions", ylabel="")
        ax.figure.tight_layout()
        ax.figure.savefig(out / "places.png", dpi=100)
        plt.close(ax.figure)

    # 4. Many articles: one DataFrame, one `doc` id per article (here: the paragraphs).
    paragraphs = [p for p in text.splitlines() if p.strip()]
    many = viextract.to_dataframe(viextract.Extractor().pipe(paragraphs))
    print(f"\n{len(paragraphs)} paragraphs, {len(many)} entities")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
