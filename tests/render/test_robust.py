"""Odd reports still render: nothing known, unknown statuses, text where a number belongs."""
from __future__ import annotations

from io import BytesIO

import lxml.html
import openpyxl

from gongkai.render import findings_workbook, render_docx, render_html, render_xlsx
from gongkai.report import CellValue, Finding, Report


def _odd_report() -> Report:
    r = Report()
    r.meta["year"] = "2023年"  # not an int: no year is assumed
    r.cells["requests.new.total"] = CellValue("十二", "read", "十二")  # a cell.invalid value prints as is
    r.cells["requests.new.natural_person"] = CellValue(5, "weird")
    r.cells["not.a.cell"] = CellValue(7, "read")
    r.findings = [Finding("x.unknown", "说明", ["not.a.cell", "requests.new.total"], severity="error")]
    return r


def test_odd_report_renders_everywhere():
    r = _odd_report()
    root = lxml.html.fromstring(render_html(r))
    assert root.xpath("//h1")[0].text == "政府信息公开工作年度报告"
    assert "统计期限" not in root.xpath("//p")[0].text  # no year, no invented period
    assert root.xpath('//td[@data-cell="requests.new.total"]')[0].text_content() == "十二"
    odd = root.xpath('//td[@data-cell="requests.new.natural_person"]')[0]
    assert odd.text_content() == "" and "cell-missing" in odd.get("class")
    assert not root.xpath('//td[@data-cell="not.a.cell"]')
    assert render_docx(r)[:2] == b"PK"
    assert openpyxl.load_workbook(BytesIO(render_xlsx(r)))["年度报告"].max_row > 40
    ws = openpyxl.load_workbook(BytesIO(findings_workbook([r]))).active
    row = [c.value for c in ws[2]]
    assert row[1] is None and row[3] == "错误"
    assert row[5].splitlines() == ["not.a.cell", "requests.new.total（一、本年新收政府信息公开申请数量·总计）"]
