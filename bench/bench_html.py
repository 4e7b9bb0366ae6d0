"""Milliseconds per page for the HTML reader alone (gongkai.readers.html.read), real and synthetic pages.

    .venv/bin/python bench/bench_html.py            # best of 5 rounds, CPU time of this process (the machine is shared)
    .venv/bin/python bench/bench_html.py --profile  # cProfile of the synthetic round, top 25 by tottime
"""
from __future__ import annotations

import argparse
import cProfile
from pathlib import Path
import pstats
import sys
import time

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_reports import RAW, html_reader, synthetic  # noqa: E402
from gongkai.document import Source  # noqa: E402

READER = html_reader()


def run(items) -> None:
    read = READER.read
    for data, name in items:
        read(data, Source(name, "", "text/html"))


def ms_per_page(items, rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        t0 = time.process_time()
        run(items)
        best = min(best, time.process_time() - t0)
    return best / len(items) * 1000


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=100, help="synthetic pages")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("--reader", help="another version of gongkai/readers/html.py to time (e.g. an earlier commit's)")
    args = ap.parse_args()
    if args.reader:
        global READER
        READER = html_reader(args.reader)
    real = [(p.read_bytes(), p.name) for p in sorted(RAW.glob("*.html"))]
    synth = synthetic("html", args.n)
    run(real[:1])  # warm-up
    if args.profile:
        prof = cProfile.Profile()
        prof.runcall(run, synth + real * 10)
        pstats.Stats(prof).sort_stats("tottime").print_stats(25)
        return
    for p in real:
        print(f"{p[1]:40s} {len(p[0]) // 1024:4d} KB  {ms_per_page([p], args.rounds * 4):6.2f} ms")
    print(f"{'real (mean)':40s}          {ms_per_page(real, args.rounds * 4):6.2f} ms")
    size = sum(len(d) for d, _ in synth) // len(synth) // 1024
    print(f"{'synthetic (' + str(len(synth)) + ')':40s} {size:4d} KB  {ms_per_page(synth, args.rounds):6.2f} ms")


if __name__ == "__main__":
    main()
