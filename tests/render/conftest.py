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
    return report_from_values({"agency": "某某县人民政府", "year": year, "format": fmt},
                              SECTIONS if sections is None else sections,
                              distinctive_values(fmt) if values is None else values)


@pytest.fixture(params=spec.FORMATS)
def fmt(request):
    return request.param
