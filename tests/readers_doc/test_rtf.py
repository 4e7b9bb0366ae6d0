"""RTF files read natively (gongkai.readers.rtf): many "Word" reports on government sites are RTF.

The fixtures in tests/data/rtf (gzipped) were saved as RTF by LibreOffice from the .doc fixtures of
tests/data/doc (themselves from the corpus's 051 .docx, the probe page 900001 and a synthetic report in
the official layout). Word and WPS write Chinese as GBK bytes (\\'hh) under a font with \\fcharset134
rather than as \\uN escapes: the hand-written snippets below are in that style."""
import gzip
import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st
import pytest

from gongkai import spec
from gongkai.pipeline import check_bytes
from gongkai.readers import read_bytes, read_path, sniff
from gongkai.readers import rtf
from gongkai.synth import generate
from tests.corpus_score import score
from tests.readers_doc.damage import damaged

DATA = Path(__file__).resolve().parents[1] / "data"
RTF = DATA / "rtf"


def fixture(stem: str) -> bytes:
    return gzip.decompress((RTF / f"{stem}.rtf.gz").read_bytes())


def shape(doc):
    return [(r.table, [(c.text, c.colspan, c.rowspan) for c in r.cells]) for r in doc.rows]


def rows(data: bytes):
    doc = read_bytes(data, "report.doc")
    assert doc.source.media_type == "application/rtf"
    return doc, [[c.text for c in r.cells] for r in doc.rows]


def gbk(s: str) -> str:
    """s as Word writes it in RTF: each GBK byte as \\'hh."""
    return "".join(f"\\'{b:02x}" if b > 127 else chr(b) for b in s.encode("gbk"))


def word_rtf(body: str) -> bytes:
    """A document in the style Word and WPS write: \\ansicpg936, a GBK font, \\uc2."""
    head = ("{\\rtf1\\ansi\\ansicpg936\\uc2\\deff0{\\fonttbl{\\f0\\fnil\\fcharset134 " + gbk("宋体")
            + ";}{\\f1\\froman\\fcharset0 Times New Roman;}}{\\colortbl;\\red0\\green0\\blue0;}"
            "{\\stylesheet{\\s0 Normal;}}{\\*\\generator Microsoft Word 11.0.0000;}"
            "{\\info{\\title " + gbk("某某局2023年政府信息公开工作年度报告") + "}{\\author x}}\n")
    return (head + body + "}").encode("ascii")


@pytest.mark.parametrize("stem", ["051_shanghai-szfbgt-2019", "900001_shuyang-fgj-2023", "synth-2021-seed3"])
def test_libreoffice_rtf_reads_as_its_doc_twin(stem):
    d = read_bytes(fixture(stem), f"{stem}.doc")  # an RTF file under a .doc name, as sites publish them
    assert d.source.media_type == "application/rtf" and not d.problems
    assert shape(d) == shape(read_path(DATA / "doc" / f"{stem}.doc"))


@pytest.mark.parametrize("stem, gold", [
    ("051_shanghai-szfbgt-2019", DATA / "corpus" / "gold" / "051.json"),
    ("900001_shuyang-fgj-2023", DATA / "probe" / "gold" / "900001.json"),
])
def test_real_reports_as_rtf_match_their_keys(stem, gold):
    key = json.loads(gold.read_text("utf-8"))
    out = json.loads(check_bytes(fixture(stem), f"{stem}.rtf").to_json())
    s = score(key, out, ".rtf")
    assert s["misses"] == [] and s["wrong_conf"] == 0
    assert s["found"] == s["defects"] and s["false_err"] == [] and s["meta_bad"] == []


def test_synthetic_official_layout_round_trips():
    report = generate(3, fmt="2021", blanks=True)  # the generator is deterministic: the fixture's report
    got = check_bytes(fixture("synth-2021-seed3"), "report.rtf")
    bad = [cid for cid in spec.cell_ids(report.format)
           if cid not in got.cells or (got.cells[cid].status, got.cells[cid].value) != report.expected(cid)]
    assert bad == []
    assert got.meta["title"] == "东台县2025年度政府信息公开工作年度报告"  # the Unicode \upr version of \title


