"""Document -> Report: align the known template against the document, read and solve the tables.

The pipeline, each step a plain function you can call on its own:

    stream = Stream(doc)                      # evidence.py: the body as one text, with a map back to rows/cells
    layout = align(stream)                    # layout.py: where each template row's label is (labels.yaml)
    tokens = row_tokens(stream, a, b)         # evidence.py: the value evidence between one label and the next
    readings(tokens, k)                       # numbers.py: the ways to read k values from it
    choose(...) / infer(...)                  # solve.py: the table's relations pick and fill in
"""
from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache
from operator import itemgetter
import re

from .. import spec
from ..document import Document
from ..report import FIGURE_CELLS, NARRATIVE_PREFIX, CellValue, Finding, Report, num
from . import columns, labels
from .artefacts import (NUMBER_LINE, PIECES_DERIVATION, RUNS_BLANKS_DERIVATION, RUNS_DERIVATION, collapsed_runs,
                        doubt_ocr_misreads, expanded_runs, joined_pieces)
from .evidence import Stream, _cell_tokens, row_tokens, unknown_row
from .layout import ACTIVE_ROWS, REQUEST_ROWS, Found, align, detect_format
from .normalize import Normalized
from .numbers import Part, Token, make_number, readings
from .solve import (APPLICANTS, OTHER_SPLIT, Relation, broken, choose, infer, relation_cells, violations,
                    requests_relations, review_relations)

REQUEST_COLUMNS = APPLICANTS + ("total",)
REVIEW_CELLS = tuple(f"review.{g}.{c}" for g in ("reconsideration", "suit_direct", "suit_after")
                     for c in ("upheld", "corrected", "other", "pending", "total"))
MONEY = {"active.fees.amount", "active.procurement.amount"}
MONEY_UNITS = {"万元", "元"}
AMOUNT_UNITS = {"active.procurement.amount": {"万元": 10000, "万": 10000, "元": 1},  # recorded in 元
                "active.fees.amount": {"万元": 1, "万": 1, "元": 0.0001}}                 # recorded in 万元


# ---------------------------------------------------------------------------------------- reading
@dataclass
class RowReading:
    cells: tuple[str, ...]
    options: list[list[Part | None]]
    problem: str | None
    relation_ok: bool = True


# 2019 format, table 1: the sections whose rows print 上一年项目数量 and 本年增/减, by their first row
_SECTIONS_2019 = {"licensing": ("licensing", "other_services"), "penalty": ("penalty", "coercion"), "fees": ("fees",)}
_PREVIOUS_OR_CHANGE = re.compile(r"上一?年|增|减")


def _unit_value(cid: str, part: Part) -> int | float | None:
    v = part.value
    if v is None:
        return None
    scale = AMOUNT_UNITS[cid].get(part.unit) if cid in AMOUNT_UNITS else (10000 if part.unit == "万" else None)
    if scale is not None:  # 1.2万 of a count is 12000
        v = v * scale
        if isinstance(v, float) and v.is_integer():
            v = int(v)
        elif isinstance(v, float):
            v = round(v, 6)
    return v


def _drop_padding(tokens: list[Token], k: int, trailing_first: bool = False) -> list[Token]:
    """Empty cells next to the label or after the last value are often a merged cell printed out
    cell by cell (a label spanning three columns, a value spanning three): when a row has more
    cells than the template, drop such blanks first, leading then trailing (trailing_first: the
    other way round). One between values only
    when the row's values are exactly as many as the template's cells: every cell then holds a value,
    so an empty cell among them is a converter's padding of a merged cell (| 规章 | 0 | 0 | | 0 |)."""
    if len(tokens) <= k or len({t.row for t in tokens}) != 1:
        return tokens  # extra values from another source row are not padding: never drop a cell for them
    lo, hi = 0, len(tokens)
    if trailing_first:
        while hi - lo > k and tokens[hi - 1].blank:
            hi -= 1
    while hi - lo > k and tokens[lo].blank:
        lo += 1
    while hi - lo > k and tokens[hi - 1].blank:
        hi -= 1
    if hi - lo > k and sum(1 for t in tokens[lo:hi] if not t.blank) == k:
        return [t for t in tokens[lo:hi] if not t.blank]
    return tokens[lo:hi]


def _unplaceable(reading: "RowReading") -> bool:
    """A row with fewer values than cells whose values differ: where each value belongs is unknown."""
    if reading.problem not in ("short", "gaps") or not reading.options:
        return False
    values = {0 if p.blank else p.value for p in reading.options[0] if p is not None}
    return len(values) > 1


def _conflicting(printed: list[Token], before: list[Token]) -> bool:
    """Whether a row's values after its label and those before it tell different stories: neither
    holds the other's (0 0 0 after it and 0 before it agree), or only those before it are there."""
    after_values = Counter((t.sign, t.digits, t.frac) for t in printed if not t.blank)
    before_values = Counter((t.sign, t.digits, t.frac) for t in before if not t.blank)
    if not after_values:
        return bool(before_values)
    return not (after_values <= before_values or before_values <= after_values)


def _same_first(tokens: list[Token], others: list[Token]) -> bool:
    """Whether two lists of a row's values start at the same place (both are values after its label)."""
    return bool(tokens) and bool(others) and (tokens[0].row, tokens[0].at) == (others[0].row, others[0].at)


def _values_of(tokens: list[Token]) -> list[tuple]:
    """The values tokens print, in order (a blank cell as one)."""
    return [(t.blank, t.sign, t.digits, t.frac) for t in tokens]


_HAN = re.compile("[\u4e00-\u9fff]")
# Why a table-1 row has a second reading: (how the narrative settled it, the finding where nothing did)
_TABLE_ONE_DOUBTS = {
    "before_labels": ("表一的数值可能印在行名称之前，也可能在其后",
                      "表一的数值可能印在各行名称之前（PDF 转出的文本常见）：栏目表头与第一行名称之间已有数值，"
                      "而各行数值的个数对不上；以下单元格按名称前、后的数值读法不同，无法确定"),
    "stacked_labels": ("表一几行的名称连在一起印出，其后的数值可能依次属于这几行，也可能只属于最后一行",
                       "表一有几行的名称连在一起印出、其间没有数值（PDF 转出的文本常见），其后的数值可能依次属于这几行，"
                       "也可能只属于最后一行（空白单元格未保留）；以下单元格两种读法不同，无法确定"),
    "foreign_column": ("数值之前是别的栏目的列名",
                       "表一有的行名称与其后的数值之间印着别的栏目的列名（如“本年处理决定数量”，PDF 转出的文本常见），"
                       "这些数值可能属于别的行；以下单元格无法确定"),
}
_REVIEW_COLUMN_WORD = re.compile(r"其他结果|尚未审结|结果维持|结果纠正|总计")  # table 3's columns
_HEADER_WORDS_ONLY = re.compile(r"\s*(?:信息内容\s*)*")  # between table-1 labels printed as a column


def _first_word(text: str, lo: int, hi: int) -> int:
    """The offset of the first Chinese character of text[lo:hi] (hi where there is none)."""
    m = _HAN.search(text, lo, hi)
    return m.start() if m else hi


def _after_last_word(text: str, lo: int, hi: int) -> int:
    """The offset right after the last Chinese character of text[lo:hi] (lo where there is none)."""
    for i in range(hi - 1, lo - 1, -1):
        if "\u4e00" <= text[i] <= "\u9fff":
            return i + 1
    return lo


def _known_values(reading: "RowReading") -> list | None:
    """The values of a row read one way with every value known (a blank as 0), else None."""
    if len(reading.options) != 1 or not all(p is not None and p.known for p in reading.options[0]):
        return None
    return [p.value or 0 for p in reading.options[0]]


def _grid_as_read(rows, readings: dict) -> dict:
    """{cell: value} of those of `rows` read one way with every value known."""
    grid: dict = {}
    for r in rows:
        values = _known_values(readings[r])
        if values is not None:
            grid.update(zip(readings[r].cells, values))
    return grid


def _whole(reading: "RowReading") -> bool:
    """A row read one way with every value known (no cell guessed at, none left over)."""
    return reading.problem is None and _known_values(reading) is not None


def _same_values(a: "RowReading", b: "RowReading") -> bool:
    """Whether two readings of a row are one reading with the same known values."""
    if len(a.options) != 1 or len(b.options) != 1:
        return False
    pa, pb = a.options[0], b.options[0]
    return all((x is None and y is None) or (x is not None and y is not None and x.known and y.known
                                             and (x.blank, x.value) == (y.blank, y.value))
               for x, y in zip(pa, pb))


def _label_fragment_rows(label: str, order: list[str], fmt: str) -> set[str]:
    """The table-2 rows whose full label holds `label` (at least six characters of it), for a label
    a converter wrapped into pieces (行政机关不再处理其政府信息公 fits both （六）1 and （六）2)."""
    core = label.rstrip(".")
    if len(core) < 6:
        return set()
    return {r for r in order if core in Normalized(_label("requests", r, fmt).replace(" ", "")).text}


def _requests_row_ok(v: list) -> bool:
    return sum(v[:6]) == v[6]


def _group_balances(v: list, g: int) -> bool:
    """Table 3's group g (0 复议, 1 直接起诉, 2 复议后起诉): its four results add up to its 总计."""
    return sum(v[5 * g:5 * g + 4]) == v[5 * g + 4]


def _review_row_ok(v: list) -> bool:
    return _group_balances(v, 0) and _group_balances(v, 1) and _group_balances(v, 2)


def _read_row(tokens: list[Token], cells: tuple[str, ...], relational: bool) -> RowReading:
    """All readings of a row; where the row has its own relation (table 2 and 3), only those that
    keep it, unless none does (then the published row is inconsistent and all stay in play)."""
    check = None
    if relational:
        check = _review_row_ok if cells[0].startswith("review.") else _requests_row_ok
    # Table 1 merges value cells (行政许可 | 处理决定数量 across three columns): a converter pads such a row
    # after its values. Tables 2 and 3 merge label cells (一、本年新收… across three): padding before them.
    tokens = _drop_padding(tokens, len(cells), trailing_first=cells[0].startswith("active."))
    if check is _requests_row_ok and len(tokens) == len(cells) and tokens[0].row != tokens[-1].row:
        tokens = _wrapped_total(_in_column_order(tokens))  # a row printed over lines (tokens in text order)
    if 1 < len(tokens) < len(cells) and tokens[0].row != tokens[-1].row and \
            all(t.separated and not t.uncertain for t in tokens):
        # A row short of values over several lines, each number set apart (pdftotext: 120 １２ / 1 / 7):
        # the text delimits its numbers, and the rest of the row is elsewhere; cutting 120 into 1|2|0
        # to fill the row is a guess a row's sum confirms by chance (1,2,0,1,2,1 and 7).
        tokens = [replace(t, splittable=False) if t.splittable else t for t in tokens]
    options, problem = readings(tokens, len(cells), check)
    if options and check is not None and len(tokens) >= 2 and all(t.separated for t in tokens) \
            and all(_split_unconfirmed(cells, o, check) for o in options):
        # Numbers the text sets apart, and every way to cut them into the row's cells breaks the
        # row's own sum: the cut is a guess nothing confirms (271 31 1 2 / 12 5 322, a row split by a
        # page: not 2|7|1 3|1 1 2; 188 28 0 0 7 3, a row whose total column was lost: not 18|8 or
        # 2|8). Where each value belongs is unknown; the relations may infer the row. (A row printed
        # as one run, 5100000, is cut as it must be: its sum tells a published error.)
        return RowReading(cells, [[None] * len(cells)], "unsplit", False)
    if len(options) == 1 and check is _requests_row_ok and tokens[0].row != tokens[-1].row and \
            all(p is not None and p.known for p in options[0]) and \
            not check([0 if p.blank else _unit_value(c, p) for c, p in zip(cells, options[0])]) and \
            _pieced_from_lines(tokens):
        # Values pieced together from lines that also hold other numbers (pdftotext: 0 0 0 0 after the
        # label, 0 0 2 on the next line), and the row does not add up: a line may be another row's
        # (the rest of the row before, split by a page). Not read; the relations may infer the row.
        return RowReading(cells, [[None] * len(cells)], "scattered", False)
    if len(options) <= 1 or check is None:
        return RowReading(cells, options, problem)
    values = [[None if p is None else (0 if p.blank else _unit_value(c, p)) for c, p in zip(cells, o)]
              for o in options]
    ok = [o for o, v in zip(options, values) if None in v or check(v)]
    if ok:
        return RowReading(cells, ok, problem, True)
    if check is _review_row_ok:
        # No reading balances all three groups: the published row is wrong somewhere. Keep the
        # readings that balance the most groups (the fewest published errors), which often
        # settles the groups that do balance; the checks report the group no reading balances.
        scores = [None if None in v else sum(_group_balances(v, g) for g in range(3)) for v in values]
        best = max((s for s in scores if s is not None), default=0)
        if best > 0:
            return RowReading(cells, [o for o, s in zip(options, scores) if s is None or s == best], problem, False)
    return RowReading(cells, options, problem, False)


