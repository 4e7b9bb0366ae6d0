"""Value evidence of one template row, and the readings (candidates) it allows.

A row's evidence is a list of tokens in source order:
- a number the source delimits (an HTML/pipe/PDF cell, one cell per line): exactly one value;
- a digit run of free text (crawler text: `640020470`): one or more values run together;
- an explicit blank (an empty table cell).
`readings(tokens, k)` lists every way to turn the tokens into exactly k values: splits of digit runs
into numbers without leading zeros (design/reading-tables.md §2), and for a row with too few values,
every placement of the values with unknown cells (None) in the gaps.
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations, product
import re

BLANK = "blank"

# A number as printed: optional sign, digits (thousands separators allowed), decimals, a unit.
# A number never starts inside a digit run, but a sign may follow digits: `449-12` is 449, -12.
NUMBER = re.compile(r"([+\-−－＋﹢﹣]?)(?<![\d.])(\d+(?:[,，]\d{3})+|\d+)(?:\.(\d+))?\s*(万元|万|元|件|个|项|条|次|宗|批|份|家|笔)?")
CJK = re.compile(r"[\u4e00-\u9fff]")
BLANK_CELL = re.compile(r"^[\s\-—–－﹣―/／\\无空]*$")
SPLIT_LIMIT = 20000


@dataclass(slots=True)
class Token:
    digits: str  # integer part, no separators
    frac: str | None = None
    sign: str = ""
    unit: str | None = None
    splittable: bool = False  # free-text digit run: may hold several values
    raw: str = ""
    at: dict | None = None
    blank: bool = False
    separated: bool = False  # white space or a cell boundary before it (evidence of a cell boundary)
    row: int = -1  # the source row it came from
    # OCR: the reading is not certain (confidence below OCR_CERTAIN); candidates are the readings that fit
    uncertain: bool = False
    candidates: tuple = ()

    @property
    def max_values(self) -> int:
        return len(self.digits) if self.splittable else 1


@dataclass(slots=True)
class Part:
    """One value of a reading, with the text it came from."""
    value: int | float | None  # None: an explicit blank
    raw: str
    at: dict | None
    blank: bool = False
    unit: str | None = None
    run: str = ""  # the whole source text the value was cut from (for ambiguous cells)
    candidates: tuple = ()  # an uncertain OCR reading: value None, these readings fit

    @property
    def known(self) -> bool:
        return self.blank or self.value is not None


_PLUS = "+＋﹢"  # and the minus signs: - − － ﹣


def make_number(sign: str, digits: str, frac: str | None) -> int | float:
    if frac:
        v = float(f"{digits}.{frac}")
    else:
        v = int(digits)
    return -v if sign and sign not in _PLUS else v


class TooManyReadings(Exception):
    """A digit run with more readings than it is worth enumerating: it tells nothing certain."""


def _splits(digits: str, parts: int) -> list[list[str]]:
    """Ways to cut `digits` into `parts` numbers without leading zeros (TooManyReadings past the limit)."""
    n = len(digits)
    out: list[list[str]] = []

    def rec(start: int, left: int, acc: list[str]):
        if left == 1:
            piece = digits[start:]
            if piece and (piece == "0" or piece[0] != "0"):
                out.append(acc + [piece])
            return
        # each remaining part needs at least one digit
        if digits[start] == "0":
            rec(start + 1, left - 1, acc + ["0"])
            return
        for end in range(start + 1, n - left + 2):
            rec(end, left - 1, acc + [digits[start:end]])
            if len(out) > SPLIT_LIMIT:
                raise TooManyReadings(digits)

    if 1 <= parts <= n:
        rec(0, parts, [])
    return out


# (digits, parts) -> _splits as tuples: the same short runs ("0000000", "000") recur in every row and
# report. Runs with many readings are not kept (their lists are long and rarely seen twice).
_CUTS: dict[tuple[str, int], tuple[tuple[str, ...], ...]] = {}
_CUTS_KEPT = 64  # at most this many readings per kept entry
_CUTS_SIZE = 4096  # entries before the cache starts over


def _cuts(digits: str, parts: int) -> tuple[tuple[str, ...], ...]:
    """`_splits(digits, parts)`, remembered (TooManyReadings is raised again each time)."""
    key = (digits, parts)
    found = _CUTS.get(key)
    if found is None:
        found = tuple(map(tuple, _splits(digits, parts)))
        if len(found) <= _CUTS_KEPT:
            if len(_CUTS) >= _CUTS_SIZE:
                _CUTS.clear()
            _CUTS[key] = found
    return found


def _parts_of_split(tok: Token, pieces: tuple[str, ...] | list[str]) -> list[Part]:
    parts = []
    at = tok.at
    moves = bool(at) and "col" in at  # each part's position is its own column
    offset = len(tok.sign)
    last_i = len(pieces) - 1
    for i, piece in enumerate(pieces):
        last = i == last_i
        if (i == 0 and tok.sign) or (last and tok.frac):
            value = make_number(tok.sign if i == 0 else "", piece, tok.frac if last else None)
        else:
            value = int(piece)  # a piece inside the run: no sign, no decimals
        part_at = at
        if moves:
            part_at = dict(at)
            part_at["col"] += offset
        # positional: value, raw, at, blank, unit, run
        parts.append(Part(value, piece + (f".{tok.frac}" if last and tok.frac else ""), part_at, False,
                          tok.unit if last else None, tok.raw))
        offset += len(piece)
    return parts


def _single_part(tok: Token) -> Part:
    """A delimited token (one value or a blank, reading certain) as the one value it is."""
    if tok.blank:
        return Part(None, "", tok.at, True, None, tok.raw)
    return Part(make_number(tok.sign, tok.digits, tok.frac), tok.raw, tok.at, False, tok.unit, tok.raw)


def _token_parts(tok: Token, count: int) -> list[list[Part]]:
    if tok.uncertain:
        # a cell is there, its value is not certain: unknown to the solver, candidates kept for the reader
        return [[Part(None, tok.raw, tok.at, run=tok.raw, candidates=tok.candidates)]] if count == 1 else []
    if tok.blank:
        return [[_single_part(tok)]]
    if count == 1:
        if tok.splittable and tok.digits[0] == "0" and len(tok.digits) > 1:
            return []  # run-together digits: "019" is 0|19, never the number 19
        return [[_single_part(tok)]]
    return [_parts_of_split(tok, pieces) for pieces in _cuts(tok.digits, count)]


def readings(tokens: list[Token], k: int, check=None) -> tuple[list[list[Part | None]], str | None]:
    """Every reading of the tokens as k values; and a problem: None, "overfull", "short" or "gaps".

    check(values) -> bool: the row's own relation; when given, readings of a single digit run that
    break it are dropped before they are built (unless every reading breaks it)."""
    if not tokens:
        return [], "empty"
    lo = len(tokens)
    if lo == k and not any([t.splittable or t.uncertain for t in tokens]):
        # the common case: one delimited value per cell
        return [[_single_part(t) for t in tokens]], None
    if lo == 1 and tokens[0].splittable and 1 < k <= len(tokens[0].digits):
        tok = tokens[0]
        try:
            splits = _cuts(tok.digits, k)
        except TooManyReadings:
            return [], "too_many"
        if check is not None and not tok.frac and not tok.sign:
            good = [sp for sp in splits if check([int(x) for x in sp])]
            splits = good or splits
        return [_parts_of_split(tok, sp) for sp in splits], None
    hi = sum(t.max_values for t in tokens)
    if lo > k:
        return [], "overfull"
    if hi < k:
        gaps = k - hi
        if gaps > 2 or hi == 0:
            return [], "short"
        # every token cut into single digits, the gaps anywhere between them
        values = [p for t in tokens for p in (_token_parts(t, t.max_values) or [[Part(None, t.raw, t.at)]])[0]]
        out = []
        for holes in combinations(range(k), gaps):
            it = iter(values)
            out.append([None if i in holes else next(it) for i in range(k)])
        problem = "short" if len(tokens) > 1 else "gaps"
        return out, problem
    out: list[list[Part | None]] = []
    # distribute k values over the tokens: counts[i] in [1, max_i]
    maxes = [t.max_values for t in tokens]
    rest_maxes = [sum(maxes[i + 1:]) for i in range(len(tokens))]  # most values the tokens after i hold

    def counts(i: int, left: int, acc: list[int]):
        if i == len(tokens):
            if left == 0:
                yield list(acc)
            return
        rest_min = len(tokens) - i - 1
        rest_max = rest_maxes[i]
        for c in range(1, min(maxes[i], left - rest_min) + 1):
            if left - c > rest_max:
                continue
            acc.append(c)
            yield from counts(i + 1, left - c, acc)
            acc.pop()

    cut: dict[tuple[int, int], list[list[Part]]] = {}  # (token, count) -> its readings, made once
    for cs in counts(0, k, []):
        try:
            per_token = []
            for i, c in enumerate(cs):
                parts = cut.get((i, c))
                if parts is None:
                    parts = cut[i, c] = _token_parts(tokens[i], c)
                per_token.append(parts)
        except TooManyReadings:
            return [], "too_many"
        for combo in product(*per_token):
            out.append([p for parts in combo for p in parts])
            if len(out) > SPLIT_LIMIT:
                return out, "too_many"
    return out, None
