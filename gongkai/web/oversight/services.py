"""Storing, ingesting and re-checking reports. Views, the API, the CLI and the request desk call these.

    report = check_file(data, name)                        # gongkai Report (engine, or contract JSON)
    version = store_report(agency, report, data, name, user)
"""
from __future__ import annotations

from dataclasses import dataclass, field
import datetime as dt
import hashlib
import io
import json
import re
import zipfile

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from gongkai.report import Finding as EngineFinding, Report as EngineReport, SCHEMA
from gongkai.web.agencies.models import Agency

from .models import AuditEntry, Cell, Finding, Notice, PendingUpload, Report, ReportSummary, ReportVersion
from .summary import figures_of_cells

ZIP_MAX_ENTRIES = 500
ZIP_MAX_TOTAL = 200 * 1024 * 1024
REPORT_SUFFIXES = (".txt", ".md", ".html", ".htm", ".pdf", ".ofd", ".docx", ".doc", ".wps", ".rtf", ".mht", ".mhtml", ".json", ".png", ".jpg", ".jpeg", ".tif", ".tiff")


class IngestError(ValueError):
    """Input refused, with a message for the user (Chinese)."""


# -- checking ---------------------------------------------------------------------------------------

def _contract_json(data: bytes) -> EngineReport | None:
    head = data[:200].lstrip()
    if not head.startswith(b"{"):
        return None
    try:
        d = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    if not isinstance(d, dict) or d.get("schema") != SCHEMA:
        return None
    return EngineReport.from_dict(d)


def check_file(data: bytes, name: str) -> EngineReport:
    """Read and check one file. A contract JSON (gongkai.report/1) is taken as already checked."""
    report = _contract_json(data)
    if report is not None:
        report.source = {**report.source, "name": report.source.get("name") or name,
                         "sha256": hashlib.sha256(data).hexdigest(), "media_type": "application/json"}
        return report
    from gongkai import pipeline
    try:
        report = pipeline.check_bytes(data, name)
    except Exception as exc:  # the engine must not take the web app down: keep the file, say why
        report = EngineReport(source={"name": name, "sha256": hashlib.sha256(data).hexdigest()})
        report.findings.append(EngineFinding("source.unreadable", f"无法读取此文件：{type(exc).__name__}", []))
    report.source.setdefault("sha256", hashlib.sha256(data).hexdigest())
    report.source.setdefault("name", name)
    return report


# -- audit ------------------------------------------------------------------------------------------

def audit(user, action: str, obj, agency=None, before=None, after=None) -> None:
    AuditEntry.objects.create(user=user if user is not None and user.is_authenticated else None,
                              action=action, object_type=type(obj).__name__, object_id=str(obj.pk),
                              agency=agency, before=before, after=after)


# -- storing ----------------------------------------------------------------------------------------

def _published(meta: dict):
    try:
        return dt.date.fromisoformat(str(meta.get("published")))
    except (TypeError, ValueError):
        return None


def _number(value):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


