"""Reports per second, end to end: read -> extract -> check -> JSON, per layout, one core and all cores.

    .venv/bin/python bench/bench_reports.py                 # 500 synthetic reports per layout + real corpus
    .venv/bin/python bench/bench_reports.py -n 100 --layouts crawler,html --json out.json
    .venv/bin/python bench/bench_reports.py --tracemalloc   # also the peak of Python allocations (slower)
    .venv/bin/python bench/bench_reports.py -n 300 --single-only --repeat 5   # median of 5 one-core passes

Corpora: the synthetic reports of gongkai.synth (half consistent, half with 1-2 defects, both
formats) rendered in each layout, and the real text and HTML files of tests/data/corpus/raw
repeated to the same count. Rendering is done before the clock starts; the clock covers
gongkai.pipeline.check_bytes(data, name) and Report.to_json() for every input.
Peak memory is ru_maxrss of this process (one core) and of the largest worker (all cores).
"""
from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
from pathlib import Path
import platform
import random
import resource
import sys
import time
import tracemalloc

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gongkai.pipeline import check_bytes  # noqa: E402
from gongkai.synth import DEFECTS, LAYOUTS, compatible, generate  # noqa: E402
from gongkai.synth.layouts import render  # noqa: E402

RAW = ROOT / "tests" / "data" / "corpus" / "raw"


