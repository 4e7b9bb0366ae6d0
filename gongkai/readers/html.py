"""HTML reader: bytes -> Document, for saved government pages and report-body fragments.

- Script, style and similar elements, comments and the <head> never reach the body; <title> and
  <meta> (ArticleTitle, PubDate, ContentSource, Url ...) go to ``Document.header``, together with
  the publication date and source the page chrome shows (发布时间：…, 来源：…).
- The body is narrowed to the content container holding the report (TRS_Editor, zoom, article,
  content ...) when one holds all of the report's section headings; otherwise the whole <body>.
- Prose: each block element (p, div, h1-h6, li, ...) and each <br>-separated line is a one-cell row.
- Tables: every <tr> is a row with one cell per <td>/<th> as in the source (colspan/rowspan kept,
  spanned cells not repeated, ``&nbsp;`` cells are empty cells). A layout table (a cell holding
  another table or long prose) is not a data table: its content is read as blocks, in order.
- Hidden text (display:none, visibility:hidden, off-screen, <marquee>) is kept as prose rows with
  ``"hidden": True`` in ``at``, also outside the content container, so content checks see
  injected spam. Every <a> goes to ``Document.links``.

Provenance: ``{"table": t, "row": r, "cell": c}`` for table cells (0-based: table in document
order, <tr> within its table, <td>/<th> within its row), ``{"block": i}`` for prose.
"""
from __future__ import annotations

import html as html_lib
import re
from typing import Iterator

from lxml import etree

from ..document import FOOTNOTE_MARK, Cell, Document, Problem, Row, Source, cut_right_edge
from . import glyphs, text as plain

# never shown as text; and text struck out (<del>, <s>, <strike>: a revised figure's old value)
_DROP = ("script", "style", "noscript", "template", "xml", "svg", "object", "embed", "canvas", "iframe",
         "del", "s", "strike")
_BLOCK = frozenset("""address article aside blockquote body caption center dd details dialog dir div
    dl dt fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html legend li
    main marquee menu nav ol option p pre section summary table tbody td tfoot th thead tr ul""".split())
_BREAKS = frozenset(_BLOCK | {"br"})
# Whitespace, control characters and zero-width marks all count as space.
_SPACE = re.compile(r"[\s\x00-\x1f\x7f-\x9f\ufeff\u200b-\u200d\u2060]+")
_CONTAINER = re.compile(r"trs_editor|zoom|article|content|detail|main[-_]?text|zhengwen|news_?text|textbox", re.I)
# The same without re.I (slow to scan), over names folded as re.I folds them onto these ASCII letters,
# one pattern per word: each starts with a literal, which re finds fast (an alternation it scans
# character by character).
_CONTAINER_FOLDED = tuple(re.compile(word) for word in _CONTAINER.pattern.split("|"))
_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s"})  # and K (Kelvin), which lower() folds
_MAYBE_HIDDEN = etree.XPath(".//*[@style or @hidden] | .//marquee")
# Python work per element is what costs on a page of a thousand elements: these XPath paths hand
# over, from C, only the strings to test (libxml2 is slow on predicates: keep them simple), and
# the strings of each kind are tested at once, joined (see _containers, _hidden_elements).
_CLASS_AND_ID = etree.XPath("descendant::*/@class | descendant::*/@id")  # smart strings: .getparent()
_STYLES = etree.XPath("descendant::*/@style")
_HIDDEN_ATTRS = etree.XPath("descendant::*/@hidden")
_MARQUEES = etree.XPath("descendant::marquee")
# Found in a lowercased style wherever hidden_style finds it hiding (and in a few other styles); one
# pattern per way of hiding, as for _CONTAINER_FOLDED. A font size hides at zero only (0, 0.0, 0px).
_MAYBE_HIDING_STYLE = tuple(re.compile(p) for p in (
    r"display\s*:\s*none", r"visibility\s*:\s*hidden", r":\s*-", r"font-size\s*:\s*-?0+(?!\d)(?:\.0+(?!\d)|(?!\.\d))"))
