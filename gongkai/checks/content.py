"""Content checks: spam injected into the published page (暗链, gambling and pornography text) and
personal data published by mistake (identity card and mobile numbers)."""
from __future__ import annotations

from datetime import date
from functools import lru_cache
from importlib import resources
import re

import yaml

from . import check
from ..report import Report

URL_RE = re.compile(r"(?:https?://|www\.)[A-Za-z0-9.\-_/%?=&#:~+]+|[A-Za-z0-9-]{2,}\.(?:com|net|cc|vip|top|xyz|me|app|bet|club|live|co)\b")
SPAM_HREF_WORDS = ("casino", "baccarat", "bet365", "lottery", "porn", "xxx", "sex", "caipiao", "bocai", "pj777", "amxpj")
CONTEXT = 60  # characters around a spam word in which a link makes it spam

# One pass finds every run of 11+ digits (an 18-character ID may end in X); boundaries are checked
# per run, which keeps the pattern free of a leading lookbehind (much faster to scan). Written
# \d\d{10,} rather than \d{11,}: a pattern that starts with a character class lets the engine skip
# non-digits without trying a match at each of them (half the work; the same matches).
DIGIT_RUN_RE = re.compile(r"\d\d{10,}[Xx]?")
MOBILE_RE = re.compile(r"1[3-9]\d{9}")
GROUPED_RE = re.compile(r"\d\d{1,5}(?:[ -]\d{2,6}){2,5}[Xx]?")  # digits in groups: checked as one number
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


# Literals one of which every match of a phrase of spam.yaml contains (its lookbehind words): the
# phrase's scan, slow where it cannot start with a literal, runs only on text that has one. Keyed by
# the phrase's exact text, so an edited phrase simply loses its shortcut.
PHRASE_NEEDS = {
    "[注户](?<=投注|下注|开户)(?:网址|平台|入口)": ("投注", "下注", "开户"),
    "(?:微信|QQ|qq|VX|vx)(?<=加微信|加QQ|加qq|加VX|加vx)[:：]?\\s*[A-Za-z0-9_-]{5,}": ("加微信", "加QQ", "加qq", "加VX", "加vx"),
}


@lru_cache(maxsize=1)
def spam_words() -> dict:
    data = yaml.safe_load(resources.files(__package__).joinpath("spam.yaml").read_text("utf-8"))
    strong, weak = list(data["strong"]), list(data["weak"])
    words = sorted((w for w in strong + weak if not w.isascii()), key=len, reverse=True)
    # ASCII words (AV) only as whole words, so that "NAVI" or "AVG" never count; kept in their
    # own pattern so the Chinese one starts with literals (fast to scan).
    ascii_words = [w for w in strong + weak if w.isascii()]
    return {
        "strong": set(strong),
        "words_re": re.compile("|".join(map(re.escape, words))),
        "ascii": ascii_words,
        "ascii_re": re.compile(r"(?<![A-Za-z])(?:" + "|".join(map(re.escape, ascii_words)) + r")(?![A-Za-z])")
        if ascii_words else None,
        # Separate patterns: one alternation of them all scans twice as slowly.
        "phrases": [(re.compile(p), PHRASE_NEEDS.get(p, ())) for p in data["phrases"]],
    }


def _first_phrase(text: str, words: dict) -> re.Match | None:
    """The match of the first phrase of spam.yaml that occurs in the text."""
    for pattern, needs in words["phrases"]:
        if needs and not any(n in text for n in needs):
            continue  # no match can occur without one of these
        m = pattern.search(text)
        if m:
            return m
    return None


def _spam_words_in(text: str, words: dict) -> list:
    found = list(words["words_re"].finditer(text))
    if words["ascii_re"] is not None and any(w in text for w in words["ascii"]):
        found += words["ascii_re"].finditer(text)
    return found


def _snippet(text: str, start: int, end: int, pad: int = 20) -> str:
    return text[max(0, start - pad):end + pad].replace("\n", " ").strip()


_HOST_RE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//([^/?#:]+)|^(www\.[^/?#:]+)", re.I)
# Words that frame a spam word as something to fight (远离网络赌博, 严厉打击跨境赌博): a warning, not spam.
FRAMING_WORDS = ("远离", "谨防", "防范", "警惕", "打击", "拒绝", "抵制", "整治", "查处", "严禁", "禁止", "举报", "揭秘")


def _is_gov(url: str) -> bool:
    """Whether the link's host (or, for a bare name, the name) is a government one: x.gov.cn, x.gov."""
    m = _HOST_RE.match(url.strip())
    host = (m.group(1) or m.group(2)) if m else url.strip().split("/", 1)[0]
    host = host.lower().rstrip(".")
    return host.endswith(".gov.cn") or host == "gov.cn" or host.endswith(".gov")


def _suspect_links(links: list[tuple[str, str]], words: dict) -> list[tuple[str, str]]:
    """The links to look at one by one: all of them if any anchor has a spam word or any href a
    spam href word, else none. A page has hundreds of links and hardly ever spam: one scan of
    all anchors and of all hrefs (joined by a newline, which no word contains) decides."""
    if not links:
        return []
    anchors = "\n".join(anchor or "" for _, anchor in links)
    hrefs = "\n".join(href or "" for href, _ in links).lower()
    if _spam_words_in(anchors, words) or any(w in hrefs for w in SPAM_HREF_WORDS):
        return links
    return []


