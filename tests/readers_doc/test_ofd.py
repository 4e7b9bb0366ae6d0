"""OFD files (GB/T 33190) read natively (gongkai.readers.ofd) through the PDF reader's page layout.

The real report is the corpus's 001 PDF written as OFD by gongkai.synth.ofd in the ways converters
write it: a TextObject per run of characters (DeltaX with "g" repeats), one per character, runs
scaled by a CTM with sizes in points, and the table's lines on a template page. The hand-written
packages below cover what the converter does not: inherited TextCode positions, nested PageBlocks,
absolute paths, white rules, bad and hostile packages."""
import io
import json
from pathlib import Path
import zipfile

from hypothesis import HealthCheck, given, settings, strategies as st
import pytest

from gongkai.pipeline import check_bytes
from gongkai.readers import read_bytes, sniff
from gongkai.synth.ofd import pdf_to_ofd
from tests.corpus_score import score

DATA = Path(__file__).resolve().parents[1] / "data"
PDF = DATA / "corpus" / "raw" / "001_huaian-hongze-qu-2023.pdf"
NS = 'xmlns:ofd="http://www.ofdspec.org/2016"'


def tables(doc):
    return [[(c.text, c.colspan, c.rowspan) for c in r.cells] for r in doc.rows if r.table is not None]


def package(pages: list[str], *, doc_root: str = "Doc_0/Document.xml", title: str = "", extra: dict | None = None,
            page_loc: str = "Pages/Page_{i}/Content.xml", stored: str = "Doc_0/Pages/Page_{i}/Content.xml") -> bytes:
    """An OFD with the given page contents (the inside of <ofd:Page>)."""
    refs = "".join(f'<ofd:Page ID="{i + 1}" BaseLoc="{page_loc.format(i=i)}"/>' for i in range(len(pages)))
    files = {
        "OFD.xml": f'<ofd:OFD {NS} Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>1</ofd:DocID>'
                   f'<ofd:Title>{title}</ofd:Title></ofd:DocInfo><ofd:DocRoot>{doc_root}</ofd:DocRoot></ofd:DocBody></ofd:OFD>',
        "Doc_0/Document.xml": f'<ofd:Document {NS}><ofd:CommonData><ofd:MaxUnitID>99</ofd:MaxUnitID><ofd:PageArea>'
                              f'<ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea></ofd:CommonData>'
                              f'<ofd:Pages>{refs}</ofd:Pages></ofd:Document>',
    }
    for i, content in enumerate(pages):
        files[stored.format(i=i)] = f"<ofd:Page {NS}>{content}</ofd:Page>"
    files.update(extra or {})
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, text in files.items():
            z.writestr(name, text.encode("utf-8") if isinstance(text, str) else text)
    return out.getvalue()


def text(x: float, y: float, s: str, size: float = 4.0, delta: str = "", extra: str = "") -> str:
    dx = f' DeltaX="{delta}"' if delta else ""
    return (f'<ofd:TextObject ID="5" Boundary="{x} {y} 150 {size * 1.5}" Size="{size}" Font="1" {extra}>'
            f'<ofd:TextCode X="0" Y="{size}"{dx}>{s}</ofd:TextCode></ofd:TextObject>')


def lines_of(doc):
    return [[c.text for c in r.cells] for r in doc.rows]


@pytest.mark.parametrize("style", ["runs", "chars", "ctm", "template"])
def test_real_report_as_ofd_matches_its_key(style):
    data = pdf_to_ofd(PDF.read_bytes(), style)
    assert sniff(data, "report.ofd") == "application/ofd"
    out = json.loads(check_bytes(data, "report.ofd").to_json())
    s = score(json.loads((DATA / "corpus" / "gold" / "001.json").read_text("utf-8")), out, ".pdf")
    assert s["misses"] == [] and s["wrong_conf"] == 0
    assert s["found"] == s["defects"] and s["false_err"] == [] and s["meta_bad"] == []


