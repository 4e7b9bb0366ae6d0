"""extract.meta.read_meta against the corpus answer keys (tests/data/corpus/gold)."""
from __future__ import annotations

import json
from pathlib import Path
import re

import pytest

from gongkai.document import Cell, Document, Row, Source
from gongkai.extract.meta import kind_of, normalize_date, read_meta

CORPUS = Path(__file__).parent / "data" / "corpus"
GOLD = {p.stem: json.loads(p.read_text("utf-8")) for p in (CORPUS / "gold").glob("*.json")}


def text_document(raw: str, name: str = "input.txt") -> Document:
    """A Document as the text reader makes it: one prose row per non-empty line, crawler header
    fields in doc.header. Built here so these tests do not depend on the readers."""
    header = {}
    body = raw
    if "==== 正文 ====" in raw:
        head, _, rest = raw.partition("==== 正文 ====")
        body = rest.split("\n", 1)[1] if "\n" in rest else ""
        names = {"标题": "title", "发布时间": "published", "发布机构": "publisher", "原文链接": "url"}
        for line in head.splitlines():
            key, sep, value = line.partition(":")
            if sep and key.strip() in names and value.strip():
                header[names[key.strip()]] = value.strip()
    rows = [Row([Cell(line.strip(), {"line": i})], delimited=False)
            for i, line in enumerate(body.splitlines(), 1) if line.strip()]
    return Document(Source(name, "", "text/plain"), rows=rows, header=header)


def html_document(raw: str, name: str) -> Document:
    """Crude HTML -> prose rows (tables flattened to one row each); enough for meta."""
    raw = re.sub(r"(?is)<(script|style)\b.*?</\1>", "", raw)
    raw = re.sub(r"(?i)<br\s*/?>|</p>|</div>|</h\d>|</table>", "\n", raw)
    text = re.sub(r"<[^>]+>", "", raw).replace("&nbsp;", " ")
    return text_document(text, name)


def corpus_documents():
    for path in sorted((CORPUS / "raw").iterdir()):
        key = path.name.split("_")[0].split(".")[0]
        if key not in GOLD or path.suffix not in (".txt", ".html"):
            continue
        raw = path.read_text("utf-8")
        doc = html_document(raw, path.name) if path.suffix == ".html" else text_document(raw, path.name)
        yield pytest.param(key, doc, id=path.name)


CORPUS_DOCS = list(corpus_documents())
KIND_BY_FILE = {  # from SOURCES.md "level" and the gold notes
    "001": "government",
    "004": "government", "006": "government", "011": "government", "015": "township", "016": "township",
    "017": "township", "020": "department", "024": "department", "027": "department", "030": "department",
    "036": "township", "039": "township", "042": "department", "046": "department", "047": "township",
    "050": "township", "051": "office", "seed000": "township", "seed002": "department", "seed004": "township",
}
PERIODS = {"036": ("2019-09-01", "2019-12-31"), "047": ("2019-09-01", "2019-12-31"),
           "051": ("2019-01-01", "2019-12-31")}


@pytest.mark.parametrize("key,doc", CORPUS_DOCS)
def test_year_published_kind_match_gold(key, doc):
    info = read_meta(doc, doc.plain_text())
    gold = GOLD[key]["meta"]
    assert info["year"] == gold["year"]
    assert info["published"] == gold.get("published")
    assert info["kind"] == KIND_BY_FILE[key]


@pytest.mark.parametrize("key,doc", CORPUS_DOCS)
def test_period_is_the_stated_statistics_period(key, doc):
    info = read_meta(doc, doc.plain_text())
    year = GOLD[key]["meta"]["year"]
    text = doc.plain_text()
    if key in PERIODS:
        assert (info["period"]["start"], info["period"]["end"]) == PERIODS[key]
    elif "统计期限" in text or "统计时限" in text:
        assert info["period"] == {"start": f"{year}-01-01", "end": f"{year}-12-31"}
    else:
        assert info["period"] is None


