"""DOCX round trip: render_docx -> check_bytes (readers/docx.py) -> the same cells."""
from __future__ import annotations

import pytest

from gongkai.pipeline import check_bytes
from gongkai.render import render_docx

from .conftest import make_report
from .test_roundtrip import GOLD, _assert_cells, _assert_same, _gold_report, _values


def test_docx_round_trip(fmt):
    values = _values(fmt)
    back = check_bytes(render_docx(make_report(fmt, values)), "roundtrip.docx")
    _assert_same(back, values, fmt)
    assert not [f.to_dict() for f in back.findings if f.severity == "error"]


@pytest.mark.parametrize("stem", ["001", "051", "seed002"])  # decimals; mostly blank 2019 tables
def test_gold_values_round_trip_through_docx(stem):
    report, values = _gold_report(next(p for p in GOLD if p.stem == stem))
    _assert_cells(check_bytes(render_docx(report), "gold.docx"), values)
