"""RTF files -> Document, read natively (many "Word" reports on government sites are RTF saved as .doc).

RTF is text: control words (\\par, \\cell, \\cellx4320 ...), groups in braces, and characters as
7-bit text, \\'hh bytes of the document's code page (GBK for Chinese: two \\'hh make one character)
or \\uN Unicode escapes followed by a fallback the reader skips (\\ucN). This module tokenizes it
and keeps what a reader of the page sees:

- paragraphs (\\par) as rows, line breaks (\\line) as new lines;
- tables: \\cell ends a cell, \\row a row; the row's definition (\\trowd ... \\cellxN) gives the
  cells' right boundaries, \\clmrg a cell merged into the one on its left and \\clvmgf/\\clvmrg
  vertical merges, which become the grid, colspan and rowspan as for .doc (readers.doc.emit);
  nested tables (\\nestcell, \\nestrow) are read as text of their outer cell;
- field results ({\\fldrslt ...}) but not field codes; hidden text (\\v), struck text (\\strike,
  \\striked1: a revised figure's old value) and raised note marks (\\super, \\up) are left out;
- fonts' character sets (\\fcharset134 = GBK) and \\ansicpg choose the code page of \\'hh bytes;
- the document's \\title (its metadata) only when the text prints it (document.title_in_body).

Destinations that are not text (font and colour tables, style sheet, pictures, objects, headers,
footers, notes, and every {\\* ...} group a reader may ignore) are skipped. Nothing in the file is
followed or executed: an object or a link field is at most its shown text.
"""
from __future__ import annotations

import codecs
import re

from ..document import RAISED_END, RAISED_START, Document, Problem, Source, without_raised_note_marks
from .doc import Parsed, TableRow, document_of

MAX_GROUP_DEPTH = 10_000  # RTF's own limit is far lower; deeper is a hostile file, not a report
MAX_BLOCKS = 50_000  # paragraphs and table rows: a report has a few hundred (as readers.html.MAX_ROWS)
MAX_CELLS = 64  # cell boundaries in one row definition (Word allows 63 columns)
MAX_TOTAL_CELLS = 200_000  # table cells in all (a report has a few hundred): bounds the memory

_TOKEN = re.compile(rb"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?|\\'([0-9a-fA-F]{2})|\\([^a-zA-Z])|([{}])|([^\\{}\r\n]+)|[\r\n]+")

# Groups whose content is not text of the page.
_SKIP = frozenset(b"""fonttbl colortbl stylesheet listtable listoverridetable revtbl rsidtbl info pict
    object objdata header headerl headerr headerf footer footerl footerr footerf footnote annotation
    atnid atnauthor fldinst xe tc bkmkstart bkmkend datafield themedata colorschememapping latentstyles
    datastore xmlnstbl generator filetbl pgdsctbl mmathPr shppict nonshppict shpinst sp sn sv
    pnseclvl pntxtb pntxta template private userprops docvar""".split())
# Font character set (\\fcharsetN) -> Python codec.
_CHARSETS = {0: "cp1252", 128: "cp932", 129: "cp949", 134: "gb18030", 136: "cp950", 161: "cp1253",
             162: "cp1254", 177: "cp1255", 178: "cp1256", 186: "cp1257", 204: "cp1251", 222: "cp874",
             238: "cp1250"}
# Symbol-font characters (Word's bullets, \\uf0b7) mapped into the private use area: no text.
_PRIVATE_SYMBOLS = re.compile("[\uf000-\uf0ff]")
_DOUBLE_BYTE = frozenset(("gb18030", "cp950", "cp932", "cp949"))
_SYMBOLS = {b"~": " ", b"_": "-", b"-": "", b"{": "{", b"}": "}", b"\\": "\\", b"\t": " "}
_WORD_SYMBOLS = {b"emdash": "\u2014", b"endash": "\u2013", b"lquote": "\u2018", b"rquote": "\u2019",
                 b"ldblquote": "\u201c", b"rdblquote": "\u201d", b"bullet": "\u2022", b"emspace": " ",
                 b"enspace": " ", b"qmspace": " ", b"tab": " ", b"line": "\n", b"lbr": "\n"}


class RtfFormatError(ValueError):
    """The bytes are not RTF this reader can read (message in Chinese)."""


