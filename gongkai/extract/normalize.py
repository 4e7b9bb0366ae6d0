"""The text the label matcher sees, and the way back to the source.

Labels are matched on a normalised copy of the document stream: white space removed (labels are
often broken over lines or cells: 商业\n企业, 结果 纠正), punctuation and digits folded to one form
(（ vs (, 、 vs ., full-width digits), 其它 -> 其他, 勾稽 -> 钩稽, and characters OCR confuses with a
label's (中请 -> 申请). `Normalized.to_source` maps a position
in the normalised text back to the stream, so values are always read from the source as it stands.
"""
from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate, compress
from operator import add
import re

_PAIRS = {
    "（": "(", "）": ")", "【": "(", "】": ")", "〔": "(", "〕": ")", "［": "(", "］": ")", "[": "(", "]": ")",
    "、": ".", "，": ".", ",": ".", "．": ".", "。": ".", "；": ".", ";": ".", "·": ".", "：": ":",
    "它": "他", "勾": "钩", "／": "/", "－": "-", "—": "-", "–": "-", "＋": "+", "﹒": ".",
    # Quotes are dropped: they are mapped to a space, and spaces are removed.
    "“": " ", "”": " ", '"': " ", "‘": " ", "’": " ", "'": " ", "「": " ", "」": " ", "\u3000": " ", "\xa0": " ",
}
_PAIRS.update({chr(0xFF10 + i): str(i) for i in range(10)})
# Characters OCR reads in place of a label's character (中请 for 申请, 夏议 for 复议, 白然人 for 自然人),
# folded to it in labels and documents alike: no label's word is told from another's by them.
OCR_LOOKALIKES = {"中": "申", "己": "已", "巳": "已", "夏": "复", "白": "自", "杋": "机", "谓": "请",
                  "玫": "政", "仪": "议", "子": "予", "千": "于", "幵": "开", "泝": "诉", "刺": "制"}
_PAIRS.update(OCR_LOOKALIKES)
FOLD = str.maketrans(_PAIRS)
# str.translate with a dict looks every character up and raises (and swallows) a KeyError for each
# one not in the table: ~0.2 µs a character, most of the cost of normalising a report. One
# str.replace per folded character present is C-speed. It gives the same result because every
# mapping is one character to one character and no target is itself folded (checked here).
_REPLACEMENTS = tuple(_PAIRS.items())
assert all(len(k) == 1 and len(v) == 1 and v not in _PAIRS for k, v in _REPLACEMENTS)
_SPACE_RUNS = re.compile(r"(\s+)")
# Numbering set as one character (Word, input methods): ㈠ is (一) in every label, 第二十条第㈠项 too.
# Three normalised characters for one of the source: they all map back to it.
_ENCLOSED = {chr(0x3220 + i): f"({n})" for i, n in enumerate("一二三四五六七八九十")}


def fold_chars(text: str) -> str:
    """`text.translate(FOLD)`, faster: each character folded to its one form, positions kept."""
    for old, new in _REPLACEMENTS:
        if old in text:
            text = text.replace(old, new)
    return text


def fold(text: str) -> str:
    """Normalise a label written in the data files the same way the document is normalised."""
    return "".join(fold_chars(text).split())


def _runs(text: str, offset: int, words: list[str], starts: list[int]) -> None:
    """Append the runs of non-space characters of `text` and their offsets (+ offset)."""
    # alternating non-space and space pieces; only the first and last may be empty
    pieces = _SPACE_RUNS.split(text)
    bounds = list(accumulate(map(len, pieces), initial=offset))
    for i in range(0, len(pieces), 2):
        if pieces[i]:
            words.append(pieces[i])
            starts.append(bounds[i])


def _expanded(words: list[str], starts: list[int]) -> tuple[list[str], list[int]]:
    """`words` (with their source offsets) with each enclosed numbering written out: the word split
    around it, and each character of its expansion a word of its own at its source offset."""
    out_words: list[str] = []
    out_starts: list[int] = []
    for word, start in zip(words, starts):
        begin = 0
        for k, ch in enumerate(word):
            if ch in _ENCLOSED:
                if k > begin:
                    out_words.append(word[begin:k])
                    out_starts.append(start + begin)
                out_words.extend(_ENCLOSED[ch])
                out_starts.extend([start + k] * len(_ENCLOSED[ch]))
                begin = k + 1
        if begin < len(word):
            out_words.append(word[begin:])
            out_starts.append(start + begin)
    return out_words, out_starts


class Normalized:
    __slots__ = ("text", "_norm_starts", "_src_starts")

    def __init__(self, stream: str):
        folded = fold_chars(stream)
        # White space is nearly always tabs (between cells), newlines and spaces: made all spaces, the
        # runs are found by one split at C speed (a regular expression costs hundreds of instructions
        # per character). Only " " is printable white space, so a printable remainder has no other.
        spaced = folded.replace("\t", " ").replace("\n", " ")
        if spaced.replace(" ", "").isprintable():
            pieces = spaced.split(" ")  # piece i starts after the pieces before it and i spaces
            starts = map(add, accumulate(map(len, pieces), initial=0), range(len(pieces)))
            words = list(compress(pieces, pieces))  # the runs of non-space characters (non-empty pieces)
            src_starts = list(compress(starts, pieces))
        else:
            words, src_starts = [], []
            _runs(folded, 0, words, src_starts)
        if any(c in folded for c in _ENCLOSED):  # rare; ten scans at C speed say so
            words, src_starts = _expanded(words, src_starts)
        norm_starts = list(accumulate(map(len, words), initial=0))
        norm_starts.pop()
        self.text = "".join(words)
        self._norm_starts = norm_starts
        self._src_starts = src_starts

    def to_source(self, pos: int) -> int:
        """Stream offset of the character at normalised position `pos` (len(text) maps past the end)."""
        if not self._norm_starts:
            return 0
        if pos >= len(self.text):
            last = len(self._norm_starts) - 1
            return self._src_starts[last] + (len(self.text) - self._norm_starts[last])
        i = bisect_right(self._norm_starts, pos) - 1
        return self._src_starts[i] + (pos - self._norm_starts[i])

    def from_source(self, pos: int) -> int:
        """Normalised position of the first character at or after stream offset `pos`."""
        i = bisect_right(self._src_starts, pos) - 1
        if i < 0:
            return 0
        length = (self._norm_starts[i + 1] if i + 1 < len(self._norm_starts) else len(self.text)) - self._norm_starts[i]
        inside = pos - self._src_starts[i]
        return self._norm_starts[i] + min(inside, length)

    def end_to_source(self, end: int) -> int:
        """Stream offset just after the character before normalised position `end`."""
        if end <= 0:
            return 0
        return self.to_source(end - 1) + 1
