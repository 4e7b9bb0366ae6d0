"""Table-1 digit runs the narrative settles (design/reading-tables.md §3: the narrative's figures
may break ties, recorded in the derivation, never silently), and the checks that go with them."""
from gongkai import checks
from gongkai.extract import extract
from gongkai.report import NARRATIVE_PREFIX

from .test_engine import crawler_line, doc_of_lines

TITLE = "某某局2022年政府信息公开工作年度报告"


def report_of(narrative: str, normative: str = "111", *, penalty_2019: str | None = None,
              procurement_2019: str = "00"):
    """A one-line crawler report; with `penalty_2019`, table 1 in the 2019 layout with that 行政处罚 run
    (and `procurement_2019` as its 政府集中采购 run)."""
    body = crawler_line({}).replace("行政规范性文件111", "行政规范性文件" + normative)
    if penalty_2019 is not None:
        table_1 = ("第二十条第（一）项信息内容本年新制作数量本年新公开数量对外公开总数量规章000规范性文件" + normative +
                   "第二十条第（五）项信息内容上一年项目数量本年增/减处理决定数量行政许可000其他对外管理服务事项000"
                   "第二十条第（六）项信息内容上一年项目数量本年增/减处理决定数量行政处罚" + penalty_2019 +
                   "行政强制000第二十条第（八）项信息内容上一年项目数量本年增/减行政事业性收费00"
                   "第二十条第（九）项信息内容采购项目数量采购总金额政府集中采购" + procurement_2019)
        start, end = body.index("第二十条第（一）项"), body.index("三、收到和处理")
        body = body[:start] + table_1 + body[end:]
    text = f"{TITLE}\n一、总体情况 {narrative}\n{body}\n六、其他需要报告的事项 无。"
    report = extract(doc_of_lines(*text.split("\n"), delimited=False))
    checks.run(report)
    return report


def test_the_narrative_settles_a_run_together_row():
    r = report_of("设立规范性文件库，集中公开现行有效行政规范性文件698件，动态更新本年度制发的规范性文件88件。", "8855698")
    got = {c: r.cells[f"active.normative_documents.{c}"] for c in ("issued", "repealed", "in_force")}
    assert [got[c].value for c in ("issued", "repealed", "in_force")] == [88, 55, 698]
    for cell in got.values():
        assert cell.status == "inferred"
        assert cell.derivation.startswith(NARRATIVE_PREFIX)
        assert "8855698" in cell.derivation and "制发的规范性文件88件" in cell.derivation
    finding = next(f for f in r.findings if f.rule == "cell.inferred")
    assert "正文称" in finding.message and "据此推得 本年制发件数 88" in finding.message
    assert "按表内关系" not in finding.message  # the relations did not settle it: the message must not say so
    assert not [f for f in r.findings if f.rule == "text.table_mismatch"]


def test_one_figure_narrows_and_the_rest_stays_ambiguous():
    r = report_of("本年度制发行政规范性文件62件。", "6233440")
    issued = r.cells["active.normative_documents.issued"]
    assert (issued.value, issued.status) == (62, "inferred")
    in_force = r.cells["active.normative_documents.in_force"]
    assert in_force.status == "ambiguous" and in_force.value is None
    assert set(in_force.candidates) == {0, 40, 440, 3440}  # only the splits after 62
    assert any(f.rule == "cell.unreadable" for f in r.findings)


def test_a_figure_no_reading_has_settles_nothing_and_is_a_mismatch():
    r = report_of("清理并集中发布现行有效行政规范性文件393件，动态更新本年度制发的规范性文件77件。", "77132470")
    assert r.cells["active.normative_documents.issued"].value == 77
    in_force = r.cells["active.normative_documents.in_force"]
    assert in_force.status == "ambiguous" and 393 not in in_force.candidates
    mismatch = [f for f in r.findings if f.rule == "text.table_mismatch"]
    assert len(mismatch) == 1 and "393" in mismatch[0].message and "470" in mismatch[0].message
    assert mismatch[0].cells == ["active.normative_documents.in_force"]


def test_two_different_figures_for_one_cell_settle_nothing():
    r = report_of("本年度制发行政规范性文件62件。全年制发行政规范性文件6件。", "6233440")
    assert r.cells["active.normative_documents.issued"].status == "ambiguous"


def test_an_unambiguous_row_is_read_not_inferred():
    r = report_of("本年度制发行政规范性文件1件。", "111")
    cell = r.cells["active.normative_documents.issued"]
    assert (cell.value, cell.status, cell.derivation) == (1, "read", None)


def test_a_read_value_against_the_narrative_is_reported_not_changed():
    r = report_of("现行有效行政规范性文件12件。", "111")
    cell = r.cells["active.normative_documents.in_force"]
    assert (cell.value, cell.status) == (1, "read")
    assert any(f.rule == "text.table_mismatch" and "12" in f.message for f in r.findings)


