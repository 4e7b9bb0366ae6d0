"""The value evidence of a document: its cells as one stream of text (Stream), what a cell holds
(a number, numbers, a blank or text) and the tokens between one row label and the next (row_tokens).
"""
from __future__ import annotations

from bisect import bisect_right
from functools import lru_cache
from itertools import accumulate
from operator import add
import re

from ..document import NUMBERED_LABEL, Document
from ..readers.text import PAGE_NUMBER
from .normalize import Normalized, fold
from .numbers import BLANK_CELL, CJK, NUMBER, Token, make_number


class Stream:
    """The document body as one string (cells joined by tab, rows by newline) and the way back.

    Cells are numbered in reading order; per cell the lists below hold what reading a row's
    evidence asks of it, so the hot loop indexes flat lists instead of walking Row/Cell objects."""

    def __init__(self, doc: Document):
        self.doc = doc
        cells = [cell for row in doc.rows for cell in row.cells]
        texts = [cell.text for cell in cells]
        self.cell_texts = texts
        self.cell_ats = [cell.at for cell in cells]
        self.cell_rows = [ri for ri, row in enumerate(doc.rows) for _ in row.cells]  # the row of each cell
        self.row_last = [n - 1 for n in accumulate(map(len, [row.cells for row in doc.rows]))]  # its last cell
        self.row_delimited = [row.delimited for row in doc.rows]
        # cell i starts after the texts before it and their i separators
        self.cell_starts = list(map(add, accumulate(map(len, texts), initial=0), range(len(texts))))
        self.text = "\t".join(texts) + "\t"  # separators are never inside a cell's text
        self.norm = Normalized(self.text)
        self._value_like: dict[int, bool] = {}  # cell index -> holds a value; filled as cells are asked about
        # Numbered row labels the template does not know, with values after them (row_tokens): the
        # stream offsets of the label and of the end of the row it fell in
        self.unknown_rows: list[tuple[int, int]] = []

    def value_like(self, i: int) -> bool:
        """Whether cell i holds a value (a number, numbers or a blank) rather than text."""
        like = self._value_like.get(i)
        if like is None:
            like = self._value_like[i] = _parse_cell(self.cell_texts[i]) is not None
        return like

    def plain_text(self) -> str:
        """`doc.plain_text()`: cells joined by tabs, rows by newlines."""
        if self.row_last == list(range(len(self.row_last))):  # one cell a row (one cell per line): one join
            return "\n".join(self.cell_texts)
        return self.doc.plain_text()

    def cell_at(self, pos: int) -> int:
        """Index (into cell_starts) of the cell containing stream offset `pos`."""
        return max(0, bisect_right(self.cell_starts, pos) - 1)


_REMARK = re.compile(r"[（(][^（()）]{0,20}[)）]")
_NUMBERING = re.compile(r"[（(][一二三四五六七八九十]+[)）]")
_HEADER_MARKS = re.compile(r"[()#:]")  # brackets and marks a header's words may carry
TWO_CJK = re.compile(r"[\u4e00-\u9fff][^\u4e00-\u9fff]*[\u4e00-\u9fff]")  # at least two Chinese characters


@lru_cache(maxsize=8192)
def _parse_cell(text: str) -> tuple | None:
    """A delimited cell's values: () for a blank, a tuple of (sign, digits, frac, unit, raw) for
    numbers separated by spaces, None when the cell is text. A short remark in brackets after the
    number (`3项(41笔)`) is not a value. Cached: most cells of a report are "0"."""
    t = text.strip()
    if "(" in t or "（" in t:
        if _NUMBERING.match(t):
            return None  # （三） / （四）无 (a label cut in lines): a row's numbering, not a value
        bracket, t = t, _REMARK.sub("", t).strip()
        if not t:  # only a bracket: （无） is a blank; anything else in it a label's piece
            return () if BLANK_CELL.match(bracket[1:-1]) else None
    if not t or BLANK_CELL.match(t):
        return ()
    if "\u4e00" <= t[0] <= "\u9fff":
        named = _column_word_value().match(t)  # 现行有效 38件: the column's name, then its value
        if named is not None and named.end() < len(t):
            t = t[named.end():]
    word_sign = ""
    if t[0] in "增减":
        w = _WORD_SIGNED.fullmatch(t)  # 增加3 / 减少5: a change written in words, the whole cell
        if w is None:
            return None
        word_sign, written, t = ("+" if w.group(1)[0] == "增" else "-"), t, w.group(2)
    nums = list(NUMBER.finditer(t))
    if not nums or NUMBER.sub("", t).strip() or (word_sign and (len(nums) > 1 or nums[0].group(1))):
        return None
    return tuple((m.group(1) or word_sign, m.group(2).replace(",", "").replace("，", ""), m.group(3), m.group(4),
                  written if word_sign else m.group().strip()) for m in nums)


