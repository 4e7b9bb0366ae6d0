"""Plain text reader: bytes -> Document, for every layout real reports arrive in as text.

The layout is decided per line, not per file, because one file often mixes them:

- crawler files: a header block (标题:, 发布时间:, 发布机构:, 原文链接: ...), a line
  ``==================== 正文 ====================`` and the body on one line with the tables
  flattened. The header goes to ``Document.header``; the body line is one undelimited cell.
- one cell per line (web pages copied as text): each non-empty line is a one-cell row.
- pipe rows: Markdown tables (``| a | b |``, separator lines dropped) and pages copied with a
  ``cell |`` terminator per line (a line of only pipes is one empty cell).
- tab- or space-aligned columns (a tab, or two or more spaces, between columns).
- anything else is a one-cell row; it is ``delimited=False`` when whitespace separates digits
  (``0 0 00 00 0``): single spaces only hint at cell boundaries, the extractor decides.

Provenance is ``{"line": n, "col": c}``, both 1-based, counted in decoded characters.
"""
from __future__ import annotations

import codecs
from itertools import accumulate
import re
from unicodedata import east_asian_width

from ..document import WORDS, Cell, Document, Problem, Row, Source, has_header, is_header_row
from . import glyphs
from .bytescan import search_led

# --- decoding -----------------------------------------------------------------------------------

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: its BOM starts the same way
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Labels pages declare for what GB18030 (a superset) decodes correctly.
_GB_LABELS = {"gb2312", "gbk", "x-gbk", "gb_2312-80", "cp936", "ms936", "csgb2312", "euc-cn", "gb18030", "hz-gb-2312"}


def canonical_encoding(label: str | None) -> str | None:
    """A Python codec name for a declared charset label, or None when unknown."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    if label in _GB_LABELS:
        return "gb18030"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _few_errors(text: str) -> bool:
    # A handful of bad bytes (a truncated last character, one corrupt byte) is damage to a file
    # in this encoding; many mean the encoding is wrong.
    return text.count("\ufffd") <= max(2, len(text) // 1000)


def decode(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """(text, encoding name) of `data`: BOM, then UTF-8, a declared charset, GB18030,
    charset-normalizer. Never raises; undecodable bytes become U+FFFD."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(codec, "replace"), codec
    # Valid UTF-8 first, even against a declared charset: pages often declare gb2312 and are
    # UTF-8, and GBK text is practically never valid UTF-8 (the reverse is not true).
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    declared = canonical_encoding(declared)
    if declared and declared != "utf-8":
        try:
            return data.decode(declared), declared
        except (UnicodeDecodeError, LookupError):
            pass  # pages often declare one charset and use another
    head = data[:4096]
    if head and head.count(0) > len(head) // 4:  # UTF-16 without a BOM: every other byte is NUL
        codec = "utf-16-le" if head[1::2].count(0) > head[0::2].count(0) else "utf-16-be"
        text = data.decode(codec, "replace")
        if _few_errors(text):
            return text, codec
    text = data.decode("utf-8", "replace")
    if _few_errors(text):
        return text, "utf-8"
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        pass
    text = data.decode("gb18030", "replace")
    if _few_errors(text):
        return text, "gb18030"
    try:
        from charset_normalizer import from_bytes
        best = from_bytes(data[:1_000_000]).best()
        if best is not None and best.encoding:
            return data.decode(best.encoding, "replace"), best.encoding
    except Exception:  # charset-normalizer is a best-effort guess; its failure is not ours
        pass
    return data.decode("utf-8", "replace"), "utf-8"


# Line breaks of every kind become \n; other control characters become a space (keeps columns).
_NEWLINES = re.compile(r"\r\n?|[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f]")
_INVISIBLE = re.compile(r"[\u00ad\ufeff\u200b-\u200d\u2060]")  # and the soft hyphen: a break hint, never text
_BAD = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd\ue000-\uf8ff]")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_DIGIT = re.compile(r"[0-9０-９]")
_DIGIT_START_CHARS = frozenset("0123456789０１２３４５６７８９")
# Byte-level shortcuts (regexes over a whole file are slow in Python; bytes methods are not).
# They hold for ASCII-compatible encodings, where a byte below 0x20 is always that character.
_ASCII_COMPATIBLE = {"utf-8", "gb18030", "ascii"}
_C0 = bytes(range(0x00, 0x09)) + b"\x0b\x0c" + bytes(range(0x0e, 0x20)) + b"\x7f"
_UTF8_C1 = re.compile(rb"\xc2[\x80-\x9f]")
_ODD_CHARS = ("\u00ad", "\ufeff", "\u200b", "\u200c", "\u200d", "\u2060", "\u2028", "\u2029")


# A printed page number: 第 3 页, 第3页 共8页, - 3 - (within one line; the PDF reader also knows bare
# digits in the page margin). Shared with extract.evidence, which skips one inside a table.
PAGE_NUMBER = r"(?:第[ \t]*\d{1,4}[ \t]*页(?:[ \t]*[,，/]?[ \t]*共[ \t]*\d{1,4}[ \t]*页)?|[-—–－]{1,3}[ \t]*\d{1,4}[ \t]*[-—–－]{1,3})"
# One on a line of its own next to a form feed (pdftotext ends each page with one) is page furniture,
# dropped so that it does not fall between a label and its values or inside a label wrapped over a
# page break. Bare numbers stay: next to a page break they may be values.
_PAGE_NUMBER_LINE = rf"[ \t]*{PAGE_NUMBER}[ \t]*"
_PAGE_FURNITURE = re.compile(rf"(?m)^{_PAGE_NUMBER_LINE}(?:\r\n|\r|\n)(?=[ \t\r\n]*\x0c)"
                             rf"|(?<=\x0c)(?:[ \t]*[\r\n])*{_PAGE_NUMBER_LINE}(?:\r\n|\r|\n|$)")


def _control_bytes(raw: bytes) -> int:
    return len(raw) - len(raw.translate(None, _C0))


_REPLACEMENT_UTF8 = re.compile(rb"\xef\xbf\xbd")  # U+FFFD


def _box_drawing_table() -> dict[int, str]:
    """Box-drawing characters as the ASCII a grid table is written in: verticals "|",
    horizontals "-", corners and junctions "+" (one character each: columns stay where they are)."""
    import unicodedata

    out = {}
    for code in range(0x2500, 0x2580):
        name = unicodedata.name(chr(code), "")  # BOX DRAWINGS LIGHT VERTICAL, ... DOWN AND RIGHT
        if " AND " in name or "DIAGONAL" in name:
            out[code] = "+"
        else:
            out[code] = "|" if "VERTICAL" in name or name.endswith((" UP", " DOWN")) else "-"
    return out


_BOX_DRAWING = _box_drawing_table()
_BOX_RANGE = re.compile("[\u2500-\u257f]")
_BOX_LINES = "─│━┃═║"  # a drawn table has lines: a fast test before the scan for any box character


def unbox(text: str) -> str:
    """A table drawn with box-drawing characters (text browsers, terminal tools) as an ASCII grid
    table, which the pipe layout reads; text without them is returned as it is. A row that the
    drawing wraps over several lines between two rules is joined into one line (the others become
    rules), so a label's values stay on its line: the number of lines does not change."""
    if any(line in text for line in _BOX_LINES) and _BOX_RANGE.search(text):
        lines = text.split("\n")
        drawn = [len(_BOX_RANGE.findall(line)) >= 2 for line in lines]
        ascii_lines = [line.translate(_BOX_DRAWING) if is_drawn else _BOX_RANGE.sub(" ", line)
                       for line, is_drawn in zip(lines, drawn)]  # a lone bar is a quote's decoration
        return "\n".join(_join_wrapped_rows(ascii_lines, drawn))
    if "+--" in text and _ASCII_GRID_RULE.search(text):  # the same drawn in ASCII (pandoc's plain text, psql)
        lines = text.split("\n")
        return "\n".join(_join_wrapped_rows(lines, _in_ascii_grids(lines)))
    return text


