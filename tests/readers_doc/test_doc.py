"""Legacy Word (.doc) files read natively (gongkai.readers.doc), without LibreOffice.

The fixtures in tests/data/doc were saved as "MS Word 97" by LibreOffice from: the corpus's 051 .docx,
LibreOffice's import of the probe page 900001 (a page with a metadata table, fields and form controls),
two synthetic reports rendered by gongkai.render in the official layout (merged cells), and
LibreOffice's import of the written page 1263 (figures struck out beside their revisions, raised note
marks)."""
import json
from pathlib import Path
import struct

from hypothesis import HealthCheck, given, settings, strategies as st
import pytest

from gongkai import spec
from gongkai.pipeline import check_bytes
from gongkai.readers import doc as legacy
from gongkai.readers import docx as docx_reader
from gongkai.readers import read_bytes, read_path
from gongkai.synth import generate
from tests.corpus_score import score
from tests.readers_doc.damage import damaged

DATA = Path(__file__).resolve().parents[1] / "data"
DOC = DATA / "doc"


def shape(doc):
    return [(r.table, [(c.text, c.colspan, c.rowspan) for c in r.cells]) for r in doc.rows]


@pytest.fixture(autouse=True)
def no_libreoffice(monkeypatch):
    # these tests are about the native reader: LibreOffice must not be what reads the files
    monkeypatch.setattr(docx_reader.shutil, "which", lambda name: None)


def test_051_doc_reads_as_its_docx_twin():
    d = read_path(DOC / "051_shanghai-szfbgt-2019.doc")
    assert not d.problems
    assert shape(d) == shape(read_path(DATA / "corpus" / "raw" / "051_shanghai-szfbgt-2019.docx"))
    cell = next(c for r in d.rows for c in r.cells if c.text == "821")
    assert set(cell.at) == {"table", "row", "cell"}


@pytest.mark.parametrize("path, gold", [
    (DOC / "051_shanghai-szfbgt-2019.doc", DATA / "corpus" / "gold" / "051.json"),
    (DOC / "900001_shuyang-fgj-2023.doc", DATA / "probe" / "gold" / "900001.json"),
    # the written report 1263 saved as .doc by LibreOffice: revised figures struck out beside the new
    # ones (sprmCFStrike) and raised note marks (行政处罚[1], sprmCHpsPos)
    (DOC / "1263_zhuzhou-sthjj-2022-revised.doc", DATA / "written" / "gold" / "1263.json"),
])
def test_real_reports_as_doc_match_their_keys(path, gold):
    key = json.loads(gold.read_text("utf-8"))
    out = json.loads(check_bytes(path.read_bytes(), path.name).to_json())
    s = score(key, out, ".doc")
    assert s["misses"] == [] and s["wrong_conf"] == 0
    assert s["found"] == s["defects"] and s["false_err"] == [] and s["meta_bad"] == []


@pytest.mark.parametrize("fmt, seed", [("2021", 3), ("2019", 5)])
def test_synthetic_official_layout_round_trips(fmt, seed):
    report = generate(seed, fmt=fmt, blanks=True)  # the generator is deterministic: the fixture's report
    got = check_bytes((DOC / f"synth-{fmt}-seed{seed}.doc").read_bytes(), "report.doc")
    bad = [(cid, report.expected(cid), (got.cells[cid].status, got.cells[cid].value) if cid in got.cells else None)
           for cid in spec.cell_ids(report.format)
           if cid not in got.cells or (got.cells[cid].status, got.cells[cid].value) != report.expected(cid)]
    assert bad == []


def test_struck_text_and_raised_note_marks_are_not_read():
    texts = [[c.text for c in r.cells] for r in read_path(DOC / "1263_zhuzhou-sthjj-2022-revised.doc").rows]
    assert ["行政处罚", "87"] in texts and ["行政强制", "9"] in texts
    granted = next(row for row in texts if "（一）予以公开" in row)
    assert granted[-7:] == ["12", "3", "0", "1", "1", "0", "17"]  # 11 and 16 struck out beside them


def test_vertical_merges_become_rowspans():
    d = read_path(DOC / "051_shanghai-szfbgt-2019.doc")
    outcome = next(c for r in d.rows for c in r.cells if c.text == "三、本年度办理结果")
    assert outcome.rowspan == 20


def _clx(pieces: list[tuple[int, int, int]]) -> bytes:
    """A Clx holding one piece table: (first cp, cp after, fcCompressed) per piece."""
    cps = [p[0] for p in pieces] + [pieces[-1][1]]
    plc = struct.pack(f"<{len(cps)}I", *cps) + b"".join(struct.pack("<HIH", 0, fc, 0) for _, _, fc in pieces)
    return b"\x01" + struct.pack("<h", 2) + b"\x00\x00" + b"\x02" + struct.pack("<I", len(plc)) + plc


class _FakeFib:
    def __init__(self, clx_len: int):
        self.clx = (0, clx_len)


