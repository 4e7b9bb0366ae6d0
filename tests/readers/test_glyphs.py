"""Ideographs written as radicals (text copied out of a PDF: ⾏政复议, ⾃然⼈, 2024年1⽉20⽇) read as the
ideographs they stand for, in every reader, and nothing else changes."""
import io
import json
import zipfile
from pathlib import Path

import pytest

from gongkai.document import Cell, Document, Row, Source
from gongkai.pipeline import check_bytes
from gongkai.readers import glyphs
from gongkai.render.docx import render_docx

RAW = Path(__file__).parents[1] / "data" / "corpus" / "raw"
# What a PDF's character map gives for these ideographs: Kangxi radicals and the radical supplement.
AS_RADICALS = str.maketrans({
    "一": "⼀", "二": "⼆", "十": "⼗", "人": "⼈", "入": "⼊", "八": "⼋", "大": "⼤", "子": "⼦", "工": "⼯",
    "文": "⽂", "方": "⽅", "无": "⽆", "日": "⽇", "月": "⽉", "生": "⽣", "用": "⽤", "自": "⾃", "行": "⾏",
    "长": "⻓", "门": "⻔", "民": "⺠", "见": "⻅", "车": "⻋", "页": "⻚", "金": "⾦", "高": "⾼", "立": "⽴",
})


def _essentials(report: dict) -> str:
    return json.dumps([report["cells"], report["meta"], [(f["rule"], f["message"]) for f in report["findings"]]],
                      ensure_ascii=False, sort_keys=True)


@pytest.mark.parametrize("name", ["042_pingtan-zrz-2021.txt", "004_pingtan-2019.txt",
                                  "016_pingtan-jinjing-pianqu-2023.html", "051_shanghai-szfbgt-2019.html"])
@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_a_report_written_with_radicals_reads_as_the_same_report(name, encoding):
    raw = (RAW / name).read_bytes()
    text = raw.decode("utf-8").translate(AS_RADICALS)
    assert "⾏政复议" in text and "⼀" in text
    if encoding != "utf-8":
        text = text.replace('charset="utf-8"', f'charset="{encoding}"').replace("charset=utf-8", f"charset={encoding}")
    plain = check_bytes(raw, name).to_dict()
    radicals = check_bytes(text.encode(encoding), name).to_dict()
    assert _essentials(radicals) == _essentials(plain)
    assert "⼈" not in json.dumps(radicals, ensure_ascii=False)


def test_without_the_fold_such_a_report_loses_its_rows():
    # the case the fold is for: the labels do not match while the radicals stay
    raw = (RAW / "042_pingtan-zrz-2021.txt").read_bytes().decode("utf-8").translate(AS_RADICALS)
    from gongkai.readers import text as text_reader
    saved = glyphs.fold_text
    try:
        text_reader.glyphs.fold_text = lambda text, data, encoding: text
        unfolded = check_bytes(raw.encode("utf-8"), "042.txt").to_dict()
    finally:
        text_reader.glyphs.fold_text = saved
    folded = check_bytes(raw.encode("utf-8"), "042.txt").to_dict()
    missing = [cid for cid, cell in unfolded["cells"].items() if cell["status"] == "missing"]
    assert missing and not [cid for cid, cell in folded["cells"].items() if cell["status"] == "missing"]


def test_a_word_file_with_radicals_reads_as_without():
    report = check_bytes((RAW / "042_pingtan-zrz-2021.txt").read_bytes(), "042.txt")
    docx = render_docx(report)
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts["word/document.xml"] = parts["word/document.xml"].decode("utf-8").translate(AS_RADICALS).encode("utf-8")
    assert "⾏政复议".encode() in parts["word/document.xml"]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for n, data in parts.items():
            z.writestr(n, data)
    plain = check_bytes(docx, "042.docx").to_dict()
    radicals = check_bytes(out.getvalue(), "042.docx").to_dict()
    assert _essentials(radicals) == _essentials(plain)


def test_the_fold_keeps_positions_and_leaves_other_characters():
    text = "⾏政复议\t⻔户\t⺅旁\t兀\t（⼀）"
    assert glyphs.fold(text) == "行政复议\t门户\t⺅旁\t兀\t（一）"  # a component form (⺅) stays
    assert len(glyphs.fold(text)) == len(text)


def test_compatibility_ideographs_alone_are_ordinary_text():
    data = "兀 者 年度报告".encode("utf-8")  # U+FA0C, U+FA5B: no radical anywhere
    assert not glyphs.may_hold(data, "utf-8")
    doc = Document(Source("x", "", "text/plain"), rows=[Row([Cell("兀 者")])])
    glyphs.fold_document(doc)
    assert doc.rows[0].cells[0].text == "兀 者"


def test_the_document_fold_covers_cells_and_header():
    doc = Document(Source("x", "", "application/pdf"), rows=[Row([Cell("⾃然⼈"), Cell("3")])],
                   header={"title": "某某⼈⺠政府2023年度报告", "published": "2024年1⽉20⽇"})
    glyphs.fold_document(doc)
    assert [c.text for c in doc.rows[0].cells] == ["自然人", "3"]
    assert doc.header == {"title": "某某人民政府2023年度报告", "published": "2024年1月20日"}


@pytest.mark.parametrize("encoding,expected", [("utf-8", True), ("gb18030", True), ("utf-16-le", True)])
def test_radicals_are_seen_in_each_encoding(encoding, expected):
    text = "⾏政复议"
    assert glyphs.may_hold(text.encode(encoding), encoding, text) is expected
    assert not glyphs.may_hold("行政复议".encode(encoding), encoding, "行政复议")
