"""Content checks: injected spam and published personal data."""
from __future__ import annotations

import pytest

from gongkai.checks.content import mask, valid_id_number

from .factory import make_report, run_check


def with_text(text, links=None):
    r = make_report(text=text)
    r.links = links or []
    return r


@pytest.mark.parametrize("text", [
    "一、总体情况 本年度公开信息128条。澳门新葡京 百家乐 真人视讯 注册送88元",
    "六、其他需要报告的事项 无。百家乐娱乐城 六合彩开奖",
    "一、总体情况 全年公开信息。时时彩 http://www.abc-caipiao.com 稳赚",
    "无。XX娱乐城官网入口",
])
def test_injected_spam_fires(text):
    found = run_check("content.injected", with_text(text))
    assert len(found) == 1 and found[0].severity == "error" and found[0].evidence


@pytest.mark.parametrize("text", [
    "依法办理福利彩票销售场所行政许可3件。",
    "开展扫黄打非专项行动，查处色情、赌博违法案件5起，取缔棋牌室2家。",
    "严厉打击非法代孕和办证诈骗。",
    "在门户网站（www.pingtan.gov.cn）公布，联系电话：0591-23165370。",
    "开展成人教育培训，发布彩票管理政策解读。",
])
def test_legitimate_government_text_does_not_fire(text):
    assert run_check("content.injected", with_text(text)) == []


def test_spam_link_fires_and_a_gov_link_does_not():
    assert run_check("content.injected", with_text("正文", [("https://www.cwl.gov.cn/", "中国福利彩票")])) == []
    found = run_check("content.injected", with_text("正文", [("http://xx88.cc/", "百家乐")]))
    assert len(found) == 1 and "xx88.cc" in found[0].message
    assert len(run_check("content.injected", with_text("正文", [("http://a.example/casino/", "点击进入")]))) == 1


@pytest.mark.parametrize("href,anchor,fires", [
    ("https://www.lottery.gov.cn/", "中国体育彩票", False),  # "lottery" in an official host
    ("/jfts/202212/t20221209_3387.html", "远离网络赌博 谨防“杀猪盘”新套路", False),  # the site's own warning
    ("/upload/2023/a.html", "网络赌博平台注册", True),  # a page planted on the site itself
    ("http://gov.cn.bet365.com/", "体育彩票", True),  # .gov.cn inside another host is no government host
    ("http://county.gov.cn/upload/x.html", "澳门新葡京", True),  # a strong word: hacked sites host spam too
])
def test_links_by_their_host_and_wording(href, anchor, fires):
    assert bool(run_check("content.injected", with_text("正文", [(href, anchor)]))) is fires


def make_id(prefix17: str) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return prefix17 + "10X98765432"[sum(int(d) * w for d, w in zip(prefix17, weights)) % 11]


def test_valid_id_number():
    good = make_id("35012819900307123")
    assert valid_id_number(good)
    assert not valid_id_number(good[:-1] + ("0" if good[-1] != "0" else "1"))  # wrong check digit
    assert not valid_id_number(make_id("35012819901307123"))  # month 13


def test_id_number_in_prose_fires_and_is_masked():
    number = make_id("35012819900307123")
    found = run_check("privacy.personal_info", with_text(f"申请人张某（身份证号{number}）申请公开……"))
    assert len(found) == 1
    assert number not in found[0].message and number not in (found[0].evidence or "")
    assert mask(number) in found[0].message


def test_mobile_number_fires_and_is_masked():
    found = run_check("privacy.personal_info", with_text("申请人李某，联系方式13812345678，申请公开……"))
    assert [f.message for f in found] == ["正文公开了手机号码 138****5678"]


def test_numbers_written_in_groups_fire_and_are_masked():
    number = make_id("43022319850316241")
    grouped = " ".join([number[:4], number[4:8], number[8:12], number[12:16], number[16:]])
    found = run_check("privacy.personal_info", with_text(f"申请人周某某（身份证号码：{grouped}）申请公开……"))
    assert [f.message for f in found] == [f"正文公开了居民身份证号码 {mask(number)}"]
    assert grouped not in (found[0].evidence or "")
    found = run_check("privacy.personal_info", with_text("联系电话138-0731-2456，申请公开……"))
    assert [f.message for f in found] == ["正文公开了手机号码 138****2456"]
    # groups that make no identity number or mobile: a row of a table, dates, a landline
    for text in ("1350 0000 1350 0000 13", "2023-01-15至2023-12-31", "0731-8888-8888", "12 34 56 78 90 12 34 56 78"):
        assert run_check("privacy.personal_info", with_text(text)) == [], text


@pytest.mark.parametrize("text", [
    "电话：0591-23165370；传真：0591-23150668。",
    "政府集中采购13575394432.52元",  # 004: items and amount run together
    "采购总金额13500000000元",
    "一、本年新收政府信息公开申请数量1350000013500二、上年结转",  # a longer digit run
    "索引号：135123456789012",
    "详见 http://www.example.gov.cn/art/13812345678.html",
])
def test_numbers_that_are_not_personal_data(text):
    assert run_check("privacy.personal_info", with_text(text)) == []


def test_digits_inside_a_flattened_table_are_skipped():
    text = "三、收到和处理政府信息公开申请情况 一、本年新收政府信息公开申请数量13500000135二、上年结转"
    r = with_text(text)
    assert len(run_check("privacy.personal_info", r)) == 1  # an 11-digit run looks like a mobile number
    r.figures["table_spans"] = [[text.index("一、本年"), len(text)]]
    assert run_check("privacy.personal_info", r) == []


@pytest.mark.parametrize("text", ["百家乐投注平台", "时时彩 加微信 abc12345", "注册送88元"])
def test_spam_phrases(text):
    assert len(run_check("content.injected", with_text("一、总体情况。" + text))) == 1


_HEAD_PAGE = ("<html><head><title>{title}</title><meta name=\"keywords\" content=\"{keywords}\">"
              "</head><body><h1>某镇人民政府2021年政府信息公开工作年度报告</h1><p>一、总体情况</p>"
              "<p>本年度主动公开政府信息120条。</p></body></html>")


def _page_findings(title: str, keywords: str) -> list:
    from gongkai.pipeline import check_bytes
    page = _HEAD_PAGE.format(title=title, keywords=keywords).encode("utf-8")
    return [f for f in check_bytes(page, "p.html").findings if f.rule == "content.injected"]


def test_a_hijacked_page_title_or_keywords_is_injected_spam():
    found = _page_findings("开云体育官方网站-百家乐_真人视讯-某镇人民政府2021年政府信息公开工作年度报告", "政府信息公开")
    assert len(found) == 1 and "网页标题或关键词" in found[0].message and "百家乐" in found[0].evidence
    assert len(_page_findings("某镇人民政府2021年政府信息公开工作年度报告", "澳门新葡京,百家乐,真人视讯")) == 1


def test_a_page_head_about_lotteries_or_enforcement_is_not_spam():
    assert _page_findings("某市体育局2023年政府信息公开工作年度报告", "体育彩票,福利彩票,年度报告") == []
    assert _page_findings("某市公安局2022年政府信息公开工作年度报告_打击跨境赌博", "扫黄打非,打击赌博") == []
