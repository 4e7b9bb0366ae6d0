"""Everything about a report but its tables: title, agency, year, dates, period, kind, sections and
the figures its narrative states.

    info = read_meta(doc, doc.plain_text())

Works on the Document alone: ``doc.header`` (page or crawler header: title, published, publisher,
url) first, then the body. Crawler text has no line breaks, so headings and dates are found inside
one long line. Everything here is a handful of precompiled regular expressions over the text (no
per-character Python loops): meta must stay well under a millisecond on a 10 KB report.

``figures`` (consumed by gongkai.checks) is::

    {"stated": {"received": [{"value": 2, "text": "全年共受理政府信息公开申请2件", "at": 1234}], ...},
     "year_named": 2021,            # the year the title names, None if it names none
     "table_spans": [[start, end]]} # where flattened tables sit in ``text`` (crawler text only)

Figure keys (see FIGURE_PATTERNS): received, received_none, handled, processed, carried_in,
carried_out, granted, granted_partial, partial, denied, unable, unprocessed, other_outcome,
reconsideration, lawsuit, reconsideration_none, lawsuit_none, issued, in_force, penalty_decisions,
procurement_amount (元), fee_amount; and granted_all, the count of applications received where the
words say they were all granted (受理申请1件……同意公开; see _granted_all). Only phrases
that clearly count the same thing as a table cell are taken ("依申请公开176条" counts catalogue
items, not applications: never read).
"""
from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache
from importlib import resources
from itertools import compress, repeat
from operator import attrgetter, is_
import re

import yaml

from ..readers.text import first_title, is_breadcrumb, wrapped_title
from .normalize import OCR_LOOKALIKES

_CN_NUM = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "O": 0, "0": 0, "一": 1, "二": 2, "三": 3, "四": 4,
           "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}

# -- years and dates ------------------------------------------------------------------------------
_YEAR = r"((?:19|20)\d{2}|二[〇零○Ｏ][〇零○Ｏ一二三四五六七八九]{2})"
YEAR_RE = re.compile(_YEAR + r"\s*年")
DATE_CN_RE = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
DATE_CN_WORDS_RE = re.compile(r"(二[〇零○Ｏ][〇零○Ｏ一二三四五六七八九]{2})\s*年\s*([一二三四五六七八九十]{1,2})\s*月"
                              r"\s*([一二三四五六七八九十]{1,3})\s*日")
DATE_ANY_RE = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
PAGE_DATE_RE = re.compile(r"(?:发布时间|发布日期|发文日期|时间|日期)\s*[:：]\s*((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})"
                          r"\s*[-/.月]\s*(\d{1,2})")
