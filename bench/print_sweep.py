"""Print the real HTML reports with answer keys to PDF, Word and scans, and read them back (a probe,
not a test and not a benchmark).

    .venv/bin/python bench/print_sweep.py                       # every variant the machine can make
    .venv/bin/python bench/print_sweep.py --variants chromium,scan200 --keep /tmp/sweep

The HTML pages of tests/data/corpus and tests/data/probe are real published reports with keys.
Printed by a browser (Chromium), by WeasyPrint on three paper sizes, converted by LibreOffice to
.docx and from it to PDF, to legacy .doc and to RTF, converted to .docx by pandoc, saved by Chromium as a web archive (.mht), the Chromium PDF written as OFD (gongkai.synth.ofd), with the report tables
replaced by pictures of them (inline, and in a web archive), and scanned (gongkai.synth.scan: the Chromium PDF rendered, tilted,
blurred, speckled and JPEG'd), they give real tables in the layouts published PDFs and Word files
have: rows cut by page breaks, underlined links, narrow columns, OCR on real page layouts. Each is
read with the pipeline and scored against the page's key (tests/corpus_score.score), and every
miss is printed. What it found and what was fixed: bench/README.md.

Known limits of the method: a page whose table is wider than the paper (the Shanghai page, and
LibreOffice's import of the Shuyang page) is cut at the paper's edge by the converter: those
columns are not in the PDF at all, and their misses say nothing about the reader.
"""
from __future__ import annotations

import contextlib
from pathlib import Path
import shutil
import subprocess
import sys

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from sweep_tally import new_totals, print_totals, perturbed, read_and_record, setup  # noqa: E402

WEASY_PAGES = {
    "weasy-a4": "@page { size: A4; margin: 20mm }",
    "weasy-a5": "@page { size: A5; margin: 12mm }",
    "weasy-a4l": "@page { size: A4 landscape; margin: 15mm }",
}
VARIANTS = ("chromium", *WEASY_PAGES, "lo-docx", "lo-doc", "lo-rtf", "lo-pdf", "pandoc-docx", "mhtml", "ofd", "ofd-chars", "scan150", "scan200", "ofd-scan",
            "img-tables", "mhtml-img")


def chromium_pdf(html: Path, out: Path) -> bytes | None:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        return None
    subprocess.run([exe, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    f"--print-to-pdf={out}", html.as_uri()], capture_output=True, timeout=120)
    return out.read_bytes() if out.exists() else None


@contextlib.contextmanager
def browser_page(html: Path, **options):
    """A Playwright page of the machine's Chromium showing `html` with scripts off (the page as
    published, not as its scripts leave it); None when Chromium or Playwright is missing."""
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        exe = None
    if exe is None:
        yield None
        return
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, args=["--no-sandbox"])
        try:
            page = browser.new_page(java_script_enabled=False, **options)
            page.goto(html.as_uri())
            yield page
        finally:
            browser.close()


def web_archive(page) -> bytes:
    """The page as Chromium saves it as a web archive (.mht; Page.captureSnapshot)."""
    snapshot = page.context.new_cdp_session(page).send("Page.captureSnapshot", {"format": "mhtml"})
    return snapshot["data"].encode("utf-8")


def chromium_mhtml(html: Path) -> bytes | None:
    with browser_page(html) as page:
        return None if page is None else web_archive(page)


_REPORT_TABLE = "/本年新收|行政许可|尚未审结/"


def tables_as_pictures(html: Path, inline: bool, work: Path) -> bytes | None:
    """The page with its report tables replaced by pictures of them (Chromium screenshots, grey PNG),
    as pages that publish the tables as images: inline (data: URIs, a self-contained .html) or as
    files (written in `work`), saved by Chromium as a web archive (.mht, the pictures its parts)."""
    import base64
    import io

    from PIL import Image

    with browser_page(html, device_scale_factor=2, viewport={"width": 1100, "height": 900}) as page:
        if page is None:
            return None
        for n, table in enumerate(page.query_selector_all("table")):
            outermost = table.evaluate(f"e => {_REPORT_TABLE}.test(e.innerText) && "
                                       f"!(e.parentElement && e.parentElement.closest('table') && "
                                       f"{_REPORT_TABLE}.test(e.parentElement.closest('table').innerText))")
            if not outermost:
                continue
            buf = io.BytesIO()
            Image.open(io.BytesIO(table.screenshot())).convert("L").save(buf, "PNG", optimize=True)
            if inline:
                src = "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")
            else:
                picture = work / f"{html.stem}.table{n}.png"
                picture.write_bytes(buf.getvalue())
                src = picture.as_uri()
            table.evaluate("(e, s) => { const i = document.createElement('img'); i.src = s; e.replaceWith(i); }", src)
        if inline:
            return page.content().encode("utf-8")
        page.wait_for_function("Array.from(document.images).every(i => i.complete)")  # all in the archive
        return web_archive(page)


