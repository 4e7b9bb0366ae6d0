"""The order of table 2's applicant columns as the published header draws them.

The template's order is 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计. Some agencies
draw their own: 总计 right after 自然人, two of the 法人或其他组织 columns swapped. Read in the template's
order, such a table gives every value of the moved columns confidently to the wrong cell. Where the
header says which column is which, the values are put by its names:

- a table with its cells (HTML, Word): the header rows laid out as a grid (rowspan, colspan), each
  value column named by the lowest header cell over it; where every cell has its box on the page
  (PDF, OCR), by the lowest header cell standing over the value's middle, since spans are lost
  where a page break cuts the header from the first rows;
- text: only the five 法人或其他组织 columns, whose names a copy prints on one line in their order
  (自然人 and 总计 span the header's rows, and a copy prints them wherever its lines fall). 总计
  drawn second, after 自然人, is told by the rows' sums instead (order_by_sums).
"""
from __future__ import annotations

import re

from ..document import Document, Row

N_COLUMNS = 7
# The words that name each column (in the template's order), tried in this order: 其他 last, since
# 法人或其他组织 holds it too
_NAMES = (("自然人", 0), ("商业", 1), ("科研", 2), ("公益", 3), ("法律服务", 4), ("总计", 6), ("合计", 6),
          ("其他", 5), ("其它", 5))
_SPACE = re.compile(r"\s+")
_TEMPLATE_HEADER = "自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他"


def column_of(name: str) -> int | None:
    """The template column a header cell's text names, or None (申请人情况, 法人或其他组织, a label)."""
    key = _SPACE.sub("", name)
    if not key or len(key) > 12 or "法人" in key or "申请" in key:
        return None
    for word, column in _NAMES:
        if word in key:
            return column
    return None


def grid_columns(rows: list[Row]) -> list[list[tuple[int, str]]]:
    """For each row, its cells' (first grid column, text), the cells of rows above that span down
    into it taken into account."""
    taken: dict[tuple[int, int], bool] = {}
    out = []
    for i, row in enumerate(rows):
        col = 0
        placed = []
        for cell in row.cells:
            while (i, col) in taken:
                col += 1
            placed.append((col, cell.text))
            for di in range(max(cell.rowspan, 1)):
                for dj in range(max(cell.colspan, 1)):
                    taken[(i + di, col + dj)] = True
            col += max(cell.colspan, 1)
        out.append(placed)
    return out


def names_over(rows: list[Row], grid: list, cols: list[int], name_of) -> dict[int, object]:
    """For each grid column of `cols`, what `name_of` makes of the lowest cell of the header `rows`
    (laid out as `grid`, grid_columns) over it that it names anything (None where none does)."""
    named: dict[int, object] = dict.fromkeys(cols)
    for placed, row in zip(grid, rows):  # top to bottom: a lower cell's name replaces a higher one's
        for (a, text), cell in zip(placed, row.cells):
            b = a + max(cell.colspan, 1)
            over = [col for col in cols if a <= col < b]
            if over and text.strip():
                name = name_of(text)
                if name is not None:
                    named.update(dict.fromkeys(over, name))
    return named


def order_in_grid(doc: Document, first_row: int) -> list[int] | None:
    """The template column of each of the seven value cells of table 2's first row (`first_row`, a
    row index of `doc`), named by the header rows of its table above it; None where the header does
    not name seven different columns, or names them in the template's order."""
    table = doc.rows[first_row].table
    if table is None:
        return None
    top = first_row
    while top > 0 and doc.rows[top - 1].table == table and first_row - top < 6:
        top -= 1
    if top == first_row:
        return None
    rows = doc.rows[top:first_row + 1]
    # the common case, told at once: the template's header, cell after cell
    if _TEMPLATE_HEADER in _SPACE.sub("", "".join(c.text for row in rows[:-1] for c in row.cells)):
        return None
    if len(rows[-1].cells) < N_COLUMNS:
        return None
    order = _order_by_boxes(rows)
    if order is None:
        grid = grid_columns(rows)
        values = grid[-1][-N_COLUMNS:]
        named = names_over(rows[:-1], grid[:-1], [col for col, _ in values], column_of)
        order = [named[col] for col, _ in values]
    if None in order or sorted(order) != list(range(N_COLUMNS)) or order == list(range(N_COLUMNS)):
        return None
    return order


