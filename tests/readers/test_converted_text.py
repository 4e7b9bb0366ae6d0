"""Text that converters and browsers make of a report page (bench/text_sweep.py runs the real pages
through them): Markdown with the tables left as HTML (pandoc), tables drawn with box-drawing
characters (text browsers), and a browser's text of tables whose cells hold paragraphs."""
from __future__ import annotations

import random
import re

from lxml import etree, html as lxml_html
import pytest

from gongkai import pipeline
from gongkai.readers import read_bytes
from gongkai.readers.html import _decode
from gongkai.synth import generate, render


def _page(seed: int, fmt: str):
    truth = generate(seed, fmt=fmt, blanks=False)
    data, _ = render(truth, "html", random.Random(seed))
    return truth, lxml_html.fromstring(_decode(data)[0])


def _data_tables(root) -> list:
    """The report's tables: no table inside them, and more than two rows (not the page's chrome)."""
    return [t for t in root.iter("table") if t.find(".//table") is None and len(t.findall(".//tr")) > 2]


def _blocks(root):
    """The page's paragraphs and data tables in document order."""
    tables = _data_tables(root)
    inside = {id(el) for t in tables for el in t.iter()}
    for el in root.iter("p", "h1", "h2", "h3", "table"):
        if el.tag == "table":
            if el in tables:
                yield el
        elif id(el) not in inside and el.text_content().strip():
            yield el.text_content().strip()


def _exact(report, truth) -> None:
    for cid, value in truth.cells.items():
        cell = report.cells[cid]
        assert cell.status == "read" and cell.value == value, (cid, cell, value)


# --- Markdown with HTML tables ------------------------------------------------------------------

def _pandoc_like(root) -> str:
    """Markdown paragraphs, and each table as HTML whose cells carry a width in pixels, after the
    site's menu as a Markdown list (the first table comes far into the file, as in a whole page)."""
    parts = ["\n".join(f"- [栏目{i}](/lm{i}/index.html)" for i in range(120))]
    for block in _blocks(root):
        if isinstance(block, str):
            parts.append(block)
        else:
            for cell in block.iter("td", "th"):
                cell.set("style", "width: 38px")
            parts.append(etree.tostring(block, encoding="unicode"))
    return "\n\n".join(parts)


@pytest.mark.parametrize("seed,fmt", [(5, "2021"), (8, "2019")])
def test_html_tables_in_markdown_are_read_as_tables_and_their_attributes_never_as_values(seed, fmt):
    truth, root = _page(seed, fmt)
    md = _pandoc_like(root)
    assert md.count("<table") >= 3 and "width: 38px" in md and len(md[:md.index("<table")].encode("utf-8")) > 4096
    report = pipeline.check_bytes(md.encode("utf-8"), "report.md")
    _exact(report, truth)
    assert report.meta["year"] == truth.meta["year"]


def test_only_tables_with_cells_count_and_nested_tables_are_one():
    from gongkai.readers.text import embedded_tables

    assert embedded_tables("正文提到<table>标签，没有单元格。") == []
    text = "前言\n<table><tr><td><table><tr><td>1</td></tr></table></td></tr></table>\n后记"
    assert [text[a:b] for a, b in embedded_tables(text)] == [text[3:-3]]
    assert embedded_tables("甲\n<table><tr><td>1</td>") == [(2, len("甲\n<table><tr><td>1</td>"))]  # left open


# --- box-drawing tables ---------------------------------------------------------------------------

def _grid_rows(table) -> list[list[str]]:
    """The table's rows with every spanned cell repeated as blank (a text browser's grid)."""
    rows: list[list[str]] = []
    spans: dict[int, int] = {}  # column -> rows its rowspan still covers
    for tr in table.iter("tr"):
        row, col = [], 0
        for td in tr.iter("td", "th"):
            while spans.get(col):
                spans[col] -= 1
                row.append("")
                col += 1
            row.append(" ".join(td.text_content().split()))
            for _ in range(int(td.get("colspan", 1)) - 1):
                row.append("")
            rowspan = int(td.get("rowspan", 1))
            for c in range(col, col + int(td.get("colspan", 1))):
                if rowspan > 1:
                    spans[c] = rowspan - 1
            col += int(td.get("colspan", 1))
        while spans.get(col):  # a cell spanning down from above at the row's end
            spans[col] -= 1
            row.append("")
            col += 1
        rows.append(row)
    return rows


