"""Batch annotation throughput: `viextract annotate` with --jobs 1 and --jobs 2.

Writes a corpus of news-like articles (2-5 KB each, made from the sentence templates below,
written for this benchmark) and annotates it with each --jobs value, as a real command. Prints
articles/s, chars/s, the peak memory (RSS) of the main process and of the largest worker (psutil,
installed with the dask extra; else getrusage), the CPU time per article (all processes: equal
figures mean the parallel path adds no work) and the speedup.

    .venv/bin/python benchmarks/batch.py [--articles 800] [--jobs 1 2]

Targets: speedup >= 1.7x on 2 cores, memory per worker under 400 MB. On a machine shared with
other work the speedup is noisy: run it on an idle machine for a fair figure.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PEOPLE = [
    "Nguyễn Văn Hùng",
    "Trần Thị Lan",
    "Lê Quang Minh",
    "Phạm Thu Hà",
    "Hoàng Đức Anh",
    "Võ Thị Ngọc",
    "Đặng Quốc Việt",
    "Bùi Minh Châu",
]
PLACES = [
    "Hà Nội",
    "TP Hồ Chí Minh",
    "Đà Nẵng",
    "Cần Thơ",
    "Hải Phòng",
    "Quảng Ninh",
    "Nghệ An",
    "Huế",
    "Lâm Đồng",
    "Bình Dương",
]
ORGS = [
    "Bộ Y tế",
    "Ngân hàng Nhà nước",
    "Tập đoàn Điện lực Việt Nam",
    "UBND tỉnh Quảng Nam",
    "Bộ Giao thông vận tải",
    "Công ty Cổ phần Hòa Bình",
    "Hội Nông dân Việt Nam",
]
DATES = [
    "ngày 19-11",
    "hôm qua",
    "sáng thứ năm",
    "tháng 10 năm nay",
    "cuối tuần trước",
    "ngày 2-9-2015",
    "chiều 21-11",
]
TEMPLATES = [
    "{date}, ông {per}, đại diện {org}, cho biết tình hình tại {loc} đã ổn định trở lại.",
    "Theo {org}, lượng khách đến {loc} {date} tăng mạnh so với cùng kỳ năm ngoái.",
    "Bà {per} nói người dân {loc} mong các dự án mới sớm được triển khai.",
    "{org} đã làm việc với chính quyền {loc} về kế hoạch phát triển hạ tầng giao thông.",
    "Phát biểu tại hội nghị {date}, ông {per} nhấn mạnh yêu cầu minh bạch trong đầu tư công.",
    "Nhiều tuyến đường ở {loc} bị ngập sau trận mưa lớn kéo dài {date}.",
    "Ông {per}, giám đốc một doanh nghiệp ở {loc}, cho rằng thị trường đang phục hồi.",
    "Đoàn công tác của {org} do ông {per} dẫn đầu đã đến thăm {loc} {date}.",
    "Các chuyên gia dự báo giá nông sản tại {loc} sẽ còn biến động trong thời gian tới.",
    "{date}, {org} công bố kết quả kiểm tra, trong đó có nhiều sai phạm tại {loc}.",
]


def article(rng: random.Random) -> str:
    target = rng.randint(2000, 5000)
    paras: list[str] = []
    size = 0
    while size < target:
        sents = []
        for _ in range(rng.randint(2, 5)):
            t = rng.choice(TEMPLATES)
            s = t.format(
                per=rng.choice(PEOPLE),
                loc=rng.choice(PLACES),
                org=rng.choice(ORGS),
                date=rng.choice(DATES),
            )
            sents.append(s[0].upper() + s[1:])
        para = " ".join(sents)
        paras.append(para)
        size += len(para.encode("utf-8")) + 1
    return "\n".join(paras) + "\n"


def measure(cmd: list[str]) -> dict[str, float]:
    """Run ``cmd``; wall time, and with psutil the peak RSS of the main process and of the
    largest other process (a worker), and the CPU seconds used by all of them (sampled every
    0.1 s). Without psutil: getrusage(RUSAGE_CHILDREN) of a wrapper (the largest process that
    the command waited for: workers started by a forkserver are not counted there)."""
    try:
        import psutil
    except ImportError:
        psutil = None
    if psutil is None:
        code = (
            "import resource, subprocess, sys;"
            "r = subprocess.run(sys.argv[1:]);"
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024);"
            "sys.exit(r.returncode)"
        )
        t = time.perf_counter()
        r = subprocess.run([sys.executable, "-c", code, *cmd], capture_output=True, text=True)
        if r.returncode != 0:
            sys.exit(f"failed: {r.stderr[-500:]}")
        peak = float(r.stdout.split()[-1])
        return {"seconds": time.perf_counter() - t, "main_mb": peak, "worker_mb": 0, "cpu": 0}
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE)
    main = psutil.Process(proc.pid)
    rss: dict[int, float] = {}
    cpu: dict[int, float] = {}
    while proc.poll() is None:
        try:
            procs = [main, *main.children(recursive=True)]
        except psutil.Error:
            procs = []
        for p in procs:
            try:
                with p.oneshot():
                    rss[p.pid] = max(rss.get(p.pid, 0.0), p.memory_info().rss / 2**20)
                    c = p.cpu_times()
                    cpu[p.pid] = c.user + c.system
            except psutil.Error:
                pass
        time.sleep(0.1)
    seconds = time.perf_counter() - t
    assert proc.stderr is not None
    err = proc.stderr.read().decode()
    if proc.returncode != 0:
        sys.exit(f"failed: {err[-500:]}")
    others = [v for k, v in rss.items() if k != proc.pid]
    return {
        "seconds": seconds,
        "main_mb": rss.get(proc.pid, 0.0),
        "worker_mb": max(others, default=0.0),
        "cpu": sum(cpu.values()),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=800)
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        chars = 0
        size = 0
        for i in range(args.articles):
            text = article(rng)
            (corpus / f"{i:06d}.txt").write_text(text, encoding="utf-8")
            chars += len(text)
            size += len(text.encode("utf-8"))
        print(
            f"corpus: {args.articles} articles, {size / args.articles / 1024:.1f} KB "
            f"and {chars / args.articles:,.0f} chars on average"
        )
        results = {}
        outputs = {}
        for jobs in args.jobs:
            out = Path(tmp) / f"out-{jobs}.jsonl"
            cmd = [sys.executable, "-m", "viextract", "annotate", str(corpus), "-o", str(out)]
            cmd += ["--jobs", str(jobs), "--quiet"]
            stats = measure(cmd)
            secs = stats["seconds"]
            results[jobs] = secs
            outputs[jobs] = out.read_bytes()
            cpu = (
                f", CPU {stats['cpu'] / args.articles * 1000:.0f} ms/article"
                if stats["cpu"]
                else ""
            )
            print(
                f"--jobs {jobs}: {secs:6.1f} s  {args.articles / secs:6.2f} articles/s  "
                f"{chars / secs:9,.0f} chars/s  peak RSS: main {stats['main_mb']:.0f} MB, "
                f"largest worker {stats['worker_mb']:.0f} MB{cpu}"
            )
        base = args.jobs[0]
        for jobs in args.jobs[1:]:
            same = "identical" if outputs[jobs] == outputs[base] else "DIFFERENT"
            print(
                f"speedup --jobs {jobs} vs --jobs {base}: {results[base] / results[jobs]:.2f}x "
                f"(target >= 1.7x on 2 idle cores); outputs {same}"
            )


if __name__ == "__main__":
    main()
