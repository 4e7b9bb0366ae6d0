"""Legacy Word (.doc, Word 97-2003) and WPS (.wps) files -> Document, read natively.

Government sites still publish many reports as .doc; WPS Office writes its .wps files in the same
binary format. The file is an OLE compound file (olefile); its `WordDocument` stream holds the text,
the table stream (`0Table` or `1Table`) where it lies ([MS-DOC]):

- the FIB (file information block) at the head of `WordDocument` gives the text's length and where
  the piece table (Clx) and the paragraph properties (PlcBtePapx) are;
- the piece table maps character positions to bytes: UTF-16 pieces, or 8-bit ("compressed") ones;
- table cells end with \\x07; the paragraph that ends a table row (its properties hold sprmPFTtp)
  ends with \\x07 too and carries the row's cell boundaries and merges (sprmTDefTable), which give
  the grid: colspan from the boundaries, rowspan from vertical merges, as the .docx reader does.

Only text is read: no macro, embedded object or link is followed. Files this does not understand
(Word 6/95, encrypted) get a clear problem; Word 6/95 go to LibreOffice when it is installed.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
import io
import struct

from ..document import Cell, Document, Problem, Row, Source, note_mark_after_text, title_in_body
from .docx import add_table
from .pdf import clean_text, join_lines

WORD97_NFIB = 0x00C1  # nFib of Word 97 and later; older files (Word 6/95) have a different layout
MAX_CHARS = 8 * 1024 * 1024  # a report is well under this; a larger count is a corrupt FIB

# sprm codes ([MS-DOC] 2.6): paragraph marks in tables and the row's table definition
SPRM_IN_TABLE = 0x2416
SPRM_TTP = 0x2417  # this paragraph mark ends a table row
SPRM_ITAP = 0x6649  # table depth (1 = a top-level table)
SPRM_INNER_CELL = 0x244B  # nested table: the mark ends an inner cell
SPRM_INNER_TTP = 0x244C  # nested table: the mark ends an inner row
SPRM_TDEF_TABLE = 0xD608
SPRM_TDEF_TABLE_10 = 0xD606  # the older form; same operand length rule
SPRM_CHG_TABS = 0xC615
SPRM_TVERT_MERGE = 0xD62B
SPRM_HUGE_PAPX = 0x6646  # the properties are too large for their page: they lie in the Data stream
# character sprms: text not shown (hidden, struck out: a revised figure's old value, deleted with
# revision marks) and raised text (a note's mark: 行政处罚[1])
SPRM_RMARK_DEL, SPRM_STRIKE, SPRM_VANISH, SPRM_DSTRIKE = 0x0800, 0x0837, 0x083C, 0x2A53
SPRM_ISS, SPRM_HPS_POS = 0x2A48, 0x4845

CELL_MARK, PARA_MARK = "\x07", "\r"
FIELD_BEGIN, FIELD_SEPARATOR, FIELD_END = "\x13", "\x14", "\x15"
# characters that stand for objects, notes and breaks; what a reader of the page sees instead
_VISIBLE = str.maketrans({"\x00": None, "\x01": None, "\x02": None, "\x03": None, "\x04": None, "\x05": None, "\x08": None,
                          "\x0b": "\n", "\x0c": "\n", "\x0e": "\n", "\x1e": "-", "\x1f": None, "\t": " ",
                          "\xa0": " "})


class DocFormatError(ValueError):
    """The bytes are not a Word 97-2003 document this reader can read (message in Chinese)."""


def read(data: bytes, source: Source) -> Document:
    """Read a .doc/.wps; raises DocFormatError when the file is no Word 97+ binary document."""
    return document_of(parse(data), Document(source), "Word 文件中没有可读取的文字")


def document_of(parsed: Parsed, doc: Document, empty: str) -> Document:
    """`doc` with the parsed blocks as rows (emit), the metadata title when the text prints it, and
    the problem `empty` when there is no text at all (shared with readers.rtf)."""
    emit(parsed, doc)
    if title_in_body(doc, parsed.title):
        doc.header["title"] = parsed.title
    if not doc.rows:
        doc.problems.append(Problem("source.unreadable", empty))
    return doc


@dataclass
class TableRow:
    cells: list[str]  # the text of each cell, in order
    bounds: list[int] | None  # the cells' x boundaries (twips), len(cells) + 1, or None
    merges: list[bool]  # per cell: True when merged into the cell on its left
    vmerges: list[str | None]  # per cell: None, "restart" or "continue"


@dataclass
class Parsed:
    """What a .doc holds for us: paragraphs (str) and table rows in body order, and its title."""

    blocks: list = field(default_factory=list)
    title: str = ""
    truncated: bool = False  # the reader stopped at its bound (readers.rtf)


def parse(data: bytes) -> Parsed:
    import olefile

    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except Exception as e:  # noqa: BLE001 - olefile raises several kinds on junk
        raise DocFormatError("Word 文件已损坏（不是有效的 OLE 复合文档），无法读取") from e
    try:
        word, table, data_stream, fib, title = _streams(ole)
    except DocFormatError:
        raise
    except Exception as e:  # noqa: BLE001 - a damaged allocation table: olefile raises several kinds
        raise DocFormatError("Word 文件已损坏（复合文档的流无法读出），无法读取") from e
    finally:
        ole.close()
    parsed = Parsed(title=title)
    try:
        pieces = _pieces(word, table, fib)
        text, fcs = _text(word, pieces, fib.ccp_text)
        papx = _Papx(word, table, fib, data_stream)
        text = _shown(text, fcs, _fkp_runs(word, table, fib.bte_chpx, 1, _chpx_grpprl))
        parsed.blocks = list(_blocks(text, fcs, papx))
    except (struct.error, IndexError, ValueError, OverflowError) as e:
        if isinstance(e, DocFormatError):
            raise
        raise DocFormatError(f"Word 文件的结构已损坏（{type(e).__name__}），无法读取") from e
    return parsed


class _Fib:
    def __init__(self, word: bytes):
        if len(word) < 68 or struct.unpack_from("<H", word, 0)[0] != 0xA5EC:
            raise DocFormatError("Word 文件头不正确，可能已损坏或不是 Word 文档")
        n_fib, = struct.unpack_from("<H", word, 2)
        flags, = struct.unpack_from("<H", word, 10)
        if flags & 0x0100:
            raise DocFormatError("Word 文件已加密，无法读取")
        if n_fib < WORD97_NFIB:
            raise DocFormatError("这是 Word 6/95 格式的旧文件，暂不支持直接读取；安装 LibreOffice 后可自动转换，"
                                 "或另存为 .docx/PDF 后再检查")
        self.which_table = bool(flags & 0x0200)
        self._word = word
        try:
            csw, = struct.unpack_from("<H", word, 32)
            at = 34 + 2 * csw
            cslw, = struct.unpack_from("<H", word, at)
            lw = at + 2
            self.ccp_text, = struct.unpack_from("<i", word, lw + 3 * 4)
            at = lw + 4 * cslw
            cb, = struct.unpack_from("<H", word, at)
            self._fclcb = at + 2
            self._count = cb
            self.clx = self.pair(33)
            self.bte_papx = self.pair(13)
            self.bte_chpx = self.pair(12)
        except struct.error as e:
            raise DocFormatError("Word 文件头被截断，可能已损坏") from e
        if not 0 <= self.ccp_text <= MAX_CHARS:
            raise DocFormatError("Word 文件头中的正文长度不合理，可能已损坏")

    def pair(self, index: int) -> tuple[int, int]:
        """(fc, lcb) of FibRgFcLcb entry `index`: where a structure lies in the table stream."""
        if index >= self._count:
            return 0, 0
        return struct.unpack_from("<II", self._word, self._fclcb + 8 * index)


def _streams(ole):
    """(WordDocument, table stream, Data stream, FIB, title) of an open OLE file."""
    if not ole.exists("WordDocument"):
        raise DocFormatError("这个 OLE 文件中没有 Word 正文（WordDocument），不是 Word/WPS 文档")
    word = ole.openstream("WordDocument").read()
    fib = _Fib(word)
    table_name = "1Table" if fib.which_table else "0Table"
    if not ole.exists(table_name):
        raise DocFormatError(f"Word 文件缺少表流（{table_name}），可能已损坏")
    table = ole.openstream(table_name).read()
    data_stream = ole.openstream("Data").read() if ole.exists("Data") else b""
    return word, table, data_stream, fib, _title(ole)


def _title(ole) -> str:
    """The title in the file's summary information, decoded by its code page ("" when none)."""
    if not ole.exists("\x05SummaryInformation"):
        return ""
    try:
        meta = ole.get_metadata()
        raw = meta.title or b""
        codepage = (meta.codepage or 0) & 0xFFFF  # olefile gives it signed: 65001 (UTF-8) as -535
        codec = {65001: "utf-8", 1200: "utf-16-le", 936: "gb18030"}.get(codepage, f"cp{codepage}")
        try:
            return raw.decode(codec, "replace").strip("\x00 ").strip()
        except LookupError:
            return raw.decode("gb18030", "replace").strip("\x00 ").strip()
    except Exception:  # noqa: BLE001 - metadata is optional
        return ""


