"""Word -> Document: paragraphs and tables in body order, merged cells as colspan/rowspan.

A table row gives one Row of its cells, like HTML: a horizontally merged cell (gridSpan) is one
cell with colspan; a vertically merged cell (vMerge) appears once, in its first row, with rowspan,
and its continuation cells are left out. Legacy .doc and WPS .wps files are read by readers.doc;
those it cannot read (Word 6/95) are converted with LibreOffice when it is installed.
"""
from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
import zipfile

from ..document import (RAISED_END, RAISED_START, Cell, Document, Problem, Row, Source, title_in_body,
                        without_raised_note_marks, without_trailing_empty_columns)
from .pdf import clean_text, join_lines

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MAX_UNZIPPED = 200 * 1024 * 1024
MAX_XML = 64 * 1024 * 1024
MAX_ENTRIES = 5000
CONVERT_TIMEOUT_S = 120


def unreadable(doc: Document, message: str) -> Document:
    doc.problems.append(Problem("source.unreadable", message))
    return doc


def read(data: bytes, source: Source) -> Document:
    doc = Document(source)
    try:
        if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
            from . import doc as legacy

            try:
                return legacy.read(data, source)
            except legacy.DocFormatError as e:
                # what the native reader cannot read (Word 6/95, damage) LibreOffice may still convert
                if not (shutil.which("soffice") or shutil.which("libreoffice")):
                    return unreadable(doc, str(e))
            converted = convert_legacy(data, doc)
            if converted is None:
                return doc
            data = converted
        return _read_docx(data, doc)
    except Exception as e:  # noqa: BLE001 - a reader never raises on bad input
        return unreadable(doc, f"Word 文件无法读取（{type(e).__name__}），可能已损坏")


def convert_legacy(data: bytes, doc: Document) -> bytes | None:
    """A .doc/.wps converted to .docx by LibreOffice, or None with a problem recorded."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        unreadable(doc, "这是旧版 Word（.doc）或 WPS 文件，读取它需要安装 LibreOffice；请安装后重试，或另存为 .docx/PDF 后再检查")
        return None
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "input.doc")
        with open(src, "wb") as f:
            f.write(data)
        try:
            subprocess.run([soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{tmp}/profile",
                            "--convert-to", "docx", "--outdir", tmp, src],
                           capture_output=True, timeout=CONVERT_TIMEOUT_S, check=False)
        except subprocess.TimeoutExpired:
            unreadable(doc, "用 LibreOffice 转换旧版 Word/WPS 文件超时，未读取")
            return None
        out = os.path.join(tmp, "input.docx")
        if not os.path.exists(out):
            unreadable(doc, "LibreOffice 无法转换此旧版 Word/WPS 文件，可能已损坏")
            return None
        with open(out, "rb") as f:
            return f.read()


def _read_docx(data: bytes, doc: Document) -> Document:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return unreadable(doc, "Word 文件已损坏（不是有效的 .docx 压缩包），无法读取")
    names = {i.filename for i in infos}
    if "word/document.xml" not in names:
        return unreadable(doc, "压缩包中没有 Word 正文（word/document.xml），不是 .docx 文件")
    if len(infos) > MAX_ENTRIES or sum(i.file_size for i in infos) > MAX_UNZIPPED:
        return unreadable(doc, "Word 文件解压后过大（疑似压缩炸弹），未读取")
    main = next(i for i in infos if i.filename == "word/document.xml")
    if main.file_size > MAX_XML:
        return unreadable(doc, "Word 正文过大，未读取")
    if any(i.flag_bits & 0x1 for i in infos):
        return unreadable(doc, "Word 文件已加密，无法读取")
    import docx as python_docx

    try:
        d = python_docx.Document(io.BytesIO(data))
    except Exception:  # noqa: BLE001
        return unreadable(doc, "Word 文件已损坏或格式不正确，无法读取")
    state = {"table": -1, "para": 0}
    _body(d.element.body, doc, state)
    try:
        if title_in_body(doc, d.core_properties.title):
            doc.header["title"] = d.core_properties.title
    except Exception:  # noqa: BLE001 - metadata is optional
        pass
    if not doc.rows:
        unreadable(doc, "Word 文件中没有可读取的文字")
    return doc


def _body(parent, doc: Document, state: dict) -> None:
    for el in parent.iterchildren():
        tag = el.tag
        if tag == W + "p":
            text = paragraph_text(el)
            state["para"] += 1
            if text:
                doc.rows.append(Row([Cell(text, {"paragraph": state["para"]})], delimited=False))
        elif tag == W + "tbl":
            if _layout_table(el):
                for tr in el.findall(W + "tr"):
                    for tc in _row_cells(tr):
                        _body(tc, doc, state)
                continue
            state["table"] += 1
            _table(el, doc, state["table"])
        elif tag in (W + "sdt", W + "sdtContent", W + "customXml", W + "ins", W + "smartTag"):
            _body(el.find(W + "sdtContent") if tag == W + "sdt" and el.find(W + "sdtContent") is not None else el, doc, state)


def _layout_table(tbl) -> bool:
    """A table used for layout (a Word habit when pasting from the web, which keeps a page's
    layout tables): a cell holding a table of its own, or long prose in several paragraphs, as
    the HTML reader tells layout cells. Its cells are read as the document's body, in order."""
    for tr in tbl.findall(W + "tr"):
        for tc in _row_cells(tr):
            if tc.find(".//" + W + "tbl") is not None:
                return True
            paragraphs = tc.findall(W + "p")
            if len(paragraphs) >= 3 and sum(len(paragraph_text(p)) for p in paragraphs) > 300:
                return True
    return False