# Every text node in document order: with adjacent text nodes merged (see _strip), the same
# strings as itertext(), without a Python step per element.
_TEXT_NODES = etree.XPath(".//text()", smart_strings=False)
_SECTIONS = ("总体情况", "主动公开政府信息", "收到和处理政府信息公开申请", "行政复议", "主要问题", "其他需要报告")
_WEAK_MARKERS = ("年度报告", "申请")
_META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_\-:.]+)""", re.I)
# <meta name=...> -> (header key, rank); lower rank wins.
_META_FIELDS = {
    "articletitle": ("title", 0), "og:title": ("title", 2), "title": ("title", 3),
    "pubdate": ("published", 1), "publishdate": ("published", 1), "publishtime": ("published", 1),
    "firstpublishedtime": ("published", 1), "article:published_time": ("published", 1),
    "dcterms.issued": ("published", 2), "dc.date": ("published", 2), "dcterms.created": ("published", 2),
    "contentsource": ("publisher", 1), "dc.publisher": ("publisher", 2), "publisher": ("publisher", 2),
    "url": ("url", 0), "og:url": ("url", 1),
}
_CHROME_LABEL = re.compile(
    r"(?:^|(?<=[\s•·|｜】\]）)>]))(发布时间|发布日期|发文日期|公开日期|日期|时间|发布机构|信息来源|来源)\s*[:：]")
_STRONG_DATE_LABELS = ("发布时间", "发布日期", "发文日期", "公开日期")
# A strong date label alone in its table cell, the date in the next (<td>公开日期</td><td>2024-01-17</td>).
_DATE_IN_NEXT_CELL = re.compile(r"[ \t]*\n\s*((?:19|20)\d{2}\s*[-年./]\s*\d{1,2}\s*[-月./]\s*\d{1,2}\s*日?)"
                                r"[ \t]*(?=\n|$)")
_CHROME_PATTERNS = [re.compile(rf"({end})\s*[:：]\s*([^\n]{{0,200}})") for end in ("时间", "日期", "来源", "机构")]
_PUBLISHER_END = re.compile(r"\s{2,}|(?:发布|发文)?(?:时间|日期)|浏览|点击|阅读|字号|【|\[|打印|分享|访问")
_CHROME_LABELS_BY_END = {
    "时间": ("发布时间", "时间"), "日期": ("发布日期", "发文日期", "公开日期", "日期"),
    "来源": ("信息来源", "来源"), "机构": ("发布机构",)}
_CJK_CHAR = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_PUBLISHER_RANK = {"发布机构": 0, "信息来源": 1, "来源": 3}


_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_TAGS = re.compile(r"<[^>]*>")
_SCRIPTS = re.compile(r"<(script|style|noscript|template)\b.*?</\1\s*>", re.S | re.I)
_LINE_TAGS = re.compile(r"<(?:br|/?(?:p|div|tr|li|h[1-6]|table))\b[^>]*>", re.I)
_CELL_TAGS = re.compile(r"</?t[dh]\b[^>]*>", re.I)
MAX_ROWS = 50_000  # a report has a few hundred rows; far more is not a report


class _TooManyRows(Exception):
    pass


def norm(s: str) -> str:
    """Whitespace-normalized text (&nbsp; and full-width spaces are whitespace)."""
    # Every character _SPACE matches but the plain space is unprintable: most cells ("12", "规章")
    # need no regex.
    if s.isprintable() and " " not in s:
        return s
    return _SPACE.sub(" ", s).strip()


def text_of(el) -> str:
    """All text inside `el` (not its tail), as one string."""
    if len(el) == 0:  # no children (comments and PIs are not parsed): its text is all there is
        return el.text or ""
    return etree.tostring(el, method="text", encoding="unicode", with_tail=False)


_SPAN = re.compile(r"\s*(\d+)")


def _span(value: str | None) -> int:
    if not value or value == "1":
        return 1
    m = _SPAN.match(value)
    return min(max(int(m.group(1)), 1), 1000) if m else 1


_OFFSET_PROPS = frozenset(("left", "top", "right", "text-indent", "margin-left", "margin-top"))
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def hidden_style(style: str) -> bool:
    """True when an inline style hides its element: display:none, visibility:hidden, far
    off-screen (left:-9999px), or font-size:0 — where injected spam is usually put."""
    for declaration in style.lower().split(";"):
        prop, _, value = declaration.partition(":")
        prop, value = prop.strip(), value.strip()
        if prop == "display":
            if value.startswith("none"):
                return True
        elif prop == "visibility":
            if value.startswith("hidden"):
                return True
        elif prop in _OFFSET_PROPS:
            if value.startswith("-"):
                m = _NUMBER.match(value)
                if m and float(m.group(0)) <= -500:
                    return True
        elif prop == "font-size":
            m = _NUMBER.match(value)
            if m and float(m.group(0)) == 0:
                return True
    return False


def _is_hidden(el) -> bool:
    if el.tag == "marquee" or el.get("hidden") is not None:
        return True
    style = el.get("style")
    if not style:
        return False
    low = style.lower()
    # Cheap test first: most styles (borders, fonts, widths) cannot hide anything.
    if "none" not in low and "hidden" not in low and ":-" not in low and ": -" not in low \
            and "font-size:0" not in low and "font-size: 0" not in low:
        return False
    return hidden_style(low)


def _owner_table(el):
    for anc in el.iterancestors("table"):
        return anc
    return None


def _flat(table) -> bool:
    """True when `table` holds no other table."""
    return next(table.iterdescendants("table"), None) is None


def _table_rows(table, flat: bool = False) -> list:
    """The <tr> of `table` itself, not of tables nested in it, in the order a browser shows them."""
    if flat:
        rows = list(table.iter("tr"))
    else:
        rows = [tr for tr in table.iterdescendants("tr") if _owner_table(tr) is table]
    foot = table.find("tfoot")
    if foot is not None and rows and rows[-1].getparent() is not foot:
        # a <tfoot> written before the body (HTML allows it) is shown after it: （七）总计 last
        rows = [tr for tr in rows if tr.getparent() is not foot] + [tr for tr in rows if tr.getparent() is foot]
    return rows


def _cells(tr) -> list:
    return [c for c in tr if c.tag in ("td", "th")]


_DIGIT_END = re.compile(r"[0-9.]$")
_DIGIT_START = re.compile(r"^[0-9.]")
_LAYOUT_BLOCKS = frozenset(("p", "div", "br", "li"))


_DIGIT_PAIR = re.compile(r"[0-9.]{2}")


def read_cell(cell) -> tuple[str, bool]:
    """(text, is_layout) of a table cell.

    Lines split by <br>/<p> inside the cell are joined with no separator ("商业<br>企业" reads
    商业企业), except between two digits, which must not run together. A cell holding another
    table, or long prose in several blocks, is page layout rather than a value."""
    if len(cell) == 0:
        return norm(cell.text or ""), False
    breaks = blocks = 0
    for el in cell.iterdescendants():
        tag = el.tag
        if tag in _BREAKS:
            breaks += 1
            if tag == "table":  # layout whatever its text (often the whole page): do not read it
                return "", True
            if tag in _LAYOUT_BLOCKS:
                blocks += 1
    if breaks <= 1:  # no line break inside (usually a single <p>)
        text = norm(text_of(cell))
    else:
        text = _joined_lines(cell)
    return text, blocks >= 3 and len(text) > 300


def _flat_cell_text(cell) -> str | None:
    """read_cell's text of a cell holding no table, when its text alone tells it (most cells);
    None when read_cell must look at the cell's elements.

    The lines joined (_joined_lines) make the whole text normalized whenever no space is left
    inside it and no two digits touch (a line break can only fall between two of its
    characters), and text this short is no layout. One child with no children of its own is at
    most one line break (and one block: no layout either)."""
    if len(cell) == 0:
        return norm(cell.text or "")
    text = norm(etree.tostring(cell, method="text", encoding="unicode", with_tail=False))
    if len(text) <= 300 and " " not in text and not _DIGIT_PAIR.search(text):
        return text
    if len(cell) == 1 and len(cell[0]) == 0:
        return text
    return None


def _row(cells: list, flat: bool, t: int, r: int) -> Row | None:
    """Row `r` of table `t` from its <td>/<th> cells, or None when one is a layout cell;
    `flat` when the table holds no other table."""
    row = []
    for c, cell in enumerate(cells):
        text = _flat_cell_text(cell) if flat else None
        if text is None:
            text, layout = read_cell(cell)
            if layout:
                return None
        colspan, rowspan = cell.get("colspan"), cell.get("rowspan")
        row.append(Cell(text, {"table": t, "row": r, "cell": c},
                        _span(colspan) if colspan else 1, _span(rowspan) if rowspan else 1))
    return Row(row, True, t)


def _joined_lines(cell) -> str:
    lines: list[str] = []
    buf: list[str] = []

    def boundary() -> None:
        if buf:
            line = norm("".join(buf))
            buf.clear()
            if line:
                if lines and _DIGIT_END.search(lines[-1]) and _DIGIT_START.match(line):
                    line = " " + line
                lines.append(line)

    for event, el in etree.iterwalk(cell, events=("start", "end")):
        tag = el.tag if isinstance(el.tag, str) else ""
        if event == "start":
            if tag in _BREAKS:
                boundary()
            if el.text and tag:
                buf.append(el.text)
        else:
            if tag in _BREAKS and tag != "br":
                boundary()
            if el.tail and el is not cell:
                buf.append(el.tail)
    boundary()
    return "".join(lines)


def _declared_charset(data: bytes) -> str | None:
    """The charset the page's XML declaration or <meta> names, as written."""
    head = data[:8192]
    m = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    return m.group(1).decode("ascii", "replace") if m else None


