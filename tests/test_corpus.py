"""The real corpus (tests/data/corpus) and the probe reports read later (tests/data/probe): every
text/HTML report with an answer key must read exactly.

For each file: every gold cell exact (a cell the key marks unreadable must not come out read or
inferred), every defect of the key found, and no error-severity finding the key does not list.
"""
import pytest

from gongkai.pipeline import check_path
from tests.corpus_score import PROBE, TEXT, pairs, score

CASES = list(pairs(TEXT))
PROBE_CASES = list(pairs(TEXT, PROBE))

# Defects of a key that gongkai does not find, each with the reason; the test fails when one is
# found after all (then take it off this list). Keys are never edited to suit the reader.
KNOWN_MISSED_DEFECTS: dict[str, list] = {}


@pytest.mark.parametrize("raw,gold", CASES + PROBE_CASES, ids=[raw.name for raw, _ in CASES + PROBE_CASES])
def test_report_reads_exactly(raw, gold):
    out = check_path(raw).to_dict()
    s = score(gold, out, raw.suffix.lower())
    assert s["misses"] == [], "cells differ from the answer key"
    assert s["unread_confident"] == [], "a cell the key marks unreadable came out as a confident number"
    assert s["missed_defects"] == KNOWN_MISSED_DEFECTS.get(raw.stem.split("_")[0], []), \
        "defects of the answer key not found"
    assert s["false_errors"] == [], "error findings the answer key does not list"
    assert s["meta_off"] == []


def test_corpus_is_not_trivial():
    # the suite must really cover the corpus: text and HTML twins, both formats, non-zero cells
    names = {raw.name for raw, _ in CASES}
    assert len(names) >= 20
    assert {g["meta"]["format"] for _, g in CASES} == {"2019", "2021"}
    assert sum(1 for _, g in CASES for v in g["cells"].values() if v) > 250
    assert len(PROBE_CASES) == 155  # tests/data/probe: keys made after the corpus, same format
