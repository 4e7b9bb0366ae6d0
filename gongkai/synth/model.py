"""Synthetic annual reports: random but consistent, or deliberately broken in known ways.

    report = generate(7)                                   # a consistent 2021-format report
    report = generate(rng, fmt="2019", defects=["requests.balance", "published.late"])

A SyntheticReport knows every printed cell value and exactly which rules of rules.yaml it
violates (``defects``): table defects are computed from the relations of cells.yaml on the
printed values (gongkai.synth.relations), so breaking one cell records every relation it breaks.
"""
from __future__ import annotations

from dataclasses import dataclass, field
import datetime as dt
import math
import random

from .. import spec
from . import prose
from .relations import APPLICANTS, REVIEW_PARTS, broken_rules, outcome_rows

TABLE_DEFECTS = ("requests.balance", "requests.outcome_sum", "requests.column_sum", "review.sum")
OTHER_DEFECTS = ("format.version", "period.year", "published.late", "published.early", "fees.unreported",
                 "content.injected", "privacy.personal_info", "text.table_mismatch", "sections.missing",
                 "tables.missing")
DEFECTS = TABLE_DEFECTS + OTHER_DEFECTS
YEARS = {"2021": (2021, 2025), "2019": (2019, 2020)}
NOTICES = {"2021": "国办公开办函〔2021〕30号", "2019": "国办公开办函〔2019〕60号"}
TABLE_OF_DEFECT = {"requests.balance": "requests", "requests.outcome_sum": "requests",
                   "requests.column_sum": "requests", "review.sum": "review", "text.table_mismatch": "requests"}


@dataclass
class SyntheticReport:
    meta: dict  # title, agency, year, format, published (ISO), period {start, end}, kind, signed
    sections: dict[str, str]  # section key -> prose printed under the heading (absent: section missing)
    cells: dict[str, int | float]  # every printed cell -> its value (a blank cell is 0)
    printed: dict[str, str]  # every printed cell -> its text as printed ("" for a blank)
    blanks: set[str] = field(default_factory=set)
    missing: set[str] = field(default_factory=set)  # cells not printed at all (their table is absent)
    defects: list[str] = field(default_factory=list)
    extras: dict = field(default_factory=dict)  # what layouts need besides: agency details, spam link, ...

    @property
    def format(self) -> str:
        return self.meta["format"]

    def expected(self, cell_id: str) -> tuple[str, int | float | None]:
        """(status, value) a reader should report for a cell of this report."""
        if cell_id in self.missing:
            return "missing", None
        if cell_id in self.blanks:
            return "blank", None
        return "read", self.cells[cell_id]

    def error_defects(self) -> set[str]:
        return {d for d in self.defects if spec.rule(d).severity == "error"}

    def to_report(self):
        """The report as gongkai.report.Report (cells read/blank/missing), for renderers of gongkai.render."""
        from ..report import CellValue, Report
        r = Report()
        r.meta = {k: self.meta.get(k) for k in ("title", "agency", "year", "format", "published", "period")}
        r.sections = dict(self.sections)
        r.kind = self.meta.get("kind")
        for cid in spec.cell_ids(self.format):
            status, value = self.expected(cid)
            r.cells[cid] = CellValue(value, status, self.printed.get(cid) if status == "read" else None)
        return r


def check_defects(defects, fmt: str) -> None:
    """Raise ValueError for an unknown defect or a combination that cannot be built unambiguously."""
    ds = set(defects)
    unknown = ds - set(DEFECTS)
    if unknown:
        raise ValueError(f"unknown defects: {sorted(unknown)}")
    if fmt not in YEARS:
        raise ValueError(f"unknown format {fmt!r}")
    if {"published.late", "published.early"} <= ds:
        raise ValueError("published.late and published.early exclude each other")
    if "fees.unreported" in ds and (fmt != "2021" or "format.version" in ds):
        raise ValueError("fees.unreported needs a 2021-format report in its own format")
    if "tables.missing" in ds and {TABLE_OF_DEFECT.get(d) for d in ds} >= {"requests", "review"}:
        raise ValueError("tables.missing needs a table no other defect is about")


def compatible(defects, fmt: str) -> bool:
    try:
        check_defects(defects, fmt)
    except ValueError:
        return False
    return True


# --- numbers ------------------------------------------------------------------------------------
def _skewed(rng: random.Random, top: int, p_zero: float) -> int:
    """0 with probability p_zero, else a count spread over orders of magnitude up to `top`."""
    if rng.random() < p_zero:
        return 0
    return int(10 ** rng.uniform(0, math.log10(top))) if top > 1 else 1


