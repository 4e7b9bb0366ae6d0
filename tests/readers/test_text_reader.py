"""The plain text reader on the real corpus files and on each layout it must recognise."""
from __future__ import annotations

from pathlib import Path

import pytest

from gongkai.readers import read_bytes

RAW = Path(__file__).resolve().parents[1] / "data" / "corpus" / "raw"
CRAWLER = sorted(p for p in RAW.glob("*.txt") if "==== 正文 ====" in p.read_text("utf-8"))


def read(text: str, name: str = "t.txt"):
    return read_bytes(text.encode("utf-8"), name)


def no_empty_rows(doc) -> bool:
    return all(row.cells and (row.table is not None or any(c.text for c in row.cells)) for row in doc.rows)


# --- crawler files ------------------------------------------------------------------------------

def test_the_corpus_has_the_crawler_files():
    assert len(CRAWLER) == 15


@pytest.mark.parametrize("path", CRAWLER, ids=lambda p: p.name[:3])
def test_crawler_header_fields_and_one_undelimited_body_row(path):
    raw = path.read_text("utf-8")
    header_lines = raw.split("==================== 正文 ====================")[0].splitlines()
    given = dict(line.split(": ", 1) for line in header_lines if ": " in line)
    doc = read_bytes(path.read_bytes(), path.name)
    assert not doc.problems
    assert doc.header["title"] == given["标题"].strip()
    assert doc.header["published"] == given["发布时间"].strip()
    assert doc.header["url"] == given["原文链接"].strip()
    if given.get("发布机构", "").strip():
        assert doc.header["publisher"] == given["发布机构"].strip()
    else:
        assert "publisher" not in doc.header
    body = doc.rows[0]
    assert len(body.cells) == 1 and body.delimited is False and body.table is None
    assert "一、本年新收政府信息公开申请数量" in body.cells[0].text
    assert body.cells[0].at == {"line": 10, "col": 1}
    # the header lines are metadata, not body
    assert not any("原文链接" in r.text or "本地目录" in r.text for r in doc.rows)
    assert no_empty_rows(doc)


def test_crawler_text_after_the_body_line_becomes_further_rows():
    text = ("标题: 某局2023年政府信息公开工作年度报告\n发布时间: 2024-01-05 16:41\n文号: \n"
            "==================== 正文 ====================\n"
            "一、总体情况 本年新收政府信息公开申请数量 100000023\n\n附件下载：\n报告.pdf\n")
    doc = read(text)
    assert doc.header == {"encoding": "utf-8", "title": "某局2023年政府信息公开工作年度报告",
                          "published": "2024-01-05 16:41"}
    assert [r.cells[0].text for r in doc.rows] == [
        "一、总体情况 本年新收政府信息公开申请数量 100000023", "附件下载：", "报告.pdf"]
    assert doc.rows[0].delimited is False


# --- one cell per line --------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["seed000.txt", "seed004.txt"])
def test_one_cell_per_line_pages(name):
    raw = (RAW / name).read_text("utf-8")
    doc = read_bytes((RAW / name).read_bytes(), name)
    lines = [line.strip() for line in raw.splitlines() if line.strip()]
    assert [r.text for r in doc.rows if len(r.cells) == 1] == [l for l in lines if "  " not in l]
    assert all(c.text for r in doc.rows for c in r.cells), "no empty cells in a page without pipes"
    assert all(r.table is None for r in doc.rows if len(r.cells) == 1)
    values = [r.cells[0] for r in doc.rows if r.cells[0].text.isdigit()]
    assert values and all(r.delimited for r in doc.rows if r.cells[0].text.isdigit())
    assert values[0].at["line"] == raw.splitlines().index(values[0].text) + 1