def x_range(cell) -> tuple[float, float] | None:
    """The left and right of a cell on its page (PDF, OCR), or None."""
    box = cell.at.get("box") if isinstance(cell.at, dict) else None
    return (box[0], box[2]) if box else None


def cell_over(header: list, cell) -> int | None:
    """The index of the cell of `header` whose width holds the middle of `cell`, by where they stand on
    the page; None where one has no box or none stands over it."""
    span = x_range(cell)
    if span is None:
        return None
    middle = (span[0] + span[1]) / 2
    for j, over in enumerate(header):
        edges = x_range(over)
        if edges is None:
            return None
        if edges[0] <= middle < edges[1]:
            return j
    return None


def _order_by_boxes(rows: list[Row]) -> list | None:
    """The column each of the last row's seven value cells is named by, from where the cells stand:
    the lowest header cell over the value's middle that names one. None unless every cell has a box."""
    if any(x_range(c) is None for row in rows for c in row.cells):
        return None
    order = []
    for value in rows[-1].cells[-N_COLUMNS:]:
        name = None
        for row in rows[:-1]:  # top to bottom: a lower name replaces a higher
            j = cell_over(row.cells, value)
            if j is not None and row.cells[j].text.strip():
                named = column_of(row.cells[j].text)
                if named is not None:
                    name = named
        order.append(name)
    return order


_ORG_ORDER = (("商业企业", 1), ("科研机构", 2), ("社会公益组织", 3), ("法律服务机构", 4))


def order_in_text(header: str) -> list[int] | None:
    """The columns of a header copied as text (the stretch before table 2's first row label), where it
    names the 法人或其他组织 columns in another order than the template's (法律服务机构 before 科研机构);
    自然人, 其他 and 总计 stay in place. None where the order is the template's or not plain."""
    key = _SPACE.sub("", header)
    at = []
    for word, column in _ORG_ORDER:
        if key.count(word) != 1:
            return None
        at.append((key.index(word), column))
    orgs = [column for _, column in sorted(at)]
    if orgs == [1, 2, 3, 4]:
        return None
    return [0, *orgs, 5, 6]


# 自然人, 总计, then the five 法人或其他组织 columns (the template's 1-5): where each printed column goes
TOTAL_SECOND = [0, 6, 1, 2, 3, 4, 5]
_SUMS_NEEDED = 3  # rows that fit 总计 second and not the template's order


def order_by_sums(rows: list[list]) -> list[int] | None:
    """TOTAL_SECOND where the rows' values (number Tokens, seven a row) say 总计 is printed second:
    at least three rows whose second value is the sum of the other six, and no row whose seventh is
    the sum of the first six, rows that fit both orders (all zeros) telling nothing. For text, whose
    header cannot say where 总计 stands; None otherwise (the template's order kept)."""
    fits_second = 0
    for tokens in rows:
        if len(tokens) != N_COLUMNS or any(t.splittable or t.frac or t.uncertain for t in tokens):
            continue
        v = [0 if t.blank else int(t.digits) for t in tokens]
        template = sum(v[:6]) == v[6]
        second = v[0] + sum(v[2:]) == v[1]
        if template != second:
            if template:
                return None  # the template's order fits a row: kept
            fits_second += 1
    return TOTAL_SECOND if fits_second >= _SUMS_NEEDED else None


def reorder(tokens: list, order: list[int]) -> list | None:
    """A row's seven values, read left to right under the header's `order`, in the template's order;
    None where the row does not hold seven."""
    if len(tokens) != N_COLUMNS:
        return None
    out = [None] * N_COLUMNS
    for token, column in zip(tokens, order):
        out[column] = token
    return out
