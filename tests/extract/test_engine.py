"""The extraction engine on small hand-made documents: splitting, placement, solving, honesty."""
import re

from hypothesis import given, settings, strategies as st
import pytest

from gongkai import spec
from gongkai.document import Cell, Document, Row, Source
from gongkai.extract import extract
from gongkai.extract.numbers import Token, _splits, readings


def doc_of_lines(*lines, delimited=True) -> Document:
    rows = [Row([Cell(t, {"line": i + 1, "col": 1}) for t in line.split("\t")], delimited=delimited)
            for i, line in enumerate(lines)]
    return Document(Source("t.txt", "0", "text/plain"), rows)


REQ_LABELS = ["一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量", "（一）予以公开",
              "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "1.属于国家秘密", "2.其他法律行政法规禁止公开",
              "3.危及“三安全一稳定”", "4.保护第三方合法权益", "5.属于三类内部事务信息", "6.属于四类过程性信息",
              "7.属于行政执法案卷", "8.属于行政查询事项", "1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作",
              "3.补正后申请内容仍不明确", "1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物",
              "4.无正当理由大量反复申请", "5.要求行政机关确认或重新出具已获取信息",
              "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
              "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "3.其他", "（七）总计",
              "四、结转下年度继续办理"]
REQ_ROWS = [r for r in spec.rows_of("requests", "2021")]
HEADER = "第二十条第（一）项 信息内容 本年制发件数 本年废止件数 现行有效件数"


def crawler_line(rows: dict[str, str], review: str = "000000000000000") -> str:
    """One-line crawler body: labels followed by their digits run together."""
    body = "二、主动公开政府信息情况 " + HEADER + "规章000行政规范性文件111"
    body += "三、收到和处理政府信息公开申请情况"
    for key, label in zip(REQ_ROWS, REQ_LABELS):
        body += label + rows.get(key, "0000000")
    body += "四、政府信息公开行政复议、行政诉讼情况 行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计未经复议直接起诉复议后起诉" \
            "结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计" + review + "五、存在的主要问题及改进情况"
    return body


def test_splits_have_no_leading_zeros():
    from gongkai.extract.numbers import TooManyReadings
    import pytest
    with pytest.raises(TooManyReadings):
        _splits("1" * 40, 20)
    assert _splits("1005", 2) == [["100", "5"]]
    assert ["10", "05"] not in _splits("1005", 2)
    assert _splits("000", 3) == [["0", "0", "0"]]
    assert _splits("12", 3) == []


@given(st.lists(st.integers(0, 300), min_size=1, max_size=7))
@settings(max_examples=150, deadline=None)
def test_the_true_reading_is_always_among_the_readings_or_none_is_given(values):
    digits = "".join(str(v) for v in values)
    opts, problem = readings([Token(digits, splittable=True)], len(values))
    if problem == "too_many":
        assert opts == []  # nothing is offered rather than an incomplete list
    else:
        assert list(values) in [[p.value for p in o] for o in opts]


def test_row_relation_picks_the_split_and_column_relations_break_ties():
    # 予以公开 '270020130' fits 27,0,0,2,0,1,30 and 2,7,0,0,20,1,30 under the row sum; only the first
    # keeps the 商业企业 column balanced (nothing received from companies).
    line = crawler_line({"new": "27 0 0 2 0 1 30", "granted": "270020130", "total": "27 0 0 2 0 1 30"})
    r = extract(doc_of_lines(line, delimited=False))
    assert r.cells["requests.granted.natural_person"].value == 27
    assert r.cells["requests.granted.natural_person"].status == "read"
    assert r.cells["requests.granted.commercial"].value == 0


def test_genuinely_ambiguous_cells_are_never_read():
    r = extract(doc_of_lines(crawler_line({}).replace("行政规范性文件111", "行政规范性文件693665"), delimited=False))
    c = r.cells["active.normative_documents.issued"]
    assert c.status == "ambiguous" and c.value is None
    assert 69 in c.candidates and 6 in c.candidates
    assert c.raw == "693665"


def test_short_digit_run_is_inferred_from_the_balance():
    line = crawler_line({"new": "1000001", "unable_not_held": "1000001", "total": "1000001", "carried_out": "000000"})
    r = extract(doc_of_lines(line, delimited=False))
    for c in spec.columns_of("requests", "2021", "carried_out"):
        cell = r.cells[f"requests.carried_out.{c}"]
        assert cell.value == 0 and cell.status in ("read", "inferred")
    assert any(r.cells[f"requests.carried_out.{c}"].status == "inferred" for c in spec.columns_of("requests", "2021", "carried_out"))