def test_seed000_header():
    doc = read_bytes((RAW / "seed000.txt").read_bytes(), "seed000.txt")
    assert doc.header["published"] == "2023-01-19 17:17"  # the value is on the line after 发布时间:
    assert doc.header["publisher"] == "科尔沁左翼后旗巴彦毛都苏木"
    assert doc.header["title"] == "科左后旗巴彦毛都苏木2022年度政府信息公开工作年度报告"


def test_seed004_header_prefers_the_labelled_fields():
    doc = read_bytes((RAW / "seed004.txt").read_bytes(), "seed004.txt")
    assert doc.header["published"] == "2021-12-31"
    assert doc.header["publisher"] == "天水郡街道"
    assert doc.header["title"] == "秦州区天水郡街道2021年政府信息公开工作年度报告"


def test_seed002_pipe_terminated_cells():
    raw = (RAW / "seed002.txt").read_text("utf-8").splitlines()
    doc = read_bytes((RAW / "seed002.txt").read_bytes(), "seed002.txt")
    by_line = {r.cells[0].at["line"]: r for r in doc.rows}
    for n, line in enumerate(raw, start=1):
        s = line.strip()
        if not s or "|" not in s:
            continue
        row = by_line[n]
        assert len(row.cells) == 1 and row.delimited and row.table is not None
        if not s.strip("| "):
            assert row.cells[0].text == "", "a line of pipes is one explicit blank"
        else:
            assert row.cells[0].text == s.split("|")[0].strip()
    # the 一、本年新收 row: label, 11, five blanks, 11 (the trailing '| |' is not another cell)
    i = next(i for i, r in enumerate(doc.rows) if r.cells[0].text == "一、本年新收政府信息公开申请数量")
    assert [r.cells[0].text for r in doc.rows[i + 1:i + 8]] == ["11", "", "", "", "", "", "11"]
    assert doc.rows[i + 8].cells[0].text.startswith("二、")


def _cell_per_line_page(blank_line_between_cells: bool) -> str:
    """Table 2's first rows as a page copied one cell per line; the empty cells of 二、上年结转 are
    empty lines, or, with blank_line_between_cells, every cell is followed by a blank line."""
    rows = [("一、本年新收政府信息公开申请数量", ["14", "2", "0", "0", "1", "0", "17"]),
            ("二、上年结转政府信息公开申请数量", ["1", "", "", "", "", "", "1"]),
            ("（一）予以公开", ["6", "1", "0", "0", "0", "0", "7"])]
    lines = ["三、收到和处理政府信息公开申请情况"]
    for label, values in rows:
        lines += [label, *values]
    if blank_line_between_cells:
        return "\n\n".join(line for line in lines if line) + "\n"
    return "\n".join(lines) + "\n"


def test_empty_lines_between_numbers_are_empty_cells_when_cells_follow_each_other():
    doc = read(_cell_per_line_page(False))
    texts = [r.cells[0].text for r in doc.rows]
    i = texts.index("二、上年结转政府信息公开申请数量")
    assert texts[i + 1:i + 9] == ["1", "", "", "", "", "", "1", "（一）予以公开"]
    assert all(r.delimited for r in doc.rows[i + 2:i + 7])
    # a blank line before a label, or after one, is no cell
    doc = read("14\n2\n0\n0\n1\n0\n17\n0\n0\n0\n0\n0\n\n（一）予以公开\n\n6\n")
    assert [r.cells[0].text for r in doc.rows][-3:] == ["0", "（一）予以公开", "6"]


def test_blank_lines_that_separate_every_cell_are_no_cells():
    doc = read(_cell_per_line_page(True))
    texts = [r.cells[0].text for r in doc.rows]
    assert "" not in texts
    i = texts.index("二、上年结转政府信息公开申请数量")
    assert texts[i + 1:i + 4] == ["1", "1", "（一）予以公开"]


