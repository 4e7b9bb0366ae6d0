"""Readings of artefacts a source adds to a report's numbers, and doubt where they may hide.

- Captures that kept one line of each run of equal lines (a crawler's de-duplication): "0" for a
  row of zeros, "4 / 0 / 4" for 4,0,0,0,0,0,4 (collapsed_runs, expanded_runs).
- A number printed in two pieces on neighbouring lines: "1" "62" for 162 (joined_pieces).
- A digit OCR read confidently but wrongly: 8 read as 3 (doubt_ocr_misreads).

Each reading is offered to the engine like any other, settled by the row's own relation, and the
cells it gives are `inferred` with the derivation named here: never `read`.
"""
from __future__ import annotations

from itertools import combinations
from math import comb
import re
from typing import Callable

from ..document import Document
from ..report import CellValue
from .numbers import Part, Token, _single_part
from .solve import Relation, imbalance

NUMBER_LINE = re.compile(r"[-+]?\d[\d,.]*%?")
_NUMBERS_LINE = re.compile(r"[-+]?\d[\d,.]*(?:[ \t\u3000]+[-+]?\d[\d,.]*)+")
RUNS_DERIVATION = "原文中相邻的相同数值只保留了一个（抓取或转换时合并），按本行数值的个数和勾稽关系展开"
RUNS_BLANKS_DERIVATION = "原文空白单元格未保留、相邻的相同数值只保留了一个（抓取时合并），按本行及各列的勾稽关系展开"
PIECES_DERIVATION = "原文一个数字被分在相邻两行（如“1”“62”），按本行勾稽关系合并"
RUN_EXPANSIONS_LIMIT = 5000

RowCheck = Callable[[list[Part]], bool]


def collapsed_runs(doc: Document) -> bool:
    """True for a capture that kept one line of each run of equal lines: a one-cell-per-line text
    whose numeric lines never repeat one after another (a real report's tables are full of "0"
    lines in a row), so that "0" stands for a row of zeros and "4 0 4" for 4,0,0,0,0,0,4.
    A line of several numbers ("312 41 2 3", as pdftotext prints a row) is no such capture's: it
    keeps one cell a line, and its lines may simply not repeat by chance."""
    rows = doc.rows
    if len(rows) < 60:
        return False
    numeric = repeats = single = 0
    previous = None
    for row in rows:
        if len(row.cells) != 1:
            previous = None
            continue
        single += 1
        text = row.cells[0].text.strip()
        if _NUMBERS_LINE.fullmatch(text):
            return False
        if text.isdigit():
            numeric += 1
            repeats += text == previous
        previous = text
    return numeric >= 20 and repeats == 0 and single >= 0.9 * len(rows)


def compositions(n: int, k: int):
    """Every way to write n as k positive run lengths, in order."""
    if k == 1:
        yield (n,)
        return
    for first in range(1, n - k + 2):
        for rest in compositions(n - first, k - 1):
            yield (first,) + rest


def expanded_runs(tokens: list[Token], n: int, check: RowCheck | None, blanks: bool = False) -> list[list[Part]] | None:
    """The readings of a row of n cells whose equal neighbouring values were printed once
    (collapsed_runs): each token stands for a run of one or more cells; with the row's own
    relation (check), only the expansions that keep it. None when none does, or too many to weigh.

    blanks: the capture also left out the row's empty cells (a row printed with blank cells: "1" for
    自然人 1, five blanks, 总计 1, the two 1s then one run), so each cell is blank or in the run of
    one token, in order (used with the row's relation only)."""
    k = len(tokens)
    parts = [_single_part(t) for t in tokens]
    if any(a.value == b.value for a, b in zip(parts, parts[1:])):
        return None  # two equal neighbours were not collapsed: not such a run
    if k == 1 and parts[0].value == 0:  # "0": a row of zeros (and blanks), every cell 0 whichever
        row = [parts[0]] * n
        return [row] if check is None or check(row) else None
    filled_counts = range(k, n + 1) if blanks else (n,)
    if sum(comb(n, s) * comb(s - 1, k - 1) for s in filled_counts) > RUN_EXPANSIONS_LIMIT:
        return None
    blank = Part(None, "", None, True)
    options = []
    for s in filled_counts:
        for filled in combinations(range(n), s):
            for lengths in compositions(s, k):
                row = [blank] * n
                for i, p in zip(filled, (p for p, length in zip(parts, lengths) for _ in range(length))):
                    row[i] = p
                if check is None or check(row):
                    options.append(row)
    return options or None


