from __future__ import annotations

from functools import lru_cache
from io import BytesIO

import docx
from docx.oxml.ns import qn

from gongkai import spec
from gongkai.render import render_docx
from gongkai.render.content import format_number
from gongkai.report import CellValue

from .conftest import distinctive_values, make_report


def _open(report):
    return docx.Document(BytesIO(render_docx(report)))


@lru_cache(maxsize=None)
def _default(fmt: str):
    """The distinctive report of a format, rendered once for the read-only tests."""
    return _open(make_report(fmt))


def _row_labels(fmt: str) -> set[str]:
    """Every row label printed in table 2, from cells.yaml: group and leaf parts of each label."""
    out = set()
    for r in spec.rows_of("requests", fmt):
        value = spec.spec()["tables"]["requests"]["rows"][r]
        label = value["label"] if isinstance(value, dict) else value
        out.update(label.split(" "))
    return out


def _texts(table) -> set[str]:
    return {c.text for row in table.rows for c in row.cells}


def test_title_headings_and_three_tables(fmt):
    d = _default(fmt)
    paragraphs = [p.text for p in d.paragraphs if p.text]
    assert paragraphs[0] == f"某某县人民政府{2025 if fmt == '2021' else 2020}年政府信息公开工作年度报告"
    for heading in spec.SECTIONS.values():
        assert heading in paragraphs
    assert "本机关全年主动公开信息。" in paragraphs and "第二段：平台建设情况。" in paragraphs
    assert len(d.tables) == 3


def test_requests_table_merges(fmt):
    t = _default(fmt).tables[1]
    note = t.cell(0, 0)
    assert note.text == "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    # The note is one merged cell covering 3 columns x 3 rows, and nothing more.
    for r in range(3):
        for c in range(3):
            assert t.cell(r, c)._tc is note._tc or t.cell(r, c).text == note.text
    assert note._tc.tcPr.find(qn("w:gridSpan")).get(qn("w:val")) == "3"
    assert t.cell(0, 3).text == "申请人情况" and t.cell(3, 0).text != note.text
    assert t.cell(0, 3)._tc.tcPr.find(qn("w:gridSpan")).get(qn("w:val")) == "7"
    outcomes = t.cell(5, 0)
    assert outcomes.text == "三、本年度办理结果"
    n = 22 if fmt == "2021" else 20
    assert t.cell(5 + n - 1, 0).text == "三、本年度办理结果"
    assert t.cell(5 + n, 0).text == "四、结转下年度继续办理"


def test_every_row_label_present(fmt):
    tables = _default(fmt).tables
    assert _row_labels(fmt) <= _texts(tables[1])
    t1_labels = {v["label"] for v in spec.spec()["tables"]["active"][fmt]["rows"].values()}
    assert t1_labels <= _texts(tables[0])
    assert {"行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉", "结果维持", "尚未审结"} <= _texts(tables[2])


def test_values_in_their_rows(fmt):
    values = distinctive_values(fmt)
    tables = _default(fmt).tables
    columns = spec.columns_of("requests", fmt, "x")
    rows = [[c.text for c in row.cells] for row in tables[1].rows]
    for key in spec.rows_of("requests", fmt):
        value = spec.spec()["tables"]["requests"]["rows"][key]
        leaf = (value["label"] if isinstance(value, dict) else value).split(" ")[-1]
        (row,) = [row for row in rows if leaf in row]
        printed = row[-len(columns):]
        assert printed == [format_number(values[f"requests.{key}.{c}"]) for c in columns], key
    review = [c.text for c in tables[2].rows[-1].cells]
    assert review == [format_number(values[cid]) for cid in spec.cell_ids(fmt, "review")]
    t1_text = _texts(tables[0])
    for cid in spec.cell_ids(fmt, "active"):
        assert format_number(values[cid]) in t1_text


def test_blank_and_unknown_cells_print_empty():
    r = make_report("2021")
    r.cells["review.reconsideration.upheld"] = CellValue(None, "blank")
    r.cells["review.reconsideration.corrected"] = CellValue(None, "ambiguous", "1\x0b7", candidates=[1, 7])
    r.sections["overview"] = "控制字符\x01\x1f不应使文档损坏 <script>"
    d = _open(r)
    row = [c.text for c in d.tables[2].rows[-1].cells]
    assert row[0] == "" and row[1] == ""
    assert "控制字符不应使文档损坏 <script>" in [p.text for p in d.paragraphs]


def test_chinese_font_is_set():
    d = _default("2021")
    rfonts = d.styles["Normal"].element.rPr.rFonts
    assert rfonts.get(qn("w:eastAsia")) == "宋体"
    run = d.tables[1].cell(0, 0).paragraphs[0].runs[0]
    assert run._r.rPr.rFonts.get(qn("w:eastAsia")) == "宋体"