_OCR_BAR = re.compile(r"(?<=[\d\s|])丨|丨(?=[\d\s|])")
# A table's ruling OCR read as the letter l or I, standing alone between spaces
_RULE_AS_LETTER = re.compile(r"(?:(?<=\s)|^)[lI](?=\s|$)", re.M)


def rules_read_as_letters(text: str) -> str:
    """A lone l or I on a line ruled with pipes (| 规章 l 0 I 0 |) as the pipe OCR misread, where it
    stands between two cells with no pipe on either side (0 I 0, 件数 l at the end), or between
    pipes with empty cells around it (|   l   |). Alone in its cell (| 1 | l | 0 |) it is the cell's
    value, a 1 OCR misread; off such lines a letter stays a letter."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if line.count("|") + line.count("｜") < 2 or not _RULE_AS_LETTER.search(line):
            continue
        words = [(m.start(), m.end()) for m in re.finditer(r"\S+", line)]
        out, last = [], 0
        for k, (a, b) in enumerate(words):
            if line[a:b] not in ("l", "I"):
                continue
            piped_before = k > 0 and line[words[k - 1][1] - 1] in "|｜"
            piped_after = k + 1 < len(words) and line[words[k + 1][0]] in "|｜"
            spaced = a >= 2 and line[a - 2:a].isspace() and line[b:b + 2].isspace() and b + 2 <= len(line)
            if not (piped_before and piped_after) or spaced:
                out.append(line[last:a] + "|")
                last = b
        if out:
            lines[i] = "".join(out) + line[last:]
    return "\n".join(lines)


_ASCII_GRID_RULE = re.compile(r"^[ \t]*\+:?[-=]{2,}[-=+:]*\+[ \t]*$", re.M)  # +:---:+ aligns (pandoc)


def _in_ascii_grids(lines: list[str]) -> list[bool]:
    """Per line: inside a grid table drawn in ASCII, from a +---+ rule to the first line that is not
    a grid line (one starting with | or +)."""
    inside, out = False, []
    for line in lines:
        s = line.lstrip()
        if _ASCII_GRID_RULE.match(line):
            inside = True
        elif not s.startswith(("|", "+")):
            inside = False
        out.append(inside)
    return out


_GRID_RULE = re.compile(r"^[\s|+:\-=]*[-=]{2,}[\s|+:\-=]*$")  # only |, + and - (a run of it): a rule
_PARTIAL_RULE = re.compile(r"[+|]-{2,}")  # a rule under some columns of a line that has text in others
_ASCII_WORD = re.compile(r"[0-9A-Za-z]")
_VALUE_CELL = re.compile(r"-?\d[\d,.]*$")


def _join_wrapped_rows(lines: list[str], drawn: list[bool]) -> list[str]:
    out = list(lines)
    blocks: list[list[list[int]]] = [[]]  # per grid block, its groups: the text lines between two rules
    group: list[int] = []

    def close(ruled: bool, block_ends: bool) -> None:
        if group and ruled:
            blocks[-1].append(list(group))
        group.clear()
        if block_ends and blocks[-1]:
            blocks.append([])

    for i, line in enumerate(lines):
        s = line.strip()
        if not drawn[i] or not s.startswith(("|", "+")):
            close(False, True)
        elif _GRID_RULE.match(s):
            close(True, False)
        elif _PARTIAL_RULE.search(s):  # a rowspan's text beside the rules of the rows it spans
            close(True, False)
            out[i] = re.sub(r"-{2,}", lambda m: " " * len(m.group()), line.replace("+", "|"))
        else:
            group.append(i)
    close(False, True)
    for groups in blocks:
        # A drawing that rules every row has rows of one line between rules; one ruled only around
        # its header (psql, prettytable) has a body of many rows between two rules: never joined.
        if sum(1 for g in groups if len(g) == 1) >= 2:
            for g in groups:
                if len(g) > 1:
                    _join_lines(out, g)
    return out


def _join_lines(out: list[str], group: list[int]) -> None:
    """The lines of one wrapped row as one line, cell by cell (the others become rules), when every
    line has the same cells and values stand on one line at most."""
    parts = [out[i].strip().split("|") for i in group]
    if len({len(p) for p in parts}) != 1 or len(parts[0]) <= 2 or \
            sum(1 for p in parts if any(_VALUE_CELL.match(c.strip()) for c in p)) > 1:
        return
    joined = []
    for column in zip(*parts):
        text = ""
        for piece in (c.strip() for c in column):
            if piece:
                space = text and _ASCII_WORD.match(text[-1]) and _ASCII_WORD.match(piece[0])
                text += (" " if space else "") + piece
        joined.append(text)
    out[group[0]] = " | ".join(joined).strip()
    for i in group[1:]:
        out[i] = "+---+"


def clean(text: str, raw: bytes | None = None, encoding: str | None = None) -> str:
    """Normalized newlines, no control characters except \\t and \\n, no invisible marks.
    With the raw bytes of an ASCII-compatible encoding, the common clean case costs no regex pass."""
    if raw is not None and encoding in _ASCII_COMPATIBLE and not _control_bytes(raw):
        odd = any(c in text for c in _ODD_CHARS)  # str search: fast for one character
        if not odd and encoding == "utf-8":
            odd = b"\xc2" in raw and _UTF8_C1.search(raw) is not None
        if not odd:
            return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text
    if "\x0c" in text:
        text = _PAGE_FURNITURE.sub("", text)
    text = _NEWLINES.sub("\n", text)
    text = _CONTROLS.sub(" ", text)
    return _INVISIBLE.sub("", text)


def unreadable_reason(text: str, raw: bytes | None = None, encoding: str | None = None) -> str | None:
    """A Chinese message when decoded `text` is not a report at all (empty, binary junk)."""
    if not text.strip():
        return "文件为空，没有可读取的内容"
    sample = text[:1_000_000]
    if raw is not None and encoding in _ASCII_COMPATIBLE:
        bad = _control_bytes(raw[:1_000_000]) + sample.count("\ufffd")
    else:
        bad = len(sample) - len(_BAD.sub("", sample))
    if bad > max(4, len(sample) * 0.05):
        return "文件不是可读的文本（疑为二进制文件或无法识别的编码），未能读取"
    if not _CJK.search(sample) and not _DIGIT.search(sample):
        return "文件中既无中文也无数字，不是政府信息公开工作年度报告"
    return None


_ASCII_DIGIT = re.compile(rb"[0-9]")


def readable_if_utf8(raw: bytes) -> bool:
    """True when `raw`, if it is valid UTF-8 (the caller makes sure), certainly passes
    unreadable_reason: without decoding it (the decode is much of reading a large page). False when
    only the text can tell."""
    if len(raw) > 1_000_000 or search_led(_REPLACEMENT_UTF8, raw, b"\xef") or not _ASCII_DIGIT.search(raw):
        return False  # beyond the sample; U+FFFD counts as bad; no digit: only the text tells
    # A digit: not empty, not without digits. Bad characters: the control bytes, against at least
    # one character in four bytes.
    bad = _control_bytes(raw)
    return bad <= max(4, len(raw) // 4 * 0.05)


# --- header fields ------------------------------------------------------------------------------

# Chinese field label -> (header key, rank); a lower rank wins when several labels give one key.
HEADER_FIELDS = {
    "标题": ("title", 0), "题目": ("title", 1), "名称": ("title", 2),
    "发布时间": ("published", 0), "发布日期": ("published", 0), "发文日期": ("published", 1),
    "日期": ("published", 2), "时间": ("published", 3),
    "成文日期": ("written", 0),
    "发布机构": ("publisher", 0), "发文机关": ("publisher", 1), "信息来源": ("publisher", 2),
    "来源": ("publisher", 3),
    "原文链接": ("url", 0), "原文地址": ("url", 0),  # not 网址: that is often the agency's site
    "文号": ("doc_number", 0), "发文字号": ("doc_number", 0), "索引号": ("index_number", 0),
    "栏目": ("column", 0),
}
_FIELD_LABELS = "|".join(sorted(HEADER_FIELDS, key=len, reverse=True))
# A label at the start of the line or after a space/bullet/bracket, then a colon.
FIELD_RE = re.compile(rf"(?:^|(?<=[\s•·|｜】\]）)]))({_FIELD_LABELS})\s*[:：]")
DATE_RE = re.compile(
    r"\d{4}\s*[-年./]\s*\d{1,2}\s*[-月./]\s*\d{1,2}\s*日?(?:\s*\d{1,2}\s*[:：]\s*\d{2}(?:\s*[:：]\s*\d{2})?)?")
_VALUE_END = re.compile(r"\s{2,}|\s+(?=\S{1,8}[:：])")
TITLE_RE = re.compile(r"(?:年度?|年)\S*报告$|年报$")


def field_value(key: str, value: str) -> str:
    """The raw value of a header field, cut where the next field or page noise begins."""
    value = value.strip()
    if key in ("published", "written"):
        m = DATE_RE.search(value)
        return m.group(0).strip() if m else ""
    if key in ("publisher", "doc_number", "index_number", "column"):
        value = _VALUE_END.split(value, 1)[0]
    return value.strip()


def put_field(found: dict[str, tuple[int, str]], label: str, value: str) -> None:
    key, rank = HEADER_FIELDS[label]
    value = field_value(key, value)
    if value and (key not in found or rank < found[key][0]):
        found[key] = (rank, value)


def fields_of_lines(lines: list[str]) -> dict[str, str]:
    """Header fields found in `lines` (a crawler header, or the top of a copied page).
    A label with nothing after it takes its value from the next non-empty line."""
    found: dict[str, tuple[int, str]] = {}
    pending: str | None = None
    for line in lines:
        s = line.strip()
        if not s:
            continue
        matches = list(FIELD_RE.finditer(s)) if (":" in s or "：" in s) else []
        if pending and not matches and len(s) <= 60:
            put_field(found, pending, s)
        pending = None
        for i, m in enumerate(matches):
            end = matches[i + 1].start() if i + 1 < len(matches) else len(s)
            value = s[m.end():end]
            if value.strip():
                put_field(found, m.group(1), value)
            elif i + 1 == len(matches):
                pending = m.group(1)
    return {k: v for k, (_, v) in found.items()}


def title_of_lines(lines: list[str]) -> str | None:
    """The first title-like line (…年度报告) among `lines`, or two lines a converter wrapped it into.
    A breadcrumb (首页 > 政务公开 > 政府信息公开年度报告) is no title, and a title-like line that names
    no year (a column's name) gives way to a later one that does."""
    texts = [_HEADING.sub("", line.strip()).strip() for line in lines]

    def candidates():
        for i, s in enumerate(texts):
            title = wrapped_title(s, texts[i + 1]) if i + 1 < len(texts) else None
            if title is None and 6 <= len(s) <= 80 and TITLE_RE.search(s) and not FIELD_RE.match(s) \
                    and not is_breadcrumb(s):
                title = s
            yield title
    return first_title(candidates())


def first_title(candidates) -> str | None:
    """The first of `candidates` (in page order; None for a line that is no title) that names a year,
    else the first: a column's name (政府信息公开年度报告) gives way to the report's title."""
    first = None
    for title in candidates:
        if title is None:
            continue
        if _YEAR_IN_TITLE.search(title):
            return title
        first = first or title
    return first


_YEAR_IN_TITLE = re.compile(r"(?:19|20)\d{2}\s*年|[〇零○][〇零○一二三四五六七八九]{2}\s*年")
_NOT_IN_TITLE = re.compile(r"[。；;！？，,：:\t]")
_BREADCRUMB = re.compile(r"[>＞»›→]|^(?:首页|当前位置|您的位置|您现在的位置|所在位置)")


def is_breadcrumb(line: str) -> bool:
    """首页 > 政务公开 > 政府信息公开年度报告: a page's path, no title even when it ends like one."""
    return _BREADCRUMB.search(line) is not None


def wrapped_title(line: str, nxt: str) -> str | None:
    """`line` + `nxt` when they are one title wrapped over two lines (2025 年上海市人民政府办公厅政府
    信息公开 / 工作年度报告): the second is a short title ending, the first names the year and is no
    title on its own, and neither holds sentence punctuation."""
    if not (2 <= len(nxt) <= 12 and 6 <= len(line) <= 60) or not TITLE_RE.search(nxt) or TITLE_RE.search(line):
        return None
    if not _YEAR_IN_TITLE.search(line) or _NOT_IN_TITLE.search(line + nxt):
        return None
    return line + nxt


# --- lines --------------------------------------------------------------------------------------

_CRAWLER_MARK = re.compile(r"^\s*={3,}\s*正文\s*={3,}\s*$", re.M)
_HEADING = re.compile(r"^#{1,6}\s+")
_PIPES = "|｜"
_PIPE = re.compile(r"[|｜]")
_ONLY_PIPES = re.compile(r"[|｜]+")
_TRAILING_PIPES = re.compile(r"^([^|]*?)\s*\|[\s|]*$")
_RULE = re.compile(r"^[\s\-=:+_|｜]+$")
_RULE_START = frozenset("-=:+_|｜")
_COLUMN_SEP = re.compile(r"[ \u3000\xa0]*\t[ \u3000\xa0]*|[ \u3000\xa0]{2,}")
_SPACED_DIGIT = re.compile(r"\d[ \t\u3000\xa0]+\S|\S[ \t\u3000\xa0]+\d")
_ONE_CJK = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff]$")
_SPACED_LETTERS = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff]( [\u3400-\u4dbf\u4e00-\u9fff])*$")
_URL_CHARS = r"[A-Za-z0-9\-._~:/?#\[\]@!$&'*+,;=%]+"
# Literal prefixes keep the search fast (an alternation at the start would test every character).
_URLS = (re.compile("https?://" + _URL_CHARS), re.compile("HTTPS?://" + _URL_CHARS),
         re.compile(r"www\." + _URL_CHARS), re.compile(r"WWW\." + _URL_CHARS))