def _decode(data: bytes) -> tuple[str, str]:
    return plain.decode(data, _declared_charset(data))


class _Walker:
    """Turns a subtree into rows in document order (iteratively: deep pages must not recurse)."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.rows = doc.rows
        self.blocks = 0
        self.tables: dict = {}  # table element -> index, assigned at its first data row
        self.layout: dict = {}  # layout tables being walked into -> ({tr: row index}, flat)
        self.buf: list[str] = []
        self.hidden = 0
        self.last_edge = None  # the empty right edge of the last data table (its next piece may share it)
        self.pictures_after_text: list[str] = []  # pictures standing after text of the block not yet a row

    def flush(self) -> None:
        if not self.buf:
            return
        text = norm("".join(self.buf))
        self.buf.clear()
        if text:
            at = {"block": self.blocks}
            if self.hidden:
                at["hidden"] = True
            self.blocks += 1
            self.append(Row([Cell(text, at)], not plain.undelimited(text), None))
        if self.pictures_after_text:  # they stand after the block's row, which holds the text before them
            self.doc.images.extend((len(self.rows), src) for src in self.pictures_after_text)
            self.pictures_after_text.clear()

    def append(self, row: Row) -> None:
        if len(self.rows) >= MAX_ROWS:
            raise _TooManyRows
        self.rows.append(row)

    def table_index(self, table) -> int:
        if table not in self.tables:
            self.tables[table] = len(self.tables)
        return self.tables[table]

    def next_index(self, table) -> int:
        """The index `table` has, or gets at its first data row (see table_index)."""
        return self.tables.get(table, len(self.tables))

    def preformatted(self, pre) -> None:
        for row in plain.rows_of_lines(text_of(pre).split("\n")):
            if row.table is not None:
                row.table = self.table_index((pre, row.table))
            for cell in row.cells:
                cell.at = {"block": self.blocks, **cell.at}
                if self.hidden:
                    cell.at["hidden"] = True
            self.blocks += 1
            self.append(row)

    def picture(self, img) -> None:
        """Note where a visible picture stands (readers.images reads it when the tables are not text)."""
        src = img.get("src")
        if src and not self.hidden and not _is_hidden(img):
            if self.pictures_after_text or any(text.strip() for text in self.buf):
                # in the middle of a paragraph: after the text before it ("……情况如下：<img>"),
                # which becomes a row at the paragraph's end
                self.pictures_after_text.append(src.strip())
            else:
                self.doc.images.append((len(self.rows), src.strip()))

    def data_table(self, table) -> bool:
        """Emit `table` as data rows and return True, or return False for a layout table
        (remembered in self.layout, for the walk into it)."""
        flat = _flat(table)
        trs = _table_rows(table, flat)
        t = self.next_index(table)
        rows = []
        for r, tr in enumerate(trs):
            cells = _cells(tr)
            if not cells:
                continue
            row = _row(cells, flat, t, r)
            if row is None:
                self.layout[table] = ({tr: r for r, tr in enumerate(trs)}, flat)
                return False
            rows.append(row)
        for caption in table.findall("caption"):
            self.buf.append(text_of(caption))
            self.flush()
        for img in table.iter("img"):  # pictures in cells (a table laid out as pictures of it)
            self.picture(img)
        if rows:
            self.table_index(table)
            kept, self.last_edge = cut_right_edge(rows, self.last_edge)  # a next piece may share the edge
            for row in kept:
                if row.cells:
                    self.append(row)
        return True

    def layout_row(self, tr) -> bool:
        """Emit a row of a layout table that holds no layout cell, and return True."""
        owner = _owner_table(tr)
        if owner not in self.layout:
            return False
        row_index, flat = self.layout[owner]
        cells = _cells(tr)
        if not cells:
            return False
        row = _row(cells, flat, self.next_index(owner), row_index[tr])
        if row is None:
            return False
        self.flush()
        self.table_index(owner)
        self.append(row)
        return True

    def walk(self, root) -> None:
        buf = self.buf
        walker = etree.iterwalk(root, events=("start", "end"))
        hidden_stack = []
        for event, el in walker:
            tag = el.tag
            if not isinstance(tag, str):  # comment, processing instruction, entity
                if event == "end" and el.tail:
                    buf.append(el.tail)
                continue
            if event == "start":
                if tag in _WALK_SPECIAL:
                    if tag == "br":
                        self.flush()
                        continue
                    if tag == "pre":  # preformatted text keeps its lines: read them as plain text lines
                        self.flush()
                        self.preformatted(el)
                        walker.skip_subtree()
                        continue
                    if tag == "table":
                        self.flush()
                        if self.data_table(el):
                            walker.skip_subtree()
                        continue
                    if tag == "tr" and self.layout and self.layout_row(el):
                        walker.skip_subtree()
                        continue
                    if tag == "img":  # where a picture stands (report tables are often pictures)
                        self.picture(el)
                if _is_hidden(el):
                    self.flush()
                    self.hidden += 1
                    hidden_stack.append(el)
                elif tag in _BLOCK:
                    self.flush()
                text = el.text
                if text:
                    buf.append(text)
            else:
                if tag in _BLOCK or (hidden_stack and hidden_stack[-1] is el):
                    self.flush()
                if hidden_stack and hidden_stack[-1] is el:
                    hidden_stack.pop()
                    self.hidden -= 1
                if el is not root:
                    tail = el.tail
                    if tail:
                        buf.append(tail)
        self.flush()


_WALK_SPECIAL = frozenset(("br", "pre", "table", "tr", "img"))


_TITLE_PARTS = re.compile(r"\s*[_|｜]\s*|\s+[-—–]+\s+")
_SITE_AFTER_DASH = re.compile(r"^(.*(?:报告|年报))[-—–]+[^-—–]{2,30}$")


def _report_title(title: str) -> str:
    """The report's own title out of a page title with site and column names appended
    ("…年度报告_政府信息公开年报_某某网"); the whole title when no part looks like one."""
    for part in _TITLE_PARTS.split(title):
        part = _SITE_AFTER_DASH.sub(r"\1", part.strip())  # …年度报告-沭阳县发改局 (a dash without spaces)
        if plain.TITLE_RE.search(part):
            return part
    return title


def _header_from_head(root) -> dict[str, str]:
    found: dict[str, tuple[int, str]] = {}

    def put(key: str, rank: int, value: str | None) -> None:
        value = norm(value or "")
        if value and (key not in found or rank < found[key][0]):
            found[key] = (rank, value)

    head = []  # the page's own words as written, for the spam check: a hijacked title is spam too
    for meta in root.iter("meta"):
        name = (meta.get("name") or meta.get("property") or meta.get("itemprop") or "").strip().lower()
        if name in _META_FIELDS:
            key, rank = _META_FIELDS[name]
            put(key, rank, meta.get("content"))
        elif name in ("keywords", "description"):
            head.append(norm(meta.get("content") or ""))
    title = root.find(".//title")
    if title is not None:
        page_title = norm(text_of(title))
        head.insert(0, page_title)
        put("title", 1, _report_title(page_title))
    if any(head):
        found["head_text"] = (0, "\n".join(h for h in head if h))
    for link in root.iter("link"):
        if (link.get("rel") or "").lower() == "canonical":
            put("url", 2, link.get("href"))
    return {k: v for k, (_, v) in found.items()}


def _chrome_fields(text_nodes: list[str]) -> dict[str, tuple[int, str]]:
    """Publication date and source as the page shows them (发布时间：2024-01-05, 来源：…), from
    the body's text nodes (_TEXT_NODES). Text nodes are joined by newlines so a value ends with
    its node; a label alone in its node takes the next node (the pattern skips the newlines); a
    value is also cut where the next chrome label starts."""
    chrome = "\n".join(text_nodes)
    hits = []
    for pattern in _CHROME_PATTERNS:  # one literal-prefixed pattern per label ending: fast search
        for n, m in enumerate(pattern.finditer(chrome)):
            if n >= 20:
                break
            label = next((l for l in _CHROME_LABELS_BY_END[m.group(1)]
                          if chrome.startswith(l, m.end(1) - len(l))), None)
            start = m.end(1) - len(label) if label else 0
            # 发布时间/信息来源 stand alone; 时间/来源 must not end a longer word (统计时间, 资金来源)
            if label and (len(label) == 4 or start == 0 or not _CJK_CHAR.match(chrome[start - 1])):
                hits.append((start, label, m.group(2).strip()))
    for label in _STRONG_DATE_LABELS:  # str.find, then one anchored match: a scan per label at C speed
        at, seen = chrome.find(label), 0
        while at >= 0 and seen < 5:
            m = _DATE_IN_NEXT_CELL.match(chrome, at + len(label))
            before = chrome[max(0, at - 40):at].rstrip(" \t")
            if m and (not before or before.endswith("\n")):  # alone in its node (…的发布日期\n… is prose)
                hits.append((at, label, m.group(1)))
                seen += 1
            at = chrome.find(label, at + len(label))
    found: dict[str, tuple[int, str]] = {}
    for _, label, value in sorted(hits):
        if value and not _CHROME_LABEL.match(value):
            _put_chrome(found, label, value)
    return found


def _put_chrome(found: dict, label: str, value: str) -> None:
    if label in _PUBLISHER_RANK:
        value = plain.field_value("publisher", _PUBLISHER_END.split(value, 1)[0])
        key, rank = "publisher", _PUBLISHER_RANK[label]
        if not value or len(value) > 60:
            return
    else:
        value = plain.field_value("published", value)
        key, rank = "published", 0 if label in _STRONG_DATE_LABELS else 3
    if value and (key not in found or rank < found[key][0]):
        found[key] = (rank, value)


def _content_root(body, body_text: str):
    """The content container holding the whole report, or `body` (whose text is `body_text`)."""
    markers = [s for s in _SECTIONS if s in body_text]
    if len(markers) < 2:
        markers = [s for s in _WEAK_MARKERS if s in body_text]
    if not markers:
        return body
    best, best_len = body, len(body_text)
    # The shortest; of equal ones the first in document order (the outer of two nested ones: pictures
    # of the tables may stand beside the text, in the outer one only). Innermost first: the texts of
    # the containers around the best one so far (often most of the page) need no serializing, only
    # the nearest's, to see whether it holds nothing more ("settled": it holds more, so do those above).
    settled = False
    for el in reversed(_containers(body)):  # reversed document order: the nearest container around best comes first
        if best is not body and _inside(best, el):
            if not settled:
                if len(text_of(el)) == best_len:
                    best = el
                else:
                    settled = True
            continue
        text = text_of(el)
        if (len(text) < best_len or (len(text) == best_len and best is not body)) and all(m in text for m in markers):
            best, best_len, settled = el, len(text), False
    return best


def _containers(body) -> list:
    """The elements under `body` whose class or id names a content container, in document order."""
    values = _CLASS_AND_ID(body)
    # One scan over all the names at once finds the few that may match (none of the words has a
    # space, so a match in "class id" lies in one of the two; no name holds a NUL).
    joined = "\x00".join(values)
    if not joined.isascii():
        joined = joined.translate(_FOLD)
    joined = joined.lower()
    found: list = []
    for value in _matched(values, joined, _CONTAINER_FOLDED):
        el = value.getparent()
        if (not found or found[-1] is not el) and _CONTAINER.search(value):
            found.append(el)
    return found


def _matched(values: list, joined: str, patterns: tuple) -> Iterator:
    """The values in which one of `patterns` finds a match, each once, in order; `joined` is the
    values joined by NUL (lowercased or folded as the patterns need), scanned once for all of them."""
    index = start = 0
    last = -1
    for at in sorted({m.start() for pattern in patterns for m in pattern.finditer(joined)}):
        index += joined.count("\x00", start, at)
        start = at
        if index != last:
            last = index
            yield values[index]


def _hidden_elements(body) -> list:
    """The elements under `body` that _is_hidden, in document order."""
    styles = _STYLES(body)
    # One scan of all the styles at once finds the few elements worth a look.
    joined = "\x00".join(styles).lower()
    by_style: list = []
    for style in _matched(styles, joined, _MAYBE_HIDING_STYLE):
        el = style.getparent()
        if (not by_style or by_style[-1] is not el) and _is_hidden(el):
            by_style.append(el)
    by_attribute = [value.getparent() for value in _HIDDEN_ATTRS(body)]
    marquees = _MARQUEES(body)
    kinds = [found for found in (by_style, by_attribute, marquees) if found]
    if len(kinds) > 1:  # rare: put them in document order
        return [el for el in _MAYBE_HIDDEN(body) if _is_hidden(el)]
    return kinds[0] if kinds else []


def _inside(el, root) -> bool:
    return el is root or any(a is root for a in el.iterancestors())


def _parser() -> etree.HTMLParser:
    # collect_ids: no id index (nothing looks elements up by id), a little less parsing
    return etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, collect_ids=False)


def _parse_as_utf8(data: bytes):
    """(root, parser) of `data` parsed as the UTF-8 it most likely is, with no decode in Python
    first, when that is exactly what read() would do after decoding it; None otherwise.

    read() takes valid UTF-8 as UTF-8 whatever a page declares, and parses the bytes as they are.
    Whether they are valid, libxml2 tells while parsing (ERR_INVALID_ENCODING for every kind of
    bad sequence, anywhere in the markup); only its error log keeps no more than 100 errors, and
    a longer log is checked by decoding after all."""
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return None
    declared = _declared_charset(data)
    if declared and plain.canonical_encoding(declared) not in (None, "utf-8"):
        return None  # declared otherwise: most likely not UTF-8, where parsing first would be waste
    if not plain.readable_if_utf8(data):
        return None
    try:
        parser = _parser()
        root = etree.fromstring(data, parser)
    except Exception:
        return None
    log = parser.error_log
    if root is None or any(e.type_name == "ERR_INVALID_ENCODING" for e in log):
        return None
    if len(log) >= 90:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return None
    return root, parser


def read(data: bytes, source: Source) -> Document:
    doc = _read(data, source)
    encoding = doc.header.get("encoding", "utf-8")
    if doc.rows and glyphs.may_hold(data, encoding):  # text pasted out of a PDF: ⾏政复议 is 行政复议
        glyphs.fold_document(doc)
    return doc


def _read(data: bytes, source: Source) -> Document:
    doc = Document(source)
    parsed = _parse_as_utf8(data)
    if parsed is not None:
        root, parser = parsed
        text, encoding = None, "utf-8"  # the text only a fallback below needs: decoded there
    else:
        try:
            text, encoding = _decode(data)
        except Exception:  # _decode is defensive already; this is the last guard of "never raise"
            text, encoding = data.decode("utf-8", "replace"), "utf-8"
        raw = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
        reason = plain.unreadable_reason(text, raw, encoding)
        if reason:
            doc.problems.append(Problem("source.unreadable", reason))
            return doc
        if encoding == "utf-8" and "\ufffd" not in text:
            markup = raw  # already valid UTF-8: no need to encode it again
        else:
            markup = _XML_DECLARATION.sub("", text, count=1).encode("utf-8", "replace")
        try:
            parser = _parser()
            root = etree.fromstring(markup, parser)
        except Exception:  # markup lxml cannot make a tree of: read what text there is
            root = None
    if root is None:
        return plain.read_text(markup_text(text), doc, encoding)
    if any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log):
        # libxml2 stops building the tree past 256 nested elements: read the text instead.
        if text is None:
            text = data.decode("utf-8")  # valid UTF-8 (_parse_as_utf8)
        plain.read_text(markup_text(text), doc, encoding)
        doc.problems.append(Problem("table.malformed", "网页标签嵌套过深，无法按表格结构读取，已按纯文本读取"))
        return doc
    doc.header["encoding"] = encoding
    try:
        _read_tree(root, doc)
    except _TooManyRows:
        doc.problems.append(Problem(
            "source.unreadable", f"网页内容超过 {MAX_ROWS} 行，不像是一份年度报告，只读取了前 {MAX_ROWS} 行"))
    except Exception:  # a tree lxml built but we cannot walk: fall back to its text, say so
        doc.rows.clear()
        doc.rows = plain.read_text(text_of(root), Document(doc.source)).rows
        doc.problems.append(Problem("table.malformed", "网页结构异常，表格未能按单元格读取，已按纯文本读取"))
    if not doc.rows:
        doc.problems.append(Problem("source.unreadable", "网页中没有可读取的正文内容"))
    return doc


def markup_text(markup: str) -> str:
    """Text of markup lxml could not build a tree of: scripts dropped, block tags as line breaks,
    table cells as tabs, entities decoded. Never executes or loads anything."""
    markup = _SCRIPTS.sub(" ", markup)
    markup = _LINE_TAGS.sub("\n", markup)
    markup = _CELL_TAGS.sub("\t", markup)
    return html_lib.unescape(_TAGS.sub("", markup))


def _strip(root) -> None:
    """Drop scripts, styles and the like, keeping their tails, and merge the text nodes that
    end up side by side: each run of text is then one text node, as _TEXT_NODES needs."""
    anchors = []  # what holds the text before each dropped element: (element, is its parent)
    marks = []
    for el in root.iter(*_DROP, "sup"):
        if el.tag == "sup":
            if len(el) == 0 and FOOTNOTE_MARK.fullmatch((el.text or "").strip()):
                marks.append(el)
            continue
        before = el.getprevious()
        anchors.append((el.getparent(), True) if before is None else (before, False))
    for mark in marks:  # 行政处罚<sup>[1]</sup>, 87<sup>1</sup>: a note's mark is no value
        before, parent = mark.getprevious(), mark.getparent()
        if parent is None:
            continue
        if before is None:
            parent.text = (parent.text or "") + (mark.tail or "")
        else:
            before.tail = (before.tail or "") + (mark.tail or "")
        parent.remove(mark)
    if not anchors:
        return
    etree.strip_elements(root, *_DROP, with_tail=False)
    for anchor, is_parent in anchors:
        if anchor is None:
            continue
        if is_parent:
            anchor.text = anchor.text  # reassigning replaces the adjacent text nodes with one
        else:
            anchor.tail = anchor.tail


def _read_tree(root, doc: Document) -> None:
    _strip(root)
    header = _header_from_head(root)
    body = root.find("body")
    if body is None:
        body = root
    head = root.find("head")
    if head is not None:
        head.getparent().remove(head)
    for el in root.iter("a"):
        href = (el.get("href") or "").strip()
        if href:
            doc.links.append((href, norm(text_of(el))))

    text_nodes = _TEXT_NODES(body)
    chrome = _chrome_fields(text_nodes)
    published = chrome.get("published")
    if published and (published[0] == 0 or "published" not in header):
        header["published"] = published[1]
    publisher = chrome.get("publisher")
    if publisher and (publisher[0] < 3 or "publisher" not in header):
        header["publisher"] = publisher[1]

    content = _content_root(body, "".join(text_nodes))  # the text of the body, as text_of gives it
    walker = _Walker(doc)
    walker.walk(content)
    if content is not body:
        # Hidden elements outside the content area: injected spam often hides in the page template.
        outside = []
        # Take the content area out of the tree for the search (its tail goes with it), then back.
        placeholder = etree.Element("gongkai-content")
        content.getparent().replace(content, placeholder)
        try:
            candidates = _hidden_elements(body)
        finally:
            placeholder.getparent().replace(placeholder, content)
        for el in candidates:  # outermost ones only; an ancestor of the content area is not "outside"
            if not any(_inside(el, o) for o in outside) and not _inside(content, el):
                outside.append(el)
        for el in outside:
            walker.hidden += 1
            walker.walk(el)
            walker.hidden -= 1
    if not plain.TITLE_RE.search(header.get("title", "")):  # none, or the site's name: look in the body
        title = plain.title_of_lines([r.cells[0].text for r in doc.rows[:20] if r.table is None])
        if title:
            header["title"] = title
    doc.header.update(header)