def _split(rng: random.Random, n: int, weights: list[float]) -> list[int]:
    """n split over bins in proportion to weights, the remainder given out at random."""
    total = sum(weights)
    counts = [int(n * w / total) for w in weights]
    for _ in range(n - sum(counts)):
        counts[rng.choices(range(len(weights)), weights)[0]] += 1
    return counts


def _money(rng: random.Random, top: float, decimals: int, low: float = 0.1) -> int | float:
    v = round(10 ** rng.uniform(math.log10(low), math.log10(top)), decimals)
    return int(v) if decimals == 0 or v == int(v) else v


def _active_2021(rng, kind, c):
    gov = kind == "government"
    if gov and rng.random() < 0.3:
        issued, repealed = rng.randint(0, 5), rng.randint(0, 3)
        c["regulations"] = (issued, repealed, issued + rng.randint(0, 150))
    else:
        c["regulations"] = (0, 0, 0)
    issued = _skewed(rng, 60, 0.3)
    repealed = _skewed(rng, 20, 0.6)
    in_force = 0 if rng.random() < 0.15 else issued + _skewed(rng, 400, 0.1)
    c["normative_documents"] = (issued, repealed, in_force)
    c["licensing"] = (_skewed(rng, 30000, 0.3),)
    c["penalty"] = (_skewed(rng, 5000, 0.35),)
    c["coercion"] = (_skewed(rng, 200, 0.6),)
    c["fees"] = (0 if rng.random() < 0.5 else _money(rng, 30000, rng.choice([0, 2, 3, 4, 6])),)


def _active_2019(rng, kind, c):
    for row in ("regulations", "normative_documents"):
        if row == "regulations" and not (kind == "government" and rng.random() < 0.3):
            c[row] = (0, 0, 0)
            continue
        made = _skewed(rng, 60, 0.3)
        c[row] = (made, made if rng.random() < 0.8 else rng.randint(0, made), made + _skewed(rng, 400, 0.1))
    for row, top in (("licensing", 20000), ("other_services", 500), ("penalty", 5000), ("coercion", 200)):
        prev = _skewed(rng, 500, 0.4)
        change = 0 if rng.random() < 0.6 else rng.randint(-min(prev, 30), 40)
        c[row] = (prev, change, _skewed(rng, top, 0.4))
    c["fees"] = (_skewed(rng, 40, 0.5), 0 if rng.random() < 0.7 else rng.randint(-3, 3))
    items = _skewed(rng, 200, 0.5)
    c["procurement"] = (items, 0 if not items else _money(rng, 90000000, rng.choice([0, 0, 2]), low=5000))