@pytest.mark.parametrize("key,doc", CORPUS_DOCS)
def test_agency_from_title_or_signature(key, doc):
    info = read_meta(doc, doc.plain_text())
    gold = GOLD[key]["meta"]["agency"]
    assert info["agency"]
    # Short titles name the agency in short ("科左后旗…苏木", OCR "沐阳"): the tail must agree.
    ours, theirs = (a.removesuffix("人民政府").removesuffix("办事处") for a in (info["agency"], gold))
    assert ours[-2:] == theirs[-2:]  # 011's OCR text reads 沐阳县 for 沭阳县


@pytest.mark.parametrize("key,doc", CORPUS_DOCS)
def test_all_six_sections_found_and_table_labels_are_not_headings(key, doc):
    info = read_meta(doc, doc.plain_text())
    sections = info["sections"]
    expected = {"overview", "active", "requests", "review", "problems", "other"}
    if key == "seed002":  # this report really has no section 六
        expected.discard("other")
    assert set(sections) == expected
    # The flattened tables are not part of the section prose.
    assert "本年新收政府信息公开申请数量" not in sections["requests"]
    assert "结转下年度继续办理" not in sections["review"]
    assert "第二十条第" not in sections["active"]


def test_section_variants_of_017_map_to_statutory_sections():
    key, doc = next(p.values for p in CORPUS_DOCS if p.id.startswith("017"))
    s = read_meta(doc)["sections"]
    assert "信息公开的时效性有待进一步提升" in s["problems"] and "优化信息更新机制" in s["problems"]
    assert "信息处理费" in s["other"]
    assert s["overview"].startswith("（一）主动公开多点发力")


def narrative_document(year: int, body: str) -> Document:
    """A report of `year` whose section 一 (总体情况) is `body`."""
    return text_document(f"{year}年度政府信息公开工作年度报告\n一、总体情况\n{body}")


def figures_of(prefix):
    key, doc = next(p.values for p in CORPUS_DOCS if p.id.startswith(prefix))
    return read_meta(doc)["figures"]["stated"]


def values(stated, key):
    return [f["value"] for f in stated.get(key, [])]


def test_ascii_punctuation_ends_a_figure_clause():
    # OCR and some converters print ASCII commas and semicolons: "其他处理1件;结转" is no carry-over of 1
    doc = narrative_document(2021, "全年共收到政府信息公开申请70件,上年结转3件。全年办结69件,其中予以公开31件,"
                                   "其他处理1件;结转下年度继续办理4件。")
    s = read_meta(doc)["figures"]["stated"]
    assert values(s, "carried_out") == [4]
    assert values(s, "received") == [70]


def test_the_first_outcome_after_a_colon_is_not_the_number_handled():
    doc = narrative_document(2022, "全年共收到政府信息公开申请4件，均为自然人申请，已全部在法定期限内答复：予以公开2件，"
                                   "无法提供2件。")
    s = read_meta(doc)["figures"]["stated"]
    assert values(s, "handled") == []
    assert values(s, "granted") == [2]
    doc = narrative_document(2022, "全年共收到政府信息公开申请4件，已全部办结4件：予以公开2件，无法提供2件。")
    assert values(read_meta(doc)["figures"]["stated"], "handled") == [4]


def test_documents_newly_made_is_the_issued_figure():
    # the 2019 format's column is 本年新制作数量, and narratives say it so
    doc = narrative_document(2020, "全年共收到政府信息公开申请3件。本年新制作规范性文件5件，新公开规范性文件5件。")
    assert values(read_meta(doc)["figures"]["stated"], "issued") == [5]


def test_counts_in_chinese_numerals():
    doc = narrative_document(2022, "全年共收到政府信息公开申请三件，均已按时办结。其中，予以公开二件；告知申请人无法提供一件。"
                                   "本年度制发行政规范性文件十二件，现行有效的行政规范性文件一百零五件。")
    s = read_meta(doc)["figures"]["stated"]
    assert (values(s, "received"), values(s, "granted"), values(s, "unable")) == ([3], [2], [1])
    assert (values(s, "issued"), values(s, "in_force")) == ([12], [105])
    # a saying, an ordinal and digits that are no count are no figures
    doc = narrative_document(2024, "围绕高效办成一件事，受理政府信息公开申请的第一件当日办结。收到申请一二件。")
    assert read_meta(doc)["figures"]["stated"] == {}