DATE_UNDER_TITLE_RE = re.compile(r"[（(]\s*((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*[）)]")
PERIOD_RE = re.compile(  # 2023年1月1日起至12月31日; 本年度（2022年）1月1日至12月31日
    r"((?:19|20)\d{2})\s*年\s*[）)]?\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*起?\s*(?:至|到|—|－|-|~|～)\s*"
    r"(?:((?:19|20)\d{2})\s*年)?\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
# 统计期限为2021年1月至12月 / 为2021年度 / 为2021年全年: the months or the whole year.
PERIOD_MONTHS_RE = re.compile(
    r"(?:统计期限|统计时限|统计时间|统计区间|统计周期|所列数据)[^。；\d]{0,8}?((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月份?\s*"
    r"(?:至|到|—|－|-|~|～)\s*(?:((?:19|20)\d{2})\s*年)?\s*(\d{1,2})\s*月(?!\s*\d{1,2}\s*日)")
PERIOD_WHOLE_YEAR_RE = re.compile(
    r"(?:统计期限|统计时限|统计时间|统计区间|统计周期)[^。；\d]{0,4}?((?:19|20)\d{2})\s*(?:年度|年全年|全年)")
PERIOD_CONTEXT_RE = re.compile(r"统计|期限|涵盖|期间|时段|时限|范围|数据")

# -- title, agency, kind --------------------------------------------------------------------------
CRAWLER_FIELD_RE = re.compile(r"^(标题|发布时间|发布机构)[:：][ \t]*(.*)$", re.M)
BODY_MARK = "正文 ===="
CJK_RE = re.compile(r"[\u4e00-\u9fff]")
TITLE_ROW_RE = re.compile(r"信\W?息\W?公\W?开.{0,10}报告|年度报告|年报")  # OCR may put a comma in 信，息
AGENCY_OPENING_RE = re.compile(r"(?:现将|现公布|特向社会公布|现予公布)\s*([^\s，。、；：“”《》（）()]{2,30}?)\s*"
                               + _YEAR + r"\s*年度?")
SIGNATURE_AGENCY_RE = re.compile(r"([\u4e00-\u9fff（）()]{2,40})\s*$")
TOWNSHIP_RE = re.compile(r"(?:乡|镇|街道|街道办事处|苏木|片区|片区管理局|片区管委会)(?:人民政府|办事处)?$")
OFFICE_RE = re.compile(r"(?:办公厅|办公室)$")
GOVERNMENT_RE = re.compile(r"(?:(?:省|市|县|区|旗|州|盟)人民政府|实验区|试验区|新区|(?:自治区|省|市|县|区|旗|州|盟)"
                           r"|(?:开发区|高新区|新区|实验区|试验区|园区|示范区)(?:管理委员会|管委会))$")
FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
FULLWIDTH_RE = re.compile(r"[０-９]")

# -- narrative figures ----------------------------------------------------------------------------
_GAP = r"[^，。；;,\d件条\n]{0,16}?"
FIGURE_PATTERNS: list[tuple[str, tuple[str, ...], str]] = [
    # (figure key, words one of which the text must contain, pattern with a group n for the number
    #  and optionally g for the words between). Every pattern starts with a literal or a character
    #  class (a lookbehind goes after the first word, \d\d* stands for \d+): the engine then skips to
    #  where a match can start instead of trying one at every character (tests/test_meta.py).
    ("received", ("收到", "受理", "接到", "接收"),
     r"(?:收到|受理|接到|接收)(?P<n>\d+)\s*件(?:政府信息公开|依申请公开)?申请"),
    ("received", ("收到", "受理", "接到", "接收", "新收"),
     r"(?:收到|受理|接到|接收|新收)(?P<g>" + _GAP + r")(?P<n>\d+)\s*[件项]"),
    # 共受理依申请公开信息1条 (counted in 条 only where the words say what was received)
    ("received", ("收到", "受理", "接到", "接收"), r"(?:收到|受理|接到|接收)(?P<g>依申请公开(?:信息)?)(?P<n>\d+)\s*条"),
    ("received_none", ("未收到", "未接到", "未受理", "没有收到"),
     r"(?:未|暂未|没有|尚未)(?:收到|接到|受理)(?P<g>[^，。；;,\d]{0,16})"),
    ("carried_in", ("结转",), r"上一?年度?结转(?:的)?(?:政府信息公开)?(?:申请)?\s*(?P<n>\d+)\s*件"),
    ("carried_out", ("结转", "顺延"),
     r"(?:结转|顺延)(?:至|到)?下一?年度?(?:继续办理|办理|答复)?(?:申请)?\s*(?P<n>\d+)\s*件"),
    ("carried_out", ("结转", "顺延"), r"(?P<n>\d\d*)\s*件(?:申请)?(?P<g>[^，。；;,\d]{0,12}?)(?:结转|顺延)"),
    ("handled", ("办结", "答复"), r"(?:办结|答复)(?P<g>" + _GAP + r")(?P<n>\d+)\s*件"),
    ("processed", ("办理",), r"办理(?<!继续办理)(?P<g>" + _GAP + r")(?P<n>\d+)\s*件"),
    ("granted_partial", ("部分公开",), r"予以公开(?:及|和|与|或)部分公开(?:的)?(?:申请)?\s*(?P<n>\d+)\s*件"),
    ("granted", ("予以公开",), r"予以公开(?<!不予以公开)(?:的)?(?:申请)?\s*(?P<n>\d+)\s*件"),
    ("partial", ("部分公开",), r"部分公开(?<![及和与或]部分公开)(?:的)?(?:申请)?\s*(?P<n>\d+)\s*件"),
    ("denied", ("不予公开",), r"不予公开(?:的)?(?:申请)?\s*(?P<n>\d+)\s*件"),
    ("unable", ("无法提供",), r"无法提供(?:的)?(?:申请)?\s*(?P<n>\d+)\s*件"),
    ("unprocessed", ("不予处理",), r"不予处理(?:的)?(?:申请)?\s*(?P<n>\d+)\s*件"),
    ("other_outcome", ("其他处理",), r"其他处理(?:的)?(?:申请)?\s*(?P<n>\d+)\s*件"),
    ("reconsideration", ("行政复议",), r"行政复议(?:案件|申请)?(?:共)?\s*(?P<n>\d+)\s*[件起]"),
    ("lawsuit", ("诉讼",), r"诉讼(?:案件)?(?:共)?\s*(?P<n>\d+)\s*[件起]"),
    ("review_none", ("复议", "诉讼"),
     r"(?:未|没有|无)(?:发生|出现|有|收到)(?P<g>[^，。；;,\d]{0,24}?)(?:复议|诉讼)(?P<rest>[^，。；;,\d]{0,24})"),
    ("issued", ("规范性文件",), r"(?:制发|印发|出台|制定|发布|制作)了?的?(?:行政)?规范性文件(?:共)?\s*(?P<n>\d+)\s*[件份]"),
    ("in_force", ("现行有效",), r"现行有效的?(?:行政)?规范性文件(?:共计|共)?\s*(?P<n>\d+)\s*件"),
    # 本年度制发规范性文件34件，现行有效件数424件: the count of documents in force, named right after
    ("in_force", ("现行有效",), r"规范性文件[^。；\d]{0,4}\d+\s*件[，,、]\s*现行有效(?:件数|文件)?(?:共计|共|为)?\s*(?P<n>\d+)\s*件"),
    # 政府集中采购 amount (2019 format): 共发布采购信息21条共5419886元; in 元 (万元 converted)
    ("procurement_amount", ("采购",), r"采购[^，。；;,]{0,16}?(?P<n>\d+(?:\.\d+)?)\s*(?P<u>万元|元)"),
    ("penalty_decisions", ("行政处罚决定",), r"(?:作出|做出)行政处罚决定(?:书)?(?:共计|共)?\s*(?P<n>\d+)\s*[起件份]"),
    ("fee_amount", ("处理费",), r"收取(?:信息)?处理费(?:共计|合计|共)?\s*(?P<n>\d+(?:\.\d+)?)\s*元"),
]
# Words that show a figure counts something else (or another year).
_FOREIGN_WORDS = ("复议", "诉讼", "许可", "审批", "案件", "热线", "建议", "提案", "信访", "来信", "来访", "举报", "咨询",
                  "业务", "诉求", "求助")
# 办结……：予以公开2件: the number after an outcome is that outcome's, not the total
_OUTCOME_WORDS = ("予以公开", "部分公开", "不予公开", "无法提供", "不予处理", "其他处理", "同意公开")
_OTHER_YEAR_WORDS = ("上年", "去年", "上一年", "同比", "同期", "较", "比", "历年")
_NEEDS_REQUEST_CONTEXT = {"received", "received_none", "handled", "processed"}
_NEEDS_DISCLOSURE_CONTEXT = {"reconsideration", "lawsuit"}
# Outcomes (予以公开N件 …) count applications only when applications are being talked about: the
# outcome sentence often follows the one that names them (051), so look back a little further.
_OUTCOMES = {"granted", "partial", "granted_partial", "denied", "unable", "unprocessed", "other_outcome"}
_DISCLOSURE_CONTEXT_RE = re.compile(r"依申请|信息公开申请|公开申请")
# Reviews and suits of a sentence with these words are the agency's cases of another kind.
_OTHER_CASE_WORDS = ("执法", "处罚", "许可", "征收", "全市", "全区", "全县", "各类")
_APPLICATION_RE = re.compile(r"申请(?!人)")  # an application, not the applicant (申请人)
# An outcome right before 答复 (the handled pattern starts at 答复): a reply of that kind only.
_OUTCOME_REPLY_RE = re.compile(r"(?:公开|提供[^，。；;,]{0,6}|处理|告知)\s*$")
CLAUSE_BREAK_RE = re.compile(r"[，。；;,\n]")
SENTENCE_BREAK_RE = re.compile(r"[。\n]")
PASSAGE_BREAK_RE = re.compile(r"[。；;\n]")

# Where a flattened table starts inside sections 二/三/四 of crawler text.
TABLE_START_RE = {
    "active": re.compile(r"第二十条第\s*[（(]"),
    "requests": re.compile(r"[（(]本列数据的[勾钩]稽关系|申请人情况"),
    "review": re.compile(r"行政复议\s*行政诉讼|结果\s*维持\s*结果\s*纠正"),
}


@lru_cache(maxsize=1)
def section_headings() -> dict[str, list[str]]:
    """Heading variants per section key, from sections.yaml (data, not code)."""
    return yaml.safe_load(resources.files(__package__).joinpath("sections.yaml").read_text("utf-8"))


# 其它需要报告的事项: the table labels fold 其它 to 其他 too (normalize.py); so the characters OCR reads
# in place of a heading's (申请 read 中请).
_SAME_CHARS = {"他": "[他它]"} | {
    char: "[" + char + "".join(read_as for read_as, c in OCR_LOOKALIKES.items() if c == char) + "]"
    for char in sorted(set(OCR_LOOKALIKES.values()))}


def _loose(text: str) -> str:
    # Crawler text sometimes breaks words with spaces: tolerate whitespace between characters.
    return r"\s*".join(_SAME_CHARS.get(ch) or re.escape(ch) for ch in text)


@lru_cache(maxsize=2)
def _heading_re(other_numbering: bool = False) -> re.Pattern:
    """一、总体情况 (the usual numbering), or with other_numbering 1.总体情况 / 第一部分 总体情况.

    The usual pattern starts with a character set (the lookbehind comes after the numeral), which
    keeps the scan fast; the other numberings are tried only when the usual one finds too little.
    第一、统一、之一 … are words, not numbers. Crawler text runs table digits into the next heading
    ("…收费0三、收到和处理…"), so a digit before a Chinese numeral is fine; before an Arabic one it
    is part of a number."""
    groups = []
    for key, variants in section_headings().items():
        alts = sorted(variants, key=len, reverse=True)
        groups.append(f"(?P<{key}>" + "|".join(_loose(v) for v in alts) + ")")
    if other_numbering:
        number = r"(?:[1-7](?<![0-9.．][1-7])\s*[、.．]|第[一二三四五六七]部分\s*[、:：]?)"
    else:
        # 一、总体情况; also 一总体情况 (the 、 lost) where a sentence or line has just ended
        number = r"[一二三四五六七八九](?<![第之统唯同逐单十].)(?:\s*[、.．]|(?<![^\n。\s].))"
    return re.compile(number + r"\s*(?:" + "|".join(groups) + ")")


_CN_COUNT = r"(?<!第)[〇零一二两三四五六七八九十百千]+"
_CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}


