"""Choose one reading per row so that the table's relations hold; infer what the evidence leaves out.

design/reading-tables.md §3: rows with one reading are fixed; rows with several are chosen jointly by
the column relations. Exactly one joint solution: its cells are read. Several: cells on which they all
agree are read, the others ambiguous. None: the published table itself is inconsistent; a reading is
taken only when it is clearly the best (it breaks at least two relations fewer than any other), else
the cells stay ambiguous. A published number is never repaired.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from itertools import product
from operator import mul

from .. import spec

OUTCOMES_2021 = ("granted", "partial", "denied_state_secret", "denied_prohibited", "denied_security",
                 "denied_third_party", "denied_internal", "denied_process", "denied_enforcement_file",
                 "denied_query", "unable_not_held", "unable_needs_creation", "unable_unclear",
                 "unprocessed_petition", "unprocessed_duplicate", "unprocessed_publication",
                 "unprocessed_excessive", "unprocessed_confirmation")
OTHER_SPLIT = ("other_no_correction", "other_no_fee", "other_other")
APPLICANTS = ("natural_person", "commercial", "research", "public_interest", "legal_services", "other_org")
REVIEW_PARTS = ("upheld", "corrected", "other", "pending")
JOINT_LIMIT = 4000  # joint readings scored at most; past it, rows are weighed one by one


@dataclass(frozen=True, slots=True)
class Relation:
    terms: tuple[tuple[int, str], ...]  # sum(coef * cell) == 0
    name: str  # Chinese, for derivations
    cells: tuple[str, ...] = field(init=False, compare=False, repr=False)  # the terms' cells, apart
    coefs: tuple[int, ...] = field(init=False, compare=False, repr=False)  # and their coefficients

    def __post_init__(self):
        object.__setattr__(self, "cells", tuple(c for _, c in self.terms))
        object.__setattr__(self, "coefs", tuple(k for k, _ in self.terms))


def _col(c: str) -> str:
    return spec.spec()["tables"]["requests"]["columns"][c]


def _row(r: str) -> str:
    v = spec.spec()["tables"]["requests"]["rows"][r]
    return v["label"] if isinstance(v, dict) else v


@lru_cache(maxsize=16)
def requests_relations(other_rows: tuple[str, ...], split_other: bool) -> list[Relation]:
    """Relations of table 2. other_rows: the （六） rows counted in the outcome sum; split_other: also
    relate the single 2019 row （六）其他处理 to its three 2021 sub-rows."""
    rel = []
    outcomes = OUTCOMES_2021 + other_rows
    for c in APPLICANTS + ("total",):
        cid = lambda r: f"requests.{r}.{c}"  # noqa: E731
        rel.append(Relation(((1, cid("new")), (1, cid("carried_in")), (-1, cid("total")), (-1, cid("carried_out"))),
                            f"{_col(c)}列：本年新收 + 上年结转 = 办理结果总计 + 结转下年度"))
        rel.append(Relation(((1, cid("total")),) + tuple((-1, cid(r)) for r in outcomes),
                            f"{_col(c)}列：（七）总计 = 各项办理结果之和"))
        if split_other:
            rel.append(Relation(((1, cid("other")),) + tuple((-1, cid(r)) for r in OTHER_SPLIT),
                                f"{_col(c)}列：（六）其他处理 = 其三个子项之和"))
    rows = ("new", "carried_in") + outcomes + ("total", "carried_out")
    if split_other:
        rows += ("other",) if "other" not in outcomes else OTHER_SPLIT
    for r in rows:
        rel.append(Relation(((1, f"requests.{r}.total"),) + tuple((-1, f"requests.{r}.{c}") for c in APPLICANTS),
                            f"「{_row(r)}」行：总计 = 各类申请人之和"))
    return rel


@lru_cache(maxsize=1)
def review_relations() -> list[Relation]:
    labels = spec.spec()["tables"]["review"]["rows"]
    return [Relation(((1, f"review.{g}.total"),) + tuple((-1, f"review.{g}.{p}") for p in REVIEW_PARTS),
                     f"{labels[g]}：总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结")
            for g in ("reconsideration", "suit_direct", "suit_after")]


def imbalance(rel: Relation, values: dict) -> float | None:
    """sum(coef * cell) of a relation over `values` (0 when it holds), None while a cell is unknown."""
    try:
        return sum(map(mul, rel.coefs, map(values.get, rel.cells)))  # at C speed
    except TypeError:  # an unknown cell (None)
        return None


def broken(rel: Relation, values: dict) -> bool:
    """True when every cell of the relation is known and the relation does not hold."""
    total = imbalance(rel, values)
    return total is not None and abs(total) > 1e-9


def violations(grid: dict, relations: list[Relation], over: dict | None = None) -> int:
    """How many relations the grid breaks (those with an unknown cell break none). over: cells
    whose values stand over the grid's (as if `{**grid, **over}`, without building it)."""
    bad = 0
    for rel in relations:
        total = 0
        for k, c in rel.terms:
            v = over[c] if over is not None and c in over else grid.get(c)
            if v is None:
                break
            total += k * v
        else:
            if abs(total) > 1e-9:
                bad += 1
    return bad