_BOLD = re.compile(r"^(\*\*|__)(.+)\1$")


def undelimited(text: str) -> bool:
    """True when whitespace inside a one-cell row separates digits (a weak cell-boundary hint)."""
    if " " not in text and "\t" not in text and "\u3000" not in text and "\xa0" not in text:
        return False
    return _SPACED_DIGIT.search(text) is not None


_BOLD_MARKS = ("**", "__")


def _unbold(s: str) -> str:
    """A stripped text without Markdown bold marks (**text**, __text__)."""
    if s[:2] not in _BOLD_MARKS:
        return s
    m = _BOLD.match(s)
    return m.group(2).strip() if m else s


def _cell_text(s: str) -> str:
    return _unbold(s.strip())


_BOTH_SIDES = re.compile(r"[^|\s]\s*\|\s*[^|\s]")


def _two_fields_then_more(lines: list[str], i: int) -> bool:
    """Line i is two fields around one pipe ("信息内容 | 本年处理决定数量") and the next line has a pipe
    too: the first row of a table of two columns without outer pipes, not a pipe in prose."""
    s = lines[i].strip()
    if s.count("|") != 1 or s[0] == "|" or s[-1] == "|" or len(s) > 80:
        return False
    # one of the next two lines has words or numbers on both sides of a pipe (行政许可 | 10942), not only
    # a cell and its pipe (a page copied cell by cell: "信息内容 | "); or html2text's rows, which end with
    # two spaces (a Markdown line break), a blank last cell too ("行政处罚 |   ")
    after = lines[i + 1:i + 3]
    return any(_BOTH_SIDES.search(line) for line in after) or (
        lines[i].endswith("  ") and bool(after) and "|" in after[0] and after[0].endswith("  "))


