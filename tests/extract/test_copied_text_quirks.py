"""Quirks of copied text that once lost whole tables: a narrative that quotes table 2's labels with
their counts before the tables, a 序号 column copied a cell per line, soft hyphens, and a crawler's
text with tags and entities left in it (which a sniffer takes for HTML)."""
import random

import pytest

from gongkai import pipeline
from gongkai.readers import read_bytes, sniff
from gongkai.readers.tagged_text import is_text_with_tags, strip_markup
from gongkai.synth import generate, render


def _cells_text(seed: int, fmt: str = "2021"):
    truth = generate(seed, fmt=fmt, blanks=False)
    data, _ = render(truth, "cells", random.Random(seed))
    return truth, data.decode("utf-8")


def _assert_exact(text: str, truth, name: str = "r.txt") -> None:
    report = pipeline.check_bytes(text.encode("utf-8"), name)
    wrong = {cid: (report.cells[cid].value, report.cells[cid].status, value)
             for cid, value in truth.cells.items() if report.cells[cid].value != value}
    assert wrong == {}
    assert not [f for f in report.findings if f.rule in ("table.malformed", "tables.missing")]


@pytest.mark.parametrize("seed", [3, 11, 40])
def test_labels_quoted_with_counts_in_the_narrative_do_not_start_table_two(seed):
    truth, text = _cells_text(seed)
    c = truth.cells
    sentence = (f"（二）依申请公开情况。本年新收政府信息公开申请{c['requests.new.total']}件，上年结转"
                f"{c['requests.carried_in.total']}件，其中予以公开{c['requests.granted.total']}件，部分公开"
                f"{c['requests.partial.total']}件，结转下年度继续办理{c['requests.carried_out.total']}件。")
    at = text.index("一、总体情况") + len("一、总体情况")
    _assert_exact(text[:at] + "\n\n" + sentence + "\n" + text[at:], truth)


def _with_serial_numbers(text: str) -> str:
    """Table 2 with a 序号 column, copied a cell per line as a browser copies its HTML: 序号 heads
    the header, and each row's number comes first in the row, before its labels (三、本年度办理结果
    and （三）不予公开 span rows: they stand in the row where they start, after its number)."""
    lines = text.split("\n")
    start = lines.index("一、本年新收政府信息公开申请数量")
    end = next(i for i, line in enumerate(lines) if line.startswith("四、政府信息公开行政复议"))
    header = max(i for i in range(start) if lines[i].startswith("（本列数据的勾稽关系"))
    out, number, row_start = [], 0, None
    for i, line in enumerate(lines):
        if i == header:
            out += ["序号", ""]
        if start <= i < end and line.strip():
            if line.isdigit():
                row_start = None
            elif row_start is None:
                row_start = len(out)  # the first label of a row
            following = next((x for x in lines[i + 1:] if x.strip()), "")
            if not line.isdigit() and following.isdigit():
                number += 1
                out[row_start:row_start] = [str(number), ""]
        out.append(line)
    return "\n".join(out)


@pytest.mark.parametrize("seed,fmt", [(5, "2021"), (8, "2019"), (21, "2021")])
def test_a_serial_number_column_copied_a_cell_per_line_is_not_read_as_values(seed, fmt):
    truth, text = _cells_text(seed, fmt)
    numbered = _with_serial_numbers(text)
    assert "序号" in numbered and "\n12\n" in numbered
    _assert_exact(numbered, truth)


def test_numbers_counting_up_without_a_serial_header_stay_values_of_a_malformed_table():
    """Without 序号 in the header, an extra number at the end of each row is not dropped: the
    rows are too long, and no cell is read from them."""
    truth, text = _cells_text(5)
    numbered = _with_serial_numbers(text).replace("序号", "")
    report = pipeline.check_bytes(numbered.encode("utf-8"), "r.txt")
    assert any(f.rule == "table.malformed" for f in report.findings)
    for cid, value in truth.cells.items():
        if report.cells[cid].status in ("read", "inferred"):
            assert report.cells[cid].value == value, cid


def test_soft_hyphens_are_not_text():
    truth, text = _cells_text(12)
    hyphened = text.replace("本年新收", "本年\u00ad新收").replace("予以公开", "予以\u00ad公开").replace("\n0\n", "\n\u00ad0\n")
    _assert_exact(hyphened, truth)


def _tagged(text: str) -> str:
    """The report as a crawler's text export left it: a header of fields, the narrative's lines in
    <p> with entities, bare table cells (some wrapped in &nbsp;), a few stray closing tags."""
    out = ["title: 某某年度报告", "url: http://www.example.gov.cn/art/1.html", "publish_time: 2026-01-11 10:44:00", "content:"]
    for line in text.split("\n"):
        if len(line) > 30:
            out.append(f"<p>&#12288;&#12288;{line.replace('《', '&lt;').replace('》', '&gt;')}</p><br>")
        elif line.isdigit():
            out.append(f"&nbsp;{line}&nbsp;" if int(line) % 2 else f"{line}</span>")
        else:
            out.append(line)
    return "\n".join(out)


