"""Turn the real HTML reports with answer keys into text with the converters people use, and read
them back (a probe, not a test and not a benchmark).

    .venv/bin/pip install -e '.[sweep]'; apt-get install w3m lynx     # the converters
    .venv/bin/python bench/text_sweep.py                              # every converter found
    .venv/bin/python bench/text_sweep.py --variants html2text,w3m --keep /tmp/text-sweep

Users paste or save reports as text made by many tools, each with its own way of writing a table:
a browser's copy of the page (innerText: cells split by tabs), Markdown converters (html2text,
markdownify, pandoc), layout-keeping text (inscriptis, w3m, lynx, pandoc's plain text), boilerplate
removers (trafilatura), and poppler's pdftotext of the page printed by Chromium (plain and
-layout). Each page of tests/data/corpus and tests/data/probe that has a key is
converted, read with the pipeline as a .txt (or .md) file and scored against the key; every miss is
printed. The converters' output is not kept as test data (it is made, not published); a miss found
here is fixed in general code with a test of its own.
"""
from __future__ import annotations

from pathlib import Path
import shutil
import subprocess
import sys
import tempfile

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from print_sweep import chromium_pdf  # noqa: E402
from sweep_tally import new_totals, print_totals, perturbed, read_and_record, setup  # noqa: E402

VARIANTS = ("innertext", "html2text", "markdownify", "pandoc-md", "pandoc-plain", "inscriptis", "trafilatura",
            "w3m", "lynx", "pdftotext", "pdftotext-layout")


def _page_text(html: Path) -> str:
    from gongkai.readers.html import _decode

    return _decode(html.read_bytes())[0]


def innertext(html: Path) -> str | None:
    """What a reader gets by selecting the page in a browser and copying it."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        return None
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page(java_script_enabled=False)
            page.set_content(_page_text(html), wait_until="domcontentloaded")
            return page.inner_text("body")
        finally:
            browser.close()


def convert(variant: str, html: Path) -> tuple[str | None, str]:
    """(text, extension) of one page by one converter; None when the converter is not installed."""
    try:
        if variant == "innertext":
            return innertext(html), ".txt"
        if variant == "html2text":
            import html2text

            h = html2text.HTML2Text()
            h.body_width = 0
            return h.handle(_page_text(html)), ".md"
        if variant == "markdownify":
            from markdownify import markdownify

            return markdownify(_page_text(html)), ".md"
        if variant.startswith("pandoc"):
            import pypandoc

            target = "gfm" if variant == "pandoc-md" else "plain"
            return pypandoc.convert_text(_page_text(html), target, format="html"), ".md" if target == "gfm" else ".txt"
        if variant == "inscriptis":
            from inscriptis import get_text

            return get_text(_page_text(html)), ".txt"
        if variant == "trafilatura":
            import trafilatura

            return trafilatura.extract(_page_text(html), include_tables=True, favor_recall=True), ".txt"
        if variant in ("w3m", "lynx"):
            exe = shutil.which(variant)
            if exe is None:
                return None, ".txt"
            cmd = [exe, "-dump", "-T", "text/html", "-O", "UTF-8", "-cols", "200"] if variant == "w3m" else \
                [exe, "-dump", "-stdin", "-display_charset=utf-8", "-assume_charset=utf-8", "-width=200", "-nolist"]
            done = subprocess.run(cmd, input=_page_text(html).encode("utf-8"), capture_output=True, timeout=120)
            return done.stdout.decode("utf-8", "replace"), ".txt"
        if variant.startswith("pdftotext"):  # the page printed by Chromium, its text taken by poppler
            exe = shutil.which("pdftotext")
            if exe is None:
                return None, ".txt"
            with tempfile.TemporaryDirectory() as tmp:
                pdf = chromium_pdf(html, Path(tmp) / "page.pdf")
                if pdf is None:
                    return None, ".txt"
                cmd = [exe, "-enc", "UTF-8", *(["-layout"] if variant.endswith("layout") else []), "page.pdf", "-"]
                done = subprocess.run(cmd, cwd=tmp, capture_output=True, timeout=120)
            return done.stdout.decode("utf-8", "replace"), ".txt"
    except ImportError:
        return None, ".txt"
    raise ValueError(variant)


def main(argv: list[str] | None = None) -> int:
    args, variants, pages, work = setup(argv, __doc__, VARIANTS, "gongkai-text-")
    totals = new_totals(variants)
    for html, gold in pages:
        html = perturbed(html, args.perturb, work)  # in another site's markup first (--perturb)
        for variant in variants:
            text, ext = convert(variant, html)
            if text is None:
                continue
            # scored as the HTML page it was made of: the key holds what the page shows
            read_and_record(totals, variant, html.name, gold, text.encode("utf-8"), f"{html.stem}{ext}",
                            html.suffix.lower(), work / f"{html.stem}.{variant}{ext}")
    print_totals(totals)
    print(f"\ntexts in {work}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
