"""Time extract.meta.read_meta and every check on the real corpus (text and HTML files).

    .venv/bin/python bench/meta_checks.py [-r ROUNDS]

Prints microseconds per report for read_meta and for each check (slowest first). Reading and table
extraction happen before the clock starts.
"""
from __future__ import annotations

import argparse
from pathlib import Path
import sys
import time

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gongkai import extract, readers  # noqa: E402
from gongkai.checks import CHECKS, _load_families  # noqa: E402
from gongkai.extract.meta import read_meta  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("-r", "--rounds", type=int, default=30)
    args = ap.parse_args()
    _load_families()
    paths = [p for p in sorted((ROOT / "tests/data/corpus/raw").iterdir()) if p.suffix in (".txt", ".html")]
    docs = [readers.read_path(p) for p in paths]
    texts = [d.plain_text() for d in docs]
    reports = [extract.extract(d) for d in docs]
    n = args.rounds * len(docs)

    t = time.perf_counter()
    for _ in range(args.rounds):
        for doc, text in zip(docs, texts):
            read_meta(doc, text)
    print(f"{len(docs)} reports, {sum(map(len, texts)) // len(texts)} characters on average")
    print(f"read_meta: {(time.perf_counter() - t) / n * 1e6:.0f} us/report")

    spent = dict.fromkeys(CHECKS, 0.0)
    for _ in range(args.rounds):
        for report in reports:
            for rule, fn in CHECKS.items():
                report.findings = []
                t = time.perf_counter()
                fn(report)
                spent[rule] += time.perf_counter() - t
    print(f"all checks: {sum(spent.values()) / n * 1e6:.0f} us/report")
    for rule, s in sorted(spent.items(), key=lambda kv: -kv[1]):
        print(f"  {rule:24s} {s / n * 1e6:6.0f} us")


if __name__ == "__main__":
    main()
