"""Score the pipeline in-process against the answer keys (same comparison as ../shared/tools/score_corpus.py).

Used by tests/test_corpus.py and handy while developing:
    python -m tests.corpus_score [names...] [-v] [--probe | --both] [--docs | --all]
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "data"))
from score_corpus import score_file  # noqa: E402  (the shared scorer, copied with the corpus)

CORPUS = Path(__file__).parent / "data" / "corpus"
# Real reports read after the corpus was handed over (tests/data/probe/SOURCES.md), keyed the same way.
PROBE = Path(__file__).parent / "data" / "probe"
TEXT = {".txt", ".md", ".html", ".htm"}
DOCS = {".pdf", ".docx", ".doc", ".wps", ".png", ".jpg", ".jpeg", ".tif", ".tiff"}


def pairs(kinds=TEXT, corpus: Path = CORPUS):
    for raw in sorted((corpus / "raw").iterdir()):
        if raw.suffix.lower() not in kinds:
            continue
        stem = raw.stem.split("_")[0]
        gold = corpus / "gold" / f"{stem}.json"
        if gold.exists():
            yield raw, json.loads(gold.read_text("utf-8"))


def score(gold: dict, out: dict, ext: str) -> dict:
    """The shared scorer's figures (tests/data/score_corpus.py is ../shared/tools/score_corpus.py), plus
    one stricter check: a cell the key marks unreadable must not come out as a confident number."""
    s = score_file(gold, out, ext)
    unread = set(gold.get("unreadable", [])) | set(gold.get("unreadable_ext", {}).get(ext, []))
    cells = out.get("cells") or {}
    s["unread_confident"] = [f"{cid}: unreadable in gold, got {cells[cid]['value']} ({cells[cid]['status']})"
                             for cid in sorted(unread) if cid in cells and cells[cid].get("value") is not None
                             and cells[cid].get("status") in ("read", "inferred")]
    s["wrong"] = [m for m in s["misses"] if m.endswith("(read)") or m.endswith("(inferred)")]
    s["false_errors"] = s["false_err"]
    s["meta_off"] = s["meta_bad"]
    return s


def main(argv: list[str]) -> int:
    from gongkai.pipeline import check_path
    kinds = DOCS if "--docs" in argv else TEXT | DOCS if "--all" in argv else TEXT
    names = [a for a in argv if not a.startswith("-")]
    tot = dict(n=0, ok=0, nz=0, nz_ok=0, wrong=0, missed=0, false=0, meta=0)
    corpora = [PROBE] if "--probe" in argv else [CORPUS, PROBE] if "--both" in argv else [CORPUS]
    for raw, gold in (pair for corpus in corpora for pair in pairs(kinds, corpus)):
        if names and not any(raw.name.startswith(n) for n in names):
            continue
        out = check_path(raw).to_dict()
        s = score(gold, out, raw.suffix.lower())
        for k in ("n", "ok", "nz", "nz_ok"):
            tot[k] += s[k]
        tot["wrong"] += len(s["wrong"]) + len(s["unread_confident"])
        tot["missed"] += len(s["missed_defects"])
        tot["false"] += len(s["false_errors"])
        tot["meta"] += bool(s["meta_off"])
        flag = "" if s["ok"] == s["n"] and not s["missed_defects"] and not s["false_errors"] and not s["unread_confident"] else "  <--"
        print(f"{raw.name}: cells {s['ok']}/{s['n']} nz {s['nz_ok']}/{s['nz']} wrong {len(s['wrong'])} "
              f"missed {s['missed_defects']} false {s['false_errors']} meta {s['meta_off']}{flag}")
        if "-v" in argv:
            for m in (s["misses"] + s["unread_confident"])[:10]:
                print("    ", m)
    print(f"TOTAL cells {tot['ok']}/{tot['n']} = {tot['ok'] / max(1, tot['n']):.4f}  non-zero {tot['nz_ok']}/{tot['nz']} = "
          f"{tot['nz_ok'] / max(1, tot['nz']):.4f}  wrong-confident {tot['wrong']}  missed defects {tot['missed']}  "
          f"false errors {tot['false']}  meta off {tot['meta']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
