"""Tables a PDF-to-Markdown converter split into fragments (seen in Shanghai reports, 2024-2025): a
wrapped row label printed as loose text, often after the next rows, and the row's values as a table
row with no label; table-1 rows printed after the lines that follow them; page numbers in between."""
from gongkai import checks, spec
from gongkai.pipeline import check_bytes

from .test_engine import REQ_LABELS, REQ_ROWS

HEAD = """正文
2024 年上海市某某局政府信息公开工作
年度报告
一、总体情况
全年收到政府信息公开申请 13 件。
二、主动公开政府信息情况
第二十条第（一）项
第二十条第（五）项
信息内容本年处理决定数量
行政许可 97
第二十条第（六）项
信息内容本年处理决定数量
行政处罚 0
行政强制 0
第二十条第（八）项
信息内容本年收费金额（单位：万元）
行政事业性收费 0
— 4 —
| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |
|---|---|---|---|
| 规章 | 1 | 0 | 5 |
| 规范性文件 | 13 | 2 | 55 |

三、收到和处理政府信息公开申请情况
"""
TAIL = """
四、政府信息公开行政复议、行政诉讼情况
行政复议行政诉讼
未经复议直接起诉复议后起诉
结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计
| 1 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
五、存在的主要问题及改进情况
无。
六、其他需要报告的事项
未收取信息处理费。
"""
# published values: row -> natural person, company (total = their sum; other columns 0)
VALUES = {"new": (11, 2), "granted": (4, 0), "partial": (1, 1), "denied_state_secret": (0, 0),
          "denied_prohibited": (2, 0), "unable_not_held": (3, 1), "unable_needs_creation": (0, 0),
          "other_no_correction": (1, 0)}
LOOSE = {"partial", "denied_prohibited", "unable_not_held", "unable_needs_creation", "other_no_correction"}


def _row(key: str) -> list[str]:
    a, b = VALUES.get(key, (0, 0))
    if key == "total":
        a, b = (sum(v[0] for k, v in VALUES.items() if k != "new"), sum(v[1] for k, v in VALUES.items() if k != "new"))
    return [str(a), str(b), "0", "0", "0", "0", str(a + b)]


def fragmented(loose: set[str] = LOOSE, extra_orphan: bool = False) -> str:
    """Table 2 as the converter prints it: a row in `loose` has its label as loose text two rows
    later (or before the next labelled row) and its values as a label-less row."""
    lines, pending = [], []
    for key, label in zip(REQ_ROWS, REQ_LABELS):
        if key in loose:
            lines.append("| " + " | ".join(_row(key)) + " |")
            pending.append(label)
            continue
        lines.extend(pending)  # the loose labels land before the next labelled row
        pending = []
        lines.append(f"| {label} | " + " | ".join(_row(key)) + " |")
        if extra_orphan and key == "granted":
            lines.append("| 9 | 9 | 0 | 0 | 0 | 0 | 18 |")
    return HEAD + "\n".join(lines + pending) + TAIL


def _check(md: str):
    return check_bytes(md.encode("utf-8"), "report.md")


def test_label_less_value_rows_fill_the_rows_between_labelled_rows_in_order():
    r = _check(fragmented())
    for key in REQ_ROWS:
        a, b = VALUES.get(key, (0, 0)) if key != "total" else (11, 2)
        if key == "carried_in":
            a, b = 0, 0
        got = (r.cells[f"requests.{key}.natural_person"].value, r.cells[f"requests.{key}.commercial"].value)
        assert got == (a, b), key
        assert r.cells[f"requests.{key}.natural_person"].status == "read", key
    assert not [f for f in r.findings if f.severity == "error"], [f.message for f in r.findings if f.severity == "error"]


def test_when_the_counts_do_not_match_nothing_is_placed():
    # one label-less row too many between 予以公开 and 1.属于国家秘密: which row is which is unknown,
    # so none of them is read there (the relations may still infer what they fix)
    r = _check(fragmented(extra_orphan=True))
    for c in ("natural_person", "commercial", "total"):
        cell = r.cells[f"requests.partial.{c}"]
        assert cell.status != "read"
        if cell.status == "inferred":
            assert cell.value == {"natural_person": 1, "commercial": 1, "total": 2}[c]
    assert all(cell.value != 9 for cid, cell in r.cells.items() if cid.startswith("requests.partial."))


def test_an_ordinary_table_is_read_as_before():
    r = _check(fragmented(loose=set()))
    assert r.cells["requests.partial.natural_person"].value == 1
    assert r.cells["requests.unable_not_held.total"].value == 4


def test_table_1_rows_printed_after_the_lines_that_follow_them_and_a_page_number():
    r = _check(fragmented())
    got = {cid: r.cells[cid].value for cid in spec.cell_ids("2021", "active")}
    assert got["active.regulations.issued"] == 1 and got["active.regulations.in_force"] == 5
    assert [got[f"active.normative_documents.{c}"] for c in ("issued", "repealed", "in_force")] == [13, 2, 55]
    assert got["active.fees.amount"] == 0 and r.cells["active.fees.amount"].status == "read"  # — 4 — is no value
    assert not [f for f in r.findings if f.rule == "table.malformed"]


def test_a_wrapped_label_piece_in_a_row_is_placed_only_where_it_fits():
    md = fragmented().replace(
        "| 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n" + REQ_LABELS[REQ_ROWS.index("unable_not_held")],
        "| 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n" + REQ_LABELS[REQ_ROWS.index("unable_not_held")], 1)
    # the （六）1 values carry a piece of its wrapped label in their first cell
    md = md.replace("| 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n1.申请人", "| 行政机关不再处理其政府信息公 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n1.申请人")
    r = _check(md)
    assert r.cells["requests.other_no_correction.natural_person"].value == 1
    assert r.cells["requests.other_no_correction.natural_person"].status == "read"
    checks.run(r)