_CAPTION_NUMBER = re.compile(r"^表[\d一二三四五六七八九十]+(?:[-.]\d+)?")  # 表3-1, 表三 (folded)


@lru_cache(maxsize=1)
def _column_word_value() -> re.Pattern:
    """The name of a table-1 column leading a cell, before a number (labels.yaml active.column_words)."""
    from .labels import data
    words = sorted((w for ws in data()["active"]["column_words"].values() for w in ws), key=len, reverse=True)
    return re.compile(rf"(?:{'|'.join(map(re.escape, words))})\s*[:：]?\s*(?=[0-9０-９])")


_WORD_SIGNED = re.compile(r"(增加|减少|增|减)\s*(\d[\d,.]*\s*\S{0,2})")


def _is_header(text: str, skip_rx: re.Pattern | None) -> bool:
    if skip_rx is None:
        return False
    t = _HEADER_MARKS.sub("", fold(text))
    if "表" in t:
        t = _CAPTION_NUMBER.sub("", t.strip())
    return bool(t) and skip_rx.fullmatch(t) is not None


def _words_follow(text: str, skip_rx: re.Pattern | None) -> bool:
    """Text of two or more Chinese characters (not a header of the table): the numbers end here."""
    return TWO_CJK.search(text) is not None and not _is_header(text, skip_rx)


_YEAR_END = re.compile(r"(?:199\d|20\d\d)$")
class _AnotherRow(int):
    """_free_tokens' stop at the start of another row (_another_row): its offset in the text, truthy."""

    def __bool__(self) -> bool:
        return True
# Text that starts a numbered row of its own ((七)合计, 3.其他, ㈦总计): before a row's first value, where
# it starts, another row's label does (one the template does not know), and the values after it are that
# row's, not this one's.
_NUMBERED_WORDS = re.compile(NUMBERED_LABEL + r"\s*[\u4e00-\u9fff]{2}")
_WORD_SIGNS = {"减": "-", "增": "+"}  # a change written 减12 / 增3 (a single character, not 增加/减少 in prose)


def _free_tokens(text: str, at: dict | None, offset: int, out: list[Token], started: bool,
                 skip_rx: re.Pattern | None = None, row: int = -1) -> tuple[bool, bool]:
    """Numbers of free text (crawler lines). Returns (started, stop): numbers end at words."""
    pos = 0
    caption_end = -1
    for m in NUMBER.finditer(text):
        start = m.start()
        if skip_rx is not None and (start == caption_end or text[pos:start].rstrip()[-1:] == "表"):
            caption_end = m.end()  # 表3-1 行政复议情况: a caption's number (and its -1) is no value
            continue
        gap = text[pos:start]
        if started and len(gap) > 1 and _words_follow(gap, skip_rx):  # words need two characters
            return started, _AnotherRow(pos + len(gap) - len(gap.lstrip())) if _another_row(gap) else True
        if not started and len(gap) > 2 and _another_row(gap):
            return started, _AnotherRow(pos + len(gap) - len(gap.lstrip()))
        sign, digits, frac, unit = m.groups()
        if not started and gap.strip() in _NOTE_OPEN and len(digits) <= 2 and not (sign or frac or unit) \
                and text[m.end(2):m.end(2) + 1] in _NOTE_CLOSE:
            pos = m.end(2) + 1  # 行政处罚[1] 87: the label's note mark, printed on its line, is no value
            continue
        if not sign and gap[-1:] in _WORD_SIGNS and (len(gap) == 1 or not CJK.match(gap[-2])):
            sign = _WORD_SIGNS[gap[-1]]  # 行政事业性收费16减12: 本年增/减 printed as a word
        if unit is None and not frac and text.startswith("年", m.end()) and len(digits) >= 4 \
                and _YEAR_END.search(digits):
            # …继续办理20000022025年，…: the table ran into prose that starts with a year
            if len(digits) == 4:
                return started, True
            digits = digits[:-4]
            stop_after = True
        else:
            stop_after = False
        tok_at = dict(at) if at else None
        if tok_at is not None and "col" in tok_at:
            tok_at["col"] += offset + start + len(sign)
        end = m.end(2)  # the digits' end (the match may go on over spaces)
        if (text[start - 1:start] in _OCR_LETTER_SET or text[end:end + 1] in _OCR_LETTER_SET) and not (sign or frac or unit):
            word = _ocr_word(text, pos, start, end)  # l2, 1O, 4B: OCR's letters for digits in a word of digits
            if word is not None:
                w0, w1 = word
                if tok_at is not None and "col" in tok_at:
                    tok_at["col"] -= start - w0
                out.append(Token(text[w0:w1], raw=text[w0:w1], at=tok_at, separated=True, uncertain=True,
                                 candidates=(int(text[w0:w1].translate(_OCR_LETTERS)),), row=row))
                started = True
                pos = w1
                continue
        plain = digits.replace(",", "").replace("，", "")
        # positional: digits, frac, sign, unit, splittable, raw, at, blank, separated, row
        # separated: white space right before it (NUMBER's match may have taken it after the last one),
        # or the start of its cell (text is the cell's from offset on: at 0, nothing of the cell before it)
        separated = text[start - 1:start].isspace() if start else offset == 0
        out.append(Token(plain, frac, sign, unit, len(digits) > 1, (sign + digits) if stop_after else m.group().strip(),
                         tok_at, False, separated, row))
        started = True
        if stop_after:
            return started, True
        pos = m.end()
    if started and _words_follow(text[pos:], skip_rx):
        return started, True
    return started, False


