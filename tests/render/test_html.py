from __future__ import annotations

import lxml.html
import pytest

from gongkai import spec
from gongkai.render import render_html, report_from_values
from gongkai.render.content import format_number
from gongkai.report import CellValue

from .conftest import distinctive_values, make_report


def _tables(html: str) -> dict:
    root = lxml.html.fromstring(html)
    return {t.get("data-table"): t for t in root.iter("table")}


def _grid(table) -> dict[tuple[int, int], object]:
    """Expand an HTML table into {(row, col): td}, honouring colspan and rowspan."""
    grid: dict[tuple[int, int], object] = {}
    for r, tr in enumerate(table.iter("tr")):
        c = 0
        for td in tr.iter("td"):
            while (r, c) in grid:
                c += 1
            for dr in range(int(td.get("rowspan", 1))):
                for dc in range(int(td.get("colspan", 1))):
                    assert (r + dr, c + dc) not in grid, "overlapping spans"
                    grid[(r + dr, c + dc)] = td
            c += int(td.get("colspan", 1))
    return grid


def _td(table, text: str):
    found = [td for td in table.iter("td") if td.text_content() == text]
    assert len(found) == 1, f"{text!r} found {len(found)} times"
    return found[0]


def _spans(td) -> tuple[int, int]:
    return int(td.get("colspan", 1)), int(td.get("rowspan", 1))


def test_every_table_is_a_full_rectangle(fmt):
    for key, table in _tables(render_html(make_report(fmt))).items():
        grid = _grid(table)
        rows = 1 + max(r for r, _ in grid)
        cols = 1 + max(c for _, c in grid)
        assert len(grid) == rows * cols, key