def test_ocr_rulings_between_values_are_cell_boundaries():
    # OCR of a ruled table: the rulings come out as pipes, as 丨, or as spaces, even within one line
    doc = read("规章 | 0 | 0 | 0\n"
               "行政规范性文件  9  4 | 63\n"
               "4.保护第三方合法权益 2  0  0  0  0  0丨2\n"
               "本机关丨为政府信息公开工作机构\n")
    texts = [[c.text for c in r.cells] for r in doc.rows]
    assert texts[1] == ["行政规范性文件", "9", "4", "63"]
    assert texts[2] == ["4.保护第三方合法权益 2", "0", "0", "0", "0", "0", "2"]
    assert texts[3] == ["本机关丨为政府信息公开工作机构"], "丨 between words is a character"
    line = "行政规范性文件  9  4 | 63"
    assert [line[c.at["col"] - 1:].split()[0] for c in doc.rows[1].cells] == ["行政规范性文件", "9", "4", "63"]


# pdftotext -layout of table 2: the group labels stand in columns to the left of the row labels,
# and a long row label wraps under its values, beside pieces of the group labels.
LAYOUT_ROWS = """            2.其他法律行政法          0     0     0     0     0     0      0
            规禁止公开
            3.危及“三安全一          0     0     0     0     0     0      0
三、本         稳定”
年度办         4.保护第三方合法          0     1     0     0     0     0      1
理结果  （三）    权益
     不予     5.属于三类内部事          0     0     0     0     0     0      0
     公开     务信息
行政处罚     31
行政强制
"""


def test_a_wrapped_label_beside_pieces_of_group_labels_is_joined():
    doc = read(LAYOUT_ROWS)
    texts = [[c.text for c in r.cells] for r in doc.rows]
    labels = [t[[x.isdigit() for x in t].index(True) - 1] for t in texts if any(x.isdigit() for x in t)]
    assert labels[:4] == ["2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”", "4.保护第三方合法权益", "5.属于三类内部事务信息"]
    rest = [[c.text for c in r.cells] for r in doc.rows]
    assert ["三、本"] in rest and ["理结果", "（三）"] in rest and ["公开"] in rest  # the group pieces stay
    assert ["行政强制"] in rest, "a short label is whole: the next label is no rest of it"


# The same aligned by display width (a Chinese character two columns wide), a group piece and its
# row label in one field, and a label wrapped over two lines under its values.
WIDE_ROWS = """\
         办理结果 （二）部分公开（区分处理         1       0      1
                  的，只计这一情形，不计
                  其他情形）
                  公开     2.其他法律行政法        0       0      0
                           规禁止公开
                  （四）无法 1.本机关不掌握相      3       1      4
                  提供     关政府信息
"""


def test_wrapped_labels_aligned_by_display_width_and_over_several_lines():
    texts = [[c.text for c in r.cells] for r in read(WIDE_ROWS).rows]
    labels = [t[[x.isdigit() for x in t].index(True) - 1] for t in texts if any(x.isdigit() for x in t)]
    assert labels == ["办理结果 （二）部分公开（区分处理的，只计这一情形，不计其他情形）", "2.其他法律行政法规禁止公开",
                      "（四）无法 1.本机关不掌握相关政府信息"]
    assert ["提供"] in texts and ["公开", "2.其他法律行政法规禁止公开", "0", "0", "0"] in texts


# --- Markdown / pipe tables ---------------------------------------------------------------------

def test_011_markdown_tables():
    raw = (RAW / "011_shuyang-xian-2025.txt").read_text("utf-8").splitlines()
    doc = read_bytes((RAW / "011_shuyang-xian-2025.txt").read_bytes(), "011.txt")
    table_rows = [r for r in doc.rows if r.table is not None]
    pipe_lines = [l for l in raw if l.startswith("|") and "---" not in l]
    assert len(table_rows) == len(pipe_lines)
    assert not any(set(c.text) <= set("-:") and len(c.text) >= 3 for r in doc.rows for c in r.cells)
    total = next(r for r in table_rows if r.cells[0].text == "（七）总计")
    assert [c.text for c in total.cells] == ["（七）总计", "710", "3", "0", "0", "5", "0", "718"]
    line = raw[total.cells[0].at["line"] - 1]
    assert line[total.cells[1].at["col"] - 1:].startswith("710")
    # each table under its own heading has its own index, in order
    indexes = [r.table for r in table_rows]
    assert indexes == sorted(indexes) and len(set(indexes)) >= 15
    assert doc.header["title"] == "沐阳县人民政府 2025 年 政府信息公开工作年度报告"
    assert any(r.text == "一、总体情况" for r in doc.rows), "Markdown heading marks are not text"


