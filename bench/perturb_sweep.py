"""Change the real reports with keys in ways that keep every value, read them back and score them
against the same keys (a probe, not a test and not a benchmark).

    .venv/bin/python bench/perturb_sweep.py                         # every variant, every page
    .venv/bin/python bench/perturb_sweep.py --variants split-repeat,gbk --only 051 --keep /tmp/p

The pages we have come from a few sites; reports we have not seen differ in the markup and bytes
around the same tables. Each variant here is one such difference seen on government sites, made
on the real HTML pages (tables split where Word breaks a page, Word's markup in every cell, a
layout table around the whole article, spacer rows, an empty extra column, <th> header cells,
full-width digits, values padded with &nbsp;, GBK bytes) or on the real text files (CRLF line
ends, a blank line after every line, indented lines, page headers and form feeds, GBK, UTF-16,
characters OCR read as look-alikes: 中请 for 申请, 夏议 for 复议).
The values do not change, so the key of the original is the key of the variant; every miss is
printed. A miss found here is fixed in general code with a test of its own.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from sweep_tally import new_totals, print_totals, read_and_record  # noqa: E402
from tests.corpus_score import CORPUS, PROBE, pairs  # noqa: E402

HTML_VARIANTS = ("split-repeat", "split-plain", "word-markup", "layout-wrap", "spacer-rows", "spacer-cells", "extra-column",
                 "th-headers", "fullwidth-digits", "nbsp-pad", "gbk", "br-labels", "spaced-labels",
                 "unit-suffix", "comma-thousands")
TEXT_VARIANTS = ("crlf", "double-spaced", "indented", "page-breaks", "text-gbk", "utf16", "ocr-chars")
# Characters OCR reads as a look-alike (scans copied out as text): every other one is changed.
_OCR_LOOKALIKES = {"申": "中", "已": "己", "复": "夏", "自": "白", "机": "杋", "请": "谓", "政": "玫",
                   "议": "仪", "予": "子", "于": "千", "开": "幵", "诉": "泝"}
_DIGITS = re.compile(r"\d")
_CJK_WORDS = re.compile(r"\s*[\u4e00-\u9fff]{4}")
_NUMBERING_OR_WORD = re.compile(r"\s*(?:\d+[.、．]|[（(][一二三四五六七八九十]+[)）]|[\u4e00-\u9fff/]{1,2})\s*$")


def _tree(data: bytes):
    from lxml import etree

    from gongkai.readers.html import _decode

    text, _ = _decode(data)
    return etree.fromstring(text.encode("utf-8"), etree.HTMLParser(encoding="utf-8"))


def _serialize(root, encoding: str = "utf-8") -> bytes:
    from lxml import etree

    return etree.tostring(root, method="html", encoding=encoding)


def _data_tables(root) -> list:
    """Tables holding no other table and at least one digit: the report's tables."""
    return [t for t in root.iter("table") if next(t.iterdescendants("table"), None) is None
            and _DIGITS.search("".join(t.itertext()))]


def _rows(table) -> list:
    return [tr for tr in table.iter("tr")]


def _split(root, repeat_header: bool) -> None:
    """Each table of more than 8 rows cut in two where no rowspan crosses the cut (Word's page break)."""
    import copy

    for table in _data_tables(root):
        rows = _rows(table)
        if len(rows) <= 8:
            continue
        reach = [0] * (len(rows) + 1)  # the last row a rowspan starting at or before row r covers
        for r, tr in enumerate(rows):
            for td in tr:
                try:
                    span = int(td.get("rowspan") or 1)
                except ValueError:
                    span = 1
                reach[r] = max(reach[r], r + span - 1)
        covered = 0
        cut = None
        for r in range(len(rows)):
            if r >= len(rows) // 2 and covered < r:
                cut = r
                break
            covered = max(covered, reach[r])
        if cut is None:
            continue
        second = copy.deepcopy(table)
        second.tail = None
        for tr in _rows(second)[:cut]:
            if not repeat_header or tr not in _rows(second)[:_header_rows(rows)]:
                tr.getparent().remove(tr)
        for tr in rows[cut:]:
            tr.getparent().remove(tr)
        gap = table.makeelement("p", {})
        gap.text = "\u00a0"
        table.addnext(gap)
        gap.addnext(second)


def _first_value_row(rows) -> int:
    """The index of the first row that holds a digit (len(rows) if none does)."""
    return next((r for r, tr in enumerate(rows) if _DIGITS.search("".join(tr.itertext()))), len(rows))


def _header_rows(rows) -> int:
    """Rows before the first that holds a digit (capped: a table of digits has a short header)."""
    first = _first_value_row(rows)
    return min(first, 3) if first < len(rows) else 0