def test_text_with_leftover_tags_is_read_as_text():
    truth, text = _cells_text(17)
    tagged = _tagged(text)
    data = tagged.encode("utf-8")
    assert sniff(data, "r.txt") == "text/html" and is_text_with_tags(data)
    doc = read_bytes(data, "r.txt")
    assert doc.source.media_type == "text/plain"
    assert not any("<p>" in c.text or "&nbsp;" in c.text for row in doc.rows for c in row.cells)
    _assert_exact(tagged, truth)


def test_pages_and_text_with_tables_stay_html():
    assert not is_text_with_tags(b"<!DOCTYPE html><html><body><p>x</p></body></html>")
    assert not is_text_with_tags("\ufeff<p>一、总体情况</p>".encode("utf-8"))
    assert not is_text_with_tags("标题\n<p>正文</p>\n<table><tr><td>1</td></tr></table>".encode("utf-8"))
    assert not is_text_with_tags("标题\n<div class=a><p>正文</p></div>".encode("utf-8"))
    assert is_text_with_tags("标题：年度报告\n<p>正文</p>\n规章\n0".encode("utf-8"))


def test_strip_markup_keeps_lines_and_empty_cells():
    text = "a<br>b\n<p>&#12288;c&lt;d&gt;</p>\n</span>\n\n&nbsp;\n1\t&nbsp;\t2<br>\n商业<br>企业\t3\n&nbsp;3&nbsp;\n&bogus; x"
    assert strip_markup(text).split("\n") == ["a", "b", "\u3000c<d>", "", "&nbsp;", "1\t\t2", "商业企业\t3", " 3 ", "&bogus; x"]


def test_tags_left_in_tab_separated_text_are_dropped():
    """A crawler's text (sniffed as text: its header is a block of JSON) with <br> ending every row
    and &nbsp; for the empty cells of a row."""
    truth = generate(9, fmt="2019", blanks=False)
    data, _ = render(truth, "columns", random.Random(9))
    lines = data.decode("utf-8").split("\n")
    header = '{\n  "title": "某某年度报告",\n  "publish_time": "2020-01-20 09:12:47"\n}\n' + "\n" * 40
    text = header + "\n".join(line + "<br>" if line.strip() else line for line in lines)
    assert sniff(text.encode("utf-8"), "r.txt") == "text/plain"
    _assert_exact(text, truth)


@pytest.mark.parametrize("seed", [4, 30])
def test_markdown_list_markers_are_not_blank_cells(seed):
    """A converter that wrote every table row as a Markdown list item: ``- 0  0  0 …``."""
    truth = generate(seed, fmt="2021", blanks=False)
    data, _ = render(truth, "columns", random.Random(seed))
    listed = "\n".join(f"- {line}" if line.strip() else line for line in data.decode("utf-8").split("\n"))
    assert "\n- 0 " in listed or "\n- 0\t" in listed or "\n- 0\n" in listed
    _assert_exact(listed, truth, "r.md")


def _hard_wrap(text: str, width: int) -> str:
    """Wrap every line at `width` display columns as a plain-text export does: prose anywhere, a line
    with runs of spaces (a table row) at its last run of spaces that fits."""
    from unicodedata import east_asian_width

    def shown(s: str) -> int:
        return sum(2 if east_asian_width(ch) in "WF" else 1 for ch in s)

    out = []
    for line in text.split("\n"):
        while shown(line) > width:
            cut = len(line)
            while shown(line[:cut]) > width:
                cut -= 1
            space = line.rfind("  ", 0, cut)
            if "  " in line and space > 0:
                cut = space
            out.append(line[:cut].rstrip())
            line = line[cut:].lstrip()
        out.append(line)
    return "\n".join(out)


@pytest.mark.parametrize("seed,width", [(2, 76), (19, 80), (33, 72)])
def test_table_rows_hard_wrapped_at_a_fixed_width_are_joined(seed, width):
    truth = generate(seed, fmt="2021", blanks=False)
    data, _ = render(truth, "columns", random.Random(seed))
    wrapped = _hard_wrap(data.decode("utf-8"), width)
    assert any(line[:1].isdigit() for line in wrapped.split("\n")[40:])  # some values wrapped to a line of their own
    _assert_exact(wrapped, truth)


def _with_last_year_column(text: str, name: str) -> str:
    """Table 1 of the pipe layout with a column the agency added: `name` in each header, a number
    (last year's, or the change) in each row."""
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("| 第二十条第（一）项"))
    end = next(i for i, line in enumerate(lines) if i > start and line.startswith("## "))
    for i in range(start, end):
        line = lines[i]
        if line.startswith("| 信息内容"):
            lines[i] = f"{line} {name} |"
        elif line.startswith("| ") and any(ch.isdigit() for ch in line) and "第二十条" not in line:
            lines[i] = f"{line} {7 + i % 5} |"
    return "\n".join(lines)