def _pieced_from_lines(tokens: list[Token]) -> bool:
    """A row's values from two or more lines of text, one of them holding several (not one value a
    line). (A table's row split over two table rows, as a page splits it, is no line of text.)"""
    lines = len({t.row for t in tokens})
    return 1 < lines < len(tokens) and all(t.at and "line" in t.at for t in tokens)


def _in_column_order(tokens: list[Token]) -> list[Token]:
    """A table-2 row laid out over several lines (pdftotext -layout: a value wrapped in its cell
    printed a line above or below the others, 4 over 4 0 0 0 0 0) in the order of its columns, where
    that order makes the row's sum and the lines' order does not; else `tokens`."""
    if any(t.blank or t.frac or t.sign or t.uncertain or t.at is None or not isinstance(t.at.get("col"), int)
           for t in tokens):
        return tokens
    by_column = sorted(tokens, key=lambda t: t.at["col"])  # stable: one column's values keep their order
    if by_column == tokens or len({t.at["col"] for t in tokens}) < len(tokens):
        return tokens  # already so, or two values in one column: which is whose is not told
    if _requests_row_ok([int(t.digits) for t in tokens]):
        return tokens
    return by_column if _requests_row_ok([int(t.digits) for t in by_column]) else tokens


def _wrapped_total(tokens: list[Token]) -> list[Token]:
    """A table-2 row whose last number stands alone on a line after the others, where the row breaks
    its sum and the two last numbers written together are the sum of the five before them: a total
    wrapped in its narrow cell (１４ / １ is 141), the row's missing number an empty cell. The row's
    numbers with the two joined (short: where the empty cell is, is not known); else `tokens`."""
    last, previous = tokens[-1], tokens[-2]
    if last.row == previous.row or previous.row != tokens[0].row or \
            any(t.blank or t.frac or t.sign or t.unit or t.uncertain for t in tokens):
        return tokens
    values = [int(t.digits) for t in tokens]
    if sum(values[:6]) == values[6] or int(previous.digits + last.digits) != sum(values[:5]):
        return tokens
    joined = replace(previous, digits=previous.digits + last.digits, raw=previous.raw + last.raw)
    # each number set apart on its line is one cell's (no run of several values to cut)
    return [replace(t, splittable=False) for t in tokens[:-2]] + [replace(joined, splittable=False)]


def _split_unconfirmed(cells: tuple[str, ...], option: list, check) -> bool:
    """The reading cuts a digit run into several cells and breaks the row's own relation."""
    if any(p is None or not p.known for p in option):
        return False
    if not any(p.run and p.run.strip() != p.raw for p in option):
        return False
    return not check([0 if p.blank else _unit_value(c, p) for c, p in zip(cells, option)])


def _same(value, stated) -> bool:
    """A reading equals a stated figure (money to the fen: 541.9886万元 is 5419886元)."""
    return value == stated or (isinstance(value, (int, float)) and abs(value - stated) < 0.005)


_HEADER_REACH = 600  # characters from table 2's header to its first row label
IN_SEQUENCE_DERIVATION = "按顺序推得：表二的数值与行名称错开，按数值的先后顺序每 7 个对应一行，表内各项关系均成立"
# A number in table 2's region; group 1 or 3 set where it is no whole count (a sign; a decimal, a unit).
# A label's serial number cut off from its label ("2." alone on a line) is no number.
_WHOLE_COUNT = re.compile(r"(?<![\d.,])([+\-−－＋]?)(\d+)(?!\d|[.．、](?!\d))([.,，]\d|\s*[件个项%万元])?")
VALUES_BEFORE_ROW_LABELS_DERIVATION = "按版式推得：表二各行的数值印在行名称之前，取每行名称之前的数值，表内各项关系均成立"
_DIGIT = re.compile(r"\d")
_SECTION_MARK = re.compile(r"第二十条第\s*[（(]?\s*[0-9一二三四五六七八九十]+\s*[）)]?\s*项")  # table 1's sections
VALUES_BEFORE_LABELS_DERIVATION = "按版式推得：表一各行的数值印在行名称之前，取每行名称之前的数值"
# Table-2 totals a narrative states (extract.meta's figure keys): the test of inferred values.
_TOTALS_STATED = {"received": "requests.new.total", "carried_in": "requests.carried_in.total",
                  "carried_out": "requests.carried_out.total"}


def _plain_sum(cells: dict, ids: tuple[str, ...]) -> int | float | None:
    values = [cells[c].value if c in cells else None for c in ids]
    return None if None in values else sum(values)


# Columns an agency adds beside the template's: last year's figures, the change, remarks, numbering
_EXTRA_COLUMN = re.compile(r"上年|去年|同比|环比|增减|备注|说明|序号")
# What a column's name is compared by: its words without punctuation, 单位, 一 and 度 (上一年项目数量 is
# printed 上年项目数量, 本年增/减 本年增（+）/减（-）, 本年度新制作数量 本年新制作数量)
_NAME_NOISE = re.compile(r"[\s()（）+\-/／、，,：:＋－]|单位|一|度")


def _column_key(name: str) -> str:
    return _NAME_NOISE.sub("", name)


def _header_names(doc, tokens: list) -> tuple[list[str], list[int]] | None:
    """The names of the columns of a table row after its label, from the header row above it with a
    name for each of its cells, and the column of each of the row's values (a cell holds one; a
    remark's cell may hold none, or a number of its own: 含简易程序1210件). None where there is no
    such header or the values' cells are not known."""
    ri = tokens[0].row
    if ri < 0 or any(t.row != ri or t.splittable for t in tokens):
        return None
    row = doc.rows[ri]
    if row.table is None:
        return None
    if len(row.cells) == len(tokens) + 1:
        cols = list(range(len(tokens)))
    else:  # by the cell each value was read from
        ats = [c.at for c in row.cells]
        cols = []
        for t in tokens:
            j = next((j for j, at in enumerate(ats) if at is not None and at == t.at), 0)
            if j == 0:
                return None
            cols.append(j - 1)
        if len(set(cols)) != len(cols):
            return None
    for k in range(ri - 1, max(-1, ri - 6), -1):
        header = doc.rows[k]
        if header.table != row.table:
            return None
        names = [c.text.strip() for c in header.cells]
        if all(n and not any(ch.isdigit() for ch in n) for n in names):
            if len(names) == len(row.cells):
                return names[1:], cols
            placed = _columns_by_box(header, [row.cells[j + 1] for j in cols])
            if placed is not None:
                return names[1:], placed
    return None


def _columns_by_box(header, cells: list) -> list[int] | None:
    """The column of each of `cells` under the `header` row's cells after its label, by where they
    stand on the page (a PDF drops an empty cell, so counting cells does not tell); None unless each
    stands under a different one."""
    cols = []
    for cell in cells:
        j = columns.cell_over(header.cells, cell)
        if not j:  # none, or the label's column
            return None
        cols.append(j - 1)
    return cols if len(set(cols)) == len(cols) else None


def _is_template_column(name: str, template: list[str]) -> bool:
    key = _column_key(name)
    if _EXTRA_COLUMN.search(key):  # 上年现行有效件数 is no 现行有效件数; 上年项目数量 is 2019's own name
        return key in template
    return any(key == t or (len(key) >= 4 and (key in t or t in key)) for t in template)


def _without_named_extra_columns(doc, tokens: list, ids: tuple[str, ...], fmt: str) -> list:
    """A table row with more values than the template, under a header that names its columns
    (信息内容 | 本年处理决定数量 | 上年数): its values in the template's columns. The columns kept are
    those the header names as the template does, where there are as many as the template has, in its
    order; else all but those it names as an agency's own (上年数, 增减, 备注, 序号), where that leaves as
    many. A column named as the template's is never dropped (上年项目数量 is 2019's 上一年项目数量)."""
    found = _header_names(doc, tokens)
    if found is None:
        return tokens
    names, cols = found
    template = [_column_key(spec.cell_label(cid, fmt).split("·")[1]) for cid in ids]
    named = [j for j, name in enumerate(names) if _is_template_column(name, template)]
    # the others named as columns of table 1 of a format (收费金额 beside 2019's 上一年项目数量) or an
    # agency's own (上年数): a name nobody knows (数量二) may be the template's column named otherwise
    known = all(_EXTRA_COLUMN.search(name) or _is_template_column(name, _all_column_keys())
                for j, name in enumerate(names) if j not in named)
    if known and len(named) == len(ids) and all(_is_template_column(names[j], [t]) for j, t in zip(named, template)):
        kept = [t for t, c in zip(tokens, cols) if c in named]
        return kept if len(kept) == len(ids) else tokens
    extra = {j for j, name in enumerate(names) if j not in named and _EXTRA_COLUMN.search(name)}
    kept = [t for t, c in zip(tokens, cols) if c not in extra]
    return kept if extra and len(kept) == len(ids) else tokens


@lru_cache(maxsize=1)
def _all_column_keys() -> list[str]:
    """The names of table 1's columns in either format, as _column_key writes them."""
    return sorted({_column_key(spec.cell_label(cid, fmt).split("·")[1])
                   for fmt in ("2019", "2021") for cid in spec.cell_ids(fmt, "active")})


_AMOUNT_UNIT = re.compile(r"采购总?金额\s*[（(](?:单位[：:])?\s*(万元|元)\s*[）)]")
_UNIT_HEADER_REACH = 120  # characters before 政府集中采购's label that hold its section's header


def _unit_of_header_text(text: str, lo: int, hi: int) -> str | None:
    """The unit the procurement amount's column names in a header copied as text before the row's
    label (信息内容 采购项目数量 采购总金额（万元） / 政府集中采购 86 3265.42), or None."""
    found = _AMOUNT_UNIT.findall(text, max(lo, 0), hi)
    return found[-1] if found else None


_LONE_UNIT = re.compile(r"(?<!\S)(万元|元)(?!\S)")


def _unit_before_values(text: str, a: int, b: int) -> str | None:
    """A unit standing alone between 政府集中采购's label and its first value: the amount's cell
    wrapped, its unit printed a line above the number (pdftotext -layout: 政府集中采购  万元 / 7  586.4)."""
    first = _DIGIT.search(text, a, b)
    units = _LONE_UNIT.findall(text, a, first.start() if first else a)
    return units[0] if len(units) == 1 else None


def _unit_of_header(doc, tokens: list) -> str | None:
    """The unit the header of a row's last value's column names (采购总金额（万元）), for a value written
    without one."""
    found = _header_names(doc, tokens)
    if found is None:
        return None
    names, cols = found
    m = re.search(r"[（(](?:单位[：:])?(万元|元)[）)]", names[cols[-1]])
    return m.group(1) if m else None


_REVIEW_COLUMN_WORDS = {"结果维持": 0, "维持": 0, "结果纠正": 1, "纠正": 1, "其他结果": 2, "其它结果": 2,
                        "尚未审结": 3, "总计": 4, "合计": 4}


# A result of table 3 and three values after it (table 3 with its results as rows, as text)
_RESULT_AND_THREE = re.compile(r"(结果维持|结果纠正|其他结果|其它结果|尚未审结|总计|合计)[\s|｜]*"
                               r"(?:[0-9０-９]+[\s|｜]+){2}[0-9０-９]+(?![0-9０-９.．])")
# A group of table 3 and five values after it (table 3 with its groups as rows, as text)
_GROUP_AND_FIVE = re.compile(r"(行政复议|行政诉讼未经复议直接起诉|行政诉讼直接起诉|行政诉讼复议后起诉|未经复议直接起诉|直接起诉"
                             r"|复议后起诉)(?:行政诉讼)?[\s|｜]*"
                             r"(?:[0-9０-９]+[\s|｜]+){4}[0-9０-９]+(?![0-9０-９.．])")
_TEXT_ROWS_HEADER_REACH = 80  # characters before the first row that hold the columns' names


def _review_group(label: str) -> int | None:
    """Which group of table 3 a row label names: 0 行政复议, 1 未经复议直接起诉, 2 复议后起诉."""
    if "复议后" in label:
        return 2
    if "直接起诉" in label or "未经复议" in label:
        return 1
    if "复议" in label and "诉讼" not in label and "起诉" not in label:
        return 0
    return None


def _drop_serial_numbers(readings_by_row: dict) -> None:
    """A table with a 序号 column, copied a cell at a time (one per line, or a table run into one
    line), prints each row's number before its label: it comes last among the values of the row
    above. Where most rows hold one value too many, the last of it a whole number and these extra
    numbers count up row by row, they are the numbers of the rows, and are dropped."""
    rows = [(r, ids, toks) for r, (ids, toks) in readings_by_row.items() if toks]
    extra = [(r, int(toks[-1].digits)) for r, ids, toks in rows if len(toks) == len(ids) + 1
             and not (toks[-1].blank or toks[-1].sign or toks[-1].frac or toks[-1].unit or toks[-1].splittable)
             and toks[-1].digits.isdigit()]
    if len(extra) < 5 or len(extra) < 0.6 * len(rows):
        return
    numbers = [n for _, n in extra]
    # by one from row to row; by two past a row whose own number stood inside its label, between
    # a group's label and the row's (三、本年度办理结果 3 （一）予以公开)
    if any(not 0 < b - a <= 2 for a, b in zip(numbers, numbers[1:])):
        return
    for r, _ in extra:
        ids, toks = readings_by_row[r]
        readings_by_row[r] = (ids, toks[:-1])


