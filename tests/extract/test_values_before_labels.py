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


def _one_value_rows(fmt: str) -> set[str]:
    return {spec.cell_label(f"active.{r}.decisions", fmt).split("·")[0] for r in ("licensing", "penalty", "coercion")}


@pytest.mark.parametrize("seed", [6, 7, 8])
def test_a_section_printed_values_first_is_read_so_where_another_is_in_step(seed):
    # pdftotext's default order of a real print: 第二十条第（五）项 and （六）项 print each value before
    # its label, 第二十条第（一）项 prints them after. Before, 行政许可 took 行政处罚's value, confidently.
    truth, lines = _cells_text(seed, "2021")
    moved = values_moved_before(lines, _one_value_rows("2021"))
    assert moved != lines
    report = pipeline.check_bytes("\n".join(moved).encode("utf-8"), "pdftotext.txt")
    for cid, value in truth.cells.items():
        if cid.startswith("active."):
            cell = report.cells[cid]
            assert cell.value == value, (cid, cell)
            if cid.endswith(".decisions"):
                assert cell.status == "inferred" and "行名称之前" in cell.derivation, (cid, cell)
            else:
                assert cell.status in ("read", "blank"), (cid, cell)
    assert any(f.rule == "cell.inferred" and "有的栏目的数值印在各行名称之前" in f.message for f in report.findings)


@pytest.mark.parametrize("seed", [6, 7, 8])
def test_a_section_with_values_on_both_sides_of_its_labels_is_not_guessed(seed):
    truth, lines = _cells_text(seed, "2021")
    moved = values_moved_before(lines, _one_value_rows("2021"))
    at = moved.index("行政强制")
    moved.insert(at + 1, "5")  # a value after the section's last label as well: whose is whose is not known
    report = pipeline.check_bytes("\n".join(moved).encode("utf-8"), "pdftotext.txt")
    for cid in ("active.penalty.decisions", "active.coercion.decisions"):
        cell = report.cells[cid]
        assert cell.status not in ("read", "inferred") or cell.value == truth.cells[cid], (cid, cell)
    doubted = next(f for f in report.findings if "可能印在各行名称之前" in f.message)
    assert doubted.rule == "cell.unreadable" and "active.coercion.decisions" in doubted.cells
    assert report.cells["active.licensing.decisions"].value == truth.cells["active.licensing.decisions"]