def _pipe_fields(line: str, lineno: int, markdown: bool, open_ended: bool = False,
                 wide: bool = False) -> list[Cell] | None:
    """Cells of a pipe line, or None when the pipe is just a character in prose.

    open_ended: the table's rows end with their last value, not a pipe (html2text); wide: the row
    before in the table has two or more cells (so "规章 |   " is a label and an empty cell, not a page
    copied cell by cell)."""
    s = line.strip()
    offset = len(line) - len(line.lstrip())
    if "｜" in s:
        s = s.replace("｜", "|")  # same length: columns stay right
    first, last = s[0] == "|", s[-1] == "|"
    if not markdown:
        if not s.strip("| \t\u3000\xa0"):
            return [Cell("", {"line": lineno, "col": offset + 1})]  # a copied page's empty cell
        if not first and not (wide and open_ended and line[-1:] in (" ", "\t")):
            m = _TRAILING_PIPES.match(s)
            if m:  # "text |" / "text | |||": one cell, then terminators
                return [Cell(_cell_text(m.group(1)), {"line": lineno, "col": offset + 1})]
            if not last and s.count("|") < 2:
                return None
    if first and open_ended and (markdown or wide) and (not last or line[-1:] in (" ", "\t")):
        first = False  # html2text's rows have no outer pipes: a row starting with one starts with an empty cell
    parts = s.split("|")
    # The cells are the parts between the first and the last pipe; a part starts one past the end
    # of the one before it.
    pos = offset + 1  # 1-based column of the part at hand
    if first:
        pos += len(parts[0]) + 1
    cells = []
    for part in parts[1 if first else 0:len(parts) - 1 if last else len(parts)]:
        text = part.strip()
        if text:
            lead = len(part) - len(part.lstrip()) if part[0] != text[0] else 0
            cells.append(Cell(text if text[:2] not in _BOLD_MARKS else _unbold(text),
                              {"line": lineno, "col": pos + lead}))
        else:
            cells.append(Cell("", {"line": lineno, "col": pos}))
        pos += len(part) + 1
    if open_ended and (markdown or wide) and last and not first and line[-1:] in (" ", "\t"):
        # html2text writes rows without outer pipes ("258| 12| 1|    "): in a table whose rows end
        # with their last value, spaces after a last pipe are that row's last cell, left empty
        cells.append(Cell("", {"line": lineno, "col": pos}))
    return cells or [Cell("", {"line": lineno, "col": offset + 1})]


# _COLUMN_SEP kept by split: fields and separators alternate.
_COLUMN_SPLIT = re.compile("(" + _COLUMN_SEP.pattern + ")")


def _column_fields(line: str, lineno: int) -> list[Cell]:
    """Cells of a tab- or space-aligned line (one per column), [] when it has one column.
    A tab at the start or end of the line stands for an empty cell there, so only spaces are trimmed."""
    s = line.strip(" \u3000\xa0\r")
    parts = _COLUMN_SPLIT.split(s)  # text, separator, text, ..., text
    if len(parts) < 3:
        return []
    offset = len(line) - len(line.lstrip(" \u3000\xa0\r")) + 1  # 1-based column of s[0]
    texts = parts[0::2]
    starts = [0, *accumulate(map(len, parts))][0::2]  # where each text starts in s
    # A field of one letter after a separator of spaces only (every tab is one separator, so fewer
    # tabs than separators means some are spaces): maybe a label spaced out letter by letter.
    if s.count("\t") < len(texts) - 1 and 1 in map(len, texts):
        merged = _merge_spaced_letters(texts, starts, parts[1::2])
        if len(merged) < 2:
            return []
        texts, starts = [t for t, _ in merged], [start for _, start in merged]
    if "|" in s or "｜" in s:  # a ruling OCR read as a pipe between two values: 0|2, 4 | 63
        texts, starts = _split_at_bars(texts, starts)
    # _cell_text inlined (a call per cell costs more than the rest of its work)
    return [Cell(u if (u := t.strip())[:2] not in _BOLD_MARKS else _unbold(u), {"line": lineno, "col": offset + start})
            for t, start in zip(texts, starts)]


_VALUES_AND_BARS = re.compile(r"[\d.,]+(?:\s*[|｜]\s*[\d.,]+)+")
_BAR = re.compile(r"\s*[|｜]\s*")


def _split_at_bars(texts: list[str], starts: list[int]) -> tuple[list[str], list[int]]:
    """Fields of values with pipes between them (a line whose columns are partly spaces, partly
    pipes) split at the pipes; every other field as it is."""
    out_texts, out_starts = [], []
    for text, start in zip(texts, starts):
        stripped = text.strip()
        if not _VALUES_AND_BARS.fullmatch(stripped):
            out_texts.append(text)
            out_starts.append(start)
            continue
        lead = len(text) - len(text.lstrip())
        at = 0
        for bar in _BAR.finditer(stripped):
            out_texts.append(stripped[at:bar.start()])
            out_starts.append(start + lead + at)
            at = bar.end()
        out_texts.append(stripped[at:])
        out_starts.append(start + lead + at)
    return out_texts, out_starts


def _merge_spaced_letters(texts: list[str], starts: list[int], seps: list[str]) -> list[tuple[str, int]]:
    """A label spaced out letter by letter ("规  章", "总  计") is one cell, not one per letter."""
    merged: list[tuple[str, int]] = []
    for i, (text, start) in enumerate(zip(texts, starts)):
        spaced = i > 0 and "\t" not in seps[i - 1]  # separated from the field before by spaces only
        if merged and spaced and _ONE_CJK.match(text) and _SPACED_LETTERS.match(merged[-1][0]):
            merged[-1] = (merged[-1][0] + " " + text, merged[-1][1])
        else:
            merged.append((text, start))
    return merged


def _tab_separated_cells(lines: list[str]) -> bool:
    """True for the text a browser makes of tables whose cells hold paragraphs: many lines that are
    a single tab, each between blank lines (a blank line an editor left a tab on is not that)."""
    seen = 0
    for i in range(1, len(lines) - 1):
        if lines[i] == "\t" and not lines[i - 1] and not lines[i + 1]:
            seen += 1
            if seen >= 20:
                return True
    return False