_WORDS_THEN_NUMBERS = re.compile(r"\s*([\u4e00-\u9fff、，,（）()]+)((?:\s+[-+]?\d+)+)\s*")
_NOTE_OPEN, _NOTE_CLOSE = ("[", "［", "【"), ("]", "］", "】")
# A sign or a unit a capture put on a line of its own between a row's values (增 / 7, 11 / 批).
_LINE_SIGNS = frozenset(_WORD_SIGNS)
# A unit on a line of its own belongs to the value before it (16 / 万: 16万 = 160000 元).
_LINE_UNITS = frozenset(("批", "个", "项", "件", "次", "家", "宗", "份", "笔", "元", "万元", "万"))

OCR_CERTAIN = 0.8  # an OCR reading below this confidence is not taken as read (see readers/ocr.py)


def _ocr_token(text: str, at: dict, out: list[Token], row: int) -> bool:
    """A cell read by OCR with too little confidence: a value is there, which one is uncertain."""
    cands = []
    for alt in [text] + list(at.get("alternatives") or []):
        parsed = _parse_cell(alt) if alt else None
        if parsed and len(parsed) == 1:
            sign, digits, frac, _unit, _raw = parsed[0]
            cands.append(make_number(sign, digits, frac))
    out.append(Token(text.strip() or "?", raw=text, at=at, separated=True, uncertain=True,
                     candidates=tuple(sorted(set(cands))), row=row))
    return True


def _cell_tokens(text: str, at: dict | None, out: list[Token], row: int) -> bool:
    """A delimited cell: a blank, one number, or numbers separated by spaces. False if it is text."""
    if at is not None and "ocr_confidence" in at and (at.get("ocr_unreadable") or at["ocr_confidence"] < OCR_CERTAIN) \
            and not CJK.search(text):  # a label OCR read unsurely (其也注果) is still text, not a value
        return _ocr_token(text, at, out, row)
    parsed = _parse_cell(text)
    if parsed is None:
        t = text.strip()
        core = t.strip(_STRAY_MARKS)
        if 0 < len(core) <= 6 and _OCR_LETTER_DIGITS.fullmatch(core) and (core != t or not core.isdigit()):
            # l for 1, O for 0, S for 5, a stray mark (2', .7) (OCR text): a value is there, which one
            # only the relations may tell
            out.append(Token(t, raw=text, at=at, separated=True, uncertain=True,
                             candidates=(int(core.translate(_OCR_LETTERS)),), row=row))
            return True
        return False
    if not parsed:
        out.append(Token("", blank=True, at=at, raw=text, separated=True, row=row))
    for sign, digits, frac, unit, raw in parsed:
        # positional: digits, frac, sign, unit, splittable, raw, at, blank, separated, row
        out.append(Token(digits, frac, sign, unit, False, raw, at, False, True, row))
    return True


