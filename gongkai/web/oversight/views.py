"""Oversight pages. Every view checks access through permissions.py (login is required everywhere)."""
from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST
from django.utils.http import content_disposition_header

from gongkai.spec import loader as spec
from gongkai.web.agencies.models import Agency

from . import analysis, exports, services
from . import permissions as perm
from .models import AuditEntry, ApiToken, Finding, Notice, PendingUpload, Report, ReportVersion
from .tables import label_of, layout


def _year_param(request, default=None):
    try:
        return int(request.GET.get("year") or default or 0) or None
    except ValueError:
        return None


def _root(request):
    """The jurisdiction chosen (?root=id), within the user's scope; default the first root."""
    roots = perm.roots(request.user)
    rid = request.GET.get("root")
    if rid:
        agency = get_object_or_404(Agency, pk=rid if str(rid).isdigit() else 0)
        perm.require(perm.can_view(request.user, agency))
        return agency, roots
    perm.require(bool(roots))
    return roots[0], roots


def _latest_year(root):
    y = (Report.objects.filter(agency__path__startswith=root.path, current__isnull=False)
         .order_by("-year").values_list("year", flat=True).first())
    return y or dt.date.today().year - 1


# -- reports -----------------------------------------------------------------------------------------

@login_required
def index(request):
    agencies = perm.viewable_agencies(request.user)
    qs = (Report.objects.filter(agency__in=agencies, current__isnull=False)
          .select_related("agency", "current").defer("current__source", "current__data").order_by("-year", "agency__path"))
    year = _year_param(request)
    if year:
        qs = qs.filter(year=year)
    q = (request.GET.get("q") or "").strip()
    if q:
        qs = qs.filter(agency__name__icontains=q)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    years = (Report.objects.filter(agency__in=agencies).order_by("-year").values_list("year", flat=True).distinct())
    pending = PendingUpload.objects.filter(user=request.user).order_by("-created_at") if request.user.is_authenticated else []
    return render(request, "oversight/index.html", {"page": page, "year": year, "years": list(years), "q": q,
                                                    "pending": pending, "reviewer": perm.is_reviewer_anywhere(request.user)})


def _version_for(request, report):
    n = request.GET.get("v")
    if n and n.isdigit():
        return get_object_or_404(ReportVersion.objects.defer("source"), report=report, number=int(n))
    return report.current


@login_required
def report_page(request, pk):
    report = get_object_or_404(Report.objects.select_related("agency", "current").defer("current__source"), pk=pk)
    perm.require(perm.can_view(request.user, report.agency))
    version = _version_for(request, report)
    if version is None:
        perm.require(False)
    findings = list(version.findings.select_related("reviewer").order_by("id"))
    flagged = {}
    for f in findings:
        if f.state != Finding.State.DISMISSED:
            for c in f.cells:
                flagged.setdefault(c, []).append(f.pk)
    data = version.data
    sections = [(spec.SECTIONS.get(k, k), v) for k, v in (data.get("sections") or {}).items() if v]
    return render(request, "oversight/report.html", {
        "report": report, "version": version, "versions": report.versions.order_by("-number").only("pk", "number", "uploaded_at", "report_id"),
        "tables": layout(data, flagged), "findings": findings, "meta": data.get("meta") or {},
        "sections": sections, "can_review": perm.can_review(request.user, report.agency),
        "notices": report.notices.order_by("-created_at"),
        "deadline": analysis.deadline(report.agency, report.year),
        "confirmed": sum(f.state == Finding.State.CONFIRMED for f in findings),
    })


