"""Derive viextract's administrative-unit gazetteer and Vietnamese syllable list from data that
underthesea ships (read at build time only; the results are committed as plain word lists).

    python tools/build_gazetteers.py

writes vn_admin.txt and vn_syllables.txt under src/viextract/data/gazetteers/.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import underthesea

from viextract.text import canonical

OUT = Path(__file__).resolve().parent.parent / "src" / "viextract" / "data" / "gazetteers"
PKG = Path(underthesea.__file__).parent
_UNIT = re.compile(
    r"^(Thành phố|Tỉnh|Quận|Huyện|Thị xã|Thị trấn|Phường|Xã|Đặc khu)\s+", re.IGNORECASE
)


def admin_names() -> list[str]:
    data = json.loads((PKG / "address" / "data" / "mapping.json").read_text(encoding="utf-8"))
    names: set[str] = set()
    for table in ("province_names", "old_province_names"):
        for v in data[table].values():
            names.add(v["short"])
    for row in data["ward_mapping"]:
        # districts only: ward names are too often also person names
        short = _UNIT.sub("", row.get("old_district") or "").strip()
        # numbered units ("Quận 1") are not names
        if short and not any(c.isdigit() for c in short):
            names.add(short)
    return sorted(canonical(n) for n in names)


def syllables() -> list[str]:
    out: set[str] = set()
    text = (PKG / "corpus" / "data" / "Viet74K.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        for s in canonical(unicodedata.normalize("NFC", line)).lower().split():
            if s.isalpha():
                out.add(s)
    return sorted(out)


def main() -> None:
    header = "# Derived by tools/build_gazetteers.py from underthesea's {} ({}).\n"
    (OUT / "vn_admin.txt").write_text(
        header.format("administrative-unit mapping", "provinces and districts")
        + "\n".join(admin_names())
        + "\n",
        encoding="utf-8",
    )
    (OUT / "vn_syllables.txt").write_text(
        header.format("Viet74K word list", "lower-case syllables") + "\n".join(syllables()) + "\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