def _with_chinese_numerals(pattern: str) -> str:
    """A count pattern that also takes the count written in Chinese numerals (收到申请三件). Not
    one that starts with its count: that must stay a digit, the fast first character to scan for."""
    if pattern.startswith("(?P<n>"):
        return pattern
    return pattern.replace(r"(?P<n>\d+)", r"(?P<n>\d+|" + _CN_COUNT + ")")


def chinese_count(text: str) -> int | None:
    """三 -> 3, 十一 -> 11, 二十三 -> 23, 一百零五 -> 105; None for what is no count (一二, 零 alone)."""
    total, digit, last_unit = 0, None, 10_000
    for ch in text:
        if ch in _CN_DIGITS:
            value = _CN_DIGITS[ch]
            if value == 0:
                if total == 0 or digit is not None:
                    return None
                continue  # 一百零五: 零 only marks the missing tens
            if digit is not None:
                return None
            digit = value
        else:
            unit = _CN_UNITS[ch]
            if unit >= last_unit:
                return None
            total += (1 if digit is None else digit) * unit
            digit, last_unit = None, unit
    return total + (digit or 0) if total or digit else None


@lru_cache(maxsize=1)
def _figure_res() -> list[tuple[str, tuple[str, ...], re.Pattern]]:
    """(key, words, pattern) per figure pattern. A pattern runs only on text that contains one of
    its words (a C-speed `in` test): one big alternation over the text is ten times slower."""
    return [(key, words, re.compile(_with_chinese_numerals(pat))) for key, words, pat in FIGURE_PATTERNS]


