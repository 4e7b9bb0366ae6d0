"""The JSON API: list + filter, get one in the contract JSON, upload and get it back checked."""
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from gongkai.web.oversight.models import ApiToken, Report

from .conftest import BALANCE, contract

CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus" / "raw"


def test_list_filter_get(tree, users, login, store):
    store(tree["a"], contract("甲县人民政府", 2023, findings=[BALANCE]))
    store(tree["a_edu"], contract("甲县教育局", 2023))
    store(tree["b"], contract("乙县人民政府", 2022))
    c = login(users["admin"])
    assert len(c.get("/api/reports").json()) == 3
    assert {r["agency"] for r in c.get("/api/reports?year=2023").json()} == {"甲县人民政府", "甲县教育局"}
    assert [r["agency"] for r in c.get(f"/api/reports?jurisdiction={tree['b'].pk}").json()] == ["乙县人民政府"]
    errs = c.get("/api/reports?has_errors=true").json()
    assert [r["agency"] for r in errs] == ["甲县人民政府"] and errs[0]["errors"] == 1
    one = c.get(f"/api/reports/{errs[0]['id']}").json()
    assert one["report"]["schema"] == "gongkai.report/1" and one["report"]["meta"]["year"] == 2023
    assert one["findings"][0]["rule"] == "requests.balance" and one["findings"][0]["state"] == "open"
    assert c.get("/api/reports/99999").status_code == 404
    assert c.get("/api/openapi.json").status_code == 200


def test_upload_real_report_with_token(tree, users):
    token = ApiToken.issue(users["city_reviewer"])
    c = Client()
    data = (CORPUS / "006_pingtan-2021.txt").read_bytes()
    r = c.post("/api/reports", {"file": SimpleUploadedFile("pingtan.txt", data), "agency": tree["b"].pk},
               HTTP_AUTHORIZATION=f"Bearer {token}")
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["stored"] and body["report"]["meta"]["year"] == 2021
    assert any(c["status"] == "read" for c in body["report"]["cells"].values())
    rep = Report.objects.get(pk=body["id"])
    assert rep.agency == tree["b"] and rep.current.sha256 == body["report"]["source"]["sha256"]


def test_upload_unknown_agency_is_pending(tree, users):
    token = ApiToken.issue(users["admin"])
    r = Client().post("/api/reports", {"file": SimpleUploadedFile("x.json", __import__("json").dumps(contract("无名机关", 2023)).encode())},
                      HTTP_AUTHORIZATION=f"Bearer {token}")
    assert r.status_code == 202 and r.json()["stored"] is False


def test_session_post_needs_csrf(tree, users):
    c = Client(enforce_csrf_checks=True)
    c.force_login(users["admin"])
    r = c.post("/api/reports", {"file": SimpleUploadedFile("x.json", b"{}")})
    assert r.status_code == 403
    assert not Report.objects.exists()
