"""Bad inputs end in a clear source.unreadable problem: no exception, no hang."""
import io
import zipfile
from pathlib import Path

import pytest

from gongkai.readers import read_bytes
from gongkai.readers import docx as docx_reader
from gongkai.readers import pdf as pdf_reader

from .pdfmaker import build_pdf, one_page

RAW = Path(__file__).resolve().parents[1] / "data" / "corpus" / "raw"


def problems(doc):
    return [p for p in doc.problems if p.rule == "source.unreadable"]


def assert_unreadable(doc, *words):
    probs = problems(doc)
    assert probs, "expected a source.unreadable problem"
    assert not doc.rows, "nothing is read from an unreadable source"
    for w in words:
        assert any(w in p.message for p in probs), (w, [p.message for p in probs])


def test_encrypted_pdf_asks_for_a_password():
    pdf = build_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        b"<< /Filter /Standard /V 1 /R 2 /Length 40 /P -44 "
        b"/O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> >>",
    ], trailer_extra=b"/Encrypt 4 0 R /ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>] ")
    assert_unreadable(read_bytes(pdf, "locked.pdf"), "加密")


def test_truncated_pdf():
    data = (RAW / "001_huaian-hongze-qu-2023.pdf").read_bytes()[:3000]
    doc = read_bytes(data, "cut.pdf")
    assert problems(doc)


def test_not_really_a_pdf():
    assert_unreadable(read_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40, "junk.pdf"))


def test_zip_bomb_stream_is_refused_before_rendering():
    content = b"% " + b" " * (pdf_reader.MAX_STREAM_BYTES + 1024)
    pdf = one_page(content, compress=True)
    assert len(pdf) < 1_000_000
    assert_unreadable(read_bytes(pdf, "bomb.pdf"), "压缩炸弹")


def test_too_many_pages():
    import pypdfium2 as pdfium

    new = pdfium.PdfDocument.new()
    for _ in range(pdf_reader.MAX_PAGES + 1):
        new.new_page(100, 100)
    buf = io.BytesIO()
    new.save(buf)
    assert_unreadable(read_bytes(buf.getvalue(), "long.pdf"), "页上限")


def test_too_many_objects_on_a_page(monkeypatch):
    monkeypatch.setattr(pdf_reader, "MAX_OBJECTS_PER_PAGE", 500)
    content = b"\n".join(b"%d 100 1 1 re f" % (i % 500) for i in range(2000))
    assert_unreadable(read_bytes(one_page(content), "dense.pdf"), "对象过多")


def test_empty_pdf_page_has_no_text():
    doc = read_bytes(one_page(b""), "blank.pdf")
    assert_unreadable(doc, "没有可读取的文字")


def _zip(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return buf.getvalue()


@pytest.mark.parametrize("data,word", [
    (b"PK\x03\x04" + b"word/" + b"\x00" * 200, "损坏"),
    (_zip({"word/other.xml": b"<x/>"}), "word/document.xml"),
    (_zip({"word/document.xml": b"<not really xml", "[Content_Types].xml": b"<Types/>"}), "损坏"),
])
def test_corrupt_docx(data, word):
    assert_unreadable(read_bytes(data, "bad.docx"), word)


def test_docx_zip_bomb(monkeypatch):
    monkeypatch.setattr(docx_reader, "MAX_UNZIPPED", 1024 * 1024)
    data = _zip({"word/document.xml": b"<w:document/>" + b" " * (2 * 1024 * 1024)})
    assert_unreadable(read_bytes(data, "bomb.docx"), "压缩炸弹")


def test_damaged_legacy_doc_without_libreoffice(monkeypatch):
    # the native .doc reader cannot read it and there is no LibreOffice to try: a clear problem
    monkeypatch.setattr(docx_reader.shutil, "which", lambda name: None)
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1024
    assert_unreadable(read_bytes(ole, "old.doc"), "损坏")


def test_corrupt_image():
    assert_unreadable(read_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "bad.png"), "图像")


def test_image_with_absurd_size_is_refused():
    from PIL import Image

    buf = io.BytesIO()
    Image.new("1", (9000, 9000), 1).save(buf, "PNG")
    assert_unreadable(read_bytes(buf.getvalue(), "huge.png"), "过大")


def test_scan_without_the_ocr_extra_says_what_to_install(monkeypatch):
    from gongkai.readers import ocr

    monkeypatch.setattr(ocr, "available", lambda: False)
    scan = (RAW / "001_huaian-hongze-qu-2023-scan.pdf").read_bytes()
    assert_unreadable(read_bytes(scan, "scan.pdf"), "gongkai[ocr]")


def test_wall_clock_budget_stops_reading(monkeypatch):
    monkeypatch.setattr(pdf_reader, "TIME_BUDGET_S", -1.0)
    doc = read_bytes((RAW / "001_huaian-hongze-qu-2023.pdf").read_bytes(), "slow.pdf")
    assert_unreadable(doc, "超时")


def test_legacy_doc_is_converted_by_libreoffice(tmp_path, monkeypatch):
    # a stand-in soffice that "converts" by writing a known .docx where LibreOffice would
    fake = tmp_path / "soffice"
    docx_path = RAW / "051_shanghai-szfbgt-2019.docx"
    fake.write_text(
        "#!/bin/sh\n"
        "while [ $# -gt 0 ]; do if [ \"$1\" = --outdir ]; then out=$2; fi; shift; done\n"
        f"cp '{docx_path}' \"$out/input.docx\"\n")
    fake.chmod(0o755)
    monkeypatch.setattr(docx_reader.shutil, "which", lambda name: str(fake) if name == "soffice" else None)
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1024
    doc = read_bytes(ole, "old.wps")
    assert not doc.problems
    assert any(c.text == "821" for r in doc.rows for c in r.cells)
