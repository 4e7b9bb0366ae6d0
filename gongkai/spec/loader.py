"""Load cells.yaml and rules.yaml once and answer questions about them.

Cell ids are ``<table>.<row>.<column>``. The order of ``cell_ids(fmt)`` is the order of the
official layout: table 1 row by row, table 2 row by row (columns left to right), table 3 group by group.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
import re

import yaml

try:  # the C loader is ~10x faster; fall back when libyaml is absent
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader

FORMATS = ("2021", "2019")


def _load(name: str) -> dict:
    return yaml.load(resources.files(__package__).joinpath(name).read_text("utf-8"), Loader=_Loader)


@lru_cache(maxsize=1)
def spec() -> dict:
    """The parsed cells.yaml."""
    return _load("cells.yaml")


SECTIONS: dict[str, str] = dict(spec()["sections"])


@dataclass(frozen=True)
class Rule:
    id: str
    family: str
    severity: str  # error | warning | info
    means: str


_FAMILY = re.compile(r"^([a-z_]+):\s*(?:#.*)?$")
_RULE = re.compile(r"^\s+([a-z_.]+):\s*\{severity:\s*(\w+),\s*means:\s*(.*)\}\s*$")


def _parse_rules(text: str) -> list[Rule]:
    """rules.yaml writes each rule as a one-line flow mapping whose `means` is unquoted prose with
    commas, which strict YAML rejects; the file is the shared contract, so read its lines as written."""
    out, family = [], ""
    for line in text.splitlines():
        if m := _FAMILY.match(line):
            family = m.group(1)
        elif m := _RULE.match(line):
            out.append(Rule(m.group(1), family, m.group(2), m.group(3).strip().strip('"')))
    return out


@lru_cache(maxsize=1)
def rules() -> dict[str, Rule]:
    """Every rule of rules.yaml (and rules_extra.yaml) by id, in file order."""
    out: dict[str, Rule] = {}
    for name in ("rules.yaml", "rules_extra.yaml"):
        for r in _parse_rules(resources.files(__package__).joinpath(name).read_text("utf-8")):
            out[r.id] = r
    return out


def rule(rule_id: str) -> Rule:
    return rules()[rule_id]


def _row_label(value) -> tuple[str, str | None]:
    if isinstance(value, dict):
        return value["label"], value.get("only")
    return value, None


@lru_cache(maxsize=None)
def rows_of(table: str, fmt: str) -> tuple[str, ...]:
    """Row keys of a table in the given format, top to bottom."""
    t = spec()["tables"][table]
    if table == "active":
        return tuple(t[fmt]["rows"])
    rows = []
    for key, value in t["rows"].items():
        _, only = _row_label(value)
        if only is None or only == fmt:
            rows.append(key)
    return tuple(rows)


@lru_cache(maxsize=None)
def columns_of(table: str, fmt: str, row: str) -> tuple[str, ...]:
    """Column keys of one row, left to right."""
    t = spec()["tables"][table]
    if table == "active":
        return tuple(t[fmt]["columns"][row])
    return tuple(t["columns"])


@lru_cache(maxsize=None)
def cell_ids(fmt: str, table: str | None = None) -> tuple[str, ...]:
    """Every cell id of a format (or of one table of it), in layout order."""
    tables = ("active", "requests", "review") if table is None else (table,)
    out = []
    for t in tables:
        for r in rows_of(t, fmt):
            for c in columns_of(t, fmt, r):
                out.append(f"{t}.{r}.{c}")
    return tuple(out)


def table_of(cell_id: str) -> str:
    return cell_id.split(".", 1)[0]


@lru_cache(maxsize=None)
def cell_label(cell_id: str, fmt: str = "2021") -> str:
    """A readable Chinese label for a cell: row label and column label, as the official form prints them."""
    table, row, col = cell_id.split(".")
    t = spec()["tables"][table]
    if table == "active":
        f = t[fmt] if row in t[fmt]["rows"] else t["2019" if fmt == "2021" else "2021"]
        return f"{f['rows'][row]['label']}·{f['columns'][row][col]}"
    if table == "requests":
        label, _ = _row_label(t["rows"][row])
        return f"{label}·{t['columns'][col]}"
    return f"{t['rows'][row]}·{t['columns'][col]}"