@lru_cache(maxsize=1)
def _figure_words() -> frozenset[str]:
    return frozenset(w for _, words, _ in FIGURE_PATTERNS for w in words)


# -- helpers ----------------------------------------------------------------------------------------
def _year_of(token: str) -> int | None:
    if token.isdigit():
        return int(token)
    try:
        return int("".join(str(_CN_NUM[c]) for c in token))
    except KeyError:
        return None


def _small_cn(token: str) -> int | None:
    """一 .. 三十一 as an int."""
    if not token:
        return None
    if "十" not in token:
        return _CN_NUM.get(token) if len(token) == 1 else None
    tens, _, ones = token.partition("十")
    t = 1 if tens == "" else _CN_NUM.get(tens)
    o = 0 if ones == "" else _CN_NUM.get(ones)
    return None if t is None or o is None else t * 10 + o


def _iso(y, m, d) -> str | None:
    try:
        return date(int(y), int(m), int(d)).isoformat()
    except (TypeError, ValueError):
        return None


def normalize_date(value: str | None) -> str | None:
    """'2022-02-08 16:34', '2022/2/8', '2022年2月8日', '二〇二二年二月八日' -> '2022-02-08'."""
    if not value:
        return None
    m = DATE_ANY_RE.search(value)
    if m:
        return _iso(*m.groups())
    m = DATE_CN_WORDS_RE.search(value)
    if m:
        return _iso(_year_of(m.group(1)), _small_cn(m.group(2)), _small_cn(m.group(3)))
    return None


def _body(text: str) -> str:
    i = text.find(BODY_MARK)
    if i < 0:
        return text
    j = text.find("\n", i)
    return text[j + 1:] if j >= 0 else ""


def _header_fields(doc, text: str) -> dict:
    """doc.header, completed from a crawler header at the top of the text if the reader left it there."""
    header = {k: v for k, v in (getattr(doc, "header", None) or {}).items() if v}
    if BODY_MARK in text[:4000]:
        names = {"标题": "title", "发布时间": "published", "发布机构": "publisher"}
        for m in CRAWLER_FIELD_RE.finditer(text[:text.find(BODY_MARK)]):
            value = m.group(2).strip()
            if value:
                header.setdefault(names[m.group(1)], value)
    return header


_SENTENCE_MARKS_RE = re.compile(r"[。；;！？]")


