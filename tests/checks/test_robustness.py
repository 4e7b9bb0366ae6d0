"""Checks never crash on odd reports: any cell value or status, empty meta, missing parts."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from gongkai import checks, spec
from gongkai.report import CellValue, Report

from .factory import make_report

VALUES = st.one_of(st.none(), st.integers(-5, 10**6), st.floats(allow_nan=True), st.text(max_size=4), st.booleans())
STATUSES = st.sampled_from(["read", "blank", "inferred", "ambiguous", "missing"])
CELL_IDS = st.sampled_from(spec.cell_ids("2021") + spec.cell_ids("2019"))


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(CELL_IDS, st.tuples(VALUES, STATUSES), max_size=30),
       st.sampled_from(["2021", "2019", None]), st.one_of(st.none(), st.integers(1990, 2100)),
       st.one_of(st.none(), st.text(max_size=12)))
def test_checks_never_crash(cells, fmt, year, published):
    r = make_report("2021")
    for cid, (value, status) in cells.items():
        r.cells[cid] = CellValue(value, status, None, candidates=[1, 2] if status == "ambiguous" else None)
    r.meta.update({"format": fmt, "year": year, "published": published})
    checks.run(r)
    checks.run_across_years([r, make_report("2021", year=(year or 2021) - 1)])
    for f in r.findings:
        assert f.message and f.severity in ("error", "warning", "info")


def test_empty_report_only_says_what_is_missing():
    r = Report()
    checks.run(r)
    assert r.rules_found() <= {"tables.missing", "sections.missing"}
