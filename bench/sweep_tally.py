"""The tally the sweeps (print_sweep.py, text_sweep.py) keep: one page's score against its key
added to its variant's totals, its misses printed, and the table of totals at the end."""
from __future__ import annotations


def new_totals(variants: list[str]) -> dict[str, dict[str, int]]:
    return {v: dict(files=0, cells=0, exact=0, wrong=0, missed=0, false=0) for v in variants}


def record(totals: dict, variant: str, page: str, s: dict) -> None:
    """Add one score (tests.corpus_score.score) and print what it missed."""
    t = totals[variant]
    t["files"] += 1
    t["cells"] += s["n"]
    t["exact"] += s["ok"]
    t["wrong"] += len(s["wrong"]) + len(s["unread_confident"])
    t["missed"] += len(s["missed_defects"])
    t["false"] += len(s["false_errors"])
    problems = s["misses"] + s["unread_confident"] + [f"missed {d}" for d in s["missed_defects"]] + \
        [f"false error {e}" for e in s["false_errors"]]
    if problems:
        print(f"{page} [{variant}]: {s['ok']}/{s['n']} cells")
        for p in problems[:8]:
            print(f"    {p}")


def read_and_record(totals: dict, variant: str, page: str, gold: dict, data: bytes, name: str, kind: str,
                    keep=None) -> None:
    """Read `data` as the file `name` with the pipeline, score it against the page's key as a source
    of `kind` (".html", ".pdf": what the key holds for that kind) and record it; a copy at `keep`."""
    from gongkai.pipeline import check_bytes
    from tests.corpus_score import score

    if keep is not None:
        keep.write_bytes(data)
    record(totals, variant, page, score(gold, check_bytes(data, name).to_dict(), kind))


def perturbed(page, variant: str, work):
    """The page changed by a perturb_sweep.py HTML variant (another site's markup), written to `work`;
    the page itself when `variant` is empty."""
    if not variant:
        return page
    from perturb_sweep import perturb_html

    changed = work / f"{page.stem}.{variant}{page.suffix}"
    changed.write_bytes(perturb_html(variant, page.read_bytes()))
    return changed


def print_totals(totals: dict) -> None:
    width = max(10, *(len(v) for v in totals))
    print(f"\n{'variant':{width}} {'files':>5} {'cells exact':>14} {'wrong':>6} {'missed':>7} {'false':>6}")
    for v, t in totals.items():
        if t["files"]:
            print(f"{v:{width}} {t['files']:5} {t['exact']:6}/{t['cells']:<7} {t['wrong']:6} {t['missed']:7} {t['false']:6}")


def setup(argv, doc: str, variants: tuple[str, ...], prefix: str):
    """The sweeps' command line: (args, variants, pages, work folder). Pages are the real HTML
    reports with keys, (raw path, key) pairs of tests/data/corpus and tests/data/probe, or of the
    folders given with --corpus (each with raw/ and gold/ as in tests/data/corpus)."""
    import argparse
    from pathlib import Path
    import tempfile

    from tests.corpus_score import CORPUS, PROBE, pairs

    ap = argparse.ArgumentParser(description=doc.split("\n")[0])
    ap.add_argument("--variants", default=",".join(variants))
    ap.add_argument("--only", default="", help="comma-separated prefixes of the HTML files' names")
    ap.add_argument("--keep", default="", help="a folder to keep the files made (else a temporary one)")
    ap.add_argument("--perturb", default="", help="first change each page by this perturb_sweep.py HTML variant")
    ap.add_argument("--corpus", action="append", default=[],
                    help="a folder with raw/ and gold/ to take the pages from instead (may be repeated)")
    args = ap.parse_args(argv)
    chosen = [v for v in args.variants.split(",") if v]
    corpora = [Path(c).resolve() for c in args.corpus] or [CORPUS, PROBE]
    pages = [(raw, gold) for corpus in corpora for raw, gold in pairs({".html", ".htm"}, corpus)]
    if args.only:
        pages = [(r, g) for r, g in pages if any(r.name.startswith(p) for p in args.only.split(","))]
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix=prefix))
    work.mkdir(parents=True, exist_ok=True)
    return args, chosen, pages, work
