"""Where the time of one report goes: read, extract, check, JSON, per corpus (CPU ms per report).

    .venv/bin/python bench/bench_stages.py                       # every layout + the real corpus, 150 each
    .venv/bin/python bench/bench_stages.py html,real:html -n 300

Corpora as in bench_reports.py (synth:<layout> written as just the layout name, real:txt, real:html).
Each input is run twice; the second pass is timed with process_time (CPU time of this process),
so a busy machine inflates the figures less than wall time would (shared cores still do).
"""
from __future__ import annotations

import argparse
from pathlib import Path
import sys
import time

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_reports import real, synthetic  # noqa: E402
from gongkai import checks, extract, readers  # noqa: E402
from gongkai.synth import LAYOUTS  # noqa: E402


def stages(items) -> dict[str, float]:
    spent = dict(read=0.0, extract=0.0, check=0.0, json=0.0)
    for timed in (False, True):
        for data, name in items:
            t0 = time.process_time()
            doc = readers.read_bytes(data, name)
            t1 = time.process_time()
            report = extract.extract(doc)
            t2 = time.process_time()
            checks.run(report)
            t3 = time.process_time()
            report.to_json()
            t4 = time.process_time()
            if timed:
                spent["read"] += t1 - t0
                spent["extract"] += t2 - t1
                spent["check"] += t3 - t2
                spent["json"] += t4 - t3
    return {k: 1000 * v / len(items) for k, v in spent.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpora", nargs="?", default=",".join(sorted(LAYOUTS)) + ",real:txt,real:html")
    ap.add_argument("-n", type=int, default=150)
    args = ap.parse_args()
    print(f"{'corpus':<12}{'total ms':>9}{'/s':>6}{'read':>7}{'extract':>8}{'check':>7}{'json':>7}")
    for kind in args.corpora.split(","):
        items = real("." + kind.split(":")[1], args.n) if kind.startswith("real:") else synthetic(kind, args.n)
        ms = stages(items)
        total = sum(ms.values())
        print(f"{kind:<12}{total:>9.2f}{1000 / total:>6.0f}" + "".join(f"{ms[k]:>{w}.2f}" for k, w in
                                                                       (("read", 7), ("extract", 8), ("check", 7), ("json", 7))))


if __name__ == "__main__":
    main()
