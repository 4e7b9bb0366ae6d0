"""Report.to_json writes common cells without the encoder: its text must stay exactly what
json.dumps(report.to_dict(), ensure_ascii=False) writes, for every shape a cell can take."""
from __future__ import annotations

import json

import pytest
from hypothesis import given, settings, strategies as st

from gongkai.report import CellValue, Finding, Report


def _reference(report: Report) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False)


def _report(cells: dict) -> Report:
    return Report(source={"name": "报告.txt", "sha256": "0" * 64, "media_type": "text/plain"},
                  meta={"title": "某某局2023年度政府信息公开工作年度报告", "agency": "某某局", "year": 2023,
                        "format": "2021", "published": "2024-01-20", "period": None},
                  sections={"overview": "全年共收到申请2件。\n“引号”\t\\ 和 \u2028"},
                  cells=cells,
                  findings=[Finding("requests.balance", "总计 1 ≠ 2", ["requests.new.total"], "error"),
                            Finding("cell.inferred", "推得", [], "info", evidence="原文", at={"line": 3})])


ODD_CELLS = {
    "a.read": CellValue(3, "read", "3", {"line": 10, "col": 1437}),
    "a.blank": CellValue(None, "blank", "", {"line": 2, "col": 1}),
    "a.missing": CellValue(),
    "a.table": CellValue(0, "read", "0", {"table": 1, "row": 5, "cell": 2}),
    "a.col_first": CellValue(1, "read", "1", {"col": 3, "line": 4}),  # key order is kept
    "a.table_order": CellValue(1, "read", "1", {"row": 5, "table": 1, "cell": 2}),
    "a.bool_at": CellValue(1, "read", "1", {"line": True, "col": 2}),
    "a.float_at": CellValue(1, "read", "1", {"line": 1.0, "col": 2}),
    "a.page": CellValue(7, "read", "7", {"page": 2, "box": [1.5, 2.25, 3.0, 4.0]}),
    "a.ocr": CellValue(7, "read", "7", {"line": 1, "col": 2, "alternatives": ["7", "1"]}),
    "a.float": CellValue(2.5, "read", "2.5", None),
    "a.float_int": CellValue(3.0, "read", "3.0", None),
    "a.nan": CellValue(float("nan"), "read", "x", None),
    "a.inf": CellValue(float("-inf"), "read", "x", None),
    "a.bool": CellValue(True, "read", "1", None),
    "a.str_value": CellValue("12", "read", "12", None),
    "a.big": CellValue(10 ** 30, "read", "1" * 31, None),
    "a.negative": CellValue(-5, "read", "-5", {"line": -1, "col": 0}),
    "a.ambiguous": CellValue(None, "ambiguous", "1203", {"line": 1, "col": 1}, candidates=[[1, 203], [12, 3]]),
    "a.inferred": CellValue(4, "inferred", None, None, derivation="由关系推得：总计列：“1”\n"),
    "a.odd_status": CellValue(1, "unknown", "1", None),
    "a.raw_escapes": CellValue(1, "read", "\"1\"\\\n\t\x00\u00a0\ud7ff", {"line": 1, "col": 1}),
    "a.raw_int": CellValue(1, "read", 1, {"line": 1, "col": 1}),  # type: ignore[arg-type]
    "a.status_list": CellValue(1, ["read"], "1", None),  # type: ignore[arg-type]
    "a.at_list": CellValue(1, "read", "1", [1, 2]),  # type: ignore[arg-type]
}


def test_every_odd_cell_shape_writes_the_encoders_text():
    report = _report(dict(ODD_CELLS))
    assert report.to_json() == _reference(report)
    for cid, cell in ODD_CELLS.items():
        one = _report({cid: cell})
        assert one.to_json() == _reference(one), cid


def test_empty_report_and_indent():
    for report in (Report(), _report({})):
        assert report.to_json() == _reference(report)
        assert report.to_json(indent=2) == json.dumps(report.to_dict(), ensure_ascii=False, indent=2)


class _Key(str):
    pass


def test_keys_that_are_not_plain_str_follow_the_encoder():
    report = _report({_Key("a.b"): CellValue(1, "read", "1", {"line": 1, "col": 1}),
                      3: CellValue(1, "read", "1", None)})  # type: ignore[dict-item]
    assert report.to_json() == _reference(report)


def test_unserializable_values_raise_like_the_encoder():
    report = _report({"a": CellValue(object(), "read", "1", None)})  # type: ignore[arg-type]
    for fn in (report.to_json, lambda: _reference(report)):
        with pytest.raises(TypeError):  # an object that is not JSON
            fn()


_ints = st.integers(min_value=-10 ** 20, max_value=10 ** 20)
_scalars = st.one_of(st.none(), _ints, st.floats(allow_nan=True), st.booleans(), st.text(max_size=8))
_ats = st.one_of(
    st.none(),
    st.fixed_dictionaries({"line": _ints, "col": _ints}),
    st.fixed_dictionaries({"table": _ints, "row": _ints, "cell": _scalars}),
    st.dictionaries(st.sampled_from(["line", "col", "table", "row", "cell", "page"]), _scalars, max_size=4),
)
_cells = st.builds(CellValue, _scalars, st.sampled_from(["read", "blank", "inferred", "ambiguous", "missing", "x"]),
                   st.one_of(st.none(), st.text(max_size=12)), _ats,
                   st.one_of(st.none(), st.lists(_ints, max_size=3)), st.one_of(st.none(), st.text(max_size=12)))


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.text(max_size=10), _cells, max_size=6))
def test_any_cells_write_the_encoders_text(cells):
    report = _report(cells)
    assert report.to_json() == _reference(report)


def test_every_section_key_is_written_null_where_the_report_lacks_it():
    from gongkai import spec

    report = _report({})
    written = json.loads(report.to_json())["sections"]
    assert list(written) == list(spec.SECTIONS)
    assert written["overview"] == report.sections["overview"]
    assert all(written[k] is None for k in spec.SECTIONS if k != "overview")
    # and back: a null section is an absent one, as the checks expect
    assert Report.from_dict(json.loads(report.to_json())).sections == report.sections