_OCR_LETTER_DIGITS = re.compile(r"[0-9OoIlSB]+")
_OCR_LETTER_SET = frozenset("OoIlSB")
_OCR_LETTERS = str.maketrans("OoIlSB", "001158")
_STRAY_MARKS = "'`’‘\".,，。·"  # specks OCR reads beside a digit


def _ocr_word(text: str, pos: int, start: int, end: int) -> tuple[int, int] | None:
    """(start, end) of the word of digits and OCR's letters for digits around the number at
    start:end of free text (l2, 1O), where white space or the text's ends bound it; else None."""
    w0, w1 = start, end
    while w0 > pos and text[w0 - 1] in _OCR_LETTER_SET:
        w0 -= 1
    while w1 < len(text) and (text[w1] in _OCR_LETTER_SET or text[w1] in "0123456789"):
        w1 += 1
    if (w0 > 0 and not text[w0 - 1].isspace()) or (w1 < len(text) and not text[w1].isspace()) or w1 - w0 > 6:
        return None
    return w0, w1


_PAGE_NUMBER_START = frozenset("-—–－第 ")  # a cheap test first: row_tokens asks it of every cell
_PAGE_NUMBER = re.compile(rf"\s*{PAGE_NUMBER}\s*$")


_VALUES_AGAIN_MIN = 5  # values a row holds at least for a line of them to be a whole row's
_TEXT_KINDS = ("text/plain", "text/markdown")  # a table's rows are lines: a row's values can stray


def _values_again(stream: Stream, i: int, row_end: int, count: int, row: int) -> list[Token]:
    """The tokens of cells i..row_end where they are words (no other row's label), then exactly
    `count` values (at least _VALUES_AGAIN_MIN): a whole row's values after words. Else none."""
    if count < _VALUES_AGAIN_MIN:
        return []
    j = i
    while j <= row_end and not stream.value_like(j):
        j += 1
    if j == i or j > row_end or not all(stream.value_like(k) for k in range(j, row_end + 1)):
        return []
    found: list[Token] = []
    for k in range(j, row_end + 1):
        _cell_tokens(stream.cell_texts[k], stream.cell_ats[k], found, row)
    return found if len(found) == count else []


def _spacer_before_values(stream: Stream, i: int, row_end: int, last: int, next_row: int) -> bool:
    """Cells i..row_end (a row of their own, before any value) are all empty and the next row is a row of
    values not all empty: the empty row is a spacer between a header and its values (a Word table's
    empty row), not the values left blank."""
    texts = stream.cell_texts
    if any(texts[j].strip() for j in range(i, row_end + 1)):
        return False
    j = row_end + 1
    if j > last or stream.cell_rows[j] == next_row:
        return False
    j_end = min(stream.row_last[stream.cell_rows[j]], last)
    return j_end > j and all(stream.value_like(k) for k in range(j, j_end + 1)) \
        and any(texts[k].strip() for k in range(j, j_end + 1))


_GROUP_NUMBERING = r"\s*(?:[（(][一二三四五六七八九十]{1,2}[)）]|[一二三四五六七八九十]{1,2}[、.．])\s*"


@lru_cache(maxsize=1)
def _group_labels() -> tuple[tuple[str, ...], re.Pattern]:
    """The words of table 2's group labels, and a pattern of group labels leading a text."""
    from .labels import data
    words = tuple(data()["requests"]["groups"])
    return words, re.compile(rf"(?:{_GROUP_NUMBERING}(?:{'|'.join(words)})\s*)+")


def group_words() -> tuple[str, ...]:
    """The words of table 2's group labels (不予公开, 其他处理 ...), as labels.yaml has them."""
    return _group_labels()[0]


def _another_row(text: str) -> bool:
    """`text` starts a numbered row label of its own ((七)合计, 3.其他), not a group label ((三)不予公开);
    also after group labels (三、本年度办理结果（一）同意公开)."""
    if _NUMBERED_WORDS.match(text) is None:
        return False
    words, leading_groups = _group_labels()
    m = leading_groups.match(fold(text[:60]))
    if m:
        text = fold(text[:60])[m.end():]
        if _NUMBERED_WORDS.match(text) is None:
            return False
    head = fold(text[:24])
    return not any(word in head for word in words)