def html_reader(path: str | None = None):
    """gongkai.readers.html, or another version of that file (e.g. an earlier commit's) loaded from `path`."""
    from gongkai.readers import html
    if not path:
        return html
    import importlib.util
    spec = importlib.util.spec_from_file_location("gongkai.readers._html_other", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def synthetic(layout: str, n: int, seed: int = 0) -> list[tuple[bytes, str]]:
    out = []
    for i in range(n):
        rng = random.Random(seed * 1_000_003 + i)
        fmt = rng.choice(["2021", "2019"])
        defects: list[str] = []
        if i % 2:
            while True:
                defects = rng.sample(DEFECTS, rng.randint(1, 2))
                if compatible(defects, fmt):
                    break
        report = generate(rng, fmt=fmt, defects=defects, blanks=None if LAYOUTS[layout].blanks else False)
        out.append(render(report, layout, rng))
    return out


def real(kind: str, n: int) -> list[tuple[bytes, str]]:
    files = sorted(p for p in RAW.iterdir() if p.suffix == kind)
    if not files:
        return []
    items = [(p.read_bytes(), p.name) for p in files]
    return [items[i % len(items)] for i in range(n)]


def process(item: tuple[bytes, str]) -> int:
    """JSON size of the checked report; -1 when the pipeline raised (counted, never hidden)."""
    data, name = item
    try:
        return len(check_bytes(data, name).to_json())
    except Exception:  # noqa: BLE001 - a crash is a result of the benchmark, reported as errors
        return -1


def _worker_peak(_):
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def one_core(items, use_tracemalloc: bool) -> dict:
    for item in items[:3]:  # warm-up: imports, caches
        process(item)
    if use_tracemalloc:
        tracemalloc.start()
    t0, c0 = time.perf_counter(), time.process_time()
    sizes = [process(item) for item in items]
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    # per CPU second: what one core does when it is not shared (wall time suffers on a busy machine)
    res = {"seconds": elapsed, "per_second": len(items) / elapsed, "cpu_seconds": cpu,
           "per_cpu_second": len(items) / cpu, "json_bytes": sum(s for s in sizes if s > 0),
           "errors": sizes.count(-1),
           "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
    if use_tracemalloc:
        res["tracemalloc_peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    return res


def all_cores(items, workers: int, chunk: int) -> dict:
    ctx = mp.get_context("fork")
    with ctx.Pool(workers) as pool:
        pool.map(process, items[: workers * 2], chunksize=1)  # warm-up in every worker
        t0 = time.perf_counter()
        sizes = list(pool.imap_unordered(process, items, chunksize=chunk))
        elapsed = time.perf_counter() - t0
        peaks = pool.map(_worker_peak, range(workers), chunksize=1)
    return {"seconds": elapsed, "per_second": len(items) / elapsed, "json_bytes": sum(s for s in sizes if s > 0),
            "errors": sizes.count(-1),
            "workers": workers, "worker_maxrss_mb": max(peaks) / 1024}


def reference_ns() -> float:
    """Nanoseconds per step of a fixed pure-Python loop (best of 5): how fast this machine's core
    runs the interpreter right now, so figures from different machines can be compared."""
    def loop() -> float:
        t = time.perf_counter()
        total, seen = 0, {}
        for i in range(1_000_000):
            total += i
            seen[i & 255] = total
        return time.perf_counter() - t
    return min(loop() for _ in range(5)) * 1000


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-n", type=int, default=500, help="reports per corpus")
    ap.add_argument("--layouts", default=",".join(sorted(LAYOUTS)), help="comma-separated synthetic layouts")
    ap.add_argument("--no-real", action="store_true", help="skip the real corpus")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--chunk", type=int, default=16)
    ap.add_argument("--single-only", action="store_true")
    ap.add_argument("--tracemalloc", action="store_true")
    ap.add_argument("--repeat", type=int, default=1,
                    help="one-core passes per corpus; the figures are the median pass's (a shared machine's noise)")
    ap.add_argument("--json", help="write the results here")
    args = ap.parse_args(argv)

    corpora: dict[str, list] = {}
    t0 = time.perf_counter()
    for layout in [x for x in args.layouts.split(",") if x]:
        corpora[f"synth:{layout}"] = synthetic(layout, args.n)
    if not args.no_real:
        for kind in (".txt", ".html"):
            items = real(kind, args.n)
            if items:
                corpora[f"real:{kind[1:]}"] = items
    print(f"prepared {sum(len(v) for v in corpora.values())} inputs in {time.perf_counter() - t0:.1f} s; "
          f"{os.cpu_count()} cores, Python {platform.python_version()}")
    reference = reference_ns()
    print(f"reference loop: {reference:.0f} ns/step (lower is a faster core; compare runs on different machines by it)")

    results = {}
    header = (f"{'corpus':<14}{'n':>6}{'avg KB':>8}{'errors':>7}{'1 core /s':>11}{'/CPU s':>8}"
              f"{'CPU ms/report':>14}{'RSS MB':>8}")
    if not args.single_only:
        header += f"{'all cores /s':>14}{'workers':>8}{'worker RSS MB':>15}"
    if args.tracemalloc:
        header += f"{'py peak MB':>12}"
    print(header)
    for name, items in corpora.items():
        passes = sorted((one_core(items, args.tracemalloc) for _ in range(max(args.repeat, 1))),
                        key=lambda p: p["per_cpu_second"])
        single = passes[len(passes) // 2]
        row = {"n": len(items), "avg_kb": sum(len(d) for d, _ in items) / len(items) / 1024, "one_core": single}
        line = (f"{name:<14}{len(items):>6}{row['avg_kb']:>8.1f}{single['errors']:>7}{single['per_second']:>11.0f}"
                f"{single['per_cpu_second']:>8.0f}{1000 / single['per_cpu_second']:>14.2f}{single['maxrss_mb']:>8.0f}")
        if not args.single_only:
            multi = all_cores(items, args.workers, args.chunk)
            row["all_cores"] = multi
            line += f"{multi['per_second']:>14.0f}{multi['workers']:>8}{multi['worker_maxrss_mb']:>15.0f}"
        if args.tracemalloc:
            line += f"{single['tracemalloc_peak_mb']:>12.1f}"
        print(line, flush=True)
        results[name] = row
    if args.json:
        Path(args.json).write_text(json.dumps({"cores": os.cpu_count(), "python": platform.python_version(),
                                               "reference_ns_per_step": reference,
                                               "results": results}, indent=2), "utf-8")
        print(f"wrote {args.json}")


if __name__ == "__main__":
    main()