@transaction.atomic
def store_report(agency: Agency, report: EngineReport, data: bytes, name: str, user=None,
                 year: int | None = None) -> ReportVersion:
    """Store a checked report as the newest (current) version of agency's report for its year.

    A version whose file is identical (sha256) to the current one is not stored again: the current
    version is returned. Across-years findings are refreshed against the neighbouring years, and open
    rectification notices of this report are re-checked against the new version.
    """
    year = year or report.meta.get("year")
    if not isinstance(year, int):
        raise IngestError("无法确定报告年度，请指定年度")
    sha = hashlib.sha256(data).hexdigest()
    rep, _ = Report.objects.select_for_update().get_or_create(agency=agency, year=year)
    current = rep.current
    if current is not None and current.sha256 == sha:
        return current
    d = report.to_dict()
    d["meta"] = {**d["meta"], "year": year}
    last = rep.versions.order_by("-number").first()
    findings = d["findings"]
    version = ReportVersion.objects.create(
        report=rep, number=(last.number + 1) if last else 1, name=name[:255],
        media_type=(d.get("source") or {}).get("media_type") or "", sha256=sha, size=len(data),
        source=data, data=d, title=(d["meta"].get("title") or "")[:500], format=d["meta"].get("format") or "",
        published=_published(d["meta"]),
        errors=sum(f["severity"] == "error" for f in findings),
        warnings=sum(f["severity"] == "warning" for f in findings),
        uploaded_by=user if user is not None and getattr(user, "is_authenticated", False) else None)
    Cell.objects.filter(agency=agency, year=year, current=True).update(current=False)
    Finding.objects.filter(agency=agency, year=year, current=True).update(current=False)
    Cell.objects.bulk_create([
        Cell(version=version, agency=agency, year=year, cell_id=cid, value=_number(c.get("value")),
             status=c.get("status") or "missing")
        for cid, c in d["cells"].items()], batch_size=1000)
    Finding.objects.bulk_create([
        Finding(version=version, agency=agency, year=year, rule=f["rule"], severity=f["severity"],
                message=f.get("message") or "", cells=list(f.get("cells") or []),
                evidence=f.get("evidence") or "")
        for f in findings])
    rep.current = version
    rep.save(update_fields=["current"])
    ReportSummary.objects.update_or_create(report=rep, defaults={
        "version": version, "agency": agency, "year": year, "published": version.published,
        **figures_of_cells(d["cells"])})
    refresh_across_years(agency, year)
    audit(user, "report.version", version, agency,
          before={"version": current.number, "sha256": current.sha256} if current else None,
          after={"version": version.number, "sha256": sha, "name": version.name})
    recheck_notices(rep, version, user)
    return version


# -- across years -----------------------------------------------------------------------------------

def _engine_report(version: ReportVersion, agency_name: str) -> EngineReport:
    r = EngineReport.from_dict(version.data)
    r.findings = []
    r.meta["agency"] = agency_name
    return r


def refresh_across_years(agency: Agency, year: int) -> None:
    """Recompute across-years findings of year and year+1 (each against the year before)."""
    try:
        from gongkai import checks
        checks._load_families()
        fns = dict(checks.ACROSS_YEARS)
    except Exception:  # engine not there yet: nothing to compare with
        return
    if not fns:
        return
    reports = {r.year: r for r in Report.objects.filter(agency=agency, year__in=[year - 1, year, year + 1])
               .select_related("current")}
    for y in (year, year + 1):
        this, prev = reports.get(y), reports.get(y - 1)
        if this is None or this.current is None:
            continue
        old = list(Finding.objects.filter(version=this.current, across_years=True))
        reviewed = {f.key() for f in old if f.state != Finding.State.OPEN}
        Finding.objects.filter(pk__in=[f.pk for f in old if f.state == Finding.State.OPEN]).delete()
        if prev is None or prev.current is None:
            continue
        a, b = _engine_report(this.current, agency.name), _engine_report(prev.current, agency.name)
        for fn in fns.values():
            try:
                fn(a, b)
            except Exception:
                continue
        new = []
        for f in a.findings:
            row = Finding(version=this.current, agency=agency, year=y, rule=f.rule, severity=f.severity,
                          message=f.message, cells=list(f.cells), evidence=f.evidence or "", across_years=True)
            if row.key() not in reviewed:
                new.append(row)
        Finding.objects.bulk_create(new)


# -- notices ----------------------------------------------------------------------------------------

def _same_problem(item: dict, finding_keys: set) -> bool:
    return (item["rule"], tuple(sorted(item.get("cells") or []))) in finding_keys


def recheck_notices(rep: Report, version: ReportVersion, user=None) -> None:
    """A corrected version closes a notice once none of the notice's problems is found in it."""
    keys = {f.key() for f in version.findings.all()}
    for notice in rep.notices.filter(state=Notice.State.OPEN):
        before = {"state": notice.state, "items": notice.items}
        items = [{**it, "resolved": not _same_problem(it, keys)} for it in notice.items]
        notice.items = items
        if all(it["resolved"] for it in items):
            notice.state = Notice.State.CLOSED
            notice.closed_at = timezone.now()
            notice.closed_by_version = version
        notice.save()
        audit(user, "notice.recheck", notice, rep.agency, before=before,
              after={"state": notice.state, "items": items, "version": version.number})


