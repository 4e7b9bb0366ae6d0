"""A stray empty column at the right edge of a Word table (Word's grid often has a sliver there), in
the .docx itself and in a PDF printed from it: with blank cells in a row, its empty cell would
count as the row's last value and move every value one column (a confident wrong number)."""
import io
import zipfile

from lxml import etree, html as lxml_html
import pytest

from gongkai.pipeline import check_bytes
from gongkai.render import render_docx
from gongkai.render.html import render_html
from gongkai.synth import generate
from tests.readers_doc.test_roundtrip import mismatches

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _docx_with_an_empty_last_column(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        files = {name: z.read(name) for name in z.namelist()}
    root = etree.fromstring(files["word/document.xml"])
    for tbl in root.iter(W + "tbl"):
        grid = tbl.find(W + "tblGrid")
        if grid is not None:
            etree.SubElement(grid, W + "gridCol", {W + "w": "200"})
        for tr in tbl.iter(W + "tr"):
            if tr.find(W + "tc") is not None:
                etree.SubElement(etree.SubElement(tr, W + "tc"), W + "p")
    files["word/document.xml"] = etree.tostring(root)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, body in files.items():
            z.writestr(name, body)
    return out.getvalue()


@pytest.mark.parametrize("fmt", ["2021", "2019"])
@pytest.mark.parametrize("seed", [0, 1, 3])
def test_a_docx_table_with_an_empty_last_column_reads_every_value_in_place(fmt, seed):
    report = generate(seed, fmt=fmt, blanks=True)
    data = _docx_with_an_empty_last_column(render_docx(report.to_report()))
    assert mismatches(report, check_bytes(data, "report.docx")) == []


# A small page and tall rows, so that tables break over pages: the pieces after a break have no header,
# and the rowspans cut at the break shift their grid.
_SMALL_PAGES = "@page { size: A4; margin: 1cm } body { font-size: 8pt } tr { height: 28pt }"


@pytest.mark.parametrize("fmt", ["2021", "2019"])
@pytest.mark.parametrize("seed", [4, 5, 8])
def test_a_pdf_table_with_an_empty_last_column_reads_every_value_in_place(fmt, seed):
    try:
        import weasyprint
    except (ImportError, OSError) as e:  # WeasyPrint or its system libraries missing
        pytest.skip(str(e))
    report = generate(seed, fmt=fmt, blanks=True)
    root = lxml_html.fromstring(render_html(report.to_report(), standalone=True))
    for tr in root.iter("tr"):
        if any(c.tag in ("td", "th") for c in tr):
            etree.SubElement(tr, "td", style="width:30px").text = "\u00a0"
    etree.SubElement(root.find("head"), "style").text = _SMALL_PAGES
    pdf = weasyprint.HTML(string=lxml_html.tostring(root, encoding="unicode")).write_pdf()
    assert len(pdf) and mismatches(report, check_bytes(pdf, "report.pdf")) == []
