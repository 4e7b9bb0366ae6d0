"""A row whose numbers the text sets apart with spaces, cut by a page break into two lines with a
running head between (（七）总计 299 63 4 8 / - 3 - / 水利部2022年政府信息公开工作年度报告 / 21 12 407):
the row's own line holds four numbers for seven cells, and the one way to cut them into seven
(2|9|9 6|3 4 8) breaks the row's sum. Before, that cut was read as sure: seven confident wrong
numbers and a cascade of false errors (tests/data/written 1612). Now the row's cells are unknown
and the column sums infer them."""
import json
from pathlib import Path

from gongkai.pipeline import check_bytes
from tests.corpus_score import score

DATA = Path(__file__).parents[1] / "data"
RAW = DATA / "written/raw/1212_mwr-shuilibu-2022.txt"


def _split_total_row(head: str, tail: str) -> str:
    text = RAW.read_text("utf-8")
    row = "（七）总计 299 63 4 8 21 12 407"
    assert row in text
    return text.replace(row, f"（七）总计 {head}\n- 3 -\n水利部2022年政府信息公开工作年度报告\n{tail}")


def test_a_cut_that_breaks_the_rows_sum_is_no_reading():
    gold = json.loads((DATA / "written/gold/1212.json").read_text("utf-8"))
    out = check_bytes(_split_total_row("299 63 4 8", "21 12 407").encode("utf-8"), RAW.name).to_dict()
    s = score(gold, out, ".txt")
    assert s["wrong"] == [] and s["misses"] == []
    total = out["cells"]["requests.total.natural_person"]
    assert total["status"] == "inferred" and total["value"] == 299
    assert not {"requests.column_sum", "requests.outcome_sum"} & {f["rule"] for f in out["findings"]}


def test_a_row_run_together_is_still_cut_when_it_must_be():
    # crawler text: one run for the whole row; its one cut stands, and its broken sum is the report's
    from gongkai.extract.engine import _read_row
    from gongkai.extract.numbers import Token

    cells = tuple(f"requests.new.{c}" for c in ("natural_person", "commercial", "research", "public_interest",
                                                  "legal_services", "other_org", "total"))
    reading = _read_row([Token("5100000", splittable=True, raw="5100000")], cells, True)
    assert [p.value for p in reading.options[0]] == [5, 1, 0, 0, 0, 0, 0]
