"""A note's mark printed after a row's label (行政处罚[1], as text copies and pdftotext give a raised
[1]): it is no value. Before, the row had one value too many and was left unread."""
import random

import pytest

from gongkai import pipeline
from gongkai.synth import generate, render


def _report_with(mark: str, seed: int = 3):
    truth = generate(seed, fmt="2021")
    data, _ = render(truth, "columns", random.Random(seed))
    text = data.decode("utf-8").replace("行政处罚\t", f"行政处罚{mark}\t").replace("行政强制\t", f"行政强制{mark}\t")
    assert text.count(mark) == 2
    return truth, pipeline.check_bytes(text.encode("utf-8"), "copy.txt")


@pytest.mark.parametrize("mark", ["[1]", "［2］", "【1】", " [12]"])
def test_a_note_mark_after_a_label_is_no_value(mark):
    truth, report = _report_with(mark)
    for cid in ("active.penalty.decisions", "active.coercion.decisions"):
        assert report.cells[cid].value == truth.cells[cid] and report.cells[cid].status == "read", cid


def test_a_bracketed_number_that_is_no_note_mark_still_counts():
    # three digits in brackets is no note's mark: the row holds two numbers for one value, unread
    truth, report = _report_with("[123]")
    assert report.cells["active.penalty.decisions"].status != "read"