def read(data: bytes, source: Source) -> Document:
    doc = Document(source)
    try:
        parsed = parse(data)
    except RtfFormatError as e:
        doc.problems.append(Problem("source.unreadable", str(e)))
        return doc
    except Exception as e:  # noqa: BLE001 - a reader never raises on bad input
        doc.problems.append(Problem("source.unreadable", f"RTF 文件无法读取（{type(e).__name__}），可能已损坏"))
        return doc
    if parsed.truncated:
        doc.problems.append(Problem("source.unreadable", f"RTF 内容过多（超过 {MAX_BLOCKS} 段或 {MAX_TOTAL_CELLS} 个单元格），"
                                                         "不像是一份年度报告，只读取了前面的部分"))
    return document_of(parsed, doc, "RTF 文件中没有可读取的文字")


class _State:
    """Properties of the group being read; a new group starts with a copy of its parent's."""

    __slots__ = ("skip", "hidden", "struck", "raised", "uc", "codec", "title", "upr", "in_table")

    def __init__(self, codec: str = "cp1252"):
        self.skip = False  # inside a destination that is not page text
        self.hidden = False  # \v
        self.struck = False  # \strike, \striked1
        self.raised = False  # \super, \up N
        self.uc = 1  # fallback characters that follow a \uN
        self.codec = codec  # of \'hh bytes, from the font's character set or \ansicpg
        self.title = False  # inside {\info{\title ...}}
        self.upr = False  # {\upr {ANSI text}{\*\ud {Unicode text}}}: the group of both versions
        # \intbl: paragraphs are in a table cell; a group's \pard ends it for that group only (Word's
        # {\listtext\pard\plain 1.\tab} before each numbered paragraph, also in cells)
        self.in_table = False

    def copy(self) -> "_State":
        new = _State(self.codec)
        new.skip, new.hidden, new.uc, new.title = self.skip, self.hidden, self.uc, self.title
        new.struck, new.raised = self.struck, self.raised
        new.in_table = self.in_table
        return new


class _Parser:
    """What has been read so far: the current paragraph, cell, row and row definition."""

    def __init__(self):
        self.parsed = Parsed()
        self.default_codec = "cp1252"
        self.fonts: dict[int, str] = {}  # font number -> codec, from the font table
        self.default_font: int | None = None
        self.font_table = False  # inside {\fonttbl ...}
        self.font_number: int | None = None
        self.para: list[str] = []  # the current paragraph's text
        self.raised = False  # the paragraph's text is raised from here on (see mark_raised)
        self.title: list[str] = []
        self.bytes = bytearray()  # \'hh bytes not yet decoded (a GBK character is two of them)
        self.bytes_codec = "cp1252"
        self.bytes_to: list[str] = self.para  # where they go once decoded (the paragraph or the title)
        self.in_table = False  # the current group's \intbl (see _State.in_table)
        self.cell_count = 0
        self.cell_parts: list[str] = []  # paragraphs of the current cell
        self.cells: list[str] = []  # the current row's cells
        self.new_row_definition()

    # --- text ------------------------------------------------------------------------------------

    def text(self, state: _State, s: str) -> None:
        if state.hidden or state.struck:
            return
        self.flush_bytes()
        self.mark_raised(state)
        (self.title if state.title else self.para).append(s)

    def byte(self, state: _State, b: int) -> None:
        if state.hidden or state.struck:
            return
        if state.raised != self.raised:
            self.flush_bytes()
            self.mark_raised(state)
        to = self.title if state.title else self.para
        if self.bytes and (self.bytes_codec != state.codec or self.bytes_to is not to):
            self.flush_bytes()
        self.bytes_codec, self.bytes_to = state.codec, to
        self.bytes.append(b)

    def flush_bytes(self) -> None:
        if self.bytes:
            data = bytes(self.bytes)
            self.bytes.clear()
            if self.bytes_codec == "cp1252" and self.default_codec in _DOUBLE_BYTE:
                # a Western font's run in a Chinese document (Word sets the CJK font by \dbch\afN, which
                # this reader does not follow): its bytes are the document's code page when they read so
                try:
                    self.bytes_to.append(data.decode(self.default_codec))
                    return
                except UnicodeDecodeError:
                    pass
            self.bytes_to.append(data.decode(self.bytes_codec, "replace"))

    def mark_raised(self, state: _State) -> None:
        """Raised text is kept between RAISED_START and RAISED_END in the paragraph, for
        paragraph_text to tell a note's mark (行政处罚[1], 87¹) from other raised text."""
        if state.raised != self.raised and not state.title:
            self.para.append(RAISED_START if state.raised else RAISED_END)
            self.raised = state.raised

    def paragraph_text(self) -> str:
        self.flush_bytes()
        if self.raised:
            self.para.append(RAISED_END)
            self.raised = False
        s = "".join(self.para)
        self.para.clear()
        if RAISED_START in s:
            s = without_raised_note_marks(s)
        if _PRIVATE_SYMBOLS.search(s):
            s = _PRIVATE_SYMBOLS.sub("", s)
        if any("\ud800" <= ch <= "\udfff" for ch in s):  # a \uN pair beyond the BMP: join the surrogates
            s = s.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
        return s

    # --- structure -------------------------------------------------------------------------------

    def end_paragraph(self) -> None:
        text = self.paragraph_text()
        if self.in_table:
            self.cell_parts.append(text)
        else:
            self.close_open_row()
            self.parsed.blocks.append(text)

    def end_cell(self) -> None:
        self.cell_count += 1
        self.cells.append("\n".join(self.cell_parts + [self.paragraph_text()]))
        self.cell_parts = []

    def end_row(self) -> None:
        if self.para or self.bytes or self.cell_parts:  # text after the last \cell: a cell left open
            self.end_cell()
        cells, self.cells = self.cells, []
        bounds = None  # unless the definition fits the cells: then they lie one per column
        if len(self.bounds) == len(cells):
            bounds = [self.left, *self.bounds]
            if any(right <= left for left, right in zip(bounds, bounds[1:])):
                bounds = None
        self.parsed.blocks.append(TableRow(cells, bounds, self.merges[:] if bounds else [False] * len(cells),
                                           self.vmerges[:] if bounds else [None] * len(cells)))
        self.in_table = False

    def close_open_row(self) -> None:
        """Keep the cells of a row whose \row never came (a damaged file)."""
        if self.cell_parts:
            self.cells.append("\n".join(self.cell_parts))
            self.cell_parts = []
        if self.cells:
            cells, self.cells = self.cells, []
            self.parsed.blocks.append(TableRow(cells, None, [False] * len(cells), [None] * len(cells)))

    def new_row_definition(self) -> None:
        self.left = 0  # \trleft: the left edge of the row's first cell
        self.bounds: list[int] = []  # right boundaries of the cells (\cellxN), in twips
        self.merges: list[bool] = []
        self.vmerges: list[str | None] = []
        self.pending_merge, self.pending_vmerge = False, None  # flags for the next \cellx

    def finish(self) -> Parsed:
        if self.para or self.bytes:
            self.end_paragraph()
        self.close_open_row()
        self.flush_bytes()
        self.parsed.title = re.sub(r"\s+", " ", "".join(self.title)).strip()
        return self.parsed