def _text_of(data: bytes, media_type: str) -> str | None:
    if media_type.startswith(("application/pdf", "application/vnd", "application/msword", "image/", "application/zip",
                              "application/rtf", "application/ofd", "multipart/related")):
        return None
    if data[:4] in (b"%PDF", b"PK\x03\x04"):
        return None
    for enc in ("utf-8", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", "replace")


@login_required
def source_page(request, pk):
    version = get_object_or_404(ReportVersion.objects.select_related("report__agency"), pk=pk)
    perm.require(perm.can_view(request.user, version.report.agency))
    text = _text_of(bytes(version.source), version.media_type)
    return render(request, "oversight/source.html", {"version": version, "report": version.report, "text": text})


@login_required
def source_download(request, pk):
    version = get_object_or_404(ReportVersion.objects.select_related("report__agency"), pk=pk)
    perm.require(perm.can_view(request.user, version.report.agency))
    resp = HttpResponse(bytes(version.source), content_type="application/octet-stream")
    resp["Content-Disposition"] = content_disposition_header(True, version.name)
    resp["X-Content-Type-Options"] = "nosniff"
    return resp


@login_required
def report_json(request, pk):
    version = get_object_or_404(ReportVersion.objects.select_related("report__agency"), pk=pk)
    perm.require(perm.can_view(request.user, version.report.agency))
    return JsonResponse(version.data, json_dumps_params={"ensure_ascii": False})


# -- upload ------------------------------------------------------------------------------------------

@login_required
def upload(request):
    scope = perm.viewable_agencies(request.user)
    perm.require(scope.exists())
    reviewable = perm.reviewable_agencies(request.user)
    if request.method != "POST":
        return render(request, "oversight/upload.html", {"agencies": scope, "parents": reviewable})
    agency = parent = None
    if request.POST.get("agency"):
        agency = get_object_or_404(scope, pk=request.POST["agency"])
    if request.POST.get("parent"):
        parent = get_object_or_404(reviewable, pk=request.POST["parent"])
    year = request.POST.get("year")
    year = int(year) if year and year.isdigit() else None
    if agency is None and not perm.is_reviewer_anywhere(request.user) and scope.count() == 1:
        agency = scope.first()  # an agency user uploads for its own agency
    results = []
    from django.conf import settings
    limit = settings.GONGKAI_MAX_UPLOAD_BYTES
    for f in request.FILES.getlist("files"):
        if f.size > limit:
            results.append(services.IngestResult(f.name, error=f"文件过大，超过上限 {limit // 1048576} MB"))
            continue
        try:
            parts = services.expand_upload(f.read(), f.name)
        except services.IngestError as exc:
            results.append(services.IngestResult(f.name, error=str(exc)))
            continue
        for data, name in parts:
            results.append(services.ingest_one(data, name, request.user, scope=scope, agency=agency, year=year,
                                               parent=parent, create_missing=parent is not None,
                                               can_upload=perm.can_upload))
    for url in (request.POST.get("urls") or "").split()[:20]:
        results += services.ingest_url(url, request.user, scope=scope, agency=agency, year=year, parent=parent,
                                       create_missing=parent is not None, can_upload=perm.can_upload)
    if not results:
        messages.error(request, "请选择要上传的文件，或填写网址")
        return redirect("oversight:upload")
    return render(request, "oversight/upload_done.html", {"results": results})


@login_required
def pending_page(request, pk):
    pending = get_object_or_404(PendingUpload, pk=pk, user=request.user)
    scope = perm.viewable_agencies(request.user)
    reviewable = perm.reviewable_agencies(request.user)
    error = None
    if request.method == "POST":
        if "discard" in request.POST:
            pending.delete()
            messages.info(request, "已放弃该文件")
            return redirect("oversight:index")
        year = request.POST.get("year", "")
        agency = None
        if request.POST.get("agency"):
            agency = get_object_or_404(scope, pk=request.POST["agency"])
        elif request.POST.get("new_name", "").strip() and request.POST.get("parent"):
            parent = get_object_or_404(reviewable, pk=request.POST["parent"])
            agency, created = Agency.objects.get_or_create(parent=parent, name=request.POST["new_name"].strip()[:200])
            if created:
                services.audit(request.user, "agency.create", agency, agency, after={"name": agency.name, "parent": parent.pk})
        if agency is None:
            error = "请选择机关，或填写新机关名称并选择上级"
        elif not (year.isdigit() and 2000 <= int(year) <= 2100):
            error = "请填写正确的年度"
        elif not perm.can_upload(request.user, agency):
            perm.require(False)
        else:
            version = services.confirm_pending(pending, agency, int(year), request.user)
            messages.success(request, "已保存")
            return redirect("oversight:report", pk=version.report_id)
    return render(request, "oversight/pending.html", {"pending": pending, "agencies": scope, "parents": reviewable,
                                                      "error": error})


# -- review ------------------------------------------------------------------------------------------

@login_required
@require_POST
def review(request, pk):
    finding = get_object_or_404(Finding.objects.select_related("agency", "version__report"), pk=pk)
    perm.require(perm.can_review(request.user, finding.agency))
    state = request.POST.get("state", "")
    if state not in Finding.State.values:
        return HttpResponse("审核状态无效", status=400)
    services.review_finding(finding, request.user, state, request.POST.get("note", ""))
    if request.headers.get("HX-Request"):
        return render(request, "oversight/_finding.html", {"f": finding, "can_review": True})
    return redirect("oversight:report", pk=finding.version.report_id)


@login_required
@require_POST
def notice_create(request, pk):
    report = get_object_or_404(Report.objects.select_related("agency", "current"), pk=pk)
    perm.require(perm.can_review(request.user, report.agency))
    try:
        notice = services.create_notice(report, request.user, request.POST.get("note", "")[:2000])
    except services.IngestError as exc:
        messages.error(request, str(exc))
        return redirect("oversight:report", pk=pk)
    messages.success(request, "已生成整改通知")
    return redirect("oversight:notice", pk=notice.pk)


def _notice_for(request, pk):
    notice = get_object_or_404(Notice.objects.select_related("agency", "report", "version"), pk=pk)
    perm.require(perm.can_view(request.user, notice.agency))
    return notice


@login_required
def notices(request):
    qs = Notice.objects.filter(agency__in=perm.viewable_agencies(request.user)).select_related("agency", "report", "version")
    return render(request, "oversight/notices.html", {"notices": qs})


@login_required
def notice_page(request, pk):
    notice = _notice_for(request, pk)
    items = [{**it, "labels": [label_of(c) for c in it.get("cells") or []]} for it in notice.items]
    return render(request, "oversight/notice.html", {"notice": notice, "items": items})


@login_required
def notice_docx(request, pk):
    notice = _notice_for(request, pk)
    resp = HttpResponse(exports.notice_docx(notice),
                        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    resp["Content-Disposition"] = content_disposition_header(True, f"整改通知-{notice.agency.name}-{notice.report.year}.docx")
    return resp


@login_required
def notice_xlsx(request, pk):
    notice = _notice_for(request, pk)
    data = exports.findings_workbook(notice.findings.select_related("agency", "version", "reviewer"))
    resp = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    resp["Content-Disposition"] = content_disposition_header(True, f"问题清单-{notice.agency.name}-{notice.report.year}.xlsx")
    return resp


# -- compare and dashboard ---------------------------------------------------------------------------

@login_required
def compare_years(request, agency_id):
    agency = get_object_or_404(Agency, pk=agency_id)
    perm.require(perm.can_view(request.user, agency))
    ctx = analysis.agency_years(agency)
    ctx["agency"] = agency
    ctx["problems"] = [(y, ctx["problems"][y]) for y in ctx["years"]]
    return render(request, "oversight/compare_years.html", ctx)


KEY_CELLS = ("requests.new.total", "requests.carried_in.total", "requests.granted.total", "requests.partial.total",
             "requests.total.total", "requests.carried_out.total", "review.reconsideration.total",
             "review.reconsideration.corrected", "review.suit_direct.total", "review.suit_after.total")


@login_required
def compare_jurisdiction(request):
    root, roots = _root(request)
    year = _year_param(request) or _latest_year(root)
    side = analysis.jurisdiction_side_by_side(root, year, KEY_CELLS)
    rec = analysis.receipt(root, year)
    return render(request, "oversight/compare_jurisdiction.html",
                  {"root": root, "roots": roots, "year": year, "side": side, "receipt": rec,
                   "subtree": perm.viewable_agencies(request.user).filter(path__startswith=root.path)})


@login_required
def dashboard(request):
    root, roots = _root(request)
    year = _year_param(request) or _latest_year(root)
    return render(request, "oversight/dashboard.html", {"root": root, "roots": roots, "year": year,
                                                        "data": analysis.cached_dashboard(root, year)})


@login_required
def dashboard_data(request):
    root, _ = _root(request)
    year = _year_param(request) or _latest_year(root)
    return JsonResponse(analysis.cached_dashboard(root, year), json_dumps_params={"ensure_ascii": False})


# -- exports -----------------------------------------------------------------------------------------

def _export_scope(request):
    agencies = perm.viewable_agencies(request.user)
    if request.GET.get("root"):
        root, _ = _root(request)
        agencies = agencies.filter(path__startswith=root.path)
    return agencies, _year_param(request)


@login_required
def export_cells_csv(request):
    agencies, year = _export_scope(request)
    resp = StreamingHttpResponse(exports.cells_csv_stream(exports.cell_rows(agencies, year)), content_type="text/csv; charset=utf-8")
    resp["Content-Disposition"] = content_disposition_header(True, f"cells-{year or 'all'}.csv")
    return resp


@login_required
def export_cells_parquet(request):
    agencies, year = _export_scope(request)
    resp = HttpResponse(exports.cells_parquet(exports.cell_rows(agencies, year)), content_type="application/vnd.apache.parquet")
    resp["Content-Disposition"] = content_disposition_header(True, f"cells-{year or 'all'}.parquet")
    return resp


@login_required
def export_findings(request):
    agencies, year = _export_scope(request)
    qs = Finding.objects.filter(current=True, agency__in=agencies).select_related("agency", "version", "reviewer").order_by("agency__path", "year", "id")
    if year:
        qs = qs.filter(year=year)
    resp = HttpResponse(exports.findings_workbook(qs), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    resp["Content-Disposition"] = content_disposition_header(True, f"findings-{year or 'all'}.xlsx")
    return resp


@login_required
def exports_page(request):
    root, roots = _root(request)
    return render(request, "oversight/exports.html", {"root": root, "roots": roots, "year": _year_param(request)})


# -- audit and tokens --------------------------------------------------------------------------------

@login_required
def audit_log(request):
    perm.require(perm.is_reviewer_anywhere(request.user))
    qs = AuditEntry.objects.select_related("user", "agency")
    if not perm.is_admin(request.user):
        qs = qs.filter(agency__in=perm.reviewable_agencies(request.user))
    return render(request, "oversight/audit.html", {"page": Paginator(qs, 100).get_page(request.GET.get("page"))})


@login_required
def tokens(request):
    new_token = None
    if request.method == "POST":
        if "delete" in request.POST:
            ApiToken.objects.filter(user=request.user, pk=request.POST.get("delete")).delete()
        else:
            new_token = ApiToken.issue(request.user, request.POST.get("label", "")[:100])
    return render(request, "oversight/tokens.html", {"tokens": ApiToken.objects.filter(user=request.user), "new_token": new_token})