# Columns an agency adds after table 2's 总计, named in its header: last year's figures, the change, a remark.
_EXTRA_TRAILING_COLUMN = re.compile(r"上年同期|去年同期|上年数|上年度|上年|同比增减|同比|环比|增减|备注|说明")


def _drop_extra_trailing_columns(header: str, readings_by_row: dict) -> None:
    """Table 2 with columns its header names after the template's (上年同期, 同比增减(%), 备注): the
    values past the seven of a row are theirs, and are dropped, where the row has no more than the
    extra columns' worth of them, each its own cell (a row run together is left to the splitting)."""
    extra = len(_EXTRA_TRAILING_COLUMN.findall(header))
    if not extra:
        return
    for r, (ids, toks) in readings_by_row.items():
        if len(ids) < len(toks) <= len(ids) + extra and not any(t.splittable for t in toks):
            readings_by_row[r] = (ids, toks[:len(ids)])


def _plausible(reading: RowReading) -> RowReading:
    """Of several readings of a table-1 row, those with no negative number outside a 本年增/减
    column ("行政处罚2648-18538": the minus starts the change, not the decisions); all of them
    when none is (a published negative count stays for cell.invalid to report)."""
    kept = [o for o in reading.options
            if all(p is None or p.value is None or p.value >= 0 or cid.endswith(".change")
                   for cid, p in zip(reading.cells, o))]
    if kept and len(kept) < len(reading.options):
        return RowReading(reading.cells, kept, reading.problem, reading.relation_ok)
    return reading


def _as_read(cid: str, p: Part) -> CellValue:
    """The cell as its one known reading gives it: blank, or the number as it stands."""
    if p.blank:
        return CellValue(None, "blank", p.raw, p.at)
    return CellValue(_number(cid, p), "read", p.raw, p.at)


def _number(cid: str, p: Part | None) -> int | float | None:
    if p is None:
        return None
    if p.blank:
        return 0
    return _unit_value(cid, p) if p.unit else p.value


@lru_cache(maxsize=None)
def _row_cells(table: str, row: str, columns: tuple[str, ...]) -> tuple[str, ...]:
    """The cell ids of one template row, left to right."""
    return tuple(f"{table}.{row}.{c}" for c in columns)


@lru_cache(maxsize=None)
def _label(table: str, row: str, fmt: str) -> str:
    if table == "requests":
        v = spec.spec()["tables"]["requests"]["rows"][row]
        return v["label"] if isinstance(v, dict) else v
    t = spec.spec()["tables"]["active"]
    f = t[fmt] if row in t[fmt]["rows"] else t["2019" if fmt == "2021" else "2021"]
    return f["rows"][row]["label"]




_UNSETTLED = CellValue()  # a cell no row has settled yet (missing): shared, replaced before it is returned


