"""Compile the label variants of labels.yaml into regular expressions over the normalised text."""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
import re

import yaml

from .normalize import fold

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_NUMBERING = re.compile(r"^(!?)(\(?)([0-9]+|[一二三四五六七八九十]+)([.)])")
_PAREN = r"(?:\([^()0-9]{0,40}\))?"  # a remark, never a value: no digit
# A digit's numbering set as one character, as Word and input methods write it: ⑴ for (1), ⒈ and ① for 1.
# (㈠ for （一） the normalised text has written out already: extract.normalize.)
_ENCLOSED = {str(i + 1): chr(0x2474 + i) + chr(0x2488 + i) + chr(0x2460 + i) for i in range(20)}


def _numbering(num: str) -> str:
    """Regex of a row's numbering `num` (一, 3) in each way it is written: (3) 3. 3) ⑶ ⒊ ③."""
    n = re.escape(num)
    enclosed = _ENCLOSED.get(num)
    return rf"(?:\({n}\)|{n}[.)]" + (f"|[{enclosed}]" if enclosed else "") + ")"


@lru_cache(maxsize=1)
def data() -> dict:
    return yaml.load(resources.files(__package__).joinpath("labels.yaml").read_text("utf-8"), Loader=_Loader)


def variant_regex(variant: str) -> str:
    """One label variant -> regex source (see the header of labels.yaml for the mini-syntax)."""
    if variant.startswith("re:"):
        return variant[3:]
    required = variant.startswith("!")
    m = _NUMBERING.match(variant)
    numbering = ""
    if m:
        # "1." also appears as "(1)", "1)" or "⑴"; never bare, so a value's last digit is not eaten.
        numbering = _numbering(m.group(3))
        if not required:
            numbering += "?"
        variant = variant[m.end():]
    elif required:
        variant = variant[1:]
    body = "".join(_PAREN if part == "{paren}" else re.escape(fold(part))
                   for part in re.split(r"(\{paren\})", variant) if part)
    return numbering + body


class LabelMatcher:
    """Find a row label fast: search the label's literal core (Python's re scans quickly for a
    pattern that starts with a literal), then take an optional numbering just before it."""

    def __init__(self, variants: list[str]):
        self.parts = []  # (core regex, numbering regex anchored at the end, numbering required)
        self.literals = []  # (a literal variant's words, folded; its numbering regex): for a likeness search
        for v in sorted(variants, key=len, reverse=True):
            if v.startswith("re:"):
                self.parts.append((re.compile(v[3:]), None, False))
                continue
            required = v.startswith("!")
            m = _NUMBERING.match(v)
            num = None
            if m:
                num = re.compile(_numbering(m.group(3)) + r"\Z")
                v = v[m.end():]
            elif required:
                v = v[1:]
            core = "".join(_PAREN if part == "{paren}" else re.escape(fold(part))
                           for part in re.split(r"(\{paren\})", v) if part)
            self.parts.append((re.compile(core), num, required))
            self.literals.append((fold(v.replace("{paren}", "")), num))

    def search(self, text: str, pos: int = 0, end: int | None = None) -> tuple[int, int] | None:
        end = len(text) if end is None else end
        best = None
        for core, num, required in self.parts:
            start = pos
            while True:
                m = core.search(text, start, end if best is None else min(end, best[0] + 8))
                if m is None:
                    break
                s = m.start()
                if num is not None:
                    n = num.search(text, max(pos, s - 4), s)
                    if n is not None:
                        s = n.start()
                    elif required:
                        start = m.start() + 1
                        continue
                if best is None or s < best[0] or (s == best[0] and m.end() > best[1]):
                    best = (s, m.end())
                break
        return best


@lru_cache(maxsize=None)
def row_matcher(table: str, row: str) -> LabelMatcher:
    return LabelMatcher(data()[table]["rows"][row])


@lru_cache(maxsize=None)
def row_number(table: str, row: str) -> int | None:
    """The number a row's label is printed with (3 for 3.要求提供公开出版物), or None (一, none)."""
    for variant in data()[table]["rows"][row]:
        m = _NUMBERING.match(variant)
        if m and m.group(3).isdigit():
            return int(m.group(3))
    return None


@lru_cache(maxsize=None)
def cores_pattern(table: str, rows: tuple[str, ...]) -> re.Pattern:
    """Any label core of these rows: where it finds nothing, no row_matcher of them finds a label
    (every match of a LabelMatcher is a match of one of its cores)."""
    return re.compile("|".join(f"(?:{core.pattern})" for row in rows for core, _, _ in row_matcher(table, row).parts))


@lru_cache(maxsize=None)
def row_words(table: str, row: str) -> tuple[str, ...]:
    """The row's literal labels, folded (its numbering and remarks left out)."""
    return tuple(core for core, _ in row_matcher(table, row).literals)


@lru_cache(maxsize=None)
def row_pattern(table: str, row: str) -> re.Pattern:
    variants = data()[table]["rows"][row]
    # Longer variants first so the most specific label wins at the same position.
    ordered = sorted(variants, key=len, reverse=True)
    return re.compile("|".join(f"(?:{variant_regex(v)})" for v in ordered))


@lru_cache(maxsize=None)
def anchor_pattern(table: str) -> re.Pattern:
    return re.compile("|".join(re.escape(fold(a)) for a in data()[table]["anchors"]))


@lru_cache(maxsize=None)
def column_words_not_of(columns: tuple[str, ...]) -> re.Pattern:
    """Table-1 column names (labels.yaml active.column_words) of columns other than `columns`, in the
    source text (white space allowed between their characters)."""
    return re.compile(_spaced(w for c, ws in data()["active"]["column_words"].items() if c not in columns for w in ws))


@lru_cache(maxsize=None)
def column_word_pattern(column: str) -> re.Pattern:
    """A table-1 column's names (labels.yaml active.column_words) in the source text, white space
    allowed between their characters, then the value written after the name (现行有效件数 15)."""
    names = _spaced(data()["active"]["column_words"].get(column, ()))
    return re.compile(rf"(?:{names})\s*[:：]?\s*([-+]?\d[\d,.]*(?:万元|元)?)")


def _spaced(words) -> str:
    """An alternation of words in the source text, longest first, white space allowed between characters."""
    return "|".join(r"\s*".join(map(re.escape, w)) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=None)
def format_signals() -> dict[str, re.Pattern]:
    return {fmt: re.compile("|".join(re.escape(fold(s)) for s in words))
            for fmt, words in data()["active"]["format_signals"].items()}


@lru_cache(maxsize=1)
def review_header() -> re.Pattern:
    words = sorted(data()["review"]["header_words"], key=len, reverse=True)
    word = "(?:" + "|".join(re.escape(w) for w in words) + ")"
    # word followed by word* is word+; written so, the pattern starts with the alternation, whose first
    # characters let the regex engine skip ahead to them instead of trying every position
    return re.compile(word + word + "*")

