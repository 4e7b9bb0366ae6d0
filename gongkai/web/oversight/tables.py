"""The three statutory tables laid out as the official form prints them, as plain data for templates.

Each table is a list of rows; a row is a list of header or label items ({"text", "colspan", "rowspan"})
and cell items ({"cell": {...}}). Templates escape every text; nothing here is marked safe.
"""
from __future__ import annotations

import json

from gongkai.spec import loader as spec

STATUS_LABELS = {"read": "已读取", "blank": "空白", "inferred": "推算", "ambiguous": "有歧义", "missing": "缺失"}


def show_value(value, status: str) -> str:
    if status == "blank":
        return ""
    if status == "ambiguous":
        return "？"
    if value is None:
        return "—"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def cell_item(cell_id: str, cells: dict, fmt: str, flagged: dict) -> dict:
    c = cells.get(cell_id) or {"value": None, "status": "missing", "raw": None, "at": None}
    status = c.get("status") or "missing"
    return {"cell": {
        "id": cell_id, "label": spec.cell_label(cell_id, fmt), "text": show_value(c.get("value"), status),
        "status": status, "status_label": STATUS_LABELS.get(status, status),
        "raw": c.get("raw") or "", "at": json.dumps(c.get("at"), ensure_ascii=False) if c.get("at") else "",
        "candidates": "、".join(str(x) for x in c.get("candidates") or []),
        "derivation": c.get("derivation") or "",
        "findings": flagged.get(cell_id, []),
    }}


def _h(text, colspan=1, rowspan=1, cls=""):
    return {"text": text, "colspan": colspan, "rowspan": rowspan, "cls": cls}


def active_table(cells, fmt, flagged):
    t = spec.spec()["tables"]["active"][fmt]
    rows, last_cols = [], None
    for key in spec.rows_of("active", fmt):
        cols = spec.columns_of("active", fmt, key)
        if cols != last_cols:
            rows.append([_h("信息内容", cls="head")] + [_h(t["columns"][key][c], cls="head") for c in cols])
            last_cols = cols
        rows.append([_h(t["rows"][key]["label"], cls="label")] + [cell_item(f"active.{key}.{c}", cells, fmt, flagged) for c in cols])
    return rows


def requests_table(cells, fmt, flagged):
    t = spec.spec()["tables"]["requests"]
    colnames = t["columns"]
    rows = [
        [_h("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3, "head"), _h("申请人情况", 7, 1, "head")],
        [_h(colnames["natural_person"], 1, 2, "head"), _h("法人或其他组织", 5, 1, "head"), _h(colnames["total"], 1, 2, "head")],
        [_h(colnames[c], cls="head") for c in ("commercial", "research", "public_interest", "legal_services", "other_org")],
    ]
    keys = spec.rows_of("requests", fmt)
    outcome = [k for k in keys if k not in ("new", "carried_in", "carried_out")]
    labels = {}
    for k in keys:
        v = t["rows"][k]
        labels[k] = v["label"] if isinstance(v, dict) else v
    groups = {}
    for k in outcome:
        head, _, sub = labels[k].partition(" ")
        groups[k] = (head, sub)
    counts = {}
    for k in outcome:
        if groups[k][1]:
            counts[groups[k][0]] = counts.get(groups[k][0], 0) + 1
    seen, first_outcome = set(), True
    for k in keys:
        row = []
        if k in ("new", "carried_in", "carried_out"):
            row.append(_h(labels[k], 3, 1, "label"))
        else:
            if first_outcome:
                row.append(_h("三、本年度办理结果", 1, len(outcome), "label"))
                first_outcome = False
            head, sub = groups[k]
            if not sub:
                row.append(_h(head, 2, 1, "label"))
            else:
                if head not in seen:
                    row.append(_h(head, 1, counts[head], "label"))
                    seen.add(head)
                row.append(_h(sub, cls="label"))
        row += [cell_item(f"requests.{k}.{c}", cells, fmt, flagged) for c in spec.columns_of("requests", fmt, k)]
        rows.append(row)
    return rows


def review_table(cells, fmt, flagged):
    t = spec.spec()["tables"]["review"]
    cols = spec.columns_of("review", fmt, "reconsideration")
    col_heads = [_h(t["columns"][c], cls="head") for c in cols]
    return [
        [_h("行政复议", 5, 2, "head"), _h("行政诉讼", 10, 1, "head")],
        [_h("未经复议直接起诉", 5, 1, "head"), _h("复议后起诉", 5, 1, "head")],
        col_heads * 3,
        [cell_item(f"review.{r}.{c}", cells, fmt, flagged) for r in ("reconsideration", "suit_direct", "suit_after") for c in cols],
    ]


def layout(data: dict, flagged: dict) -> list[dict]:
    fmt = (data.get("meta") or {}).get("format") or "2021"
    if fmt not in spec.FORMATS:
        fmt = "2021"
    cells = data.get("cells") or {}
    tables = spec.spec()["tables"]
    out = [
        {"key": "active", "title": "（一）" + tables["active"]["title"], "rows": active_table(cells, fmt, flagged)},
        {"key": "requests", "title": "（二）" + tables["requests"]["title"], "rows": requests_table(cells, fmt, flagged)},
        {"key": "review", "title": "（三）" + tables["review"]["title"], "rows": review_table(cells, fmt, flagged)},
    ]
    for t in out:
        t["html"] = table_html(t["rows"])
    return out


def label_of(cell_id: str) -> str:
    """The Chinese label of a cell id in whichever format has it; the id itself if none does."""
    for fmt in spec.FORMATS:
        if cell_id in spec.cell_ids(fmt):
            return spec.cell_label(cell_id, fmt)
    return cell_id


def table_html(rows: list) -> str:
    """The rows as <tr> markup. Built here rather than in a template loop (10x faster for ~200 cells);
    every text goes through html.escape, so document text can never become markup."""
    from html import escape
    from django.utils.safestring import mark_safe
    out = []
    for row in rows:
        out.append("<tr>")
        for it in row:
            c = it.get("cell")
            if c is None:
                out.append(f'<th class="{it["cls"]}" colspan="{it["colspan"]}" rowspan="{it["rowspan"]}">{escape(it["text"])}</th>')
                continue
            cls = f"st-{c['status']}" + (" flagged" if c["findings"] else "")
            title = f"{c['label']}｜{c['status_label']}" + (f"｜原文：{c['raw']}" if c["raw"] else "")
            out.append(
                f'<td class="{escape(cls)}" data-cell="{escape(c["id"])}" data-label="{escape(c["label"])}" '
                f'data-status="{escape(c["status_label"])}" data-raw="{escape(c["raw"])}" data-at="{escape(c["at"])}" '
                f'data-candidates="{escape(c["candidates"])}" data-derivation="{escape(c["derivation"])}" '
                f'title="{escape(title)}">{escape(c["text"])}</td>')
        out.append("</tr>\n")
    return mark_safe("".join(out))
