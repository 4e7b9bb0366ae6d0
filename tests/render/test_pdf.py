"""The PDF has a real text layer: pdfplumber finds every label and every number where it belongs."""
from __future__ import annotations

from functools import lru_cache
from io import BytesIO
import re

import pdfplumber
import pytest

from gongkai import spec
from gongkai.render import render_pdf
from gongkai.render.content import format_number

from .conftest import distinctive_values, make_report


@lru_cache(maxsize=None)
def _read(fmt: str) -> tuple[str, list[list[str | None]]]:
    """(all text without whitespace, every table row of every page with line breaks removed)."""
    data = render_pdf(make_report(fmt))
    assert data.startswith(b"%PDF")
    text, rows = [], []
    with pdfplumber.open(BytesIO(data)) as pdf:
        for page in pdf.pages:
            text.append(page.extract_text() or "")
            for table in page.extract_tables():
                rows += [[None if c is None else re.sub(r"\s+", "", c) for c in row] for row in table]
    return re.sub(r"\s+", "", "".join(text)), rows


def _row_with(rows, label: str) -> list[str]:
    found = [r for r in rows if label in r]
    assert len(found) == 1, f"{label!r} in {len(found)} rows"
    return [c for c in found[0] if c]


def test_text_layer_has_title_headings_and_paragraphs(fmt):
    text, _ = _read(fmt)
    year = 2025 if fmt == "2021" else 2020
    assert f"某某县人民政府{year}年政府信息公开工作年度报告" in text
    for heading in spec.SECTIONS.values():
        assert heading in text
    assert "本机关全年主动公开信息。" in text


def test_every_label_and_value_in_its_row(fmt):
    values = distinctive_values(fmt)
    _, rows = _read(fmt)
    requests = spec.spec()["tables"]["requests"]["rows"]
    columns = spec.columns_of("requests", fmt, "x")
    for key in spec.rows_of("requests", fmt):
        label = requests[key]["label"] if isinstance(requests[key], dict) else requests[key]
        row = _row_with(rows, label.split(" ")[-1])
        assert row[-len(columns):] == [format_number(values[f"requests.{key}.{c}"]) for c in columns], key
    active = spec.spec()["tables"]["active"][fmt]["rows"]
    for key, body in active.items():
        row = _row_with(rows, body["label"])
        assert row[1:] == [format_number(values[f"active.{key}.{c}"]) for c in spec.columns_of("active", fmt, key)]
    review = [format_number(values[cid]) for cid in spec.cell_ids(fmt, "review")]
    assert review in rows
    flat = {c for r in rows for c in r if c}
    assert {"（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况", "法人或其他组织",
            "三、本年度办理结果", "（三）不予公开", "（六）其他处理", "行政复议", "未经复议直接起诉", "复议后起诉"} <= flat


def test_missing_font_or_library_is_a_clear_error(monkeypatch):
    from gongkai.render import pdf
    monkeypatch.setattr(pdf, "_has_cjk_font", lambda: False)
    with pytest.raises(RuntimeError, match="fonts-noto-cjk"):
        pdf.render_pdf(make_report("2021"))