class Extraction:
    """All the state of reading one document's tables; `run()` fills report.cells and problems."""

    def __init__(self, doc: Document, report: Report, year: int | None, stream: Stream | None = None,
                 stated: dict | None = None):
        self.doc = doc
        self.report = report
        self.stated = stated or {}  # the narrative's figures (extract.meta): they may settle a split
        self.stream = stream if stream is not None else Stream(doc)
        self.layout = align(self.stream)
        self.fmt = detect_format(self.layout, year)
        self.problems: list[Finding] = []
        self.options: dict[str, RowReading] = {}  # row key -> reading
        self.present_rows: set[str] = set()
        self._collapsed_runs: bool | None = None  # see collapsed_runs(); looked at when a row is short
        self.expanded: set[str] = set()  # cells of rows read by expanding such runs, or joining pieces
        self.derivations: dict[str, str] = {}  # how each expanded cell was read
        self.rows_after_values: set[str] = set()  # table-2 cells whose values may stand before their label
        # Such a capture that also left out the table's blank cells: a row may then hold blanks
        # anywhere, and no reading of runs alone is safe (a value would move to another column).
        self.blanks_dropped = False

    def _read_row(self, tokens: list[Token], cells: tuple[str, ...], relational: bool,
                  segment: tuple[int, int] | None = None) -> RowReading:
        """_read_row, and the readings of capture artefacts (collapsed runs, numbers in pieces) for
        a row whose segment (label end, next label start) holds nothing but its value lines."""
        reading = _read_row(tokens, cells, relational)
        if reading.problem not in ("overfull", "short", "gaps") or segment is None or not tokens \
                or not self._only_values_between(tokens, segment):
            return reading
        if reading.problem == "overfull" and relational and len(tokens) - len(cells) <= 2 \
                and self._one_value_per_line(tokens):
            options = joined_pieces(tokens, len(cells), self._row_check(cells))
            if options:
                return self._artefact_reading(cells, options, PIECES_DERIVATION)
        if 0 < len(tokens) < len(cells) and reading.problem in ("short", "gaps") \
                and not any(t.splittable or t.uncertain or t.blank for t in tokens) and self.collapsed_runs:
            check = self._row_check(cells) if relational else None
            if check is None or not self.blanks_dropped:
                options = expanded_runs(tokens, len(cells), check)
                # a run is of equal lines: an amount of money (160200元) is no run into a count's cell
                options = [o for o in options or () if all(p.unit not in MONEY_UNITS or c in MONEY for c, p in zip(cells, o))]
                if options:
                    return self._artefact_reading(cells, options, RUNS_DERIVATION)
                if check is None:
                    return reading
            options = expanded_runs(tokens, len(cells), check, blanks=True)
            if options:
                self.blanks_dropped = True  # a row only blanks explain: see _read_requests
                return self._artefact_reading(cells, options, RUNS_BLANKS_DERIVATION)
        return reading

    def _artefact_reading(self, cells: tuple[str, ...], options: list, derivation: str) -> RowReading:
        """The readings of a capture artefact; the cells they settle end up inferred (run())."""
        self.expanded.update(cells)
        self.derivations.update(dict.fromkeys(cells, derivation))
        return RowReading(cells, options, None, True)

    @staticmethod
    def _row_check(cells: tuple[str, ...]):
        """The row's own relation over a reading's parts (table 2 or 3)."""
        check = _review_row_ok if cells[0].startswith("review.") else _requests_row_ok
        return lambda parts: check([0 if p.blank else _unit_value(c, p) for c, p in zip(cells, parts)])

    @property
    def collapsed_runs(self) -> bool:
        """A capture that kept one line of each run of equal lines ("0" for a row of zeros)."""
        if self._collapsed_runs is None:
            self._collapsed_runs = collapsed_runs(self.doc)
        return self._collapsed_runs

    def _crowded_labels(self, found: dict[str, Found]) -> list[str]:
        """Rows whose labels were found three or more to one cell of a table row (a scan whose
        rule between the label columns was lost): whichever values follow are not theirs."""
        stream = self.stream
        if stream.row_last[-1] == len(stream.row_last) - 1:
            return []  # one cell a row: no table row with a label cell and value cells
        starts, rows, delimited = stream.cell_starts, stream.cell_rows, stream.row_delimited
        by_cell: dict[int, list[str]] = {}
        for r, f in found.items():
            i = bisect_right(starts, f.start) - 1
            if bisect_right(starts, max(f.end - 1, f.start)) - 1 == i:
                by_cell.setdefault(i, []).append(r)
        crowded = []
        for i, rs in by_cell.items():
            ri = rows[i]
            if len(rs) >= 3 and delimited[ri] and len(self.doc.rows[ri].cells) >= 2:
                crowded.extend(rs)
        return [r for r in REQUEST_ROWS if r in crowded]

    def _stacked_labels(self, found: dict[str, Found]) -> list[str]:
        """Rows whose numbers are printed together before a label (1.2.本机关不掌握… / 没有现成信息…
        / 1 1 0 0 0 0 2, or 2.3.重复申请 / 要求提供公开出版物 / 6 0 0 0 0 0 6: a PDF's text with two labels'
        lines laid over each other): which of them the values after belong to the text cannot say.
        The rows those numbers name, counted from the first row found after them."""
        if not found:
            return []
        text = self.stream.text
        order = None
        stacked = []
        lo, hi = min(f.start for f in found.values()), max(f.end for f in found.values())
        if _NUMBER_AFTER_NUMBER.search(text, lo, hi) is None:
            return []  # the common case, told by a faster scan
        for m in _STACKED_NUMBERS.finditer(text, lo, hi):
            numbers = [int(n) for n in _NUMBER_OF.findall(m.group())]
            if numbers != list(range(numbers[0], numbers[0] + len(numbers))):  # 1.2., not 3.1.
                continue
            order = order or sorted(found, key=lambda r: found[r].start)
            after = next((r for r in order if m.end() <= found[r].start <= m.end() + _STACKED_REACH), None)
            if after is None:
                continue
            own = labels.row_number("requests", after)
            at = REQUEST_ROWS.index(after) - (own - numbers[0] if own in numbers else 0)
            stacked.extend(REQUEST_ROWS[at:at + len(numbers)])
        return [r for r in REQUEST_ROWS if r in stacked and r in found]

    def _only_values_between(self, tokens: list[Token], segment: tuple[int, int]) -> bool:
        """True when every number line between the label and the next label is one of the tokens:
        no word (增, 批) cut the row's evidence short with more of its numbers after it."""
        stream = self.stream
        a, b = segment
        starts, rows = stream.cell_starts, stream.cell_rows
        label_row = rows[bisect_right(starts, max(a - 1, 0)) - 1]
        next_row = rows[bisect_right(starts, b) - 1] if b < len(stream.text) else len(self.doc.rows)
        taken = {t.row for t in tokens}
        doc_rows = self.doc.rows
        return not any(NUMBER_LINE.fullmatch(doc_rows[ri].text.strip()) for ri in range(label_row + 1, next_row)
                       if ri not in taken)

    def _one_value_per_line(self, tokens: list[Token]) -> bool:
        """Each token is a whole line of its own (one cell per line), none a blank or a decimal."""
        rows = self.doc.rows
        lines = [t.row for t in tokens]
        return len(set(lines)) == len(lines) and all(
            0 <= t.row < len(rows) and len(rows[t.row].cells) == 1 and not (t.splittable or t.uncertain or t.blank
                                                                            or t.frac or t.sign or t.unit)
            for t in tokens)

    def _problem(self, message: str, cells: list[str] | None = None, rule: str = "table.malformed"):
        self.problems.append(Finding(rule, message, list(cells or [])))

    # -- segments ------------------------------------------------------------------------------
    def _segments(self, found: dict[str, Found], order: tuple[str, ...], region_end: int):
        # in document order: a table-1 row may have been found out of template order
        keys = sorted((r for r in order if r in found), key=lambda r: found[r].start)
        for i, r in enumerate(keys):
            a = found[r].end
            b = found[keys[i + 1]].start if i + 1 < len(keys) else region_end
            yield r, a, b

    def run(self) -> None:
        fmt = self.fmt
        if not fmt:
            self.report.cells = {}
            return
        # every cell of the format, in layout order; _UNSETTLED until settled
        cells: dict[str, CellValue] = dict.fromkeys(spec.cell_ids(fmt), _UNSETTLED)
        self._read_active(fmt, cells)
        self._read_requests(fmt, cells)
        self._distrust_contradicted_inferences(cells)
        self._read_review(cells)
        for cid, value in cells.items():
            if value is _UNSETTLED:
                cells[cid] = CellValue()  # missing; each cell its own object
        for cid in self.expanded:
            cell = cells.get(cid)
            if cell is not None and cell.status == "read":
                cells[cid] = CellValue(cell.value, "inferred", cell.raw, cell.at, derivation=self.derivations[cid])
        self.report.cells = cells

    def _distrust_contradicted_inferences(self, cells: dict) -> None:
        """Values inferred in table 2 from its column relations (一 + 二 = 七 + 四, 七 = the outcome rows)
        assume the other rows are right. When the narrative states such a total otherwise (受理申请21件,
        inferred 27) and the inference went through rows themselves inferred (two garbled rows), the
        published table may well break those relations (rows that do not add up): every value
        inferred in the table is suspect, each becomes ambiguous with its inferred value the one
        candidate, and the report says why. A total inferred within its own row, or one row inferred
        from rows read as printed, stands: then it is the narrative that disagrees (text.table_mismatch)."""
        for key, cid in _TOTALS_STATED.items():
            cell, figures = cells.get(cid), self.stated.get(key)
            if cell is None or cell.status != "inferred" or not figures or len({f["value"] for f in figures}) != 1:
                continue
            stated = figures[0]["value"]
            if "列：" not in (cell.derivation or "") or _same(cell.value, stated):
                continue
            if key == "received" and _same(_plain_sum(cells, ("requests.new.total", "requests.carried_in.total")), stated):
                continue  # 受理 counted with the applications carried over: agrees
            suspect = [c for c, v in cells.items() if c.startswith("requests.") and v is not _UNSETTLED
                       and v.status == "inferred" and not (v.derivation or "").startswith(NARRATIVE_PREFIX)]
            if len({c.split(".")[1] for c in suspect}) < 2:
                return
            for c in suspect:
                cells[c] = CellValue(None, "ambiguous", None, None, candidates=[cells[c].value])
            self._problem(f"按表内关系推得{_label('requests', cid.split('.')[1], self.fmt)}总计为 {num(cell.value)}，"
                          f"而正文称“{figures[0]['text']}”（{num(stated)} 件）：表二的勾稽关系可能本身不成立，"
                          f"由它推得的数值不予采用", suspect, rule="cell.unreadable")
            return

    # -- table 1 -------------------------------------------------------------------------------
    def _read_active(self, fmt: str, cells: dict) -> None:
        lay = self.layout
        if not lay.active:
            return
        rows = spec.rows_of("active", fmt)
        end = lay.active_region[1]
        this_year_only = self._sections_without_change(fmt)
        segments = [(r, a, b) for r, a, b in self._segments(lay.active, ACTIVE_ROWS, end) if r in rows]
        tokens_of = {r: row_tokens(self.stream, a, b, labels.row_pattern("active", r)) for r, a, b in segments}
        doubted: dict[str, list[Token]] = {}  # row -> the values before its label, where they may be its own
        printed_after = dict(tokens_of)  # each row's values after its label, as the text prints them
        if not this_year_only:
            shifted = self._values_before_labels(segments, tokens_of, fmt)
            if shifted is not None:
                tokens_of = shifted
            else:
                tokens_of, doubted = self._values_before_labels_by_section(segments, tokens_of, fmt)
        stacked = self._stacked_active_rows(segments, tokens_of, fmt)
        open_cells: dict[str, list[str]] = {doubt: [] for doubt in _TABLE_ONE_DOUBTS}  # cells read two ways, by why
        for r, a, b in segments:
            ids = _row_cells("active", r, spec.columns_of("active", fmt, r))
            tokens = tokens_of[r]
            if r in this_year_only:
                # only this year's count and (where the section has them) the decisions: the count is
                # no template cell, the decisions are the row's last value
                ids, tokens = ids[2:], tokens[-1:] if len(ids) == 3 and len(tokens) == 2 else []
                if not ids:
                    continue
            named = self._named_values(r, a, b, fmt) if r not in this_year_only else None
            if named is not None:
                tokens = named  # 上一年项目数量 0 / 20 本年增/减 0: each value after its column's name
            if len(ids) == 1 and len(tokens) > 1 and all(t.row == tokens[0].row and not t.blank and t.raw == tokens[0].raw
                                                          for t in tokens):
                tokens = tokens[:1]  # 行政许可 | 137 | 137 | 137: one value a converter repeated in each column it spans
            if len(tokens) > len(ids):
                tokens = _without_named_extra_columns(self.stream.doc, tokens, ids, fmt)
            if r == "procurement" and len(tokens) == len(ids) and tokens[-1].unit is None and not tokens[-1].blank:
                unit = _unit_of_header(self.stream.doc, tokens) or \
                    _unit_of_header_text(self.stream.text, a - _UNIT_HEADER_REACH, a) or \
                    _unit_before_values(self.stream.text, a, b)
                if unit is not None:
                    tokens = tokens[:-1] + [replace(tokens[-1], unit=unit)]
            reading = self._read_row(tokens, ids, False, (a, b))
            doubt, other = None, []  # why the row has a second reading (_TABLE_ONE_DOUBTS), and its values
            if r in doubted and _conflicting(tokens, doubted[r]):
                doubt, other = "before_labels", doubted[r]
            elif reading.options and _same_first(tokens, printed_after[r]) and self._after_foreign_column_name(r, a, b, fmt):
                doubt = "foreign_column"  # 行政事业性收费 / 本年处理决定数量 / 6: the value may be another row's
            elif r in stacked and _values_of(tokens) != _values_of(stacked[r]):
                doubt, other = "stacked_labels", stacked[r]
            how = None  # how the narrative settled the row, where it did
            if doubt is not None:
                alternative = _read_row(other, ids, False)
                if reading.options or alternative.options:
                    unknown = [[None] * len(ids)]
                    reading = RowReading(ids, (reading.options or unknown) + (alternative.options or unknown), None)
                    how = _TABLE_ONE_DOUBTS[doubt][0]
                    open_cells[doubt] += ids
            if len(reading.options) > 1:
                reading = _plausible(reading)
            said = self._narrowed(reading) if len(reading.options) > 1 else None
            if said is not None:
                undecided = [j for j in range(len(ids)) if len({_number(ids[j], o[j]) for o in reading.options}) > 1]
                reading = said[0]
            self._settle_independent(reading, cells, _label("active", r, fmt))
            if said is not None:
                self._mark_told(reading, [ids[j] for j in undecided], said[1], cells, how)
        for doubt, (_, message) in _TABLE_ONE_DOUBTS.items():
            still_open = [c for c in open_cells[doubt] if cells[c].status in ("ambiguous", "missing")]
            if still_open:
                self._problem(message, still_open, rule="cell.unreadable")
        all_ids = [f"active.{r}.{c}" for r, _, _ in segments for c in spec.columns_of("active", fmt, r)]
        if all_ids and all(cells[c].status == "missing" for c in all_ids) and \
                not any(set(p.cells) & set(all_ids) for p in self.problems):
            # the rows' names are there, no value could be placed: the table is printed, not readable
            self._problem("表一各行的名称都已找到，但没有一行能对应到数值（PDF 转出的文本可能把名称和数值分开印出），"
                          "表一的数值无法读取", all_ids)
        for r in rows:
            if r not in lay.active:
                ids = [f"active.{r}.{c}" for c in spec.columns_of("active", fmt, r)]
                self._problem(f"表一缺少「{_label('active', r, fmt)}」行，其数值无法读取", ids)

    def _named_values(self, r: str, a: int, b: int, fmt: str) -> list[Token] | None:
        """A table-1 row whose values each follow their column's name in its segment (a table printed
        one cell a line with its column names: 上一年项目数量 0 / 20 本年增/减 0, the 20 a serial
        number), the values in column order; None unless every column of the row is named once,
        in order, each name right before a number."""
        text = self.stream.text
        if _HAN.search(text, a, b) is None:
            return None  # the common case: nothing but values after the label
        mark = _SECTION_MARK.search(text, a, b)
        end = mark.start() if mark else b
        values, last = [], a
        for column in spec.columns_of("active", fmt, r):
            hits = list(labels.column_word_pattern(column).finditer(text, a, end))
            if len(hits) != 1 or hits[0].start() < last:
                return None
            last = hits[0].end()
            value = row_tokens(self.stream, hits[0].start(1), hits[0].end(1))
            if len(value) != 1:
                return None
            values += value
        return values

    def _after_foreign_column_name(self, r: str, a: int, b: int, fmt: str) -> bool:
        """Whether a column name of a column table-1 row r lacks stands between its label (ending at a)
        and its first value: the header of another section, printed out of order."""
        text = self.stream.text
        first = _DIGIT.search(text, a, b)
        if first is None or _HAN.search(text, a, first.start()) is None:
            return False  # no value, or nothing but its value after the label (the common case)
        mark = _SECTION_MARK.search(text, a, first.start())  # after it, the next section's own header
        end = mark.start() if mark else first.start()
        return labels.column_words_not_of(spec.columns_of("active", fmt, r)).search(text, a, end) is not None

    def _stacked_active_rows(self, segments: list, tokens_of: dict, fmt: str) -> dict[str, list[Token]]:
        """Table-1 rows whose labels print one after another with nothing between them (行政许可 /
        行政处罚 / 行政强制 / 37: a PDF's text that prints a section's label column before its values):
        the values after the last of them may be the rows' in order, or the last row's alone (a copy
        that left out the blank cells). {row: its values read in order} for the rows of such stacks
        where that reading leaves no value over; empty in the common case, a value after each label."""
        if all(tokens_of[r] for r, _, _ in segments):
            return {}  # the common case: values after every label
        stream = self.stream
        text, starts, cell_rows, ats = stream.text, stream.cell_starts, stream.cell_rows, stream.cell_ats

        def line(offset: int) -> int | None:
            at = ats[bisect_right(starts, offset) - 1]
            return at.get("line") if at else None

        stacks: list[list[str]] = []
        run: list[str] = []
        previous_glued = False
        for r, a, b in segments:
            run.append(r)
            # the next label on the very next line: no value, nor an empty line for each blank cell between
            # (规章 / 3 empty lines / 行政规范性文件 is a row of blanks, printed)
            cells_between = bisect_right(starts, b) - bisect_right(starts, a - 1) - 1
            glued = a == b  # 行政处罚行政强制 3 0 2: a reader joined a label line to the one before as its wrap
            below = not tokens_of[r] and b < len(text) and (glued or (
                _HEADER_WORDS_ONLY.fullmatch(text, a, b) is not None
                and line(a - 1) is not None and line(b) == line(a - 1) + 1 + cells_between))
            if not below:
                # values on the last label's own line are its own (规章 / 规范性文件 2 2 11: 规章's blanks
                # dropped), unless that label is glued to the one before
                own_line = tokens_of[r] and tokens_of[r][0].row == cell_rows[bisect_right(starts, a - 1) - 1]
                if len(run) > 1 and tokens_of[r] and (not own_line or previous_glued):
                    stacks.append(run)
                run = []
            previous_glued = glued
        in_order: dict[str, list[Token]] = {}
        for stack in stacks:
            values = list(tokens_of[stack[-1]])
            rows_values = {}
            for r in stack:
                width = len(spec.columns_of("active", fmt, r))
                rows_values[r], values = values[:width], values[width:]
            if not values:
                in_order.update(rows_values)
            else:  # not the rows' in order either: the last row's values may still be the first row's
                in_order[stack[-1]] = []
        return in_order

    def _values_before_labels(self, segments: list, tokens_of: dict, fmt: str) -> dict | None:
        """The values of each table-1 row when the text prints them before the row's label (poppler's
        pdftotext of a table whose label cells are centred lower than their values), else None.
        Told by the counts: the values right before the first label fill its cells, every row's own
        segment holds as many values as the next row has cells, and the last row's values are those
        before its label and any after it (政府集中采购's amount, a taller cell, comes after it)."""
        if len(segments) < 2:
            return None
        order = [r for r, _, _ in segments]
        width = {r: len(spec.columns_of("active", fmt, r)) for r in order}
        if any(len(tokens_of[r]) != width[nxt] for r, nxt in zip(order[:-2], order[1:-1])) or \
                len(tokens_of[order[-2]]) + len(tokens_of[order[-1]]) != width[order[-1]]:
            return None
        leading = row_tokens(self.stream, self.layout.active_region[0], self.layout.active[order[0]].start)
        if len(leading) != width[order[0]] or any(t.blank for t in leading):
            return None
        shifted = {order[0]: leading, order[-1]: tokens_of[order[-2]] + tokens_of[order[-1]]}
        for r, nxt in zip(order[:-2], order[1:-1]):
            shifted[nxt] = tokens_of[r]
        ids = [f"active.{r}.{c}" for r in order for c in spec.columns_of("active", fmt, r)]
        self.expanded.update(ids)  # read, but placed by the counts: inferred, with how
        self.derivations.update(dict.fromkeys(ids, VALUES_BEFORE_LABELS_DERIVATION))
        self._problem("表一的数值印在各行名称之前（PDF 转出的文本常见），已按每行名称之前的数值读取",
                      ids, rule="cell.inferred")
        return shifted

    def _values_before_labels_by_section(self, segments: list, tokens_of: dict, fmt: str) -> tuple[dict, dict]:
        """_values_before_labels section by section (第二十条第（五）项 …, each under a header of its own),
        for a table the counts do not fit as a whole (a section printed in step, one row's values split
        around its label). Returns (tokens of each row, {row: the values before its label}).

        The values after a label stop at the next section's mark: in a table printed in step, what
        follows it is the next section's. Where values stand between a section's header and its first
        label, the section prints them before the labels: each row takes those right before its label
        when every row so gets as many as it has cells and none is left after the section's last label
        (inferred, with how); otherwise the rows whose values differ before and after their labels are
        read both ways (doubted), for the narrative to settle or to stay ambiguous."""
        text, stream = self.stream.text, self.stream
        region_start = self.layout.active_region[0]
        if not segments or text.find("序号", *self.layout.active_region) >= 0:
            return tokens_of, {}  # a number before each label is the row's serial number
        first = self.layout.active[segments[0][0]].start
        mark = None
        for mark in _SECTION_MARK.finditer(text, region_start, first):
            pass
        sections: list[tuple[int, list[str]]] = [(mark.end() if mark else region_start, [])]
        marks: dict[str, re.Match] = {}  # row -> the next section's mark after its label
        for r, a, b in segments:
            sections[-1][1].append(r)
            mark = _SECTION_MARK.search(text, a, b)
            if mark is not None:
                marks[r] = mark
                sections.append((mark.end(), []))
        if not any(order and _DIGIT.search(text, lead_start, self.layout.active[order[0]].start)
                   for lead_start, order in sections):
            return tokens_of, {}  # no number between a section's mark and its first label: in step (most tables)
        after = dict(tokens_of)
        for r, a, b in segments:
            mark = marks.get(r)
            if mark is not None:
                # the next section's values come after its header's words; what stands between the mark
                # and them is still this row's (a PDF's order may put the mark between a label and its values)
                header = _first_word(text, mark.end(), b)
                beside_mark = row_tokens(stream, mark.end(), header)
                if all(t.blank for t in beside_mark):
                    beside_mark = []  # the mark row's empty cells (| 第二十条第（五）项 |  |  |)
                after[r] = row_tokens(stream, a, mark.start(), labels.row_pattern("active", r)) + beside_mark
        doubted: dict[str, list[Token]] = {}
        taken: list[str] = []
        for lead_start, order in sections:
            if not order:
                continue
            first = self.layout.active[order[0]].start
            # the values after the header's last word (a header may name a year: 对外公开总数量（2019年起）)
            leading = row_tokens(stream, _after_last_word(text, lead_start, first), first)
            width = {r: len(spec.columns_of("active", fmt, r)) for r in order}
            if sum(not t.blank for t in leading) != width[order[0]]:
                continue  # in step (the header's empty cells are no values), or not a row's values
            before = {order[0]: leading} | {nxt: after[r] for r, nxt in zip(order, order[1:])}
            if not after[order[-1]] and all(len(before[r]) == width[r] and not any(t.blank for t in before[r])
                                            for r in order):
                after.update(before)
                taken += [f"active.{r}.{c}" for r in order for c in spec.columns_of("active", fmt, r)]
            else:
                doubted.update(before)
        if taken:
            self.expanded.update(taken)  # read, but placed by the counts: inferred, with how
            self.derivations.update(dict.fromkeys(taken, VALUES_BEFORE_LABELS_DERIVATION))
            self._problem("表一有的栏目的数值印在各行名称之前（PDF 转出的文本常见），已按每行名称之前的数值读取",
                          taken, rule="cell.inferred")
        return after, doubted

    def _sections_without_change(self, fmt: str) -> set[str]:
        """2019 format: the rows of sections (五)(六)(八) whose header names this year's count
        ("2019年项目数量") instead of 上一年项目数量 and 本年增/减. Their values are not the template's
        first columns: those cells stay missing, and the report is told why."""
        if fmt != "2019" or not self.layout.active_region:
            return set()
        found, text = self.layout.active, self.stream.text
        out: set[str] = set()
        previous_end = self.layout.active_region[0]
        for r in ACTIVE_ROWS:
            f = found.get(r)
            if f is None:
                continue
            section = _SECTIONS_2019.get(r)
            if section is not None:
                header = "".join(text[previous_end:f.start].split())
                if "项目数量" in header and not _PREVIOUS_OR_CHANGE.search(header):
                    out.update(section)
                    item = spec.spec()["tables"]["active"]["2019"]["rows"][r]["item"]
                    self._problem(f"表一{item}只列本年项目数量，未按格式列出“上一年项目数量”“本年增/减”，这两列无法读取",
                                  [f"active.{row}.{c}" for row in section for c in ("previous", "change")])
            previous_end = f.end
        return out

    def _narrowed(self, reading: RowReading) -> tuple[RowReading, list[str]] | None:
        """The readings of a table-1 row the narrative agrees with ("本年度制发的规范性文件88件"
        settles the split of 8855698), and the passages that said so; None when it says nothing
        that narrows them. A figure stated twice with two values settles nothing; one that no
        reading has is a contradiction for the checks, not evidence (all readings stay)."""
        options, passages = reading.options, []
        for key, cell_of_format in FIGURE_CELLS.items():
            cid = cell_of_format.get(self.fmt)
            figures = self.stated.get(key)
            if not figures or cid not in reading.cells or len({f["value"] for f in figures}) != 1:
                continue
            j = reading.cells.index(cid)
            stated = figures[0]["value"]
            kept = [o for o in options if o[j] is not None and o[j].known and _same(_number(cid, o[j]), stated)]
            if kept and len(kept) < len(options):
                options = kept
                passages.append(figures[0]["text"])
        if not passages:
            return None
        return RowReading(reading.cells, options, reading.problem, reading.relation_ok), passages

    @staticmethod
    def _mark_told(reading: RowReading, undecided: list[str], passages: list[str], cells: dict,
                   how: str | None = None) -> None:
        """Cells the narrative settled: inferred, with the passages named (never silently). `how`: why
        the row had several readings (by default, digits run together)."""
        run = next((p.run or p.raw for o in reading.options for p in o if p is not None), "")
        passages = [t for t in passages if not any(t != u and t in u for u in passages)]  # one quote, not two
        told = "；".join(f"“{t}”" for t in dict.fromkeys(passages))
        how = how or f"原文数字连写为“{run}”，有多种拆分"
        for cid in undecided:
            cell = cells.get(cid)
            if cell is not None and cell.status in ("read", "blank"):
                cells[cid] = CellValue(cell.value if cell.status == "read" else 0, "inferred", cell.raw, cell.at,
                                       derivation=f"{NARRATIVE_PREFIX}{how}，正文称{told}")

    def _settle_independent(self, reading: RowReading, cells: dict, label: str) -> None:
        """A row with no relations to other rows: unique reading -> read; else per cell."""
        if not reading.options:
            self._row_problem(reading, label)
            return
        self._fill(reading.cells, reading.options, cells, certain=len(reading.options) == 1)
        self._note_shape(reading, label)

    def _row_problem(self, reading: RowReading, label: str) -> None:
        n = len(reading.cells)
        if reading.problem == "overfull":
            self._problem(f"「{label}」行的数值多于模板的 {n} 列，无法确定各数值所在的列", list(reading.cells))
        elif reading.problem == "empty":
            pass  # no values at all: the caller infers them or reports them missing
        elif reading.problem == "unsplit":
            self._problem(f"「{label}」行的数字连写在一起，唯一的拆分方式不满足本行总计关系，各单元格的数值无法确定",
                          list(reading.cells))
        elif reading.problem == "too_many":
            self._problem(f"「{label}」行的数字连写在一起，可能的读法过多，无法确定各单元格的数值", list(reading.cells))
        else:
            self._problem(f"「{label}」行的数值少于模板的 {n} 列，无法确定各数值所在的列", list(reading.cells))

    def _note_shape(self, reading: RowReading, label: str) -> None:
        if reading.problem == "short":
            self._problem(f"「{label}」行只有 {sum(1 for p in reading.options[0] if p is not None)} 个数值，"
                          f"少于模板的 {len(reading.cells)} 列，缺少的单元格位置无法确定", list(reading.cells))

    def _fill(self, ids, options, cells: dict, certain: bool) -> None:
        """Cells of a row read on its own: where every reading agrees, read; else ambiguous."""
        for j, cid in enumerate(ids):
            if cid not in cells:
                continue
            parts = [o[j] for o in options]
            first = parts[0]
            if len(parts) == 1 and first is not None and first.known:  # the common case: one reading
                cells[cid] = _as_read(cid, first)
            elif all(p is not None and p.known for p in parts) and len({(p.blank, _number(cid, p)) for p in parts}) == 1:
                cells[cid] = _as_read(cid, first)
            elif any(p is not None for p in parts):
                cands = sorted({_number(cid, p) for p in parts if p is not None and p.known}
                               | {c for p in parts if p is not None for c in p.candidates})  # a blank counts as 0
                raw = next((p.run for p in parts if p is not None), None)
                at = next((p.at for p in parts if p is not None), None)
                cells[cid] = CellValue(None, "ambiguous", raw, at, candidates=cands or None)

    # -- table 2 -------------------------------------------------------------------------------
    def _read_requests(self, fmt: str, cells: dict) -> None:
        lay = self.layout
        if not lay.requests:
            return
        found = lay.requests
        end = lay.requests_region[1]
        readings_by_row: dict[str, RowReading] = {}
        segments: dict[str, tuple[int, int]] = {}
        has_split = any(r in found for r in OTHER_SPLIT)
        crowded = self._crowded_labels(found)
        if crowded:
            self._problem("表二有多行的标签挤在同一个单元格中（" + "、".join(
                _label("requests", r, fmt).split(" ")[-1] for r in crowded) + "），其数值无法对应到行",
                [f"requests.{r}.{c}" for r in crowded for c in REQUEST_COLUMNS])
        stacked = [r for r in self._stacked_labels(found) if r not in crowded]
        if stacked:
            self._problem("表二" + "与".join(f"「{_label('requests', r, fmt).split(' ')[-1]}」" for r in stacked)
                          + "的序号印在一起，其后的数值无法对应到行",
                          [f"requests.{r}.{c}" for r in stacked for c in REQUEST_COLUMNS], rule="cell.unreadable")
            crowded = [r for r in REQUEST_ROWS if r in crowded or r in stacked]
        for r, a, b in self._segments(found, REQUEST_ROWS, end):
            ids = _row_cells("requests", r, REQUEST_COLUMNS)
            if r in crowded:
                continue  # its values are not known: the relations may still give them
            toks = row_tokens(self.stream, a, b, labels.row_pattern("requests", r),
                              label_words=labels.row_words("requests", r))
            if r == "other" and has_split and not toks:
                continue  # （六）其他处理 heading the three 2021 sub-rows
            readings_by_row[r] = (ids, toks)
            segments[r] = (a, b)
        first_label = min(v.start for v in found.values())
        if self.stream.text.find("序号", max(0, first_label - 400), first_label) >= 0:  # in the header
            _drop_serial_numbers(readings_by_row)
        header = self.stream.text[max(0, first_label - 400):first_label]
        at = header.rfind("申请人情况")
        if at < 0 and "自然人" in header:
            at = max(0, header.rindex("自然人") - 40)
        if at >= 0:  # the applicants' header, with any columns added to it
            _drop_extra_trailing_columns(header[at:], readings_by_row)
        by_table_rows = self._requests_by_table_rows(fmt, readings_by_row)
        readings_by_row.update(by_table_rows)
        self._in_header_order(found, header[at:] if at >= 0 else "", readings_by_row, fmt)
        present = found.keys() | by_table_rows.keys()  # rows whose label or table row was found
        other_values = "other" in readings_by_row
        if fmt == "2021":
            other_rows = OTHER_SPLIT if (has_split or not other_values) else ("other",)
            split_other = other_values and not has_split
            if split_other:
                self._problem("表二按2019年格式列出单行「（六）其他处理」，缺少2021年格式的三个子项",
                              [f"requests.{r}.{c}" for r in OTHER_SPLIT for c in REQUEST_COLUMNS])
        else:
            other_rows = ("other",) if (other_values or not has_split) else OTHER_SPLIT
            split_other = has_split and not other_values
            if split_other:
                self._problem("表二按2021年格式列出（六）其他处理的三个子项，与表一的2019年格式不一致",
                              [f"requests.other.{c}" for c in REQUEST_COLUMNS])
        relations = requests_relations(other_rows, split_other or (has_split and other_values))
        template_rows = spec.rows_of("requests", fmt)
        rows_expected = [r for r in REQUEST_ROWS if r in template_rows]
        def read_rows() -> dict[str, RowReading]:
            return {r: self._read_row(toks, ids, True, segments.get(r)) for r, (ids, toks) in readings_by_row.items()}

        # A capture that kept one line of each run of equal lines and also left out blank cells shows
        # it by a row with no value at all, or by a row only blanks explain: then every row is read
        # again with blanks anywhere.
        if any(not toks for _, toks in readings_by_row.values()) and self.collapsed_runs:
            self.blanks_dropped = True
        blanks_before = self.blanks_dropped
        read = read_rows()
        if self.blanks_dropped and not blanks_before:
            read = read_rows()
        doubted: dict[str, RowReading] = {}  # rows read both ways that the relations cannot weigh
        if self.doc.source.media_type in ("text/plain", "text/markdown"):
            if self._requests_in_sequence(found, readings_by_row, read, rows_expected, relations):
                read = read_rows()
            else:
                doubted = self._rows_maybe_after_values(found, readings_by_row, read, relations)
        for r, reading in read.items():
            if not reading.options and reading.problem != "empty":
                self._row_problem(reading, _label("requests", r, fmt))
            elif reading.options:
                self._note_shape(reading, _label("requests", r, fmt))
        for r in rows_expected:
            if r not in present and not (r in OTHER_SPLIT and split_other) and not (r == "other" and split_other):
                self._problem(f"表二缺少「{_label('requests', r, fmt)}」行",
                              [f"requests.{r}.{c}" for c in REQUEST_COLUMNS])
        unsure = {r for r, rd in read.items() if _unplaceable(rd)}
        for r in unsure:
            self._fill(read[r].cells, read.pop(r).options, cells, certain=False)
        # A row whose values cannot be placed makes every relation through it doubtful: infer nothing.
        self._solve(read, relations, cells, "requests", infer_ok=not unsure)
        for reading in doubted.values():  # what the relations did not settle: ambiguous between the readings
            unsettled = {cid: cells[cid] for cid in reading.cells if cid in cells and cells[cid].status == "missing"}
            self._fill(reading.cells, reading.options, unsettled, certain=False)
            cells.update(unsettled)
        self._report_rows_after_values(cells)
        self._distrust_rows_inferred_beside_unknown_rows(rows_expected, read, cells)
        if self.doc.source.media_type.startswith(("application/pdf", "image/")) or self.doc.header.get("ocr_pages") \
                or self.doc.header.get("ocr_images"):  # only these are OCR'd
            doubt_ocr_misreads(relations, cells)

    def _requests_header_start(self) -> int:
        """Where table 2's applicants' header starts (申请人情况; values may stand between it and 一、),
        else where its first row does."""
        lo = self.layout.requests_region[0]
        header = self.stream.text.rfind("申请人情况", max(0, lo - _HEADER_REACH), lo)
        return header if header >= 0 else lo

    def _requests_in_sequence(self, found: dict[str, Found], readings_by_row: dict, read: dict, rows_expected: list,
                              relations: list) -> bool:
        """Table 2's values taken seven at a time in the order printed, where the text puts them out of
        step with the labels (pdftotext's default order prints a row's values before its label, and
        two labels together where the label column wraps): the values after each label are not seven
        a row or break the table's relations, every number of the table's region outside its labels is
        a whole count, there are seven for each row, and so taken every relation of the table holds.
        The cells are then inferred, with how; True where so."""
        rows = [r for r in sorted(found, key=lambda r: found[r].start) if r in readings_by_row and r in rows_expected]
        if rows != rows_expected:
            return False  # a row missing or out of order: nothing says which seven are whose
        stream = self.stream
        text, hi = stream.text, self.layout.requests_region[1]
        start = self._requests_header_start()
        width = len(REQUEST_COLUMNS)
        if any(len(toks) == 1 and toks[0].splittable and len(toks[0].digits) >= width
               for _, toks in readings_by_row.values()):
            return False  # a row's digits run together (crawler text): read by splitting, in step
        if all(len(readings_by_row[r][1]) == width for r in rows) and \
                _WHOLE_COUNT.search(text, start, found[rows[0]].start) is None:
            return False  # seven values after each label and none before the first: in step (the common case)
        matches: list[re.Match] = []
        for r, end in zip([None] + rows, [found[r].start for r in rows] + [hi]):
            matches += _WHOLE_COUNT.finditer(text, found[r].end if r is not None else start, end)
            if len(matches) > width * len(rows):
                return False
        if len(matches) != width * len(rows) or any(m.group(1) or m.group(3) is not None for m in matches):
            return False  # not seven a row (digits run together, cells left out); a sign, a decimal, a unit
        if any(t.uncertain for r in rows for t in readings_by_row[r][1]):
            return False  # OCR: its misreadings are weighed otherwise
        by_labels = _grid_as_read(rows, read)
        if len(by_labels) == width * len(rows) and not violations(by_labels, relations):
            return False  # the values after each label are whole rows and add up
        grid = {}
        for k, r in enumerate(rows):
            grid.update(zip(readings_by_row[r][0], (int(m.group(2)) for m in matches[k * width:(k + 1) * width])))
        if violations(grid, relations):
            return False
        for k, r in enumerate(rows):
            ids = readings_by_row[r][0]
            numbers = []
            for m in matches[k * width:(k + 1) * width]:
                i = stream.cell_at(m.start())
                numbers.append(Token(m.group(2), raw=m.group(2), at=stream.cell_ats[i], separated=True,
                                     row=stream.cell_rows[i]))
            readings_by_row[r] = (ids, numbers)
            printed = read[r].options[0] if len(read[r].options) == 1 else ()
            if len(printed) == width and all(p is not None and p.known and not p.blank and p.value == int(t.digits)
                                             and p.at == t.at for p, t in zip(printed, numbers)):
                continue  # this row's values stand after its label, in step: read as printed
            self.expanded.update(ids)
            self.derivations.update(dict.fromkeys(ids, IN_SEQUENCE_DERIVATION))
        self._problem("表二的数值与各行名称错开（PDF 转出的文本常见），已按数值的先后顺序每 7 个对应一行，"
                      "表内各项关系均成立", [], rule="cell.inferred")
        return True

    def _rows_maybe_after_values(self, found: dict[str, Found], readings_by_row: dict, read: dict,
                                 relations: list) -> dict[str, RowReading]:
        """Table-2 rows whose values may be those printed before their label rather than after it.

        pdftotext's default order prints each row's values before its label (the label cell is centred
        lower than its values). Where _requests_in_sequence cannot take the values seven at a time (a
        page break splits rows, a label is lost), the values after each label are the next row's:
        confident and wrong. Told by a row's worth of whole counts between the applicants' header and
        the first label, where a table printed in step has none, and by the values after the labels
        not making a whole table that adds up (one that does is read as printed).

        A row whose values are the same either way keeps them. If the table adds up with every other
        row's values taken from before its label, so it is read (inferred, with how). Otherwise those
        rows leave `read` and are returned with both readings, for the cells the relations do not
        infer to be ambiguous between them."""
        heading = "other" if any(o in found for o in OTHER_SPLIT) else None  # （六）其他处理 over its sub-rows
        rows = [r for r in sorted(found, key=lambda r: found[r].start)
                if r in readings_by_row and r in read and r != heading]
        if not rows:
            return {}
        text, hi = self.stream.text, self.layout.requests_region[1]
        start, first = self._requests_header_start(), min(f.start for f in found.values())
        width = len(REQUEST_COLUMNS)
        counts = list(_WHOLE_COUNT.finditer(text, start, first))
        if len(counts) != width or any(m.group(1) or m.group(3) is not None for m in counts):
            return {}
        leading = row_tokens(self.stream, start, first)
        if len(leading) != width or any(t.blank or t.uncertain for t in leading):
            return {}
        as_printed = _grid_as_read(rows, read)
        if len(as_printed) == width * len(rows) and not violations(as_printed, relations):
            return {}  # the values after each label are whole rows and add up: read as printed
        doubted: dict[str, tuple[RowReading, RowReading]] = {}  # row -> (as printed, shifted)
        before: list[Token] | None = leading  # the values before the next label; None: not known
        for r, a, b in self._segments(found, REQUEST_ROWS, hi):
            if r not in rows:
                if r == heading:
                    before = row_tokens(self.stream, a, b)  # no values of its own: those after it are the next row's
                elif row_tokens(self.stream, a, b):
                    before = None  # a label whose values were not taken (printed together with another's)
                continue
            ids, toks = readings_by_row[r]
            # the module's _read_row: no capture artefacts in another row's tokens
            shifted = _read_row(before, ids, True) if before is not None else RowReading(ids, [], "empty")
            label_row = self.stream.cell_rows[self.stream.cell_at(found[r].start)]
            # values on the label's own line are its own, printed in step: the next row's stand elsewhere
            before = None if any(t.row == label_row for t in toks) else toks
            printed = read[r]
            if _same_values(printed, shifted) or not (printed.options or shifted.options or printed.problem != "empty"):
                continue  # the same either way, or nothing either way
            doubted[r] = (printed, shifted)
        if not doubted:
            return {}
        if heading in read:  # what it was read with are the values before its first sub-row's label
            del read[heading]
        # Every row's values before its label, and so the whole table adds up: that is the table. (A mix
        # of rows read before and after their labels is no reading of a layout: often one adds up too.)
        grid = _grid_as_read([r for r in rows if r not in doubted], read) | \
            _grid_as_read(doubted, {r: shifted for r, (_, shifted) in doubted.items()})
        if len(grid) == width * len(rows) and not violations(grid, relations):
            for r, (_, shifted) in doubted.items():
                read[r] = shifted
                self.expanded.update(shifted.cells)
                self.derivations.update(dict.fromkeys(shifted.cells, VALUES_BEFORE_ROW_LABELS_DERIVATION))
            self._problem("表二的数值印在各行名称之前（PDF 转出的文本常见），已按每行名称之前的数值读取，表内各项关系均成立",
                          [c for printed, _ in doubted.values() for c in printed.cells], rule="cell.inferred")
            return {}
        # Else which is whose is not known: ambiguous between the two, unless the relations infer them.
        # A column where both are whole readings of seven values and agree is read (mostly 0 either way);
        # a reading pieced together (too many values, too few) is no evidence to agree with: with an
        # unknown reading beside them, its values are candidates only.
        unknown = [[None] * width]
        both: dict[str, RowReading] = {}
        for r, (printed, shifted) in doubted.items():
            del read[r]
            self.rows_after_values.update(printed.cells)
            options = printed.options + shifted.options
            if not (_whole(printed) and _whole(shifted)):
                options = unknown + options
            both[r] = RowReading(printed.cells, options, None)
        return both

    def _report_rows_after_values(self, cells: dict) -> None:
        """Name the cells of the rows _rows_maybe_after_values doubted that the relations did not settle."""
        if not self.rows_after_values:
            return
        open_ = [c for c in cells if c in self.rows_after_values and cells[c].status in ("ambiguous", "missing")]
        if open_:
            self._problem("表二的数值可能印在各行名称之前（PDF 转出的文本常见）：第一行名称之前已有一行数值，"
                          "而按名称之后的数值读出的表内关系不成立；以下单元格按名称前、后的数值读法不同，无法确定",
                          open_, rule="cell.unreadable")

    def _in_header_order(self, found: dict[str, Found], header: str, readings_by_row: dict, fmt: str) -> None:
        """Each row's values put in the template's columns by the header's names, where the header
        orders the applicant columns its own way (extract.columns). A row without seven values then
        cannot be placed: it is left to the relations, and the report says so."""
        stream = self.stream
        first = min(found.values(), key=lambda f: f.start)
        ri = stream.cell_rows[stream.cell_at(first.start)]
        order = columns.order_in_grid(self.doc, ri) if stream.row_delimited[ri] else None
        if order is None and header:
            order = columns.order_in_text(header)
        if order is None and self.doc.source.media_type in ("text/plain", "text/markdown"):  # a copy's header
            order = columns.order_by_sums([toks for _, toks in readings_by_row.values()])
        if order is None:
            return
        for r, (ids, toks) in list(readings_by_row.items()):
            if not toks:
                continue
            placed = columns.reorder(toks, order)
            if placed is None:
                self._problem(f"表二的申请人各列顺序与统一格式不同，「{_label('requests', r, fmt)}」行的数值不是 7 个，"
                              f"无法按表头对应到各列", list(ids))
            readings_by_row[r] = (ids, placed or [])

    def _distrust_rows_inferred_beside_unknown_rows(self, rows_expected, read: dict, cells: dict) -> None:
        """A row missing from table 2 is inferred from the relations, as the table should be. Where a
        numbered row the template does not know ((七)合计) holds values, those may be the missing row
        as published: an inferred row whose values are not the same digits as an unknown row's is
        not taken (ambiguous, its inferred values the one candidate), and the report says why."""
        region = self.layout.requests_region
        unknown = [unknown_row(self.stream, a, b) for a, b in self.stream.unknown_rows if region[0] <= a < region[1]]
        if not unknown:
            return
        for r in rows_expected:
            ids = [f"requests.{r}.{c}" for c in REQUEST_COLUMNS]
            inferred = [c for c in ids if cells[c].status == "inferred" and cells[c].value is not None]
            if r in read or not inferred:
                continue
            values = "、".join(num(cells[c].value) for c in inferred)
            if len(inferred) == len(ids) and any(values.replace("、", "") == digits for _, digits in unknown):
                continue  # the unknown row is this row, as inferred
            for c in inferred:
                cells[c] = CellValue(None, "ambiguous", None, None, candidates=[cells[c].value])
            label, digits = unknown[0]
            self._problem(f"表二缺少「{_label('requests', r, self.fmt)}」行，按表内关系推得 {values}；而表中有"
                          f"模板之外的「{label}」行（数字 {digits or '无'}），原表的该行可能与推得的不同，推得的数值不予采用",
                          inferred, rule="cell.unreadable")

    def _requests_by_table_rows(self, fmt: str, segments: dict) -> dict:
        """Table 2 read row by row from its table rows, for a table a converter split into fragments.

        A PDF-to-Markdown converter prints a wrapped row label as loose text (often after the next
        rows) and the row's values as a table row with no label; the table rows keep their order.
        So: each table row labelled in its own first cells is that template row; between two such
        rows, as many label-less value rows as template rows left between them are those rows, in
        order (only when the counts match). Tried only when label-less value rows are there, and
        taken only where it agrees with every row the label search read cleanly; it fills the rows
        that search left empty, short or overfull. Returns {row: (ids, tokens)}, or {}."""
        stream, doc, region = self.stream, self.doc, self.layout.requests_region
        first = stream.cell_rows[bisect_right(stream.cell_starts, region[0]) - 1]
        last = stream.cell_rows[bisect_right(stream.cell_starts, max(region[0], region[1] - 1)) - 1]
        n = len(REQUEST_COLUMNS)
        used = {t.row for _, toks in segments.values() for t in toks}
        split = {ri: self._label_and_values(ri, n) for ri in range(first, last + 1)}
        if not any(ri not in used and sv is not None and sv[0] == 0 and len(sv[1]) == n and
                   any(c.text.strip() for c in sv[1]) for ri, sv in split.items()):
            return {}  # the common case: every value row was read under its label
        order = [r for r in REQUEST_ROWS if r in spec.rows_of("requests", fmt)]
        entries = []  # (doc row, template row or None, its value cells)
        for ri, sv in split.items():
            if sv is None:
                continue  # no table row, or a header or text row
            k, values = sv
            if k == 0:
                if len(values) == n:
                    entries.append((ri, None, values))
                continue
            if len(values) != n:
                return {}  # a labelled row of another shape: not this case
            label = Normalized("".join(c.text for c in doc.rows[ri].cells[:k])).text
            matches = [r for r in order if labels.row_matcher("requests", r).search(label)]
            if len(matches) == 1:
                entries.append((ri, matches[0], values))
                continue
            fits = _label_fragment_rows(label, order, fmt) if not matches else set()
            if not fits:
                return {}  # a label that names several rows, or none: not this case
            entries.append((ri, None, values, fits))  # a piece of a wrapped label: placed by order
        if not any(e[1] is None for e in entries):
            return {}
        labelled = [(i, order.index(e[1])) for i, e in enumerate(entries) if e[1] is not None]
        if [t for _, t in labelled] != sorted({t for _, t in labelled}):
            return {}  # labelled rows out of template order, or a row twice
        placed = {entries[i][1]: entries[i][:3] for i, _ in labelled}
        for (i, ti), (j, tj) in zip(labelled, labelled[1:]):
            between = entries[i + 1:j]  # all label-less (labelled ones are the bounds)
            gap = order[ti + 1:tj]
            if between and len(between) == len(gap) and \
                    all(len(e) < 4 or r in e[3] for r, e in zip(gap, between)):  # a fragment fits its row
                placed.update({r: (e[0], r, e[2]) for r, e in zip(gap, between)})
        out = {}
        for r, (ri, _, values) in placed.items():
            toks: list[Token] = []
            for cell in values:
                _cell_tokens(cell.text, cell.at, toks, ri)
            ids = _row_cells("requests", r, REQUEST_COLUMNS)
            seen = segments.get(r, (ids, []))[1]
            if len(seen) == n and not all(t.blank or t.raw == u.raw for t, u in zip(seen, toks)) \
                    and any(not (t.blank and u.blank) for t, u in zip(seen, toks)):
                return {}  # the label search read this row cleanly, and differently: trust neither
            if len(seen) != n:
                out[r] = (ids, toks)
        return out

    def _label_and_values(self, ri: int, n: int) -> tuple[int, list] | None:
        """(number of leading label cells, value cells) of table row ri, the padding a converter adds
        after n values dropped (a blank 总计 stays a blank); None for no table row, a header or text."""
        row, stream = self.doc.rows[ri], self.stream
        if not row.delimited or len(row.cells) < 2:
            return None
        c0 = stream.row_last[ri] - len(row.cells) + 1
        like = [stream.value_like(j) for j in range(c0, stream.row_last[ri] + 1)]
        k = like.index(True) if True in like else len(like)
        values = list(row.cells[k:])
        while len(values) > n and not values[-1].text.strip():
            values.pop()
        if not values or not all(like[k:]):
            return None
        return k, values

    def _solve(self, read: dict[str, RowReading], relations: list[Relation], cells: dict, table: str,
               infer_ok: bool = True) -> None:
        """Settle the cells of one table from its rows' readings and the relations between them."""
        table_cells = spec.cell_ids(self.fmt, table)  # the keys of `cells` in this table
        if all(len(rd.options) == 1 for rd in read.values()) and \
                all(p is not None and p.known for rd in read.values() for p in rd.options[0]) and \
                self._covered(read).issuperset(table_cells):
            # the common case: every row read one way, nothing to choose or infer
            for reading in read.values():
                for cid, p in zip(reading.cells, reading.options[0]):
                    if cid in cells:
                        cells[cid] = _as_read(cid, p)
            return
        fixed: dict[str, float | int | None] = {}
        options: dict[str, list[dict]] = {}
        where: dict[str, tuple[RowReading, int]] = {}  # cell -> (its row's reading, column index)
        for r, reading in read.items():
            if not reading.options:
                continue
            for j, cid in enumerate(reading.cells):
                where[cid] = (reading, j)
            opts = [{cid: _number(cid, p) for cid, p in zip(reading.cells, o)} for o in reading.options]
            if len(opts) == 1:
                fixed.update(opts[0])
            else:
                options[r] = opts
        # when the choice is not certain, `winners` holds every reading: differing cells stay ambiguous
        winners, _certain = choose(fixed, options, relations)
        # So many joint readings fit that only the first 200 are worked through: a cell's values
        # come from all of them (the first 200 may agree where the rest do not), and nothing is
        # inferred from readings that undetermined.
        truncated = len(winners) > 200
        results, columns = _results(fixed, (winners or [{}])[:200], relations,
                                    relation_cells(relations) | set(table_cells), infer_ok and not truncated)
        if truncated:
            columns = _columns(winners, list(columns))
        inferred_somewhere = set().union(*(inferred for _, inferred in results))
        for cid in table_cells:
            if not infer_ok and cid not in where and cells[cid].status == "ambiguous":
                continue
            reading, j = where.get(cid, (None, 0))
            parts = [o[j] for o in reading.options] if reading else []
            if len(results) == 1 and len(parts) == 1 and not results[0][1].get(cid):
                p = parts[0]
                if p is not None and p.known:  # the common case: one reading, read as it stands
                    cells[cid] = _as_read(cid, p)
                    continue
            # the cell's value in each result (in order), and the derivation of the first inferred one
            deriv = None
            if cid in inferred_somewhere:
                vals = [inferred[cid] if cid in inferred else (grid.get(cid), None) for grid, inferred in results]
                values = [v for v, _ in vals]
                deriv = next(d for _, d in vals if d is not None)
            else:
                values = columns.get(cid) or [fixed.get(cid)]  # not in play: as fixed in every result
            distinct = set(values)
            part = next((p for p in parts if p is not None), None)
            if len(distinct) == 1 and None not in distinct:
                value = values[0]
                if deriv is None:
                    if part is not None and all(p is not None and p.blank for p in parts):
                        cells[cid] = CellValue(None, "blank", part.raw, part.at)
                    else:
                        src = next((p for p in parts if p is not None and _number(cid, p) == value), part)
                        cells[cid] = CellValue(value, "read", src.raw if src else None, src.at if src else None)
                else:
                    cells[cid] = CellValue(value, "inferred", None, None, derivation=deriv)
            elif distinct - {None}:
                cells[cid] = CellValue(None, "ambiguous", part.run if part else None, part.at if part else None,
                                       candidates=sorted(distinct - {None}))
            elif part is not None and part.candidates:
                cells[cid] = CellValue(None, "ambiguous", part.raw, part.at, candidates=list(part.candidates))
            else:
                cells[cid] = CellValue(None, "missing", part.raw if part else None, part.at if part else None)

    @staticmethod
    def _covered(read: dict[str, RowReading]) -> set[str]:
        return {cid for rd in read.values() if rd.options for cid in rd.cells}

    # -- table 3 -------------------------------------------------------------------------------
    def _read_review(self, cells: dict) -> None:
        lay = self.layout
        if lay.review is None:
            return
        toks = self._review_as_text_rows() or \
            row_tokens(self.stream, lay.review.end, lay.review_end, skip_rx=labels.review_header())
        relations = review_relations()
        if len(toks) > len(REVIEW_CELLS):
            toks = _without_serial_number(self.stream.doc, toks)
        if len(toks) > len(REVIEW_CELLS) and "序号" in self.stream.text[max(0, lay.review.end - _SERIAL_REACH):lay.review.end]:
            toks = _without_serial_number_by_sums(toks)
        toks = _trim_to(toks, len(REVIEW_CELLS))
        if len(toks) < len(REVIEW_CELLS):
            toks = self._lone_review_row() or self._review_drawn_vertically() \
                or self._review_in_two_tables() or toks
        reading = self._read_row(toks, REVIEW_CELLS, True, (lay.review.end, lay.review_end))
        if not reading.options:
            if reading.problem == "empty" and not lay.review_by_heading:  # else no table, only its heading
                self._problem("表三没有数值", list(REVIEW_CELLS))
            else:
                self._row_problem(reading, "行政复议、行政诉讼")
            return
        self._note_shape(reading, "行政复议、行政诉讼")
        if _unplaceable(reading):
            self._fill(reading.cells, reading.options, cells, certain=False)
            return
        if lay.review_by_heading and not any(
                all(p is not None and p.known for p in o) and _review_row_ok([_number(c, p) for c, p in zip(REVIEW_CELLS, o)])
                for o in reading.options):
            # No header told the columns' order (a text layout scrambles it as often as it writes the
            # header a character per line), and no reading balances: nothing shows the order is right.
            self._problem("表三的表头无法辨认，各数值所在的列无法核实，且数值不满足各组总计关系", list(REVIEW_CELLS))
            for j, cid in enumerate(REVIEW_CELLS):
                parts = [o[j] for o in reading.options if o[j] is not None and o[j].known]
                found = sorted({_number(cid, p) or 0 for p in parts})
                cells[cid] = CellValue(None, "ambiguous", parts[0].raw if parts else None,
                                       parts[0].at if parts else None, candidates=found) if found else CellValue()
            return
        if self._review_out_of_order(toks, reading):
            self._problem("表三的数值在文字中的先后与表格的列不符（PDF 转出的文本常见），按先后读出的三组数值都不满足总计关系，"
                          "各数值所在的列无法确定", list(REVIEW_CELLS))
            return
        self._solve({"review": reading}, relations, cells, "review")
        if not reading.relation_ok and len(reading.options) > 1:
            self._unbalanced_whatever_the_reading(reading, cells)

    def _review_out_of_order(self, tokens: list[Token], reading: RowReading) -> bool:
        """Table 3 read in the text's order, none of its three groups adding up, from a text that does
        not print it row by row: lines of one number and lines of several (pdftotext: … / 13 4 / 1 /
        0 / 7 2 / …), or the headers' words between the values (其他结果 / 1 / 1 / 0 / 尚未审结 …, a
        table printed with its rows and columns swapped). That is the text's order, not three
        errors in one published row."""
        if len(reading.options) != 1 or not all(p is not None and p.known for p in reading.options[0]) \
                or not all(t.at and "line" in t.at for t in tokens):
            return False
        values = [_number(c, p) or 0 for c, p in zip(REVIEW_CELLS, reading.options[0])]
        if any(_group_balances(values, g) for g in range(3)):
            return False
        rows = self.doc.rows
        first, last = min(t.row for t in tokens), max(t.row for t in tokens)
        interleaved = any(_REVIEW_COLUMN_WORD.search(rows[ri].text) for ri in range(first + 1, last))
        return interleaved or _pieced_from_lines(tokens)

    def _lone_review_row(self) -> list | None:
        """The values of table 3 when reading on from its header fell short: the one row of its
        region holding exactly fifteen values (a header in narrow columns printed a few characters
        a line, 结果维 / 持, is no header the reading can step over)."""
        stream, lay = self.stream, self.layout
        first, last = stream.cell_at(lay.review.end), stream.cell_at(max(lay.review_end - 1, lay.review.end))
        rows: dict[int, list[int]] = {}  # row -> its cells in the region
        for i in range(first, last + 1):
            rows.setdefault(stream.cell_rows[i], []).append(i)
        found = []
        for cells in rows.values():
            a = max(stream.cell_starts[cells[0]], lay.review.end)
            b = min(stream.cell_starts[cells[-1]] + len(stream.cell_texts[cells[-1]]), lay.review_end)
            toks = row_tokens(stream, a, b) if b > a else []
            if len(toks) == len(REVIEW_CELLS) + 1 and _grand_total_column(toks):
                toks = toks[:-1]
            if len(toks) == len(REVIEW_CELLS) and not any(t.uncertain or t.unit for t in toks):
                found.append((cells, toks))
        if len(found) > 1:
            # a row of last year's figures an agency adds under this year's (| 本年 | … | over | 上年同期 | … |)
            found = [(cells, toks) for cells, toks in found
                     if not any(_LAST_YEAR.search(stream.cell_texts[i]) for i in cells if not stream.value_like(i))]
        return found[0][1] if len(found) == 1 else None

    def _review_drawn_vertically(self) -> list | None:
        """The values of table 3 drawn with its groups as rows (行政复议 / 未经复议直接起诉 / 复议后起诉)
        and its results as columns, as some agencies draw it: a row of five values for each group,
        under a header row that names the five columns (in any order: the values are put in the
        template's). None unless all of it is there."""
        stream, lay = self.stream, self.layout
        first, last = stream.cell_at(lay.review.start), stream.cell_at(max(lay.review_end - 1, lay.review.start))
        order, groups = None, {}
        for ri in sorted({stream.cell_rows[i] for i in range(first, last + 1)}):
            row_first = stream.row_last[ri] - len(stream.doc.rows[ri].cells) + 1
            cells = range(row_first, stream.row_last[ri] + 1)
            words = ["".join(stream.cell_texts[i].split()) for i in cells if not stream.value_like(i)]
            values = [i for i in cells if stream.value_like(i) and stream.cell_texts[i].strip()]
            named = [w for w in words if w in _REVIEW_COLUMN_WORDS]
            if len(named) == 5 and not values:
                order = [_REVIEW_COLUMN_WORDS[w] for w in named]
                continue
            group = _review_group("".join(words))
            if order is None or group is None or group in groups or len(values) != 5:
                continue
            a, b = stream.cell_starts[values[0]], stream.cell_starts[values[-1]] + len(stream.cell_texts[values[-1]])
            toks = row_tokens(stream, a, b)
            if len(toks) != 5 or any(t.splittable or t.unit for t in toks):
                return None
            groups[group] = [toks[order.index(j)] for j in range(5)]
        if order is None or len(set(order)) != 5 or len(groups) != 3:
            return None
        return groups[0] + groups[1] + groups[2]

    def _review_as_text_rows(self) -> list | None:
        """The values of table 3 in a text that prints each row's name and its values together, the
        rows being its results (结果维持 4 2 1 / 结果纠正 1 0 0 / … / 总计 6 4 2) or its three groups
        (行政复议 1 0 0 0 1 / 未经复议直接起诉 0 0 0 0 0 / 复议后起诉 0 0 0 0 0), the columns named by the
        header before them in any order. Read on from the header, values would go to the wrong cells
        (results as rows) or stop at the second row's name. None unless all of it is there."""
        by_result = self._text_rows(_RESULT_AND_THREE, lambda w: _REVIEW_COLUMN_WORDS[w], 5,
                                    ("行政复议", "未经复议", "复议后"))
        if by_result is not None:  # by_result[result][group]
            return [by_result[result][group] for group in range(3) for result in range(5)]
        by_group = self._text_rows(_GROUP_AND_FIVE, _review_group, 3, ("维持", "纠正", "其[他它]结果", "尚未", "[总合]计"))
        if by_group is not None:
            return [by_group[group][result] for group in range(3) for result in range(5)]
        return None

    def _text_rows(self, row_rx: re.Pattern, row_of, n_rows: int, column_words: tuple[str, ...]) -> dict | None:
        """{row: [its values' tokens in the columns' order]} of table 3's region where `row_rx` finds
        each of its `n_rows` rows (named by group 1, `row_of` its index) with one value a column, and
        the header just before the first names each column (`column_words`, regexes) once."""
        stream, lay = self.stream, self.layout
        text = stream.text
        rows: dict[int, list] = {}
        first = None
        for m in row_rx.finditer(text, lay.review.start, lay.review_end):
            row = row_of(m.group(1))
            if row is None or row in rows:
                return None
            toks = row_tokens(stream, m.end(1), m.end())
            if len(toks) != len(column_words) or any(t.splittable or t.unit or t.frac for t in toks):
                return None
            rows[row] = toks
            first = m.start() if first is None else first
        if len(rows) != n_rows:
            return None
        header = "".join(text[max(0, first - _TEXT_ROWS_HEADER_REACH):first].split())
        at = []
        for word in column_words:
            found = [m.start() for m in re.finditer(word, header)]
            if not found:
                return None
            at.append(found[-1])
        if len(set(at)) != len(at):
            return None
        order = sorted(range(len(at)), key=lambda c: at[c])  # the column each printed value is in
        return {row: [toks[order.index(c)] for c in range(len(at))] for row, toks in rows.items()}

    def _review_in_two_tables(self) -> list | None:
        """The values of table 3 printed as two tables, 行政复议's five under a header of the results and
        then 行政诉讼's ten under one naming 未经复议直接起诉 and 复议后起诉. None unless so."""
        stream, lay = self.stream, self.layout
        norm = stream.norm
        lo, hi = norm.from_source(lay.review.start), norm.from_source(lay.review_end)
        skip = labels.review_header()
        runs = [h for h in skip.finditer(norm.text, lo, hi) if h.end() - h.start() >= 12]
        if len(runs) != 2 or "起诉" in runs[0].group() or "起诉" not in norm.text[runs[0].end():runs[1].end()]:
            return None
        first = row_tokens(stream, norm.end_to_source(runs[0].end()), norm.to_source(runs[1].start()), skip_rx=skip)
        second = _trim_to(row_tokens(stream, norm.end_to_source(runs[1].end()), lay.review_end, skip_rx=skip), 10)
        if len(first) != 5 or len(second) != 10:
            return None
        return first + second

    def _unbalanced_whatever_the_reading(self, reading: RowReading, cells: dict) -> None:
        """A table-3 group that no reading of its run-together digits balances is wrong as published,
        whichever reading is right; the checks cannot see it in cells left ambiguous."""
        if any(p is None or not p.known for o in reading.options for p in o):
            return  # a reading with a gap: nothing certain to say
        values = [[0 if p.blank else p.value for p in o] for o in reading.options]
        for g in range(3):
            ids = reading.cells[5 * g:5 * g + 5]
            if all(cells[c].status in ("read", "blank", "inferred") for c in ids):
                continue  # settled: review.sum checks the values themselves
            if not any(_group_balances(v, g) for v in values):
                run = next((p.run or p.raw for p in reading.options[0][5 * g:5 * g + 5] if p is not None), "")
                name = spec.cell_label(ids[0], self.fmt).split("·")[0]  # 行政诉讼 复议后起诉
                name = name.replace(" ", "（", 1) + "）" if " " in name else name  # as review.sum's own messages
                self._problem(f"{name}：原文数字连写为“{run}”，无论怎样拆分，结果维持、结果纠正、其他结果、"
                              f"尚未审结之和都不等于总计", list(ids), rule="review.sum")


