"""The JSON API (django-ninja), OpenAPI docs at /api/docs.

Auth: the browser session (with CSRF on unsafe methods) or `Authorization: Bearer <token>`
(a per-user ApiToken). Access is decided by gongkai.web.oversight.permissions, as for the pages.
"""
from __future__ import annotations

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import File, Form, NinjaAPI, Schema
from ninja.errors import HttpError
from ninja.files import UploadedFile
from ninja.security import HttpBearer, django_auth

from gongkai.web.agencies.models import Agency
from gongkai.web.oversight import permissions as perm, services
from gongkai.web.oversight.models import ApiToken, Report


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        row = ApiToken.objects.select_related("user").filter(digest=ApiToken.digest_of(token)).first()
        if row is None or not row.user.is_active:
            return None
        request.user = row.user
        return row.user


api = NinjaAPI(title="gongkai 政务公开年报接口", version="1", auth=[TokenAuth(), django_auth],
               urls_namespace="api")


class ReportOut(Schema):
    id: int
    agency_id: int
    agency: str
    year: int
    version: int
    sha256: str
    title: str
    published: str | None
    errors: int
    warnings: int


def _out(r: Report) -> dict:
    v = r.current
    return {"id": r.pk, "agency_id": r.agency_id, "agency": r.agency.name, "year": r.year, "version": v.number,
            "sha256": v.sha256, "title": v.title, "published": v.published.isoformat() if v.published else None,
            "errors": v.errors, "warnings": v.warnings}


@api.get("/reports", response=list[ReportOut], summary="列出年度报告（可按机关、辖区、年度、是否有错误筛选）")
def list_reports(request, year: int | None = None, agency: int | None = None, jurisdiction: int | None = None,
                 has_errors: bool | None = None, limit: int = 100, offset: int = 0):
    qs = (Report.objects.filter(agency__in=perm.viewable_agencies(request.user), current__isnull=False)
          .select_related("agency", "current").defer("current__source", "current__data")
          .order_by("-year", "agency__path", "id"))
    if year:
        qs = qs.filter(year=year)
    if agency:
        qs = qs.filter(agency_id=agency)
    if jurisdiction:
        root = get_object_or_404(Agency, pk=jurisdiction)
        qs = qs.filter(agency__path__startswith=root.path)
    if has_errors is not None:
        qs = qs.filter(current__errors__gt=0) if has_errors else qs.filter(current__errors=0)
    limit = max(1, min(limit, 1000))
    return [_out(r) for r in qs[offset:offset + limit]]


@api.get("/reports/{report_id}", summary="一份报告的现行版本（报告数据 JSON，见 CONTRACT.md）")
def get_report(request, report_id: int, version: int | None = None):
    r = get_object_or_404(Report.objects.select_related("agency", "current"), pk=report_id)
    if not perm.can_view(request.user, r.agency):
        raise Http404("无权访问或不存在")
    v = r.versions.filter(number=version).first() if version else r.current
    if v is None:
        raise Http404("无此版本")
    return {"id": r.pk, "agency_id": r.agency_id, "year": r.year, "version": v.number, "report": v.data,
            "findings": [{"id": f.pk, "rule": f.rule, "severity": f.severity, "message": f.message, "cells": f.cells,
                          "state": f.state, "note": f.note} for f in v.findings.order_by("id")]}


@api.post("/reports", summary="上传一份报告并返回检查结果")
def upload_report(request, file: File[UploadedFile], agency: Form[int | None] = None, year: Form[int | None] = None):
    if file.size > settings.GONGKAI_MAX_UPLOAD_BYTES:
        raise HttpError(413, "文件过大")
    scope = perm.viewable_agencies(request.user)
    target = None
    if agency is not None:
        target = Agency.objects.filter(pk=agency).first()
        if target is None or not perm.can_upload(request.user, target):
            raise HttpError(403, "无权向该机关上传报告")
    elif not perm.is_reviewer_anywhere(request.user) and scope.count() == 1:
        target = scope.first()
    res = services.ingest_one(file.read(), file.name or "upload", request.user, scope=scope, agency=target,
                              year=year, can_upload=perm.can_upload)
    if res.error:
        raise HttpError(403 if "无权" in res.error else 400, res.error)
    if res.pending is not None:
        return api.create_response(request, {"stored": False, "reason": res.pending.reason,
                                             "pending": res.pending.pk, "report": res.pending.report}, status=202)
    v = res.version
    return api.create_response(request, {"stored": True, "id": v.report_id, "version": v.number,
                                         "duplicate": res.duplicate, "notes": res.notes, "report": v.data}, status=201)
