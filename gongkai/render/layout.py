"""The official table layout as data, built once from gongkai.spec and shared by every renderer.

A table is a grid: ``ncols`` columns and rows of Slots. Each Slot sits at a grid position
(``row``, ``col``) and may span columns and rows, exactly as the official form merges them
(国办公开办函〔2021〕30号 / 〔2019〕60号). A Slot either prints a fixed label (a caption, a
header, a row label) or holds one value cell, named by its cell id.

Nothing here is hand-copied per format: rows, columns and labels come from cells.yaml; only the
shape of the form (which labels group which rows) is encoded, and it is derived from the labels
themselves ("（三）不予公开 1.属于国家秘密" is the group "（三）不予公开" and the leaf "1.属于国家秘密").
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from math import lcm

from .. import spec

# The top-left cell of table 2, as the form prints it.
REQUESTS_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
REQUESTS_APPLICANTS = "申请人情况"
REQUESTS_ORGANISATIONS = "法人或其他组织"
REQUESTS_OUTCOMES = "三、本年度办理结果"
ACTIVE_CONTENT = "信息内容"

# Which section of the report each table belongs to.
TABLE_SECTIONS = {"active": "active", "requests": "requests", "review": "review"}


@dataclass(frozen=True, slots=True)
class Slot:
    row: int
    col: int
    text: str = ""  # the printed label; empty for a value slot
    cell: str | None = None  # the cell id of a value slot
    colspan: int = 1
    rowspan: int = 1
    kind: str = "label"  # caption | header | note | label | value

    @property
    def is_value(self) -> bool:
        return self.cell is not None


@dataclass(frozen=True)
class Table:
    key: str  # active | requests | review
    fmt: str
    title: str
    ncols: int
    widths: tuple[float, ...]  # relative column widths, one per grid column
    slots: tuple[Slot, ...]  # in reading order: row by row, left to right
    header_rows: int  # rows at the top that repeat on a new page (0 for table 1, whose headers are per block)

    @property
    def nrows(self) -> int:
        return max(s.row + s.rowspan for s in self.slots)

    def rows(self) -> list[list[Slot]]:
        """Slots grouped by the grid row they start in."""
        out: list[list[Slot]] = [[] for _ in range(self.nrows)]
        for s in self.slots:
            out[s.row].append(s)
        return out

    def value_slots(self) -> list[Slot]:
        return [s for s in self.slots if s.is_value]


class _Grid:
    """Collects slots row by row and places each at the next free grid column (like HTML tables)."""

    def __init__(self, ncols: int):
        self.ncols = ncols
        self.slots: list[Slot] = []
        self.taken: set[tuple[int, int]] = set()
        self.row = -1

    def new_row(self):
        self.row += 1
        self.col = 0

    def add(self, text: str = "", cell: str | None = None, colspan: int = 1, rowspan: int = 1, kind: str = "label"):
        while (self.row, self.col) in self.taken:
            self.col += 1
        if self.col + colspan > self.ncols:
            raise ValueError(f"layout overflow at row {self.row}: {text or cell}")
        for r in range(self.row, self.row + rowspan):
            for c in range(self.col, self.col + colspan):
                self.taken.add((r, c))
        self.slots.append(Slot(self.row, self.col, text, cell, colspan, rowspan, kind))
        self.col += colspan

    def check_full(self):
        """Every grid position is covered exactly once (the form has no holes)."""
        rows = self.row + 1
        missing = [(r, c) for r in range(rows) for c in range(self.ncols) if (r, c) not in self.taken]
        if missing:
            raise ValueError(f"layout has holes at {missing[:5]}")


def _split_label(label: str) -> tuple[str | None, str]:
    """'（三）不予公开 1.属于国家秘密' -> ('（三）不予公开', '1.属于国家秘密'); a plain label -> (None, label)."""
    group, sep, leaf = label.partition(" ")
    return (group, leaf) if sep else (None, label)


def _row_label(value) -> str:
    return value["label"] if isinstance(value, dict) else value


def _active(fmt: str) -> Table:
    t = spec.spec()["tables"]["active"][fmt]
    rows = spec.rows_of("active", fmt)
    # Consecutive rows under the same 第二十条 item with the same columns form one block.
    blocks: list[tuple[str, tuple[str, ...], list[str]]] = []
    for r in rows:
        item = t["rows"][r]["item"]
        cols = spec.columns_of("active", fmt, r)
        if blocks and blocks[-1][0] == item and blocks[-1][1] == cols:
            blocks[-1][2].append(r)
        else:
            blocks.append((item, cols, [r]))
    units = lcm(*(len(cols) for _, cols, _ in blocks))  # value columns of the grid
    ncols = 1 + units
    g = _Grid(ncols)
    for item, cols, block_rows in blocks:
        span = units // len(cols)
        g.new_row()
        g.add(item, colspan=ncols, kind="caption")
        g.new_row()
        g.add(ACTIVE_CONTENT, kind="header")
        for c in cols:
            g.add(t["columns"][block_rows[0]][c], colspan=span, kind="header")
        for r in block_rows:
            g.new_row()
            g.add(t["rows"][r]["label"], kind="label")
            for c in cols:
                g.add(cell=f"active.{r}.{c}", colspan=span, kind="value")
    g.check_full()
    widths = (3.0,) + (6.0 / units,) * units
    return Table("active", fmt, spec.spec()["tables"]["active"]["title"], ncols, widths, tuple(g.slots), 0)


def _requests(fmt: str) -> Table:
    t = spec.spec()["tables"]["requests"]
    columns = list(t["columns"].items())  # 7: natural_person, 5 organisations, total
    ncols = 3 + len(columns)
    g = _Grid(ncols)
    # Three header rows.
    g.new_row()
    g.add(REQUESTS_NOTE, colspan=3, rowspan=3, kind="note")
    g.add(REQUESTS_APPLICANTS, colspan=len(columns), kind="header")
    g.new_row()
    first_key, first_label = columns[0]
    last_key, last_label = columns[-1]
    organisations = columns[1:-1]
    g.add(first_label, rowspan=2, kind="header")
    g.add(REQUESTS_ORGANISATIONS, colspan=len(organisations), kind="header")
    g.add(last_label, rowspan=2, kind="header")
    g.new_row()
    for _, label in organisations:
        g.add(label, kind="header")

    rows = spec.rows_of("requests", fmt)
    labels = {r: _row_label(t["rows"][r]) for r in rows}
    # The outcome rows are those between 二 (carried_in) and 四 (carried_out).
    outcomes = [r for r in rows if r not in ("new", "carried_in", "carried_out")]
    group_sizes: dict[str, int] = {}
    for r in outcomes:
        group, _ = _split_label(labels[r])
        if group:
            group_sizes[group] = group_sizes.get(group, 0) + 1

    def values(r: str):
        for key, _ in columns:
            g.add(cell=f"requests.{r}.{key}", kind="value")

    opened: set[str] = set()
    for r in rows:
        g.new_row()
        label = labels[r]
        if r not in outcomes:
            g.add(label, colspan=3, kind="label")
        else:
            if r == outcomes[0]:
                g.add(REQUESTS_OUTCOMES, rowspan=len(outcomes), kind="label")
            group, leaf = _split_label(label)
            if group is None:
                g.add(leaf, colspan=2, kind="label")
            else:
                if group not in opened:
                    opened.add(group)
                    g.add(group, rowspan=group_sizes[group], kind="label")
                g.add(leaf, kind="label")
        values(r)
    g.check_full()
    widths = (1.2, 2.0, 6.0) + (1.3,) * len(columns)
    return Table("requests", fmt, t["title"], ncols, widths, tuple(g.slots), 3)


def _review(fmt: str) -> Table:
    t = spec.spec()["tables"]["review"]
    rows = spec.rows_of("review", fmt)
    columns = list(t["columns"].items())
    ncols = len(rows) * len(columns)
    # Groups of the top header row: 行政复议 alone, 行政诉讼 over its two sub-groups.
    tops: list[tuple[str, list[tuple[str | None, str]]]] = []
    for r in rows:
        top, sub = _split_label(t["rows"][r])
        top = top or sub
        sub_label = sub if top != sub else None
        if tops and tops[-1][0] == top:
            tops[-1][1].append((sub_label, r))
        else:
            tops.append((top, [(sub_label, r)]))
    g = _Grid(ncols)
    g.new_row()
    for top, subs in tops:
        g.add(top, colspan=len(subs) * len(columns), kind="header")
    g.new_row()
    for top, subs in tops:
        for sub, _ in subs:
            if sub is None:  # leaves hang directly under the top group: they span two header rows
                for _, label in columns:
                    g.add(label, rowspan=2, kind="header")
            else:
                g.add(sub, colspan=len(columns), kind="header")
    g.new_row()
    for top, subs in tops:
        for sub, _ in subs:
            if sub is not None:
                for _, label in columns:
                    g.add(label, kind="header")
    g.new_row()
    for r in rows:
        for key, _ in columns:
            g.add(cell=f"review.{r}.{key}", kind="value")
    g.check_full()
    return Table("review", fmt, t["title"], ncols, (1.0,) * ncols, tuple(g.slots), 3)


@lru_cache(maxsize=None)
def tables(fmt: str) -> tuple[Table, Table, Table]:
    """The three tables of a format, in report order."""
    if fmt not in spec.FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {spec.FORMATS}")
    return (_active(fmt), _requests(fmt), _review(fmt))


def table_for_section(fmt: str, section: str) -> Table | None:
    for t in tables(fmt):
        if TABLE_SECTIONS[t.key] == section:
            return t
    return None
