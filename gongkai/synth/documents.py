"""Document layouts of synthetic reports: Word, PDF with a text layer, and a scanned PDF.

They print the report in the official layout with gongkai.render, and for "scan" rasterize that PDF
with noise, blur and a slight rotation (synth/scan.py), so the OCR path is exercised end to end.
Importing gongkai.synth registers them beside the text layouts.
"""
from __future__ import annotations

from .layouts import register


@register("docx", blanks=True)
def _docx(report, rng):
    from ..render import render_docx
    return render_docx(report.to_report()), "report.docx"


@register("pdf", blanks=True)
def _pdf(report, rng):
    from ..render import render_pdf
    return render_pdf(report.to_report()), "report.pdf"


@register("scan", blanks=True, exact=False)
def _scan(report, rng):
    from ..render import render_pdf
    from .scan import scan_pdf
    dpi = rng.choice((150, 200, 300))
    return scan_pdf(render_pdf(report.to_report()), dpi=dpi, noise=rng.uniform(3, 10),
                    rotation=rng.uniform(-1.0, 1.0), seed=rng.randrange(1 << 30)), "report.pdf"
