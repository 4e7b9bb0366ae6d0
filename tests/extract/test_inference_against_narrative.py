"""Values inferred from table 2's relations assume the published table keeps them. When the
narrative states a total the inference contradicts, the table may break its relations (a real page
read by a converter: both total rows garbled, and the outcome rows summing to more than was
received): every inferred value is then withheld as ambiguous, never reported as a number."""
import random

from gongkai import pipeline
from gongkai.synth import generate, render


def _garbled(published_error: bool) -> tuple[object, str]:
    truth = generate(21, fmt="2021", blanks=False)
    data, _ = render(truth, "cells", random.Random(21))
    lines = data.decode("utf-8").split("\n")

    def first_value(label: str) -> int:
        i = lines.index(label)
        return next(j for j in range(i + 1, len(lines)) if lines[j].strip())

    for label in ("一、本年新收政府信息公开申请数量", "（七）总计"):  # one value too many: unreadable
        j = first_value(label)
        lines.insert(j + 1, "3")
    if published_error:  # 予以公开 of 自然人 and its row total published 5 more than the columns allow
        j = first_value("（一）予以公开")
        values = [k for k in range(j, j + 14) if lines[k].strip()][:7]
        for k in (values[0], values[-1]):
            lines[k] = str(int(lines[k]) + 5)
    text = "\n".join(lines)
    assert f"收到政府信息公开申请{truth.cells['requests.new.total']}件" in text
    return truth, text


def test_inferred_totals_that_the_narrative_contradicts_are_withheld():
    truth, text = _garbled(published_error=True)
    report = pipeline.check_bytes(text.encode("utf-8"), "garbled.txt")
    for cid, cell in report.cells.items():
        if cid.startswith("requests.") and cell.status in ("read", "inferred"):
            assert cell.status == "read", (cid, cell)
    new_total = report.cells["requests.new.total"]
    assert new_total.status == "ambiguous" and new_total.candidates == [truth.cells["requests.new.total"] + 5]
    said = [f for f in report.findings if f.rule == "cell.unreadable" and "正文称" in f.message]
    assert said and "requests.new.total" in said[0].cells and "1233" in said[0].message


def test_inferred_totals_the_narrative_agrees_with_are_kept():
    truth, text = _garbled(published_error=False)
    report = pipeline.check_bytes(text.encode("utf-8"), "garbled.txt")
    for row in ("new", "total"):
        for col in ("natural_person", "total"):
            cid = f"requests.{row}.{col}"
            assert report.cells[cid].status == "inferred" and report.cells[cid].value == truth.cells[cid], cid
    assert not any(f.rule == "cell.unreadable" and "正文称" in f.message for f in report.findings)


def test_one_row_inferred_from_rows_read_as_printed_stands_against_the_narrative():
    # the narrative is what is wrong here (a synthetic text.table_mismatch defect); the 本年新收 row
    # lost its total, and the relations of the rows read as printed give it
    import re

    truth = generate(20, fmt="2021", blanks=False, defects=("text.table_mismatch",))
    text = render(truth, "pipe", random.Random(20))[0].decode("utf-8")
    text = re.sub(r"(\| 一、本年新收政府信息公开申请数量(?: \| [^|]+){6}) \| [^|]+ \|", r"\1 |", text, count=1)
    report = pipeline.check_bytes(text.encode("utf-8"), "r.txt")
    cell = report.cells["requests.new.total"]
    assert cell.status == "inferred" and cell.value == truth.cells["requests.new.total"]
    assert any(f.rule == "text.table_mismatch" for f in report.findings)
    assert not any(f.rule == "cell.unreadable" and "正文称" in f.message for f in report.findings)
