"""The dashboard's figures of one report, kept in one row per report (ReportSummary) so that a
jurisdiction's dashboard sums at most one row per agency and year instead of dozens of cells each.

FIGURES names each figure and the cells it adds up (the `.total` column of table 2's rows, the
review table's totals and corrections). A figure is None when none of its cells has a number, so
SQL sums skip it exactly as they skip blank cells.

The row is written whenever a version becomes current (services.store_report) and removed with
the version or the report (cascade); migration 0002 fills it for reports stored before.
"""
from __future__ import annotations

from gongkai.spec import loader as spec

DENIED_ROWS = [r for r in spec.spec()["tables"]["requests"]["rows"] if r.startswith("denied_")]
UNABLE_ROWS = [r for r in spec.spec()["tables"]["requests"]["rows"] if r.startswith("unable_")]
UNPROCESSED_ROWS = [r for r in spec.spec()["tables"]["requests"]["rows"] if r.startswith("unprocessed_")]
OTHER_ROWS = [r for r in spec.spec()["tables"]["requests"]["rows"] if r == "other" or r.startswith("other_")]


def _totals(rows) -> list[str]:
    return [f"requests.{r}.total" for r in rows]


FIGURES: dict[str, list[str]] = {
    "new": ["requests.new.total"],
    "handled": ["requests.total.total"],
    "granted": ["requests.granted.total"],
    "partial": ["requests.partial.total"],
    **{r: [f"requests.{r}.total"] for r in DENIED_ROWS + UNABLE_ROWS},
    "unprocessed": _totals(UNPROCESSED_ROWS),
    "other": _totals(OTHER_ROWS),
    "review_total": ["review.reconsideration.total"],
    "review_corrected": ["review.reconsideration.corrected"],
    "suit_total": ["review.suit_direct.total", "review.suit_after.total"],
    "suit_corrected": ["review.suit_direct.corrected", "review.suit_after.corrected"],
}
CELL_IDS = sorted({c for cells in FIGURES.values() for c in cells})


def _number(value):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def figures(values: dict) -> dict:
    """{figure: sum or None} from {cell_id: number or None} (cells not given count as blank)."""
    out = {}
    for name, cells in FIGURES.items():
        nums = [v for v in (_number(values.get(c)) for c in cells) if v is not None]
        out[name] = sum(nums) if nums else None
    return out


def figures_of_cells(cells: dict) -> dict:
    """figures() of a contract-JSON cells dict ({cell_id: {"value": ...}})."""
    return figures({cid: (cells.get(cid) or {}).get("value") for cid in CELL_IDS})