def test_gbk_bytes_under_a_chinese_font_and_unicode_escapes():
    body = ("\\pard\\plain\\f0 " + gbk("一、总体情况") + "\\par\n"
            "\\pard " + gbk("本年") + "\\u26032\\'d0\\'c2" + gbk("收") + "\\par\n"  # \uc2: two fallback bytes
            "\\pard {\\uc1\\u-10179?\\u-8694?}x\\par\n")  # a character beyond the BMP as two surrogates
    doc, got = rows(word_rtf(body))
    assert got == [["一、总体情况"], ["本年新收"], ["\U0001f60a" + "x"]]


def test_ansi_code_page_without_font_charsets():
    body = "\\pard " + gbk("政府信息公开") + "\\par"
    _, got = rows(("{\\rtf1\\ansi\\ansicpg936 " + body + "}").encode("ascii"))
    assert got == [["政府信息公开"]]


def test_table_grid_with_merges():
    def row(defs: str, cells: list[str]) -> str:
        return ("\\trowd\\trleft0" + defs + "".join(f"\\pard\\intbl {gbk(c)}\\cell " for c in cells) + "\\row\n")

    body = (row("\\clvmgf\\cellx2000\\clmgf\\cellx4000\\clmrg\\cellx6000", ["三、本年度办理结果", "（一）予以公开", ""])
            + row("\\clvmrg\\cellx2000\\cellx4000\\cellx6000", ["", "（二）部分公开", "3"])
            + "\\pard " + gbk("正文") + "\\par")
    doc, got = rows(word_rtf(body))
    assert got == [["三、本年度办理结果", "（一）予以公开"], ["（二）部分公开", "3"], ["正文"]]
    first, second = doc.rows[0].cells, doc.rows[1].cells
    assert (first[0].rowspan, first[1].colspan) == (2, 2)
    assert doc.rows[0].table == doc.rows[1].table == 0 and doc.rows[2].table is None
    assert second[0].at == {"table": 0, "row": 1, "cell": 1}  # grid column of the cell


def test_row_definition_written_after_the_cells_and_cell_paragraphs():
    # Word 2007+ repeats the definition at the row's end; a cell of two paragraphs joins them
    body = ("\\pard\\intbl " + gbk("本年新收") + "\\par " + gbk("申请数量") + "\\cell 12\\cell "
            "{\\trowd\\cellx3000\\cellx5000\\row}\n")
    doc, got = rows(word_rtf(body))
    assert got == [["本年新收申请数量", "12"]]


def test_fields_hidden_text_notes_and_pictures_are_not_page_text():
    body = ("\\pard {\\field{\\*\\fldinst HYPERLINK \"http://x.gov.cn\"}{\\fldrslt " + gbk("链接文字") + "}}\\par\n"
            "\\pard " + gbk("可见") + "{\\v " + gbk("隐藏") + "}" + gbk("文字") + "\\par\n"
            "{\\header \\pard " + gbk("页眉") + "\\par}{\\footnote " + gbk("脚注") + "}"
            "{\\*\\shppict{\\pict\\pngblip\\bin4 {}}\\par}}"  # binary bytes: braces inside are data
            "\\pard 5\\par")
    _, got = rows(word_rtf(body))
    assert got == [["链接文字"], ["可见文字"], ["5"]]


def test_struck_text_and_raised_note_marks_are_not_page_text():
    # a revised figure struck out beside the new one, double strike, a strike turned off; a note's
    # raised mark after a label or a value (\\super, LibreOffice's \\up; a unit's ² goes the same way,
    # as <sup>2</sup> does in a web page), and raised text that is no mark, which stays
    body = ("\\pard\\intbl " + gbk("行政处罚") + "{\\super [1]}\\cell {\\strike 11}{\\strike0 12}\\cell "
            "{\\trowd\\cellx2000\\cellx4000\\row}"
            "\\pard " + gbk("受理") + "{\\striked1 38}39{\\up6 1}\\par\n"
            "\\pard 100m{\\super 2}\\nosupersub , {\\up6 " + gbk("附件") + "}\\up0 x\\par")
    _, got = rows(word_rtf(body))
    assert got == [["行政处罚", "12"], ["受理39"], ["100m, 附件x"]]


def test_nested_table_is_text_of_its_outer_cell():
    body = ("\\pard\\intbl " + gbk("外") + "\\cell "
            "\\pard\\intbl\\itap2 " + gbk("予以") + "\\nestcell " + gbk("公开") + "\\nestcell{\\*\\nesttableprops\\trowd\\cellx500\\cellx900\\nestrow}"
            "\\pard\\intbl\\itap1 \\cell {\\trowd\\cellx2000\\cellx6000\\row}")
    _, got = rows(word_rtf(body))
    assert got == [["外", "予以公开"]]