def parse(data: bytes) -> Parsed:
    """The paragraphs, table rows and title of an RTF file (raises RtfFormatError on non-RTF)."""
    start = data.find(b"{\\rtf", 0, 1024)
    if start < 0:
        raise RtfFormatError("不是有效的 RTF 文件（缺少 {\\rtf 文件头），无法读取")
    p = _Parser()
    state = _State()
    stack: list[_State] = []
    skip_chars = 0  # fallback characters still to skip after a \uN
    group_start = False  # the next token is the first of its group (where a destination is named)
    star = False  # the group began with \*: a destination a reader may ignore
    pos, end, match = start, len(data), _TOKEN.match
    while pos < end:
        m = match(data, pos)
        if m is None:  # a lone backslash at the very end
            break
        pos = m.end()
        if len(p.parsed.blocks) > MAX_BLOCKS or p.cell_count > MAX_TOTAL_CELLS:
            p.parsed.truncated = True
            break
        word, arg, hexbyte, symbol, brace, text = m.groups()
        at_start, group_start = group_start, False
        if brace is not None:
            skip_chars = 0
            if brace == b"{":
                if len(stack) >= MAX_GROUP_DEPTH:
                    raise RtfFormatError("RTF 文件的分组嵌套过深，不像是一份年度报告，未读取")
                stack.append(state)
                state = state.copy()
                group_start, star = True, False
                continue
            if not stack:  # a stray closing brace
                continue
            # (pending \'hh bytes are not flushed here: a GBK pair may be split over two groups)
            state = stack.pop()
            if not stack:  # the document's closing brace: what follows is not the document
                break
            p.in_table = state.in_table
            if p.font_table and not state.skip:  # the font table is over: the default font's code page
                p.font_table = False
                state.codec = p.fonts.get(p.default_font, p.default_codec)
            continue
        if word is not None:
            n = int(arg) if arg is not None else None
            if word == b"bin":  # binary data (in a picture): skip its bytes, braces included
                pos += max(n or 0, 0)
            elif p.font_table:
                if word == b"f" and n is not None:
                    p.font_number = n
                elif word == b"fcharset" and n is not None and p.font_number is not None and n in _CHARSETS:
                    p.fonts[p.font_number] = _CHARSETS[n]
            elif at_start and word == b"title" and state.skip:
                state.title = True
                p.flush_bytes()
                p.title.clear()  # the last version wins (\\upr gives the ANSI one, then the Unicode one)
            elif at_start and word == b"upr":  # read the Unicode version, not the ANSI one
                state.upr, state.skip = True, True
            elif at_start and word == b"ud" and stack and stack[-1].upr:
                state.skip = len(stack) >= 2 and stack[-2].skip
            elif state.skip and not state.title:
                pass
            elif at_start and (star or word in _SKIP):
                state.skip = True
                p.font_table = word == b"fonttbl"
            elif word == b"row":  # the table's paragraphs are over, in every enclosing group too
                p.end_row()
                for outer in stack:
                    outer.in_table = False
                p.in_table = state.in_table = False
            elif word == b"u" and n is not None:
                p.text(state, chr(n % 65536) if -32768 <= n <= 65535 else "\ufffd")
                skip_chars = state.uc
                continue
            else:
                _control(p, state, word, n)
            skip_chars = 0
            continue
        if hexbyte is not None:
            if skip_chars:
                skip_chars -= 1
            elif not state.skip or state.title:
                p.byte(state, int(hexbyte, 16))
            continue
        if symbol is not None:
            if symbol == b"*":
                group_start, star = at_start, at_start
            elif skip_chars:
                skip_chars -= 1
            elif state.skip and not state.title:
                pass
            elif symbol in (b"\r", b"\n"):  # a backslash before a line end is \par
                p.end_paragraph()
            elif symbol in _SYMBOLS:
                p.text(state, _SYMBOLS[symbol])
            continue
        if text is not None:
            if skip_chars:
                cut = min(skip_chars, len(text))
                text, skip_chars = text[cut:], skip_chars - cut
            if not text or (state.skip and not state.title):
                continue
            if text.isascii():
                p.text(state, text.decode("ascii"))
            else:  # 8-bit text written raw (some writers do): bytes of the code page
                for b in text:
                    if b < 0x80:
                        p.text(state, chr(b))
                    else:
                        p.byte(state, b)
    return p.finish()