def _boxed(root, wrap: int = 0) -> str:
    """The page's tables drawn as a text browser draws them; with `wrap`, a cell longer than that
    goes on over the next lines of its row, as in a narrow column (the values on the row's first line)."""
    lines = []
    for block in _blocks(root):
        if isinstance(block, str):
            lines.append(block)
            continue
        rows = _grid_rows(block)
        n = max(len(r) for r in rows)
        widths = [max(8, *(len(r[i]) * 2 + 2 for r in rows if i < len(r))) for i in range(n)]
        rule = "├" + "┼".join("─" * w for w in widths) + "┤"
        lines.append("┌" + "┬".join("─" * w for w in widths) + "┐")
        for k, row in enumerate(rows):
            cells = [(row[i] if i < len(row) else "") for i in range(n)]
            pieces = [[c[j:j + wrap] for j in range(0, len(c), wrap)] or [""] if wrap else [c] for c in cells]
            for line in range(max(len(p) for p in pieces)):
                texts = [p[line] if line < len(p) else "" for p in pieces]
                lines.append("│" + "│".join(c + " " * (w - 2 * len(c)) for c, w in zip(texts, widths)) + "│")
            lines.append(rule if k < len(rows) - 1 else "└" + "┴".join("─" * w for w in widths) + "┘")
    return "\n".join(lines)


@pytest.mark.parametrize("seed,fmt", [(5, "2021"), (8, "2019")])
def test_tables_drawn_with_box_drawing_characters_are_read_as_grids(seed, fmt):
    truth, root = _page(seed, fmt)
    text = _boxed(root)
    assert "│" in text and "┼" in text
    _exact(pipeline.check_bytes(text.encode("utf-8"), "report.txt"), truth)


_ASCII = {ord("─"): "-", ord("│"): "|", **{ord(c): "+" for c in "┌┐└┘├┤┬┴┼"}}


@pytest.mark.parametrize("ascii_", [False, True], ids=["box", "ascii"])
def test_a_row_wrapped_over_several_lines_between_two_rules_is_one_row(ascii_):
    # ascii: the same grid as pandoc's plain text and psql draw it, with + - |
    truth, root = _page(5, "2021")
    text = _boxed(root, wrap=8)
    if ascii_:
        text = text.translate(_ASCII)
        assert "│" not in text and "+-" in text
    assert "区分处理的，只计 " in text  # the label wrapped; its values on the first line
    report = pipeline.check_bytes(text.encode("utf-8"), "report.txt")
    _exact(report, truth)
    assert len(text.split("\n")) == len(text.translate({0x2500 + i: "-" for i in range(128)}).split("\n"))


def test_box_drawing_characters_become_ascii_of_the_same_length():
    from gongkai.readers.text import unbox

    assert unbox("┌──┬──┐\n│a │b │\n├──┼──┤") == "+--+--+\n|a |b |\n+--+--+"
    assert unbox("没有表格的文字") == "没有表格的文字"


# --- a browser's text of tables whose cells hold paragraphs ---------------------------------------

def _inner_text(root, blank: str) -> str:
    """As a browser's innerText: each cell's paragraph between blank lines, a tab line between the
    cells of a row, rows apart by blank lines; an empty cell is `blank` ("" or a no-break space)."""
    out = []
    for block in _blocks(root):
        if isinstance(block, str):
            out.append(block + "\n")
            continue
        for tr in block.iter("tr"):
            cells = [" ".join(td.text_content().split()) or blank for td in tr.iter("td", "th")]
            out.append("\n" + "\n\n\t\n\n".join(cells) + "\n\n\n")
    return "\n".join(out)