def _results(fixed: dict, winners: list[dict], relations: list[Relation], all_cells: frozenset,
             infer_ok: bool) -> tuple[list[tuple[dict, dict]], dict[str, tuple]]:
    """For each joint reading: the table's grid and what the relations infer in it; and, for each
    cell the readings set (the cells in play), its value in each grid, in order.

    choose() gives every joint reading the same cells (those of the rows in play); a cell outside
    them has its `fixed` value in every grid."""
    in_play = [c for c in winners[0] if c in all_cells]
    grids = []
    for w in winners:
        grid = dict(fixed)
        grid.update(w)
        grids.append(grid)
    columns = _columns(grids, in_play)
    always_unknown = all_cells.difference(in_play).difference(c for c, v in fixed.items() if v is not None)
    unknown_somewhere = [c for c in in_play if None in columns[c]]
    results = []
    for grid in grids:
        unknown = always_unknown.union([c for c in unknown_somewhere if grid[c] is None])
        results.append((grid, infer(grid, _trusted(grid, relations), unknown) if unknown and infer_ok else {}))
    return results, columns


def _trusted(grid: dict, relations: list[Relation]) -> list[Relation]:
    """The relations an inference may use in `grid`: none through a cell of a relation its known
    values break. A published table that is wrong somewhere (a total column left at 0) would
    otherwise carry its error into the cells inferred from it."""
    suspect: set[str] = set()
    for rel in relations:
        if broken(rel, grid):
            suspect.update(rel.cells)
    if not suspect:
        return relations
    return [rel for rel in relations if suspect.isdisjoint(rel.cells)]


