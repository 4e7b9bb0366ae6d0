"""Compile the label variants of labels.yaml into regular expressions over the normalised text."""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
import re

import yaml

from .normalize import fold

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_NUMBERING = re.compile(r"^(!?)(\(?)([0-9]+|[一二三四五六七八九十]+)([.)])")
_PAREN = r"(?:\([^()]{0,40}\))?"


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
        num = re.escape(m.group(3))
        # "1." also appears as "(1)", "1)" or "（一）"; never bare, so a value's last digit is not eaten.
        numbering = rf"(?:\({num}\)|{num}[.)])"
        if not required:
            numbering += "?"
        variant = variant[m.end():]
    elif required:
        variant = variant[1:]
    body = "".join(_PAREN if part == "{paren}" else re.escape(fold(part))
                   for part in re.split(r"(\{paren\})", variant) if part)
    return numbering + body


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
def format_signals() -> dict[str, re.Pattern]:
    return {fmt: re.compile("|".join(re.escape(fold(s)) for s in words))
            for fmt, words in data()["active"]["format_signals"].items()}


@lru_cache(maxsize=1)
def review_header() -> re.Pattern:
    words = sorted(data()["review"]["header_words"], key=len, reverse=True)
    return re.compile("(?:" + "|".join(re.escape(w) for w in words) + ")+")
