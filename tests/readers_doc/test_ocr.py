"""OCR: digits with their confidence, a synthetic scan round trip, an image file."""
import io

import numpy as np
import pytest

from gongkai.readers import read_bytes
from gongkai.readers import ocr

pytest.importorskip("rapidocr_onnxruntime")
from gongkai.synth.scan import scan_pdf

from .pdfmaker import one_page, ruled_table

ROWS = [["Item", "Made", "Repealed", "In force"],
        ["Rules", "0", "13", "524"],
        ["Documents", "60", "7", "368"],
        ["Licences", "4119", "", "195"],
        ["Fees", "7730.28", "89", "10"]]


def _row(chars, probs: dict) -> np.ndarray:
    row = np.zeros(len(chars), dtype=np.float32)
    for ch, p in probs.items():
        row[chars.index(ch)] = p
    return row


def test_lookalikes_count_as_the_digit_and_doubt_is_kept():
    chars = ocr.engine()[1]
    # "O" read with some mass on "0" and on "8": the digit is 0, the doubt is 8
    pieces = [("1O", [("1", _row(chars, {"1": 0.99})), ("O", _row(chars, {"O": 0.5, "0": 0.3, "8": 0.2}))], 0.7)]
    text, conf, alts = ocr.numeric_reading(pieces)
    assert text == "10"
    assert conf == pytest.approx(0.8, abs=1e-3)
    assert alts == ["18"]
    # a label is not a number
    assert ocr.numeric_reading([("规章", [], 0.9)]) is None
    # "L" (a 1 with its serif foot) counts as a 1, as l and I do; a letter that is no look-alike is no number
    pieces = [("L", [("L", _row(chars, {"L": 0.9, "1": 0.1}))], 0.9)]
    text, conf, _ = ocr.numeric_reading(pieces)
    assert text == "1" and conf == pytest.approx(1.0, abs=1e-3)
    assert ocr.numeric_reading([("K", [("K", _row(chars, {"K": 0.9}))], 0.9)]) is None


def test_a_dropped_digit_is_not_certain():
    chars = ocr.engine()[1]
    pieces = [("4", [("4", _row(chars, {"4": 0.99}))], 0.99)]
    text, extra = ocr._cell_reading(pieces, glyphs=lambda: 2)  # the ink shows two characters
    assert text == "4" and extra["ocr_confidence"] < 0.8
    text, extra = ocr._cell_reading(pieces, glyphs=lambda: 1)
    assert extra["ocr_confidence"] >= 0.8


@pytest.fixture(scope="module")
def scanned_table():
    pdf = one_page(ruled_table(ROWS, top=120, col_w=(140, 90, 90, 90), row_h=28))
    return scan_pdf(pdf, dpi=200, noise=10, rotation=0.8, blur=0.5, jpeg=70, seed=3)


def _check_values(doc):
    got = {r.cells[0].text: r.cells[1:] for r in doc.rows if r.table is not None and r.cells}
    exact = total = 0
    for row in ROWS[1:]:
        label = row[0]
        assert label in got, (label, list(got))
        cells = got[label]
        assert len(cells) == 3, (label, [c.text for c in cells])
        for truth, cell in zip(row[1:], cells):
            total += 1
            if truth == "":
                assert cell.text == ""
                exact += 1
                continue
            assert "ocr_confidence" in cell.at
            if cell.text == truth:
                exact += 1
            else:  # a wrong reading must never be confident
                assert cell.at["ocr_confidence"] < 0.8, (label, truth, cell.text, cell.at)
    assert exact >= total - 1


def test_scanned_pdf_round_trip(scanned_table):
    import json

    doc = read_bytes(scanned_table, "scan.pdf")
    assert not doc.problems
    json.dumps([c.at for r in doc.rows for c in r.cells])  # provenance is plain JSON
    assert doc.header.get("ocr_pages") == "1"
    _check_values(doc)
    cell = next(c for r in doc.rows if r.table is not None for c in r.cells)
    assert cell.at["page"] == 1 and len(cell.at["box"]) == 4


def test_png_image(scanned_table):
    import pypdfium2 as pdfium

    page = pdfium.PdfDocument(scanned_table)[0]
    img = page.render(scale=200 / 72, grayscale=True).to_pil()
    buf = io.BytesIO()
    img.save(buf, "PNG", dpi=(200, 200))
    doc = read_bytes(buf.getvalue(), "scan.png")
    assert doc.source.media_type == "image/png"
    _check_values(doc)