@pytest.mark.parametrize("blank", ["", "\xa0"], ids=["empty", "nbsp"])
@pytest.mark.parametrize("seed", [11, 0, 29])  # 0 and 29: table 3's value row starts with an empty cell
def test_a_browsers_text_keeps_the_blank_cells_between_tab_lines(blank, seed):
    truth = generate(seed, fmt="2021", blanks=True)  # blank cells in table 2
    data, _ = render(truth, "html", random.Random(seed))
    root = lxml_html.fromstring(_decode(data)[0])
    text = _inner_text(root, blank)
    assert text.count("\n\t\n") > 100
    report = pipeline.check_bytes(text.encode("utf-8"), "copied.txt")
    for cid, value in truth.cells.items():
        cell = report.cells[cid]
        assert cell.status in ("read", "blank") and (cell.value or 0) == value, (cid, cell, value)
    blanks = {cid for cid, cell in report.cells.items() if cell.status == "blank"}
    assert blanks, "the rendering left cells blank: they must be read as blanks, in their columns"


def test_lines_with_a_tab_that_an_editor_left_between_paragraphs_are_not_cells():
    text = "\n\t\n".join(["一、总体情况", "本年度共收到申请 2 件。", "二、主动公开政府信息情况"] * 12)
    doc = read_bytes(text.encode("utf-8"), "t.txt")
    assert all(any(c.text for c in row.cells) for row in doc.rows)


# --- Markdown tables whose merged cells a converter padded with empty cells -------------------------

def _markdown_padded(root) -> str:
    """Each table as a Markdown table, a merged cell as its text then one empty cell per column more
    (markdownify, trafilatura): | 规章 | 0 | 0 | | 0 | where the header's cell spans two columns."""
    parts = []
    for block in _blocks(root):
        if isinstance(block, str):
            parts.append(block)
            continue
        rows = []
        for tr in block.iter("tr"):
            cells = []
            for td in tr.iter("td", "th"):
                cells += [" ".join(td.text_content().split())] + [""] * (int(td.get("colspan", 1)) - 1)
            rows.append("| " + " | ".join(cells) + " |")
        width = max(r.count("|") for r in rows) - 1
        parts.append("\n".join([rows[0], "|" + " --- |" * width, *rows[1:]]))
    return "\n\n".join(parts)


def _with_merged_value_cells(root) -> None:
    """Give every value cell of table 1 a colspan of 2 and its header a spare column, as Word pages
    print a wide value column (the padding then falls between a row's values)."""
    for table in _data_tables(root):
        if "本年新收" in table.text_content() or "行政复议" in table.text_content():
            continue
        for tr in table.iter("tr"):
            cells = list(tr.iter("td", "th"))
            if len(cells) >= 3:
                cells[1].set("colspan", str(int(cells[1].get("colspan", 1)) + 1))


@pytest.mark.parametrize("seed,fmt", [(5, "2021"), (8, "2019")])
def test_empty_cells_a_converter_padded_between_a_rows_values_are_dropped(seed, fmt):
    truth, root = _page(seed, fmt)
    _with_merged_value_cells(root)
    md = _markdown_padded(root)
    assert "|  |" in md
    _exact(pipeline.check_bytes(md.encode("utf-8"), "report.md"), truth)


def test_an_empty_cell_between_values_is_padding_only_when_the_values_fill_every_cell():
    from gongkai.extract.engine import _drop_padding
    from gongkai.extract.numbers import Token

    blank, five, seven = Token("", blank=True, row=1), Token("5", row=1), Token("7", row=1)
    assert _drop_padding([blank, five, Token("", blank=True, row=1), seven], 3) == [five, Token("", blank=True, row=1), seven]
    assert _drop_padding([five, blank, seven, Token("0", row=1)], 3) == [five, seven, Token("0", row=1)]