def _requests(rng, fmt, c):
    outcomes = outcome_rows(fmt)
    scale = 0 if rng.random() < 0.3 else rng.choices([3, 20, 150, 1500], [0.4, 0.3, 0.2, 0.1])[0]
    new = {}
    for col in APPLICANTS:
        if col == "natural_person":
            new[col] = rng.randint(1, scale) if scale else 0
        else:
            new[col] = rng.randint(0, max(1, scale // 10)) if scale and rng.random() < 0.25 else 0
    # outcomes in use this year: a few rows, 予以公开 most likely
    weights = {r: 1.0 for r in outcomes}
    weights.update(granted=8, partial=3, unable_not_held=4, unprocessed_petition=2, unprocessed_duplicate=1.5)
    active = set(rng.choices(outcomes, [weights[r] for r in outcomes], k=rng.randint(1, 6)))
    active_rows = [r for r in outcomes if r in active]
    row_weights = [weights[r] * rng.uniform(0.2, 1.0) for r in active_rows]
    for r in ("new", "carried_in", "carried_out") + outcomes:
        for col in APPLICANTS:
            c[(r, col)] = 0
    for col in APPLICANTS:
        carried_in = rng.randint(0, max(1, new[col] // 5)) if new[col] and rng.random() < 0.3 else 0
        handled_all = new[col] + carried_in
        carried_out = rng.randint(0, handled_all // 4) if handled_all and rng.random() < 0.3 else 0
        c[("new", col)], c[("carried_in", col)], c[("carried_out", col)] = new[col], carried_in, carried_out
        for r, n in zip(active_rows, _split(rng, handled_all - carried_out, row_weights)):
            c[(r, col)] = n
    for col in APPLICANTS:
        c[("total", col)] = sum(c[(r, col)] for r in outcomes)
    for r in spec.rows_of("requests", fmt):
        c[(r, "total")] = sum(c[(r, col)] for col in APPLICANTS)


def _review(rng, c):
    for row in spec.rows_of("review", "2021"):
        parts = [0, 0, 0, 0]
        if rng.random() < 0.25:
            parts = [rng.choice([0, 0, 1, 2, 5]) for _ in range(4)]
        for col, v in zip(REVIEW_PARTS, parts):
            c[(row, col)] = v
        c[(row, "total")] = sum(parts)


def _cells(rng, fmt, kind) -> dict[str, int | float]:
    a: dict = {}
    (_active_2021 if fmt == "2021" else _active_2019)(rng, kind, a)
    cells: dict[str, int | float] = {}
    for row in spec.rows_of("active", fmt):
        for col, v in zip(spec.columns_of("active", fmt, row), a[row]):
            cells[f"active.{row}.{col}"] = v
    r: dict = {}
    _requests(rng, fmt, r)
    rv: dict = {}
    _review(rng, rv)
    for (row, col), v in r.items():
        cells[f"requests.{row}.{col}"] = v
    for (row, col), v in rv.items():
        cells[f"review.{row}.{col}"] = v
    return cells


# --- table defects ---------------------------------------------------------------------------------
def _break_table(rng, fmt, cells, defect) -> None:
    d = rng.randint(1, 3)
    col = rng.choice(APPLICANTS)
    if defect == "requests.balance":  # 四 too large in one column and in 总计: only the balance breaks
        cells[f"requests.carried_out.{col}"] += d
        cells["requests.carried_out.total"] += d
    elif defect == "requests.outcome_sum":  # one outcome too large, row still sums: only （七） breaks
        row = rng.choice(outcome_rows(fmt))
        cells[f"requests.{row}.{col}"] += d
        cells[f"requests.{row}.total"] += d
    elif defect == "requests.column_sum":  # 一 and 四 of one column both larger: only rows' 总计 break
        cells[f"requests.new.{col}"] += d
        cells[f"requests.carried_out.{col}"] += d
    elif defect == "review.sum":
        row = rng.choice(spec.rows_of("review", fmt))
        cells[f"review.{row}.{rng.choice(REVIEW_PARTS + ('total',))}"] += d


# --- dates ---------------------------------------------------------------------------------------
def _published(rng, year: int, kind: str, defects) -> dt.date:
    deadline = dt.date(year + 1, 3, 31) if kind == "government" else dt.date(year + 1, 1, 31)
    if "published.early" in defects:
        return dt.date(year, 11, 1) + dt.timedelta(days=rng.randint(0, 55))
    if "published.late" in defects:  # well past the deadline, past any holiday shift of it
        return deadline + dt.timedelta(days=rng.randint(21, 120))
    # in time, clear of the deadline (a deadline on a holiday may move; stay away from it)
    return dt.date(year + 1, 1, 3) + dt.timedelta(days=rng.randint(0, (deadline - dt.date(year + 1, 1, 3)).days - 6))


def _signed(rng, published: dt.date, year: int, defects) -> dt.date:
    signed = published - dt.timedelta(days=rng.choice([0, 0, 1, 2, 3]))
    if "published.early" not in defects and signed.year <= year:
        signed = published
    return signed


# --- the generator ------------------------------------------------------------------------------
def generate(seed_or_random=None, fmt: str = "2021", defects=(), blanks: bool | None = None,
             kind: str | None = None) -> SyntheticReport:
    """A random report in table format `fmt` ("2021" or "2019") with exactly the given defects.

    ``blanks``: None = print some zero cells empty now and then, False = never (layouts that cannot
    show an empty cell), True = always some. ``kind``: government | department | township.
    """
    rng = seed_or_random if isinstance(seed_or_random, random.Random) else random.Random(seed_or_random)
    defects = list(dict.fromkeys(defects))
    check_defects(defects, fmt)
    kind = kind or rng.choices(["government", "department", "township"], [0.25, 0.45, 0.3])[0]
    a = prose.agency(rng, kind)
    era = "2019" if (fmt == "2021") == ("format.version" in defects) else "2021"
    year = rng.randint(*YEARS[era])
    published = _published(rng, year, kind, defects)
    signed = _signed(rng, published, year, defects)
    period_year = year + rng.choice([-1, 1]) if "period.year" in defects else year

    cells = _cells(rng, fmt, kind)
    for d in defects:
        if d in TABLE_DEFECTS:
            _break_table(rng, fmt, cells, d)

    # blank cells: zeros printed empty (more common in 2019-format reports)
    blank: set[str] = set()
    rate = 0.0
    if blanks is None:
        rate = rng.choice([0.0, 0.0, 0.0, 0.3, 0.9]) if fmt == "2021" else rng.choice([0.0, 0.3, 0.9])
    elif blanks:
        rate = rng.choice([0.3, 0.9])
    if rate:
        for cid, v in cells.items():
            if v == 0 and not cid.startswith("active.fees") and rng.random() < rate:
                blank.add(cid)
        if blanks and not blank:
            zeros = sorted(cid for cid, v in cells.items() if v == 0)
            if zeros:
                blank.add(rng.choice(zeros))

    missing: set[str] = set()
    missing_table = None
    if "tables.missing" in defects:
        taken = {TABLE_OF_DEFECT.get(d) for d in defects}
        missing_table = rng.choice([t for t in ("active", "requests", "review") if t not in taken])
        missing = {cid for cid in cells if cid.startswith(missing_table + ".")}
        blank -= missing

    printed = {cid: ("" if cid in blank else _printed(cid, v, rng)) for cid, v in cells.items() if cid not in missing}

    # prose, with figures from the printed tables
    figures = {"new": cells["requests.new.total"], "carried_in": cells["requests.carried_in.total"],
               "handled": cells["requests.total.total"], "carried_out": cells["requests.carried_out.total"]}
    if "text.table_mismatch" in defects:
        key = rng.choice(["new", "handled"])
        figures = dict(figures)
        # a wrong figure no reading of the tables explains (收到 is sometimes 新收 + 上年结转)
        f = figures
        explained = {f["new"], f["new"] + f["carried_in"], f["handled"], f["handled"] + f["carried_out"],
                     f["carried_in"], f["carried_out"]}
        figures[key] = rng.choice([v for v in range(f[key] + 1, f[key] + 12) if v not in explained])
        if figures["new"] and not figures["handled"]:
            figures["handled"] = cells["requests.total.total"]
    sections = {
        "overview": prose.overview(a, kind, year, figures, rng),
        "active": "",
        "requests": "",
        "review": prose.review_sentence(cells["review.reconsideration.total"],
                                        cells["review.suit_direct.total"] + cells["review.suit_after.total"])
        if rng.random() < 0.5 and "review.sum" not in defects else "",
        "problems": prose.problems(year, rng),
        "other": prose.other(year, (year >= 2021 or rng.random() < 0.5) and "fees.unreported" not in defects,
                             rng.choice([0, 0, 0, 100, 380, 2000]), rng),
    }
    extras: dict = {"agency": a, "missing_table": missing_table, "published_time": f"{rng.randint(8, 18):02d}:{rng.randint(0, 59):02d}"}
    if "sections.missing" in defects:
        gone = "problems" if "text.table_mismatch" in defects else rng.choice(["overview", "problems"])
        del sections[gone]
        extras["missing_section"] = gone
    if "privacy.personal_info" in defects:
        where = "overview" if "overview" in sections else "problems"
        sections[where] += "\n" + prose.personal_info(rng)
    if "content.injected" in defects:
        text, link = prose.spam(rng)
        extras["spam"] = (text, link)
        where = "problems" if "problems" in sections else "other"
        sections[where] += f"\n{text} {link}"

    notice = None if "format.version" in defects or rng.random() < 0.5 else NOTICES[fmt]
    extras["intro"] = prose.intro(a, year, period_year, rng, notice)
    meta = {
        "title": prose.title(a["short"], year, rng),
        "agency": a["name"],
        "year": year,
        "format": fmt,
        "published": published.isoformat(),
        "period": {"start": f"{period_year}-01-01", "end": f"{period_year}-12-31"},
        "kind": kind,
        "signed": signed.isoformat(),
    }
    found = set(broken_rules({k: v for k, v in cells.items() if k not in missing}, fmt))
    wanted_tables = {d for d in defects if d in TABLE_DEFECTS}
    assert wanted_tables <= found, (wanted_tables, found)  # each requested table defect really breaks
    all_defects = [d for d in DEFECTS if d in found or (d in defects and d not in TABLE_DEFECTS)]
    return SyntheticReport(meta, sections, cells, printed, blank, missing, all_defects, extras)


def _printed(cid: str, v, rng: random.Random) -> str:
    """The text a cell is printed with: signed 本年增/减, money with its decimals, 元 for procurement."""
    if cid.endswith(".change"):
        if v > 0:
            return f"+{v}" if rng.random() < 0.7 else str(v)
        if v < 0:
            return rng.choice(["-", "-", "－"]) + str(-v)
        return "0"
    if cid == "active.procurement.amount":
        if v == 0:
            return "0"
        s = f"{v:.2f}" if isinstance(v, float) else str(v)
        return s + "元"
    if isinstance(v, float):
        return repr(v)
    return str(v)