def _columns(grids: list[dict], cells: list[str]) -> dict[str, tuple]:
    """{cell: (its value in each grid)} for cells every grid has, transposed at C speed."""
    if len(cells) <= 1:
        return {c: tuple(g[c] for g in grids) for c in cells}
    return dict(zip(cells, zip(*map(itemgetter(*cells), grids))))


_LAST_YEAR = re.compile(r"上年|去年|上一年|同期")
_SERIAL = re.compile(r"\s*(?:序号|编号|序)\s*")
_SERIAL_REACH = 200  # characters of table 3's header, before its values, where a 序号 column is named
# Two or more row numbers right before a label (1.2.本机关不掌握…), after no digit (a value's)
_STACKED_NUMBERS = re.compile(r"(?<![0-9０-９.．])(?:[0-9０-９][.．、]){2,}(?=[^\W\d])")
_STACKED_REACH = 16  # characters from the numbers to the label after them (another label's words between)
_NUMBER_OF = re.compile(r"[0-9０-９]")
_NUMBER_AFTER_NUMBER = re.compile(r"[.．、][0-9０-９][.．、]")  # what any _STACKED_NUMBERS holds


def _without_serial_number(doc: Document, tokens: list[Token]) -> list[Token]:
    """Table 3's values without the row number its table prints first, under a 序号 header (| 序号 |
    行政复议 | 行政诉讼 | over | 1 | 1 | 1 | 0 | …): read, the number would push every value a column on."""
    first = tokens[0]
    ri = first.row
    if ri < 0 or first.splittable or first.blank:
        return tokens
    row = doc.rows[ri]
    if row.table is None or not row.cells or row.cells[0].text.strip() != first.raw.strip():
        return tokens
    for k in range(ri - 1, max(-1, ri - 5), -1):
        header = doc.rows[k]
        if header.table != row.table:
            break
        if header.cells and _SERIAL.fullmatch(header.cells[0].text):
            return tokens[1:]
    return tokens