def _html2text_like(root) -> str:
    """Tables as html2text writes them: no outer pipes, '| ' between cells, an empty cell as spaces
    (so a row whose last cell is empty ends in '|' and spaces), '---|---' under the first row."""
    parts = []
    for block in _blocks(root):
        if isinstance(block, str):
            parts.append(block)
            continue
        rows = ["| ".join(" ".join(td.text_content().split()) or "  " for td in tr.iter("td", "th")) + "  "
                for tr in block.iter("tr")]
        parts.append("\n".join([rows[0], "---|---  ", *rows[1:]]))
    return "\n\n".join(parts)


def test_an_empty_last_cell_of_a_row_without_outer_pipes_is_a_blank_cell():
    truth = generate(11, fmt="2021", blanks=True)
    data, _ = render(truth, "html", random.Random(11))
    md = _html2text_like(lxml_html.fromstring(_decode(data)[0]))
    assert any(line.rstrip().endswith("|") for line in md.split("\n") if "总计" not in line)
    report = pipeline.check_bytes(md.encode("utf-8"), "report.md")
    for cid, value in truth.cells.items():
        cell = report.cells[cid]
        assert cell.status in ("read", "blank") and (cell.value or 0) == value, (cid, cell, value)


def _inner_text_mixed(root) -> str:
    """As a browser's innerText of Word-exported tables where some cells hold a paragraph and some a
    bare text node (a number typed straight into the cell, an &nbsp;): a bare cell stays on the line
    of the tabs around it ("\\t77\\t", "\\t\\xa0\\t\\xa0\\t"); a spare row of empty cells is one line."""
    out = []
    for block in _blocks(root):
        if isinstance(block, str):
            out.append(block + "\n")
            continue
        for r, tr in enumerate(block.iter("tr")):
            line = ""
            for k, td in enumerate(tr.iter("td", "th")):
                text = " ".join(td.text_content().split())
                bare = not text or (text.isdigit() and (r + k) % 2 == 0)
                line += ("\t" if k else "") + (text or "\xa0" if bare else f"\n\n{text}\n\n")
            out.append("\n" + line + "\n\n\n")
        out.append("\n" + "\t".join(["\xa0"] * 5) + "\n\n")
    return "\n".join(out)


def test_a_browsers_text_reads_cells_that_are_no_paragraphs_on_the_line_of_their_tabs():
    truth = generate(11, fmt="2021", blanks=True)
    data, _ = render(truth, "html", random.Random(11))
    text = _inner_text_mixed(lxml_html.fromstring(_decode(data)[0]))
    assert "\t\xa0\t" in text and any(line.startswith("\t") and line.strip() for line in text.split("\n"))
    report = pipeline.check_bytes(text.encode("utf-8"), "copied.txt")
    for cid, value in truth.cells.items():
        cell = report.cells[cid]
        assert cell.status in ("read", "blank") and (cell.value or 0) == value, (cid, cell, value)


def _wrapped_labels(text: str, width: int) -> str:
    """Aligned columns as a text browser prints a narrow label column (w3m, lynx): a table-2 label
    longer than `width` goes on over the next line, its values on the label's first line."""
    out = []
    for line in text.split("\n"):
        label, sep, values = line.partition("  ")
        if sep and len(label) > width and values.strip() and values.split()[0].isdigit() and "、" not in label[:3]:
            out += [label[:width] + "  " + values, label[width:]]
        else:
            out.append(line)
    return "\n".join(out)


@pytest.mark.parametrize("seed,fmt", [(5, "2021"), (6, "2019")])
def test_a_label_wrapped_around_its_values_keeps_them(seed, fmt):
    truth = generate(seed, fmt=fmt, blanks=False)
    data, _ = render(truth, "columns", random.Random(seed))
    text = _wrapped_labels(data.decode("utf-8"), 12)
    assert "\n的，只计这一情形，不计其他情形）\n" in text  # （二）部分公开（区分处理 / 的，只计…
    _exact(pipeline.check_bytes(text.encode("utf-8"), "w3m.txt"), truth)