def test_metadata_title_only_when_printed():
    doc, _ = rows(word_rtf("\\pard " + gbk("某某局2023年政府信息公开工作年度报告") + "\\par"))
    assert doc.header["title"] == "某某局2023年政府信息公开工作年度报告"
    doc, _ = rows(word_rtf("\\pard " + gbk("正文") + "\\par"))
    assert "title" not in doc.header


def test_sniffed_by_content_whatever_the_name():
    assert sniff(b"{\\rtf1\\ansi hello}", "report.doc") == "application/rtf"
    assert sniff(b"\xef\xbb\xbf {\\rtf1 x}", "report.txt") == "application/rtf"
    assert sniff(b"rtf is a format", "a.rtf") == "text/plain"


def test_truncated_file_keeps_what_it_read():
    data = word_rtf("\\pard " + gbk("第一段") + "\\par\\trowd\\cellx1000\\cellx2000\\pard\\intbl 80\\cell 1")[:-1]
    doc, got = rows(data)
    assert got == [["第一段"], ["80", "1"]]


def test_bad_rtf_gets_clear_problems():
    doc = rtf.read(b"not rtf at all", None)
    assert [p.rule for p in doc.problems] == ["source.unreadable"] and "RTF" in doc.problems[0].message
    doc = read_bytes(b"{\\rtf1 " + b"{" * 20_000 + b"}" * 20_000 + b"}", "deep.rtf")
    assert doc.problems and "嵌套过深" in doc.problems[0].message
    doc = read_bytes(b"{\\rtf1\\ansi {\\fonttbl{\\f0\\fcharset134 x;}}}", "empty.rtf")
    assert doc.problems and "没有可读取的文字" in doc.problems[0].message


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_damaged_rtf_never_raises(data):
    blob = damaged(data, fixture("synth-2021-seed3")[:60_000], 40, min_cut=6,
                   alphabet=b"{}\\'0123456789abcdefu-* \r\nx\x00\xff")
    doc = read_bytes(blob, "damaged.doc")
    assert doc.rows or any(p.rule == "source.unreadable" for p in doc.problems)


def test_review_cases_lists_in_cells_trailing_bytes_and_western_fonts():
    # Word's numbering ({\listtext\pard ...}) inside a cell: the \pard is the group's, the row stays one
    body = ("\\trowd\\cellx2000\\cellx4000\\pard\\intbl " + gbk("项目") + "\\cell\\pard\\intbl{\\listtext\\pard\\plain "
            + gbk("一、") + "}" + gbk("予以公开") + "\\par\\pard\\intbl{\\listtext\\pard\\plain " + gbk("二、") + "}"
            + gbk("部分公开") + "\\cell\\row\\pard " + gbk("正文") + "\\par")
    _, got = rows(word_rtf(body))
    assert got == [["项目", "一、予以公开二、部分公开"], ["正文"]]
    _, got = rows(b"{\\rtf1 a\\par}junk\x00\x00")  # after the document's closing brace: not the document
    assert got == [["a"]]
    _, got = rows(b"{\\rtf1 {\\ud x}y}")  # \ud outside \upr
    assert got == [["xy"]]
    # a Western font's run in a Chinese document (Word sets the CJK font by \dbch\afN)
    data = ("{\\rtf1\\ansi\\ansicpg936\\deff0{\\fonttbl{\\f0\\froman\\fcharset0 Times New Roman;}}"
            "\\pard\\loch\\af0\\dbch\\af13 " + gbk("政府信息") + " 2023\\par}").encode("ascii")
    _, got = rows(data)
    assert got == [["政府信息 2023"]]


def test_bounded_rows_cells_and_row_definitions():
    doc = read_bytes(b"{\\rtf1 " + b"a\\par\n" * 60_000 + b"}", "x.rtf")
    assert len(doc.rows) <= rtf.MAX_BLOCKS + 1 and "内容过多" in doc.problems[0].message
    data = b"{\\rtf1 \\trowd" + b"\\cellx5" * 5000 + b"\\pard\\intbl a\\cell b\\cell\\row}"
    doc = read_bytes(data, "x.rtf")  # 5,000 boundaries for two cells: no grid, one cell a column
    assert [[c.text for c in r.cells] for r in doc.rows] == [["a", "b"]]
