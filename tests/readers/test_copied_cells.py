"""Pages copied cell by cell, as some sites' text and crawlers give them (seed002 and pages seen in the
wild): each cell's text then a pipe, on one line ("规章 |") or on two ("规章" / "|"); a lone pipe for an
empty cell; a run of pipes at a row's end for the places its merged cells cover ("||")."""
import random

from lxml import html as lxml_html
import pytest

from gongkai.pipeline import check_bytes
from gongkai.render.html import render_html
from gongkai.synth import generate
from tests.readers_doc.test_roundtrip import mismatches


def copied_cell_by_cell(page: str, style: str, rng: random.Random) -> str:
    """The page's text: paragraphs as lines, each table cell as `style` writes it, a row's end after it."""
    out: list[str] = []

    def walk(el) -> None:
        if el.tag == "table":
            for tr in el.iter("tr"):
                covered = 0
                for td in tr:
                    if td.tag not in ("td", "th"):
                        continue
                    text = " ".join("".join(td.itertext()).split())
                    if style == "own-line":
                        out.extend([text, "|"] if text else ["|"])
                    else:
                        out.append(f"{text} |" if text else "|")
                    covered += int(td.get("colspan") or 1) - 1
                ends = covered + 2 if style == "own-line" else rng.randint(2, 8)
                out.append("|" * ends)
            return
        if el.tag in ("p", "h1", "h2", "h3", "div") and not el.findall(".//table"):
            text = "".join(el.itertext()).strip()
            if text:
                out.append(text)
            return
        for child in el:
            if isinstance(child.tag, str):
                walk(child)

    walk(lxml_html.fromstring(page).find("body"))
    return "\n".join(out)


@pytest.mark.parametrize("style", ["own-line", "same-line"])
@pytest.mark.parametrize("fmt", ["2021", "2019"])
@pytest.mark.parametrize("seed", [0, 3, 7])
def test_a_page_copied_cell_by_cell_reads_exactly(style, fmt, seed):
    report = generate(seed, fmt=fmt, blanks=True)
    text = copied_cell_by_cell(render_html(report.to_report(), standalone=True), style, random.Random(seed))
    assert "\n||" in text and "\n|\n" in text
    assert mismatches(report, check_bytes(text.encode("utf-8"), "copied.txt")) == []


def test_a_run_of_pipes_is_a_rows_end_only_after_a_cell():
    from gongkai.readers.text import rows_of_lines

    texts = [[c.text for c in r.cells] for r in rows_of_lines(["行政许可", "|", "|", "||", "行政处罚 |", "5 |", "|||"])]
    assert texts == [["行政许可"], [""], ["行政处罚"], ["5"]]
    # in a Markdown table a row of pipes is a row of empty cells
    texts = [[c.text for c in r.cells] for r in rows_of_lines(["| 甲 | 乙 |", "|---|---|", "| 1 | 2 |", "|||"])]
    assert texts[-1] == ["", ""]


def test_html2text_tables_without_outer_pipes():
    # html2text writes no outer pipes: a two-column table has one pipe a row, an empty last cell is the
    # spaces after the last pipe, and a row starting with a pipe starts with an empty cell
    from gongkai.readers.text import rows_of_lines

    lines = ["第二十条第（六）项  ", "信息内容 | 本年处理决定数量  ", "行政处罚 |   ", "行政强制 | 117  ", "",
             "行政复议 | 行政诉讼  ", "---|---  ", "结果维持 | 结果纠正 | 总计 | 结果维持 | 总计  ", "|  | 1 | 1 | 0  ",
             "|  |  |  |   "]
    texts = [[c.text for c in r.cells] for r in rows_of_lines(lines)]
    assert texts[1:4] == [["信息内容", "本年处理决定数量"], ["行政处罚", ""], ["行政强制", "117"]]
    assert texts[-2:] == [["", "", "1", "1", "0"], ["", "", "", "", ""]]
    # one pipe in a line of prose is no table
    prose = ["他说：甲 | 乙", "然后离开了。"]
    assert [len(r.cells) for r in rows_of_lines(prose)] == [1, 1]


def test_text_tables_opened_by_a_rule_line_and_converters_mixed_conventions():
    from gongkai.pipeline import check_bytes
    from gongkai.readers.text import rows_of_lines

    def texts(lines):
        return [[c.text for c in r.cells] for r in rows_of_lines(lines)]

    # a separator or a grid border before any row: no crash, the row read
    for text in ["|---|---|\n| 规章 | 5 |\n", "---|---\n规章 | 5\n", "+--------+\n| 信息内容 | 本年新制作数量 |\n+--------+\n"]:
        assert check_bytes(text.encode("utf-8"), "x.txt").cells is not None
    assert texts(["|---|---|", "| 规章 | 5 |"]) == [["规章", "5"]]
    # a line of one pipe before a page copied cell by cell (with trailing spaces): still one cell a line
    assert texts(["统计表 | 单位：件", "信息内容 | ", "本年新制作数量 | ", "|||", "规章 | ", "5 | ", "| ", "3 | "])[1:] \
        == [["信息内容"], ["本年新制作数量"], ["规章"], ["5"], [""], ["3"]]
    # a row with outer pipes after one without keeps its cells; a separator starts a table afresh
    assert texts(["| a | b | c |", "|---|---|---|", "x | 1 | 2", "| y | 3 | 4 |"])[-1] == ["y", "3", "4"]
    assert texts(["甲 | 乙 | 丙  ", "1 | 2 | 3  ", "", "|---|---|---|", "| 规章 | 5 | 6 |"])[-1] == ["规章", "5", "6"]


def test_a_lowest_header_level_does_not_align_the_rows_under_it():
    # table 2 as trafilatura flattens it: the upper levels in rows of few words, then 商业企业 … 其他
    from gongkai.readers.text import rows_of_lines

    lines = ["| | | 申请人情况 | | | | | | | |", "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
             "| | | | 法人或其他组织 | | | | | | 总计 |",
             "| | | | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | | |",
             "| | 8.属于行政查询事项 | 0 | | | | | | | 0 |"]
    assert [c.text for c in rows_of_lines(lines)[-1].cells] == ["", "8.属于行政查询事项", "0", "", "", "", "", "", "", "0"]
