"""Print a checked report (the contract dict) readably in the terminal with Rich."""
from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from . import spec

SEVERITY_STYLE = {"error": ("错误", "bold red"), "warning": ("警告", "yellow"), "info": ("提示", "cyan")}
COLUMN_SHORT = {"natural_person": "自然人", "commercial": "商业企业", "research": "科研机构",
                "public_interest": "社会公益", "legal_services": "法律服务", "other_org": "其他", "total": "总计"}


def cell_text(cell: dict | None) -> Text:
    """A cell as shown: read plain, blank ·, inferred in cyan with ~, ambiguous ? with candidates."""
    if not cell:
        return Text("—", style="red")
    status, value = cell.get("status"), cell.get("value")
    if status == "read":
        return Text(_fmt(value))
    if status == "blank":
        return Text("·", style="dim")
    if status == "inferred":
        return Text(f"~{_fmt(value)}", style="cyan")
    if status == "ambiguous":
        cands = cell.get("candidates") or []
        shown = "/".join(_fmt(c) for c in cands[:3]) + ("…" if len(cands) > 3 else "")
        return Text(f"?{shown}" if shown else "?", style="yellow")
    return Text("—", style="red")


def _fmt(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        # exactly as read (18651.06, 5949.088667), never rounded to a few digits as :g would
        return str(int(v)) if v.is_integer() and abs(v) < 1e16 else repr(v)
    return str(v)


def _row_label(table: str, row: str, fmt: str) -> str:
    first_column = spec.columns_of(table, fmt, row)[0]
    return spec.cell_label(f"{table}.{row}.{first_column}", fmt).split("·")[0]


def print_report(con: Console, d: dict, tables: bool = True) -> None:
    meta = d.get("meta") or {}
    source = (d.get("source") or {}).get("name", "")
    title = meta.get("title") or meta.get("agency") or source
    con.rule(Text(str(title), style="bold"))
    facts = [f"文件 {source}", f"年度 {meta.get('year') or '?'}", f"格式 {meta.get('format') or '未识别'}",
             f"发布 {meta.get('published') or '未知'}"]
    if meta.get("agency"):
        facts.insert(1, f"机关 {meta['agency']}")
    con.print("  ".join(facts), style="dim")
    cells = d.get("cells") or {}
    fmt = meta.get("format")
    if tables and fmt and cells:
        _print_tables(con, cells, fmt)
    findings = d.get("findings") or []
    if not findings:
        con.print(Text("未发现问题", style="green"))
    for f in findings:
        label, style = SEVERITY_STYLE.get(f.get("severity"), (f.get("severity"), ""))
        line = Text()
        line.append(f"[{label}] ", style=style)
        line.append(f"{f.get('rule')}  ", style="bold")
        line.append(f.get("message", ""))
        con.print(line)
    con.print()


def _print_tables(con: Console, cells: dict, fmt: str) -> None:
    con.print(Text("表一 主动公开政府信息情况", style="italic"), justify="center")
    for row in spec.rows_of("active", fmt):
        line = Text(f"{_row_label('active', row, fmt)}：")
        for c in spec.columns_of("active", fmt, row):
            line.append(f"  {spec.cell_label(f'active.{row}.{c}', fmt).split('·')[1]} ", style="dim")
            line.append_text(cell_text(cells.get(f"active.{row}.{c}")))
        con.print(line, no_wrap=False)
    t2 = Table(title="表二 收到和处理政府信息公开申请情况", box=None, pad_edge=False)
    t2.add_column("")
    cols = spec.columns_of("requests", fmt, "new")
    for c in cols:
        t2.add_column(COLUMN_SHORT[c], justify="right")
    for row in spec.rows_of("requests", fmt):
        label = _row_label("requests", row, fmt)
        t2.add_row(Text(label[:18] + ("…" if len(label) > 18 else "")),
                   *[cell_text(cells.get(f"requests.{row}.{c}")) for c in cols])
    con.print(t2)
    t3 = Table(title="表三 政府信息公开行政复议、行政诉讼情况", box=None, pad_edge=False)
    t3.add_column("")
    parts = ("upheld", "corrected", "other", "pending", "total")
    for p, name in zip(parts, ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")):
        t3.add_column(name, justify="right")
    for g, name in (("reconsideration", "行政复议"), ("suit_direct", "未经复议直接起诉"), ("suit_after", "复议后起诉")):
        t3.add_row(name, *[cell_text(cells.get(f"review.{g}.{p}")) for p in parts])
    con.print(t3)
    con.print(Text("· 空白  ~ 由勾稽关系推得  ? 多种读法  — 缺失", style="dim"))
