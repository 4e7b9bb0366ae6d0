"""Dump the HTML reader's Documents (corpus HTML files, synthetic pages, edge cases) to JSON, or
compare the reader's output now with a dump (the inputs are kept beside it, in before.json.inputs,
so a change to the synthetic generator does not show as a difference).

    .venv/bin/python bench/html_snapshot.py dump before.json
    .venv/bin/python bench/html_snapshot.py compare before.json

HTML_SNAPSHOT_EXTRA=inputs.pkl adds (bytes, name) pairs; HTML_SNAPSHOT_READER=old_html.py reads with
another version of gongkai/readers/html.py (e.g. the one of an earlier commit, for a "before" dump).
Inputs worth adding are the ones the tests feed the reader (markup edge cases, hypothesis examples):
record them with a pytest plugin that wraps gongkai.readers.html.read and pickles (data, name).
Any difference must be explained (a bug fix) before a reader change lands.
"""
from __future__ import annotations

import dataclasses
import json
import os
import pickle
from pathlib import Path
import sys

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_reports import RAW, html_reader, synthetic  # noqa: E402
from gongkai.document import Source  # noqa: E402

_PROSE = "本报告根据《中华人民共和国政府信息公开条例》编制。" * 20
EDGE_CASES = [
    "<div class='content'><p>一、总体情况</p><div style='display:none'>外<p>内<span style='visibility:hidden'>深</span>尾</p>后</div>"
    "<p>申请<br>二、主动公开政府信息情况</p></div><div hidden>模板<marquee>滚</marquee></div><p style='font-size:0'>零</p>",
    f"<table id=a><tr><td>{_PROSE}<p>a</p><p>b</p><p>c</p></td><td>x</td></tr><tr><td>1</td><td>2</td></tr>"
    "<tr><td><table><tr><td>in</td></tr></table></td></tr><tr><td colspan=2>3<br>4</td></tr></table>",
    "<table><caption>表一</caption><tbody><tr><th>h</th><td>&nbsp;</td></tr></tbody><tr></tr><tr><td></td></tr></table>",
    "<body><div id=main_text>一、总体情况 申请<table><tr><td>a<!--c-->b<?pi x?>c</td></tr></table></div>"
    "<div class=zoom>一、总体情况 申请 更多 <span style='left:-900px'>藏</span></div></body>",
    "<p>a<b>b<i>c</b>d</i>e</p><li>x<li>y<dd>z</dd><pre>\n 规章  1\n 规范性文件 2\n</pre>tail",
    "<html><head><meta name=ArticleTitle content='某局2022年政府信息公开工作年度报告'><meta name=PubDate content='2023-01-05 10:00'>"
    "<link rel=canonical href='http://x/y.htm'><title>首页</title></head><body>发布时间：2023-01-06 信息来源：某局办公室"
    "<div class=article><p>一、总体情况</p><p>二、主动公开政府信息情况</p></div></body></html>",
    "<div>" * 300 + "一、总体情况 1" + "</div>" * 300,
    "<table>" * 40 + "<tr><td>x</td></tr>" + "</table>" * 40,
    "<p>\u200b\ufeff 一、总体情况\x01&#160;&#x3000;x</p><svg><text>svg</text></svg><iframe>f</iframe><object>o</object>",
    "<table><tr><td>1<p>2</p></td><td><div>3.</div><div>.4</div></td><td>a<br><br>b</td><td><p>x</p></td></tr></table>",
]


def inputs() -> list[tuple[bytes, str]]:
    items = [(p.read_bytes(), p.name) for p in sorted(RAW.glob("*.html"))]
    items += [(data, f"synth{i:03d}_{name}") for i, (data, name) in enumerate(synthetic("html", 300))]
    extra = ROOT / "tests" / "data"
    items += [(p.read_bytes(), str(p.relative_to(extra))) for p in sorted(extra.rglob("*.htm*"))
              if "corpus/raw" not in str(p)]
    items += [(m.encode("utf-8"), f"edge{i:02d}.html") for i, m in enumerate(EDGE_CASES)]
    extra_inputs = os.environ.get("HTML_SNAPSHOT_EXTRA")  # a pickle of (bytes, name) pairs, e.g. recorded test inputs
    if extra_inputs:
        with open(extra_inputs, "rb") as f:
            items += [(data, f"extra{i:03d}_{name}") for i, (data, name) in enumerate(pickle.load(f))]
    return items


def dump_all(items) -> dict:
    reader = html_reader(os.environ.get("HTML_SNAPSHOT_READER"))
    out = {}
    for data, name in items:
        doc = reader.read(data, Source.of_bytes(name, data, "text/html"))
        out[name] = json.loads(json.dumps(dataclasses.asdict(doc), ensure_ascii=False, default=list))
    return out


def main() -> None:
    cmd, path = sys.argv[1], Path(sys.argv[2])
    saved_inputs = Path(str(path) + ".inputs")
    if cmd == "dump":
        items = inputs()
        saved_inputs.write_bytes(pickle.dumps(items))
        now = dump_all(items)
        path.write_text(json.dumps(now, ensure_ascii=False, indent=0))
        print(len(now), "documents dumped")
        return
    now = dump_all(pickle.loads(saved_inputs.read_bytes()))
    before = json.loads(path.read_text())
    diffs = 0
    for name in sorted(set(before) | set(now)):
        if before.get(name) != now.get(name):
            diffs += 1
            a, b = before.get(name) or {}, now.get(name) or {}
            for key in sorted(set(a) | set(b)):
                if a.get(key) != b.get(key):
                    if key == "rows":
                        ra, rb = a.get(key) or [], b.get(key) or []
                        for i in range(max(len(ra), len(rb))):
                            x = ra[i] if i < len(ra) else None
                            y = rb[i] if i < len(rb) else None
                            if x != y:
                                print(f"{name}: row {i}\n  before {x}\n  after  {y}")
                                break
                    else:
                        print(f"{name}: {key}\n  before {a.get(key)}\n  after  {b.get(key)}")
    print(f"{len(now)} documents, {diffs} differ")
    sys.exit(1 if diffs else 0)


if __name__ == "__main__":
    main()
