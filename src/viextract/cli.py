"""Command line: argument parsing, output and exit codes only.

Exit codes: 0 success, 1 some input failed, 2 usage error.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Sequence
from typing import NoReturn, TextIO

from .errors import ViextractError
from .types import Document


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(2, f"viextract: error: {message}\n")


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date in YYYY-MM-DD form: {value!r}") from None


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="viextract", description="Vietnamese entity and date extraction.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    p = sub.add_parser("extract", help="annotate one text file (or - for stdin)")
    p.add_argument("file", help="a UTF-8 text file, or - to read stdin")
    p.add_argument(
        "--reference-date",
        type=_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="the article's date, to resolve relative dates ('hôm qua')",
    )
    p.add_argument(
        "--prefer",
        choices=("past", "future", "nearest"),
        default="past",
        help="direction for bare weekdays and day-months (default: past)",
    )
    p.add_argument(
        "--format",
        choices=("json", "table"),
        default="table",
        help="output format (default: table)",
    )
    return parser


def read_text_file(path: str) -> str:
    """Read a text file (or stdin for ``-``) as UTF-8, honouring a UTF-8 or UTF-16 BOM."""
    if path == "-":
        data = sys.stdin.buffer.read()
    else:
        with open(path, "rb") as f:
            data = f.read()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    return data.decode("utf-8-sig")


def write_table(doc: Document, out: TextIO) -> None:
    for e in doc.entities:
        out.write(f"{e.start}\t{e.end}\t{e.label.value}\t{e.text}\t{e.normalized}\n")


def _extract(args: argparse.Namespace, out: TextIO) -> int:
    from .pipeline import Extractor

    text = read_text_file(args.file)
    doc = Extractor().extract(text, reference_date=args.reference_date, prefer=args.prefer)
    if args.format == "json":
        json.dump(doc.to_dict(), out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        write_table(doc, out)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "extract":
            return _extract(args, sys.stdout)
    except KeyboardInterrupt:
        print("viextract: interrupted", file=sys.stderr)
        return 130
    except FileNotFoundError as exc:
        print(f"viextract: error: no such file: {exc.filename}", file=sys.stderr)
    except IsADirectoryError as exc:
        print(f"viextract: error: is a directory: {exc.filename}", file=sys.stderr)
    except UnicodeDecodeError as exc:
        print(
            f"viextract: error: {args.file} is not UTF-8 text ({exc.reason} at byte {exc.start})",
            file=sys.stderr,
        )
    except (OSError, ViextractError) as exc:
        print(f"viextract: error: {exc}", file=sys.stderr)
    return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
