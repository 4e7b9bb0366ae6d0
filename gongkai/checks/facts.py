"""What several checks need from a report's cells, gathered in one pass over them.

The relation checks read ~400 cell numbers per report and the structure checks look for ambiguous,
missing, inferred and invalid cells: one pass over the ~300 cells serves them all. ``checks.run``
computes the facts once per report (see ``scope``); a check called on its own gets fresh facts.
Checks never change cells, so the facts stay true for the whole run.
"""
from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from operator import itemgetter
from typing import Callable, Iterator

from ..report import Report


class Numbers(dict[str, "int | float | None"]):
    """cell id -> the cell's number for arithmetic (blank = 0), None when it has none (ambiguous,
    missing, not a number) or when the report has no such cell."""

    def __missing__(self, key: str) -> None:
        return None


class CellFacts:
    """One pass over report.cells (in their order)."""

    __slots__ = ("report", "numbers", "ambiguous", "missing", "inferred", "unusual")

    def __init__(self, report: Report):
        self.report = report
        numbers = Numbers()
        ambiguous: set[str] = set()
        missing: set[str] = set()
        inferred: list[str] = []  # status inferred, in cell order
        unusual: list[str] = []  # read or inferred with a value that is not a non-negative int
        for cid, c in report.cells.items():
            status, v = c.status, c.value
            if status == "read" or status == "inferred":
                if type(v) is int:
                    numbers[cid] = v
                    if v < 0:
                        unusual.append(cid)
                elif v is None:
                    numbers[cid] = None
                else:  # a float counts; bool, str and the rest are no number
                    numbers[cid] = v if type(v) is float else None
                    unusual.append(cid)
                if status == "inferred":
                    inferred.append(cid)
            elif status == "blank":
                numbers[cid] = 0
            else:
                numbers[cid] = None
                if status == "missing":
                    missing.add(cid)
                elif status == "ambiguous":
                    ambiguous.add(cid)
        self.numbers = numbers
        self.ambiguous = ambiguous
        self.missing = missing
        self.inferred = inferred
        self.unusual = unusual

    def values(self, ids: tuple[str, ...]) -> tuple | None:
        """The numbers of these cells, or None if any cell has none (see _numbers in consistency)."""
        values = getter(ids)(self.numbers)
        return None if None in values else values

    def absent(self, cid: str) -> bool:
        """No such cell, or a cell whose value was not found (status missing)."""
        return cid in self.missing or cid not in self.report.cells


@lru_cache(maxsize=4096)
def getter(ids: tuple[str, ...]) -> Callable[[dict], tuple]:
    """A C-speed lookup of several keys that always returns a tuple (itemgetter of one key does not)."""
    if len(ids) == 1:
        one = itemgetter(ids[0])
        return lambda d: (one(d),)
    return itemgetter(*ids)


_current: ContextVar[CellFacts | None] = ContextVar("gongkai_checks_facts", default=None)


def facts(report: Report) -> CellFacts:
    """The report's cell facts: the ones of the running checks.run, else computed now."""
    current = _current.get()
    if current is not None and current.report is report:
        return current
    return CellFacts(report)


@contextmanager
def scope(report: Report) -> Iterator[None]:
    """Share one CellFacts of `report` among the checks run inside."""
    token = _current.set(CellFacts(report))
    try:
        yield
    finally:
        _current.reset(token)
