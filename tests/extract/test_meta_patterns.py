"""meta's figure patterns are written to start with a literal or a class (fast to scan); each must
find exactly what its plain form finds."""
from __future__ import annotations

import re

from hypothesis import given, settings, strategies as st

from gongkai.extract import meta

# The plain forms, as first written: a leading lookbehind or \d+.
PLAIN = {
    "processed": r"(?<!继续)办理(?P<g>" + meta._GAP + r")(?P<n>\d+)\s*件",
    "granted": r"(?<!不)予以公开(?:的)?(?:申请)?\s*(?P<n>\d+)\s*件",
    "partial": r"(?<![及和与或])部分公开(?:的)?(?:申请)?\s*(?P<n>\d+)\s*件",
    "carried_out": r"(?P<n>\d+)\s*件(?:申请)?(?P<g>[^，。；;,\d]{0,12}?)(?:结转|顺延)",
}
ALPHABET = "继续办理不予以公开及和与或部分的申请件结转顺延下年度共计，。；;,1203 \n"


def _fast(key: str) -> re.Pattern:
    pats = [re.compile(p) for k, _, p in meta.FIGURE_PATTERNS if k == key]
    return pats[-1] if key == "carried_out" else pats[0]  # carried_out: the second pattern


def _found(pattern: re.Pattern, text: str) -> list:
    return [(m.span(), m.groupdict()) for m in pattern.finditer(text)]


def test_plain_forms_are_the_ones_rewritten():
    for key, plain in PLAIN.items():
        assert _fast(key).pattern != plain
        assert _fast(key).pattern.replace("(?<!继续办理)", "").replace("(?<!不予以公开)", "") \
            .replace("(?<![及和与或]部分公开)", "").replace(r"\d\d*", r"\d+") == \
            plain.replace("(?<!继续)", "").replace("(?<!不)", "").replace("(?<![及和与或])", "")


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=40))
def test_rewritten_patterns_find_what_the_plain_ones_find(text):
    for key, plain in PLAIN.items():
        assert _found(_fast(key), text) == _found(re.compile(plain), text), key


def test_examples():
    assert _found(_fast("granted"), "不予以公开3件，予以公开5件")[0][1]["n"] == "5"
    assert _found(_fast("partial"), "予以公开及部分公开2件；部分公开1件")[0][1]["n"] == "1"
    assert _found(_fast("processed"), "继续办理2件，办理申请4件")[0][1]["n"] == "4"
