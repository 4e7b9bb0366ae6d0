"""Sweep synthetic reports through the pipeline and list every disagreement (not a test: a probe).

    .venv/bin/python bench/roundtrip_sweep.py --n 200 [--layout html] [--defects]
"""
from __future__ import annotations

import argparse
import collections
import random

from gongkai.pipeline import check_bytes
from gongkai.synth import DEFECTS, LAYOUTS, compatible, generate
from gongkai.synth.layouts import render_with_notes


def compare(r, rep, uncertain=frozenset()):
    """Disagreements between a synthetic report and what the pipeline read, as short strings."""
    out = []
    for cid in r.cells:
        status, value = r.expected(cid)
        c = rep.cells.get(cid)
        got = (c.status, c.value) if c else ("absent", None)
        if cid in uncertain:
            if got[0] in ("read", "inferred") and got[1] != value:
                out.append(f"WRONG {cid}: {value} got {got}")
            continue
        if got[0] == "inferred" and got[1] == value and status in ("read",):
            continue  # not a wrong number; reported separately
        if got != (status, value):
            out.append(f"cell {cid}: want {(status, value)} got {got}")
    for k in ("year", "format"):
        if rep.meta.get(k) != r.meta[k]:
            out.append(f"meta {k}: want {r.meta[k]} got {rep.meta.get(k)}")
    errs = {f.rule for f in rep.findings if f.severity == "error"}
    want = r.error_defects()
    if errs != want:
        out.append(f"errors: want {sorted(want)} got {sorted(errs)}")
    found = rep.rules_found()
    for d in r.defects:
        if d not in found:
            out.append(f"defect not found: {d}")
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=100)
    ap.add_argument("--layout", default=None)
    ap.add_argument("--defects", action="store_true")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--no-expand", action="store_true")
    ap.add_argument("--no-blanks", action="store_true")
    ap.add_argument("--safe", action="store_true", help="only inputs the property tests use (no known-bug quirks)")
    args = ap.parse_args()
    tally = collections.Counter()
    examples = {}
    for i in range(args.n):
        rng = random.Random(args.seed + i)
        fmt = rng.choice(["2021", "2019"])
        defects = []
        if args.defects:
            while True:
                defects = rng.sample(DEFECTS, rng.randint(1, 2))
                if compatible(defects, fmt):
                    break
        for name in ([args.layout] if args.layout else sorted(LAYOUTS)):
            blanks = LAYOUTS[name].blanks and not args.no_blanks and (not args.safe or name in ("pipe", "html"))
            r = generate(args.seed + i, fmt=fmt, defects=defects, blanks=None if blanks else False)
            quirks = set() if args.safe else {"fragments", "run-signs"} if args.no_expand else {"expand", "fragments", "run-signs"}
            data, fname, notes = render_with_notes(r, name, random.Random(args.seed + i), quirks)
            try:
                rep = check_bytes(data, fname)
            except Exception as e:  # noqa: BLE001
                problems = [f"EXCEPTION {e!r}"[:200]]
            else:
                problems = compare(r, rep, notes["uncertain"] | notes.get("hinted", set()))
            for p in problems:
                key = (name, p.split(":")[0] if not p.startswith(("errors", "defect")) else p)
                tally[key] += 1
                examples.setdefault(key, (args.seed + i, fmt, defects, p))
    for key, n in tally.most_common():
        print(n, key, examples[key])


if __name__ == "__main__":
    main()
