"""Checks: one function per rule id of rules.yaml, grouped by family, registered here.

A check is `def check(report: Report) -> None` that appends findings with `report.add(...)`.
Across-years checks take `(report, previous)`: the same agency's report for the year before.
"""
from __future__ import annotations

from typing import Callable

from ..report import Report

CHECKS: dict[str, Callable[[Report], None]] = {}
ACROSS_YEARS: dict[str, Callable[[Report, Report], None]] = {}


def check(rule_id: str):
    def register(fn):
        CHECKS[rule_id] = fn
        return fn
    return register


def across_years(rule_id: str):
    def register(fn):
        ACROSS_YEARS[rule_id] = fn
        return fn
    return register


FAMILIES = ("structure", "consistency", "dates", "content", "across")


_loaded = False


def _load_families() -> None:
    # Importing the family modules registers their checks (once: run() calls this per report).
    global _loaded
    if _loaded:
        return
    import importlib
    for name in FAMILIES:
        importlib.import_module(f"{__name__}.{name}")
    _loaded = True


def run(report: Report) -> Report:
    _load_families()
    from .facts import scope
    with scope(report):  # what several checks need from the cells, gathered once
        for fn in CHECKS.values():
            fn(report)
    return report


def run_across_years(reports: list[Report]) -> None:
    """Check reports of the same agency for consecutive years against each other."""
    _load_families()
    by_key: dict[tuple[str, int], Report] = {}
    for r in reports:
        if r.meta.get("agency") and r.meta.get("year"):
            by_key[(r.meta["agency"], r.meta["year"])] = r
    for (agency, year), r in by_key.items():
        prev = by_key.get((agency, year - 1))
        if prev is not None:
            for fn in ACROSS_YEARS.values():
                fn(r, prev)
