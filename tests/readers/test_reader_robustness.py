"""Bad input never raises: the readers return a Document, with problems when nothing is readable."""
from __future__ import annotations

import random
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from gongkai.document import Document
from gongkai.readers import read_bytes

RAW = Path(__file__).resolve().parents[1] / "data" / "corpus" / "raw"


def well_formed(doc) -> bool:
    """A Document with no empty row: every row has cells; a prose row has text."""
    if not isinstance(doc, Document):
        return False
    for row in doc.rows:
        if not row.cells or not all(isinstance(c.text, str) for c in row.cells):
            return False
        if row.table is None and not any(c.text for c in row.cells):
            return False
        if any(c.at is None for c in row.cells):
            return False
    return True


def unreadable(doc) -> bool:
    return not doc.rows and [p.rule for p in doc.problems] == ["source.unreadable"]


def test_empty_and_blank_input():
    for data, name in ((b"", "a.txt"), (b"   \n\n\t ", "a.txt"), (b"", "a.html"), (b"<html></html>", "a.html"),
                       (b"\xef\xbb\xbf", "a.txt")):
        doc = read_bytes(data, name)
        assert unreadable(doc), (data, doc)
        assert doc.problems[0].message


def test_random_bytes_are_unreadable():
    rng = random.Random(7)
    for size in (10_000, 100_000):
        doc = read_bytes(bytes(rng.getrandbits(8) for _ in range(size)), "junk.txt")
        assert unreadable(doc)
        assert "二进制" in doc.problems[0].message


def test_text_without_chinese_or_digits_is_not_a_report():
    doc = read_bytes(b"hello world, this is not a report at all\n", "a.txt")
    assert unreadable(doc)


def test_50_megabyte_text_is_bounded():
    line = "一、本年新收政府信息公开申请数量\t80\t1\t0\n".encode("utf-8")
    data = line * (50 * 1024 * 1024 // len(line))
    doc = read_bytes(data, "big.txt")  # refused by size before any reader runs
    assert well_formed(doc)
    assert any(p.rule == "source.unreadable" for p in doc.problems)


def test_text_and_html_readers_stop_at_their_row_limits():
    from gongkai.document import Source
    from gongkai.readers import html, text
    line = "一、本年新收政府信息公开申请数量\t80\t1\t0\n".encode("utf-8")
    doc = text.read(line * (text.MAX_LINES + 10), Source("big.txt", "", "text/plain"))
    assert well_formed(doc) and len(doc.rows) == text.MAX_LINES
    assert [c.text for c in doc.rows[0].cells] == ["一、本年新收政府信息公开申请数量", "80", "1", "0"]
    assert [p.rule for p in doc.problems] == ["source.unreadable"] and str(text.MAX_LINES) in doc.problems[0].message
    doc = html.read("<p>一、总体情况 1</p>".encode("utf-8") * (html.MAX_ROWS + 10), Source("big.html", "", "text/html"))
    assert well_formed(doc) and len(doc.rows) == html.MAX_ROWS
    assert [p.rule for p in doc.problems] == ["source.unreadable"]


def test_truncated_html_keeps_what_was_there():
    page = (RAW / "016_pingtan-jinjing-pianqu-2023.html").read_bytes()
    cut = page[:page.index("（七）总计".encode("utf-8")) + 20]  # mid-tag, after the label
    doc = read_bytes(cut, "cut.html")
    assert well_formed(doc)
    assert any(r.cells[0].text == "一、本年新收政府信息公开申请数量" and len(r.cells) == 8 for r in doc.rows)
    assert any(r.cells[0].text.startswith("（七）总计") for r in doc.rows)


def test_script_text_never_appears():
    doc = read_bytes(b"<html><body><p>\xe4\xb8\x80\xe3\x80\x81 1</p><script>alert(1)</script></body></html>", "a.html")
    assert "alert" not in doc.plain_text() and doc.rows


def test_deeply_nested_tags():
    deep = b"<div>" * 10_000 + "一、总体情况 本年新收 5".encode("utf-8") + b"</div>" * 10_000
    doc = read_bytes(deep, "deep.html")
    assert well_formed(doc)
    assert "一、总体情况 本年新收 5" in doc.plain_text()
    assert doc.problems and doc.problems[0].rule == "table.malformed"
    nested_tables = b"<table><tr><td>" * 5_000 + "一、总体情况 5".encode("utf-8")
    assert well_formed(read_bytes(nested_tables, "deep.html"))


def test_mojibake_prone_input_stays_text():
    # a UTF-8 file with one corrupt byte is still read as UTF-8, not re-decoded as GB18030
    data = "一、总体情况\n本年新收政府信息公开申请数量 5\n".encode("utf-8") * 50
    data = data[:100] + b"\xff" + data[100:]
    doc = read_bytes(data, "a.txt")
    assert doc.header["encoding"] == "utf-8"
    assert sum(r.text == "一、总体情况" for r in doc.rows) >= 49


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000), st.sampled_from(["x.txt", "x.html", "x.md", "x"]))
def test_fuzz_bytes(data, name):
    assert well_formed(read_bytes(data, name))