def _without_serial_number_by_sums(tokens: list[Token]) -> list[Token]:
    """Table 3's values without a first number under a 序号 header, in text, where its table's cells
    are gone (序号 … / 1 1 1 0 1 2 0 …): the row's number 1, or a first number without which every
    group keeps its total, as it does not with it. Kept where the first fifteen keep the totals and
    the fifteen after them do not."""
    k = len(REVIEW_CELLS)
    if len(tokens) < k + 1 or any(t.blank or t.splittable or t.frac or t.sign or t.unit for t in tokens[:k + 1]):
        return tokens
    values = [int(t.digits) for t in tokens[:k + 1]]
    with_it, without_it = _review_row_ok(values[:k]), _review_row_ok(values[1:])
    if with_it and not without_it:
        return tokens
    return tokens[1:] if values[0] == 1 or (without_it and not with_it) else tokens


def _grand_total_column(tokens: list[Token]) -> bool:
    """Sixteen values of table 3 whose first fifteen add up and whose last is the sum of the three
    groups' totals: a 合计 column an agency adds after the fifteen."""
    if any(t.blank or t.splittable or t.frac or t.sign or t.unit or not t.digits.isdigit() for t in tokens):
        return False
    values = [int(t.digits) for t in tokens]
    # the fifteen add up (else a first value out of place, a 序号, would pass for them)
    return values[-1] == values[4] + values[9] + values[14] and all(_group_balances(values, g) for g in range(3))