def test_markdown_empty_cells_separators_and_fragments():
    text = ("| 项目 | 自然人 | 总计 |\n|---|:--:|---|\n| 一、本年新收 | 5 | |\n| 二、上年结转 |  | 0 |\n"
            "\n第2页\n\n| 三、本年度办理结果 | 1 | 1 |\n")
    doc = read(text)
    rows = [(r.table, [c.text for c in r.cells]) for r in doc.rows]
    assert rows == [(0, ["项目", "自然人", "总计"]), (0, ["一、本年新收", "5", ""]), (0, ["二、上年结转", "", "0"]),
                    (None, ["第2页"]), (1, ["三、本年度办理结果", "1", "1"])]
    assert doc.rows[1].cells[2].at == {"line": 3, "col": 15}


# --- columns ------------------------------------------------------------------------------------

def test_tab_and_space_aligned_columns():
    text = ("一、本年新收政府信息公开申请数量\t80\t1\t0\n"
            "二、上年结转政府信息公开申请数量    3    0  0\n"
            "规  章   0   0   0\n"
            "结转\t\t5\n")
    doc = read(text)
    assert [[c.text for c in r.cells] for r in doc.rows] == [
        ["一、本年新收政府信息公开申请数量", "80", "1", "0"],
        ["二、上年结转政府信息公开申请数量", "3", "0", "0"],
        ["规 章", "0", "0", "0"],
        ["结转", "", "5"],
    ]
    assert all(r.delimited and r.table == 0 for r in doc.rows)
    assert doc.rows[1].cells[1].at == {"line": 2, "col": 21}


def test_single_spaces_are_only_hints():
    doc = read("一、本年新收政府信息公开申请数量 0 0 00 00 0\n结果 纠正其他 结果尚未 审结\n")
    assert [[c.text for c in r.cells] for r in doc.rows] == [
        ["一、本年新收政府信息公开申请数量 0 0 00 00 0"], ["结果 纠正其他 结果尚未 审结"]]
    assert doc.rows[0].delimited is False and doc.rows[0].table is None


def test_urls_in_text_become_links():
    doc = read("联系网址：www.pingtan.gov.cn，详见 https://www.gov.cn/zhengce/a.htm。\n本年新收 3\n")
    assert doc.links == [("www.pingtan.gov.cn", ""), ("https://www.gov.cn/zhengce/a.htm", "")]


# --- encodings ----------------------------------------------------------------------------------

def test_same_text_in_every_encoding_reads_the_same():
    text = (RAW / "seed004.txt").read_text("utf-8").encode("gbk", "ignore").decode("gbk")
    reference = [(r.text, r.delimited, r.table) for r in read(text).rows]
    assert len(reference) > 200
    for encoded in (text.encode("gbk"), text.encode("gb18030"), b"\xef\xbb\xbf" + text.encode("utf-8"),
                    text.encode("utf-16"), text.replace("\n", "\r\n").encode("utf-8")):
        doc = read_bytes(encoded, "t.txt")
        assert [(r.text, r.delimited, r.table) for r in doc.rows] == reference


def test_control_characters_are_spaces():
    doc = read("本年新收\x00政府信息\x07公开\u200b申请 5\r\n二、上年结转\x0c3\n")
    assert [r.text for r in doc.rows] == ["本年新收 政府信息 公开申请 5", "二、上年结转", "3"]