class _TabCells:
    """A browser's text of tables whose cells hold paragraphs (innerText, a copy of the page): each
    cell on lines of its own, the tab between two cells on a line of its own, cells that are no
    paragraphs on the line of their tabs ("\t77\t", "\t&nbsp;\t&nbsp;\t"). Two tabs with nothing
    between them hold an empty cell. A cell's text comes one blank line after its tab, a new row
    several blank lines after the last: a tab followed by several blank lines ends a row whose last
    cell was empty, and a row that starts with a tab starts with an empty cell. Empty cells are rows of
    one table (a row with no text must be a table's); the cells with text stay one-cell rows, as
    copied text is. A line of three cells or more, or one that no tab starts or ends (规章\t0\t0),
    is a row of aligned columns."""

    def __init__(self, table: int) -> None:
        self.table = table  # the table index of the empty cells
        self.open = False  # a tab came, and no cell since
        self.gap = 0  # blank lines since the last line with anything on it
        # A row that starts with a tab: its first cell was empty, or was a label spanning rows from
        # above (HTML's rowspan, not in this row): told by what comes next, a value or a label.
        self.row_start: tuple[int, int] | None = None

    def _empty(self, rows: list[Row], lineno: int, col: int) -> None:
        rows.append(Row([Cell("", {"line": lineno, "col": col})], True, self.table))

    def _settle_row_start(self, rows: list[Row], empty_cell: bool) -> None:
        if self.row_start is not None and empty_cell:
            self._empty(rows, *self.row_start)
        self.row_start = None

    def feed(self, rows: list[Row], lineno: int, line: str, s: str) -> bool:
        """Read one line; False when it is for the other layouts."""
        if not line:
            self.gap += 1
            return False
        gap, self.gap = self.gap, 0
        if "\t" in line:
            if not s and line[:1] != "\t":
                return True  # a row of empty cells (a table's spare last row): no cell of any row
            if s and (line[:1] != "\t" and line[-1:] != "\t" or sum(1 for x in line.split("\t") if x.strip()) > 2):
                self.open = False
                return False  # a row of cells in aligned columns
            col = 1
            for k, piece in enumerate(line.split("\t")):
                if k:  # a tab before this piece ends the cell before it
                    if self.open:
                        self._settle_row_start(rows, True)
                        self._empty(rows, lineno, col - 1)
                    elif k == 1 and gap > 2 and not line.split("\t", 1)[0].strip():
                        self.row_start = (lineno, col - 1)
                    self.open = True
                text = piece.strip()
                if text:
                    self._settle_row_start(rows, _VALUE_CELL.match(text) is not None)
                    rows.append(Row([Cell(text, {"line": lineno, "col": col + piece.index(text[0])})],
                                    not undelimited(text), None))
                    self.open = False
                elif piece and self.open and ("\xa0" in piece or "\u3000" in piece):
                    self._settle_row_start(rows, True)
                    self._empty(rows, lineno, col)  # a cell of &nbsp;
                    self.open = False
                col += len(piece) + 1
            return True
        if s:
            if self.open and gap > 2:  # the row's last cell was empty
                self._empty(rows, lineno - gap, 1)
            self._settle_row_start(rows, _VALUE_CELL.match(s) is not None)
            self.open = False
            return False
        if (self.open or gap > 2) and ("\xa0" in line or "\u3000" in line):
            self._settle_row_start(rows, True)
            self._empty(rows, lineno, 1)  # a cell of &nbsp; on a line of its own (a row may start with it)
            self.open = False
            return True
        # a paragraph of &nbsp; (a cell's empty second paragraph) is on the page; spaces are not
        self.gap = 0 if "\xa0" in line or "\u3000" in line else gap + 1
        return False


_NUMBER_LINE = re.compile(r"[-+]?\d[\d,.]*\s*(?:万?元|件|条|个|项)?$")


_NO_DIGIT = re.compile(r"[^0-9]*$")  # a line that can be the rest of a label (it holds no value)
_NUMBER_LINE_AT = r"[ \t]*[-+]?\d[\d,.]*[ \t]*(?:万?元|件|条|个|项)?[ \t]*"
_NUMBERS_ADJACENT = re.compile(rf"^{_NUMBER_LINE_AT}\n(?={_NUMBER_LINE_AT}$)", re.M)
_NUMBERS_SPACED = re.compile(rf"^{_NUMBER_LINE_AT}\n[ \t]*\n(?={_NUMBER_LINE_AT}$)", re.M)


def _blank_lines_are_cells(lines: list[str]) -> bool:
    """Whether blank lines between numbers are empty cells: a page copied one cell per line, where
    an empty cell leaves an empty line (1 / - / - / 1) and numbers otherwise follow each other
    directly. Not so when blank lines separate every cell (1 / - / 0 / - / 0)."""
    if max(lines[0::2].count(""), lines[1::2].count("")) > 0.45 * len(lines):
        return False  # every other line blank: blank lines separate the lines
    text = "\n".join(lines)
    adjacent = len(_NUMBERS_ADJACENT.findall(text))
    return adjacent >= 10 and len(_NUMBERS_SPACED.findall(text)) * 3 <= adjacent


def _blank_run(lines: list[str], i: int, rows: list[Row]) -> tuple[int, bool]:
    """(end, empty cells): the blank lines from lines[i] up to `end`, and whether they stand between
    two numbers each on a line of its own, one empty cell each (see _blank_lines_are_cells)."""
    j = i
    while j < len(lines) and not lines[j].strip():
        j += 1
    last = rows[-1] if rows else None
    between = last is not None and last.table is None and len(last.cells) == 1 \
        and _NUMBER_LINE.match(last.cells[0].text) is not None \
        and j < len(lines) and _NUMBER_LINE.match(lines[j].strip()) is not None
    return j, between and not (j == i + 1 and _numbers_alternate_with_blanks(lines, i))


_ALTERNATING_MIN = 5  # numbers, each a blank line from the next, that make blank lines separators


def _numbers_alternate_with_blanks(lines: list[str], i: int) -> bool:
    """The blank line lines[i] is one of a run of numbers and single blank lines taking turns
    (1 / - / 0 / - / 0 / - / 1 …: pdftotext's default output of a table): there the blank lines
    separate the numbers, where elsewhere in the text a blank line between numbers is an empty cell."""
    count = 0
    for step in (-1, 1):
        k = i + step if step < 0 else i + 1
        while 0 <= k < len(lines) and _NUMBER_LINE.match(lines[k].strip()) is not None:
            count += 1
            blank = k + step
            if not (0 <= blank < len(lines)) or lines[blank].strip() or count >= _ALTERNATING_MIN:
                break
            k = blank + step
    return count >= _ALTERNATING_MIN


_BARE_NUMBER = re.compile(r"[ \t]*\d{1,3}[ \t]*")