def _pieces(word: bytes, table: bytes, fib: _Fib) -> list[tuple[int, int, int, bool]]:
    """The piece table: (first cp, cp after, byte offset in WordDocument, 8-bit?) per piece."""
    fc, lcb = fib.clx
    at, end = fc, min(fc + lcb, len(table))
    while at < end:
        kind = table[at]
        if kind == 1:  # Prc: a block of properties; skip it
            if at + 3 > end:
                break
            cb, = struct.unpack_from("<h", table, at + 1)
            at += 3 + max(cb, 0)
        elif kind == 2:  # Pcdt: the piece table itself
            if at + 5 > end:
                break
            size, = struct.unpack_from("<I", table, at + 1)
            plc = table[at + 5:at + 5 + size]
            n = (len(plc) - 4) // 12
            if n <= 0 or len(plc) < 4 + 12 * n:
                break
            cps = struct.unpack_from(f"<{n + 1}I", plc, 0)
            out = []
            for i in range(n):
                fc_compressed, = struct.unpack_from("<I", plc, 4 * (n + 1) + 8 * i + 2)
                compressed = bool(fc_compressed & 0x40000000)
                offset = fc_compressed & 0x3FFFFFFF
                out.append((cps[i], cps[i + 1], offset // 2 if compressed else offset, compressed))
            return out
        else:
            break
    raise DocFormatError("Word 文件的文字索引（piece table）已损坏，无法读取")


def _text(word: bytes, pieces, ccp_text: int) -> tuple[str, list[tuple[int, int, int]]]:
    """The main document's text, and (first char index, byte offset, bytes per char) per piece."""
    parts, fcs, length = [], [], 0
    for first, after, offset, compressed in pieces:
        if first >= ccp_text:
            break
        n = min(after, ccp_text) - first
        if n <= 0:
            continue
        width = 1 if compressed else 2
        raw = word[offset:offset + n * width]
        chunk = raw.decode("cp1252", "replace") if compressed else raw.decode("utf-16-le", "replace")
        fcs.append((length, offset, width))
        parts.append(chunk)
        length += len(chunk)
    return "".join(parts), fcs


class _Papx:
    """Paragraph properties by byte offset: the sprms of the paragraph a character ends."""

    def __init__(self, word: bytes, table: bytes, fib: _Fib, data_stream: bytes = b""):
        self.data_stream = data_stream
        self._parsed: dict[int, dict[int, bytes]] = {}  # run index -> its sprms, parsed once
        runs = _fkp_runs(word, table, fib.bte_papx, 13, _papx_grpprl)
        self.starts = [start for start, _, _ in runs]
        self.ends = [end for _, end, _ in runs]  # byte offset after each run of paragraphs, sorted
        self.grpprls = [g for _, _, g in runs]

    def at(self, fc: int) -> dict[int, bytes]:
        """The sprms (code -> operand) of the paragraph whose mark lies at byte offset `fc`."""
        i = bisect_right(self.ends, fc)
        if i >= len(self.ends) or self.starts[i] > fc:
            return {}
        props = self._parsed.get(i)
        if props is None:
            props = self._parsed[i] = self._sprms(self.grpprls[i])
        return props

    def _sprms(self, grpprl: bytes) -> dict[int, bytes]:
        props = sprms(grpprl)
        huge = props.get(SPRM_HUGE_PAPX)
        if huge is not None and len(huge) == 4:  # a row's long table definition is stored apart
            offset, = struct.unpack("<I", huge)
            if offset + 2 <= len(self.data_stream):
                size, = struct.unpack_from("<H", self.data_stream, offset)
                props.update(sprms(self.data_stream[offset + 2:offset + 2 + size]))
        return props


def _papx_grpprl(page: bytes, j: int, crun: int) -> bytes:
    """The sprms of run `j` of a PapxFkp page: its BX (13 bytes) gives the PapxInFkp's offset / 2;
    cb counts words, or (cb 0) the next byte does; the style index (istd) comes first."""
    b_offset = page[4 * (crun + 1) + 13 * j]
    if not b_offset:
        return b""
    o = 2 * b_offset
    cb = page[o] if o < 512 else 0
    body = page[o + 2:o + 2 + 2 * page[o + 1]] if cb == 0 and o + 1 < 512 else page[o + 1:o + 2 * cb]
    return body[2:]


def _chpx_grpprl(page: bytes, j: int, crun: int) -> bytes:
    """The sprms of run `j` of a ChpxFkp page: its byte offset / 2 follows the FCs; a Chpx is cb
    and cb bytes of sprms (offset 0: the style's properties only)."""
    b_offset = page[4 * (crun + 1) + j]
    if not b_offset:
        return b""
    o = 2 * b_offset
    return page[o + 1:o + 1 + page[o]] if o < 511 else b""


def _fkp_runs(word: bytes, table: bytes, where: tuple[int, int], entry: int, grpprl_of) -> list[tuple[int, int, bytes]]:
    """(first byte, byte after, sprms) of each run of a PlcBte's formatted disk pages (FKP), sorted
    by position; `entry` is the size of a run's entry after the FCs (1 byte for characters, 13 for
    paragraphs)."""
    fc, lcb = where
    if lcb < 8 or fc + lcb > len(table):
        return []
    n = (lcb - 4) // 8
    runs = []
    for i in range(n):
        pn, = struct.unpack_from("<I", table, fc + 4 * (n + 1) + 4 * i)
        page = word[(pn & 0x3FFFFF) * 512:(pn & 0x3FFFFF) * 512 + 512]
        if len(page) < 512:
            continue
        crun = page[511]
        if 4 * (crun + 1) + entry * crun > 511:
            continue
        rgfc = struct.unpack_from(f"<{crun + 1}I", page, 0)
        runs.extend((rgfc[j], rgfc[j + 1], grpprl_of(page, j, crun)) for j in range(crun))
    runs.sort()
    return runs


def _on(props: dict[int, bytes], code: int) -> bool:
    """A toggle sprm set on (1, or 0x81: the opposite of the style's, which is off in practice)."""
    value = props.get(code)
    return bool(value) and value[0] in (1, 0x81)


def _shown(text: str, fcs, runs: list[tuple[int, int, bytes]]) -> str:
    """`text` with what Word does not show (hidden, struck out, deleted with revision marks) and
    raised note marks after text (行政处罚[1], 87¹) turned into \\x00, which the text's readers
    drop: every character keeps its index. Paragraph and cell marks stay, whatever their format."""
    if not runs:
        return text
    out: list[str] | None = None
    raised: list[tuple[int, int]] = []
    for k, (first, offset, width) in enumerate(fcs):
        end = fcs[k + 1][0] if k + 1 < len(fcs) else len(text)
        span_end = offset + (end - first) * width
        for start_fc, end_fc, grpprl in runs:
            if end_fc <= offset or start_fc >= span_end or not grpprl:
                continue
            props = sprms(grpprl)
            hide = any(_on(props, code) for code in (SPRM_VANISH, SPRM_STRIKE, SPRM_DSTRIKE, SPRM_RMARK_DEL))
            pos = props.get(SPRM_HPS_POS)
            up = props.get(SPRM_ISS) == b"\x01" or (pos is not None and len(pos) == 2 and struct.unpack("<h", pos)[0] > 0)
            if not (hide or up):
                continue
            a = first + (max(start_fc, offset) - offset) // width
            b = first + (min(end_fc, span_end) - offset + width - 1) // width
            if hide:
                if out is None:
                    out = list(text)
                for i in range(a, min(b, len(text))):
                    if text[i] not in (PARA_MARK, CELL_MARK):
                        out[i] = "\x00"
            else:
                raised.append((a, min(b, len(text))))
    if raised:
        if out is None:
            out = list(text)
        stretches: list[list[int]] = []
        for a, b in sorted(raised):  # [ 1 ] in runs of their own: one mark
            if stretches and a <= stretches[-1][1]:
                stretches[-1][1] = max(stretches[-1][1], b)
            else:
                stretches.append([a, b])
        for a, b in stretches:
            mark = "".join(out[a:b]).translate(_VISIBLE).strip()
            line_start = max(text.rfind(PARA_MARK, 0, a), text.rfind(CELL_MARK, 0, a)) + 1
            before = "".join(out[line_start:a]).translate(_VISIBLE).strip()
            if note_mark_after_text(before, mark) and PARA_MARK not in text[a:b] and CELL_MARK not in text[a:b]:
                out[a:b] = ["\x00"] * (b - a)
    return "".join(out) if out is not None else text


_OPERAND_SIZE = {0: 1, 1: 1, 2: 2, 3: 4, 4: 2, 5: 2, 7: 3}


def sprms(grpprl: bytes) -> dict[int, bytes]:
    """A grpprl's sprms, code -> operand bytes (the last wins); stops at a malformed one."""
    out: dict[int, bytes] = {}
    at, n = 0, len(grpprl)
    while at + 2 <= n:
        code = grpprl[at] | grpprl[at + 1] << 8
        at += 2
        size = _OPERAND_SIZE.get(code >> 13)
        if size is None:  # variable length
            if code == SPRM_TDEF_TABLE or code == SPRM_TDEF_TABLE_10:
                if at + 2 > n:
                    break
                size = (grpprl[at] | grpprl[at + 1] << 8) + 1  # cb counts itself less one
            elif code == SPRM_CHG_TABS:  # its own length rule
                size = grpprl[at] + 1 if at < n and grpprl[at] != 255 else n - at
            else:
                if at >= n:
                    break
                size = grpprl[at] + 1
        if at + size > n:
            break
        out[code] = grpprl[at:at + size]
        at += size
    return out


def _fc_of(fcs, index: int) -> int:
    """The byte offset of character `index` of the text."""
    i = bisect_right(fcs, (index, 1 << 62, 9)) - 1
    first, offset, width = fcs[i]
    return offset + (index - first) * width


def _blocks(text: str, fcs, papx: _Papx):
    """Paragraphs (str) and TableRow in body order."""
    text = _hide_field_codes(text)
    cell_parts: list[str] = []  # paragraphs of the current cell
    cells: list[str] = []  # the current row's cells
    start = 0
    for i, ch in enumerate(text):
        if ch != PARA_MARK and ch != CELL_MARK:
            continue
        chunk = text[start:i].translate(_VISIBLE)
        start = i + 1
        props = papx.at(_fc_of(fcs, i))
        depth = _depth(props)
        if ch == CELL_MARK:
            if props.get(SPRM_TTP) == b"\x01":  # the row's end mark: it defines the row's cells
                yield _row(cells, props)
                cells, cell_parts = [], []
            elif depth >= 2:  # a nested table's mark: text of the outer cell
                cell_parts.append(chunk)
            else:
                cells.append("\n".join(cell_parts + [chunk]))
                cell_parts = []
        elif depth >= 1:  # a paragraph inside a cell (or a nested table's)
            cell_parts.append(chunk)
        else:
            if cells or cell_parts:  # a row whose end mark is missing (a damaged file): keep its cells
                yield _row(cells + ["\n".join(cell_parts)] if cell_parts else cells, {})
                cells, cell_parts = [], []
            yield chunk
    rest = text[start:].translate(_VISIBLE)
    if cells or cell_parts:
        yield _row(cells + ["\n".join(cell_parts + [rest])], {})
    elif rest.strip():
        yield rest


def _depth(props: dict[int, bytes]) -> int:
    if SPRM_ITAP in props:
        return struct.unpack("<i", props[SPRM_ITAP])[0]
    if props.get(SPRM_INNER_CELL) == b"\x01" or props.get(SPRM_INNER_TTP) == b"\x01":
        return 2
    return 1 if props.get(SPRM_IN_TABLE) == b"\x01" else 0


def _hide_field_codes(text: str) -> str:
    """Field codes (\\x13 code \\x14 result \\x15) hidden: the code and the field marks become \\x00,
    so that every character keeps its index (the index gives its byte offset and properties)."""
    if FIELD_BEGIN not in text:
        return text
    out, stack = list(text), []  # per open field: True while in its code part
    for i, ch in enumerate(text):
        if ch == FIELD_BEGIN:
            stack.append(True)
        elif ch == FIELD_SEPARATOR and stack:
            stack[-1] = False
        elif ch == FIELD_END and stack:
            stack.pop()
        elif not any(stack):
            continue
        out[i] = "\x00"
    return "".join(out)


def _row(cells: list[str], props: dict[int, bytes]) -> TableRow:
    bounds, merges, vmerges = None, [False] * len(cells), [None] * len(cells)
    tdef = props.get(SPRM_TDEF_TABLE)
    if tdef and len(tdef) >= 3:
        count = tdef[2]
        if len(tdef) >= 3 + 2 * (count + 1):
            bounds = list(struct.unpack_from(f"<{count + 1}h", tdef, 3))
            tcs = 3 + 2 * (count + 1)
            flags = [struct.unpack_from("<H", tdef, tcs + 20 * k)[0] if len(tdef) >= tcs + 20 * k + 2 else 0
                     for k in range(count)]
            if count == len(cells):
                merges = [bool(f & 0x0002) for f in flags]  # fMerged: part of the cell to its left
                vmerges = [("restart" if f & 0x0040 else "continue") if f & 0x0020 else None for f in flags]
            else:
                bounds = None
    vm = props.get(SPRM_TVERT_MERGE)
    if vm and len(vm) >= 3 and vm[1] < len(cells):
        vmerges[vm[1]] = {0: None, 1: "continue", 3: "restart"}.get(vm[2], vmerges[vm[1]])
    return TableRow(cells, bounds, merges, vmerges)


def emit(parsed: Parsed, doc: Document) -> None:
    """Parsed blocks into doc.rows: each paragraph line a one-cell row ({"paragraph": n}), each run
    of table rows one table on its grid (shared with readers.rtf)."""
    para = table = 0
    pending: list[TableRow] = []

    def flush():
        nonlocal table
        if pending:
            add_table(doc, _grid(pending), table)
            table += 1
            pending.clear()

    for block in parsed.blocks:
        if isinstance(block, TableRow):
            pending.append(block)
            continue
        flush()
        para += 1
        for line in block.split("\n"):
            text = clean_text(line)
            if text:
                doc.rows.append(Row([Cell(text, {"paragraph": para})], delimited=False))
    flush()


def _cell_text(paragraphs: str) -> str:
    """A cell's paragraphs ("\\n" between them) joined as the .docx reader joins them."""
    return join_lines([clean_text(t) for t in paragraphs.split("\n")])


def _grid(rows: list[TableRow]) -> list[list[list]]:
    """The rows' cells on one grid: [grid column, colspan, vMerge state, text] per cell.

    Grid columns come from the union of all rows' cell boundaries (Word's own grid is not stored
    in a .doc); a row without boundaries lays its cells one per column."""
    edges = sorted({x for r in rows if r.bounds for x in r.bounds})
    snapped: list[int] = []
    for x in edges:  # boundaries a few twips apart are one (a hand-dragged border)
        if not snapped or x - snapped[-1] > 30:
            snapped.append(x)

    def column(x: int) -> int:
        return min(range(len(snapped)), key=lambda k: abs(snapped[k] - x))

    grid = []
    for r in rows:
        out = []
        if r.bounds and snapped:
            for k, text in enumerate(r.cells):
                left, right = column(r.bounds[k]), column(r.bounds[k + 1])
                if r.merges[k] and out:
                    out[-1][1] = max(out[-1][1], right - out[-1][0])
                    out[-1][3] += "\n" + text
                    continue
                out.append([left, max(right - left, 1), r.vmerges[k], text])
        else:
            col = 0
            for k, text in enumerate(r.cells):
                out.append([col, 1, r.vmerges[k], text])
                col += 1
        for cell in out:  # clean before add_table tells empty cells (a cell of spaces is empty)
            cell[3] = _cell_text(cell[3])
        grid.append(out)
    return grid