def _nbsp_cell(tr, attrs: dict | None = None):
    """A new empty cell (&nbsp;) of row `tr`, not yet placed."""
    td = tr.makeelement("td", attrs or {})
    td.text = "\u00a0"
    return td


def _cells(root):
    for table in _data_tables(root):
        for tr in _rows(table):
            yield tr, [td for td in tr if td.tag in ("td", "th")]


def _word_markup(root) -> None:
    for _, tds in _cells(root):
        for td in tds:
            if len(td) or not (td.text or "").strip():
                continue
            p = td.makeelement("p", {"class": "MsoNormal", "align": "center", "style": "text-align:center"})
            span = p.makeelement("span", {"lang": "EN-US", "style": "font-size:10.5pt;font-family:宋体"})
            span.text, td.text = td.text, None
            p.append(span)
            td.append(p)


def _layout_wrap(root) -> None:
    body = root.find("body")
    if body is None:
        return
    outer = body.makeelement("table", {"width": "100%", "border": "0"})
    tr = outer.makeelement("tr", {})
    td = outer.makeelement("td", {"valign": "top"})
    outer.append(tr)
    tr.append(td)
    td.text, body.text = body.text, None
    for child in list(body):
        td.append(child)
    body.append(outer)


def _spacer_rows(root) -> None:
    for table in _data_tables(root):
        rows = _rows(table)
        width = max(sum(int(td.get("colspan") or 1) for td in tr if td.tag in ("td", "th")) for tr in rows)
        for tr in rows[4::5]:
            spacer = tr.makeelement("tr", {"style": "height:4px"})
            spacer.append(_nbsp_cell(spacer, {"colspan": str(width)}))
            tr.addnext(spacer)


def _spacer_cells(root) -> None:
    """A spacer row of separate empty cells, as many as the row after it has (a Word table's empty row):
    between the header and the first row of values, then before every fifth row."""
    for table in _data_tables(root):
        rows = _rows(table)
        for tr in rows[_first_value_row(rows)::5]:
            spacer = tr.makeelement("tr", {})
            spacer.extend(_nbsp_cell(spacer) for td in tr if td.tag in ("td", "th"))
            tr.addprevious(spacer)


def _extra_column(root) -> None:
    for tr, tds in _cells(root):
        if tds:
            tds[-1].addnext(_nbsp_cell(tr))


def _th_headers(root) -> None:
    for table in _data_tables(root):
        rows = _rows(table)
        for tr in rows[:_header_rows(rows)]:
            for td in tr:
                if td.tag == "td":
                    td.tag = "th"


_FULL = str.maketrans("0123456789", "０１２３４５６７８９")


def _text_nodes_of_cells(root, change) -> None:
    for _, tds in _cells(root):
        for td in tds:
            for el in td.iter():
                if el.text:
                    el.text = change(el.text)
                if el is not td and el.tail:
                    el.tail = change(el.tail)


_LABEL = re.compile(r"[\u4e00-\u9fff]")


def _label_cells(root):
    """Cells of the report's tables holding only their own text (no markup) with Chinese in it."""
    for _, tds in _cells(root):
        for td in tds:
            if len(td) == 0 and _LABEL.search(td.text or ""):
                yield td