def test_figures_006_received_handled_carried():
    s = figures_of("006")
    assert values(s, "received") == [70]
    assert values(s, "handled") == [69]
    assert values(s, "carried_out") == [1]


def test_applications_newly_received_are_the_received_figure():
    # 新收 is the table's own word for received (written case 1428: its 23 against the table's 21 was missed)
    doc = narrative_document(2024, "全年新收政府信息公开申请23件，上年结转1件，本年度办结21件。")
    stated = read_meta(doc)["figures"]["stated"]
    assert values(stated, "received") == [23] and values(stated, "carried_in") == [1]


def test_figures_011_ocr_spacing_and_no_review_confusion():
    s = figures_of("011")
    assert values(s, "received") == [749]
    assert values(s, "processed") == [718]
    assert values(s, "carried_out") == [31]
    assert values(s, "fee_amount") == [380]
    assert "reconsideration" not in s and "lawsuit" not in s  # '共办理相关案件 74 件' is not taken


def test_figures_020_outcomes():
    s = figures_of("020")
    assert values(s, "received") == [3]
    assert values(s, "granted") == [1]
    assert values(s, "denied") == [2]


def test_figures_051_shanghai():
    s = figures_of("051_shanghai-szfbgt-2019.html")
    assert values(s, "received") == [859]
    assert values(s, "handled") == [805]
    assert values(s, "carried_in") == [18]
    assert values(s, "carried_out") == [72]
    assert values(s, "granted_partial") == [258]
    assert "granted" not in s
    assert values(s, "denied") == [35]
    assert values(s, "unable") == [265]
    assert values(s, "unprocessed") == [158]
    assert values(s, "reconsideration") == [7]
    assert values(s, "lawsuit") == [9]


def test_false_friends_are_not_taken():
    assert "received" not in figures_of("046") and "processed" not in figures_of("046")  # 依申请公开176条
    assert values(figures_of("046"), "received_none") == [0]
    assert "issued" not in figures_of("004")  # 规范性文件类信息68条
    assert "issued" not in figures_of("011")  # 全年公开政策文件4件
    assert "received" not in figures_of("024")  # 受理各类12345市民服务热线244起


def test_figures_of_another_year_are_skipped():
    doc = narrative_document(2022, "2021年收到政府信息公开申请9件。本年共收到政府信息公开申请5件，较上年收到申请减少4件。")
    s = read_meta(doc)["figures"]["stated"]
    assert values(s, "received") == [5]


def test_a_figure_broken_over_lines_is_read_whole():
    # a capture that breaks lines around a number's span: 办结依申请公开事项\n403件\n，
    doc = narrative_document(2019, "完善依申请公开事项办理流程，依法按时办结依申请公开事项\n403\n件\n，按时办结率100%。")
    assert values(read_meta(doc)["figures"]["stated"], "handled") == [403]  # the unit on a line of its own too
    doc = narrative_document(2019, "完善依申请公开事项办理流程，依法按时办结依申请公开事项\n403件\n，按时办结率100%。")
    assert values(read_meta(doc)["figures"]["stated"], "handled") == [403]
    # each number and unit on lines of their own, the whose in the sentence before (三明 2023)
    doc = narrative_document(2023, "（二）依申请公开方面。\n2023\n年共受理政府信息公开申请\n"
                                   "302\n件，上年结转\n1\n件，办结\n303\n件。发生行政复议\n6\n件、行政诉讼\n7\n件。")
    s = read_meta(doc)["figures"]["stated"]
    assert values(s, "received") == [302] and values(s, "reconsideration") == [6] and values(s, "lawsuit") == [7]
    # the agency's cases of another kind, after a sentence on applications, are not taken
    doc = narrative_document(2023, "全年受理政府信息公开申请5件。"
                                   "全市发生行政执法类行政复议60件、行政诉讼70件。")
    assert "lawsuit" not in read_meta(doc)["figures"]["stated"]
    # 受理依申请公开信息1条: applications counted in 条; citizens' appeals are no applications
    doc = narrative_document(2020, "（二）依申请公开受理情况\n"
                                   "2020年我局共受理依申请公开信息1条和政府信息公开意见箱信息4条，均及时回复办结。")
    assert values(read_meta(doc)["figures"]["stated"], "received") == [1]
    doc = narrative_document(2020, "我局接收关于养殖证件办理等群众诉求的问题共16件，"
                                   "收到网络依申请公开1件。")
    assert "processed" not in read_meta(doc)["figures"]["stated"]
    # a heading line and the figure of the next paragraph are not joined
    doc = narrative_document(2019, "（二）依申请公开情况：\n5件申请均已办结。")
    assert "handled" not in read_meta(doc)["figures"]["stated"]