def test_tables_read_as_from_the_pdf():
    ofd = read_bytes(pdf_to_ofd(PDF.read_bytes(), "runs"), "report.ofd")
    pdf = read_bytes(PDF.read_bytes(), "report.pdf")
    assert not ofd.problems and tables(ofd) == tables(pdf) and len(tables(ofd)) > 40
    cell = next(c for r in ofd.rows if r.table is not None for c in r.cells if c.text == "三、本年度办理结果")
    assert cell.rowspan > 1 and cell.at["page"] == 3  # provenance: the page, as for a PDF


def test_delta_x_repeats_inherited_positions_ctm_and_page_blocks():
    page = ("<ofd:Content><ofd:Layer ID=\"2\">"
            + text(20, 20, "政府信息公开", delta="g 5 4")
            # a second run with no X: it continues at the previous run's X; Y given
            + '<ofd:TextObject ID="6" Boundary="20 40 150 6" Size="4"><ofd:TextCode X="0" Y="4" DeltaX="4">本年</ofd:TextCode>'
              '<ofd:TextCode Y="10" DeltaX="4 4">新收80</ofd:TextCode></ofd:TextObject>'
            # a block inside a block, the text scaled by a CTM (sizes in points)
            + '<ofd:PageBlock ID="7"><ofd:PageBlock ID="8"><ofd:TextObject ID="9" Boundary="20 70 150 10" '
              'CTM="0.3528 0 0 0.3528 0 0" Size="11.34"><ofd:TextCode X="0" Y="11.34" DeltaX="g 3 11.34">主动公开</ofd:TextCode>'
              '</ofd:TextObject></ofd:PageBlock></ofd:PageBlock>'
            + "</ofd:Layer></ofd:Content>")
    doc = read_bytes(package([page]), "a.ofd")
    assert lines_of(doc) == [["政府信息公开"], ["本年"], ["新收80"], ["主动公开"]]
    words = [c for c in doc.rows[3].cells]
    assert words[0].at["page"] == 1


def test_ruling_lines_make_a_table_and_white_ones_do_not():
    def path(x, y, w, h, data, color=""):
        return (f'<ofd:PathObject ID="3" Boundary="{x} {y} {w} {h}" LineWidth="0.3">{color}'
                f'<ofd:AbbreviatedData>{data}</ofd:AbbreviatedData></ofd:PathObject>')

    grid = "".join(path(20, y, 120, 0.3, "M 0 0 L 120 0") for y in (50, 60, 70))
    grid += "".join(path(x, 50, 0.3, 20, "S 0 0 L 0 20") for x in (20, 100, 140))
    cells = (text(22, 52, "本年新收申请数量", 3.5) + text(102, 52, "80", 3.5)
             + text(22, 62, "上年结转申请数量", 3.5) + text(102, 62, "2", 3.5))
    doc = read_bytes(package([f'<ofd:Content><ofd:Layer ID="2">{grid}{cells}</ofd:Layer></ofd:Content>']), "a.ofd")
    assert tables(doc) == [[("本年新收申请数量", 1, 1), ("80", 1, 1)], [("上年结转申请数量", 1, 1), ("2", 1, 1)]]
    white = grid.replace('LineWidth="0.3">', 'LineWidth="0.3"><ofd:StrokeColor Value="255 255 255"/>')
    doc = read_bytes(package([f'<ofd:Content><ofd:Layer ID="2">{white}{cells}</ofd:Layer></ofd:Content>']), "a.ofd")
    assert tables(doc) == []  # the lines nobody sees make no table (the text stays, as lines)
    assert ["本年新收申请数量 80"] in lines_of(doc) or ["本年新收申请数量", "80"] in lines_of(doc)


def test_paths_absolute_and_case_and_title_only_when_printed():
    page = f'<ofd:Content><ofd:Layer ID="2">{text(20, 20, "某某局2023年政府信息公开工作年度报告")}</ofd:Layer></ofd:Content>'
    data = package([page], doc_root="/Doc_0/Document.xml", title="某某局2023年政府信息公开工作年度报告",
                   page_loc="/Doc_0/Pages/Page_{i}/Content.xml", stored="Doc_0/pages/page_{i}/content.xml")
    doc = read_bytes(data, "a.ofd")
    assert lines_of(doc) == [["某某局2023年政府信息公开工作年度报告"]]
    assert doc.header["title"] == "某某局2023年政府信息公开工作年度报告"
    doc = read_bytes(package([page], title="某某局2019年政府信息公开工作年度报告"), "a.ofd")
    assert "title" not in doc.header  # a stale title property is not the report's


