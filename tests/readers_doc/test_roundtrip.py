"""Synthetic reports rendered to PDF (text layer) and to a noisy scan, read back exactly.

generate -> gongkai.render.render_pdf -> [gongkai.synth.scan.scan_pdf] -> pipeline: every cell has
the generated status and value (blank cells included); from the scan, never a confident wrong number.
"""
import pytest

from gongkai import spec
from gongkai.pipeline import check_bytes
from gongkai.synth import generate
from gongkai.synth.scan import scan_pdf


def render(report):
    from gongkai.render import render_pdf

    try:
        return render_pdf(report.to_report())
    except RuntimeError as e:  # WeasyPrint or its system libraries missing
        pytest.skip(str(e))


def mismatches(report, got):
    out = []
    for cid in spec.cell_ids(report.format):
        want = report.expected(cid)
        c = got.cells.get(cid)
        have = (c.status, c.value) if c is not None else ("absent", None)
        if have != want:
            out.append((cid, want, have))
    return out


@pytest.mark.parametrize("seed", [0, 1, 2, 7])
@pytest.mark.parametrize("fmt", ["2021", "2019"])
def test_text_layer_pdf_round_trip(seed, fmt):
    report = generate(seed, fmt=fmt, blanks=True)
    got = check_bytes(render(report), "report.pdf")
    assert mismatches(report, got) == []


def test_scanned_pdf_round_trip():
    pytest.importorskip("rapidocr_onnxruntime")
    report = generate(11, fmt="2021", blanks=True)
    scan = scan_pdf(render(report), dpi=200, noise=8, rotation=0.7, blur=0.6, jpeg=75, seed=11)
    got = check_bytes(scan, "scan.pdf")
    bad = mismatches(report, got)
    assert [b for b in bad if b[2][0] in ("read", "inferred")] == [], "a confident wrong number"
    assert len(bad) <= 2