def create_notice(rep: Report, user, note: str = "") -> Notice:
    version = rep.current
    confirmed = list(version.findings.filter(state=Finding.State.CONFIRMED))
    if not confirmed:
        raise IngestError("没有已确认的问题，无需下发整改通知")
    notice = Notice.objects.create(report=rep, agency=rep.agency, version=version, note=note, created_by=user,
                                   items=[{"rule": f.rule, "message": f.message, "cells": f.cells,
                                           "severity": f.severity, "resolved": False} for f in confirmed])
    notice.findings.set(confirmed)
    audit(user, "notice.create", notice, rep.agency, after={"findings": [f.pk for f in confirmed], "note": note})
    return notice


def review_finding(finding: Finding, user, state: str, note: str) -> Finding:
    if state not in Finding.State.values:
        raise IngestError("审核状态无效")
    before = {"state": finding.state, "note": finding.note}
    finding.state = state
    finding.note = note[:2000]
    finding.reviewer = user
    finding.reviewed_at = timezone.now()
    finding.save(update_fields=["state", "note", "reviewer", "reviewed_at"])
    audit(user, "finding.review", finding, finding.agency, before=before, after={"state": state, "note": finding.note})
    return finding


# -- ingest: agency and year ------------------------------------------------------------------------

def _normal(name: str) -> str:
    return re.sub(r"[\s　·•（）()]", "", name or "")


def match_agency(name: str | None, scope) -> Agency | None:
    """The agency of `scope` (a queryset) whose name is `name` (ignoring spaces and brackets)."""
    if not name:
        return None
    target = _normal(name)
    exact = [a for a in scope.filter(name=name)]
    if len(exact) == 1:
        return exact[0]
    hits = [a for a in scope.only("id", "name", "path", "parent_id") if _normal(a.name) == target]
    return hits[0] if len(hits) == 1 else None


@dataclass
class IngestResult:
    name: str
    version: ReportVersion | None = None
    pending: PendingUpload | None = None
    error: str | None = None
    duplicate: bool = False
    notes: list[str] = field(default_factory=list)


def ingest_one(data: bytes, name: str, user, *, scope, agency: Agency | None = None, year: int | None = None,
               parent: Agency | None = None, create_missing: bool = False, can_upload=None) -> IngestResult:
    """Check one file and store it when agency and year are certain; else keep it pending.

    agency/year given by the user win over what the report says. `parent` + `create_missing`:
    an agency named in the report but not found is created under parent.
    """
    res = IngestResult(name)
    max_bytes = settings.GONGKAI_MAX_UPLOAD_BYTES
    if len(data) > max_bytes:
        res.error = f"文件过大（{len(data) // 1048576} MB），超过上限 {max_bytes // 1048576} MB"
        return res
    if not data:
        res.error = "文件为空"
        return res
    return _ingest_report(check_file(data, name), data, name, user, scope=scope, agency=agency, year=year,
                          parent=parent, create_missing=create_missing, can_upload=can_upload)


def _ingest_report(report: EngineReport, data: bytes, name: str, user, *, scope, agency=None, year=None,
                   parent=None, create_missing=False, can_upload=None) -> IngestResult:
    res = IngestResult(name)
    meta = report.meta
    year = year or (meta.get("year") if isinstance(meta.get("year"), int) else None)
    reason = ""
    if agency is None:
        agency = match_agency(meta.get("agency"), scope)
        if agency is None and meta.get("agency") and create_missing and parent is not None:
            agency, _ = Agency.objects.get_or_create(parent=parent, name=meta["agency"][:200])
            audit(user, "agency.create", agency, agency, after={"name": agency.name, "parent": parent.pk})
            res.notes.append(f"新建机关“{agency.name}”")
        if agency is None:
            reason = "报告中的机关名称未能对应到已有机关" if meta.get("agency") else "报告中未找到机关名称"
    if year is None:
        reason = (reason + "；" if reason else "") + "报告中未找到年度"
    if agency is not None and can_upload is not None and not can_upload(user, agency):
        res.error = "无权向该机关上传报告"
        return res
    sha = hashlib.sha256(data).hexdigest()
    if reason:
        res.pending = PendingUpload.objects.create(
            user=user, name=name[:255], data=data, sha256=sha, report=report.to_dict(),
            agency_guess=(meta.get("agency") or "")[:200], year_guess=year, reason=reason)
        return res
    existing = Report.objects.filter(agency=agency, year=year).select_related("current").first()
    if existing and existing.current and existing.current.sha256 == sha:
        res.version, res.duplicate = existing.current, True
        res.notes.append("与现行版本文件相同，未重复保存")
        return res
    other = ReportVersion.objects.filter(sha256=sha).exclude(report__agency=agency, report__year=year).select_related("report__agency").first()
    if other is not None:
        res.notes.append(f"同一文件已作为“{other.report.agency.name} {other.report.year}年”的报告保存过")
    if existing and existing.current:
        res.notes.append(f"已有 {year} 年报告，本次保存为新版本（替换现行版本，历史保留）")
    res.version = store_report(agency, report, data, name, user, year=year)
    return res