def test_sniffed_by_content():
    assert sniff(package(["<ofd:Content/>"]), "file.zip") == "application/ofd"
    docx = (DATA / "corpus" / "raw" / "051_shanghai-szfbgt-2019.docx").read_bytes()
    assert sniff(docx, "a.docx").endswith("wordprocessingml.document")


def test_bad_packages_get_clear_problems():
    def problem(data: bytes) -> str:
        doc = read_bytes(data, "bad.ofd")
        assert not doc.rows and [p.rule for p in doc.problems][:1] == ["source.unreadable"]
        return doc.problems[0].message

    assert "ZIP" in problem(b"PK\x03\x04 not really a zip OFD.xml")
    no_entry = io.BytesIO()
    with zipfile.ZipFile(no_entry, "w") as z:
        z.writestr("OFD.xml.bak", "x")
    assert "OFD.xml" in problem(no_entry.getvalue())
    assert "DocRoot" in problem(package([], doc_root=""))
    assert "没有任何页面" in problem(package([]))
    doc = read_bytes(package(["<ofd:Content/>"], page_loc="Pages/Page_9/Content.xml"), "bad.ofd")
    assert any("第 1 页" in p.message for p in doc.problems)


def test_external_entities_are_not_loaded(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("机密内容12345", "utf-8")
    page = (f'<?xml version="1.0"?><!DOCTYPE p [<!ENTITY x SYSTEM "file://{secret}">]>'
            f'<ofd:Page {NS}><ofd:Content><ofd:Layer ID="2">'
            f'<ofd:TextObject ID="5" Boundary="20 20 150 6" Size="4"><ofd:TextCode X="0" Y="4">正文&x;</ofd:TextCode>'
            f'</ofd:TextObject></ofd:Layer></ofd:Content></ofd:Page>')
    data = package(["<ofd:Content/>"], extra={"Doc_0/Pages/Page_0/Content.xml": page})
    doc = read_bytes(data, "x.ofd")
    assert "机密" not in " ".join(c.text for r in doc.rows for c in r.cells)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_damaged_ofd_never_raises(data):
    page = f'<ofd:Content><ofd:Layer ID="2">{text(20, 20, "本年新收", delta="g 3 4")}{text(20, 40, "80")}</ofd:Layer></ofd:Content>'
    # the XML damaged inside a sound ZIP (damage to the ZIP itself fails its checksums: one message)
    xml = bytearray(f"<ofd:Page {NS}>{page}</ofd:Page>".encode("utf-8"))
    for _ in range(data.draw(st.integers(1, 20))):
        at = data.draw(st.integers(0, len(xml) - 1))
        xml[at] = data.draw(st.sampled_from(b'<>/"= gLM0123456789.-\x00\xff'))
    doc = read_bytes(package([""], extra={"Doc_0/Pages/Page_0/Content.xml": bytes(xml)}), "damaged.ofd")
    assert doc.rows or any(p.rule == "source.unreadable" for p in doc.problems)


def test_scanned_ofd_is_read_by_ocr():
    scan = (DATA / "corpus" / "raw" / "001_huaian-hongze-qu-2023-scan.pdf").read_bytes()
    data = pdf_to_ofd(scan, "scan")  # each page one JPEG ImageObject, no text at all
    report = check_bytes(data, "scan.ofd")
    s = score(json.loads((DATA / "corpus" / "gold" / "001.json").read_text("utf-8")), json.loads(report.to_json()), ".pdf")
    assert s["misses"] == [] and s["wrong_conf"] == 0 and s["found"] == s["defects"] and s["false_err"] == []
    doc = read_bytes(data, "scan.ofd")
    assert doc.header["ocr_pages"] == "1,2,3,4,5"
    assert any("ocr_confidence" in c.at for r in doc.rows for c in r.cells)


def test_scanned_page_without_ocr_or_image_gets_a_problem(monkeypatch):
    from gongkai.readers import ocr

    image_page = ('<ofd:Content><ofd:Layer ID="2"><ofd:ImageObject ID="3" Boundary="0 0 210 297" '
                  'CTM="210 0 0 297 0 0" ResourceID="4"/></ofd:Layer></ofd:Content>')
    doc = read_bytes(package([image_page]), "a.ofd")  # ResourceID 4 names no image in the package
    assert [p.message for p in doc.problems][:1] == ["OFD 第 1 页的图像缺失或过大，无法识别"]
    monkeypatch.setattr(ocr, "available", lambda: False)
    doc = read_bytes(package([image_page]), "a.ofd")
    assert "OCR" in doc.problems[0].message and doc.problems[0].at == {"page": 1}


def test_review_cases_hostile_numbers_and_sizes():
    huge = '<ofd:TextObject ID="5" Boundary="20 20 150 6" Size="4"><ofd:TextCode X="0" Y="4" DeltaX="g inf 4">本年新收</ofd:TextCode></ofd:TextObject>'
    doc = read_bytes(package([f'<ofd:Content><ofd:Layer ID="2">{huge}</ofd:Layer></ofd:Content>']), "a.ofd")
    assert lines_of(doc) == [["本年新收"]]
    far = text(1e999, 20, "远处") + text(20, 20, "政府")  # an infinite position is no position
    doc = read_bytes(package([f'<ofd:Content><ofd:Layer ID="2">{far}</ofd:Layer></ofd:Content>']), "a.ofd")
    assert not doc.problems
    many = '<ofd:TextObject ID="5" Boundary="0 0 210 297" Size="4"><ofd:TextCode X="0" Y="4">' + "政" * 50_000 + "</ofd:TextCode></ofd:TextObject>"
    doc = read_bytes(package([f'<ofd:Content><ofd:Layer ID="2">{many}</ofd:Layer></ofd:Content>']), "a.ofd")
    assert doc.problems[0].message.startswith("OFD 第 1 页对象或字符过多")


def test_an_unreadable_page_image_loses_that_page_only():
    res = (f'<ofd:Res {NS} BaseLoc="Res"><ofd:MultiMedias><ofd:MultiMedia ID="4" Type="Image">'
           '<ofd:MediaFile>scan.jb2</ofd:MediaFile></ofd:MultiMedia></ofd:MultiMedias></ofd:Res>')
    document = (f'<ofd:Document {NS}><ofd:CommonData><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox>'
                '</ofd:PageArea><ofd:DocumentRes>DocumentRes.xml</ofd:DocumentRes></ofd:CommonData><ofd:Pages>'
                '<ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/><ofd:Page ID="2" BaseLoc="Pages/Page_1/Content.xml"/>'
                '</ofd:Pages></ofd:Document>')
    image_page = ('<ofd:Content><ofd:Layer ID="2"><ofd:ImageObject ID="3" Boundary="0 0 210 297" '
                  'CTM="210 0 0 297 0 0" ResourceID="4"/></ofd:Layer></ofd:Content>')
    text_page = f'<ofd:Content><ofd:Layer ID="2">{text(20, 20, "第二页政府信息公开")}</ofd:Layer></ofd:Content>'
    data = package([image_page, text_page], extra={"Doc_0/Document.xml": document, "Doc_0/DocumentRes.xml": res,
                                                   "Doc_0/Res/scan.jb2": b"\x97JB2\r\n\x1a\n not an image PIL reads"})
    doc = read_bytes(data, "a.ofd")
    assert [p.message for p in doc.problems] == ["OFD 第 1 页的图像格式无法读取，未能识别"]
    assert lines_of(doc) == [["第二页政府信息公开"]]


def test_sniffed_when_ofd_xml_is_listed_only_at_the_end():
    fonts = io.BytesIO()
    with zipfile.ZipFile(fonts, "w") as z:
        z.writestr("Doc_0/Res/font.ttf", bytes(range(256)) * 400)  # 100 KB before the entry
        z.writestr("OFD.xml", "<ofd:OFD/>")
    assert sniff(fonts.getvalue(), "download") == "application/ofd"