def test_lines_under_a_row_that_start_their_own_row_or_are_prose_stay_apart():
    text = "\n".join([
        "（七）总计  3  0  0  0  0  0  3",
        "四、结转下年度继续办理  0  0  0  0  0  0  0",
        "四、政府信息公开行政复议、行政诉讼情况",
        "规章  0  0  0",
        "注：本表数据截至12月31日",
        "行政规范性文件  1  0  5",
        "第二十 条第（五）项",
        "行政许可  3",
        "本年度未发生收费。",
    ])
    doc = read_bytes(text.encode("utf-8"), "t.txt")
    firsts = [row.cells[0].text for row in doc.rows]
    assert firsts == ["（七）总计", "四、结转下年度继续办理", "四、政府信息公开行政复议、行政诉讼情况", "规章",
                      "注：本表数据截至12月31日", "行政规范性文件", "第二十 条第（五）项", "行政许可", "本年度未发生收费。"]


# --- what the new layouts must leave alone (found by a review of this code) -------------------------

def _never_wrong(report, truth) -> None:
    for cid, value in truth.cells.items():
        cell = report.cells[cid]
        if cell.status in ("read", "inferred"):
            assert cell.value == value, (cid, cell, value)


def _rendered(seed: int, fmt: str, blanks: bool, layout: str = "pipe"):
    truth = generate(seed, fmt=fmt, blanks=blanks)
    return truth, render(truth, layout, random.Random(seed))[0].decode("utf-8")


def _reads(text: str, name: str, truth, cid: str):
    """Read `text`: no cell read or inferred wrong, and `cid` right."""
    report = pipeline.check_bytes(text.encode("utf-8"), name)
    _never_wrong(report, truth)
    assert report.cells[cid].value == truth.cells[cid]
    return report


def test_a_grid_ruled_only_around_its_header_is_never_joined_into_one_row():
    # psql, prettytable: +---+ above and below the header and at the end; the body rows between
    truth, text = _rendered(1, "2021", False)
    lines = text.split("\n")
    rule = "+----------+------+"
    out = []
    for line in lines:
        out.append(line)
        if line.startswith("|---") or line.startswith("| ---"):
            out[-1] = rule
    text = "\n".join(out)
    assert rule in text
    _reads(text, "psql.txt", truth, "active.penalty.decisions")


def test_rows_with_a_closing_pipe_and_trailing_spaces_keep_their_blank_cells():
    # no leading pipe, a closing one, then a Markdown hard break: the spaces are no cell
    truth, text = _rendered(2, "2021", True)
    text = "\n".join((line[1:].lstrip() + "  ") if line.startswith("| ") and line.rstrip().endswith("|") else line
                     for line in text.split("\n"))
    _reads(text, "r.md", truth, "active.normative_documents.repealed")


def test_an_unclosed_table_tag_in_prose_leaves_the_text_a_text():
    truth, text = _rendered(5, "2019", True)
    i = text.find("三、")
    text = text[:i] + "（网页源码残留：<table width=600><tr><td>）\n" + text[i:]
    _reads(text, "r.txt", truth, "requests.total.total")


def test_tab_separated_tables_stay_columns_in_a_text_with_many_tab_lines():
    truth, text = _rendered(3, "2019", False, "columns")
    text = re.sub(r"(?<=\S) {2,}(?=\S)", "\t", text)
    i = text.find("三、")
    text = text[:i] + "\n\n" + "\n\n\t\n\n".join(["（注）"] * 22) + "\n\n" + text[i:]
    report = pipeline.check_bytes(text.encode("utf-8"), "r.txt")
    assert all(report.cells[c].status == "read" and report.cells[c].value == v for c, v in truth.cells.items())


def test_a_bar_drawn_before_each_paragraph_is_decoration_not_a_table():
    truth, text = _rendered(0, "2021", False)
    text = "\n".join(("┃ " + line) if line and not line.startswith(("|", "#")) else line for line in text.split("\n"))
    report = pipeline.check_bytes(text.encode("utf-8"), "r.txt")
    assert not [f.rule for f in report.findings]
    _never_wrong(report, truth)