def test_figures_of_documents_in_force_and_penalty_decisions():
    doc = narrative_document(2022, "设立规范性文件库，集中公开现行有效行政规范性文件698件，动态更新本年度制发的规范性文件88件。"
                                   "立案查处各类违法行为并作出行政处罚决定784起。")
    s = read_meta(doc)["figures"]["stated"]
    assert values(s, "issued") == [88] and values(s, "in_force") == [698]
    assert values(s, "penalty_decisions") == [784]
    # counts of published items are not counts of documents or decisions
    doc = narrative_document(2022, "政策、规范性文件类信息7条，公开行政处罚信息12条。")
    s = read_meta(doc)["figures"]["stated"]
    assert not {"issued", "in_force", "penalty_decisions"} & set(s)


def test_in_force_named_after_the_issued_count_and_procurement_amounts():
    doc = narrative_document(2022, "八是建成规范性文件库，本年度制发规范性文件34件，现行有效件数424件。"
                                   "今年共发布采购信息21条共5419886元。另有采购项目预算541.9886万元。")
    s = read_meta(doc)["figures"]["stated"]
    assert values(s, "issued") == [34] and values(s, "in_force") == [424]
    assert values(s, "procurement_amount") == [5419886, 5419886]  # 万元 is converted to 元


def test_not_receiving_an_applicants_correction_is_not_receiving_no_application():
    doc = narrative_document(2021, "本年度收到政府信息公开申请1件，"
                                   "已作出补正告知，目前未收到该申请人提交的补正，结转下年度办理。")
    s = read_meta(doc)["figures"]["stated"]
    assert values(s, "received") == [1] and "received_none" not in s


def test_replies_of_one_kind_are_not_the_handled_total():
    doc = narrative_document(2025, "2025年，共受理政府信息公开申请21件，经分类处置后，"
                                   "给予同意公开答复 1 件，不予公开答复3件，因无法提供相关信息答复2件，均已按时答复21件。")
    s = read_meta(doc)["figures"]["stated"]
    assert values(s, "handled") == [21]


def test_a_title_a_converter_wrapped_over_two_lines():
    doc = text_document("正文\n2025 年上海市人民政府办公厅政府信息公开\n工作年度报告\n本年度报告根据《条例》编制，全\n"
                        "文包括总体情况。\n一、总体情况\n正文。")
    info = read_meta(doc)
    assert info["title"] == "2025 年上海市人民政府办公厅政府信息公开工作年度报告"
    assert info["agency"] == "上海市人民政府办公厅"
    # a sentence that mentions the report is no title
    doc = text_document("正文\n部分, 并附相关指标统计表。本年度报告中所列数据的统计周期\n一、总体情况\n正文。")
    assert read_meta(doc)["title"] is None


