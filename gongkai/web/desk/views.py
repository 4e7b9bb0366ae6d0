"""Desk views: the public application and status page, the staff desk, registers and the report composer.
Every staff view checks the user's role for the agency (permissions.require)."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai import spec
from gongkai.workdays import CalendarMissing, workdays_between

from . import audit, compose, letters, lifecycle
from .forms import (ActiveFiguresForm, ApplicationForm, CaseForm, ComposeForm, ReplyTemplateForm,
                    StaffRequestForm)
from .models import (ActiveFigures, AnnualReport, AuditEntry, Case, Consultation, ReplyTemplate, Request,
                     calendar)
from .permissions import ADMIN, APPROVER, CLERK, STAFF, agency_or_404, desk_agencies, require

DUE_SOON_WORKDAYS = 3


def today() -> date:
    return timezone.localdate()


# ---------------------------------------------------------------- public
def _client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


def _rate_limited(request) -> bool:
    """At most DESK_INTAKE_PER_HOUR submissions per client address and hour (cache counter)."""
    limit = getattr(settings, "DESK_INTAKE_PER_HOUR", 20)
    key = f"desk-intake:{_client_ip(request)}:{timezone.now():%Y%m%d%H}"
    cache.add(key, 0, 3600)
    try:
        n = cache.incr(key)
    except ValueError:
        cache.set(key, 1, 3600)
        n = 1
    return n > limit


def apply(request, agency_id: int):
    agency = agency_or_404(agency_id)
    if request.method == "POST":
        if _rate_limited(request):
            return render(request, "desk/apply.html", {"agency": agency, "form": ApplicationForm(request.POST),
                                                       "error": "提交过于频繁，请稍后再试"}, status=429)
        form = ApplicationForm(request.POST)
        if form.is_valid():
            fields = {k: v for k, v in form.cleaned_data.items() if k != "website"}
            # 互联网渠道: the date of receipt is the day both parties confirm; the submission is
            # confirmed automatically by the tracking code, on the day it is made.
            req = Request.create_with_code(agency=agency, channel=Request.Channel.ONLINE, received=today(),
                                           **fields)
            dup = req.find_duplicate()
            if dup:
                Request.objects.filter(pk=req.pk).update(duplicate_of=dup)
            audit.record(None, agency, "submit", req)
            return redirect("desk:status", code=req.code)
    else:
        form = ApplicationForm()
    return render(request, "desk/apply.html", {"agency": agency, "form": form})


def status_lookup(request):
    code = "".join((request.GET.get("code") or "").split()).upper()[:16]
    if code:
        if Request.objects.filter(code=code).exists():
            return redirect("desk:status", code=code)
        return render(request, "desk/status_lookup.html", {"error": "未找到该查询码对应的申请"}, status=404)
    return render(request, "desk/status_lookup.html", {})


def status(request, code: str):
    req = get_object_or_404(Request.objects.select_related("agency"), code=code[:16])
    due, due_error = None, None
    try:
        due = req.clock().due_date(calendar())
    except CalendarMissing as e:
        due_error = str(e)
    return render(request, "desk/status.html", {"req": req, "due": due, "due_error": due_error})


# ---------------------------------------------------------------- staff
@login_required
def home(request):
    agencies = list(desk_agencies(request.user))
    if len(agencies) == 1:
        return redirect("desk:dashboard", agency_id=agencies[0].pk)
    return render(request, "desk/home.html", {"agencies": agencies})


def _due_info(req, cal, now: date) -> dict:
    info = {"req": req, "due": None, "explain": "", "error": None, "overdue": False, "soon": False}
    try:
        clock = req.clock()
        info["due"] = clock.due_date(cal)
        d = clock.current_due(cal)
        info["explain"] = d.explain() if d else ""
    except CalendarMissing as e:
        info["error"] = str(e)
        return info
    if info["due"]:
        info["overdue"] = now > info["due"]
        info["soon"] = not info["overdue"] and workdays_between(now, info["due"], cal) <= DUE_SOON_WORKDAYS
    return info


def open_requests_with_due(agency, now: date | None = None) -> list[dict]:
    now = now or today()
    cal = calendar()
    reqs = (Request.objects.filter(agency=agency, outcome="").select_related("extension_approver")
            .prefetch_related("consultations").order_by("received", "id"))
    return [_due_info(r, cal, now) for r in reqs]


@login_required
def dashboard(request, agency_id: int):
    agency = agency_or_404(agency_id)
    roles = require(request.user, agency, STAFF)
    rows = open_requests_with_due(agency)
    closed = Request.objects.filter(agency=agency).exclude(outcome="").order_by("-closed_on", "-id")[:20]
    return render(request, "desk/dashboard.html", {
        "agency": agency, "roles": roles, "rows": rows, "closed": closed,
        "overdue": [r for r in rows if r["overdue"]], "soon": [r for r in rows if r["soon"]]})


@login_required
def request_new(request, agency_id: int):
    agency = agency_or_404(agency_id)
    require(request.user, agency, (CLERK, ADMIN))
    form = StaffRequestForm(request.POST or None, initial={"received": today()})
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "website"}
        req = Request.create_with_code(agency=agency, recorded_by=request.user, **fields)
        dup = req.find_duplicate()
        if dup:
            req.duplicate_of = dup
            req.save(update_fields=["duplicate_of"])
            messages.warning(request, f"疑似重复申请：与 {dup.code}（{dup.received}）内容相似，请核实")
        audit.record(request.user, agency, "record", req)
        return redirect("desk:request", pk=req.pk)
    return render(request, "desk/form.html", {"agency": agency, "form": form, "title": "登记政府信息公开申请"})


def _request_for(request, pk: int, allowed=STAFF):
    req = get_object_or_404(Request.objects.select_related("agency", "extension_approver"), pk=pk)
    roles = require(request.user, req.agency, allowed)
    return req, roles


@login_required
def request_detail(request, pk: int):
    req, roles = _request_for(request, pk)
    cal = calendar()
    clock = req.clock()
    deadlines = []
    try:
        if not req.outcome and not req.correction_notice:
            deadlines.append(("补正通知期限", clock.correction_notice_due(cal)))
        reply = clock.reply_due(cal)
        if reply:
            deadlines.append(("答复期限", reply))
        for c in clock.consultations:
            deadlines.append((f"{c.reason}答复期限（{c.party}）", clock.consultation_due(c, cal)))
        fee = clock.fee_payment_due(cal)
        if fee:
            deadlines.append(("缴费期限", fee))
        due_error = None
    except CalendarMissing as e:
        due_error = str(e)
    entries = AuditEntry.objects.filter(object_type="Request", object_id=str(req.pk)).select_related("user")[:50]
    return render(request, "desk/request_detail.html", {
        "req": req, "agency": req.agency, "roles": roles, "deadlines": deadlines, "due_error": due_error,
        "outcomes": lifecycle.OUTCOMES.items(), "consultations": req.consultations.all(), "entries": entries,
        "is_approver": bool(roles & {APPROVER, ADMIN}), "today": today()})


def _date(value: str | None, label: str) -> date:
    try:
        return date.fromisoformat((value or "").strip())
    except ValueError:
        raise lifecycle.LifecycleError(f"请填写有效的{label}") from None


def _nth_in_month(req) -> int:
    """This application's place among the applicant's applications to the agency in its calendar month."""
    same = Request.objects.filter(agency=req.agency, id_number=req.id_number, received__year=req.received.year,
                                  received__month=req.received.month)
    return same.filter(received__lt=req.received).count() + same.filter(received=req.received, pk__lte=req.pk).count()


@login_required
@require_POST
def request_act(request, pk: int, action: str):
    req, roles = _request_for(request, pk, (CLERK, APPROVER, ADMIN))
    P = request.POST
    before = audit.snapshot(req)
    cal = calendar()
    try:
        with transaction.atomic():
            req = Request.objects.select_for_update().get(pk=req.pk)
            clock = req.clock()
            if action == "correction":
                clock.notify_correction(_date(P.get("on"), "通知日期"), _date(P.get("deadline"), "补正期限"), cal)
                req.correction_items = (P.get("items") or "")[:2000]
            elif action == "supplement":
                clock.supplement(_date(P.get("on"), "补正日期"))
            elif action == "consult":
                kind = P.get("kind", "")
                clock.start_consultation(kind, _date(P.get("on"), "征求意见日期"))
                Consultation.objects.create(request=req, kind=kind, party=(P.get("party") or "")[:200],
                                            sent=_date(P.get("on"), "征求意见日期"))
            elif action == "consult_end":
                c = get_object_or_404(Consultation, pk=P.get("consultation"), request=req)
                on = _date(P.get("on"), "答复日期")
                pure = next(x for x in clock.consultations if x.sent == c.sent and x.answered is None)
                clock.end_consultation(pure, on)
                c.answered = on
                c.save()
            elif action == "extend":
                if not roles & {APPROVER, ADMIN}:
                    raise lifecycle.LifecycleError("延长答复期限须由审批人员批准")
                try:
                    days = int(P.get("days") or 0)
                except ValueError:
                    raise lifecycle.LifecycleError("请填写延长的工作日数") from None
                clock.extend(days, _date(P.get("on"), "延长决定日期"),
                             request.user.get_full_name() or request.user.username, cal)
                req.extension_approver = request.user
            elif action == "fee":
                method = P.get("method")
                if method == "items":
                    nth = _nth_in_month(req)
                    amount = lifecycle.fee_per_item(nth)
                    req.fee_basis = lifecycle.fee_explain_items(nth)
                elif method == "pages":
                    try:
                        pages = int(P.get("pages") or "")
                    except ValueError:
                        raise lifecycle.LifecycleError("请填写页数") from None
                    amount = lifecycle.fee_pages(pages)
                    req.fee_basis = lifecycle.fee_explain_pages(pages)
                else:
                    raise lifecycle.LifecycleError("请选择计费方式")
                if amount <= 0:
                    raise lifecycle.LifecycleError(f"{req.fee_basis}：未达到收费标准，不收费")
                clock.notify_fee(_date(P.get("on"), "收费通知日期"), Decimal(amount))
                req.fee_method = method
            elif action == "fee_paid":
                clock.pay_fee(_date(P.get("on"), "缴费日期"), cal)
            elif action == "close":
                clock.close(P.get("outcome", ""), _date(P.get("on"), "办结日期"), cal)
                req.reply_note = (P.get("note") or "")[:4000]
                req.replied_by = request.user
            else:
                raise Http404("未知操作")
            req.apply_clock(clock)
            req.save()
    except lifecycle.LifecycleError as e:
        messages.error(request, str(e))
    except CalendarMissing as e:
        messages.error(request, str(e))
    else:
        audit.record(request.user, req.agency, action, req, before=before)
        messages.success(request, "已保存")
    return redirect("desk:request", pk=pk)


@login_required
def request_letter(request, pk: int, fmt: str):
    req, _ = _request_for(request, pk)
    if not req.outcome:
        raise Http404("申请尚未办结")
    title, body = letters.letter_text(req)
    name = f"告知书-{req.code}"
    if fmt == "docx":
        resp = HttpResponse(letters.letter_docx(title, body), content_type=(
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"))
    elif fmt == "pdf":
        try:
            data = letters.letter_pdf(title, body)
        except RuntimeError as e:
            return HttpResponse(str(e), status=503, content_type="text/plain; charset=utf-8")
        resp = HttpResponse(data, content_type="application/pdf")
    elif fmt == "html":
        return HttpResponse(letters.letter_html(title, body))
    else:
        raise Http404()
    resp["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(name)}.{fmt}"
    return resp


def _quote(s: str) -> str:
    from urllib.parse import quote
    return quote(s)


# ---------------------------------------------------------------- registers
@login_required
def cases(request, agency_id: int):
    agency = agency_or_404(agency_id)
    roles = require(request.user, agency, STAFF)
    form = CaseForm(request.POST or None)
    if request.method == "POST":
        require(request.user, agency, (CLERK, ADMIN))
        if form.is_valid():
            case = form.save(commit=False)
            case.agency = agency
            case.save()
            audit.record(request.user, agency, "case_add", case)
            return redirect("desk:cases", agency_id=agency.pk)
    return render(request, "desk/cases.html", {"agency": agency, "roles": roles, "form": form,
                                               "cases": Case.objects.filter(agency=agency)})


@login_required
def case_edit(request, pk: int):
    case = get_object_or_404(Case, pk=pk)
    require(request.user, case.agency, (CLERK, ADMIN))
    before = audit.snapshot(case)
    form = CaseForm(request.POST or None, instance=case)
    if request.method == "POST" and form.is_valid():
        form.save()
        audit.record(request.user, case.agency, "case_edit", case, before=before)
        return redirect("desk:cases", agency_id=case.agency_id)
    return render(request, "desk/form.html", {"agency": case.agency, "form": form, "title": "编辑复议诉讼案件"})


@login_required
def active_figures(request, agency_id: int, year: int):
    agency = agency_or_404(agency_id)
    require(request.user, agency, (CLERK, ADMIN))
    obj = ActiveFigures.objects.filter(agency=agency, year=year).first()
    before = audit.snapshot(obj)
    if obj is None:
        obj = ActiveFigures(agency=agency, year=year)
    initial = obj.carried_defaults() if obj.pk is None else {}
    form = ActiveFiguresForm(request.POST or None, instance=obj, initial=initial)
    if request.method == "POST" and form.is_valid():
        form.save()
        audit.record(request.user, agency, "active_figures", obj, before=before)
        messages.success(request, "已保存")
        return redirect("desk:reports", agency_id=agency.pk)
    return render(request, "desk/form.html", {
        "agency": agency, "form": form, "title": f"{year}年主动公开情况（表一）",
        "note": "现行有效件数已按上年现行有效件数+本年制发-本年废止预填，请核对" if initial else ""})


@login_required
def reply_templates(request, agency_id: int):
    agency = agency_or_404(agency_id)
    require(request.user, agency, (ADMIN,))
    letters.ensure_templates()
    return render(request, "desk/templates_list.html", {"agency": agency, "templates": ReplyTemplate.objects.all()})


@login_required
def reply_template_edit(request, agency_id: int, pk: int):
    agency = agency_or_404(agency_id)
    require(request.user, agency, (ADMIN,))
    t = get_object_or_404(ReplyTemplate, pk=pk)
    before = audit.snapshot(t)
    form = ReplyTemplateForm(request.POST or None, instance=t)
    if request.method == "POST" and form.is_valid():
        form.save()
        audit.record(request.user, agency, "template_edit", t, before=before)
        return redirect("desk:templates", agency_id=agency.pk)
    return render(request, "desk/form.html", {"agency": agency, "form": form, "title": t.title,
                                              "note": "可用变量：request（申请）、agency、received、today、outcome_label"})


@login_required
def audit_log(request, agency_id: int):
    agency = agency_or_404(agency_id)
    require(request.user, agency, (ADMIN, APPROVER))
    return render(request, "desk/audit.html", {
        "agency": agency, "entries": AuditEntry.objects.filter(agency=agency).select_related("user")[:500]})


# ---------------------------------------------------------------- annual report
@login_required
def reports(request, agency_id: int):
    agency = agency_or_404(agency_id)
    roles = require(request.user, agency, STAFF)
    form = ComposeForm(request.POST or None, initial={"year": today().year - 1})
    if request.method == "POST":
        require(request.user, agency, (CLERK, ADMIN))
        if form.is_valid():
            year = form.cleaned_data["year"]
            rep, created = AnnualReport.objects.get_or_create(
                agency=agency, year=year, defaults={"drafted_by": request.user})
            if created:
                rep.values = compose.values_for(agency, year)
                rep.sections = compose.default_sections(agency, year, rep.values)
                rep.save()
                audit.record(request.user, agency, "report_compose", rep)
            return redirect("desk:report", pk=rep.pk)
    return render(request, "desk/reports.html", {
        "agency": agency, "roles": roles, "form": form,
        "reports": AnnualReport.objects.filter(agency=agency).order_by("-year")})


def _report_for(request, pk: int, allowed=STAFF):
    rep = get_object_or_404(AnnualReport.objects.select_related("agency"), pk=pk)
    return rep, require(request.user, rep.agency, allowed)


def checked_report(rep: AnnualReport):
    """The composed Report with every check run; (report, problems blocking publication, notes)."""
    report = compose.build_report(rep.agency, rep.year, rep.sections, rep.values, rep.published_on)
    report, engine_missing = compose.run_checks(report)
    blocking = compose.relation_problems(rep.values)
    blocking += [f"{f.rule}：{f.message}" for f in report.findings if f.severity == "error"]
    notes = [engine_missing] if engine_missing else []
    w = compose.overview_warning(rep.sections.get("overview", ""))
    if w:
        notes.append(w)
    return report, blocking, notes


@login_required
def report_detail(request, pk: int):
    rep, roles = _report_for(request, pk)
    if request.method == "POST":
        require(request.user, rep.agency, (CLERK, ADMIN))
        if rep.state != "draft":
            messages.error(request, "只有草稿可以修改")
            return redirect("desk:report", pk=pk)
        before = audit.snapshot(rep)
        if "refresh" in request.POST:
            rep.values = compose.values_for(rep.agency, rep.year)
        else:
            rep.sections = {k: (request.POST.get(k) or "")[:20000] for k in spec.SECTIONS}
        rep.save()
        audit.record(request.user, rep.agency, "report_edit", rep, before=before)
        messages.success(request, "已保存")
        return redirect("desk:report", pk=pk)
    report, blocking, notes = checked_report(rep)
    rep.findings = [f.to_dict() for f in report.findings]
    AnnualReport.objects.filter(pk=rep.pk).update(findings=rep.findings)
    try:
        from gongkai.render import render_html
        tables_html = render_html(report, standalone=False)
    except ImportError:
        tables_html = None
    sections = [(k, label, rep.sections.get(k, ""), compose.GUIDANCE[k]) for k, label in spec.SECTIONS.items()]
    return render(request, "desk/report_detail.html", {
        "rep": rep, "agency": rep.agency, "roles": roles, "sections": sections, "tables_html": tables_html,
        "findings": report.findings, "blocking": blocking, "notes": notes, "values": rep.values})


TRANSITIONS = {  # action: (from state, to state, roles allowed, user field)
    "review": ("draft", "reviewed", (APPROVER, ADMIN), "reviewed_by"),
    "approve": ("reviewed", "approved", (APPROVER, ADMIN), "approved_by"),
    "publish": ("approved", "published", (ADMIN,), "published_by"),
    "reject": (None, "draft", (APPROVER, ADMIN), None),
}


@login_required
@require_POST
def report_transition(request, pk: int, action: str):
    if action not in TRANSITIONS:
        raise Http404()
    src, dst, allowed, field = TRANSITIONS[action]
    rep, _ = _report_for(request, pk, allowed)
    before = audit.snapshot(rep)
    if action == "reject":
        if rep.state not in ("reviewed", "approved"):
            messages.error(request, "只有已审核或已批准的报告可以退回")
            return redirect("desk:report", pk=pk)
        rep.state, rep.reviewed_by, rep.approved_by = "draft", None, None
        rep.save()
        audit.record(request.user, rep.agency, "report_reject", rep, before=before)
        return redirect("desk:report", pk=pk)
    if rep.state != src:
        messages.error(request, f"报告当前状态为“{rep.get_state_display()}”，不能执行此操作")
        return redirect("desk:report", pk=pk)
    earlier = [u for u in (rep.drafted_by_id, rep.reviewed_by_id, rep.approved_by_id) if u]
    if request.user.pk in earlier:
        messages.error(request, "起草、审核、批准、发布须由不同人员完成：您已参与本报告的前一环节")
        return redirect("desk:report", pk=pk)
    if action == "publish":
        rep.published_on = today()
    report, blocking, _ = checked_report(rep)
    if blocking:
        messages.error(request, "检查发现错误，不能继续：" + "；".join(blocking[:5]))
        return redirect("desk:report", pk=pk)
    if action == "publish":
        try:
            store = _store_report()
            data = _render(report, "html")
            store(rep.agency, report, data, f"{report.meta['title']}.html", user=request.user)
        except RuntimeError as e:
            messages.error(request, str(e))
            return redirect("desk:report", pk=pk)
        except ValueError as e:  # the oversight store refused it (its IngestError is one): say why, stay approved
            messages.error(request, f"发布失败：监督平台未能保存报告（{e}）")
            return redirect("desk:report", pk=pk)
    setattr(rep, field, request.user)
    rep.state = dst
    rep.findings = [f.to_dict() for f in report.findings]
    rep.save()
    audit.record(request.user, rep.agency, f"report_{action}", rep, before=before)
    messages.success(request, {"review": "已审核", "approve": "已批准", "publish": "已发布"}[action])
    return redirect("desk:report", pk=pk)


def _store_report():
    try:
        from gongkai.web.oversight.services import store_report
    except ImportError as e:
        raise RuntimeError(f"无法发布：监督平台的存储服务不可用（{e}）") from e
    return store_report


def _render(report, fmt: str) -> bytes:
    try:
        import gongkai.render as render_engine
    except ImportError as e:
        raise RuntimeError(f"渲染引擎不可用：{e}") from e
    if fmt == "html":
        return render_engine.render_html(report, standalone=True).encode("utf-8")
    if fmt == "docx":
        return render_engine.render_docx(report)
    if fmt == "pdf":
        from gongkai.render.pdf import render_pdf
        return render_pdf(report)
    raise ValueError(fmt)


CONTENT_TYPES = {"html": "text/html; charset=utf-8", "pdf": "application/pdf",
                 "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


@login_required
def report_export(request, pk: int, fmt: str):
    rep, _ = _report_for(request, pk)
    if fmt not in CONTENT_TYPES:
        raise Http404()
    report = compose.build_report(rep.agency, rep.year, rep.sections, rep.values, rep.published_on)
    try:
        data = _render(report, fmt)
    except RuntimeError as e:
        return HttpResponse(str(e), status=503, content_type="text/plain; charset=utf-8")
    resp = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    if fmt != "html":
        resp["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(report.meta['title'])}.{fmt}"
    return resp


def bad_request(msg: str):
    return HttpResponseBadRequest(msg)
