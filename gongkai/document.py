"""The neutral document model every reader produces and the extractor consumes.

A Document is the body of a report in reading order, as rows of cells:

- a paragraph of prose is a row with one cell;
- a table row is a row with one cell per source cell (HTML <td>, a pipe-table cell, a PDF cell);
- text whose cells the source does not delimit (crawler text with a whole table on one line) is a
  row with one cell; whitespace inside it only *hints* at cell boundaries.

Readers follow two rules the extractor relies on:

1. Never emit an empty row. Emit an empty cell only where the source really has an empty table
   cell (``<td>&nbsp;</td>``, ``| |``): an empty cell is read as an explicit blank.
2. ``Row.delimited`` is True when the row's cells are the source's own cells (so a cell boundary is
   a certain boundary between values), False when the row is free text.

Provenance (``at``) is a small dict that says where a cell came from, in the terms of its source:
``{"line": 12, "col": 3}`` for text, ``{"table": 0, "row": 5, "cell": 2}`` for HTML/DOCX tables,
``{"page": 2, "box": [x0, top, x1, bottom]}`` for PDF.
"""
from __future__ import annotations

from dataclasses import dataclass, field
import hashlib
import re

MAX_GRID_COLUMNS = 64  # a report table has at most 16 columns
WORDS = re.compile(r"[\u4e00-\u9fff]{2}")  # two Chinese characters: a header's words, not a value
_DIGIT = re.compile(r"[0-9０-９]")
# A numbered row label: 一、 （三） 1. 2． (the rest of a label cut in two does not start so).
# ㈠-㈩, ①-⑳, ⑴-⒇ and ⒈-⒛ are the numbering as one character (Word, input methods).
# A footnote's mark set in superscript (行政处罚<sup>[1]</sup>, 87¹): [1], (2), ①, *, 注1. Readers drop
# such a mark where the source shows it raised; read, it runs into the label or the value.
FOOTNOTE_MARK = re.compile(r"[\[(（【]?(?:\d{1,2}|[\u2460-\u2473]|\*{1,3}|注\d{0,2})[\])）】]?")
# Word-like readers wrap raised text in these (control characters, never text) while they build a
# line, and without_raised_note_marks then tells a note's mark from other raised text (m²: kept as 2).
RAISED_START, RAISED_END = "\x01", "\x02"
_RAISED_TEXT = re.compile("\x01([^\x01\x02]*)\x02?")


def note_mark_after_text(before: str, raised: str) -> bool:
    """True when `raised` text is a note's mark ([1], ①, *) after text on its line (`before`)."""
    return bool(before.strip()) and FOOTNOTE_MARK.fullmatch(raised.strip()) is not None


def without_raised_note_marks(line: str) -> str:
    """`line` with its raised stretches (between RAISED_START and RAISED_END) as plain text, but for
    the note marks after text (行政处罚[1], 87¹), which go."""
    if RAISED_START not in line:
        return line.replace(RAISED_END, "")

    def kept(m: re.Match) -> str:
        before = m.string[:m.start()].replace(RAISED_START, "").replace(RAISED_END, "")
        return "" if note_mark_after_text(before, m.group(1)) else m.group(1)

    return _RAISED_TEXT.sub(kept, line).replace(RAISED_END, "")


NUMBERED_LABEL = r"\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[.．、](?!\d)|[\u3220-\u3229\u2460-\u249b])"
_NUMBERED = re.compile(NUMBERED_LABEL)


@dataclass(slots=True)
class Cell:
    text: str
    at: dict | None = None
    colspan: int = 1
    rowspan: int = 1


@dataclass(slots=True)
class Row:
    cells: list[Cell]
    delimited: bool = True
    table: int | None = None  # index of the source table this row belongs to, None for prose

    @property
    def text(self) -> str:
        cells = self.cells
        if len(cells) == 1:  # most rows: a paragraph, or one cell per line
            return cells[0].text
        return "\t".join([c.text for c in cells])


@dataclass(slots=True)
class Source:
    name: str
    sha256: str
    media_type: str
    size: int = 0

    @classmethod
    def of_bytes(cls, name: str, data: bytes, media_type: str) -> "Source":
        return cls(name, hashlib.sha256(data).hexdigest(), media_type, len(data))

    def to_dict(self) -> dict:
        return {"name": self.name, "sha256": self.sha256, "media_type": self.media_type}


@dataclass(slots=True)
class Problem:
    """Something a reader could not do: a finding-to-be (rule id of rules.yaml) or a fatal error."""

    rule: str  # e.g. "table.malformed", "cell.unreadable"; "source.unreadable" for fatal reader errors
    message: str  # Chinese, for the reader of the report
    at: dict | None = None