def _control(p: _Parser, state: _State, word: bytes, n: int | None) -> None:
    if word in (b"par", b"sect", b"page"):
        if not state.skip:
            p.end_paragraph()
    elif word == b"cell":
        p.end_cell()
    elif word in (b"nestcell", b"nestrow"):  # a nested table's cell: text of the outer cell
        p.cell_parts.append(p.paragraph_text())
    elif word == b"intbl":
        p.in_table = state.in_table = True
    elif word == b"pard":
        p.in_table = state.in_table = False
    elif word == b"trowd":
        p.new_row_definition()
    elif word == b"trleft" and n is not None:
        p.left = n
    elif word == b"clmrg":
        p.pending_merge = True
    elif word == b"clvmgf":
        p.pending_vmerge = "restart"
    elif word == b"clvmrg":
        p.pending_vmerge = "continue"
    elif word == b"cellx" and n is not None and len(p.bounds) < MAX_CELLS:
        p.bounds.append(n)
        p.merges.append(p.pending_merge)
        p.vmerges.append(p.pending_vmerge)
        p.pending_merge, p.pending_vmerge = False, None
    elif word == b"v":
        state.hidden = n != 0
    elif word in (b"strike", b"striked"):
        state.struck = n != 0
    elif word in (b"super", b"nosupersub", b"sub"):
        state.raised = word == b"super"
    elif word == b"up":
        state.raised = n is None or n > 0
    elif word == b"uc" and n is not None:
        state.uc = max(0, min(n, 10))
    elif word == b"f" and n is not None:
        state.codec = p.fonts.get(n, p.default_codec)
    elif word == b"ansicpg" and n is not None:
        codec = f"cp{n}" if n != 936 else "gb18030"
        try:
            codecs.lookup(codec)
        except LookupError:
            return
        p.default_codec = codec
        state.codec = codec
    elif word == b"deff" and n is not None:
        p.default_font = n
    elif word == b"plain":
        if p.default_font is not None:
            state.codec = p.fonts.get(p.default_font, p.default_codec)
        state.hidden = state.struck = state.raised = False
    elif word in _WORD_SYMBOLS:
        p.text(state, _WORD_SYMBOLS[word])