def test_a_breadcrumb_or_a_column_name_is_no_title():
    # a copied page: the breadcrumb ends in the column's name, which looks like a title
    doc = text_document("岳阳楼区人民政府门户网站\n首页 > 政务公开 > 区住房和城乡建设局 > 政府信息公开年度报告\n\n"
                        "岳阳市岳阳楼区住房和城乡建设局2023年政府信息公开工作年度报告\n发布日期：2024-01-18\n"
                        "一、总体情况\n正文。")
    info = read_meta(doc)
    assert info["title"] == "岳阳市岳阳楼区住房和城乡建设局2023年政府信息公开工作年度报告"
    assert info["agency"] == "岳阳市岳阳楼区住房和城乡建设局"
    assert info["year"] == 2023
    # the column's name on a line of its own gives way to the title that names the year
    doc = text_document("政府信息公开年度报告\n某某县民政局2022年政府信息公开工作年度报告\n一、总体情况\n正文。")
    assert read_meta(doc)["title"] == "某某县民政局2022年政府信息公开工作年度报告"
    # with no year anywhere, the first title-like line still stands
    doc = text_document("某某县民政局政府信息公开工作年度报告\n一、总体情况\n正文。")
    assert read_meta(doc)["title"] == "某某县民政局政府信息公开工作年度报告"


def test_a_heading_that_lost_its_comma_after_a_sentence_and_a_cover_letter_title():
    doc = text_document("平潭综合实验区苏平片区管理局关于报送2020年度政府信息公开工作年度报告的函\n"
                        "如有疑问请联系（电话：23156157）。一总体情况2020年，我局认真贯彻《条例》。"
                        "二、主动公开政府信息情况 表格 六、其他需要报告的事项 无。")
    info = read_meta(doc)
    assert info["sections"]["overview"].startswith("2020年，我局认真贯彻")
    assert info["agency"] == "平潭综合实验区苏平片区管理局"
    # a numeral inside a word is no heading, with or without the comma
    doc = narrative_document(2020, "我局统一总体情况部署。")
    assert read_meta(doc)["sections"]["overview"] == "我局统一总体情况部署。"


def test_documents_of_past_years_are_not_this_years_issued_count():
    doc = narrative_document(2023, "二是做好规范性文件清理发布、梳理历年区管委会"
                                   "和区管委会办公室印发的行政规范性文件228份，并于8月底前集中发布。")
    assert "issued" not in read_meta(doc)["figures"]["stated"]


def test_a_heading_with_qita_written_either_way():
    for word in ("其它", "其他"):
        doc = narrative_document(2024, f"正文。\n五、存在的主要问题及改进情况\n问题。\n六、{word}需要报告的事项\n本年度未收取信息处理费。")
        assert read_meta(doc)["sections"]["other"] == "本年度未收取信息处理费。"


def test_a_review_heading_with_the_template_typo_is_section_four():
    doc = narrative_document(2022, "正文。\n"
                                   "四、政府信息公开行政法复议、行政诉讼情况\n表格。\n五、存在的主要问题及改进情况\n问题。")
    assert read_meta(doc)["sections"]["review"] == "表格。"


def test_chinese_numeral_year_and_signature_date():
    doc = text_document("某某县人民政府二〇二一年度政府信息公开工作年度报告\n一、总体情况\n正文。\n"
                        "六、其他需要报告的事项\n无。\n某某县人民政府\n二〇二二年一月二十八日")
    info = read_meta(doc)
    assert info["year"] == 2021 and info["year_named"] == 2021
    assert info["published"] == "2022-01-28"
    assert info["agency"] == "某某县人民政府" and info["kind"] == "government"


def _titled(title_year: str, period_year: str, signed: str) -> dict:
    return read_meta(text_document(
        f"某某县自然资源局{title_year}年政府信息公开工作年度报告\n"
        f"本报告中所列数据的统计期限自{period_year}年1月1日起至{period_year}年12月31日止。\n"
        f"一、总体情况\n正文。\n某某县自然资源局\n{signed}"))


def test_a_title_naming_another_year_than_the_stated_year_and_the_date():
    # the period and the publication date agree on 2023; the title's 2022 is the slip (written case 1470)
    info = _titled("2022", "2023", "2024年1月22日")
    assert info["year"] == 2023 and info["year_named"] == 2022
    # the date agrees with the title: the period is the slip, the title's year stands
    assert _titled("2023", "2022", "2024年1月22日")["year"] == 2023
    # no date to tell: the title's year stands
    assert _titled("2022", "2023", "")["year"] == 2022


def test_year_falls_back_to_publication_year():
    doc = text_document("一、总体情况\n今年工作如常。\n某某局\n2023年1月20日")
    info = read_meta(doc)
    assert info["year"] == 2022 and info["published"] == "2023-01-20" and info["title"] is None


