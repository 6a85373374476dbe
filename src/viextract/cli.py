"""Command line: argument parsing, output and exit codes only.

Exit codes: 0 success, 1 some input failed, 2 usage error.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Sequence
from typing import Any, NoReturn, TextIO

from .batch.inputs import describe_error, one_line, read_text_file
from .checks import parse_date
from .document import Document
from .errors import ConfigError, ViextractError


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(2, f"viextract: error: {message}\n")


def _score(value: str) -> float:
    try:
        score = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not 0.0 <= score <= 1.0:
        raise argparse.ArgumentTypeError(f"{value} is not from 0 to 1")
    return score


def _date(value: str) -> dt.date:
    try:
        return parse_date(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="viextract", description="Vietnamese entity and date extraction.")
    parser.add_argument("--version", action="version", version=f"viextract {_version()}")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    dates = _Parser(add_help=False)
    dates.add_argument(
        "--reference-date",
        type=_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="the article's date, to resolve relative dates ('hôm qua'); for annotate, the date "
        "of articles that have none of their own",
    )
    dates.add_argument(
        "--prefer",
        choices=("past", "future", "nearest"),
        default="past",
        help="direction for bare weekdays and day-months (default: past)",
    )
    dates.add_argument(
        "--names",
        metavar="FILE",
        default=None,
        help="your own names, found besides the model's and winning over them: a .tsv file "
        "(name TAB label: PER, LOC, ORG, or - for never an entity) or .jsonl "
        '({"name": ..., "label": ...}); see the README',
    )
    dates.add_argument(
        "--min-score",
        type=_score,
        default=0.0,
        metavar="S",
        help="keep only entities whose confidence score is at least S (0 to 1; default 0)",
    )
    dates.add_argument(
        "--date-spans",
        choices=("core", "phrase"),
        default="phrase",
        help="DATE span: the whole phrase the value was read from ('[ngày thứ năm 19-11]', the "
        "default) or the calendar expression as gold corpora mark it ('ngày [19-11]')",
    )
    p = sub.add_parser("extract", parents=[dates], help="annotate one text file (or - for stdin)")
    p.add_argument("file", help="a UTF-8 text file, or - to read stdin")
    p.add_argument(
        "--format",
        choices=("table", "json", "jsonl"),
        default="table",
        help="table: one entity a line (start, end, label, text, normalized, canonical; the "
        "default); json: the document, one entity or span a line; jsonl: the document on one line",
    )
    a = sub.add_parser(
        "annotate",
        parents=[dates],
        help="annotate many article files (parallel, resumable)",
        description="Annotate text files, directories, JSONL files (one article a line: id, "
        "text, date) or stdin into JSONL, brat or CoNLL. See the README's 'Batch annotation'.",
    )
    a.add_argument("inputs", nargs="+", metavar="INPUT", help="file, directory, or - for stdin")
    a.add_argument(
        "-o",
        "--output",
        required=True,
        help="output file (jsonl, conll; - for stdout) or directory (brat)",
    )
    a.add_argument(
        "--format",
        choices=("jsonl", "brat", "conll"),
        default="jsonl",
        help="output format (default: jsonl)",
    )
    a.add_argument(
        "--jobs",
        type=_jobs,
        default=os.cpu_count() or 1,
        metavar="N",
        help="worker processes (default: the number of cores)",
    )
    a.add_argument(
        "--glob",
        default="*.txt",
        metavar="PATTERN",
        help="files to take in directories (default: *.txt)",
    )
    a.add_argument(
        "--input-format",
        choices=("auto", "text", "jsonl"),
        default="auto",
        help="auto: .jsonl/.ndjson files are JSONL, others (and stdin) text",
    )
    a.add_argument("--tokens", action="store_true", help="add word spans to JSONL output")
    a.add_argument(
        "--resume",
        action="store_true",
        help="continue an interrupted run: skip articles already in the output",
    )
    a.add_argument("--overwrite", action="store_true", help="replace an existing output")
    a.add_argument(
        "--errors",
        metavar="FILE",
        help="write the failed inputs here as JSONL (an existing FILE needs --overwrite, or "
        "--resume, which rewrites it with the inputs that still fail)",
    )
    a.add_argument("--quiet", action="store_true", help="no progress bar or summary")
    a.add_argument(
        "--dask",
        metavar="ADDRESS",
        help="run on the Dask scheduler at ADDRESS (pip install 'viextract[dask]')",
    )
    return parser


def _jobs(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"--jobs needs a whole number >= 1, got {value!r}")
    return n


def write_table(doc: Document, out: TextIO) -> None:
    for e in doc.entities:
        canonical = e.canonical or e.normalized
        out.write(f"{e.start}\t{e.end}\t{e.label.value}\t{e.text}\t{e.normalized}\t{canonical}\n")


def _extract(args: argparse.Namespace, out: TextIO) -> int:
    from .batch.work import extractor_for

    text = read_text_file(args.file)
    doc = extractor_for(args.names, args.min_score).extract(
        text, reference_date=args.reference_date, prefer=args.prefer, date_spans=args.date_spans
    )
    if args.format == "json":
        out.write(readable_json(doc.to_dict()))
    elif args.format == "jsonl":
        out.write(json.dumps(doc.to_dict(), ensure_ascii=False) + "\n")
    else:
        write_table(doc, out)
    return 0


def _annotate(args: argparse.Namespace) -> int:
    from .batch.runner import BatchOptions, run

    if args.resume and args.overwrite:
        raise ConfigError("--resume and --overwrite exclude each other")
    opts = BatchOptions(
        output=args.output,
        format=args.format,
        jobs=args.jobs,
        reference_date=args.reference_date,
        prefer=args.prefer,
        date_spans=args.date_spans,
        tokens=args.tokens,
        resume=args.resume,
        overwrite=args.overwrite,
        pattern=args.glob,
        input_format=args.input_format,
        errors=args.errors,
        progress=not args.quiet,
        dask=args.dask,
        names=args.names,
        min_score=args.min_score,
    )
    summary = run(args.inputs, opts)
    if not args.quiet or summary.failed:
        print(
            f"viextract: {summary.annotated} annotated, {summary.skipped} already done, "
            f"{summary.failed} failed in {summary.seconds:.1f} s",
            file=sys.stderr,
        )
    return 1 if summary.failed else 0


def readable_json(data: dict[str, Any]) -> str:
    """JSON with one key a line and one item of each list a line (not one number a line)."""
    lines = ["{"]
    items = list(data.items())
    for k, (key, value) in enumerate(items):
        comma = "," if k < len(items) - 1 else ""
        head = f"  {json.dumps(key)}: "
        if isinstance(value, list) and value:
            inner = [f"    {json.dumps(v, ensure_ascii=False)}" for v in value]
            lines.append(head + "[\n" + ",\n".join(inner) + "\n  ]" + comma)
        else:
            lines.append(head + json.dumps(value, ensure_ascii=False) + comma)
    lines.append("}")
    return "\n".join(lines) + "\n"


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("viextract")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "unknown"


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        if args.command == "extract":
            return _extract(args, sys.stdout)
        if args.command == "annotate":
            return _annotate(args)
    except KeyboardInterrupt:
        print("viextract: interrupted", file=sys.stderr)
        return 130
    except FileNotFoundError as exc:
        print(f"viextract: error: no such file: {one_line(str(exc.filename))}", file=sys.stderr)
    except IsADirectoryError as exc:
        print(f"viextract: error: is a directory: {one_line(str(exc.filename))}", file=sys.stderr)
    except UnicodeDecodeError as exc:
        print(
            f"viextract: error: {one_line(getattr(args, 'file', 'input'))} is not UTF-8 text "
            f"({exc.reason} at byte {exc.start})",
            file=sys.stderr,
        )
    except ConfigError as exc:
        print(f"viextract: error: {one_line(str(exc))}", file=sys.stderr)
        return 2
    except (OSError, ViextractError) as exc:
        print(f"viextract: error: {one_line(str(exc))}", file=sys.stderr)
    except MemoryError:
        print(
            "viextract: error: out of memory (the input is too large for the memory available)",
            file=sys.stderr,
        )
    except RecursionError:
        print("viextract: error: input nested too deeply", file=sys.stderr)
    except Exception as exc:  # a bug: still one line, with what it was
        print(f"viextract: error: unexpected {describe_error(exc)}", file=sys.stderr)
    return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