def _on(rpr, name: str) -> bool:
    """A toggle property of a run (w:vanish, w:strike ...) set on it: present, and not turned off."""
    el = rpr.find(W + name)
    return el is not None and el.get(W + "val", "true") not in ("0", "false", "off")


def _look(run) -> str | None:
    """How a run shows: None when not at all (w:vanish: an old value, a note), or struck out
    (w:strike, w:dstrike: a revised figure's old value, as <del> in a web page); "raised" for
    superscript or raised (a note's mark, 行政处罚[1]); else ""."""
    rpr = run.find(W + "rPr") if run is not None else None
    if rpr is None:
        return ""
    if _on(rpr, "vanish") or _on(rpr, "strike") or _on(rpr, "dstrike"):
        return None
    align, position = rpr.find(W + "vertAlign"), rpr.find(W + "position")
    if align is not None and align.get(W + "val") == "superscript":
        return "raised"
    # raised by half-points, as LibreOffice writes a superscript
    return "raised" if position is not None and (position.get(W + "val") or "").isdigit() \
        and int(position.get(W + "val")) > 0 else ""


def paragraph_text(p) -> str:
    """The visible text of a w:p: w:t runs (not deleted text, not field codes, not hidden or struck
    runs, not raised note marks), tabs as spaces."""
    parts: list[str] = []
    looks: dict = {}
    up = False  # the text is raised from here on
    for node in p.iter(W + "t", W + "tab", W + "br", W + "cr", W + "noBreakHyphen", W + "sym"):
        run = node.getparent()
        look = looks[run] if run in looks else looks.setdefault(run, _look(run))
        if look is None:
            continue
        if (look == "raised") != up:
            up = not up
            parts.append(RAISED_START if up else RAISED_END)
        if node.tag == W + "t":
            # Skip text inside deletions and inside nested tables handled elsewhere.
            parts.append(node.text or "")
        elif node.tag == W + "noBreakHyphen":
            parts.append("-")
        else:
            parts.append(" ")
    text = "".join(parts)
    return clean_text(without_raised_note_marks(text) if RAISED_START in text else text)


def _cell_text(tc) -> str:
    lines = []
    for el in tc.iter(W + "p"):
        t = paragraph_text(el)
        if t:
            lines.append(t)
    return join_lines(lines)


def _table(tbl, doc: Document, index: int) -> None:
    # Lay every w:tc on the grid: [grid column, span, vMerge state, text].
    grid_rows = []
    for tr in tbl.iterchildren(W + "tr"):
        trpr = tr.find(W + "trPr")
        col = _int_val(trpr, "gridBefore") if trpr is not None else 0
        cells = []
        for tc in _row_cells(tr):
            pr = tc.find(W + "tcPr")
            span = max(_int_val(pr, "gridSpan") or 1, 1) if pr is not None else 1
            vm = pr.find(W + "vMerge") if pr is not None else None
            merge = None if vm is None else (vm.get(W + "val") or "continue")
            cells.append([col, span, merge, "" if merge == "continue" else _cell_text(tc)])
            col += span
        grid_rows.append(cells)
    add_table(doc, grid_rows, index)


def add_table(doc: Document, grid_rows: list[list[list]], index: int) -> None:
    """A Word table's rows into doc.rows: each cell [grid column, colspan, vMerge state, text], the
    state None, "restart" or "continue". A restart cell absorbs the continue cells below it in its
    grid column (rowspan); the continuation cells themselves are left out. Shared by .doc and .docx."""
    rowspans = [[1] * len(cells) for cells in grid_rows]
    for r, cells in enumerate(grid_rows):
        for k, (col, _, merge, _) in enumerate(cells):
            if merge != "restart":
                continue
            rr = r + 1
            while rr < len(grid_rows):
                below = next((x for x in grid_rows[rr] if x[0] == col), None)
                if below is None or below[2] != "continue":
                    break
                rowspans[r][k] += 1
                rr += 1
    rows = []
    for r, cells in enumerate(grid_rows):
        row = [Cell(text, {"table": index, "row": r, "cell": col}, colspan=span, rowspan=rowspans[r][k])
               for k, (col, span, merge, text) in enumerate(cells) if merge != "continue"]
        rows.append(Row(row, delimited=True, table=index))
    # a stray empty column at the right edge (Word's grid often has one) is no column of values
    for row in without_trailing_empty_columns(rows):
        # a table row whose cells are all empty is a row of blank values (e.g. table 3 with no cases);
        # only a lone empty cell (a spacer row) is no row at all
        if row.cells and (len(row.cells) > 1 or row.cells[0].text):
            doc.rows.append(row)


def _row_cells(tr):
    for el in tr.iterchildren():
        if el.tag == W + "tc":
            yield el
        elif el.tag in (W + "sdt", W + "customXml"):
            content = el.find(W + "sdtContent") if el.tag == W + "sdt" else el
            if content is not None:
                yield from (x for x in content.iterchildren() if x.tag == W + "tc")


def _int_val(parent, name: str) -> int:
    el = parent.find(W + name) if parent is not None else None
    if el is None:
        return 0
    try:
        return int(el.get(W + "val") or 0)
    except ValueError:
        return 0