def _spam_in_text(text: str, where: str, words: dict, reasons: list[str]) -> str | None:
    """Append why `text` holds spam to reasons; the first passage that shows it, if any."""
    evidence = None
    found = _spam_words_in(text, words)
    distinct = {m.group(0) for m in found}
    if distinct & words["strong"] and len(distinct) >= 2:
        reasons.append(f"{where}含多个赌博、色情等垃圾词语：" + "、".join(f"“{w}”" for w in sorted(distinct)))
        m = next(m for m in found if m.group(0) in words["strong"])
        evidence = _snippet(text, m.start(), m.end())
    else:
        for m in found:
            window = text[max(0, m.start() - CONTEXT):m.end() + CONTEXT]
            urls = [u for u in URL_RE.findall(window) if not _is_gov(u)]
            if urls:
                reasons.append(f"{where}“{m.group(0)}”旁有外部链接 {urls[0]}")
                evidence = _snippet(text, m.start(), m.end())
                break
    p = _first_phrase(text, words)
    if p:
        reasons.append(f"{where}含垃圾广告用语“{p.group(0)}”")
        evidence = evidence or _snippet(text, p.start(), p.end())
    return evidence


@check("content.injected")
def content_injected(report: Report) -> None:
    words = spam_words()
    text = report.text or ""
    reasons: list[str] = []
    evidence = None

    for href, anchor in _suspect_links(report.links or [], words):
        href_l, anchor = (href or "").lower(), anchor or ""
        hits = {m.group(0) for m in _spam_words_in(anchor, words)}
        strong = hits & words["strong"]  # spam whatever the host: hacked government sites host it too
        if hits and not strong and any(w in anchor for w in FRAMING_WORDS):
            hits = set()  # 远离网络赌博 谨防“杀猪盘”: a warning the site itself links to
        gov = _is_gov(href_l)  # 中国体育彩票 -> www.lottery.gov.cn: an official site, "lottery" or not
        if strong or (hits and not gov) or (not gov and any(w in href_l for w in SPAM_HREF_WORDS)):
            reasons.append(f"链接“{anchor.strip() or href}”指向 {href}")
            evidence = evidence or f"{anchor} {href}".strip()

    # the body; and the page's title, keywords and description (a hijacked <head> shows in search
    # results only: 开云体育官方网站-某某镇人民政府…)
    for where, body in (("正文", text), ("网页标题或关键词", report.head)):
        if body:
            passage = _spam_in_text(body, where, words, reasons)
            evidence = evidence or passage
    if reasons:
        report.add("content.injected", "页面疑似被植入赌博、色情等垃圾内容：" + "；".join(reasons[:3]),
                   evidence=evidence)


def valid_id_number(number: str) -> bool:
    """An 18-digit 居民身份证号码 with a correct check digit and a real birth date."""
    if len(number) != 18 or not number[:17].isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(number[:17], ID_WEIGHTS))
    if ID_CHECK[total % 11] != number[17].upper():
        return False
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    return date(1900, 1, 1) <= born <= date.today()


def mask(number: str) -> str:
    """Keep the first 3 and last 4 characters: 138****5678, 350***********123X."""
    return number[:3] + "*" * (len(number) - 7) + number[-4:]


def _in_spans(pos: int, spans) -> bool:
    return any(a <= pos < b for a, b in spans)


@check("privacy.personal_info")
def privacy_personal_info(report: Report) -> None:
    text = report.text or ""
    spans = (report.figures or {}).get("table_spans") or []  # flattened tables: digits run together
    for m in DIGIT_RUN_RE.finditer(text):
        start, end, number = m.start(), m.end(), m.group(0)
        before = text[start - 1:start] if start else ""
        after = text[end:end + 4]
        if (before.isascii() and (before.isalpha() or before in "./=_#%&?")) or (after[:1].isascii() and after[:1].isalpha()):
            continue  # part of a code, a link or a decimal number
        if after.startswith(".") and after[1:2].isdigit() or after.lstrip().startswith(("元", "万元", "亿元")):
            continue  # an amount
        if _in_spans(start, spans):
            continue
        if len(number) == 18 and valid_id_number(number):
            what = "居民身份证号码"
        elif len(number) == 11 and MOBILE_RE.fullmatch(number):
            what = "手机号码"
        else:
            continue
        report.add("privacy.personal_info", f"正文公开了{what} {mask(number)}",
                   evidence=_snippet(text.replace(number, mask(number)), start, end))
    if " " in text or "-" in text:
        _grouped_numbers(report, text, spans)


def _grouped_numbers(report: Report, text: str, spans) -> None:
    """Identity card and mobile numbers written in groups: 4302 2319 8503 1624 18, 138-0731-2456."""
    for m in GROUPED_RE.finditer(text):
        start, end, written = m.start(), m.end(), m.group(0)
        if (start and text[start - 1].isdigit()) or text[end:end + 1].isdigit() or _in_spans(start, spans):
            continue
        number = written.replace(" ", "").replace("-", "")
        groups = [len(g) for g in re.split(r"[ -]", written.rstrip("Xx"))]
        if len(number) == 18 and valid_id_number(number):
            what = "居民身份证号码"
        elif groups == [3, 4, 4] and MOBILE_RE.fullmatch(number):
            what = "手机号码"
        else:
            continue
        report.add("privacy.personal_info", f"正文公开了{what} {mask(number)}",
                   evidence=_snippet(text.replace(written, mask(number)), start, end))