def test_rows_without_values_are_inferred_only_when_forced():
    line = crawler_line({"new": "3000003", "granted": "1000001", "other_other": "2000002", "total": "3000003"})
    line = line.replace("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请0000000",
                        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请")
    r = extract(doc_of_lines(line, delimited=False))
    cell = r.cells["requests.other_no_fee.natural_person"]
    assert cell.status == "inferred" and cell.value == 0 and "总计" in cell.derivation


def test_a_published_error_is_kept_not_repaired():
    # 总计 row says 1 for 自然人 while nothing was received: read as printed, the check reports it
    line = crawler_line({"total": "1000000"})
    r = extract(doc_of_lines(line, delimited=False))
    assert r.cells["requests.total.natural_person"].value == 1
    assert r.cells["requests.total.natural_person"].status == "read"
    assert r.cells["requests.total.total"].value == 0


def test_review_row_split_by_group_sums():
    r = extract(doc_of_lines(crawler_line({}, review="10203120001200000"), delimited=False))
    got = [r.cells[c].value for c in spec.cell_ids("2021", "review")]
    assert got == [1, 0, 2, 0, 3, 12, 0, 0, 0, 12, 0, 0, 0, 0, 0]


def test_one_cell_per_line_and_explicit_blanks():
    lines = ["三、收到和处理政府信息公开申请情况"]
    for key, label in zip(REQ_ROWS, REQ_LABELS):
        lines.append(label + "\t" + "\t".join(["2", "", "", "", "", "", "2"] if key in ("new", "granted", "total")
                                               else ["0"] * 7))
    r = extract(doc_of_lines(*lines))
    assert r.cells["requests.new.natural_person"].value == 2
    assert r.cells["requests.new.commercial"].status == "blank"
    assert r.cells["requests.new.commercial"].value is None


def test_missing_row_is_reported_and_overfull_row_is_not_guessed():
    lines = ["三、收到和处理政府信息公开申请情况"]
    for key, label in zip(REQ_ROWS, REQ_LABELS):
        if key == "denied_query":
            continue
        values = ["0"] * (8 if key == "partial" else 7)
        lines.append(label + "\t" + "\t".join(values))
    r = extract(doc_of_lines(*lines))
    messages = " ".join(p.message for p in r.problems)
    assert "部分公开" in messages and "多于" in messages
    assert r.cells["requests.partial.natural_person"].status in ("missing", "inferred")
    assert r.cells["requests.denied_query.total"].status in ("missing", "inferred")
    assert any("缺少" in p.message for p in r.problems)


def test_label_variants_are_data():
    from gongkai.extract import labels
    rx = labels.row_pattern("requests", "unprocessed_confirmation")
    from gongkai.extract.normalize import fold
    assert rx.search(fold("5. 要求行政机关确认或重新出具以获取信息"))
    assert labels.row_pattern("requests", "granted").search(fold("(一) 予以公开"))
    assert not labels.row_pattern("requests", "other_other").search(fold("其他"))
    # 莆田 2019: 本年度新收 / 上年度结转
    assert labels.row_pattern("requests", "new").search(fold("一、本年度新收政府信息公开申请数量"))
    assert labels.row_pattern("requests", "carried_in").search(fold("二、上年度结转政府信息公开申请数量"))


@pytest.mark.parametrize("label,ocr", [("予以公开", "子以公开"), ("三安全一稳定", "三安全—稳定"),
                                       ("三安全一稳定", "三安全-稳定")])
def test_short_labels_as_ocr_misreads_them(label, ocr):
    import random

    from gongkai.pipeline import check_bytes
    from gongkai.synth import generate, render

    truth = generate(8, fmt="2021", blanks=False)
    data, _ = render(truth, "pipe", random.Random(8))
    lines = data.decode("utf-8").split("\n")
    misread = "\n".join(line.replace(label, ocr) if line.startswith("|") else line for line in lines)
    assert misread.count(ocr) == 1
    report = check_bytes(misread.encode("utf-8"), "ocr.txt")
    assert {cid: report.cells[cid].value for cid in truth.cells} == truth.cells
    assert {c.status for c in report.cells.values()} == {"read"}, "the row is found, not inferred"


def test_a_cell_that_is_only_a_bracket_is_text_not_a_blank():
    from gongkai.extract.evidence import _parse_cell
    assert _parse_cell("（三）") is None  # a row's numbering on a line of its own
    assert _parse_cell("（四）无") is None  # （四）无 / 法提供: a label cut in lines, not the blank 无
    assert _parse_cell("（无）") == () and _parse_cell("无") == ()
    assert _parse_cell("3项(41笔)")[0][1] == "3" and _parse_cell("—") == () and _parse_cell(" ") == ()
    # every dash a table's empty cell is written with: full-width, small, horizontal bar
    assert [_parse_cell(d) for d in ("－", "﹣", "―", "/", "／")] == [()] * 5
    assert _parse_cell("－3")[0][:2] == ("－", "3")  # a sign before a number is still a sign


def test_readings_of_a_short_separated_row_place_a_gap():
    toks = [Token("0", separated=True) for _ in range(6)]
    opts, problem = readings(toks, 7)
    assert problem == "short" and len(opts) == 7
    assert all(sum(p is None for p in o) == 1 for o in opts)


def test_nothing_recognisable_gives_no_format_and_no_cells():
    r = extract(doc_of_lines("hello", "world"))
    assert r.meta["format"] is None and r.cells == {}


def test_a_leading_zero_run_is_never_one_number():
    line = crawler_line({}).replace("行政规范性文件111", "行政规范性文件019 173")
    r = extract(doc_of_lines(line, delimited=False))
    assert [r.cells[f"active.normative_documents.{c}"].value for c in ("issued", "repealed", "in_force")] == [0, 19, 173]


def test_merged_label_cells_printed_empty_are_padding_not_values():
    lines = ["三、收到和处理政府信息公开申请情况"]
    for key, label in zip(REQ_ROWS, REQ_LABELS):
        values = ["12", "2", "0", "0", "0", "0", "14"] if key in ("new", "granted", "total") else ["0"] * 7
        lines.append("\t".join([label, "", ""] + values))  # the label spans three columns
    r = extract(doc_of_lines(*lines))
    assert r.cells["requests.new.natural_person"].value == 12
    assert r.cells["requests.new.total"].value == 14
    assert not [p for p in r.problems if "多于" in p.message]


def test_a_sign_after_digits_belongs_to_the_next_number():
    from gongkai.extract.numbers import NUMBER
    assert [m.group(1) + m.group(2) for m in NUMBER.finditer("449-12 0")] == ["449", "-12", "0"]
    assert [m.group(2) for m in NUMBER.finditer("12345")] == ["12345"]  # never starts mid-run


def test_many_ambiguous_rows_do_not_explode_and_stay_honest():
    from gongkai.extract.solve import JOINT_LIMIT, choose, requests_relations
    rels = requests_relations(("other_no_correction", "other_no_fee", "other_other"), False)
    options = {f"r{i}": [{"requests.denied_internal.natural_person": v} for v in range(8)] for i in range(5)}
    assert 8 ** 5 > JOINT_LIMIT
    winners, certain = choose({}, options, rels)
    assert not certain and len(winners) <= 5 * 8


def test_a_page_number_between_table_rows_is_not_a_value():
    lines = ["三、收到和处理政府信息公开申请情况"]
    for key, label in zip(REQ_ROWS, REQ_LABELS):
        lines.append("\t".join([label] + [""] * 7))
        if key == "unprocessed_excessive":
            lines.append("— 2 —")  # a page number printed between two fragments of the table
    doc = doc_of_lines(*lines)
    for row in doc.rows:
        if row.text == "— 2 —":
            row.delimited = False
    r = extract(doc)
    for c in spec.columns_of("requests", "2021", "unprocessed_excessive"):
        cell = r.cells[f"requests.unprocessed_excessive.{c}"]
        assert cell.status == "blank" and cell.value is None


def _ocr_doc(uncertain: dict[tuple[str, int], tuple[str, float, list]]):
    """Table 2 as OCR'd rows; `uncertain` maps (row, column index) to (text, confidence, alternatives)."""
    values = {"new": [41, 0, 0, 0, 0, 0, 41], "granted": [41, 0, 0, 0, 0, 0, 41], "total": [41, 0, 0, 0, 0, 0, 41]}
    rows = [Row([Cell("三、收到和处理政府信息公开申请情况", {"page": 1})], True)]
    for key, label in zip(REQ_ROWS, REQ_LABELS):
        cells = [Cell(label, {"page": 1})]
        for j, v in enumerate(values.get(key, [0] * 7)):
            text, conf, alts = uncertain.get((key, j), (str(v), 0.99, []))
            at = {"page": 1, "ocr_confidence": conf}
            if alts:
                at["alternatives"] = alts
            cells.append(Cell(text, at))
        rows.append(Row(cells, True, 0))
    return Document(Source("scan.pdf", "0", "application/pdf"), rows)


def test_an_uncertain_ocr_digit_is_never_read_but_the_relations_may_recover_it():
    # "41" read as "4" with low confidence: the row and column relations give 41 back, as inferred
    r = extract(_ocr_doc({("granted", 0): ("4", 0.5, [])}))
    cell = r.cells["requests.granted.natural_person"]
    assert cell.status == "inferred" and cell.value == 41


def test_uncertain_ocr_digits_the_relations_cannot_settle_stay_ambiguous():
    r = extract(_ocr_doc({("granted", 0): ("4", 0.5, ["9"]), ("granted", 6): ("4", 0.5, ["9"]),
                          ("new", 0): ("4", 0.5, []), ("new", 6): ("4", 0.5, []),
                          ("total", 0): ("4", 0.5, []), ("total", 6): ("4", 0.5, [])}))
    cell = r.cells["requests.granted.natural_person"]
    assert cell.status == "ambiguous" and cell.value is None and set(cell.candidates) >= {4, 9}


def test_an_unreadable_ocr_cell_is_not_a_blank():
    r = extract(_ocr_doc({("denied_query", 3): ("", 0.0, [])}))
    doc = _ocr_doc({("denied_query", 3): ("", 0.0, [])})
    doc.rows[12].cells[4].at["ocr_unreadable"] = True
    r = extract(doc)
    cell = r.cells["requests.denied_query.public_interest"]
    assert cell.status != "blank" and cell.value in (None, 0)
    assert cell.status in ("inferred", "missing", "ambiguous")


def test_a_confident_ocr_misread_breaking_its_row_and_column_is_not_read():
    # 41 read as "47" (a 1 taken for a 7) with high confidence: the row total and the column sum
    # both ask for 41
    r = extract(_ocr_doc({("granted", 0): ("47", 0.99, [])}))
    cell = r.cells["requests.granted.natural_person"]
    assert cell.status == "ambiguous" and cell.value is None and cell.candidates == [41, 47]
    assert cell.raw == "47"
    # 41 as "42": no digit OCR takes for another, so a published error, read as published
    r = extract(_ocr_doc({("granted", 0): ("42", 0.99, [])}))
    cell = r.cells["requests.granted.natural_person"]
    assert (cell.status, cell.value) == ("read", 42)
    # the other cells of the row and the column keep their readings
    assert r.cells["requests.granted.total"].status == "read"
    assert r.cells["requests.total.natural_person"].value == 41


def test_the_same_number_from_a_text_layer_is_read_as_published():
    # the same table with no OCR provenance: what was published is reported (and its errors found)
    doc = _ocr_doc({("granted", 0): ("47", 0.99, [])})
    for row in doc.rows:
        for cell in row.cells:
            cell.at = {"page": 1}
    cell = extract(doc).cells["requests.granted.natural_person"]
    assert (cell.status, cell.value) == ("read", 47)


def test_ocr_readings_whose_broken_relations_disagree_are_kept():
    # two wrong cells in one row: the row and the columns ask different values of each, so
    # nothing says which reading is wrong; they are kept (and the checks report the relations)
    r = extract(_ocr_doc({("granted", 0): ("47", 0.99, []), ("granted", 1): ("2", 0.99, [])}))
    assert (r.cells["requests.granted.natural_person"].status, r.cells["requests.granted.natural_person"].value) == ("read", 47)
    assert (r.cells["requests.granted.commercial"].status, r.cells["requests.granted.commercial"].value) == ("read", 2)


def test_a_label_ocr_read_unsurely_is_text_not_a_value():
    # the header cell 其他结果 read as 其也注果 at confidence 0.3 must not become a value of table 3
    doc = _ocr_doc({})
    rows = doc.rows
    rows.append(Row([Cell("四、政府信息公开行政复议、行政诉讼情况", {"page": 1})], True))
    header = ["行政复议", "行政诉讼", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉",
              "复议后起诉"] + ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2
    rows.append(Row([Cell(h, {"page": 1, "ocr_confidence": 0.3 if k == len(header) - 3 else 0.99})
                     for k, h in enumerate(header[:-3] + ["其也注果", "尚未±口", "总计"])], True, 1))
    values = [0, 1, 1, 0, 2, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0]
    rows.append(Row([Cell(str(v), {"page": 1, "ocr_confidence": 0.99}) for v in values], True, 1))
    r = extract(doc)
    got = [r.cells[c].value for c in spec.cell_ids(r.meta["format"] or "2021", "review")]
    assert got == values


def test_nothing_is_inferred_through_cells_of_a_relation_the_table_breaks():
    # The total column is printed 0 throughout (a published error) and the row 无法提供 1 is lost:
    # its cells must not be inferred as 0 from the wrong totals.
    values = {"new": [2, 0, 0, 0, 0, 0, 0], "partial": [1, 0, 0, 0, 0, 0, 0],
              "unable_not_held": [1, 0, 0, 0, 0, 0, 0], "total": [2, 0, 0, 0, 0, 0, 0]}
    rows = [Row([Cell("三、收到和处理政府信息公开申请情况", {"page": 1})], True)]
    for key, label in zip(REQ_ROWS, REQ_LABELS):
        if key == "unable_not_held":
            continue
        rows.append(Row([Cell(label, {"page": 1})] + [Cell(str(v), {"page": 1}) for v in values.get(key, [0] * 7)],
                        True, 0))
    r = extract(Document(Source("t.pdf", "0", "application/pdf"), rows))
    cell = r.cells["requests.unable_not_held.natural_person"]
    assert cell.status != "inferred" and cell.value is None
    # where the table holds, the lost row is inferred as before
    values = {"new": [2, 0, 0, 0, 0, 0, 2], "partial": [1, 0, 0, 0, 0, 0, 1], "total": [2, 0, 0, 0, 0, 0, 2]}
    rows = rows[:1] + [Row([Cell(label, {"page": 1})] + [Cell(str(v), {"page": 1}) for v in values.get(key, [0] * 7)],
                           True, 0) for key, label in zip(REQ_ROWS, REQ_LABELS) if key != "unable_not_held"]
    cell = extract(Document(Source("t.pdf", "0", "application/pdf"), rows)).cells["requests.unable_not_held.natural_person"]
    assert (cell.status, cell.value) == ("inferred", 1)


def test_labels_of_several_rows_in_one_cell_give_none_of_them_the_values_after_it():
    # A scan that lost the rule between the label columns: one cell holds three rows' labels, and
    # the values after it belong to the first of them (or to none): not to the last.
    rows = [Row([Cell("三、收到和处理政府信息公开申请情况", {"page": 1})], True)]
    crowded = ("denied_state_secret", "denied_prohibited", "denied_security")
    for key, label in zip(REQ_ROWS, REQ_LABELS):
        if key in crowded[1:]:
            continue
        if key == crowded[0]:
            label = "（三）不予公开 " + "".join(REQ_LABELS[REQ_ROWS.index(k)] for k in crowded)
        values = ["5", "0", "0", "0", "0", "0", "5"] if key in ("new", "total", crowded[0]) else ["0"] * 7
        rows.append(Row([Cell(label, {"page": 1})] + [Cell(v, {"page": 1}) for v in values], True, 0))
    r = extract(Document(Source("t.pdf", "0", "application/pdf"), rows))
    for key in crowded:
        assert r.cells[f"requests.{key}.natural_person"].status != "read", key
    assert any("挤在同一个单元格" in p.message for p in r.problems)
    assert (r.cells["requests.granted.total"].status, r.cells["requests.granted.total"].value) == ("read", 0)


def test_the_enforcement_file_row_with_its_typo_is_found():
    # 平潭市场监督管理局 2025: "7.属于行政执法案件" for 案卷 (a variant line in labels.yaml)
    line = crawler_line({"new": "3000003", "denied_enforcement_file": "3000003", "total": "3000003"})
    line = line.replace("7.属于行政执法案卷", "7.属于行政执法案件")
    r = extract(doc_of_lines(line, delimited=False))
    cell = r.cells["requests.denied_enforcement_file.natural_person"]
    assert (cell.value, cell.status) == (3, "read")
    assert not [p for p in r.problems if "执法案卷" in p.message]


def test_review_groups_that_balance_are_read_when_another_group_cannot():
    # 17 digits for 15 cells; no split balances 复议后起诉 (published 13 2 4 0 | 15), but every split
    # that balances 行政复议 also balances 直接起诉 and gives them one value each
    from gongkai import checks
    r = extract(doc_of_lines(crawler_line({}, review="00202000001324015"), delimited=False))
    got = [r.cells[c].value for c in spec.cell_ids("2021", "review")[:10]]
    assert got == [0, 0, 2, 0, 2, 0, 0, 0, 0, 0]
    assert all(r.cells[c].status == "read" for c in spec.cell_ids("2021", "review")[:10])
    assert all(r.cells[c].status == "ambiguous" for c in spec.cell_ids("2021", "review")[10:])
    checks.run(r)
    found = [f for f in r.findings if f.rule == "review.sum"]
    assert len(found) == 1 and "复议后起诉" in found[0].message and "无论怎样拆分" in found[0].message
    assert found[0].severity == "error"


def test_a_review_row_that_balances_is_not_reported():
    from gongkai import checks
    r = extract(doc_of_lines(crawler_line({}, review="10203120001200000"), delimited=False))
    checks.run(r)
    assert not [f for f in r.findings if f.rule == "review.sum"]


def test_no_table_at_all_means_no_format_even_when_the_year_is_known():
    r = extract(doc_of_lines("某某局2020年政府信息公开工作年度报告", "一、总体情况", "本年度无。"))
    assert r.meta["year"] == 2020 and r.meta["format"] is None and r.cells == {}


def test_a_2019_section_printed_with_this_years_count_only():
    # 莆田市人民政府 2019: (五) and (六) headed 2019年项目数量 / 处理决定数量 (no 上一年项目数量, no 本年增/减),
    # (八) only 2019年项目数量: the count is no template cell, the decisions are read, the rest told
    import random

    from gongkai import pipeline
    from gongkai.synth import generate, render

    data, _ = render(generate(11, fmt="2019", blanks=False), "cells", random.Random(11))
    lines = [line for line in data.decode("utf-8").split("\n") if line.strip()]
    start = lines.index("第二十条第（五）项")
    end = lines.index("第二十条第（九）项")
    lines[start:end] = ["第二十条第（五）项", "信息内容", "2019年", "项目数量", "处理", "决定数量",
                        "行政许可", "2876", "123291", "其他对外管理服务事项", "5408", "835562",
                        "第二十条第（六）项", "信息内容", "2019年项目数量", "处理决定数量",
                        "行政处罚", "16250", "13818", "行政强制", "629", "2012",
                        "第二十条第（八）项", "信息内容", "2019年项目数量", "行政事业性收费", "168"]
    report = pipeline.check_bytes("\n".join(lines).encode("utf-8"), "this-year.txt")
    cells = report.cells
    assert [(cells[f"active.{r}.decisions"].status, cells[f"active.{r}.decisions"].value)
            for r in ("licensing", "other_services", "penalty", "coercion")] == \
        [("read", 123291), ("read", 835562), ("read", 13818), ("read", 2012)]
    for r in ("licensing", "other_services", "penalty", "coercion", "fees"):
        for c in ("previous", "change"):
            assert cells[f"active.{r}.{c}"].status == "missing", (r, c, cells[f"active.{r}.{c}"])
    told = [f for f in report.findings if f.rule == "table.malformed" and "只列本年项目数量" in f.message]
    assert [f.message[2:11] for f in told] == ["第二十条第（五）项", "第二十条第（六）项", "第二十条第（八）项"]


def test_a_long_row_label_misread_by_a_character_is_still_its_row():
    # A scan: OCR read 逾期 as 邀期 in table 2's longest label; the row sits between the rows found
    # before and after it, so its values are its own (and no false "row missing" is reported).
    import random

    from gongkai import pipeline
    from gongkai.synth import generate, render

    truth = generate(5, fmt="2021", blanks=False)
    text = render(truth, "cells", random.Random(5))[0].decode("utf-8")
    label = "2.申请人逾期未按收费通知要求缴纳费用，行政机关不再处理其政府信息公开申请"
    assert label in text
    ids = [f"requests.other_no_fee.{c}" for c in
           ("natural_person", "commercial", "research", "public_interest", "legal_services", "other_org", "total")]
    report = pipeline.check_bytes(text.replace(label, label.replace("逾期", "邀期")).encode("utf-8"), "ocr.txt")
    assert [report.cells[c].value for c in ids] == [truth.cells[c] for c in ids]
    assert not any(f.rule == "table.malformed" for f in report.findings)
    # a label mostly unlike the template's is not taken for it
    report = pipeline.check_bytes(text.replace(label, "2.申请人未缴费用").encode("utf-8"), "other.txt")
    assert any(f.rule == "table.malformed" and "逾期未按收费通知" in f.message for f in report.findings)


def test_a_long_row_label_read_a_character_short_keeps_its_first_value():
    # One cell per line: a label read one character short is followed by its first value, which a
    # window of the label's full length would take in (12 read as 2).
    import random

    from gongkai import pipeline
    from gongkai.synth import generate, render

    truth = generate(4, fmt="2021", blanks=False)  # this report's row: 12, 3, 0, 0, 0, 0, 15
    text = render(truth, "cells", random.Random(4))[0].decode("utf-8")
    label = "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
    assert label in text
    misread = text.replace(label, label.replace("逾期", "逾"))
    report = pipeline.check_bytes(misread.encode("utf-8"), "ocr.txt")
    ids = [f"requests.other_no_fee.{c}" for c in
           ("natural_person", "commercial", "research", "public_interest", "legal_services", "other_org", "total")]
    assert [report.cells[c].value for c in ids] == [truth.cells[c] for c in ids] == [12, 3, 0, 0, 0, 0, 15]
    assert [report.cells[c].status for c in ids] == ["read"] * 7


@pytest.mark.parametrize("plus,minus", [("＋", "－"), ("﹢", "﹣"), ("+", "−")])
def test_full_width_and_small_signs_of_a_change(plus, minus):
    import random

    from gongkai.pipeline import check_bytes
    from gongkai.synth import generate, render

    data, _ = render(generate(5, fmt="2019", blanks=False), "pipe", random.Random(5))
    text = re.sub(r"\| 行政处罚 \|[^\n]*", f"| 行政处罚 | 1530 | {plus}46 | 2875 |", data.decode("utf-8"))
    text = re.sub(r"\| 行政强制 \|[^\n]*", f"| 行政强制 | 20 | {minus}3 | 7 |", text)
    cells = check_bytes(text.encode("utf-8"), "signs.txt").cells
    got = {cid: (cells[cid].status, cells[cid].value) for cid in
           ("active.penalty.previous", "active.penalty.change", "active.penalty.decisions", "active.coercion.change")}
    assert got == {"active.penalty.previous": ("read", 1530), "active.penalty.change": ("read", 46),
                   "active.penalty.decisions": ("read", 2875), "active.coercion.change": ("read", -3)}


@pytest.mark.parametrize("first,second", [("单位：件 行政复议", "单位：件 行政诉讼"),
                                          ("表3-1 行政复议情况", "表3-2 行政诉讼情况")])
def test_table_three_printed_as_two_tables_with_captions(first, second):
    # 行政复议 and 行政诉讼 as two tables, each under a caption; a caption's number is no value
    review = (f" {first} 结果维持 结果纠正 其他结果 尚未审结 总计 1 0 1 0 2"
              f" {second} 未经复议直接起诉 复议后起诉 结果维持 结果纠正 其他结果 尚未审结 总计"
              " 结果维持 结果纠正 其他结果 尚未审结 总计 1 0 0 0 1 0 0 0 1 1 ")
    report = extract(doc_of_lines(crawler_line({}, review), delimited=False))
    got = [report.cells[c].value for c in spec.cell_ids("2021", "review")]
    assert got == [1, 0, 1, 0, 2, 1, 0, 0, 0, 1, 0, 0, 0, 1, 1]


def test_table_three_under_a_header_broken_by_narrow_columns():
    # a header printed a few characters a line (结果维 / 持): the one row of fifteen values is table 3
    lines = [crawler_line({}, "").split("四、政府信息公开行政复议")[0], "四、政府信息公开行政复议、行政诉讼情况",
             "本年度被提起政府信息公开行政诉讼1件（未经复议直接起诉），尚未审结。", "行政复议行政诉讼",
             "未经复议直接起诉复议后起诉", "结果维结果纠其他结尚未审", "总计", "持正果结结果维结果纠其他结尚未审",
             "0 0 0 0 0 0 0 0 1 1 0 0 0 0 0", "五、存在的主要问题及改进情况", "无。"]
    report = extract(doc_of_lines(*lines, delimited=False))
    got = [report.cells[c].value for c in spec.cell_ids("2021", "review")]
    assert got == [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0]
    assert {report.cells[c].status for c in spec.cell_ids("2021", "review")} == {"read"}


def test_a_change_written_in_words_in_its_own_cell():
    import random

    from gongkai.pipeline import check_bytes
    from gongkai.synth import generate, render

    data, _ = render(generate(5, fmt="2019", blanks=False), "pipe", random.Random(5))
    text = re.sub(r"\| 行政处罚 \|[^\n]*", "| 行政处罚 | 1347 | 增加11 | 2861 |", data.decode("utf-8"))
    text = re.sub(r"\| 行政强制 \|[^\n]*", "| 行政强制 | 20 | 减少3 | 7 |", text)
    cells = check_bytes(text.encode("utf-8"), "words.txt").cells
    assert (cells["active.penalty.change"].value, cells["active.penalty.change"].raw) == (11, "增加11")
    assert (cells["active.coercion.change"].status, cells["active.coercion.change"].value) == ("read", -3)
    assert cells["active.penalty.decisions"].value == 2861


def test_a_one_value_row_a_converter_repeated_in_each_column():
    import random

    from gongkai.pipeline import check_bytes
    from gongkai.synth import generate, render

    data, _ = render(generate(5, fmt="2021", blanks=False), "pipe", random.Random(5))
    text = re.sub(r"\| 行政许可 \|[^\n]*", "| 行政许可 | 137 | 137 | 137 |", data.decode("utf-8"))
    cell = check_bytes(text.encode("utf-8"), "marker.md").cells["active.licensing.decisions"]
    assert (cell.status, cell.value) == ("read", 137)
    text = re.sub(r"\| 行政许可 \|[^\n]*", "| 行政许可 | 137 | 13 | 137 |", data.decode("utf-8"))
    assert check_bytes(text.encode("utf-8"), "marker.md").cells["active.licensing.decisions"].status != "read"


def test_ocr_letters_in_a_value_cell_are_uncertain_digits_the_relations_may_settle():
    import random

    from gongkai.pipeline import check_bytes
    from gongkai.synth import generate, render

    truth = next(r for r in (generate(seed, fmt="2021", blanks=False) for seed in range(200))
                 if r.cells["requests.granted.natural_person"] == 1 and r.cells["active.normative_documents.repealed"] == 0)
    data, _ = render(truth, "pipe", random.Random(1))
    lines = data.decode("utf-8").split("\n")
    granted = next(i for i, line in enumerate(lines) if line.startswith("|") and "予以公开" in line and "不予" not in line)
    cells = lines[granted].split("|")
    cells[[c.strip() for c in cells].index("1")] = " l "  # OCR read 1 as l
    lines[granted] = "|".join(cells)
    documents = next(i for i, line in enumerate(lines) if line.startswith("| 行政规范性文件"))
    cells = lines[documents].split("|")
    cells[3] = " O "  # 本年废止件数 0 read as O: nothing relates it to other cells
    lines[documents] = "|".join(cells)
    report = check_bytes("\n".join(lines).encode("utf-8"), "ocr.txt")
    granted_cell = report.cells["requests.granted.natural_person"]
    assert (granted_cell.status, granted_cell.value) == ("inferred", 1)
    repealed = report.cells["active.normative_documents.repealed"]
    assert repealed.status == "ambiguous" and repealed.candidates == [0]


def _row_tokens(*lines):
    """Tokens of a table-2 row printed over `lines` (each a list of numbers), one source row a line."""
    return [Token(str(v), raw=str(v), separated=True, row=i) for i, line in enumerate(lines) for v in line]


def test_a_total_wrapped_in_its_narrow_cell_is_joined_and_the_empty_cell_left_open():
    from gongkai.extract.engine import _wrapped_total
    # pdftotext -raw: "一、本年新收… 120 12 1 7 1 14" then "1" (141, the cell too narrow), 科研机构 empty
    tokens = _row_tokens([120, 12, 1, 7, 1, 14], [1])
    joined = _wrapped_total(tokens)
    assert [t.digits for t in joined] == ["120", "12", "1", "7", "1", "141"]
    options, problem = readings(joined, 7)
    assert problem == "short" and len(options) > 1  # where the empty cell was is not known
    assert {o[-1].value for o in options if o[-1] is not None} == {141}


@pytest.mark.parametrize("lines", [
    ([3, 1, 0, 0, 0, 0], [4]),  # the row adds up as printed: a value on the next line is the row's
    ([120, 12, 1, 7, 1, 14], [2]),  # 142 is no sum of the five before it: nothing tells a wrap
    ([120, 12, 1, 7, 1, 14, 1],),  # all on one line: the published row, as it stands
])
def test_a_row_that_does_not_show_a_wrapped_total_is_left_as_it_is(lines):
    from gongkai.extract.engine import _wrapped_total
    tokens = _row_tokens(*lines)
    assert _wrapped_total(tokens) is tokens


def _laid_out(*lines):
    """Tokens of a table-2 row in pdftotext -layout text: each line a list of (column, number)."""
    return [Token(str(v), raw=str(v), separated=True, row=i, at={"line": i, "col": col})
            for i, line in enumerate(lines) for col, v in line]


def test_a_value_wrapped_onto_another_line_is_put_in_its_column():
    from gongkai.extract.engine import _in_column_order
    # 3.其他: the total 4 (with 件 under it) printed a line above the row's other six values
    tokens = _laid_out([(82, 4)], [(52, 4), (59, 0), (64, 0), (68, 0), (72, 0), (77, 0)])
    assert [t.digits for t in _in_column_order(tokens)] == ["4", "0", "0", "0", "0", "0", "4"]


@pytest.mark.parametrize("lines", [
    ([(10, 3), (20, 1), (30, 0), (40, 0), (50, 0), (60, 0)], [(70, 4)]),  # adds up in the lines' order
    ([(82, 5)], [(52, 4), (59, 0), (64, 0), (68, 0), (72, 0), (77, 0)]),  # adds up no way: as printed
    ([(82, 4)], [(52, 4), (52, 0), (64, 0), (68, 0), (72, 0), (77, 0)]),  # two values in one column
    ([(1, 4)], [(1, 4), (1, 0), (1, 0), (1, 0), (1, 0), (1, 0)]),  # one value a line: no columns to go by
])
def test_a_row_whose_columns_tell_nothing_more_keeps_its_order(lines):
    from gongkai.extract.engine import _in_column_order
    tokens = _laid_out(*lines)
    assert _in_column_order(tokens) is tokens
