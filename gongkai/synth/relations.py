"""The relations of cells.yaml evaluated on plain values: which rules a set of cells breaks.

Used by the generator to know exactly which consistency rules a (deliberately broken) report
violates, and by tests as an independent oracle. A blank cell counts as 0; an absent cell (its
table is missing) makes the relations that need it unknowable, so they are not evaluated.
"""
from __future__ import annotations

from .. import spec

APPLICANTS = ("natural_person", "commercial", "research", "public_interest", "legal_services", "other_org")
REVIEW_PARTS = ("upheld", "corrected", "other", "pending")


def outcome_rows(fmt: str) -> tuple[str, ...]:
    """Rows of table 2 that are outcomes of handling: granted .. other_other (or other, 2019)."""
    return tuple(r for r in spec.rows_of("requests", fmt) if r not in ("new", "carried_in", "total", "carried_out"))


def _get(cells: dict, cid: str):
    return cells.get(cid)


def broken(cells: dict, fmt: str) -> list[tuple[str, list[str]]]:
    """Every broken relation as (rule id, cell ids involved), in a stable order."""
    out: list[tuple[str, list[str]]] = []
    columns = spec.columns_of("requests", fmt, "new")
    outcomes = outcome_rows(fmt)

    def v(cid):
        return _get(cells, cid)

    for col in columns:
        ids = [f"requests.{r}.{col}" for r in ("new", "carried_in", "total", "carried_out")]
        vals = [v(i) for i in ids]
        if None not in vals and vals[0] + vals[1] != vals[2] + vals[3]:
            out.append(("requests.balance", ids))
        ids = [f"requests.total.{col}"] + [f"requests.{r}.{col}" for r in outcomes]
        vals = [v(i) for i in ids]
        if None not in vals and vals[0] != sum(vals[1:]):
            out.append(("requests.outcome_sum", ids))
    for row in spec.rows_of("requests", fmt):
        ids = [f"requests.{row}.total"] + [f"requests.{row}.{c}" for c in APPLICANTS]
        vals = [v(i) for i in ids]
        if None not in vals and vals[0] != sum(vals[1:]):
            out.append(("requests.column_sum", ids))
    for row in spec.rows_of("review", fmt):
        ids = [f"review.{row}.total"] + [f"review.{row}.{c}" for c in REVIEW_PARTS]
        vals = [v(i) for i in ids]
        if None not in vals and vals[0] != sum(vals[1:]):
            out.append(("review.sum", ids))
    return out


def broken_rules(cells: dict, fmt: str) -> set[str]:
    return {rule for rule, _ in broken(cells, fmt)}
