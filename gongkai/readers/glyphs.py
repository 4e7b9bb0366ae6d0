"""Ideographs written as radicals: text copied out of a PDF often has ⼀ ⼈ ⾏ ⽉ ⽇ ⺠ ⻔ for
一 人 行 月 日 民 门.

A PDF font's character map may point a glyph at the Kangxi radical (U+2F00-U+2FD5) or the CJK
radical supplement (U+2E80-U+2EF3) that looks the same as the ideograph, and copying, pdftotext and
crawlers keep those code points. The text reads right on screen, but no label matches (⾏政复议,
⾃然⼈) and no date parses (2024年1⽉20⽇). Each is folded here to its ideograph, one character for one,
so positions and columns stay where they are.

Kangxi radicals fold as NFKC folds them. Of the supplement, NFKC folds only two: the rest are
listed below, the forms that stand for a whole character (Unicode's EquivalentUnifiedIdeograph.txt
gives the same); the forms of a component (⺅ ⺡ ⺾) never stand alone in a report and are left.
Compatibility ideographs (U+F900-U+FAFF) fold with them, but only in a text where radicals were
found: on their own they are ordinary characters of legacy encodings, not a font's accident.
"""
from __future__ import annotations

import re
import unicodedata

from ..document import Document
from .bytescan import search_led

# radical supplement form -> the ideograph it stands for
_SUPPLEMENT = (
    "⺌小 ⺜日 ⺝月 ⺟母 ⺠民 ⺩王 ⺬示 ⺼月 ⺽臼 ⻁虎 ⻄西 ⻅见 ⻆角 ⻉贝 ⻋车 ⻑長 ⻓长 ⻔门 ⻗雨 ⻘青 ⻙韦 "
    "⻚页 ⻛风 ⻜飞 ⻝食 ⻢马 ⻣骨 ⻤鬼 ⻥鱼 ⻦鸟 ⻧卤 ⻨麦 ⻩黄 ⻪黾 ⻬齐 ⻮齿 ⻰龙 ⻳龟"
)


def _table() -> dict[int, str]:
    table = {ord(pair[0]): pair[1] for pair in _SUPPLEMENT.split()}
    for code in (*range(0x2F00, 0x2FD6), *range(0xF900, 0xFB00)):
        folded = unicodedata.normalize("NFKC", chr(code))
        if len(folded) == 1 and folded != chr(code):
            table[code] = folded
    return table


FOLD = _table()
# In UTF-8 every radical starts E2 BA..E2 BF (U+2E80-U+2FFF): one literal-led scan of the bytes.
_RADICAL_UTF8 = re.compile(rb"\xe2[\xba-\xbf]")
# In GB18030 they are four-byte codes 81 38 FD 38..81 39 A1 35; 81 followed by a digit is no GBK character.
_RADICAL_GB18030 = re.compile(rb"\x81[89]")
_RADICAL = re.compile("[\u2e80-\u2fdf]")
# Encodings that have none of the folded radicals (GBK's few radicals are component forms).
_WITHOUT_RADICALS = frozenset(("ascii", "gbk", "gb2312", "big5", "cp936"))


def may_hold(data: bytes, encoding: str, text: str | None = None) -> bool:
    """Whether `data`, decoded as `encoding` (to `text`, when at hand), may hold a radical to fold."""
    if encoding.startswith("utf-8") or encoding == "utf_8":
        return search_led(_RADICAL_UTF8, data, b"\xe2")
    if encoding == "gb18030":
        return search_led(_RADICAL_GB18030, data, b"\x81")
    if encoding in _WITHOUT_RADICALS:
        return False
    return text is None or _RADICAL.search(text) is not None


def fold(text: str) -> str:
    return text.translate(FOLD)


def fold_text(text: str, data: bytes, encoding: str) -> str:
    """`text` (decoded from `data`) with its radicals folded, when it has any."""
    if may_hold(data, encoding, text) and _RADICAL.search(text):
        return fold(text)
    return text


def fold_document(doc: Document) -> None:
    """Fold the radicals of every cell and header value of `doc`, when it has any."""
    texts = [cell.text for row in doc.rows for cell in row.cells]
    texts.extend(v for v in doc.header.values() if isinstance(v, str))
    if not _RADICAL.search("\n".join(texts)):
        return
    for row in doc.rows:
        for cell in row.cells:
            cell.text = cell.text.translate(FOLD)
    for key, value in doc.header.items():
        if isinstance(value, str):
            doc.header[key] = value.translate(FOLD)
