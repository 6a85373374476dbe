"""How long ``import viextract`` and a first ``viextract.Extractor()`` take, in fresh processes.

Usage:
    python benchmarks/import_time.py [-n 15] [-m 5] [--detail]

Each figure comes from new Python processes (nothing cached in memory; the files are in the OS
cache after the first run), run the same way for whichever ``viextract`` the environment imports,
so that two versions can be compared by running this script against each (``PYTHONPATH=...``):

* ``python -c pass``: the interpreter's own start-up, for scale;
* ``import viextract``: best and median of ``-n`` processes;
* ``Extractor()``: the first construction in a process (``-m`` processes), models loaded; then
  the process's first ``extract()`` of a short text with dates of most kinds (which compiles
  what was left for first use) and the same again.

``--detail`` adds the modules that cost ``import viextract`` most (``python -X importtime``,
cumulative). The processes cache bytecode in a temporary directory (a warm-up run writes it), as
an installed package has its .pyc files; ``--no-bytecode`` keeps the environment as it is (with
PYTHONDONTWRITEBYTECODE set, every module is compiled from source in every process). Only figures
are printed: the machine's load moves them by 10-30%, so compare runs made one after the other.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

_IMPORT = """
import time
t0 = time.perf_counter()
import viextract
print(time.perf_counter() - t0)
"""

#: A short text with dates of most kinds.
TEXT = (
    "Sáng 20-11, ông An đến Hà Nội; từ tháng 3 đến tháng 5/2016 và hôm qua. Thứ tư tuần tới, bà "
    "Lan về Huế; cuối năm 2014, quý IV/2015, 3 ngày trước, mùng 1 Tết, thập niên 1990, thế kỷ XX, "
    "ngày 16, 17 và 18-8, vào thứ hai, chủ nhật vừa qua."
)

_EXTRACTOR = f"""
import time
TEXT = {TEXT!r}
t0 = time.perf_counter()
import viextract
t1 = time.perf_counter()
ex = viextract.Extractor()
t2 = time.perf_counter()
ex.extract(TEXT)
t3 = time.perf_counter()
ex.extract(TEXT)
t4 = time.perf_counter()
print(t1 - t0, t2 - t1, t3 - t2, t4 - t3)
"""


#: The child processes' environment (main() turns bytecode caching on, in a temporary directory).
_ENV = dict(os.environ)


def _run(code: str, *flags: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *flags, "-c", code], capture_output=True, text=True, check=True, env=_ENV
    )


def _figures(code: str, n: int) -> list[list[float]]:
    return [[float(x) for x in _run(code).stdout.split()] for _ in range(n)]


def _ms(values: list[float]) -> str:
    return f"best {min(values) * 1000:7.1f} ms   median {statistics.median(values) * 1000:7.1f} ms"


def _detail(top: int = 15) -> list[tuple[int, str]]:
    """(cumulative µs, module) of the costliest modules of ``import viextract``."""
    err = _run("import viextract", "-X", "importtime").stderr
    rows: list[tuple[int, str]] = []
    for line in err.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        _, cumulative, name = (part.strip() for part in line[len("import time:") :].split("|"))
        if cumulative.isdigit():
            rows.append((int(cumulative), name))
    return sorted(rows, reverse=True)[:top]


def _interpreter(n: int) -> str:
    """Wall time of ``python -c pass``."""
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        _run("pass")
        times.append(time.perf_counter() - t0)
    return _ms(times)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-n", type=int, default=15, help="processes timing the import")
    ap.add_argument("-m", type=int, default=5, help="processes timing Extractor()")
    ap.add_argument("--detail", action="store_true", help="the costliest imported modules")
    ap.add_argument(
        "--no-bytecode",
        action="store_true",
        help="as this environment is if it sets PYTHONDONTWRITEBYTECODE (every module compiled "
        "from source, each run)",
    )
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="viextract-pycache-") as cache:
        if not args.no_bytecode:
            _ENV.pop("PYTHONDONTWRITEBYTECODE", None)
            _ENV["PYTHONPYCACHEPREFIX"] = cache
        _report(args)
    return 0


def _report(args: argparse.Namespace) -> None:
    _run(_EXTRACTOR)  # warm the OS file cache, write the .pyc files
    print(f"python -c pass         {_interpreter(args.n)}   (interpreter start-up, wall time)")
    imports = [row[0] for row in _figures(_IMPORT, args.n)]
    print(f"import viextract       {_ms(imports)}   ({args.n} processes)")
    rows = _figures(_EXTRACTOR, args.m)
    print(f"  (import, same runs)  {_ms([r[0] for r in rows])}")
    print(f"Extractor()            {_ms([r[1] for r in rows])}   ({args.m} processes)")
    print(f"first extract()        {_ms([r[2] for r in rows])}")
    print(f"same extract() again   {_ms([r[3] for r in rows])}")
    print(f"import + Extractor() + first extract()  {_ms([r[0] + r[1] + r[2] for r in rows])}")
    if args.detail:
        print("costliest modules of import viextract (cumulative):")
        for us, name in _detail():
            print(f"  {us / 1000:7.1f} ms  {name}")


if __name__ == "__main__":
    sys.exit(main())
