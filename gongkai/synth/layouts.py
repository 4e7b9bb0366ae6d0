"""Render a SyntheticReport to bytes in each layout real reports come in.

    data, name = render(report, "crawler", random.Random(3))
    data, name, notes = render_with_notes(report, "crawler", rng)
    # notes["uncertain"]: cells whose digits have several readings; notes["hinted"]: cells whose
    # single reading needs a sign (+12, -3) as a cell boundary

Layouts: crawler (Pingtan crawler .txt, body on one line, digits run together), cells (one cell
per line, web page copied as text), pipe (Markdown / pipe tables, sometimes in fragments),
columns (tab or space aligned), ocr (pipe or columns with OCR label noise), html (a government
web page with the official rowspan/colspan tables, UTF-8 or GBK, sometimes Word markup).

Adding a layout is one registration, e.g. for the renderers of gongkai.render (tried: both round-trip
exactly through gongkai.pipeline):

    register("docx", blanks=True)(lambda report, rng: (gongkai.render.render_docx(report.to_report()), "r.docx"))
    register("pdf", blanks=True)(lambda report, rng: (gongkai.render.render_pdf(report.to_report()), "r.pdf"))
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from html import escape
from importlib import resources
import datetime as dt
import inspect
import random
from typing import Callable

import yaml

from .. import spec
from . import split
from .grid import GRIDS, G, expand

SECTION_ORDER = ("overview", "active", "requests", "review", "problems", "other")
TABLE_OF_SECTION = {"active": "active", "requests": "requests", "review": "review"}


@dataclass(frozen=True)
class Layout:
    name: str
    render: Callable  # (report, rng) -> (bytes, filename) or (bytes, filename, notes)
    blanks: bool  # can print an empty cell
    exact: bool = True  # every printed cell can be read back exactly (crawler: only where the split is certain)


LAYOUTS: dict[str, Layout] = {}


def register(name: str, *, blanks: bool, exact: bool = True):
    def add(fn):
        LAYOUTS[name] = Layout(name, fn, blanks, exact)
        return fn
    return add


# Optional noise a layout may add; render(..., quirks=...) limits it (e.g. to keep a known engine
# limitation out of a property test). "expand": merged cells printed as empty cells (table extractors).
# "fragments": a table interrupted by a paragraph (（续表）, a page number) and resumed.
# "run-signs": a signed 本年增/减 run into the digits before it in crawler text ("449-12 0").
QUIRKS = frozenset({"expand", "fragments", "run-signs"})


def render_with_notes(report, layout: str, rng: random.Random | None = None,
                      quirks=QUIRKS) -> tuple[bytes, str, dict]:
    lay = LAYOUTS[layout]
    if report.blanks and not lay.blanks:
        raise ValueError(f"layout {layout!r} cannot print a blank cell; generate with blanks=False")
    rng = rng or random.Random(0)
    if "quirks" in inspect.signature(lay.render).parameters:
        out = lay.render(report, rng, quirks=frozenset(quirks))
    else:
        out = lay.render(report, rng)
    if len(out) == 2:
        return out[0], out[1], {"uncertain": set(), "hinted": set()}
    return out


def render(report, layout: str, rng: random.Random | None = None, quirks=QUIRKS) -> tuple[bytes, str]:
    data, name, _ = render_with_notes(report, layout, rng, quirks)
    return data, name


# --- labels -----------------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def variants() -> dict:
    return yaml.safe_load(resources.files(__package__).joinpath("variants.yaml").read_text("utf-8"))


def variant_labeler(rng: random.Random, p: float, fmt: str):
    """Now and then print a label variant seen in real reports instead of the official label."""
    table = variants()["labels"]

    def label(text: str) -> str:
        options = table.get(text)
        if options and rng.random() < p:
            choice = rng.choice(options)
            if choice == "规范性文件" and fmt == "2019":
                return text
            return choice
        return text
    return label


def ocr_labeler(rng: random.Random, fmt: str):
    """Label noise of an OCR pass: spaces inside words, 其它/钩稽, ASCII punctuation. Never digits."""
    base = variant_labeler(rng, 0.2, fmt)
    noise = variants()["ocr"]
    ascii_punct = rng.random() < 0.6

    def label(text: str) -> str:
        text = base(text)
        for a, b in noise["swaps"].items():
            if a in text and rng.random() < 0.4 and not (a == "行政规范性文件" and fmt == "2019"):
                text = text.replace(a, b)
        if ascii_punct:
            for a, b in noise["punctuation"].items():
                text = text.replace(a, b)
        if len(text) > 3 and rng.random() < 0.3:  # a space inside the words, never inside a number
            positions = [i for i in range(1, len(text)) if not (text[i - 1].isdigit() or text[i].isdigit() or text[i - 1] in ".")]
            if positions:
                i = rng.choice(positions)
                text = text[:i] + " " + text[i:]
        return text
    return label


# --- shared pieces ---------------------------------------------------------------------------------
def heading(key: str, rng: random.Random) -> str:
    """The official heading, or now and then a wording real reports use (variants.yaml)."""
    options = variants().get("headings", {}).get(key)
    if options and rng.random() < 0.2:
        return rng.choice(options)
    return spec.SECTIONS[key]


def cn_date(iso: str) -> str:
    d = dt.date.fromisoformat(iso)
    return f"{d.year}年{d.month}月{d.day}日"


def paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n") if p.strip()]


def body_blocks(report):
    """The body in reading order: ("p", text) paragraphs and ("table", name) tables."""
    blocks = [("p", report.extras["intro"])]
    for key in SECTION_ORDER:
        if key not in report.sections:
            continue
        blocks.append(("h", key))
        table = TABLE_OF_SECTION.get(key)
        if table and report.extras.get("missing_table") != table:
            blocks.append(("table", table))
        blocks.extend(("p", p) for p in paragraphs(report.sections[key]))
    blocks.append(("sign", report.meta["agency"]))
    blocks.append(("sign", cn_date(report.meta["signed"])))
    return blocks


def text_rows(grid: list[list[G]], style: str, rng: random.Random) -> list[list[str]]:
    """A grid as rows of cell texts.

    style "expand": the full grid, a spanned position printed as an empty cell (what table
    extractors give for merged cells); "first": each cell once, in the row where it starts;
    "repeat": a label spanning rows repeated on each of them; "merge": a row's labels joined into
    one cell.
    """
    if style == "expand":
        return [[("" if g is None else g.text) for g in row] for row in expand(grid)]
    out: list[list[str]] = []
    active: list[tuple[G, int]] = []  # group labels spanning the rows below
    for row in grid:
        active = [(g, left - 1) for g, left in active if left > 1]
        carried = [g.text for g, _ in active] if style in ("repeat", "merge") and row and row[0].kind != "head" else []
        texts = [g.text for g in row]
        for g in row:
            if g.group and g.rowspan > 1:
                active.append((g, g.rowspan))
        if style == "merge" and row and row[0].kind == "label":
            labels = carried + [g.text for g in row if g.kind == "label"]
            values = [g.text for g in row if g.kind == "value"]
            # the outer block label reads badly merged into every row; keep the group label only
            labels = [x for x in labels if "本年度办理结果" not in x.replace(" ", "")] or labels
            out.append([" ".join(labels)] + values)
        else:
            out.append(carried + texts)
    return out


# --- crawler ------------------------------------------------------------------------------------------
SHAPE = {"change": "signed", "amount": "money"}


def _shapes(cids: list[str]) -> list[str]:
    shapes = []
    for cid in cids:
        col = cid.rsplit(".", 1)[1]
        shape = SHAPE.get(col, "count")
        if cid == "active.fees.amount":
            shape = "decimal"
        shapes.append(shape)
    return shapes


def _relation(cids: list[str]):
    if cids and cids[0].startswith("requests.") and len(cids) == 7:
        return split.row_sum
    if cids and cids[0].startswith("review."):
        return split.group_sums
    return None


def _join_values(report, cids: list[str], habit: str, rng: random.Random, careful: bool,
                 quirks=QUIRKS) -> tuple[str, bool]:
    """The digits of one row as the crawler prints them, and whether a reader can split them exactly."""
    texts = [report.printed[c] for c in cids]
    truth = tuple(report.cells[c] for c in cids)
    shapes, relation = _shapes(cids), _relation(cids)
    gaps = len(texts) - 1
    if habit == "run":
        spaced = set()
    elif habit == "spaced":
        spaced = set(range(gaps))
    else:
        spaced = {i for i in range(gaps) if rng.random() < 0.5}
    if "run-signs" not in quirks:
        spaced |= {i for i in range(gaps) if texts[i + 1][:1] in "+-－"}

    def joined():
        return "".join(t + (" " if i in spaced else "") for i, t in enumerate(texts))

    ok = split.certain(joined(), shapes, truth, relation)
    while careful and not ok and len(spaced) < gaps:
        spaced.add(rng.choice([i for i in range(gaps) if i not in spaced]))
        ok = split.certain(joined(), shapes, truth, relation)
    return joined(), ok


def _crawler_table(report, table: str, rng, habit, careful, uncertain: set, hinted: set, quirks=QUIRKS) -> str:
    grid = GRIDS[table](report, variant_labeler(rng, 0.1, report.format))
    parts: list[str] = []
    repeat_block = rng.random() < 0.15  # 004: 三、本年度办理结果 printed again before （四）无法提供
    for row in grid:
        labels = [g.text for g in row if g.kind != "value"]
        if repeat_block and labels and labels[0].startswith("（四）"):
            labels.insert(0, "三、本年度办理结果")
        cids = [g.cell for g in row if g.kind == "value"]
        parts.append("".join(labels))
        if cids:
            text, ok = _join_values(report, cids, habit, rng, careful, quirks)
            if not ok:
                uncertain.update(cids)
            if any(ch in text for ch in "+-－"):  # the split depends on a sign as a boundary
                hinted.update(cids)
            parts.append(text)
    return "".join(parts)


@register("crawler", blanks=False, exact=False)
def crawler(report, rng: random.Random, quirks=QUIRKS):
    meta, a = report.meta, report.extras["agency"]
    pub = dt.date.fromisoformat(meta["published"])
    doc_id = rng.randint(60000, 120000)
    path = f"zwgk/zfxxgk/zfxxgknb/{pub:%Y%m}"
    header = [
        f"标题: {meta['title']}",
        f"发布时间: {meta['published']} {report.extras['published_time']}",
        "文号: ",
        f"发布机构: {a['name'] if rng.random() < 0.4 else ''}",
        "栏目: 政府信息公开年报",
        f"原文链接: https://{a['domain']}/{path}/t{pub:%Y%m%d}_{doc_id}.htm",
        f"本地目录: {path}/{doc_id}_{meta['title']}",
        "页面链接与图片详见 links.tsv(同目录)",
        "==================== 正文 ====================",
    ]
    habit = rng.choices(["run", "partial", "spaced"], [0.6, 0.25, 0.15])[0]
    careful = rng.random() < 0.9  # mostly unambiguous; sometimes a row is left as the page had it
    uncertain: set[str] = set()
    hinted: set[str] = set()  # cells of rows whose split needs a sign as a boundary
    sep = rng.choice(["", "", " "])
    body = [f"当前位置： 首页政务公开政府信息公开政府信息公开年报 {meta['title']} 来源：{a['name']} "
            f"时间：{meta['published']} {report.extras['published_time']} 微信 微博 QQ空间 全真版 文字版 文件下载 相关链接： -->"]
    for kind, value in body_blocks(report):
        if kind == "h":
            body.append(heading(value, rng))
        elif kind == "table":
            body.append(_crawler_table(report, value, rng, habit, careful, uncertain, hinted, quirks))
        elif kind == "sign":
            body.append(" " + value)
        else:
            body.append(value)
    text = "\n".join(header) + "\n" + sep.join(body) + " 附件下载\n"
    return text.encode("utf-8"), f"synth-{meta['year']}-crawler.txt", {"uncertain": uncertain, "hinted": hinted}


# --- cells: one cell per line -------------------------------------------------------------------------
@register("cells", blanks=False)
def cells_layout(report, rng: random.Random):
    meta, a = report.meta, report.extras["agency"]
    label = variant_labeler(rng, 0.1, report.format)
    when = f"{meta['published']} {report.extras['published_time']}"
    lines = [f"欢迎访问{a['county']}人民政府!", "登录/注册 用户中心 支持IPV6", meta["title"],
             "发布时间:", when, "信息来源:", a["name"], "分享到:"]
    for kind, value in body_blocks(report):
        if kind == "h":
            lines.append(heading(value, rng))
        elif kind == "table":
            for row in GRIDS[value](report, label):
                for g in row:
                    if g.kind == "head" and len(g.text) == 4 and rng.random() < 0.5:
                        lines.extend([g.text[:2], g.text[2:]])  # 商业/企业 broken over two lines
                    else:
                        lines.append(g.text)
        else:
            lines.append(value)
    lines += ["【打印本页】 【关闭窗口】", f"主办单位：{a['county']}人民政府办公室  网站标识码：{rng.randint(3501000000, 3599999999)}"]
    return "\n\n".join(lines).encode("utf-8") + b"\n", f"synth-{meta['year']}-cells.txt"


# --- pipe / columns / ocr ----------------------------------------------------------------------------
def _delimited(report, rng: random.Random, label, row_out, heading_out, para_out, styles, fragments: bool,
               quirks=QUIRKS) -> str:
    meta = report.meta
    styles = [s for s in styles if s != "expand" or "expand" in quirks]
    lines = [heading_out(meta["title"], 1), f"发布日期：{meta['published']}", ""]
    for kind, value in body_blocks(report):
        if kind == "h":
            lines += [heading_out(heading(value, rng), 2), ""]
        elif kind == "table":
            style = rng.choice(styles)
            rows = text_rows(GRIDS[value](report, label), style, rng)
            cut = None
            if fragments and "fragments" in quirks and value == "requests" and rng.random() < 0.5:
                cut = rng.randint(6, len(rows) - 3)
            for i, r in enumerate(rows):
                if i == cut:
                    lines += [""] + [para_out(rng.choice(["（续表）", "— 2 —", "第2页 共5页"]))] + [""]
                lines.extend(row_out(r, first=(i == 0 or i == cut)))
            lines.append("")
        else:
            lines += [para_out(value), ""]
    return "\n".join(lines) + "\n"


def _pipe(report, rng, label, quirks=QUIRKS):
    def row_out(r, first):
        out = ["| " + " | ".join(r) + " |"]
        if first:
            out.append("|" + "---|" * len(r))
        return out
    text = _delimited(report, rng, label, row_out, lambda t, n: "#" * n + " " + t, lambda t: t,
                      ["first", "repeat", "merge", "expand"], fragments=True, quirks=quirks)
    return text


def _columns(report, rng, label, tabs: bool, quirks=QUIRKS):
    def row_out(r, first):
        if tabs:
            return ["\t".join(r)]
        return ["  ".join(x.ljust(8) if i < len(r) - 1 else x for i, x in enumerate(r) if x != "").rstrip()]
    styles = ["first", "merge", "expand"] if tabs else ["first", "merge"]
    return _delimited(report, rng, label, row_out, lambda t, n: t, lambda t: t, styles, fragments=False, quirks=quirks)


@register("pipe", blanks=True)
def pipe(report, rng: random.Random, quirks=QUIRKS):
    text = _pipe(report, rng, variant_labeler(rng, 0.15, report.format), quirks)
    return text.encode("utf-8"), f"synth-{report.meta['year']}-pipe.{rng.choice(['md', 'txt'])}"


@register("columns", blanks=True)
def columns(report, rng: random.Random, quirks=QUIRKS):
    tabs = bool(report.blanks) or rng.random() < 0.5
    text = _columns(report, rng, variant_labeler(rng, 0.15, report.format), tabs, quirks)
    return text.encode("utf-8"), f"synth-{report.meta['year']}-columns.txt"


@register("ocr", blanks=True)
def ocr(report, rng: random.Random, quirks=QUIRKS):
    label = ocr_labeler(rng, report.format)
    if rng.random() < 0.6:
        text = _pipe(report, rng, label, quirks)
    else:
        text = _columns(report, rng, label, tabs=True, quirks=quirks)
    return text.encode("utf-8"), f"synth-{report.meta['year']}-ocr.txt"


# --- html ----------------------------------------------------------------------------------------------
def _cell_html(g: G, word: bool, rng: random.Random) -> str:
    attrs = ""
    if g.colspan > 1:
        attrs += f' colspan="{g.colspan}"'
    if g.rowspan > 1:
        attrs += f' rowspan="{g.rowspan}"'
    text = g.text
    if g.kind == "head" and len(text) == 4 and rng.random() < 0.3:
        inner = (f"<p>{escape(text[:2])}</p><p>{escape(text[2:])}</p>" if rng.random() < 0.5
                 else f"<p>{escape(text[:2])}<br/>{escape(text[2:])}</p>")
    elif g.kind != "value" and rng.random() < 0.2:
        inner = f"<p>{escape(text)}&nbsp;</p>"  # 016: a trailing no-break space after labels
    elif text == "":
        inner = "<p>&nbsp;</p>" if not word else "<p class=MsoNormal align=center><span lang=EN-US><o:p>&nbsp;</o:p></span></p>"
    elif word:
        inner = (f"<p class=MsoNormal align=center style='text-align:center'><span style='font-size:10.5pt;"
                 f"font-family:宋体;mso-bidi-font-family:宋体'>{escape(text)}<span lang=EN-US><o:p></o:p></span></span></p>")
    else:
        inner = f"<p>{escape(text)}</p>" if rng.random() < 0.8 else escape(text)
    style = (" style='border:solid windowtext 1.0pt;mso-border-alt:solid windowtext .5pt;padding:0cm 5.4pt 0cm 5.4pt'"
             if word else ' style="border-width: 1px; border-style: solid; border-color: rgb(0, 0, 0);"')
    return f"<td valign=\"center\"{attrs}{style}>{inner}</td>"


def _table_html(report, table: str, rng, word: bool, label) -> str:
    rows = GRIDS[table](report, label)
    cls = " class=MsoNormalTable" if word else ""
    out = [f'<table border="1" cellspacing="0" cellpadding="0"{cls} align="center" style="border-collapse: collapse;"><tbody>']
    for i, row in enumerate(rows):
        out.append(('<tr class="firstRow">' if i == 0 else "<tr>") + "".join(_cell_html(g, word, rng) for g in row) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


@register("html", blanks=True)
def html(report, rng: random.Random):
    meta, a = report.meta, report.extras["agency"]
    charset = rng.choice(["UTF-8", "UTF-8", "gbk", "GB2312"])
    word = rng.random() < 0.35
    label = variant_labeler(rng, 0.1, report.format)
    when = f"{meta['published']} {report.extras['published_time']}"
    p_style = ' style="text-indent: 2em; text-align: left;"' if not word else " class=MsoNormal style='text-indent:32.0pt;mso-char-indent-count:2.0'"
    spam = report.extras.get("spam")
    body: list[str] = []
    for kind, value in body_blocks(report):
        if kind == "h":
            body.append(f"<p{p_style}><strong>{escape(heading(value, rng))}</strong></p>")
        elif kind == "table":
            body.append(_table_html(report, value, rng, word, label))
        elif kind == "sign":
            body.append(f'<p style="text-align: right;">{escape(value)}</p>')
        elif spam and value.endswith(f"{spam[0]} {spam[1]}"):
            before = value[: -len(f"{spam[0]} {spam[1]}")]
            if before:
                body.append(f"<p{p_style}>{escape(before)}</p>")
            body.append(f'<div style="position:absolute;left:-9999px;top:-9999px"><a href="{spam[1]}" target="_blank">{escape(spam[0])}</a></div>')
        else:
            body.append(f"<p{p_style}>{escape(value)}</p>")
    nav = "".join(f'<td><a href="/{k}/">{n}</a></td>' for k, n in
                  [("", "首页"), ("zwgk", "政务公开"), ("bsfw", "办事服务"), ("hdjl", "互动交流"), ("zjxx", "走进" + a["county"])])
    prev_title = f"{a['short']}{meta['year'] - 1}年政府信息公开工作年度报告"
    page = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"{' xmlns:o="urn:schemas-microsoft-com:office:office"' if word else ''}>
<head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}" />
<meta name="ArticleTitle" content="{escape(meta['title'])}" />
<meta name="PubDate" content="{when}" />
<meta name="ContentSource" content="{escape(a['name'])}" />
<title>{escape(meta['title'])}_政府信息公开年报_{escape(a['county'])}人民政府</title>
<link rel="stylesheet" type="text/css" href="/images/style.css" />
<script type="text/javascript">var pageId = {rng.randint(10000, 99999)}; function share(){{return false;}}</script>
</head>
<body>
<table class="top" width="1000" border="0" cellspacing="0" cellpadding="0" align="center"><tr><td><img src="/images/logo.png" alt="{escape(a['county'])}人民政府" /></td><td class="search">站内搜索</td></tr></table>
<table class="nav" width="1000" border="0" cellspacing="0" cellpadding="0" align="center"><tr>{nav}</tr></table>
<table class="main" width="1000" border="0" cellspacing="0" cellpadding="0" align="center"><tr><td>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/zwgk/xxgknb/">政府信息公开年报</a></div>
<table class="info" width="100%" border="0"><tr><td>索引号：{rng.randint(100000, 999999)}/{meta['year'] + 1}-{rng.randint(10, 999):05d}</td><td>发布机构：{escape(a['name'])}</td></tr>
<tr><td>发布时间：{when}</td><td>浏览次数：{rng.randint(10, 5000)}</td></tr></table>
<h1 class="title">{escape(meta['title'])}</h1>
<div class="article"><div class="TRS_Editor">{''.join(body)}</div></div>
<div class="prevnext"><p>上一篇：<a href="/zwgk/xxgknb/{rng.randint(1000, 9999)}.htm">{escape(prev_title)}</a></p></div>
</td></tr></table>
<div class="footer"><p>主办单位：{escape(a['county'])}人民政府办公室　地址：{escape(a['county'])}人民路1号　邮编：{a['postcode']}</p>
<p>网站标识码：{rng.randint(3501000000, 3599999999)}　<a href="https://beian.miit.gov.cn/">闽ICP备{rng.randint(10000000, 99999999)}号</a></p></div>
</body>
</html>
"""
    enc = "gbk" if charset.lower() in ("gbk", "gb2312") else "utf-8"
    data = page.encode(enc, errors="xmlcharrefreplace")
    if enc == "utf-8" and rng.random() < 0.2:
        data = b"\xef\xbb\xbf" + data  # saved with a byte-order mark
    return data, f"synth-{meta['year']}.{rng.choice(['html', 'htm'])}"