def test_pieces_of_both_widths_and_their_byte_offsets():
    # Word writes text in pieces: 8-bit ("compressed", at fc/2) and UTF-16; a fast-saved file has many
    word = bytearray(4096)
    word[1000:1006] = "Total ".encode("cp1252")
    word[2000:2014] = "总计 821\r".encode("utf-16-le")
    clx = _clx([(0, 6, 0x40000000 | 2000), (6, 13, 2000)])
    pieces = legacy._pieces(bytes(word), clx, _FakeFib(len(clx)))
    assert pieces == [(0, 6, 1000, True), (6, 13, 2000, False)]
    text, fcs = legacy._text(bytes(word), pieces, 13)
    assert text == "Total 总计 821\r"
    assert legacy._fc_of(fcs, 2) == 1002 and legacy._fc_of(fcs, 6) == 2000 and legacy._fc_of(fcs, 12) == 2012


def test_a_broken_piece_table_is_a_clear_error():
    with pytest.raises(legacy.DocFormatError, match="piece table"):
        legacy._pieces(b"", b"\x07junk", _FakeFib(5))


def test_field_codes_are_hidden_and_indices_kept():
    text = "第\x13 PAGE \x14３\x15页\x13 HYPERLINK \"http://x\" \x14链接\x15。"
    hidden = legacy._hide_field_codes(text)
    assert len(hidden) == len(text)
    assert hidden.replace("\x00", "") == "第３页链接。"


def test_sprms_with_variable_operands():
    tdef = struct.pack("<HB3h", 7 + 1, 2, 0, 1000, 2500)  # cb, itcMac, rgdxaCenter (no TCs)
    grpprl = struct.pack("<HB", legacy.SPRM_TTP, 1) + struct.pack("<H", legacy.SPRM_TDEF_TABLE) + tdef \
        + struct.pack("<Hi", legacy.SPRM_ITAP, 1)
    props = legacy.sprms(grpprl)
    assert props[legacy.SPRM_TTP] == b"\x01"
    assert props[legacy.SPRM_ITAP] == struct.pack("<i", 1)
    row = legacy._row(["a", "b"], props)
    assert row.bounds == [0, 1000, 2500]
    assert legacy.sprms(grpprl[:-3]) == {k: v for k, v in props.items() if k != legacy.SPRM_ITAP}  # cut short


def _fib_variant(data: bytes, offset: int, value: int) -> bytes:
    """The fixture with one 16-bit field of its FIB changed (the WordDocument stream is found by olefile)."""
    import olefile

    import io
    ole = olefile.OleFileIO(io.BytesIO(data))
    start = ole.openstream("WordDocument").read(64)
    ole.close()
    at = data.find(start)
    assert at > 0
    return data[:at + offset] + struct.pack("<H", value) + data[at + offset + 2:]


def test_encrypted_and_word95_files_get_clear_problems():
    data = (DOC / "051_shanghai-szfbgt-2019.doc").read_bytes()
    flags = struct.unpack_from("<H", data, data.find(b"\xec\xa5") + 10)[0]
    doc = read_bytes(_fib_variant(data, 10, flags | 0x0100), "locked.doc")
    assert [p.rule for p in doc.problems] == ["source.unreadable"] and "加密" in doc.problems[0].message
    doc = read_bytes(_fib_variant(data, 2, 0x0065), "old.doc")  # nFib 101: Word 6
    assert [p.rule for p in doc.problems] == ["source.unreadable"] and "Word 6/95" in doc.problems[0].message


def test_metadata_title_only_when_the_document_prints_it():
    d = read_path(DOC / "900001_shuyang-fgj-2023.doc")
    # LibreOffice kept the page's <title> (沭阳县人民政府) as the file's title; the document never prints it
    assert legacy.parse((DOC / "900001_shuyang-fgj-2023.doc").read_bytes()).title == "沭阳县人民政府"
    assert "title" not in d.header
    from gongkai.document import Cell, Document, Row, Source, title_in_body

    doc = Document(Source("x", "", "application/msword"), rows=[Row([Cell("某某局2023年政府信息公开工作年度报告")], False)])
    assert title_in_body(doc, "某某局2023年政府信息公开工作年度报告")
    assert not title_in_body(doc, "某某局2019年政府信息公开工作年度报告")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_damaged_doc_files_never_raise(data):
    blob = damaged(data, (DOC / "900001_shuyang-fgj-2023.doc").read_bytes(), 40, min_cut=512)
    doc = read_bytes(blob, "damaged.doc")
    assert doc.rows or any(p.rule == "source.unreadable" for p in doc.problems)


def test_cells_are_cleaned_before_the_table_is_judged():
    # a cell of spaces is an empty cell (add_table drops empty right-edge columns by it);
    # a cell's paragraphs join as the .docx reader joins them
    grid = legacy._grid([legacy.TableRow(["本年新收\n申请数量", "12", "  "], [0, 2000, 3000, 3200],
                                         [False] * 3, [None] * 3)])
    assert [cell[3] for cell in grid[0]] == ["本年新收申请数量", "12", ""]
    assert [cell[:2] for cell in grid[0]] == [[0, 1], [1, 1], [2, 1]]
