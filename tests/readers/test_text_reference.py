"""The plain-text reader gives exactly what its reference (the reader before its speed work,
text_reference.py) gives: the same rows, cells, positions, header, links and problems."""
from __future__ import annotations

from pathlib import Path
import random

from hypothesis import HealthCheck, given, settings, strategies as st

from gongkai.document import Document, Source
from gongkai.readers import text
from gongkai.synth import LAYOUTS, generate, render

import text_reference as reference

DATA = Path(__file__).resolve().parents[1] / "data"

# Characters every layout decision looks at, and some text around them.
PIECES = ["|", "｜", "\t", " ", "  ", "\u3000", "\xa0", "#", "## ", "**", "__", "-", "---", "=", "===", ":", "+",
          "_", "0", "12", "3 4", "总计", "规", "章", "总  计", "行政复议", "a", "X", "\r", "：", "标题：", "发布时间:",
          "2023-01-05", "https://a.gov.cn/x", "www.b.com", "年度报告", "正文", "==== 正文 ====", "\u2002", "\ufeff"]
LINE = st.lists(st.sampled_from(PIECES), max_size=10).map("".join)
LINES = st.lists(LINE, max_size=25)


def _doc(_=None) -> Document:
    return Document(Source("t.txt", "", "text/plain"))


def _same_document(a: Document, b: Document) -> None:
    assert a.rows == b.rows
    assert a.header == b.header
    assert a.links == b.links
    assert a.problems == b.problems


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(LINES, st.integers(1, 5))
def test_rows_of_lines_as_the_reference(lines, first):
    assert text.rows_of_lines(lines, first) == reference.rows_of_lines(lines, first)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(LINES)
def test_read_text_as_the_reference(lines):
    body = "\n".join(lines)
    _same_document(text.read_text(body, _doc(None), "utf-8", body.encode()),
                   reference.read_text(body, _doc(None), "utf-8", body.encode()))
    _same_document(text.read_text(body, _doc(None)), reference.read_text(body, _doc(None)))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=300) | LINES.map(lambda ls: "\n".join(ls).encode("gb18030", "replace")))
def test_read_bytes_as_the_reference(data):
    source = Source("t.txt", "", "text/plain")
    _same_document(text.read(data, source), reference.read(data, source))


def test_helpers_as_the_reference():
    for s in ["0 0 00", "总 计", "a\tb", "1\u30002", "", "ab"]:
        assert text.undelimited(s) == reference.undelimited(s)
    lines = ["标题：某局2023年度报告", "发布时间：2024-01-05 10:00  来源：某局", "发布机构:", "某某局", "索引号：x  栏目：y"]
    assert text.fields_of_lines(lines) == reference.fields_of_lines(lines)
    assert text.title_of_lines(["# 某局2023年政府信息公开工作年度报告"]) == \
        reference.title_of_lines(["# 某局2023年政府信息公开工作年度报告"])


def test_corpus_and_every_synthetic_layout_as_the_reference():
    files = [p for p in sorted((DATA / "corpus" / "raw").iterdir()) if p.suffix in (".txt", ".md")]
    items = [(p.read_bytes(), p.name) for p in files]
    for layout in sorted(LAYOUTS):
        for i in range(6):
            rng = random.Random(i)
            report = generate(rng, fmt=rng.choice(["2021", "2019"]), blanks=None if LAYOUTS[layout].blanks else False)
            items.append(render(report, layout, rng))
    assert len(items) > 20
    for data, name in items:
        source = Source(name, "", "text/plain")
        _same_document(text.read(data, source), reference.read(data, source))