def _row_lead(stream: Stream, i: int) -> str:
    """The text of the cells from i to the first value-like cell of its row (its label cells)."""
    texts, last = stream.cell_texts, stream.row_last[stream.cell_rows[i]]
    j = i
    while j <= last and (not stream.value_like(j) or not texts[j].strip()):
        j += 1
    return "".join(texts[i:j]) if j > i + 1 else texts[i]


def _note_unknown_row(stream: Stream, i: int, last: int, end: int) -> None:
    """Cell i starts a numbered row the template does not know: note it where values follow it."""
    texts = stream.cell_texts
    if any(texts[j].strip() and stream.value_like(j) for j in range(i + 1, last + 1)):
        stream.unknown_rows.append((stream.cell_starts[i] + len(texts[i]) - len(texts[i].lstrip()), end))


def unknown_row(stream: Stream, start: int, end: int) -> tuple[str, str]:
    """(label, the digits of its values in order) of an unknown row row_tokens noted."""
    text = stream.text[start:end]
    m = _NUMBERED_WORDS.match(text)
    label_end = m.end() if m else 0
    while label_end < len(text) and not text[label_end].isspace() and not text[label_end].isdigit():
        label_end += 1  # the rest of the label's words
    digits = re.sub(r"[^0-9]", "", text[label_end:].translate(_FULL_WIDTH_DIGITS))
    return text[:label_end].strip(), digits


