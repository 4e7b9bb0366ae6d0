"""Instructions per report and per stage, counted by valgrind: a figure the machine's load does not move.

    .venv/bin/python bench/bench_instructions.py                        # real:html, 20 reports
    .venv/bin/python bench/bench_instructions.py real:txt,html,crawler -n 40

Timing on a shared VM swings by +-25% from one minute to the next for the same code, more than most
single speed changes gain; instruction counts repeat within ~1%. Use this to decide
whether a change helps, and bench_reports.py for what a user sees.

Each corpus (as in bench_reports.py: real:txt, real:html, or a synthetic layout) runs in a child
process under `valgrind --tool=cachegrind --cache-sim=no`: once with a warm-up pass over the inputs
only, and once per stage with a measured pass after it that stops after read, extract, check or JSON.
The difference to the warm-up-only run, divided by the inputs, is the cost of one report up to that
stage. Needs valgrind (Debian: `apt-get install valgrind`). Under valgrind OpenSSL does not use the
CPU's SHA instructions: `read` includes ~28 instructions per input byte for the source's sha256
that a real run spends ~10x less time on.
"""
from __future__ import annotations

import argparse
from pathlib import Path
import re
import shutil
import subprocess
import sys

ROOT = Path(__file__).resolve().parent.parent
STAGES = ("read", "extract", "check", "json")


def _child(corpus: str, n: int, stages: int) -> None:
    """Run in the child: prepare the inputs, a warm-up pass, then a pass through `stages` stages."""
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "bench"))
    from bench_reports import real, synthetic
    from gongkai import checks, extract, readers

    items = real("." + corpus.split(":")[1], n) if corpus.startswith("real:") else synthetic(corpus, n)
    for data, name in items:  # warm-up: caches, lazy imports, compiled patterns
        report = extract.extract(readers.read_bytes(data, name))
        checks.run(report)
        report.to_json()
    for data, name in items if stages else ():
        doc = readers.read_bytes(data, name)
        if stages > 1:
            report = extract.extract(doc)
            if stages > 2:
                checks.run(report)
                if stages > 3:
                    report.to_json()


def _count(corpus: str, n: int, stages: int) -> int:
    out = subprocess.run(
        ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
         sys.executable, __file__, "--child", corpus, str(n), str(stages)],
        capture_output=True, text=True, check=True)
    m = re.search(r"I\s+refs:\s+([\d,]+)", out.stderr)
    if not m:
        raise SystemExit(f"no instruction count from valgrind:\n{out.stderr[-2000:]}")
    return int(m.group(1).replace(",", ""))


def main() -> None:
    if len(sys.argv) == 5 and sys.argv[1] == "--child":
        _child(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
        return
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpora", nargs="?", default="real:html")
    ap.add_argument("-n", type=int, default=20, help="inputs per corpus (the measured pass)")
    args = ap.parse_args()
    if not shutil.which("valgrind"):
        raise SystemExit("valgrind is not installed (Debian: apt-get install valgrind)")
    print(f"{'corpus':<12}{'M instr/report':>15}" + "".join(f"{s:>9}" for s in STAGES))
    for corpus in args.corpora.split(","):
        base = _count(corpus, args.n, 0)
        cumulative = [(_count(corpus, args.n, k) - base) / args.n / 1e6 for k in range(1, len(STAGES) + 1)]
        per_stage = [b - a for a, b in zip([0.0] + cumulative, cumulative)]
        print(f"{corpus:<12}{cumulative[-1]:>15.2f}" + "".join(f"{v:>9.2f}" for v in per_stage), flush=True)


if __name__ == "__main__":
    main()
