"""Reports with distinctive values: every cell a different number, so a value in the wrong place shows."""
from __future__ import annotations

import pytest

from gongkai import spec
from gongkai.render import report_from_values

SECTIONS = {
    "overview": "本机关全年主动公开信息。\n第二段：平台建设情况。",
    "problems": "存在问题：公开内容不够及时。",
    "other": "本年度未收取信息处理费。",
}


def distinctive_values(fmt: str) -> dict:
    """Cell i gets 101 + 13*i (no value is a substring issue for exact cell checks); money is decimal."""
    values = {cid: 101 + 13 * i for i, cid in enumerate(spec.cell_ids(fmt))}
    if fmt == "2021":
        values["active.fees.amount"] = 4068.208
    else:
        values["active.procurement.amount"] = 73802895.9
        values["active.licensing.change"] = -185
    return values


def make_report(fmt: str, values: dict | None = None, sections: dict | None = None):
    year = 2025 if fmt == "2021" else 2020
    published = f"{year + 1}-01-20"
    return report_from_values({"agency": "某某县人民政府", "year": year, "format": fmt, "published": published},
                              SECTIONS if sections is None else sections,
                              distinctive_values(fmt) if values is None else values)


@pytest.fixture(params=spec.FORMATS)
def fmt(request):
    return request.param


def consistent_values(fmt: str) -> dict:
    """A report whose tables satisfy every relation of cells.yaml, with varied, distinct-ish numbers."""
    values = {}
    for i, cid in enumerate(spec.cell_ids(fmt, "active")):
        values[cid] = 3 + 7 * i
    if fmt == "2021":
        values["active.fees.amount"] = 12.5
    columns = spec.columns_of("requests", fmt, "x")[:-1]  # the six applicant columns
    rows = spec.rows_of("requests", fmt)
    outcomes = [r for r in rows if r not in ("new", "carried_in", "total", "carried_out")]
    for j, col in enumerate(columns):
        for k, r in enumerate(outcomes):
            values[f"requests.{r}.{col}"] = (k * 5 + j * 3) % 11
        total = sum(values[f"requests.{r}.{col}"] for r in outcomes)
        values[f"requests.total.{col}"] = total
        values[f"requests.carried_out.{col}"] = j + 2
        values[f"requests.carried_in.{col}"] = j % 3
        values[f"requests.new.{col}"] = total + (j + 2) - (j % 3)
    for r in rows:
        values[f"requests.{r}.total"] = sum(values[f"requests.{r}.{c}"] for c in columns)
    for g, r in enumerate(spec.rows_of("review", fmt)):
        parts = {"upheld": 4 + g, "corrected": 1 + g, "other": 2, "pending": g}
        for c, v in parts.items():
            values[f"review.{r}.{c}"] = v
        values[f"review.{r}.total"] = sum(parts.values())
    return values
