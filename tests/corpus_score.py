"""Score the pipeline in-process against the answer keys (same comparison as ../shared/tools/score_corpus.py).

Used by tests/test_corpus.py and handy while developing: python -m tests.corpus_score [names...]
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

CORPUS = Path(__file__).parent / "data" / "corpus"
TEXT = {".txt", ".md", ".html", ".htm"}
DOCS = {".pdf", ".docx", ".doc", ".wps", ".png", ".jpg", ".jpeg", ".tif", ".tiff"}


def same(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    try:
        return abs(float(a) - float(b)) < 1e-6
    except (TypeError, ValueError):
        return False


def pairs(kinds=TEXT):
    for raw in sorted((CORPUS / "raw").iterdir()):
        if raw.suffix.lower() not in kinds:
            continue
        stem = raw.stem.split("_")[0]
        gold = CORPUS / "gold" / f"{stem}.json"
        if gold.exists():
            yield raw, json.loads(gold.read_text("utf-8"))


def score(gold: dict, out: dict, ext: str) -> dict:
    cells = out.get("cells") or {}
    unread = set(gold.get("unreadable", [])) | set(gold.get("unreadable_ext", {}).get(ext, []))
    blank = set(gold.get("blank", []))
    s = dict(n=0, ok=0, nz=0, nz_ok=0, wrong=[], misses=[], unread_confident=[])
    for cid, v in gold["cells"].items():
        c = cells.get(cid) or {}
        p, st = c.get("value"), c.get("status")
        if cid in unread:
            if st in ("read", "inferred") and p is not None:
                s["unread_confident"].append(f"{cid}: unreadable in gold, got {p} ({st})")
            continue
        s["n"] += 1
        good = same(p, v) or (cid in blank and p in (None, 0)) or (v == 0 and p is None and st == "blank")
        if v not in (None, 0):
            s["nz"] += 1
            s["nz_ok"] += good
        if good:
            s["ok"] += 1
        else:
            s["misses"].append(f"{cid}: gold {v} got {p} ({st})")
            if p is not None and st in ("read", "inferred"):
                s["wrong"].append(f"{cid}: gold {v} got {p} ({st})")
    rules = {f.get("rule") for f in out.get("findings") or []}
    errors = {f.get("rule") for f in out.get("findings") or [] if f.get("severity") == "error"}
    alts = [set(d.split("|")) for d in gold.get("defects", []) if d]
    allowed = set().union(*alts) if alts else set()
    if unread:
        allowed |= {"cell.unreadable", "table.malformed"}
    s["missed_defects"] = [sorted(a) for a in alts if not a & rules]
    s["false_errors"] = sorted(r for r in errors if r not in allowed)
    meta = out.get("meta") or {}
    s["meta_off"] = [k for k in ("year", "format") if k in gold["meta"] and str(meta.get(k)) != str(gold["meta"][k])]
    return s


def main(argv: list[str]) -> int:
    from gongkai.pipeline import check_path
    kinds = DOCS if "--docs" in argv else TEXT | DOCS if "--all" in argv else TEXT
    names = [a for a in argv if not a.startswith("-")]
    tot = dict(n=0, ok=0, nz=0, nz_ok=0, wrong=0, missed=0, false=0, meta=0)
    for raw, gold in pairs(kinds):
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
