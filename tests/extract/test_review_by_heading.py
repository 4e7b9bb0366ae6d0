"""Table 3 whose header words a converter wrote a character per line (inscriptis: 结 / 果 / 维 / 持):
no run of header words marks it, so its heading does; a heading with no table after it is still a
missing table."""
import random

from gongkai import pipeline
from gongkai.synth import generate, render

HEADING = "四、政府信息公开行政复议、行政诉讼情况"


def _cells_lines(seed: int, fmt: str, blanks: bool = False):
    truth = generate(seed, fmt=fmt, blanks=blanks)
    data, _ = render(truth, "cells", random.Random(seed))
    return truth, data.decode("utf-8").split("\n")


def _header_in_characters(lines: list[str]) -> list[str]:
    """The header words between table 3's heading and its values written down their columns, a
    character per line, side by side as a text layout prints narrow columns: 结 其 尚 / 果 他 未 / ..."""
    start = lines.index(HEADING) + 1
    end = next(i for i in range(start, len(lines)) if lines[i].strip().isdigit())
    words = ["".join(line.split()) for line in lines[start:end] if line.strip()]
    depth = max(map(len, words))
    spread = ["   ".join(w[j] if j < len(w) else "  " for w in words) for j in range(depth)]
    return lines[:start] + spread + lines[end:]


def test_table_3_with_its_header_a_character_per_line_is_read_after_its_heading():
    for seed, fmt in ((5, "2021"), (13, "2019")):
        truth, lines = _cells_lines(seed, fmt)
        text = "\n".join(_header_in_characters(lines))
        assert "结果维持" not in text.replace(" ", "").replace("\n", "")
        report = pipeline.check_bytes(text.encode("utf-8"), "inscriptis.txt")
        for cid, value in truth.cells.items():
            if cid.startswith("review."):
                assert report.cells[cid].status == "read" and report.cells[cid].value == value, (cid, report.cells[cid])
        assert not any(f.rule == "tables.missing" for f in report.findings)


def test_a_heading_without_its_table_is_a_missing_table():
    truth, lines = _cells_lines(5, "2021")
    start = lines.index(HEADING) + 1
    end = next(i for i in range(start, len(lines)) if lines[i].startswith("五、"))
    text = "\n".join(lines[:start] + ["本年度未发生行政复议、行政诉讼。"] + lines[end:])
    report = pipeline.check_bytes(text.encode("utf-8"), "no-table-3.txt")
    assert [f.rule for f in report.findings if f.cells and f.cells[0].startswith("review.")][:1] == ["tables.missing"]


def test_values_after_a_heading_only_that_do_not_balance_are_not_read():
    # without a header to tell the columns' order, values that break every group's total may well be
    # out of order (pdftotext writes a wrapped table's cells out of order): never read as printed
    truth, lines = _cells_lines(5, "2021")
    lines = _header_in_characters(lines)
    start = lines.index(HEADING)
    values = [i for i in range(start, len(lines)) if lines[i].strip().isdigit()][:15]
    lines[values[4]] = str(int(lines[values[4]]) + 7)  # 行政复议 总计 no longer the sum of its results
    report = pipeline.check_bytes("\n".join(lines).encode("utf-8"), "scrambled.txt")
    assert all(report.cells[c].status == "ambiguous" for c in truth.cells if c.startswith("review."))
    assert any("表三的表头无法辨认" in f.message for f in report.findings)