def test_penalty_decisions_settle_the_2019_penalty_row():
    r = report_of("立案查处各类违法行为并作出行政处罚决定784起，全部予以公开挂网。", penalty_2019="1121784784")
    assert r.meta["format"] == "2019"
    decisions = r.cells["active.penalty.decisions"]
    assert (decisions.value, decisions.status) == (784, "inferred")
    assert r.cells["active.penalty.previous"].status == "ambiguous"  # 1121|784, 112|1784 ... still open


def test_a_minus_sign_starts_the_change_column_not_a_count():
    r = report_of("", penalty_2019="2648-18538")
    assert (r.cells["active.penalty.previous"].value, r.cells["active.penalty.previous"].status) == (2648, "read")
    decisions = r.cells["active.penalty.decisions"]
    assert decisions.status == "ambiguous" and all(v >= 0 for v in decisions.candidates)
    change = r.cells["active.penalty.change"]
    assert change.status == "ambiguous" and all(v < 0 for v in change.candidates)


def test_a_published_negative_count_is_still_kept_for_cell_invalid():
    r = report_of("", penalty_2019=" 5 0 -3 ")
    assert r.cells["active.penalty.decisions"].value == -3
    assert any(f.rule == "cell.invalid" for f in r.findings)


def test_the_procurement_amount_settles_items_and_amount_run_together():
    r = report_of("今年共发布采购信息21条共5419886元。", penalty_2019="000", procurement_2019="215419886元")
    items, amount = r.cells["active.procurement.items"], r.cells["active.procurement.amount"]
    assert (items.value, items.status, amount.value, amount.status) == (21, "inferred", 5419886, "inferred")
    # the same run with the amount stated in 万元
    r = report_of("全年政府集中采购金额541.9886万元。", penalty_2019="000", procurement_2019="215419886元")
    assert r.cells["active.procurement.amount"].value == 5419886
    # and with nothing stated it stays open
    r = report_of("", penalty_2019="000", procurement_2019="215419886元")
    assert r.cells["active.procurement.amount"].status == "ambiguous"


def test_an_in_force_count_no_reading_has_is_reported_when_the_issued_count_settled_the_row():
    r = report_of("本年度制发规范性文件34件，现行有效件数424件。", "34089")
    assert [r.cells[f"active.normative_documents.{c}"].value for c in ("issued", "repealed", "in_force")] == [34, 0, 89]
    assert any(f.rule == "text.table_mismatch" and "424" in f.message and "89" in f.message for f in r.findings)


def test_a_row_that_runs_into_prose_starting_with_a_year_ends_before_the_year():
    # …四、结转下年度继续办理20000022025年，… : the last row ran into the next paragraph
    line = crawler_line({"new": "2000002", "unable_not_held": "0000000", "total": "0000000"})
    line = line.replace("四、结转下年度继续办理0000000", "四、结转下年度继续办理20000022025年，我局将继续")
    r = report_of_line(line)
    assert [r.cells[f"requests.carried_out.{c}"].value for c in ("natural_person", "total")] == [2, 2]
    assert r.cells["requests.carried_out.total"].status == "read"


def test_a_lone_year_after_a_row_is_not_a_value():
    line = crawler_line({}).replace("四、结转下年度继续办理0000000", "四、结转下年度继续办理00000002025年全年")
    r = report_of_line(line)
    assert r.cells["requests.carried_out.total"].value == 0
    assert "2025" not in (r.cells["requests.carried_out.total"].raw or "")


def report_of_line(line: str):
    report = extract(doc_of_lines(TITLE, "一、总体情况 无。", line, delimited=False))
    checks.run(report)
    return report


def test_a_change_written_with_the_word_jian_is_negative():
    # 行政事业性收费16减12 (平潭农业农村局 2019): 上一年 16, 本年增/减 -12
    from gongkai.extract.evidence import _free_tokens
    out = []
    _free_tokens("16减12", None, 0, out, False)
    assert [(t.sign, t.digits) for t in out] == [("", "16"), ("-", "12")]
    out = []
    _free_tokens("16核减12", None, 0, out, False)  # 核减 is a word: no sign (and words end the numbers)
    assert all(t.sign == "" for t in out)
    r = report_of("", penalty_2019="000")
    text = r.text
    assert "行政事业性收费00" in text  # the fixture's fee row, replaced below
    from gongkai.pipeline import check_bytes
    report = check_bytes(text.replace("行政事业性收费00", "行政事业性收费16减12").encode("utf-8"), "r.txt")
    assert (report.cells["active.fees.previous"].value, report.cells["active.fees.change"].value) == (16, -12)
