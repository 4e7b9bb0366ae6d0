"""Report -> PDF: WeasyPrint on the standalone HTML, with a CJK font so the text layer is real text.

Needs WeasyPrint (PyPI) with pango (Debian: libpango-1.0-0, libpangoft2-1.0-0) and a Chinese font
found by fontconfig (Debian: fonts-noto-cjk). Without them render_pdf raises RuntimeError saying
what to install, rather than producing a PDF of empty boxes.
"""
from __future__ import annotations

from functools import lru_cache
import shutil
import subprocess

from ..report import Report
from .html import render_html


@lru_cache(maxsize=1)
def _has_cjk_font() -> bool | None:
    """True/False when fontconfig can tell whether a Chinese font is installed; None when it cannot."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    try:
        out = subprocess.run([fc_list, ":lang=zh-cn", "family"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return bool(out.stdout.strip())


def _weasyprint():
    try:
        import weasyprint
    except ImportError as e:
        raise RuntimeError("PDF rendering needs WeasyPrint: pip install weasyprint "
                           "(it is a dependency of gongkai; reinstall with pip install -e .)") from e
    except OSError as e:  # the Python package is there but pango/gobject are not
        raise RuntimeError("PDF rendering needs pango for WeasyPrint: apt-get install libpango-1.0-0 "
                           f"libpangoft2-1.0-0 ({e})") from e
    return weasyprint


def render_pdf(report: Report) -> bytes:
    weasyprint = _weasyprint()
    if _has_cjk_font() is False:
        raise RuntimeError("PDF rendering needs a Chinese font known to fontconfig: apt-get install fonts-noto-cjk")
    html = render_html(report, standalone=True)
    return weasyprint.HTML(string=html, base_url=None).write_pdf()