def test_empty_document_gives_nones():
    info = read_meta(Document(Source("x", "", "text/plain")))
    assert info["year"] is None and info["published"] is None and info["sections"] == {}
    assert info["figures"]["stated"] == {}


@pytest.mark.parametrize("agency,kind", [
    ("平潭综合实验区", "government"), ("淮安市洪泽区人民政府", "government"), ("上海市人民政府办公厅", "office"),
    ("平潭综合实验区海坛片区管理局", "township"), ("科尔沁左翼后旗巴彦毛都苏木人民政府", "township"),
    ("镇江市人民政府", "government"), ("镇江市商务局", "department"), ("某某县某某镇人民政府", "township"),
    ("秦州区天水郡街道办事处", "township"), ("平潭综合实验区管委会办公室", "office"), (None, None),
])
def test_kind_of(agency, kind):
    assert kind_of(agency) == kind


@pytest.mark.parametrize("raw,iso", [("2022-02-08 16:34", "2022-02-08"), ("2022年2月8日", "2022-02-08"),
                                     ("2022/2/8", "2022-02-08"), ("二〇二二年二月十八日", "2022-02-18"),
                                     ("2022-02-30", None), ("", None), ("明天", None)])
def test_normalize_date(raw, iso):
    assert normalize_date(raw) == iso


from hypothesis import given, settings, strategies as st  # noqa: E402

_PIECES = st.sampled_from(["一、总体情况", "六、其他需要报告的事项", "2021年", "二〇二一年", "1月31日", "至", "12月31日",
                           "收到", "申请", "件", "予以公开", "不予公开", "结转", "标题: ", "==== 正文 ====\n", "\n",
                           "（", "）", "。", "，", "7", "13812345678", "发布时间：", "2022-01-05", "报告", "局"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=8)), max_size=40))
def test_read_meta_never_crashes(pieces):
    doc = text_document("".join(pieces))
    info = read_meta(doc)
    assert set(info) >= {"title", "agency", "year", "published", "period", "sections", "figures", "kind", "year_named"}
    if info["published"]:
        assert normalize_date(info["published"]) == info["published"]


@pytest.mark.parametrize("title,agency", [
    ("平潭综合实验区海坛片区管理局关于2021年度政府信息公开工作年度报告", "平潭综合实验区海坛片区管理局"),
    ("2019年上海市人民政府办公厅政府信息公开工作年度报告", "上海市人民政府办公厅"),
    ("某某市教育局政府信息公开工作年度报告（2021年度）", "某某市教育局"),
    ("沐阳县人民政府 2025 年 政府信息公开工作年度报告", "沐阳县人民政府"),
    ("某某镇2022年政务公开工作年报", "某某镇"),
])
def test_agency_from_title_variants(title, agency):
    doc = Document(Source("x", "", "text/plain"), header={"title": title})
    assert read_meta(doc)["agency"] == agency


def test_a_file_name_is_not_a_title():
    doc = text_document("洪泽区人民政府2023年政府信息公开工作年度报告\n一、总体情况\n……")
    doc.header["title"] = "001_huaian-hongze-qu-2023-scan"
    info = read_meta(doc)
    assert info["title"] == "洪泽区人民政府2023年政府信息公开工作年度报告" and info["kind"] == "government"


def test_outcome_words_about_documents_are_not_application_outcomes():
    doc = text_document("某局2022年度政府信息公开工作年度报告\n一、总体情况\n"
                        "对本年度制发的公文逐件审查公开属性，主动予以公开45件，不予公开3件。")
    assert read_meta(doc)["figures"]["stated"] == {}