_HTMLISH = st.lists(st.one_of(
    st.sampled_from(["<table>", "</table>", "<tr>", "<td>", "</td>", "<th colspan=2>", "<td rowspan='x'>", "<p>",
                     "</p>", "<br>", "<div style='display:none'>", "</div>", "<script>", "</script>", "&nbsp;",
                     "| a | |", "|---|", "\t", "  ", "\n", "正文", "==================== 正文 ====================",
                     "发布时间：", "2024-01-05", "一、总体情况", "0 0 00", "<!--", "-->", "<marquee>", "<a href='x'>",
                     "\x00", "\ufeff", "｜", "#", "**"]),
    st.text(max_size=20)), max_size=60).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_HTMLISH, st.sampled_from(["x.txt", "x.html"]), st.sampled_from(["utf-8", "gb18030", "utf-16"]))
def test_fuzz_text_and_markup(text, name, encoding):
    data = text.encode(encoding, "replace")
    doc = read_bytes(data, name)
    assert well_formed(doc)
    assert all("<script" not in c.text for r in doc.rows for c in r.cells if doc.source.media_type == "text/html")


# The shapes of converted text (tests/readers/test_converted_text.py): drawn grids, tab lines of a
# browser's copy, HTML tables inside Markdown, long enough for their paths to be taken.
_CONVERTED = st.lists(st.one_of(
    st.sampled_from(["┌──┬──┐", "│", "├──┼──┤", "└──┴──┘", "─", "┃", "═", "+--+--+", "| a |  |", "+", "-",
                     "\n\t\n", "\t", "\xa0", "\n\n\n\n", "\t\xa0\t", "<table>", "</table>", "<tr>", "<td>",
                     "</td>", "<th colspan=3>", "规章", "一、本年新收政府信息公开申请数量", "（七）总计",
                     "四、政府信息公开行政复议、行政诉讼情况", "行政复议", "12", "0", "3.5", "\n",
                     # pipe tables as converters and copied pages write them (html2text, cell by cell)
                     "\n|---|---|\n", "\n---|---\n", "\n|\n", "\n||\n", "|||", " | ", "  ",
                     "\n信息内容 | 本年处理决定数量  \n", "\n行政处罚 |   \n", "\n|  | 1 | 0  \n", "第二十条第（六）项",
                     "\n规章 |\n"]),
    st.text(max_size=8)), min_size=20, max_size=200).map("".join)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_CONVERTED, st.sampled_from(["x.txt", "x.md"]))
def test_fuzz_converted_text_shapes(text, name):
    from gongkai.pipeline import check_bytes

    doc = read_bytes(text.encode("utf-8"), name)
    assert well_formed(doc)
    report = check_bytes(text.encode("utf-8"), name)  # the extractor and checks on what came out
    assert all(c.status in ("read", "blank", "inferred", "ambiguous", "missing") for c in report.cells.values())