def test_strongly_skewed_scan_is_deskewed():
    pdf = one_page(ruled_table(ROWS, top=120, col_w=(140, 90, 90, 90), row_h=28))
    scan = scan_pdf(pdf, dpi=200, noise=6, rotation=-4.0, blur=0.4, jpeg=80, seed=5)
    _check_values(read_bytes(scan, "skewed.pdf"))


def test_a_table_cut_by_page_breaks_without_its_top_and_bottom_rules():
    # The middle page of a table printed over three pages: no rule above its first row or below
    # its last; its column rules end on nothing but cross the rules between the rows.
    top, row_h = 120, 28
    stream = ruled_table(ROWS, top=top, col_w=(140, 90, 90, 90), row_h=row_h)
    for y in (842.0 - top, 842.0 - (top + len(ROWS) * row_h)):
        frame_rule = b"60.00 %.2f m 470.00 %.2f l S" % (y, y)
        assert frame_rule in stream
        stream = stream.replace(frame_rule, b"")
    scan = scan_pdf(one_page(stream), dpi=200, noise=6, rotation=0.5, blur=0.4, jpeg=80, seed=7)
    _check_values(read_bytes(scan, "middle-page.pdf"))


def test_an_underline_touching_its_words_is_no_ruling_line():
    ink = np.zeros((120, 300), dtype=np.uint8)
    for x in range(20, 200, 10):
        ink[36:48, x:x + 7] = 255  # glyphs down to the baseline
    ink[49:52, 20:200] = 255  # the underline right under them
    assert ocr._underline(ink, (50.0, 20, 199))
    for x in range(20, 200, 10):
        ink[60:70, x:x + 7] = 255  # a cell's text, its padding below it
    ink[79:82, 0:300] = 255  # the table rule
    assert not ocr._underline(ink, (80.0, 0, 299))
    # Text right above is not enough: a tight table's rule also has text over it, but it crosses
    # column rules or ends on them at both ends; an underline stays inside its cell.
    columns = [(0.0, 0, 120), (210.0, 0, 120), (299.0, 0, 120)]
    assert ocr._inside_one_cell((50.0, 20, 199), columns)
    assert not ocr._inside_one_cell((80.0, 0, 299), columns)  # crosses the rule at 210
    assert not ocr._inside_one_cell((80.0, 1, 209), columns)  # ends on rules at both ends


