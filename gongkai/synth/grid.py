"""The three tables of a report as grids of the official template (rowspan/colspan as in the notice).

Every layout starts from these grids: HTML prints them as they are, text layouts flatten them.
Labels pass through a `label` function so a layout can print variants or OCR noise.
"""
from __future__ import annotations

from dataclasses import dataclass

from .. import spec

NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
OUTCOME_BLOCK = "三、本年度办理结果"


@dataclass
class G:
    text: str
    kind: str  # head | label | value
    colspan: int = 1
    rowspan: int = 1
    cell: str | None = None  # the cell id of a value
    group: bool = False  # a label spanning several data rows (三、本年度办理结果, （三）不予公开, ...)


def _same(x):
    return x


def active_grid(report, label=_same) -> list[list[G]]:
    fmt = report.format
    t = spec.spec()["tables"]["active"][fmt]
    rows: list[list[G]] = []
    last_item = None
    for row in spec.rows_of("active", fmt):
        item = t["rows"][row]["item"]
        cols = spec.columns_of("active", fmt, row)
        spans = {1: [3], 2: [1, 2], 3: [1, 1, 1]}[len(cols)]
        if item != last_item:
            rows.append([G(label(item), "head", colspan=4)])
            rows.append([G(label("信息内容"), "head")] + [G(label(t["columns"][row][c]), "head", colspan=s) for c, s in zip(cols, spans)])
            last_item = item
        cells = [G(label(t["rows"][row]["label"]), "label")]
        for c, s in zip(cols, spans):
            cid = f"active.{row}.{c}"
            cells.append(G(report.printed[cid], "value", colspan=s, cell=cid))
        rows.append(cells)
    return rows


def _split_label(text: str) -> tuple[str | None, str]:
    """'（三）不予公开 1.属于国家秘密' -> ('（三）不予公开', '1.属于国家秘密')."""
    if " " in text:
        group, sub = text.split(" ", 1)
        return group, sub
    return None, text


def requests_grid(report, label=_same) -> list[list[G]]:
    fmt = report.format
    t = spec.spec()["tables"]["requests"]
    cols = t["columns"]
    rows = [
        [G(label(NOTE), "head", colspan=3, rowspan=3), G(label("申请人情况"), "head", colspan=7)],
        [G(label(cols["natural_person"]), "head", rowspan=2), G(label("法人或其他组织"), "head", colspan=5),
         G(label(cols["total"]), "head", rowspan=2)],
        [G(label(cols[c]), "head") for c in ("commercial", "research", "public_interest", "legal_services", "other_org")],
    ]
    keys = spec.rows_of("requests", fmt)
    outcome_keys = [k for k in keys if k not in ("new", "carried_in", "carried_out")]
    groups: dict[str, list[str]] = {}
    for k in outcome_keys:
        raw = t["rows"][k]
        text = raw["label"] if isinstance(raw, dict) else raw
        g, _ = _split_label(text)
        if g:
            groups.setdefault(g, []).append(k)
    seen_groups: set[str] = set()
    for k in keys:
        raw = t["rows"][k]
        text = raw["label"] if isinstance(raw, dict) else raw
        cells: list[G] = []
        if k in ("new", "carried_in", "carried_out"):
            cells.append(G(label(text), "label", colspan=3))
        else:
            if k == outcome_keys[0]:
                cells.append(G(label(OUTCOME_BLOCK), "label", rowspan=len(outcome_keys), group=True))
            g, sub = _split_label(text)
            if g:
                if g not in seen_groups:
                    cells.append(G(label(g), "label", rowspan=len(groups[g]), group=True))
                    seen_groups.add(g)
                cells.append(G(label(sub), "label"))
            else:
                cells.append(G(label(text), "label", colspan=2))
        for c in spec.columns_of("requests", fmt, k):
            cid = f"requests.{k}.{c}"
            cells.append(G(report.printed[cid], "value", cell=cid))
        rows.append(cells)
    return rows


def review_grid(report, label=_same) -> list[list[G]]:
    t = spec.spec()["tables"]["review"]
    leaves = [t["columns"][c] for c in ("upheld", "corrected", "other", "pending", "total")]
    rows = [
        [G(label("行政复议"), "head", colspan=5), G(label("行政诉讼"), "head", colspan=10)],
        [G(label(x), "head", rowspan=2) for x in leaves]
        + [G(label("未经复议直接起诉"), "head", colspan=5), G(label("复议后起诉"), "head", colspan=5)],
        [G(label(x), "head") for x in leaves * 2],
    ]
    values = []
    for row in spec.rows_of("review", report.format):
        for c in ("upheld", "corrected", "other", "pending", "total"):
            cid = f"review.{row}.{c}"
            values.append(G(report.printed[cid], "value", cell=cid))
    rows.append(values)
    return rows


GRIDS = {"active": active_grid, "requests": requests_grid, "review": review_grid}


def expand(grid: list[list[G]]) -> list[list[G | None]]:
    """The grid with every position filled: a spanned position holds None."""
    out: list[list] = []
    pending: dict[tuple[int, int], bool] = {}
    for ri, row in enumerate(grid):
        line: list = []
        ci = 0
        queue = list(row)
        while queue or pending.get((ri, ci)):
            if pending.pop((ri, ci), False):
                line.append(None)
                ci += 1
                continue
            g = queue.pop(0)
            line.append(g)
            for dr in range(g.rowspan):
                for dc in range(g.colspan):
                    if dr or dc:
                        pending[(ri + dr, ci + dc)] = True
            ci += 1
            for _ in range(g.colspan - 1):
                pending.pop((ri, ci), None)
                line.append(None)
                ci += 1
        out.append(line)
    return out