def confirm_pending(pending: PendingUpload, agency: Agency, year: int, user) -> ReportVersion:
    report = EngineReport.from_dict(pending.report)
    version = store_report(agency, report, bytes(pending.data), pending.name, user, year=year)
    pending.delete()
    return version


# -- zip --------------------------------------------------------------------------------------------

def expand_upload(data: bytes, name: str) -> list[tuple[bytes, str]]:
    """The files of an upload: a .zip is opened (bounded; unsafe or oversized archives refused)."""
    if not (data[:4] == b"PK\x03\x04" and name.lower().endswith(".zip")):
        return [(data, name)]
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise IngestError(f"{name}：不是有效的 zip 压缩包")
    infos = [i for i in zf.infolist() if not i.is_dir()]
    if len(infos) > ZIP_MAX_ENTRIES:
        raise IngestError(f"{name}：压缩包内文件过多（{len(infos)} 个，上限 {ZIP_MAX_ENTRIES} 个）")
    total = sum(i.file_size for i in infos)
    if total > ZIP_MAX_TOTAL:
        raise IngestError(f"{name}：压缩包解压后过大（{total // 1048576} MB，上限 {ZIP_MAX_TOTAL // 1048576} MB）")
    out, read = [], 0
    for info in infos:
        fname = info.filename.replace("\\", "/")
        parts = fname.split("/")
        if fname.startswith("/") or ".." in parts or re.match(r"^[A-Za-z]:", fname):
            raise IngestError(f"{name}：压缩包内含不安全的路径（{fname}），已拒绝")
        base = parts[-1]
        if base.startswith(".") or parts[0] == "__MACOSX" or not base.lower().endswith(REPORT_SUFFIXES):
            continue
        # Read no more than declared: a forged header cannot make us inflate past the bound.
        with zf.open(info) as fh:
            content = fh.read(info.file_size + 1)
        if len(content) > info.file_size:
            raise IngestError(f"{name}：压缩包内文件大小与声明不符（{fname}），已拒绝")
        read += len(content)
        if read > ZIP_MAX_TOTAL:
            raise IngestError(f"{name}：压缩包解压后过大")
        out.append((content, base))
    return out


# -- from the web -----------------------------------------------------------------------------------

def ingest_url(url: str, user, *, scope, fetch=None, **kw) -> list[IngestResult]:
    """Fetch the report(s) at url (gongkai.readers.web.fetch) and ingest each like an upload.

    The readers give Documents, not the fetched bytes: the stored source is the document's text
    (UTF-8), named after the URL; the report JSON keeps the original file's sha256 in `source`.
    """
    if not re.match(r"^https?://", url or "", re.I):
        return [IngestResult(url or "", error="网址须以 http:// 或 https:// 开头")]
    if fetch is None:
        from gongkai.readers.web import fetch
    from gongkai import pipeline
    results = []
    for doc in fetch(url):
        name = (doc.source.name or url)[:200]
        try:
            report = pipeline.check_document(doc)
        except Exception as exc:
            results.append(IngestResult(name, error=f"无法读取：{type(exc).__name__}"))
            continue
        report.source.setdefault("url", url)
        if not report.cells and doc.problems:
            results.append(IngestResult(name, error="；".join(p.message for p in doc.problems)[:300]))
            continue
        # report.text is the document's plain text, made once by the extractor
        results.append(_ingest_report(report, (report.text or "").encode("utf-8"), name + ".txt", user,
                                      scope=scope, **kw))
    return results