def _br_labels(root) -> None:
    """Labels of four characters or more broken in the middle by a <br> (a narrow column in Word)."""
    for td in _label_cells(root):
        text = td.text.strip()
        if len(text) >= 4:
            br = td.makeelement("br", {})
            td.text, br.tail = text[:len(text) // 2], text[len(text) // 2:]
            td.append(br)


def _spaced_labels(root) -> None:
    """Short labels padded with a space between their characters (总  计, 行 政 许 可)."""
    for td in _label_cells(root):
        text = td.text.strip()
        if len(text) <= 6 and all(_LABEL.match(ch) for ch in text):
            td.text = "\u3000".join(text) if len(text) <= 2 else " ".join(text)


def _number_cells(root, change, tables=None) -> None:
    """Each count in the report's tables (a text node of digits only, inside any markup), changed."""
    for tr, tds in _cells(root):
        if tables is not None and next(tr.iterancestors("table")) not in tables:
            continue
        for td in tds:
            whole = "".join(td.itertext()).strip()
            if not whole.isdigit():
                continue
            for el in td.iter():  # the one text node holding the whole count (not 2 / 0 in two spans)
                if el.text and el.text.strip() == whole:
                    el.text = change(whole)
                    break
                if el is not td and el.tail and el.tail.strip() == whole:
                    el.tail = change(whole)
                    break


def _unit_suffix(root) -> None:
    """5件: a count written with its unit, in tables 2 and 3 (table 1 has amounts of money)."""
    _number_cells(root, lambda t: t + "件", set(_data_tables(root)[1:]))


def _gbk(root) -> bytes:
    for meta in root.iter("meta"):
        if meta.get("charset") or "charset" in (meta.get("content") or "").lower():
            meta.getparent().remove(meta)
    head = root.find("head")
    if head is not None:
        head.insert(0, head.makeelement("meta", {"http-equiv": "Content-Type", "content": "text/html; charset=gb2312"}))
    return _serialize(root, "gb18030")


_HTML_CHANGES = {
    "split-repeat": lambda root: _split(root, True),
    "split-plain": lambda root: _split(root, False),
    "word-markup": _word_markup,
    "layout-wrap": _layout_wrap,
    "spacer-rows": _spacer_rows,
    "spacer-cells": _spacer_cells,
    "extra-column": _extra_column,
    "th-headers": _th_headers,
    "fullwidth-digits": lambda root: _text_nodes_of_cells(root, lambda s: s.translate(_FULL)),
    "nbsp-pad": lambda root: _number_cells(root, lambda t: f"\u00a0\u00a0{t}\u00a0"),
    "gbk": _gbk,
    "br-labels": _br_labels,
    "spaced-labels": _spaced_labels,
    "unit-suffix": _unit_suffix,
    "comma-thousands": lambda root: _number_cells(root, lambda t: f"{int(t):,}"),  # 10,942
}


def perturb_html(variant: str, data: bytes) -> bytes:
    if variant not in _HTML_CHANGES:
        raise ValueError(variant)
    root = _tree(data)
    made = _HTML_CHANGES[variant](root)
    return made if isinstance(made, bytes) else _serialize(root)


def perturb_text(variant: str, data: bytes) -> bytes:
    from gongkai.readers.text import decode

    text, _ = decode(data)
    lines = text.split("\n")
    if variant == "crlf":
        return "\r\n".join(lines).encode("utf-8")
    if variant == "double-spaced":
        return "\n\n".join(lines).encode("utf-8")
    if variant == "indented":
        return "\n".join("\u3000\u3000" + line if line.strip() else line for line in lines).encode("utf-8")
    if variant == "page-breaks":
        # A page ends about every 40 lines, before a line of words (a row's label or prose), not
        # inside a row's label or between its values (pdftotext's text of a PDF).
        out = []
        pages = len(lines) // 40 + 1
        page = 1
        for i, line in enumerate(lines):
            if i >= 40 * page and _CJK_WORDS.match(line) and not _NUMBERING_OR_WORD.match(lines[i - 1]):
                out += [f"第 {page} 页 共 {pages} 页", "\f"]
                page += 1
            out.append(line)
        return "\n".join(out).encode("utf-8")
    if variant == "ocr-chars":
        seen = dict.fromkeys(_OCR_LOOKALIKES, 0)

        def lookalike(m: re.Match) -> str:
            seen[m[0]] += 1
            return _OCR_LOOKALIKES[m[0]] if seen[m[0]] % 2 == 0 else m[0]

        return re.sub(f"[{''.join(_OCR_LOOKALIKES)}]", lookalike, text).encode("utf-8")
    if variant == "text-gbk":
        return text.encode("gb18030")
    if variant == "utf16":
        return text.encode("utf-16")  # with its BOM, as Windows Notepad saves "Unicode"
    raise ValueError(variant)


def main(argv: list[str] | None = None) -> int:
    import argparse
    import tempfile

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--variants", default=",".join(HTML_VARIANTS + TEXT_VARIANTS))
    ap.add_argument("--only", default="", help="comma-separated prefixes of the files' names")
    ap.add_argument("--keep", default="", help="a folder to keep the files made (else a temporary one)")
    args = ap.parse_args(argv)
    variants = [v for v in args.variants.split(",") if v]
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="gongkai-perturb-"))
    work.mkdir(parents=True, exist_ok=True)
    totals = new_totals(variants)
    for corpus in (CORPUS, PROBE):
        for raw, gold in pairs({".html", ".htm", ".txt"}, corpus):
            if args.only and not any(raw.name.startswith(p) for p in args.only.split(",")):
                continue
            is_html = raw.suffix.lower() in (".html", ".htm")
            for variant in variants:
                if (variant in HTML_VARIANTS) != is_html:
                    continue
                data = (perturb_html if is_html else perturb_text)(variant, raw.read_bytes())
                read_and_record(totals, variant, raw.name, gold, data, raw.name, raw.suffix.lower(),
                                work / f"{raw.stem}.{variant}{raw.suffix}")
    print_totals(totals)
    print(f"\nfiles in {work}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