def _trim_to(tokens: list[Token], k: int) -> list[Token]:
    """Table 3 is the last table: numbers after its k values belong to what follows it. Blanks before
    them may be no value either (a stray empty cell at the end of the header row, a browser's copy of
    it): of the windows of k tokens after only blanks, the first that keeps the most groups' totals
    (a published table 3 may not add up) and, of those, holds the fewest blanks (a group of blanks
    adds up too: five stray empty cells before a full row must not push its last values out); the
    first k when none keeps more than they do."""
    if len(tokens) <= k or not tokens[0].blank:
        return tokens[:k]
    best, best_lo = (-1, 0), 0
    for lo in range(len(tokens) - k + 1):
        if lo and not tokens[lo - 1].blank:
            break  # a number is never skipped
        window = tokens[lo:lo + k]
        if any(t.splittable or t.uncertain or t.unit for t in window):
            break
        values = [0 if t.blank else make_number(t.sign, t.digits, t.frac) for t in window]
        score = (sum(_group_balances(values, g) for g in range(3)), -sum(t.blank for t in window))
        if score > best:
            best, best_lo = score, lo
    return tokens[best_lo:best_lo + k]


# ---------------------------------------------------------------------------------------- entry
def extract(doc: Document) -> Report:
    report = Report(source=doc.source.to_dict())
    stream = Stream(doc)
    report.text = stream.plain_text()
    report.links = list(doc.links)
    report.head = doc.header.get("head_text", "")
    for p in doc.problems:
        report.problems.append(Finding(p.rule, p.message, [], at=p.at))
    info = _meta(doc, report.text)
    year = info.get("year")
    ex = Extraction(doc, report, year, stream, ((info.get("figures") or {}).get("stated")))
    ex.run()
    report.problems.extend(ex.problems)
    report.meta = {"title": info.get("title"), "agency": info.get("agency"), "year": year,
                   "format": ex.fmt, "published": info.get("published"), "period": info.get("period")}
    report.sections = info.get("sections") or {}
    report.figures = info.get("figures") or {}
    report.figures.setdefault("year_named", info.get("year_named"))
    report.kind = info.get("kind")
    return report


def _meta(doc: Document, text: str) -> dict:
    try:
        from .meta import read_meta
    except ImportError:  # meta.py is optional while it is being written
        return {}
    return read_meta(doc, text) or {}
