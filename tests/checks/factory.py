"""Build Reports directly for the checks: consistent by default, so a test breaks one relation."""
from __future__ import annotations

from gongkai import spec
from gongkai.checks import CHECKS, ACROSS_YEARS, _load_families
from gongkai.report import CellValue, Report

APPLICANTS = ("natural_person", "commercial", "research", "public_interest", "legal_services", "other_org")
SECTION_TEXT = {
    "overview": "本年度，我局认真贯彻落实《条例》，全年共收到政府信息公开申请5件。",
    "active": "", "requests": "", "review": "",
    "problems": "政策解读形式不够丰富。下一步，我局将加强业务培训，丰富解读形式，提升公开质量。",
    "other": "本年度未收取信息处理费。",
}


def make_report(fmt: str = "2021", year: int | None = None, new: dict | None = None,
                carried_in: dict | None = None, carried_out: dict | None = None, outcomes: dict | None = None,
                review: dict | None = None, active: dict | None = None, kind: str = "department",
                published: str | None = "auto", sections: dict | None = None, text: str | None = None,
                stated: dict | None = None) -> Report:
    """A report of `fmt` whose tables satisfy every relation of cells.yaml.

    new / carried_in / carried_out: applicant column -> count; outcomes: row -> {column: count}
    (default: everything received is 予以公开); review: group -> (upheld, corrected, other, pending);
    active: cell id -> value (others 0)."""
    year = year if year is not None else (2021 if fmt == "2021" else 2019)
    new = new if new is not None else {"natural_person": 4, "commercial": 1}
    carried_in, carried_out = carried_in or {}, carried_out or {}
    if outcomes is None:
        outcomes = {"granted": {c: new.get(c, 0) + carried_in.get(c, 0) - carried_out.get(c, 0) for c in APPLICANTS}}
    r = Report()
    r.meta.update({"title": f"某某局{year}年度政府信息公开工作年度报告", "agency": "某某局", "year": year,
                   "format": fmt, "period": {"start": f"{year}-01-01", "end": f"{year}-12-31"},
                   "published": f"{year + 1}-01-20" if published == "auto" else published})
    r.kind = kind
    rows = spec.rows_of("requests", fmt)
    values: dict[str, dict[str, int]] = {row: {c: 0 for c in APPLICANTS} for row in rows}
    for c in APPLICANTS:
        values["new"][c] = new.get(c, 0)
        values["carried_in"][c] = carried_in.get(c, 0)
        values["carried_out"][c] = carried_out.get(c, 0)
    for row, cols in outcomes.items():
        for c, v in cols.items():
            values[row][c] = v
    outcome_rows = rows[rows.index("granted"):rows.index("total")]
    for c in APPLICANTS:
        values["total"][c] = sum(values[row][c] for row in outcome_rows)
    for row in rows:
        for c in APPLICANTS:
            set_cell(r, f"requests.{row}.{c}", values[row][c])
        set_cell(r, f"requests.{row}.total", sum(values[row].values()))
    for group in ("reconsideration", "suit_direct", "suit_after"):
        parts = (review or {}).get(group, (0, 0, 0, 0))
        for part, v in zip(("upheld", "corrected", "other", "pending"), parts):
            set_cell(r, f"review.{group}.{part}", v)
        set_cell(r, f"review.{group}.total", sum(parts))
    for cid in spec.cell_ids(fmt, "active"):
        set_cell(r, cid, (active or {}).get(cid, 0))
    r.sections = dict(sections if sections is not None else SECTION_TEXT)
    r.text = text if text is not None else "\n".join(f"{spec.SECTIONS[k]}\n{v}" for k, v in r.sections.items())
    r.figures = {"stated": stated or {}, "year_named": year, "table_spans": []}
    return r


def set_cell(report: Report, cid: str, value, status: str = "read", **kw) -> None:
    raw = None if value is None else str(value)
    report.cells[cid] = CellValue(value if status in ("read", "inferred") else None, status, raw, **kw)


def run_check(rule: str, report: Report) -> list:
    """Run one check; return the findings of that rule."""
    _load_families()
    before = len(report.findings)
    CHECKS[rule](report)
    return [f for f in report.findings[before:] if f.rule == rule]


def run_across(rule: str, report: Report, previous: Report) -> list:
    _load_families()
    before = len(report.findings)
    ACROSS_YEARS[rule](report, previous)
    return [f for f in report.findings[before:] if f.rule == rule]


def stated(key: str, value, text: str) -> dict:
    return {key: [{"value": value, "text": text, "at": 0}]}