# relations list -> (the list itself, {cell: indexes of the relations with a term on it}, those cells);
# the list is kept so that its id is not reused while the entry lives
_INDEXES: dict[int, tuple[list[Relation], dict[str, list[int]], frozenset[str]]] = {}


def _index(relations: list[Relation]) -> tuple[list[Relation], dict[str, list[int]], frozenset[str]]:
    entry = _INDEXES.get(id(relations))
    if entry is None or entry[0] is not relations:
        index: dict[str, list[int]] = {}
        for i, rel in enumerate(relations):
            for _, c in rel.terms:
                index.setdefault(c, []).append(i)
        if len(_INDEXES) >= 64:  # the engine's lists are a few cached ones; others must not pile up
            _INDEXES.clear()
        entry = _INDEXES[id(relations)] = (relations, index, frozenset(index))
    return entry


def touching(relations: list[Relation], cells) -> list[Relation]:
    """The relations (in their order) with a term on one of `cells`."""
    index = _index(relations)[1]
    found = sorted({i for c in cells for i in index.get(c, ())})
    return [relations[i] for i in found]


def relation_cells(relations: list[Relation]) -> frozenset[str]:
    """Every cell with a term in one of the relations."""
    return _index(relations)[2]


def choose(fixed: dict, options: dict[str, list[dict]], relations: list[Relation]) -> tuple[list[dict], bool]:
    """Pick joint readings for the rows in `options` (row -> list of {cell: number|None}).

    Returns the list of best joint assignments (each {cell: number|None}, every one over the same
    cells: those of the rows in play) and whether the choice is certain enough to be read (False:
    the differing cells must be ambiguous)."""
    rows = list(options)
    if not rows:
        return [{}], True
    size = 1
    for r in rows:
        size *= len(options[r])
    if size > JOINT_LIMIT:
        return _choose_each(fixed, options, relations), False
    touched = {c for r in rows for o in options[r] for c in o}
    rels = touching(relations, touched)
    # the fixed cells these relations read: a small grid to copy for each joint reading
    base = {c: fixed[c] for rel in rels for _, c in rel.terms if c in fixed}
    scored = []
    for combo in product(*(options[r] for r in rows)):
        grid = dict(base)
        for o in combo:
            grid.update(o)
        scored.append((violations(grid, rels), combo))
    best = min(s for s, _ in scored)
    winners = [c for s, c in scored if s == best]
    if best == 0:
        certain = True
    else:
        runner_up = min((s for s, _ in scored if s > best), default=None)
        certain = len(winners) == 1 and (runner_up is None or runner_up >= best + 2)
        if not certain:
            # keep every reading in play: the published table is inconsistent near these rows
            winners = [c for _, c in scored]
    out = []
    for combo in winners:
        merged = {}
        for o in combo:
            merged.update(o)
        out.append(merged)
    return out, certain


def _choose_each(fixed: dict, options: dict[str, list[dict]], relations: list[Relation]) -> list[dict]:
    """Too many rows in play to weigh jointly: keep, for each row, the readings that break no
    relation whose other cells are all certain. Rows left with several readings stay ambiguous."""
    kept: dict[str, list[dict]] = {}
    for r, opts in options.items():
        rels = touching(relations, opts[0])  # a row's readings all set the same cells
        good = [o for o in opts if violations(fixed, rels, over=o) == 0]
        kept[r] = good or opts
    # every combination of the kept readings, as the caller expects; a cell on which they differ is
    # ambiguous, so list each row's readings against the first reading of the others
    first: dict = {}
    for o in kept.values():
        first.update(o[0])
    out = []
    for opts in kept.values():
        for o in opts:
            merged = dict(first)
            merged.update(o)
            out.append(merged)
    return out


def infer(grid: dict, relations: list[Relation], unknown: set[str]) -> dict[str, tuple[float, str]]:
    """Values of unknown cells that follow from the relations: {cell: (value, derivation)}.

    A value is taken only when it is a non-negative whole number and every relation that determines
    it agrees; several unknowns of one sign whose sum must be 0 are each 0."""
    found: dict[str, tuple[float, str]] = {}
    grid = dict(grid)
    relations = touching(relations, unknown)
    changed = True
    while changed:
        changed = False
        proposals: dict[str, list[tuple[float, str]]] = {}
        for rel in relations:
            # the terms still unknown, and the sum of the others (blocked: one of them is not known)
            missing = []
            rest = 0
            blocked = False
            for k, c in rel.terms:
                if c in unknown and c not in found:
                    missing.append((k, c))
                    continue
                v = grid.get(c)
                if v is None:
                    blocked = True
                    break
                rest += k * v
            if blocked or not missing:
                continue
            if len(missing) == 1:
                k, c = missing[0]
                proposals.setdefault(c, []).append((-rest / k, rel.name))
            elif len({k for k, _ in missing}) == 1 and abs(rest) < 1e-9:
                for k, c in missing:
                    proposals.setdefault(c, []).append((0, rel.name))
        for c, props in proposals.items():
            values = {round(v, 6) for v, _ in props}
            if len(values) != 1:
                continue
            v = props[0][0]
            if v < 0 or abs(v - round(v)) > 1e-9:
                continue
            found[c] = (int(round(v)), "由关系推得：" + "；".join(dict.fromkeys(n for _, n in props)))
            grid[c] = int(round(v))
            changed = True
    return found