def joined_pieces(tokens: list[Token], n: int, check: RowCheck) -> list[list[Part]] | None:
    """The readings of a row with one or two values more than its n cells, where a number was
    printed in two pieces on neighbouring lines ("1" "62" for 162): the ways to join neighbours
    that keep the row's own relation. None when no join does."""
    parts = [_single_part(t) for t in tokens]
    options = []
    for joins in combinations(range(len(tokens) - 1), len(tokens) - n):
        if any(b == a + 1 for a, b in zip(joins, joins[1:])):
            continue  # three pieces of one number: not considered
        row: list[Part] = []
        k = 0
        while k < len(tokens):
            if k in joins:
                a, b = tokens[k], tokens[k + 1]
                if b.digits.startswith("0") or a.digits == "0":
                    break  # "1" "05" is no 105 printed in pieces, nor "0" "5" a 5 (no number starts with 0)
                row.append(Part(int(a.digits + b.digits), a.raw + b.raw, a.at, run=a.raw + " " + b.raw))
                k += 2
            else:
                row.append(parts[k])
                k += 1
        else:
            if check(row):
                options.append(row)
    return options or None


# Printed digits a recognizer takes for one another (closed loops and open strokes alike).
_CONFUSABLE_DIGITS = frozenset(frozenset(p) for p in ("38", "08", "68", "98", "56", "58", "35", "06", "09", "17", "27", "14"))


def ocr_confusable(read, wanted: int) -> bool:
    """True when `wanted` is `read` with one digit changed into one OCR confuses it with."""
    if not isinstance(read, int):
        return False
    a, b = str(read), str(wanted)
    if len(a) != len(b):
        return False
    diff = [(x, y) for x, y in zip(a, b) if x != y]
    return len(diff) == 1 and frozenset(diff[0]) in _CONFUSABLE_DIGITS


def doubt_ocr_misreads(relations: list[Relation], cells: dict) -> None:
    """A digit OCR read confidently but wrongly (8 read as 3) breaks every relation through its
    cell, and each of them asks for the same other value. Such a cell, read by OCR and at the
    crossing of two or more broken relations that all ask for one value, a digit away by a
    confusable digit, is not taken as read: it becomes ambiguous between what OCR read and what
    the relations ask for. (A number of a text layer is what was published and is never doubted
    this way: see solve.py.)"""
    values = {cid: cell.number for cid, cell in cells.items() if cell.status in ("read", "inferred", "blank")}
    broken: dict[str, list[float]] = {}  # OCR-read cell -> the value each broken relation asks of it
    for rel in relations:
        total = imbalance(rel, values)
        if not total:  # unknown (None) or holding (0)
            continue
        for k, c in rel.terms:
            at = cells[c].at
            if cells[c].status == "read" and at is not None and "ocr_confidence" in at:
                broken.setdefault(c, []).append(values[c] - total / k)
    for cid, asked in broken.items():
        if len(asked) < 2 or len(set(asked)) != 1:
            continue
        wanted = asked[0]
        if wanted < 0 or wanted != int(wanted) or not ocr_confusable(cells[cid].value, int(wanted)):
            continue  # not a digit OCR mistakes for another: as published (a published error is found)
        cell = cells[cid]
        cells[cid] = CellValue(None, "ambiguous", cell.raw, cell.at, candidates=sorted({cell.value, int(wanted)}))