@pytest.mark.parametrize("sentence,period", [
    ("本报告所列数据的统计期限为2021年1月至12月。", ("2021-01-01", "2021-12-31")),
    ("本报告所列数据统计期限为2020年度。", ("2020-01-01", "2020-12-31")),
    ("统计期限自2021年1月1日起至2021年12月31日止。", ("2021-01-01", "2021-12-31")),
    ("内容涵盖2019年9月1日至12月31日期间的工作情况。", ("2019-09-01", "2019-12-31")),
    ("2021年3月1日至3月31日开展专项整治。", None),  # a date range that is no statistics period
    ("本报告中所列数据的统计期限为本年度（2020年）1月1日至12月31日。", ("2020-01-01", "2020-12-31")),
])
def test_period_forms(sentence, period):
    info = read_meta(text_document("某局2021年度政府信息公开工作年度报告\n" + sentence))
    assert (None if info["period"] is None else (info["period"]["start"], info["period"]["end"])) == period


def test_fullwidth_digits():
    info = read_meta(text_document("某某局２０２１年度政府信息公开工作年度报告\n一、总体情况\n"
                                   "全年共收到政府信息公开申请５件。\n某某局\n２０２２年１月２０日"))
    assert info["year"] == 2021 and info["published"] == "2022-01-20"
    assert info["figures"]["stated"]["received"][0]["value"] == 5


@pytest.mark.parametrize("agency,kind", [("某某经济技术开发区管理委员会", "government"),
                                         ("某某市人民政府办公室", "office"), ("某某省教育厅", "department")])
def test_kind_of_more(agency, kind):
    assert kind_of(agency) == kind


def test_a_part_is_not_the_total():
    doc = text_document("某区人民政府2021年度政府信息公开工作年度报告\n一、总体情况\n"
                        "全区共收到政府信息公开申请120件，其中区教育局收到政府信息公开申请15件。")
    assert values(read_meta(doc)["figures"]["stated"], "received") == [120]


def test_no_reviews_stated():
    assert values(figures_of("046"), "reconsideration_none") == [0]
    assert values(figures_of("046"), "lawsuit_none") == [0]
    assert values(figures_of("027"), "lawsuit_none") == [0]
    doc = text_document("某局2021年度政府信息公开工作年度报告\n一、总体情况\n"
                        "本年度政府信息公开工作未发生行政复议被纠错的情况。")
    assert read_meta(doc)["figures"]["stated"] == {}


@pytest.mark.parametrize("numbering", ["{n}、", "{n} 、", "{d}.", "第{n}部分 "])
def test_heading_numbering_styles(numbering):
    names = ["总体情况", "主动公开政府信息情况", "收到和处理政府信息公开申请情况",
             "政府信息公开行政复议、行政诉讼情况", "存在的主要问题及改进情况", "其他需要报告的事项"]
    lines = [numbering.format(n="一二三四五六"[i], d=i + 1) + name + "\n正文。" for i, name in enumerate(names)]
    assert len(read_meta(text_document("\n".join(lines)))["sections"]) == 6


def test_words_ending_in_a_numeral_are_not_headings():
    doc = text_document("我局坚持统一、总体情况良好的原则。")
    assert read_meta(doc)["sections"] == {}


def test_each_number_is_one_figure():
    doc = text_document("某区2022年度政府信息公开工作年度报告\n一、总体情况\n"
                        "全年共收到政府信息公开申请97件，上年结转12件，办结92件，结转下年度继续办理17件。")
    s = read_meta(doc)["figures"]["stated"]
    assert values(s, "received") == [97] and values(s, "handled") == [92]
    assert values(s, "carried_out") == [17] and "processed" not in s
    assert read_meta(doc)["kind"] == "government"  # 某区: a district's own report


def test_title_on_two_lines_with_ocr_noise():
    doc = text_document("洪泽区人民政府\n2023年政府信，息公开工作年度报告\n本报告由……编制。\n一、总体情况\n……")
    info = read_meta(doc)
    assert info["title"] == "洪泽区人民政府2023年政府信息公开工作年度报告"
    assert info["agency"] == "洪泽区人民政府" and info["kind"] == "government" and info["year"] == 2023


def reader_documents():
    """The corpus as the real readers see it (text, HTML, PDF with a text layer, DOCX)."""
    readers = pytest.importorskip("gongkai.readers")
    for path in sorted((CORPUS / "raw").iterdir()):
        key = path.name.split("_")[0].split(".")[0]
        if key in GOLD and "scan" not in path.name:
            yield pytest.param(key, path, id=path.name)