def test_text_page_with_a_pasted_table_picture(scanned_table):
    """A page with a text heading and the table as a JPEG picture: the picture is read too."""
    import pypdfium2 as pdfium

    from .pdfmaker import build_pdf, stream

    page = pdfium.PdfDocument(scanned_table)[0]
    img = page.render(scale=150 / 72, grayscale=True).to_pil().crop((0, 150 * 100 // 72, 1240, 150 * 300 // 72))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=85)
    jpeg = buf.getvalue()
    w, h = img.size
    content = (b"BT /F1 14 Tf 60 790 Td (Table 1 of the annual report, as a picture) Tj ET\n"
               b"q %.2f 0 0 %.2f 0 %.2f cm /Im1 Do Q" % (w * 72 / 150, h * 72 / 150, 760 - h * 72 / 150))
    pdf = build_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> "
        b"/XObject << /Im1 6 0 R >> >> /Contents 4 0 R >>",
        stream(content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        stream(jpeg, b" /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
                     b"/BitsPerComponent 8 /Filter /DCTDecode" % (w, h)),
    ])
    doc = read_bytes(pdf, "pasted.pdf")
    assert doc.header.get("ocr_pages") == "1"
    _check_values(doc)


def test_folded_recognizer_computes_what_the_shipped_one_does():
    onnx = pytest.importorskip("onnx")
    import onnxruntime as ort
    from pathlib import Path

    import rapidocr_onnxruntime

    path = Path(rapidocr_onnxruntime.__file__).parent / "models" / "ch_PP-OCRv4_rec_infer.onnx"
    folded = ocr.fused_model(path)
    ops = [n.op_type for n in onnx.load_from_string(folded).graph.node]
    assert "Clip" not in ops and ops.count("HardSigmoid") >= 20  # the hard-swish chains are gone
    x = np.random.default_rng(0).uniform(-1, 1, (2, 3, 48, 200)).astype(np.float32)
    x[1, :, :, 100:] = 1.0  # white paper
    shipped = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"]).run(None, {"x": x})[0]
    ours = ort.InferenceSession(folded, providers=["CPUExecutionProvider"]).run(None, {"x": x})[0]
    assert np.abs(shipped - ours).max() < 1e-4
    assert (shipped.argmax(-1) == ours.argmax(-1)).all()


def _glyph(text: str) -> np.ndarray:
    import cv2

    img = np.full((48, 40), 255, dtype=np.uint8)
    cv2.putText(img, text, (8, 38), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 0, 3)
    return img


def test_twin_crops_only_when_the_ink_matches():
    zero = _glyph("0")
    noisy = np.clip(zero + np.random.default_rng(1).normal(0, 3, zero.shape), 0, 255).astype(np.uint8)
    assert ocr.same_image(zero, noisy)
    assert not ocr.same_image(zero, _glyph("8"))
    assert not ocr.same_image(_glyph("1"), _glyph("7"))
    dotted = zero.copy()
    dotted[40:44, 34:38] = 0  # a decimal point's worth of ink
    assert not ocr.same_image(zero, dotted)


def test_twin_crops_read_alike_and_others_are_read():
    zero, eight = _glyph("0"), _glyph("8")
    results = ocr.recognize([zero, eight, zero.copy(), eight.copy()])
    assert results[2] is results[0] and results[3] is results[1]
    assert results[0][0] != results[1][0]


def test_component_labels_never_overflow():
    dots = np.zeros((300, 900), dtype=np.uint8)
    dots[::2, ::2] = 255  # 67500 isolated dots: more than 16-bit labels hold
    assert ocr.components(dots)[0] == 67500 + 1
    assert ocr.components(dots[:100])[0] == 22500 + 1


def test_long_numbers_in_cells_are_read_at_full_height(monkeypatch):
    import cv2

    img = np.full((1000, 1000), 255, dtype=np.uint8)
    cv2.rectangle(img, (50, 50), (950, 150), 0, 3)
    cv2.line(img, (300, 50), (300, 150), 0, 3)
    cv2.putText(img, "Label", (70, 115), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 0, 3)
    cv2.putText(img, "12345678901234", (320, 115), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 0, 3)
    heights = []
    real = ocr.recognize

    def spy(crops, height=48):
        heights.append((len(crops), height))
        return real(crops, height)

    monkeypatch.setattr(ocr, "recognize", spy)
    blocks, problems = ocr.read_gray(img, 1, 200, float("inf"))
    cells = [c[1] for b in blocks if b.kind == "table" for row in b.rows for c in row]
    assert any(c.replace(",", "").isdigit() and len(c) >= 11 for c in cells), cells
    assert heights[-1] == (1, 48)  # the long number again, at full height


def test_rules_in_pieces_one_per_cell_are_continued_piece_by_piece():
    # A table with cell borders of their own (cellspacing): the rule under a narrow column and the
    # rules through a one-line row are short pieces, each shorter than a line a stroke could be
    # mistaken for; they count where they continue a rule found, end to end. A stroke alone does not.
    dpi, ink = 200, np.zeros((400, 900), dtype=np.uint8)
    ink[100:103, 100:900] = 255  # the top rule
    ink[300:303, 100:140] = 255  # under a narrow column: 40 px
    ink[300:303, 143:183] = 255  # and the next one
    ink[300:303, 186:900] = 255  # the rest of the rule
    ink[100:300, 100:103] = 255  # the left rule down to the header's bottom
    ink[304:330, 100:103] = 255  # through the one-line row below: 26 px
    ink[331:334, 100:900] = 255  # the bottom rule
    ink[150:176, 500:503] = 255  # a stroke of a character inside a cell: 26 px, alone
    hedges, vedges, _ = ocr.ruling_lines(ink, dpi)
    at_300 = sorted((round(a), round(b)) for y, a, b in hedges if abs(y - 301) < 3)
    assert at_300[0][0] == 100 and (100, 140) in at_300 and (143, 183) in at_300
    assert any(abs(x - 101) < 3 and top <= 305 and bottom >= 329 for x, top, bottom in vedges)
    assert not any(abs(x - 501) < 3 for x, _, _ in vedges)