def page_numbers_by_running_heads(lines: list[str]) -> set[int]:
    """Indexes of lines that are bare page numbers beside a running head: a PDF's text copied out
    page by page repeats the report's title at the top of each page, and its footer's page number
    (2) stands right before it or after it, in the middle of a table where it would read as a value.
    A running head is a line naming a report (报告) that the text holds more than once; the numbers
    beside the heads are page numbers only where there is one beside each head and they count up."""
    seen: dict[str, int] = {}
    heads: list[int] = []
    for i, line in enumerate(lines):
        if "报告" in line:
            s = line.strip()
            if 8 <= len(s) <= 60:
                if s in seen:
                    heads.append(i)
                seen.setdefault(s, i)
    if len(heads) < 2:
        return set()
    for step in (-1, 1):  # the footer's number before each head, or the header's after it
        found = []
        for i in heads:
            j = i + step
            while 0 <= j < len(lines) and not lines[j].strip():
                j += step
            if not (0 <= j < len(lines) and _BARE_NUMBER.fullmatch(lines[j])):
                break
            found.append(j)
        # page numbers count up one a page: a value that happens to stand beside a head does not
        if len(found) == len(heads) and all(int(lines[b]) == int(lines[a]) + 1 for a, b in zip(found, found[1:])):
            return set(found)
    return set()


def rows_of_lines(lines: list[str], first_lineno: int = 1) -> list[Row]:
    """Rows of body lines, each line read in its own layout. Table blocks get table indexes."""
    rows: list[Row] = []
    lines = lines[:MAX_LINES]
    furniture = page_numbers_by_running_heads(lines)
    blank_cells = None  # whether blank lines between numbers are empty cells: asked when one is met
    run_end, run_cells = -1, False  # the current run of blank lines, and whether they are empty cells
    rest_line = -1  # the last line that went into the label of the row before as the rest of it
    table = -1
    block: str | None = None  # "pipe" or "columns" while inside a table block
    markdown = False  # the current pipe block is a Markdown table (leading pipes / separator)
    block_rows = 0  # rows of the current pipe block so far (a separator follows the first)
    open_ended = False  # the block's rows end with their last value, not a pipe (html2text)
    tabs = None
    if lines.count("\t") >= 20 and _tab_separated_cells(lines):
        table += 1
        tabs = _TabCells(table)
    # A page copied cell by cell puts each cell's text and a pipe on a line ("规章 |"), or the text and
    # the pipe on lines of their own ("规章" / "|"), a lone pipe for an empty cell, and a run of pipes at
    # a row's end for the places its merged cells cover ("||"): what the line before was tells them apart.
    markdown_tables: set[int] = set()  # the tables of Markdown rows
    after_text = False  # the line before was text without a pipe: a lone pipe now closes its cell
    after_pipe = False  # the line before ended a cell with a pipe: a run of pipes now ends the row
    for lineno, line in enumerate(lines, start=first_lineno):
        if furniture and lineno - first_lineno in furniture:
            continue
        s = line.strip()
        if s and s[0] in _PIPES and (after_text or after_pipe) and not (block == "pipe" and markdown) \
                and _ONLY_PIPES.fullmatch(s) and (len(s) > 1 or after_text):
            after_text, after_pipe = False, True
            continue
        if s:
            after_text = after_pipe = False
        if not s and block == "columns" and line.count("\t") >= 2:
            # a row of aligned columns that are all empty: every cell is an explicit blank
            rows.append(Row([Cell("", {"line": lineno, "col": i + 1}) for i in range(line.count("\t") + 1)],
                            True, table))
            continue
        if tabs is not None and tabs.feed(rows, lineno, line, s):
            continue
        if not s:
            if block == "pipe":
                block = None  # a blank line ends a Markdown table; aligned columns may have gaps
            elif block is None and blank_cells is not False:
                i = lineno - first_lineno
                if i >= run_end:
                    run_end, run_cells = _blank_run(lines, i, rows)
                    if run_cells and blank_cells is None:
                        blank_cells = _blank_lines_are_cells(lines)
                    run_cells = run_cells and blank_cells
                if run_cells:
                    rows.append(Row([Cell("", {"line": lineno, "col": 1})], True, None))
            continue
        first = s[0]
        if first in _RULE_START and _RULE.match(s) and (
                "---" in s or "===" in s or (block == "pipe" and block_rows == 1 and "-" in s)):
            if _PIPE.search(s) or "+" in s:  # table separator: it makes the block a Markdown table
                if block != "pipe":
                    table, block, block_rows, open_ended = table + 1, "pipe", 0, False
                markdown, block_rows = True, block_rows + 1
            continue  # a horizontal rule is not content
        if "|" in s or "｜" in s:
            if block != "pipe":
                md = first in _PIPES and len(_PIPE.findall(s)) >= 3
                cells = _pipe_fields(line, lineno, md)
                if cells is None and _two_fields_then_more(lines, lineno - first_lineno):
                    cells = _pipe_fields(line, lineno, True)  # html2text's two-column table: 信息内容 | 本年处理决定数量
                if cells is not None:
                    table, block, markdown, block_rows = table + 1, "pipe", md, 0
            else:
                wide = bool(rows) and rows[-1].table == table and len(rows[-1].cells) >= 2
                cells = _pipe_fields(line, lineno, markdown, open_ended, wide)
                if cells is not None and first in _PIPES and len(cells) >= 2:
                    markdown = True
            if cells is not None:
                rows.append(Row(cells, True, table))
                if markdown:
                    markdown_tables.add(table)
                after_pipe = not markdown and s[-1] in _PIPES
                block_rows += 1
                if block_rows == 1:
                    open_ended = False
                open_ended = open_ended or (first not in _PIPES and s[-1] not in _PIPES)
                continue
        if "\t" in line or "  " in s or "\u3000\u3000" in s or "\xa0" in s:
            cells = _column_fields(line, lineno)
            if cells:
                if block != "columns":
                    table, block = table + 1, "columns"
                elif _NO_DIGIT.match(s) and rows and (j := _rest_of_label(rows[-1], cells, lineno, rest_line)) is not None:
                    _label_cell(rows[-1]).text += cells.pop(j).text
                    rest_line = lineno
                rows.append(Row(cells, True, table))
                continue
        block = None
        head = _HEADING.match(s) if first == "#" else None
        if head:
            text = _cell_text(s[head.end():])
        else:  # s is stripped already; most lines have no bold marks
            text = s if s[:2] not in _BOLD_MARKS else _unbold(s)
        if not text:
            continue
        if rows and not head and len(rows[-1].cells) >= 3 and (_continues_label(rows[-1], text, lineno) or _rest_of_label(
                rows[-1], [Cell(text, {"col": len(line) - len(line.lstrip()) + 1})], lineno, rest_line) == 0):
            _label_cell(rows[-1]).text += text  # the rest of a label wrapped under its values
            rest_line = lineno
            continue
        col = len(line) - len(line.lstrip()) + (head.end() if head else 0) + 1
        rows.append(Row([Cell(text, {"line": lineno, "col": col})], not undelimited(text), None))
        after_text = not head
    return _without_stray_last_cells(rows, markdown_tables) if markdown_tables else rows


def _without_stray_last_cells(rows: list[Row], tables: set[int]) -> list[Row]:
    """Markdown tables whose every row, a header among them, ends in an empty cell lose that cell: a stray
    empty column (a Word table's sliver, kept by the converter). Left in, with blank cells in a row, it
    would count as the row's last value and move the row's values a column. A piece of a table with no
    header keeps its cells (its last column may be blank throughout), unless it continues a table that
    lost such a column (the next piece of a table a converter cut in pieces)."""
    by_table: dict[int, list[int]] = {}
    for i, row in enumerate(rows):
        if row.table in tables:
            by_table.setdefault(row.table, []).append(i)
    cut: set[int] = set()
    for table in sorted(by_table):
        members = by_table[table]
        table_rows = [rows[i] for i in members]
        if any(not r.cells or r.cells[-1].text for r in table_rows):
            continue
        if table - 1 not in cut and (len(table_rows) < 2 or not has_header(table_rows)):
            continue
        cut.add(table)
        for i in members:
            rows[i] = Row(rows[i].cells[:-1], rows[i].delimited, rows[i].table)
    for members in by_table.values():
        _without_padding_under_headers(rows, members)
    return [row for row in rows if row.cells]