def _title_from_rows(doc) -> str | None:
    """The first title among the top rows; as in readers.text.title_of_lines, a breadcrumb is none
    and one that names no year (a column's name) gives way to a later one that does."""
    texts = [row.text.strip().lstrip("#").strip() for row in doc.rows[:15]]

    def candidates():
        previous = ""
        for i, t in enumerate(texts):
            nxt = texts[i + 1] if i + 1 < len(texts) else ""
            title = wrapped_title(t, nxt)  # 2025 年上海市人民政府办公厅政府信息公开 / 工作年度报告
            if title is None and 6 <= len(t) <= 80 and "\t" not in t and TITLE_ROW_RE.search(t) and "根据" not in t \
                    and not _SENTENCE_MARKS_RE.search(t) and not is_breadcrumb(t):  # a sentence (…统计表。本年度报告中…) is no title
                title = re.sub(r"[，,]", "", t)
                # A title printed on two lines: 洪泽区人民政府 / 2023年政府信息公开工作年度报告
                if YEAR_RE.match(title) and 2 <= len(previous) <= 30 and not re.search(r"[。，；：:]", previous):
                    title = previous + title
            previous = t
            yield title
    return first_title(candidates())


def _clean_agency(name: str) -> str | None:
    name = re.sub(r"\s+", "", name).strip("：:，,、（(【[ ")
    about = name.find("关于")  # …管理局关于报送2020年度…的函: the agency ends before 关于
    if about >= 0:
        name = name[:about]
    name = name.removesuffix("的")
    return name if len(name) >= 2 else None


TITLE_KEYWORD_RE = re.compile(r"(?:政府|政务)?信息公开|政务公开|(?:工作)?年度报告|年报")


def _agency_from_title(title: str) -> str | None:
    """The words before the year and before 政府信息公开…报告; for a title that starts with the
    year (2019年上海市人民政府办公厅政府信息公开工作年度报告), the words between them."""
    t = re.sub(r"\s+", "", title)
    y = YEAR_RE.search(t)
    k = TITLE_KEYWORD_RE.search(t)
    ends = [m.start() for m in (y, k) if m]
    if ends and min(ends) > 0:
        return _clean_agency(t[:min(ends)])
    if y and k and k.start() > y.end():
        return _clean_agency(t[y.end():k.start()].lstrip("度"))
    return None


_BEFORE_SIGNER = ("此函", "特此报告", "特此公告", "事项")


def _signer(run: str) -> str:
    """The signing organ from the characters before the signature date: crawler text runs the
    last sentence into it ("…其他需要报告的事项无平潭综合实验区某某局")."""
    for marker in _BEFORE_SIGNER:
        if marker in run:
            run = run.rsplit(marker, 1)[1]
    return run.removeprefix("无")


def kind_of(agency: str | None) -> str | None:
    """government (a government's own report, due 3月31日) | office | department | township (1月31日)."""
    if not agency:
        return None
    a = re.sub(r"[（(][^）)]*[）)]$", "", agency.strip())
    if TOWNSHIP_RE.search(a):
        return "township"
    if OFFICE_RE.search(a):
        return "office"
    if GOVERNMENT_RE.search(a):
        return "government"
    return "department"


# -- the parts --------------------------------------------------------------------------------------
def _signature(body: str) -> tuple[str | None, int]:
    """The last date of the text (the signature), and where it starts."""
    tail_start = max(0, len(body) - 240)
    tail = body[tail_start:]
    best = None
    for m in DATE_CN_RE.finditer(tail):
        best = (_iso(*m.groups()), tail_start + m.start())
    for m in DATE_CN_WORDS_RE.finditer(tail):
        if best is None or tail_start + m.start() > best[1]:
            best = (_iso(_year_of(m.group(1)), _small_cn(m.group(2)), _small_cn(m.group(3))), tail_start + m.start())
    return best if best else (None, -1)


def _published(header: dict, body: str) -> str | None:
    d = normalize_date(header.get("published"))
    if d:
        return d
    opening = body[:1500]
    m = PAGE_DATE_RE.search(opening)
    if m:
        d = _iso(*m.groups())
        if d:
            return d
    m = DATE_UNDER_TITLE_RE.search(body[:400])
    if m:
        d = _iso(*m.groups())
        if d:
            return d
    return _signature(body)[0]


REPOST_DAYS = 180


def _unless_reposted(published: str | None, signed: str | None, year: int | None) -> str | None:
    """A page date half a year or more after a plausible signature date is a re-post (site
    migration, archive copy), not the publication: then the signature date is the better one."""
    if not (published and signed and year) or signed <= f"{year}-12-31" or signed > published:
        return published
    gap = (date.fromisoformat(published) - date.fromisoformat(signed)).days
    return signed if gap >= REPOST_DAYS else published


def _whole_year(period: dict | None) -> int | None:
    """The year a period is, when it is one whole calendar year (2023-01-01 to 2023-12-31)."""
    if period and period["start"][5:] == "01-01" and period["end"][5:] == "12-31" \
            and period["start"][:4] == period["end"][:4]:
        return int(period["start"][:4])
    return None


