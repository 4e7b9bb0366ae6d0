"""Text taken from a PDF by poppler's pdftotext prints a table-1 row's values before its label (the
label cell is centred lower than its values): read by the counts, each row gets the values right
before its label; an ordinary table is read as before."""
import random

import pytest

from gongkai import pipeline, spec
from gongkai.synth import generate, render


def _cells_text(seed: int, fmt: str):
    truth = generate(seed, fmt=fmt, blanks=False)
    data, _ = render(truth, "cells", random.Random(seed))
    return truth, [line for line in data.decode("utf-8").split("\n") if line.strip()]


def _values_first(lines: list[str], fmt: str) -> list[str]:
    """Every table-1 row's value lines moved before its label line."""
    labels = {spec.cell_label(f"active.{r}.{c}", fmt).split("·")[0] for r in spec.rows_of("active", fmt)
              for c in spec.columns_of("active", fmt, r)[:1]}
    return values_moved_before(lines, labels)


def values_moved_before(lines: list[str], labels: set[str]) -> list[str]:
    """The value lines after each of `labels` moved before it (also used for table 2's rows)."""
    out, i = [], 0
    while i < len(lines):
        if lines[i] in labels:
            j = i + 1
            while j < len(lines) and lines[j].replace(".", "").isdigit():
                j += 1
            out += lines[i + 1:j] + [lines[i]]
            i = j
        else:
            out.append(lines[i])
            i += 1
    return out


@pytest.mark.parametrize("seed,fmt", [(5, "2019"), (6, "2021"), (9, "2021")])
def test_values_printed_before_their_labels_are_the_rows_values(seed, fmt):
    truth, lines = _cells_text(seed, fmt)
    moved = _values_first(lines, fmt)
    assert moved != lines
    report = pipeline.check_bytes("\n".join(moved).encode("utf-8"), "pdftotext.txt")
    for cid, value in truth.cells.items():
        if cid.startswith("active."):
            cell = report.cells[cid]
            assert cell.status == "inferred" and cell.value == value and "行名称之前" in cell.derivation, (cid, cell)
    assert any("印在各行名称之前" in f.message for f in report.findings)


@pytest.mark.parametrize("seed,fmt", [(5, "2019"), (6, "2021")])
def test_values_after_their_labels_are_read_as_always(seed, fmt):
    truth, lines = _cells_text(seed, fmt)
    report = pipeline.check_bytes("\n".join(lines).encode("utf-8"), "cells.txt")
    assert all(report.cells[c].value == v for c, v in truth.cells.items() if c.startswith("active."))
    assert not any("印在各行名称之前" in f.message for f in report.findings)
