"""Report: the read and checked annual report, and its JSON (schema gongkai.report/1).

See gongkai/spec/CONTRACT.md for the JSON. A cell's status is one of:
read, blank, inferred, ambiguous, missing. Never put a guessed number in a `read` cell.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
import json

from . import spec as _spec

SCHEMA = "gongkai.report/1"
STATUSES = ("read", "blank", "inferred", "ambiguous", "missing")
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}

# How a derivation starts when the narrative, not the table's relations, settled the value.
NARRATIVE_PREFIX = "由正文推得："
# The narrative figures (Report.figures["stated"], see extract/meta.py) that state one table-1 cell,
# by format: the extractor may settle a split with them, the checks compare them.
FIGURE_CELLS = {
    "issued": {"2021": "active.normative_documents.issued", "2019": "active.normative_documents.new_made"},
    "in_force": {"2021": "active.normative_documents.in_force"},
    "penalty_decisions": {"2021": "active.penalty.decisions", "2019": "active.penalty.decisions"},
    "procurement_amount": {"2019": "active.procurement.amount"},
}


def num(value) -> str:
    """A number as the report prints it: 3, 24252.311082 (never 3.0 or 2.4e4)."""
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return format(value, "f").rstrip("0").rstrip(".")
    return str(value)


@dataclass(slots=True)
class CellValue:
    value: int | float | None = None
    status: str = "missing"
    raw: str | None = None
    at: dict | None = None
    candidates: list | None = None  # ambiguous: the readings that fit
    derivation: str | None = None  # inferred: how the value follows (Chinese, names the relation)

    def to_dict(self) -> dict:
        d = {"value": self.value, "status": self.status, "raw": self.raw, "at": self.at}
        if self.candidates is not None:
            d["candidates"] = self.candidates
        if self.derivation is not None:
            d["derivation"] = self.derivation
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "CellValue":
        return cls(d.get("value"), d.get("status", "missing"), d.get("raw"), d.get("at"),
                   d.get("candidates"), d.get("derivation"))

    @property
    def number(self) -> int | float | None:
        """The value for arithmetic: a blank counts as 0; ambiguous and missing give None."""
        if self.status == "blank":
            return 0
        if self.status in ("read", "inferred"):
            return self.value
        return None


@dataclass(slots=True)
class Finding:
    rule: str
    message: str
    cells: list[str] = field(default_factory=list)
    severity: str = ""  # filled from rules.yaml when empty
    evidence: str | None = None  # the passage of text the finding is about
    at: dict | None = None

    def __post_init__(self):
        if not self.severity:
            self.severity = _spec.rule(self.rule).severity

    def to_dict(self) -> dict:
        d = {"rule": self.rule, "severity": self.severity, "message": self.message, "cells": self.cells}
        if self.evidence is not None:
            d["evidence"] = self.evidence
        if self.at is not None:
            d["at"] = self.at
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "Finding":
        return cls(d["rule"], d.get("message", ""), list(d.get("cells") or []), d.get("severity", ""),
                   d.get("evidence"), d.get("at"))


# json.dumps(obj, ensure_ascii=False) is this encoder's encode(obj); one instance, made once.
_ENCODER = json.JSONEncoder(ensure_ascii=False)
_encode_str = json.encoder.encode_basestring  # a str as JSON (the C function the encoder itself uses)
_STATUS_JSON = {s: _encode_str(s) for s in STATUSES}


_LINE_COL = ("line", "col")  # text readers
_TABLE_ROW_CELL = ("table", "row", "cell")  # HTML and DOCX tables


def _json(obj) -> str:
    return _ENCODER.encode(obj)


def _at_json(at) -> str:
    """A cell's position as JSON; the readers' usual shapes are written directly."""
    if type(at) is dict:
        keys = tuple(at)
        if keys == _LINE_COL:
            line, col = at["line"], at["col"]
            if type(line) is int and type(col) is int:
                return f'{{"line": {line}, "col": {col}}}'
        elif keys == _TABLE_ROW_CELL:
            table, row, cell = at["table"], at["row"], at["cell"]
            if type(table) is int and type(row) is int and type(cell) is int:
                return f'{{"table": {table}, "row": {row}, "cell": {cell}}}'
    return "null" if at is None else _json(at)


def _cell_json(c: CellValue) -> str:
    """json.dumps(c.to_dict(), ensure_ascii=False) for any cell."""
    v, raw = c.value, c.raw
    s = (f'{{"value": {"null" if v is None else v if type(v) is int else _json(v)}, '
         f'"status": {_encode_str(c.status) if type(c.status) is str else _json(c.status)}, '
         f'"raw": {"null" if raw is None else _encode_str(raw) if type(raw) is str else _json(raw)}, '
         f'"at": {_at_json(c.at)}')
    if c.candidates is not None:
        s += ', "candidates": ' + _json(c.candidates)
    if c.derivation is not None:
        s += ', "derivation": ' + _json(c.derivation)
    return s + "}"


_KEY_JSON: dict[str, str] = {}  # cell id -> its JSON string; ids come from cells.yaml, a few hundred


def _key_json(cid: str) -> str:
    key = _encode_str(cid)  # raises TypeError for a key that is not a str (to_json falls back)
    if len(_KEY_JSON) < 4096:
        _KEY_JSON[cid] = key
    return key


def _cells_json(cells: dict[str, CellValue]) -> str:
    """The cells as a JSON object, exactly as the encoder writes {id: cell.to_dict()}: the encoder's
    per-value cost dominates serializing a report (~300 cells), so each cell is written by _cell_json."""
    keys = _KEY_JSON
    return "{" + ", ".join([f"{keys.get(cid) or _key_json(cid)}: {_cell_json(c)}" for cid, c in cells.items()]) + "}"


def empty_meta() -> dict:
    return {"title": None, "agency": None, "year": None, "format": None, "published": None, "period": None}


@dataclass
class Report:
    source: dict = field(default_factory=dict)
    meta: dict = field(default_factory=empty_meta)
    sections: dict[str, str] = field(default_factory=dict)
    cells: dict[str, CellValue] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    # Not serialized: what the checks need from the document besides the cells.
    text: str = ""  # the whole body as plain text
    links: list[tuple[str, str]] = field(default_factory=list)
    head: str = ""  # a web page's own title, keywords and description, as written
    figures: dict = field(default_factory=dict)  # figures stated in the narrative, see extract.meta
    kind: str | None = None  # "government" (a government's own report) | "department" | "township" | None
    # Findings-to-be from reading and extraction (table.malformed, source.unreadable, ...): the
    # structure checks turn them into findings, so every finding still comes from one check.
    problems: list[Finding] = field(default_factory=list)

    # -- access -------------------------------------------------------------------------------
    def number(self, cell_id: str) -> int | float | None:
        c = self.cells.get(cell_id)
        return None if c is None else c.number

    def add(self, rule: str, message: str, cells: Sequence[str] | None = None, **kw) -> Finding:
        f = Finding(rule, message, list(cells or []), **kw)
        self.findings.append(f)
        return f

    def rules_found(self) -> set[str]:
        return {f.rule for f in self.findings}

    # -- JSON ---------------------------------------------------------------------------------
    def _findings_in_order(self) -> list[Finding]:
        return sorted(self.findings, key=lambda f: SEVERITY_ORDER.get(f.severity, 9))

    def _sections_out(self) -> dict:
        """Every section key, null where the report has no such section (as every cell id appears)."""
        out: dict = {k: self.sections.get(k) for k in _spec.SECTIONS}
        out.update(self.sections)
        return out

    def to_dict(self) -> dict:
        findings = self._findings_in_order()
        return {
            "schema": SCHEMA,
            "source": self.source,
            "meta": self.meta,
            "sections": self._sections_out(),
            "cells": {k: v.to_dict() for k, v in self.cells.items()},
            "findings": [f.to_dict() for f in findings],
        }

    def to_json(self, indent: int | None = None) -> str:
        """The contract JSON: exactly ``json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)``.

        Without indent, the ~300 cells are written by _cells_json instead of building a dict per
        cell for the encoder (half the work); the rest goes through the encoder, whose output for
        the head dict ends with "}" (cells and findings follow the head's keys, as in to_dict)."""
        if indent is not None:
            return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)
        try:
            cells = _cells_json(self.cells)
        except TypeError:  # a key that is not a str: the encoder's own rules apply (or it raises)
            return json.dumps(self.to_dict(), ensure_ascii=False)
        head = _json({"schema": SCHEMA, "source": self.source, "meta": self.meta, "sections": self._sections_out()})
        findings = self._findings_in_order()
        return f'{head[:-1]}, "cells": {cells}, "findings": {_json([f.to_dict() for f in findings])}}}'

    @classmethod
    def from_dict(cls, d: dict) -> "Report":
        return cls(
            source=d.get("source") or {},
            meta={**empty_meta(), **(d.get("meta") or {})},
            sections={k: v for k, v in (d.get("sections") or {}).items() if v is not None},
            cells={k: CellValue.from_dict(v) for k, v in (d.get("cells") or {}).items()},
            findings=[Finding.from_dict(f) for f in d.get("findings") or []],
        )