@pytest.mark.parametrize("key,path", list(reader_documents()))
def test_meta_through_the_readers(key, path):
    from gongkai import readers
    doc = readers.read_path(path)
    if any(p.rule == "source.unreadable" for p in doc.problems):
        pytest.skip(f"reader cannot read {path.suffix} here")
    info = read_meta(doc, doc.plain_text())
    gold = GOLD[key]["meta"]
    assert info["year"] == gold["year"]
    assert info["published"] == gold.get("published")
    if key in KIND_BY_FILE:
        assert info["kind"] == KIND_BY_FILE[key]
    assert set(info["sections"]) >= {"overview", "active", "requests", "review", "problems"}


def test_a_page_date_long_after_the_signature_is_a_repost():
    body = "某局2021年度政府信息公开工作年度报告\n一、总体情况\n……\n某局\n2022年1月20日"
    doc = text_document(body)
    doc.header["published"] = "2023-11-15 10:00"  # archive migration
    assert read_meta(doc)["published"] == "2022-01-20"
    doc.header["published"] = "2022-01-25 10:00"
    assert read_meta(doc)["published"] == "2022-01-25"
    # 047: a signature typo before the year ended never beats the page date
    doc = text_document(body.replace("2022年1月20日", "2021年1月3日"))
    doc.header["published"] = "2022-12-16"
    assert read_meta(doc)["published"] == "2022-12-16"


def test_agency_from_the_signature():
    doc = text_document("一、总体情况\n……\n六、其他需要报告的事项无平潭综合实验区某某局2022年1月10日")
    info = read_meta(doc)
    assert info["agency"] == "平潭综合实验区某某局" and info["kind"] == "department"
    assert info["published"] == "2022-01-10" and info["year"] == 2021


def test_received_without_the_word_disclosure_under_its_subheading():
    doc = text_document("某局2022年度政府信息公开工作年度报告\n一、总体情况\n（二）依申请公开情况。全年共受理申请15件，均按时答复。"
                        "（三）其他。全年受理群众来信申请30件。")
    assert values(read_meta(doc)["figures"]["stated"], "received") == [15]


def test_hidden_page_text_is_no_part_of_a_section_but_stays_in_the_text():
    from gongkai.pipeline import check_bytes

    page = ("<html><head><title>某某局2023年政府信息公开工作年度报告</title></head><body>"
            "<div class='TRS_Editor'><p>一、总体情况</p><p>全年收到申请2件。</p>"
            "<p>六、其他需要报告的事项</p><p>本年度未收取信息处理费。</p></div>"
            "<div style='display:none'>你好，注销 历史搜索：</div>"
            "<div style='display:none'>澳门葡京赌场 网上百家乐 注册送彩金</div></body></html>")
    report = check_bytes(page.encode("utf-8"), "page.html")
    assert report.sections["other"] == "本年度未收取信息处理费。"
    assert "注销" not in "".join(report.sections.values())
    assert "澳门葡京赌场" in report.text
    assert any(f.rule == "content.injected" for f in report.findings)  # the content checks still see it


@pytest.mark.parametrize("said, received, granted_all", [
    ("2023年，我局共受理依申请公开1件，该件为邮件申请，\n要求公开某方案，同意公开，已按规范答复。", 1, [1]),
    ("2023年共收到政府信息公开申请3件，均已依法予以公开。", 3, [3]),
    ("2023年共收到政府信息公开申请3件，同意公开，已答复。", 3, []),  # several: only 均/全部 says all
    ("2023年共收到政府信息公开申请3件，其中同意公开1件。", 3, []),
    ("2023年共收到政府信息公开申请1件，不同意公开。", 1, []),
    ("2023年共收到政府信息公开申请3件，均同意公开2件、不予公开1件。", 3, []),
    ("2023年共收到政府信息公开申请2件，均已按时答复。", 2, []),
])
def test_applications_said_granted_in_words(said, received, granted_all):
    stated = read_meta(narrative_document(2023, said))["figures"]["stated"]
    assert values(stated, "received") == [received]
    assert values(stated, "granted_all") == granted_all