def weasy_pdf(html: Path, css: str) -> bytes | None:
    try:
        import weasyprint
    except Exception:
        return None
    from gongkai.readers.html import _decode

    text, _ = _decode(html.read_bytes())
    rules = css + " table { border-collapse: collapse } td, th { border: 0.6pt solid black }"
    return weasyprint.HTML(string=text, base_url=None).write_pdf(stylesheets=[weasyprint.CSS(string=rules)])


def libreoffice(src: Path, target: str, outdir: Path) -> bytes | None:
    exe = shutil.which("soffice")
    if exe is None:
        return None
    subprocess.run([exe, "--headless", "--convert-to", target, "--outdir", str(outdir), str(src)],
                   capture_output=True, timeout=300)
    ext = target.split(":")[0]
    out = outdir / f"{src.stem}.{ext}"
    return out.read_bytes() if out.exists() else None


def make(variant: str, html: Path, work: Path, made: dict) -> tuple[bytes | None, str]:
    """(bytes, extension) of one variant of one page; `made` caches what others are made from."""
    stem = html.stem
    if variant == "chromium" or variant.startswith(("scan", "ofd")):
        if "chromium" not in made:
            made["chromium"] = chromium_pdf(html, work / f"{stem}.chromium.pdf")
        if variant == "chromium" or made["chromium"] is None:
            return made["chromium"], ".pdf"
        from gongkai.synth.ofd import pdf_to_ofd
        from gongkai.synth.scan import scan_pdf

        if variant == "ofd-scan":  # the 200 dpi scan as a scanned OFD (a page image, no text)
            return pdf_to_ofd(scan_pdf(made["chromium"], dpi=200, noise=10, rotation=0.9, blur=0.6, jpeg=70,
                                       seed=200), "scan"), ".ofd"
        if variant.startswith("ofd"):  # the PDF as an OFD converter writes it (gongkai.synth.ofd)
            return pdf_to_ofd(made["chromium"], "chars" if variant == "ofd-chars" else "runs"), ".ofd"
        dpi = int(variant[4:])
        return scan_pdf(made["chromium"], dpi=dpi, noise=10, rotation=0.9, blur=0.6, jpeg=70, seed=dpi), ".pdf"
    if variant == "mhtml":
        return chromium_mhtml(html), ".mht"
    if variant in ("img-tables", "mhtml-img"):  # the tables as pictures, read by OCR (readers.images)
        return tables_as_pictures(html, variant == "img-tables", work), ".html" if variant == "img-tables" else ".mht"
    if variant in WEASY_PAGES:
        return weasy_pdf(html, WEASY_PAGES[variant]), ".pdf"
    if variant == "pandoc-docx":  # pip install -e '.[sweep]' (pypandoc_binary)
        try:
            import pypandoc
        except ImportError:
            return None, ".docx"
        from gongkai.readers.html import _decode

        out = work / f"{stem}.pandoc.docx"
        pypandoc.convert_text(_decode(html.read_bytes())[0], "docx", format="html", outputfile=str(out),
                              extra_args=["--quiet"])
        return out.read_bytes(), ".docx"
    if variant.startswith("lo-"):
        if "docx" not in made:
            lo_dir = work / f"{stem}.lo"
            lo_dir.mkdir(exist_ok=True)
            made["docx"] = libreoffice(html, "docx:MS Word 2007 XML", lo_dir)
            made["docx_path"] = lo_dir / f"{stem}.docx"
        if variant == "lo-docx" or made["docx"] is None:
            return made["docx"], ".docx"
        if variant == "lo-doc":  # the legacy binary Word format (readers.doc), saved from that .docx
            return libreoffice(made["docx_path"], "doc:MS Word 97", work / f"{stem}.lo"), ".doc"
        if variant == "lo-rtf":  # Rich Text Format (readers.rtf), as sites publish it under .doc too
            return libreoffice(made["docx_path"], "rtf", work / f"{stem}.lo"), ".rtf"
        return libreoffice(made["docx_path"], "pdf", work / f"{stem}.lo"), ".pdf"
    raise ValueError(variant)


def main(argv: list[str] | None = None) -> int:
    args, variants, pages, work = setup(argv, __doc__, VARIANTS, "gongkai-print-")
    totals = new_totals(variants)
    for html, gold in pages:
        html = perturbed(html, args.perturb, work)  # in another site's markup first (--perturb)
        made: dict = {}
        for variant in variants:
            data, ext = make(variant, html, work, made)
            if data is None:
                continue
            read_and_record(totals, variant, html.name, gold, data, f"{html.stem}{ext}", ext,
                            work / f"{html.stem}.{variant}{ext}" if args.keep else None)
    print_totals(totals)
    print(f"\nfiles made in {work}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