_ARTICLE = re.compile(r"\s*第[一二三四五六七八九十百\d]+条")  # 第二十条第（一）项: a block of table 1


def _without_padding_under_headers(rows: list[Row], members: list[int]) -> None:
    """A converter flattens merged cells into empty ones: in a row as wide as the one-row header above
    it (table 1's blocks), an empty cell under no word of that header is padding, not a blank value
    (| 信息内容 |  | 上一年项目数量 | 本年增/减 | over | 行政事业性收费 |  | 1 |  |: the label spans two
    columns; under | 信息内容 | 本年处理决定数量 |  |  |, 行政许可's value spans three)."""
    worded: set[int] = set()  # the columns a word of the current header stands in
    width = 0
    header_rows = 0  # rows of the current header: only a one-row header (table 1's) tells columns, the
    # levels of a deeper one (tables 2 and 3) are flattened each its own way (a level's cells left out)
    for i in members:
        row = rows[i]
        cells = row.cells
        if is_header_row(row) and not any(ch.isdigit() for c in cells for ch in c.text):
            header_rows += 1
            # the label column's own header (信息内容) shows the row is the whole header, not its lowest
            # level (商业企业 … 其他 under rows a converter flattened its own way)
            worded = {k for k, c in enumerate(cells) if WORDS.search(c.text)} \
                if header_rows == 1 and WORDS.search(cells[0].text) else set()
            width = len(cells)
            continue
        header_rows = 0
        if sum(1 for c in cells if c.text.strip()) == 1 and _ARTICLE.match(cells[0].text):
            worded, width = set(), 0  # a block's title (第二十条第（八）项): the header of the block follows
            continue
        if len(cells) != width or not worded or len(worded) < 2:
            continue
        kept = [c for k, c in enumerate(cells) if k == 0 or k in worded or c.text.strip()]
        if len(kept) != len(cells):
            rows[i] = Row(kept, row.delimited, row.table)


# A line that starts a row or a section of its own: 一、 （二） 3. (1) 第二十条 ...
_OWN_START = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[.．、)]|[\u3220-\u3229\u2460-\u249b]"
                        r"|第\s*[一二三四五六七八九十\d\s]+[条项章])")
_CONTINUATION = re.compile(r"^[^\d：:。；;]{1,40}$")


def _starts_own(text: str) -> bool:
    """`text` starts a row or section of its own, also after a piece of a group label printed to its
    left (年度办 （二）部分公开（区分: pdftotext -layout)."""
    return _OWN_START.match(text) is not None or any(_OWN_START.match(word) for word in text.split()[1:])


def _continues_label(row: Row, text: str, lineno: int) -> bool:
    """A text line right under a row of aligned columns whose first cell is text and the rest values
    (w3m and lynx print a long label over two lines, its values on the first): the rest of that label.
    Never a line that starts a row or section of its own, holds a digit or ends a sentence."""
    cells = row.cells
    if len(cells) < 3 or row.table is None or cells[0].at.get("line") != lineno - 1:
        return False
    first = cells[0].text
    if not first or first[-1].isdigit() or _starts_own(text) or not _CONTINUATION.match(text):
        return False
    return all(not c.text or _VALUE_CELL.match(c.text) for c in cells[1:])


def _label_cell(row: Row) -> Cell:
    """A table row's label: the last text cell before its values (cells before it are pieces of the
    group labels to its left, as pdftotext -layout prints them: 不予 / 5.属于三类内部事 / 0 / …)."""
    cells = row.cells
    first_value = next((i for i, c in enumerate(cells) if c.text and _VALUE_CELL.match(c.text)), len(cells))
    return cells[max(first_value - 1, 0)]


def _rest_of_label(row: Row, cells: list[Cell], lineno: int, rest_line: int = -1) -> int | None:
    """Index in `cells` (a line with no value) of the rest of the label of `row`, the line above (or
    above the rest found before, `rest_line`):
    the cell that starts in the label's column. pdftotext -layout prints a long label over two lines,
    its values on the first, and pieces of the group labels to its left on either (三、本 / 稳定”)."""
    above = row.cells
    if len(above) < 3 or row.table is None or lineno - 1 not in (above[0].at.get("line"), rest_line) \
            or not _VALUE_CELL.match(above[-1].text):
        return None  # the line above is no row ending in its values
    rest = cells[-1]
    text = rest.text
    if not text or not _CONTINUATION.match(text) or _starts_own(text) \
            or any(_VALUE_CELL.match(c.text) for c in cells):
        return None  # a line with values is a row of its own
    label = _label_cell(row)
    k = above.index(label)
    if not label.text or label.text[-1].isdigit() or not all(not c.text or _VALUE_CELL.match(c.text)
                                                             for c in above[k + 1:]) or k + 1 == len(above):
        return None
    # a wrapped label filled its column (a short one, 行政处罚, is whole); the rest is the line's
    # last field (a row of its own has its empty cells after its label: 行政强制 / - / -)
    col = label.at.get("col")
    if len(label.text) < 6 or col is None:
        return None
    # under the label's first character (or its last word's: （四）无法 1.本机关不掌握相), counted in
    # characters or in display columns (a Chinese character two wide): converters align either way
    at, shown = rest.at.get("col", 0), _display_col(cells, len(cells) - 1, 0)
    offset = label.text.rfind(" ") + 1
    for start in {0, offset}:
        if abs(at - (col + start)) <= 1 or abs(shown - _display_col(above, k, start)) <= 1:
            return len(cells) - 1
    return None


_VALUES_LINE = re.compile(r"[0-9０-９][0-9０-９.,]*(?:[ \t]+[0-9０-９][0-9０-９.,]*)*[ \t]*")
_HARD_WRAP_MAX = 120  # text wrapped at a fixed width is 60-100 columns wide


def _join_wrapped_values(lines: list[str]) -> None:
    """Text hard-wrapped at a fixed width (an e-mail, a plain-text export) breaks a long table row
    where the width runs out: its last values start the next line (…不计其他情形）  4  1  0 /
    0  0  0  5). Such a line of values only, at the line's start, after a row that ends in a value
    and fills most of the width, is put back at the end of that row; its own line is left empty (line
    numbers stay those of the file). No line of the file may be wider than such a width."""
    if not lines or max(map(len, lines)) > _HARD_WRAP_MAX:
        return  # the common case: long lines (paragraphs, rows), no wrap
    candidates = [i for i in range(1, len(lines)) if lines[i][:1] in _DIGIT_START_CHARS
                  and lines[i - 1][-1:] in _DIGIT_START_CHARS and _VALUES_LINE.fullmatch(lines[i])]
    if not candidates:
        return
    width = max(len(line) + _wide(line) for line in lines)
    if width > _HARD_WRAP_MAX:
        return
    for i in candidates:
        above = lines[i - 1]
        # most of the width: a wrap at a run of spaces leaves a column's spacing and value unused
        if len(above) + _wide(above) >= 0.7 * width and _CJK.search(above):
            lines[i - 1], lines[i] = f"{above}    {lines[i].strip()}", ""


def _wide(text: str) -> int:
    return sum(1 for ch in text if ord(ch) >= 0x1100 and east_asian_width(ch) in "WF")