@pytest.mark.parametrize("seed,name", [(6, "上年数"), (13, "同比增减"), (27, "备注")])
def test_table_one_columns_the_agency_added_are_not_read(seed, name):
    truth = generate(seed, fmt="2021", blanks=False)
    data, _ = render(truth, "pipe", random.Random(seed))
    _assert_exact(_with_last_year_column(data.decode("utf-8"), name), truth, "r.md")


def test_an_extra_column_with_an_unknown_name_leaves_the_row_unread():
    truth = generate(6, fmt="2021", blanks=False)
    data, _ = render(truth, "pipe", random.Random(6))
    report = pipeline.check_bytes(_with_last_year_column(data.decode("utf-8"), "数量二").encode("utf-8"), "r.md")
    assert report.cells["active.penalty.decisions"].status != "read"
    assert any(f.rule == "table.malformed" for f in report.findings)


def _table_three_first(text: str) -> str:
    """Sections 三 (table 2) and 四 (table 3) in an agency's own order: 四 before 三."""
    three = text.index("三、", text.index("第二十条第（八）项"))
    four = text.index("四、政府信息公开行政复议")
    five = text.index("五、", four)
    return text[:three] + text[four:five] + text[three:four] + text[five:]


@pytest.mark.parametrize("seed,layout", [(7, "cells"), (15, "columns"), (29, "pipe")])
def test_table_three_before_table_two(seed, layout):
    truth = generate(seed, fmt="2021", blanks=False)
    data, _ = render(truth, layout, random.Random(seed))
    swapped = _table_three_first(data.decode("utf-8"))
    assert swapped.index("四、政府信息公开行政复议") < swapped.index("一、本年新收")
    _assert_exact(swapped, truth, "r.md" if layout == "pipe" else "r.txt")


_COLUMNS = {"upheld": "结果维持", "corrected": "结果纠正", "other": "其他结果", "pending": "尚未审结", "total": "总计"}


def _vertical_table_three(page: str, truth, columns: list[str], suit_rowspan: bool) -> str:
    """Table 3 of a page redrawn with its groups as rows and its results as columns."""
    start = page.rindex("<table", 0, page.index("复议后起诉"))
    end = page.index("</table>", start) + len("</table>")
    value = lambda g, c: f"<td>{truth.cells[f'review.{g}.{c}']}</td>"
    rows = ["<tr><td colspan=\"2\">类别</td>" + "".join(f"<td>{_COLUMNS[c]}</td>" for c in columns) + "</tr>",
            "<tr><td colspan=\"2\">行政复议</td>" + "".join(value("reconsideration", c) for c in columns) + "</tr>"]
    if suit_rowspan:
        rows.append("<tr><td rowspan=\"2\">行政诉讼</td><td>未经复议直接起诉</td>" + "".join(value("suit_direct", c) for c in columns) + "</tr>")
        rows.append("<tr><td>复议后起诉</td>" + "".join(value("suit_after", c) for c in columns) + "</tr>")
    else:
        rows.append("<tr><td colspan=\"2\">未经复议直接起诉</td>" + "".join(value("suit_direct", c) for c in columns) + "</tr>")
        rows.append("<tr><td colspan=\"2\">复议后起诉</td>" + "".join(value("suit_after", c) for c in columns) + "</tr>")
    return page[:start] + "<table>" + "".join(rows) + "</table>" + page[end:]


@pytest.mark.parametrize("seed,columns,suit_rowspan", [
    (6, ["upheld", "corrected", "other", "pending", "total"], False),
    (14, ["upheld", "corrected", "other", "pending", "total"], True),
    (22, ["total", "upheld", "corrected", "other", "pending"], False),  # the columns in the agency's order
])
def test_table_three_drawn_with_its_groups_as_rows(seed, columns, suit_rowspan):
    truth = generate(seed, fmt="2021", blanks=False)
    for g in ("reconsideration", "suit_direct", "suit_after"):  # values that tell the groups apart
        for c, v in zip(("upheld", "corrected", "other", "pending"), (2, 1, 0, 1) if g != "suit_after" else (1, 0, 1, 0)):
            truth.cells[f"review.{g}.{c}"] = v + (g == "suit_direct")
        truth.cells[f"review.{g}.total"] = sum(truth.cells[f"review.{g}.{c}"] for c in ("upheld", "corrected", "other", "pending"))
    data, _ = render(truth, "html", random.Random(seed))
    page = _vertical_table_three(data.decode("utf-8"), truth, columns, suit_rowspan)
    _assert_exact(page, truth, "r.html")
