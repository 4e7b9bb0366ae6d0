"""Fixtures for the oversight app: a jurisdiction tree, users in each role, contract-JSON reports."""
from __future__ import annotations

import json

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.report import SCHEMA
from gongkai.spec import loader as spec
from gongkai.web.agencies.models import Agency, Membership


@pytest.fixture(autouse=True)
def _oversight_urls(settings):
    settings.ROOT_URLCONF = "gongkai.web.urls"
    from django.core.cache import cache
    cache.clear()  # ids repeat across rolled-back tests; a cached dashboard must not leak between them


@pytest.fixture
def tree(db):
    """市 > (甲县 > 甲县教育局), (乙县)."""
    city = Agency.objects.create(name="示范市人民政府", kind=Agency.Kind.GOVERNMENT, level=Agency.Level.CITY)
    a = Agency.objects.create(name="甲县人民政府", parent=city, kind=Agency.Kind.GOVERNMENT)
    a_edu = Agency.objects.create(name="甲县教育局", parent=a, kind=Agency.Kind.DEPARTMENT)
    b = Agency.objects.create(name="乙县人民政府", parent=city, kind=Agency.Kind.GOVERNMENT)
    return {"city": city, "a": a, "a_edu": a_edu, "b": b}


def _user(name, agency=None, role=None, superuser=False):
    User = get_user_model()
    u = (User.objects.create_superuser if superuser else User.objects.create_user)(name, password="pw-" + name)
    if agency is not None:
        Membership.objects.create(user=u, agency=agency, role=role)
    return u


@pytest.fixture
def users(tree):
    R = Membership.Role
    return {
        "admin": _user("admin", superuser=True),
        "city_reviewer": _user("city_reviewer", tree["city"], R.REVIEWER),
        "a_reviewer": _user("a_reviewer", tree["a"], R.REVIEWER),
        "b_reviewer": _user("b_reviewer", tree["b"], R.REVIEWER),
        "edu_user": _user("edu_user", tree["a_edu"], R.AGENCY),
        "b_user": _user("b_user", tree["b"], R.AGENCY),
    }


@pytest.fixture
def login(client):
    def as_(user):
        client.force_login(user)
        return client
    return as_


def contract(agency: str | None, year: int | None, values: dict | None = None, findings: list | None = None,
             published: str | None = None, sections: dict | None = None, fmt: str = "2021") -> dict:
    """A checked report in the contract JSON: every cell blank unless given."""
    values = values or {}
    cells = {}
    for cid in spec.cell_ids(fmt):
        if cid in values:
            cells[cid] = {"value": values[cid], "status": "read", "raw": str(values[cid]), "at": {"line": 1}}
        else:
            cells[cid] = {"value": None, "status": "blank", "raw": "", "at": None}
    return {"schema": SCHEMA, "source": {"name": "x.json"},
            "meta": {"title": f"{agency}{year}年政府信息公开工作年度报告", "agency": agency, "year": year,
                     "format": fmt, "published": published, "period": None},
            "sections": sections or {"overview": "总体情况。"}, "cells": cells, "findings": findings or []}


def as_bytes(d: dict) -> bytes:
    return json.dumps(d, ensure_ascii=False).encode()


BALANCE = {"rule": "requests.balance", "severity": "error", "message": "自然人列：本年新收 5 + 上年结转 0 ≠ 办理结果总计 4 + 结转下年度 0",
           "cells": ["requests.new.natural_person", "requests.total.natural_person"]}
LATE = {"rule": "published.late", "severity": "warning", "message": "发布晚于法定期限", "cells": []}


@pytest.fixture
def upload_file():
    def make(d: dict, name="report.json"):
        return SimpleUploadedFile(name, as_bytes(d), content_type="application/json")
    return make


@pytest.fixture
def store(users):
    """store(agency, contract_dict) -> ReportVersion, through the service the desk uses."""
    from gongkai.report import Report as EngineReport
    from gongkai.web.oversight.services import store_report

    def put(agency, d, user=None):
        return store_report(agency, EngineReport.from_dict(d), as_bytes(d), f"{agency.name}-{d['meta']['year']}.json",
                            user or users["admin"])
    return put
