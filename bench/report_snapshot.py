"""Dump the whole pipeline's reports (read -> extract -> check -> contract JSON) for a fixed set of
inputs, or compare what the pipeline gives now with a dump. For speed work on the engine, the
checks or the serializer: the output must not change unless a difference is explained (a bug fix).

    .venv/bin/python bench/report_snapshot.py dump /tmp/before.json [-n 150]
    .venv/bin/python bench/report_snapshot.py compare /tmp/before.json [--show 5]

Inputs: the corpus's text and HTML files, N synthetic reports per layout (with and without
defects, as bench_reports.py makes them) and the text/HTML files of tests/data. They are pickled
beside the dump (before.json.inputs), so a change to the generator does not show as a difference.
The comparison is on ``Report.to_json()`` parsed back, plus the exact JSON text (key order and
formatting are part of the contract's output too).
"""
from __future__ import annotations

import argparse
import json
import pickle
from pathlib import Path
import sys

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_reports import RAW, synthetic  # noqa: E402
from gongkai.pipeline import check_bytes  # noqa: E402
from gongkai.synth import LAYOUTS  # noqa: E402

TEXT_KINDS = (".txt", ".html", ".htm", ".md")


def inputs(n: int) -> list[tuple[bytes, str]]:
    items = [(p.read_bytes(), p.name) for p in sorted(RAW.iterdir()) if p.suffix in TEXT_KINDS]
    for layout in sorted(LAYOUTS):
        items += [(data, f"synth-{layout}-{i:03d}-{name}") for i, (data, name) in enumerate(synthetic(layout, n, seed=3))]
    data_dir = ROOT / "tests" / "data"
    items += [(p.read_bytes(), str(p.relative_to(data_dir))) for p in sorted(data_dir.rglob("*"))
              if p.is_file() and p.suffix in TEXT_KINDS and "corpus" not in p.parts]
    return items


def run(items) -> dict[str, str]:
    out = {}
    for data, name in items:
        try:
            out[name] = check_bytes(data, name).to_json()
        except Exception as e:  # noqa: BLE001 - a crash is a difference to show, not to hide
            out[name] = f"CRASH {type(e).__name__}: {e}"
    return out


def _first_difference(a, b, path=""):
    if type(a) is not type(b):
        return path, a, b
    if isinstance(a, dict):
        for k in sorted(set(a) | set(b), key=str):
            if a.get(k) != b.get(k):
                return _first_difference(a.get(k), b.get(k), f"{path}.{k}")
    elif isinstance(a, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b)):
            if x != y:
                return _first_difference(x, y, f"{path}[{i}]")
    return path, a, b


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("cmd", choices=["dump", "compare"])
    ap.add_argument("path", type=Path)
    ap.add_argument("-n", type=int, default=150, help="synthetic reports per layout (dump)")
    ap.add_argument("--show", type=int, default=5, help="differences to print")
    args = ap.parse_args()
    saved_inputs = Path(str(args.path) + ".inputs")
    if args.cmd == "dump":
        items = inputs(args.n)
        saved_inputs.write_bytes(pickle.dumps(items))
        args.path.write_text(json.dumps(run(items), ensure_ascii=False))
        print(len(items), "reports dumped")
        return
    before = json.loads(args.path.read_text())
    now = run(pickle.loads(saved_inputs.read_bytes()))
    differ = [name for name in before if before[name] != now.get(name)]
    only_format = 0
    for name in differ:
        a, b = before[name], now.get(name, "")
        try:
            ja, jb = json.loads(a), json.loads(b)
        except ValueError:
            ja, jb = a, b
        if ja == jb:
            only_format += 1
        if args.show > 0:
            args.show -= 1
            where, x, y = _first_difference(ja, jb)
            print(f"{name}: {where or '(text only)'}\n  before {str(x)[:300]}\n  now    {str(y)[:300]}")
    print(f"{len(before)} reports, {len(differ)} differ ({only_format} only in JSON text)")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
