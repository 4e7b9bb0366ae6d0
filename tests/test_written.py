"""Reports written for testing (tests/data/written, see its SOURCES.md): realistic reports in layouts
and with quirks the real corpus lacks, written without looking at gongkai's code, with answer keys.
Each must read exactly, like the real corpus (tests/test_corpus.py), except where a known limit is
named below; there the one thing that must hold is that no cell is a confident wrong number.
"""
from pathlib import Path

import pytest

from gongkai.checks import run_across_years
from gongkai.pipeline import check_path
from tests.corpus_score import DOCS, TEXT, pairs, score

WRITTEN = Path(__file__).parent / "data" / "written"
CASES = list(pairs(TEXT | DOCS, WRITTEN))
ACROSS_YEARS = {"carryover.mismatch", "in_force.drift", "text.copied"}  # need the year before: tested in pairs

# Known limits: the reason, and the findings of the case that stand for them.
KNOWN_LIMITS = {
    "951": "blank cells dropped from rows of single-spaced values: rows of two or three values for seven "
           "columns are placed only where at most two cells are missing",
    "955": "the same, with one-digit values run together (44 for 自然人 4 and 总计 4)",
}
KNOWN_FALSE_ERRORS: dict[str, tuple[list[str], str]] = {}
KNOWN_LIMITS["1488"] = "a 更正说明 quoting table rows before the report"
# Defects missed or metadata read wrong where every cell is right: the reason.
KNOWN_MISSES = {
}
KNOWN_LIMITS["1055"] = ("table-2 labels without their numbering and group labels: 重复申请 and 其他 alone are too "
                        "short to be told from words elsewhere, and those rows stay missing")


@pytest.mark.parametrize("raw,gold", CASES, ids=[raw.name for raw, _ in CASES])
def test_written_report_reads_exactly(raw, gold):
    key = raw.stem.split("_")[0]
    out = check_path(raw).to_dict()
    s = score(gold, out, raw.suffix.lower())
    assert s["wrong"] == [] and s["unread_confident"] == [], "a confident wrong number"
    if key in KNOWN_LIMITS:
        assert s["misses"], "the limit is gone: take the case off KNOWN_LIMITS"
        return
    assert s["misses"] == [], "cells differ from the answer key"
    if key in KNOWN_MISSES:
        assert s["missed_defects"] or s["meta_off"], "the limit is gone: take the case off KNOWN_MISSES"
        return
    assert [d for d in s["missed_defects"] if not set(d) <= ACROSS_YEARS] == [], "defects of the key not found"
    assert s["false_errors"] == KNOWN_FALSE_ERRORS.get(key, ([], ""))[0], "error findings the key does not list"
    assert s["meta_off"] == []


def test_across_years_defects_of_the_written_pairs():
    by_key = {raw.stem.split("_")[0]: (raw, gold) for raw, gold in CASES}
    for before, after in (("971", "972"), ("973", "974"), ("975", "976")):
        reports = [check_path(by_key[k][0]) for k in (before, after)]
        run_across_years(reports)
        found = {f.rule for f in reports[1].findings} & ACROSS_YEARS
        wanted = {d for d in by_key[after][1]["defects"] if d in ACROSS_YEARS}
        assert found == wanted, after
        assert not {f.rule for f in reports[0].findings} & ACROSS_YEARS


def test_the_written_set_is_not_trivial():
    assert len(CASES) == 372
    assert {raw.suffix for raw, _ in CASES} >= {".txt", ".md", ".html", ".docx"}
    assert {g["meta"]["format"] for _, g in CASES} == {"2019", "2021"}
    assert len(KNOWN_LIMITS) + len(KNOWN_FALSE_ERRORS) + len(KNOWN_MISSES) <= 5  # a limit fixed is taken off these lists
