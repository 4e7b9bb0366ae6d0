"""The text the label matcher sees, and the way back to the source.

Labels are matched on a normalised copy of the document stream: white space removed (labels are
often broken over lines or cells: 商业\n企业, 结果 纠正), punctuation and digits folded to one form
(（ vs (, 、 vs ., full-width digits), 其它 -> 其他, 勾稽 -> 钩稽. `Normalized.to_source` maps a position
in the normalised text back to the stream, so values are always read from the source as it stands.
"""
from __future__ import annotations

from bisect import bisect_right
import re

_PAIRS = {
    "（": "(", "）": ")", "【": "(", "】": ")", "〔": "(", "〕": ")", "［": "(", "］": ")", "[": "(", "]": ")",
    "、": ".", "，": ".", ",": ".", "．": ".", "。": ".", "；": ".", ";": ".", "·": ".", "：": ":",
    "它": "他", "勾": "钩", "／": "/", "－": "-", "—": "-", "–": "-", "＋": "+", "﹒": ".",
    # Quotes are dropped: they are mapped to a space, and spaces are removed.
    "“": " ", "”": " ", '"': " ", "‘": " ", "’": " ", "'": " ", "「": " ", "」": " ", "\u3000": " ", "\xa0": " ",
}
_PAIRS.update({chr(0xFF10 + i): str(i) for i in range(10)})
FOLD = str.maketrans(_PAIRS)
_NONSPACE = re.compile(r"\S+")


def fold(text: str) -> str:
    """Normalise a label written in the data files the same way the document is normalised."""
    return re.sub(r"\s+", "", text.translate(FOLD))


class Normalized:
    __slots__ = ("text", "_norm_starts", "_src_starts")

    def __init__(self, stream: str):
        folded = stream.translate(FOLD)
        parts, norm_starts, src_starts = [], [], []
        n = 0
        for m in _NONSPACE.finditer(folded):
            s = m.group()
            parts.append(s)
            norm_starts.append(n)
            src_starts.append(m.start())
            n += len(s)
        self.text = "".join(parts)
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

    def end_to_source(self, end: int) -> int:
        """Stream offset just after the character before normalised position `end`."""
        if end <= 0:
            return 0
        return self.to_source(end - 1) + 1