def _display_col(cells: list[Cell], j: int, start: int) -> int:
    """The display column of character `start` of cells[j] on its line: its column plus one for each
    wide character before it (the text between cells is spaces)."""
    before = sum(_wide(c.text) for c in cells[:j]) + _wide(cells[j].text[:start])
    return cells[j].at.get("col", 0) + start + before


def urls_of(text: str) -> list[tuple[str, str]]:
    """(url, "") for every distinct URL written in `text`, in order."""
    found: list[tuple[int, str]] = []
    for pattern in _URLS:
        for m in pattern.finditer(text):
            if pattern.pattern.startswith("w") or pattern.pattern.startswith("W"):
                if m.start() >= 3 and text[m.start() - 3:m.start()] == "://":
                    continue  # the host part of an http:// URL found already
            url = m.group(0).rstrip(".,;:!?)]'")
            if len(url) > 8:
                found.append((m.start(), url))
    seen = dict.fromkeys(url for _, url in sorted(found))
    return [(u, "") for u in seen]


MAX_LINES = 50_000  # a report has a few hundred lines; far more is not a report


def _crawler_mark(text: str):
    """The ``===== 正文 =====`` line of a crawler file (within its first 20,000 characters)."""
    i = text.find("正文", 0, 20000)
    while i != -1:
        start = text.rfind("\n", 0, i) + 1
        m = _CRAWLER_MARK.match(text, start)
        if m:
            return m
        i = text.find("正文", i + 2, 20000)
    return None


# A Markdown list item's marker (- 0  0  0 is the list item "0  0  0", not a blank cell and two
# zeros): replaced by spaces, so that the columns of what follows stay where they are.
_LIST_MARKER = re.compile(r"(?m)^([ \t]*(?:>[ \t]*)*)([-*+][ \t]+)(?=\S)")


# --- the reader ---------------------------------------------------------------------------------

def read(data: bytes, source: Source, markup: bool = False) -> Document:
    """`markup`: text with tags and entities left in it (readers.tagged_text), read without them."""
    doc = Document(source)
    try:
        text, encoding = decode(data)
    except Exception:  # decode() is defensive already; this is the last guard of "never raise"
        text, encoding = data.decode("utf-8", "replace"), "utf-8"
    text = glyphs.fold_text(text, data, encoding)  # ⾏政复议 copied out of a PDF is 行政复议
    spans = embedded_tables(text)
    if spans:
        return _read_with_tables(text, spans, source, encoding)
    if source.media_type == "text/markdown" and ("- " in text or "* " in text or "+ " in text):
        text = _LIST_MARKER.sub(lambda m: m.group(1) + " " * len(m.group(2)), text)
    if markup or (source.media_type == "text/plain" and "<" in text):
        from .tagged_text import has_tags, strip_markup
        if markup or has_tags(text):  # tags a crawler's export left in (<br> ending each line)
            text = strip_markup(text)
    return read_text(text, doc, encoding, data)


# --- text with HTML tables in it ----------------------------------------------------------------

_TABLE_TAG = re.compile(r"<(/?)table\b[^>]*>", re.I)
_CELL_TAG = re.compile(r"<t[dh]\b", re.I)
_CELL_END = re.compile(r"</t[dhr]\s*>", re.I)


def embedded_tables(text: str) -> list[tuple[int, int]]:
    """The (start, end) of each outermost HTML table in a text file: Markdown converters (pandoc)
    write a table with merged cells as HTML. Its attributes (``style="width: 38px"``) must never be
    read as values, and its rowspans and colspans make the grid: the HTML reader reads it."""
    if ("<t" not in text and "<T" not in text) or not _CELL_TAG.search(text):
        return []
    spans, depth, start = [], 0, 0
    for m in _TABLE_TAG.finditer(text):
        if not m.group(1):
            if depth == 0:
                start = m.start()
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                spans.append((start, m.end()))
    if depth:  # a table left open ends with its last cell; what follows is text
        ends = [m.end() for m in _CELL_END.finditer(text, start)]
        if ends:
            spans.append((start, ends[-1]))
    return [(a, b) for a, b in spans if _CELL_TAG.search(text, a, b)]


def _read_with_tables(text: str, spans: list[tuple[int, int]], source: Source, encoding: str) -> Document:
    """Text with HTML tables: the text between them as preformatted lines (read line by line as
    any text), the tables as markup, all read by the HTML reader."""
    from html import escape

    from . import html

    parts, at = ["<html><body>"], 0
    for a, b in spans:
        parts.append(f"<pre>{escape(text[at:a])}</pre>{text[a:b]}")
        at = b
    parts.append(f"<pre>{escape(text[at:])}</pre></body></html>")
    doc = html.read("".join(parts).encode("utf-8", "replace"), source)
    lines = [l for l in text[:spans[0][0]].split("\n")[:200] if l.strip()][:80]
    fields = fields_of_lines(lines)  # the header lines a page would have in its chrome
    if "title" not in fields and (title := title_of_lines(lines)):
        fields["title"] = title
    for key, value in fields.items():
        doc.header.setdefault(key, value)
    doc.header["encoding"] = encoding
    return doc


def read_text(text: str, doc: Document, encoding: str | None = None, raw: bytes | None = None) -> Document:
    """Fill `doc` from decoded text (also used by the HTML reader when markup cannot be parsed).
    `raw` is the bytes `text` was decoded from, when they are at hand (a faster clean-up)."""
    if raw is not None and raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8):]
    reason = unreadable_reason(text, raw, encoding)
    if reason:
        doc.problems.append(Problem("source.unreadable", reason))
        return doc
    text = unbox(clean(text, raw, encoding))
    if "丨" in text:  # OCR reads a table's ruling as 丨, a character no report writes otherwise
        text = _OCR_BAR.sub("|", text)
    if ("|" in text or "｜" in text) and _RULE_AS_LETTER.search(text):
        text = rules_read_as_letters(text)
    if encoding:
        doc.header["encoding"] = encoding
    lines = text.split("\n", MAX_LINES)
    if len(lines) > MAX_LINES:
        lines.pop()  # the unsplit rest of the file
        doc.problems.append(Problem(
            "source.unreadable", f"文件超过 {MAX_LINES} 行，不像是一份年度报告，只读取了前 {MAX_LINES} 行"))
    _join_wrapped_values(lines)
    mark = _crawler_mark(text)
    if mark:
        split = text.count("\n", 0, mark.start())
        header_lines, body_start = lines[:split], split + 1
        fields = fields_of_lines(header_lines)
        rows: list[Row] = []
        rest = body_start
        for i in range(body_start, len(lines)):
            body = lines[i].strip()
            if body:  # the flattened body: one undelimited cell, never split here
                col = len(lines[i]) - len(lines[i].lstrip()) + 1
                rows.append(Row([Cell(body, {"line": i + 1, "col": col})], False, None))
                rest = i + 1
                break
        rows.extend(rows_of_lines(lines[rest:], rest + 1))
        body_text = "\n".join(lines[body_start:])
    else:
        top = [l for l in lines[:200] if l.strip()][:80]
        fields = fields_of_lines(top)
        if "title" not in fields:
            title = title_of_lines(top)
            if title:
                fields["title"] = title
        rows = rows_of_lines(lines)
        body_text = text
    doc.header.update(fields)
    doc.rows = rows
    doc.links = urls_of(body_text)
    if not rows:
        doc.problems.append(Problem("source.unreadable", "文件中没有可读取的正文内容"))
    return doc