def _period(body: str) -> dict | None:
    head = body[:5000]
    for m in PERIOD_RE.finditer(head):
        before = head[max(0, m.start() - 30):m.start()]
        after = head[m.end():m.end() + 4]
        if not (PERIOD_CONTEXT_RE.search(before) or "期间" in after):
            continue
        y1, m1, d1, y2, m2, d2 = m.groups()
        start, end = _iso(y1, m1, d1), _iso(y2 or y1, m2, d2)
        if start and end and start <= end:
            return {"start": start, "end": end}
    m = PERIOD_MONTHS_RE.search(head)
    if m:
        y1, m1, y2, m2 = m.groups()
        y2 = y2 or y1
        start = _iso(y1, m1, 1)
        last = _iso(int(y2) + int(m2) // 12, int(m2) % 12 + 1, 1) if m2 and 1 <= int(m2) <= 12 else None
        if start and last:
            end = (date.fromisoformat(last) - timedelta(days=1)).isoformat()
            if start <= end:
                return {"start": start, "end": end}
    m = PERIOD_WHOLE_YEAR_RE.search(head)
    if m:
        return {"start": f"{m.group(1)}-01-01", "end": f"{m.group(1)}-12-31"}
    return None


def _headings(source: str, start: int, other_numbering: bool) -> list[tuple[str, int, int]]:
    """(section key, heading start, heading end) in order."""
    found: list[tuple[str, int, int]] = []
    for m in _heading_re(other_numbering).finditer(source, start):
        if found and found[-1][0] == m.lastgroup:
            continue  # 五、当前存在的突出问题 + 六、下一步改进举措: one section
        found.append((m.lastgroup, m.start(), m.end()))
    return found


_ROW_TABLE = attrgetter("table")


def _sections(doc, text: str) -> tuple[dict[str, str], str, list[list[int]]]:
    """Section texts (prose only), the narrative (intro + sections), and table spans in `text`.

    Hidden text (display:none page chrome, injected spam: the HTML reader keeps it for the content
    checks, which read the whole text) is no part of a section."""
    # The rows' table indexes and the prose rows, found with C-level map/compress: one-cell-per-line
    # text has hundreds of rows.
    rows = doc.rows
    prose = list(map(is_, map(_ROW_TABLE, rows), repeat(None)))  # row.table is None, per row
    has_table_rows = not all(prose)
    hidden = False
    if doc.source.media_type == "text/html":  # only the HTML reader keeps hidden rows
        hidden_rows = list(map(_is_hidden_row, rows))
        hidden = any(hidden_rows)
        if hidden:
            prose = [p and not h for p, h in zip(prose, hidden_rows)]
    if has_table_rows or hidden:
        sections, narrative, _ = _split("\n".join([r.text for r in compress(rows, prose)]), False)
        # table spans are positions in `text` (the whole text): only flattened tables have them
        spans = _split(text, True)[2] if not has_table_rows else []
        return sections, narrative, spans
    return _split(text, True)


def _is_hidden_row(row) -> bool:
    at = row.cells[0].at if row.cells else None
    return bool(at and at.get("hidden"))


def _split(source: str, flattened: bool) -> tuple[dict[str, str], str, list[list[int]]]:
    """`source` cut at the section headings; with `flattened`, the spans of tables in it too."""
    body_start = source.find(BODY_MARK)
    if body_start >= 0:
        nl = source.find("\n", body_start)
        body_start = nl + 1 if nl >= 0 else len(source)
    else:
        body_start = 0
    found = _headings(source, body_start, False)
    if len(found) < 3:  # 1.总体情况 / 第一部分 总体情况
        found = max(found, _headings(source, body_start, True), key=len)
    sections: dict[str, str] = {}
    table_spans: list[list[int]] = []
    pieces = [source[body_start:found[0][1]] if found else source[body_start:]]
    for i, (key, start, end) in enumerate(found):
        stop = found[i + 1][1] if i + 1 < len(found) else len(source)
        chunk_start = end
        part = source[chunk_start:stop]
        cut = TABLE_START_RE.get(key)
        if cut is not None:
            mm = cut.search(part)
            if mm:
                if flattened:
                    table_spans.append([chunk_start + mm.start(), stop])
                part = part[:mm.start()]
        part = part.strip()
        if key in sections:
            sections[key] = (sections[key] + "\n" + part).strip()
        else:
            sections[key] = part
        pieces.append(part)
    return sections, "\n".join(pieces), table_spans


def _sentence(text: str, start: int, end: int) -> str:
    a = start
    lo = max(0, start - 200)
    for m in SENTENCE_BREAK_RE.finditer(text, lo, start):
        a = m.end()
    if a == start and lo == 0:
        a = 0
    elif a == start:
        a = lo
    m = SENTENCE_BREAK_RE.search(text, end, end + 200)
    b = m.start() if m else min(len(text), end + 200)
    return text[a:b]


def _clause_prefix(text: str, start: int) -> str:
    lo = max(0, start - 40)
    a = lo
    for m in CLAUSE_BREAK_RE.finditer(text, lo, start):
        a = m.end()
    return text[a:start]


def _passage_start(text: str, start: int) -> int:
    """Where the passage quoting a figure starts: the sentence, at most ~60 characters back."""
    lo = max(0, start - 60)
    cut = None
    for m in PASSAGE_BREAK_RE.finditer(text, lo, start):
        cut = m.end()
    if cut is None:
        for m in CLAUSE_BREAK_RE.finditer(text, lo, start):
            cut = m.end()
            break  # the earliest clause inside the window keeps the most context
    return lo if cut is None else cut


# A line break inside a sentence, before a count and its unit or before the punctuation after it
# (办结依申请公开事项\n403件\n，按时办结率…: a capture that breaks lines around a number's span).
# (Written to start with the line break itself: the regex engine then jumps from one to the next.)
_BROKEN_FIGURE_RE = re.compile(r"\n(?:(?<=[^\s。；;！!？?：:]\n)(?=\d[\d.]*\s*(?:件|条|项|起|份|万元|元)|[，,。；;、])"
                               r"|(?<=\d\n)(?=[件条项起份万元]))")


# Words that say the applications received were all granted, with no figure of their own (受理依申请
#公开1件，……，同意公开 / 收到申请3件，均予以公开): one application needs no 均; several do.
_GRANTED_ONE_RE = re.compile(r"(?:同意|予以|准予)公开")
_GRANTED_ALL_RE = re.compile(r"(?:均|全部|都|皆|一律)(?:已|已经)?(?:依法)?(?:同意|予以|准予|给予)公开")
# …and words that say some were not, or that the claim is about a part (其中…) or about some other thing.
_NOT_ALL_GRANTED = ("不", "部分", "无法", "未", "其中", "告知", "补正", "撤回", "转", "答复为")
# 同意公开2件、不予公开1件 / 同意公开，其余…: a count of its own, or not all
_GRANTED_CLAUSE_AFTER = re.compile(r"\s*\d|[^，。；;,]*?(?:不予|部分|无法|其余|另)")


def _granted_all(narrative: str, stated: dict[str, list[dict]]) -> None:
    """A stated "granted_all" figure (the count of applications received) where the narrative says in
    words that the applications it counted were granted, in the rest of the figure's sentence."""
    for fig in stated.get("received") or []:
        count = fig["value"]
        if not isinstance(count, int) or count < 1:
            continue
        start = narrative.find("件", fig["at"]) + 1 or fig["at"]
        end = narrative.find("。", start)
        rest = narrative[start:end if 0 <= end - start <= 120 else start + 120]
        m = (_GRANTED_ONE_RE if count == 1 else _GRANTED_ALL_RE).search(rest)
        if m is None or any(w in rest[:m.end()] for w in _NOT_ALL_GRANTED) or _GRANTED_CLAUSE_AFTER.match(rest, m.end()):
            continue
        text = (fig["text"] + rest[:m.end()]).replace("\n", "")
        stated.setdefault("granted_all", []).append({"value": count, "text": text, "at": fig["at"]})



def _figures(narrative: str, year: int | None) -> dict[str, list[dict]]:
    stated: dict[str, list[dict]] = {}
    if "\n" in narrative:
        narrative = _BROKEN_FIGURE_RE.sub("", narrative)
    matches = []
    present = {w for w in _figure_words() if w in narrative}  # each word searched once
    for i, (key, words, pattern) in enumerate(_figure_res()):
        if words and present.isdisjoint(words):
            continue
        matches.extend((m.start(), i, key, m) for m in pattern.finditer(narrative))
    matches.sort(key=lambda t: (t[3].start("n") if "n" in t[3].re.groupindex else t[0], t[1]))
    claimed: set[int] = set()  # each number is one figure: the first pattern that took it keeps it
    for _, _, key, m in matches:
        n_at = m.start("n") if "n" in m.re.groupindex else -1
        if n_at >= 0 and n_at in claimed:
            continue
        gap = m.groupdict().get("g")
        if key == "review_none":
            # 未发生因政府信息公开被申请行政复议、提起行政诉讼的情况 -> both 0; 未发生复议被纠错 is about
            # outcomes, not counts.
            said = m.group(0)
            if any(w in said for w in ("纠错", "纠正", "败诉", "撤销", "被纠", "维持")):
                continue
            if "信息公开" not in _sentence(narrative, m.start(), m.end()):
                continue
            start = _passage_start(narrative, m.start())
            for part, sub in (("复议", "reconsideration_none"), ("诉讼", "lawsuit_none")):
                if part in said:
                    stated.setdefault(sub, []).append(
                        {"value": 0, "text": narrative[start:m.end()].strip(), "at": m.start()})
            continue
        if gap is not None and any(w in gap for w in _FOREIGN_WORDS):
            continue
        if key in _NEEDS_REQUEST_CONTEXT and gap and any(w in gap for w in _OUTCOME_WORDS):
            continue
        if key == "carried_out" and gap is not None and ("上" in gap or "含" in gap):
            continue  # 805件（含上年度结转…: the 805 is not carried over
        sentence = _sentence(narrative, m.start(), m.end())
        if key in ("received", "received_none") and gap is not None and not (
                _APPLICATION_RE.search(gap) and ("公开" in gap or _DISCLOSURE_CONTEXT_RE.search(
                    narrative, max(0, m.start() - 150), m.start()))):
            continue  # 收到…申请 counts disclosure applications only where they are the subject
            # (未收到该申请人提交的补正 is about the applicant's correction, not an application)
        if key in _NEEDS_REQUEST_CONTEXT and "申请" not in sentence:
            continue
        if key in _NEEDS_DISCLOSURE_CONTEXT and "信息公开" not in sentence and not (
                _DISCLOSURE_CONTEXT_RE.search(narrative, max(0, m.start() - 120), m.start())
                and not any(w in sentence for w in _OTHER_CASE_WORDS)):
            continue  # …受理政府信息公开申请302件…。发生行政复议6件、行政诉讼7件: the sentence before says whose
        if key in _OUTCOMES and "申请" not in narrative[max(0, m.start() - 200):m.end()]:
            continue
        if key == "handled" and _OUTCOME_REPLY_RE.search(narrative, max(0, m.start() - 12), m.start()):
            continue  # 给予同意公开答复1件 / 不予公开答复3件: replies of one kind, not all handled
        prefix = _clause_prefix(narrative, m.start())
        if any(w in prefix for w in _OTHER_YEAR_WORDS):
            continue
        if key in _NEEDS_REQUEST_CONTEXT and "其中" in prefix:
            continue  # 其中，区教育局收到申请5件: a part, not the total
        ym = YEAR_RE.search(prefix)
        if ym and year and _year_of(ym.group(1)) != year:
            continue
        if key == "received_none":
            value = 0
        else:
            raw = m.group("n")
            if not raw[0].isdigit():
                value = chinese_count(raw)
                if value is None or narrative.startswith("事", m.end()):
                    continue  # 一二 is no count; 办成一件事 is a saying
            else:
                value = float(raw) if "." in raw else int(raw)
            if "u" in m.re.groupindex and m.group("u") == "万元":
                value = round(value * 10000, 2)
                value = int(value) if float(value).is_integer() else value
        passage_start = _passage_start(narrative, m.start())
        if n_at >= 0:
            claimed.add(n_at)
        stated.setdefault(key, []).append(
            {"value": value, "text": narrative[passage_start:m.end()].strip(), "at": m.start()})
    _granted_all(narrative, stated)
    return stated


def read_meta(doc, text: str | None = None) -> dict:
    """Title, agency, year, published, period, sections, figures, kind and year_named of a report."""
    if text is None:
        text = doc.plain_text()
    if FULLWIDTH_RE.search(text):  # ２０２１年 (Word documents); same length, so offsets hold
        text = text.translate(FULLWIDTH_DIGITS)
    header = _header_fields(doc, text)
    body = _body(text)
    title = (header.get("title") or "").strip()
    if not CJK_RE.search(title):  # a file name or an empty PDF title is no title
        title = _title_from_rows(doc)

    year_named = None
    if title:
        m = YEAR_RE.search(title)
        if m:
            y = _year_of(m.group(1))
            year_named = y if y and 2000 <= y <= 2100 else None

    published = _published(header, body)
    period = _period(body)

    year = year_named
    period_year = _whole_year(period)
    if year_named and period_year and period_year != year_named and published \
            and int(published[:4]) == period_year + 1:
        # The title names another year than the whole year the report states it counts, and the
        # report came out just after that year: the title's year is the slip (period.year says so).
        year = period_year
    if year is None and period:
        year = int(period["end"][:4])
    if year is None:
        m = re.search(_YEAR + r"\s*年度?\s*(?:的)?\s*(?:政府|政务)?信息公开", body[:2000])
        if m:
            year = _year_of(m.group(1))
    if year is None:
        sig_at = _signature(body)[1]
        m = YEAR_RE.search(body[:600] if sig_at < 0 else body[:min(600, sig_at)])
        if m:
            year = _year_of(m.group(1))
    if year is None and published:
        year = int(published[:4]) - 1
    published = _unless_reposted(published, _signature(body)[0], year)

    agency = _agency_from_title(title) if title else None
    if not agency and header.get("publisher"):
        agency = _clean_agency(header["publisher"])
    if not agency:
        m = AGENCY_OPENING_RE.search(body[:1500])
        if m:
            agency = _clean_agency(m.group(1))
    if not agency:
        sig_date, sig_at = _signature(body)
        if sig_date:
            m = SIGNATURE_AGENCY_RE.search(body[max(0, sig_at - 60):sig_at])
            if m:
                agency = _clean_agency(_signer(m.group(1)))

    sections, narrative, table_spans = _sections(doc, text)
    return {
        "title": title or None,
        "agency": agency,
        "year": year,
        "published": published,
        "period": period,
        "sections": sections,
        "figures": {"stated": _figures(narrative, year), "year_named": year_named, "table_spans": table_spans},
        "kind": kind_of(agency) or kind_of(_clean_agency(header.get("publisher") or "")),
        "year_named": year_named,
    }
