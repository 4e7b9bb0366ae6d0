"""Across-years checks: a report against the same agency's report for the year before."""
from __future__ import annotations

import re

from . import across_years
from .consistency import COLUMN_NAMES, REQUEST_COLUMNS, fmt_of, num
from ..report import Report

COPIED_THRESHOLD = 0.8  # character 4-gram Jaccard similarity of section 五
MIN_COPIED_CHARS = 60  # shorter sections ("无") say too little to call them copied
_NOT_TEXT_RE = re.compile(r"[\s\d，。；：、,.;:（）()“”\"'《》\-]+")


def _number(report: Report, cid: str):
    v = report.number(cid)
    return None if isinstance(v, (str, bool)) else v


@across_years("carryover.mismatch")
def carryover_mismatch(report: Report, previous: Report) -> None:
    prev_year = previous.meta.get("year")
    for col in REQUEST_COLUMNS:
        now_id, prev_id = f"requests.carried_in.{col}", f"requests.carried_out.{col}"
        carried_in, carried_out = _number(report, now_id), _number(previous, prev_id)
        if carried_in is None or carried_out is None or carried_in == carried_out:
            continue
        report.add("carryover.mismatch",
                   f"{COLUMN_NAMES[col]}列：本年“上年结转” {num(carried_in)} ≠ {prev_year}年度报告"
                   f"“结转下年度继续办理” {num(carried_out)}", [now_id])


@across_years("in_force.drift")
def in_force_drift(report: Report, previous: Report) -> None:
    if fmt_of(report) != "2021" or fmt_of(previous) != "2021":
        return
    prev_year = previous.meta.get("year")
    for row, name in (("regulations", "规章"), ("normative_documents", "行政规范性文件")):
        ids = [f"active.{row}.in_force", f"active.{row}.issued", f"active.{row}.repealed"]
        now, issued, repealed = (_number(report, i) for i in ids)
        before = _number(previous, f"active.{row}.in_force")
        if None in (now, issued, repealed, before):
            continue
        expected = before + issued - repealed
        if now != expected:
            report.add("in_force.drift",
                       f"{name}：现行有效 {num(now)} ≠ {prev_year}年现行有效 {num(before)} + 本年制发 {num(issued)}"
                       f" − 本年废止 {num(repealed)} = {num(expected)}", ids)


def _grams(text: str, n: int = 4) -> set[str]:
    t = _NOT_TEXT_RE.sub("", text)  # years and numbering change every year; the words do not
    return {t[i:i + n] for i in range(len(t) - n + 1)}


def similarity(a: str, b: str) -> float:
    """Character 4-gram Jaccard similarity of two texts (0..1)."""
    ga, gb = _grams(a), _grams(b)
    if not ga or not gb:
        return 0.0
    return len(ga & gb) / len(ga | gb)


@across_years("text.copied")
def text_copied(report: Report, previous: Report) -> None:
    now, before = report.sections.get("problems") or "", previous.sections.get("problems") or ""
    if len(_NOT_TEXT_RE.sub("", now)) < MIN_COPIED_CHARS or len(_NOT_TEXT_RE.sub("", before)) < MIN_COPIED_CHARS:
        return
    score = similarity(now, before)
    if score >= COPIED_THRESHOLD:
        report.add("text.copied",
                   f"第五部分“存在的主要问题及改进情况”与{previous.meta.get('year')}年度报告高度雷同"
                   f"（相似度{score:.0%}）", evidence=now[:120])
