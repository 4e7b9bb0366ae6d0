"""Synthetic reports printed as Word, PDF (text layer) and scanned PDF read back through the pipeline.

Word and PDF must read back exactly; a scan must never give a wrong confident number: every cell
is exact, or ambiguous/missing (OCR that is not sure says so).
"""
import random

import pytest

import gongkai.synth.documents  # noqa: F401  (registers docx, pdf, scan)
from gongkai.pipeline import check_bytes
from gongkai.synth import generate, render


def _compare(report, back):
    wrong, unsure = [], []
    for cid, value in report.cells.items():
        cell = back.cells.get(cid)
        expected_blank = cid in report.blanks
        if cell is None:
            wrong.append((cid, value, None))
        elif expected_blank and cell.status == "blank":
            continue
        elif cell.status in ("read", "inferred") and cell.value == (None if expected_blank else value):
            continue
        elif cell.status in ("read", "inferred", "blank"):
            wrong.append((cid, value, cell.status, cell.value))
        else:
            unsure.append(cid)
    return wrong, unsure


@pytest.mark.parametrize("layout,seed,fmt", [("docx", 1, "2021"), ("docx", 2, "2019"), ("docx", 3, "2021"),
                                              ("pdf", 4, "2021"), ("pdf", 5, "2019")])
def test_documents_read_back_exactly(layout, seed, fmt):
    report = generate(seed, fmt=fmt, blanks=True)
    data, name = render(report, layout, random.Random(seed))
    back = check_bytes(data, name)
    wrong, unsure = _compare(report, back)
    assert wrong == [] and unsure == []
    assert back.meta["year"] == report.meta["year"] and back.meta["format"] == fmt


@pytest.mark.slow
def test_a_noisy_scan_never_reads_a_wrong_number():
    report = generate(7, fmt="2021", blanks=False)
    data, name = render(report, "scan", random.Random(7))
    back = check_bytes(data, name)
    wrong, unsure = _compare(report, back)
    assert wrong == []
    assert len(unsure) < len(report.cells) // 4  # OCR reads most of the table
