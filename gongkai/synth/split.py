"""Readings of a run of digits that stands for several cells (crawler text: "640020470").

A reader that sees a row's digits run together must split them into the row's cells. Whitespace
is a certain boundary; within a token every split into numbers of the right shape is a reading.
The generator uses this to know which rows of its crawler output can be read back exactly.
"""
from __future__ import annotations

import re

SHAPES = {
    "count": re.compile(r"(?:0|[1-9]\d*)"),
    "signed": re.compile(r"[+\-－]?(?:0|[1-9]\d*)"),
    "decimal": re.compile(r"(?:0|[1-9]\d*)(?:\.\d+)?"),
    "money": re.compile(r"(?:0|[1-9]\d*)(?:\.\d+)?元?"),
}


def _num(s: str) -> int | float:
    s = s.rstrip("元").replace("－", "-")
    return float(s) if "." in s else int(s)


def readings(text: str, shapes: list[str], limit: int = 50) -> list[tuple]:
    """Every way to read `text` as len(shapes) numbers of the given shapes (at most `limit`)."""
    tokens = text.split()
    out: list[tuple] = []

    def walk(ti: int, pos: int, ci: int, acc: list, fresh: bool):
        if len(out) >= limit:
            return
        if ti == len(tokens):
            if ci == len(shapes):
                out.append(tuple(acc))
            return
        tok = tokens[ti]
        if pos == len(tok):
            if not fresh:
                walk(ti + 1, 0, ci, acc, True)
            return
        if ci == len(shapes):
            return
        pattern = SHAPES[shapes[ci]]
        for end in range(pos + 1, len(tok) + 1):
            piece = tok[pos:end]
            if pattern.fullmatch(piece):
                walk(ti, end, ci + 1, acc + [_num(piece)], False)

    walk(0, 0, 0, [], True)
    return out


def row_sum(values: tuple) -> bool:
    """Table 2 row: 总计 (last) equals the sum of the six applicant columns."""
    return values[-1] == sum(values[:-1])


def group_sums(values: tuple) -> bool:
    """Table 3 row: in each group of five, 总计 equals the sum of the other four."""
    return all(values[i + 4] == sum(values[i:i + 4]) for i in range(0, len(values), 5))


def certain(text: str, shapes: list[str], truth: tuple, relation=None) -> bool:
    """True when a careful reader gets exactly `truth` from `text`: it is the only reading, or the
    only one that satisfies the row's relation (when the true values satisfy it)."""
    found = readings(text, shapes)
    if found == [truth]:
        return True
    if relation is not None and relation(truth):
        return [r for r in found if relation(r)] == [truth]
    return False