_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def row_tokens(stream: Stream, a: int, b: int, label_rx: re.Pattern | None = None,
               skip_rx: re.Pattern | None = None, label_words: tuple[str, ...] = ()) -> list[Token]:
    """The value evidence between a label ending at stream offset a and the next label at b.

    label_rx: the row's own label; a later row that repeats it before its values (a Markdown table
    under a heading of the same name) is the row's data row.
    label_words: the row's whole labels, folded; a line that goes on with the label's words and then
    holds values (pdftotext -layout: 1.申请人无正当理由逾期不补正、 / 行政机关不再处理其政府信息公开 1 0
    0 0 0 0 1 / 申请) holds the row's values."""
    out: list[Token] = []
    if b <= a:
        return out
    texts, ats, starts = stream.cell_texts, stream.cell_ats, stream.cell_starts
    cell_rows, delimited = stream.cell_rows, stream.row_delimited
    # the cells holding offsets a, b - 1 and b (cell_at; offsets are >= 0 and the first cell starts at 0)
    first = bisect_right(starts, a) - 1
    last = bisect_right(starts, b - 1) - 1 if b - 1 > a else first
    label_row = cell_rows[first]
    next_row = cell_rows[bisect_right(starts, b) - 1] if b < len(stream.text) else -1
    started = False
    pending_sign = ""  # 增/减 on its own line: the sign of the next value
    label_row_values = False  # the label's own row is a table row and gave values
    label_is_table_row = delimited[label_row] and len(stream.doc.rows[label_row].cells) >= 2
    i = first
    while i <= last:
        ri = cell_rows[i]
        if ri != label_row and label_row_values:
            if _another_row(_row_lead(stream, i)):
                _note_unknown_row(stream, i, last, b)
            break  # a table row holds its own values: what follows (a page number, a note) is not them
        n_before = len(out)
        text = texts[i]
        if text[:1] in _PAGE_NUMBER_START and ri != label_row and len(text) <= 16 and _PAGE_NUMBER.match(text):
            i += 1  # — 4 — / 第3页: a page number printed inside the table is no value
            continue
        cstart = starts[i]
        lo = a - cstart if a > cstart else 0  # the part of the cell in range: text[lo:hi]
        hi = b - cstart if b - cstart < len(text) else len(text)
        if not delimited[ri] or lo > 0 or hi < len(text):  # free text, or only part of a cell
            piece = text[lo:hi] if hi > lo else ""
            if skip_rx is not None and piece[:1] == "表" and _is_header(piece, skip_rx):
                i += 1  # a caption between the parts of a table (表3-2 行政诉讼情况): its number is none
                continue
            if piece.strip():
                started, stop = _free_tokens(piece, ats[i], lo, out, started, skip_rx, ri)
                if ri == label_row and label_is_table_row and len(out) > n_before:
                    label_row_values = True
                if stop:
                    if isinstance(stop, _AnotherRow):
                        stream.unknown_rows.append((cstart + lo + stop, b))
                    break
            i += 1
            continue
        # A whole delimited cell.
        if ri != label_row:
            if ri == next_row:
                break  # cells before the next label in its own row are label cells
            # a row of its own: take it only if every cell in it is value-like
            row_end = min(stream.row_last[ri], last)
            if row_end == i and not text and stream.doc.rows[ri].cells[0].colspan > 1:
                i += 1  # a spacer row: one empty cell across the table's columns holds no value
                continue
            if not started and row_end > i and _spacer_before_values(stream, i, row_end, last, next_row):
                i = row_end + 1
                continue
            if row_end == i:  # most rows of their own: one cell (one cell per line)
                like = [stream.value_like(i)]
            else:
                like = [stream.value_like(j) for j in range(i, row_end + 1)]
            if not all(like):
                if skip_rx is not None and _is_header("".join(texts[i:row_end + 1]), skip_rx):
                    i = row_end + 1
                    continue
                first_value = like.index(True) if True in like else len(like)
                if (label_rx is not None and 0 < first_value < len(like) and all(like[first_value:])
                        and label_rx.search(fold("".join(texts[i:i + first_value])))):
                    i += first_value  # the row repeats our label: its values follow
                    continue
                if not started and label_words and first_value == 1 and all(like[1:]):
                    words = _WORDS_THEN_NUMBERS.fullmatch(text)
                    if words is not None and len(fold(words.group(1))) >= 4 and \
                            any(fold(words.group(1)) in w for w in label_words):
                        # the label's next line, with the row's first values after its words
                        started, _ = _free_tokens(text[words.end(1):], ats[i], words.end(1), out, started, None, ri)
                        i += 1
                        continue
                if started and row_end == i:  # a line of its own, within or right after the row's values
                    # A capture that put part of a value on a line of its own: the point of a decimal
                    # (851 / . / 776247), a sign or a unit (20 / 增 / 7 / 1, 11 / 批 / 129323 / 元, 16 / 万).
                    word, after = text.strip(), texts[i + 1].strip() if i < last else ""
                    if word in (".", "．") and after.isdigit() and out[-1].digits \
                            and not (out[-1].frac or out[-1].blank or out[-1].splittable):
                        out[-1].frac = after
                        out[-1].raw = f"{out[-1].raw}.{after}"
                        i += 2
                        continue
                    if word in _LINE_SIGNS and after and stream.value_like(i + 1):
                        pending_sign = _WORD_SIGNS[word]
                        i += 1
                        continue
                    if word in _LINE_UNITS and out[-1].digits and not (out[-1].unit or out[-1].blank):
                        out[-1].unit = word
                        out[-1].raw += word
                        i += 1
                        continue
                if _another_row(_row_lead(stream, i)):
                    _note_unknown_row(stream, i, last, b)
                    break
                if started:
                    # words, then as many values again: a second row's values under this label (a
                    # PDF's text with a row's values printed between the next label's lines). Both
                    # are taken, so that the row's reading has too many to be placed.
                    if stream.doc.source.media_type in _TEXT_KINDS:
                        out.extend(_values_again(stream, i, row_end, len(out), ri))
                    break
                i = row_end + 1
                continue
        if not _cell_tokens(text, ats[i], out, ri):
            if ri != label_row and _another_row(text):
                _note_unknown_row(stream, i, last, b)
                break
            if started and len(CJK.findall(text)) >= 2:
                break
        elif len(out) > n_before:
            if pending_sign and len(out) == n_before + 1 and not out[-1].sign and not out[-1].blank:
                out[-1].sign = pending_sign  # 增 / 7: the word on the line before signs the value
            started = True
            if ri == label_row and label_is_table_row and (skip_rx is None or not out[-1].blank):
                label_row_values = True  # (table 3's header row ending in empty cells: its values follow)
        pending_sign = ""  # it signs the cell right after it only
        i += 1
    if skip_rx is not None and label_is_table_row and not label_row_values and out and out[-1].row != label_row:
        # Table 3's label is its header: empty cells ending the header row are no values when the
        # values follow in a row of their own.
        out = [t for t in out if t.row != label_row]
    return out


def review_tokens(stream: Stream, a: int, b: int) -> list[Token]:
    return row_tokens(stream, a, b)