@dataclass
class Document:
    source: Source
    rows: list[Row] = field(default_factory=list)
    # Metadata the container gives, outside the body: page <title>, a 发布时间/发布日期 line of the
    # page header, crawler header fields (标题, 发布时间, 发布机构, 原文链接), PDF info, ...
    header: dict[str, str] = field(default_factory=dict)
    links: list[tuple[str, str]] = field(default_factory=list)  # (href, anchor text) from HTML
    # Pictures in the body (HTML <img>): (index in rows where it stands, src); see readers.images.
    images: list[tuple[int, str]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def plain_text(self) -> str:
        """The body as text: cells joined by tabs, rows by newlines."""
        return "\n".join([r.text for r in self.rows])


def empty_right_edge(rows: list[Row], header: bool = True) -> tuple[int, int] | None:
    """(columns holding text, grid width) of one table whose grid columns at the right edge no cell
    with text covers, a title across the whole table aside; None when there are none.

    A stray empty column in a Word-made table: with blank cells in a row, its empty cell would
    otherwise count as the row's last value. Columns inside the table stay, empty or not: an empty
    column there may be a value column whose header is missing. With `header`, only in a table with
    a header (has_header): without one, the table may be a piece of a table
    whose last column is blank throughout, and its empty cells are blank values."""
    if all(row.cells[-1].text for row in rows if row.cells):
        return None  # a cell in the empty columns makes its row end in an empty cell: none does
    if header and not has_header(rows):
        return None
    placed = _placed(rows)
    if placed is None:
        return None
    starts_of, width = placed
    filled = 0  # the columns up to here hold text
    for starts in starts_of:  # a cell with text fills its columns, but a title across the whole width none
        for col, cell in starts:
            if cell.text.strip() and not (col == 0 and col + cell.colspan >= width):
                filled = max(filled, col + cell.colspan)
    if filled == 0 or filled >= width:
        return None
    return filled, width


def has_header(rows: list[Row]) -> bool:
    """Whether a table starts with a header: a row of words before the first row of values (a row with
    a digit in it, but for a caption across the table: 2023年度统计（单位：件）)."""
    for row in rows:
        if any(_DIGIT.search(c.text) for c in row.cells) and sum(1 for c in row.cells if c.text.strip()) > 1:
            return False
        if is_header_row(row):
            return True
    return False


def is_header_row(row: Row) -> bool:
    """Two or more cells of words that are no numbered row labels, half the row's cells or three or more
    (a flattened header keeps empty cells where its merged cells were: 自然人 | 法人或其他组织 | 总计 among
    them): not a row's label and sublabel before its cells (（五）不予处理 | 1.信访举报投诉类申请 | | …, or
    without the numbers)."""
    words = sum(1 for c in row.cells if WORDS.search(c.text) and not _NUMBERED.match(c.text))
    return words >= 3 or (words == 2 and len(row.cells) <= 4)


def _placed(rows: list[Row]) -> tuple[list[list[tuple[int, Cell]]], int] | None:
    """The grid column each cell starts in (rowspans from above counted), per row, and the grid's width;
    None for a grid wider than any report table."""
    carry: list[int] = []  # per grid column: rows a rowspan from above still covers
    placed = []  # per row: (start column, cell) of each cell
    for row in rows:
        col = 0
        starts = []
        for cell in row.cells:
            while col < len(carry) and carry[col] > 0:
                col += 1
            end = col + cell.colspan
            if end > MAX_GRID_COLUMNS:
                return None  # no report table is this wide: leave it as it is
            if end > len(carry):
                carry.extend([0] * (end - len(carry)))
            for k in range(col, end):
                carry[k] = cell.rowspan
            starts.append((col, cell))
            col = end
        placed.append(starts)
        carry = [n - 1 if n > 0 else 0 for n in carry]
    return placed, len(carry)


def without_trailing_empty_columns(rows: list[Row], like: tuple[int, int] | None = None) -> list[Row]:
    """The rows of one table without the empty grid columns at its right edge (cut_right_edge)."""
    return cut_right_edge(rows, like)[0]


def cut_right_edge(rows: list[Row], like: tuple[int, int] | None = None) \
        -> tuple[list[Row], tuple[int, int] | None]:
    """The rows of one table without the empty grid columns at its right edge (empty_right_edge), and
    the edge cut there (None, and `rows` themselves, when nothing was cut).

    like: the (filled, width) of the table before this one, when this one may be its next piece (a
    table cut in two): a piece with no header of its own and the same grid width, whose columns past
    `filled` hold no text, loses them too. The rows come back in order, one for each; a row left with
    no cells is for the caller to drop (never emit one)."""
    edge = empty_right_edge(rows)
    if edge is None and like is not None and not has_header(rows):
        own = empty_right_edge(rows, header=False)
        if own is not None and own[1] == like[1] and own[0] <= like[0]:
            edge = like
    if edge is None:
        return rows, None
    filled = edge[0]
    starts_of, _ = _placed(rows)
    out = []
    for row, starts in zip(rows, starts_of):
        cells = []
        for col, cell in starts:
            if col >= filled:
                continue  # wholly in the empty columns: empty itself
            if col + cell.colspan > filled:
                cell = Cell(cell.text, cell.at, filled - col, cell.rowspan)
            cells.append(cell)
        out.append(Row(cells, row.delimited, row.table))  # no cells left: the caller drops the row
    return out, edge


def title_in_body(doc: "Document", title: str, rows: int = 30) -> bool:
    """Whether a file's metadata title is the report's own: one of the document's first rows prints it
    as a line of its own (a caption like "标题：" around it at most).

    A Word file's title property outlives its text (last year's report saved as this year's keeps
    "2019年…年度报告"), so a title the document does not print is not taken, nor one that is only part
    of a sentence (沭阳县人民政府 in "…通过沭阳县人民政府网站公布")."""
    title = re.sub(r"\s+", "", title or "")
    if len(title) < 4:
        return False
    for row in doc.rows[:rows]:
        text = re.sub(r"\s+", "", row.text)
        if title in text and len(text) <= len(title) + 8:
            return True
    return False