def test_requests_header_spans(fmt):
    t = _tables(render_html(make_report(fmt)))["requests"]
    assert _spans(_td(t, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）")) == (3, 3)
    assert _spans(_td(t, "申请人情况")) == (7, 1)
    assert _spans(_td(t, "自然人")) == (1, 2)
    assert _spans(_td(t, "法人或其他组织")) == (5, 1)
    assert _spans(_td(t, "总计")) == (1, 2)
    for label in ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"):
        assert _spans(_td(t, label)) == (1, 1)
    assert _spans(_td(t, "三、本年度办理结果")) == (1, 22 if fmt == "2021" else 20)
    assert _spans(_td(t, "（一）予以公开")) == (2, 1)
    assert _spans(_td(t, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）")) == (2, 1)
    assert _spans(_td(t, "（三）不予公开")) == (1, 8)
    assert _spans(_td(t, "（四）无法提供")) == (1, 3)
    assert _spans(_td(t, "（五）不予处理")) == (1, 5)
    if fmt == "2021":
        assert _spans(_td(t, "（六）其他处理")) == (1, 3)
        assert _spans(_td(t, "3.其他")) == (1, 1)
    else:
        assert _spans(_td(t, "（六）其他处理")) == (2, 1)
    assert _spans(_td(t, "（七）总计")) == (2, 1)
    assert _spans(_td(t, "一、本年新收政府信息公开申请数量")) == (3, 1)
    assert _spans(_td(t, "四、结转下年度继续办理")) == (3, 1)
    # The 1.–8. leaves sit in the third label column, beside the group cell.
    grid = _grid(t)
    leaf = _td(t, "1.属于国家秘密")
    (pos,) = [p for p, td in grid.items() if td is leaf]
    assert grid[(pos[0], 1)] is _td(t, "（三）不予公开")
    assert grid[(pos[0], 0)] is _td(t, "三、本年度办理结果")


def test_review_and_active_headers(fmt):
    tables = _tables(render_html(make_report(fmt)))
    t3 = tables["review"]
    assert _spans(_td(t3, "行政复议")) == (5, 1)
    assert _spans(_td(t3, "行政诉讼")) == (10, 1)
    assert _spans(_td(t3, "未经复议直接起诉")) == (5, 1)
    assert _spans(_td(t3, "复议后起诉")) == (5, 1)
    assert len([td for td in t3.iter("td") if td.get("data-cell")]) == 15
    t1 = tables["active"]
    width = 4 if fmt == "2021" else 7
    for item in ("第二十条第（一）项", "第二十条第（五）项", "第二十条第（六）项", "第二十条第（八）项"):
        assert _spans(_td(t1, item)) == (width, 1)
    if fmt == "2021":
        licensing = t1.xpath('.//td[@data-cell="active.licensing.decisions"]')[0]
        assert _spans(licensing) == (3, 1)
        assert _spans(_td(t1, "本年收费金额（单位：万元）")) == (3, 1)
    else:
        assert _spans(_td(t1, "第二十条第（九）项")) == (7, 1)
        assert _spans(t1.xpath('.//td[@data-cell="active.procurement.amount"]')[0]) == (3, 1)


def test_every_cell_once_with_its_value(fmt):
    values = distinctive_values(fmt)
    root = lxml.html.fromstring(render_html(make_report(fmt)))
    tds = root.xpath("//td[@data-cell]")
    ids = [td.get("data-cell") for td in tds]
    assert sorted(ids) == sorted(spec.cell_ids(fmt))
    for td in tds:
        assert td.text_content() == format_number(values[td.get("data-cell")])


def test_values_sit_beside_their_labels():
    """Independent of the layout module: the row labelled 2.重复申请 holds that row's 7 values in column order."""
    values = distinctive_values("2021")
    t = _tables(render_html(make_report("2021")))["requests"]
    row = _td(t, "2.重复申请").getparent()
    cells = [td.text_content() for td in row.iter("td")][1:]
    expected = [str(values[f"requests.unprocessed_duplicate.{c}"]) for c in spec.columns_of("requests", "2021", "x")]
    assert cells == expected


def test_blank_ambiguous_missing_print_empty_with_explanation():
    r = make_report("2021")
    r.cells["requests.new.research"] = CellValue(None, "blank")
    r.cells["requests.new.commercial"] = CellValue(None, "ambiguous", "132470", candidates=[132, 470])
    del r.cells["review.suit_after.total"]
    r.cells["requests.total.total"] = CellValue(55, "inferred", derivation="一 + 二 − 四")
    root = lxml.html.fromstring(render_html(r))

    def td(cid):
        return root.xpath(f'//td[@data-cell="{cid}"]')[0]

    assert td("requests.new.research").text_content() == ""
    assert "cell-blank" in td("requests.new.research").get("class")
    amb = td("requests.new.commercial")
    assert amb.text_content() == "" and "cell-ambiguous" in amb.get("class")
    assert "132、470" in amb.get("title") and "132470" in amb.get("title")
    miss = td("review.suit_after.total")
    assert miss.text_content() == "" and "cell-missing" in miss.get("class")
    inferred = td("requests.total.total")
    assert inferred.text_content() == "55" and "一 + 二 − 四" in inferred.get("title")
    assert "自然人" not in td("requests.new.research").get("title")  # the title names the cell's own column
    assert "科研机构" in td("requests.new.research").get("title")


def test_everything_from_the_document_is_escaped():
    attack = '<script>alert(1)</script><a href="javascript:alert(2)">点此</a><img src=x onerror=alert(3)>'
    r = make_report("2021", sections={"overview": attack, "other": "\"' onmouseover=alert(4) x='"})
    r.cells["requests.new.total"] = CellValue(None, "ambiguous", raw='"><script>alert(5)</script>', candidates=["<b>1</b>"])
    r.cells["requests.new.natural_person"] = CellValue(7, "read", raw="<script>alert(6)</script>")
    r.meta["title"] = "</title><script>alert(7)</script>"
    for standalone in (True, False):
        html = render_html(r, standalone=standalone)
        assert "<script" not in html and "<img" not in html and "<a " not in html
        root = lxml.html.fromstring(html)
        assert not root.xpath("//script | //img | //a | //*[@onerror] | //*[@onmouseover] | //*[starts-with(@href, 'javascript:')]")
        text = root.text_content()
        assert '<a href="javascript:alert(2)">点此</a>' in text  # shown as text, not dropped
        td = root.xpath('//td[@data-cell="requests.new.total"]')[0]
        assert '"><script>alert(5)</script>' in td.get("title")
        assert "<script>alert(6)</script>" in root.xpath('//td[@data-cell="requests.new.natural_person"]')[0].get("title")


def test_highlight_marks_only_those_cells():
    flagged = {"requests.total.total", "review.reconsideration.total"}
    root = lxml.html.fromstring(render_html(make_report("2021"), highlight=flagged))
    marked = {td.get("data-cell") for td in root.xpath('//td[contains(concat(" ", @class, " "), " flagged ")]')}
    assert marked == flagged


def test_standalone_page_and_fragment():
    r = make_report("2021")
    page = render_html(r)
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
    root = lxml.html.fromstring(page)
    assert root.xpath("//title")[0].text == "某某县人民政府2025年政府信息公开工作年度报告"
    assert [h.text for h in root.xpath("//h2")] == list(spec.SECTIONS.values())
    assert "统计期限自2025年1月1日起至2025年12月31日止" in root.xpath("//p")[0].text
    assert "国办公开办函〔2021〕30号" in root.xpath("//p")[0].text
    frag = render_html(r, standalone=False)
    assert frag.startswith("<article") and "<html" not in frag and "<body" not in frag


def test_report_from_values_rejects_bad_input():
    with pytest.raises(ValueError):
        report_from_values({"year": 2025}, {}, {"requests.nope.total": 1})
    with pytest.raises(ValueError):
        report_from_values({"year": 2025}, {}, {"requests.new.total": "12"})
    with pytest.raises(ValueError):
        report_from_values({"year": 2025}, {"preface": "x"}, {})
    with pytest.raises(ValueError):  # a 2019-only cell in a 2021 report
        report_from_values({"year": 2025}, {}, {"active.procurement.items": 1})
    r = report_from_values({"year": 2020}, {}, {"requests.new.total": None, "requests.new.natural_person": 3})
    assert r.meta["format"] == "2019"
    assert r.cells["requests.new.total"].status == "blank"
    assert r.cells["requests.new.natural_person"].status == "read" and r.cells["requests.new.natural_person"].value == 3
    assert r.cells["requests.carried_in.total"].status == "missing"
    assert set(r.cells) == set(spec.cell_ids("2019"))
