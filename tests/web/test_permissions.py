"""Every page and API call enforces scope: agency users see their own agency, reviewers their subtree."""
import pytest

from gongkai.web.oversight.models import ApiToken, Finding, Report

from .conftest import BALANCE, contract


@pytest.fixture
def reports(tree, store):
    return {
        "a": store(tree["a"], contract("甲县人民政府", 2023, findings=[BALANCE])),
        "edu": store(tree["a_edu"], contract("甲县教育局", 2023, findings=[BALANCE])),
        "b": store(tree["b"], contract("乙县人民政府", 2023, findings=[BALANCE])),
    }


def _pages(v):
    return [f"/reports/{v.report_id}/", f"/versions/{v.pk}/source/", f"/versions/{v.pk}/download/",
            f"/versions/{v.pk}/report.json", f"/compare/agency/{v.report.agency_id}/",
            f"/api/reports/{v.report_id}"]


def test_anonymous_is_sent_to_login(reports, client):
    r = client.get(f"/reports/{reports['a'].report_id}/")
    assert r.status_code == 302 and "/accounts/login/" in r["Location"]
    assert client.get("/api/reports").status_code == 401


def test_agency_user_reads_only_own_agency(reports, users, login):
    c = login(users["edu_user"])
    for url in _pages(reports["edu"]):
        assert c.get(url).status_code == 200, url
    for other in (reports["a"], reports["b"]):  # parent and sibling county
        for url in _pages(other):
            assert c.get(url).status_code == 404, url
    listed = {r["agency"] for r in c.get("/api/reports").json()}
    assert listed == {"甲县教育局"}
    assert "乙县" not in c.get("/").content.decode()


def test_agency_user_cannot_review(reports, users, login):
    c = login(users["edu_user"])
    own = reports["edu"].findings.get()
    assert c.post(f"/findings/{own.pk}/review/", {"state": "dismissed"}).status_code == 404
    assert c.post(f"/reports/{reports['edu'].report_id}/notice/").status_code == 404
    own.refresh_from_db()
    assert own.state == "open"


def test_reviewer_acts_only_in_subtree(reports, users, login):
    c = login(users["a_reviewer"])
    inside = reports["edu"].findings.get()
    outside = reports["b"].findings.get()
    assert c.post(f"/findings/{inside.pk}/review/", {"state": "confirmed"}).status_code == 302
    assert c.post(f"/findings/{outside.pk}/review/", {"state": "confirmed"}).status_code == 404
    assert Finding.objects.get(pk=outside.pk).state == "open"
    for url in _pages(reports["b"]):
        assert c.get(url).status_code == 404, url
    assert c.get(f"/dashboard/?root={reports['b'].report.agency_id}").status_code == 404
    assert c.get(f"/compare/?root={reports['b'].report.agency_id}").status_code == 404
    ids = {r["id"] for r in c.get("/api/reports").json()}
    assert ids == {reports["a"].report_id, reports["edu"].report_id}


def test_city_reviewer_sees_whole_jurisdiction(reports, users, login):
    c = login(users["city_reviewer"])
    assert len(c.get("/api/reports").json()) == 3


def test_exports_scoped(reports, users, login):
    body = b"".join(login(users["edu_user"]).get("/exports/cells.csv").streaming_content).decode("utf-8-sig")
    assert "甲县教育局" in body and "乙县" not in body and "甲县人民政府" not in body


def test_api_token_scoped_and_upload_refused_outside(reports, users, client, upload_file):
    token = ApiToken.issue(users["b_user"])
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    assert client.get(f"/api/reports/{reports['a'].report_id}", **auth).status_code == 404
    assert client.get(f"/api/reports/{reports['b'].report_id}", **auth).status_code == 200
    r = client.post("/api/reports", {"file": upload_file(contract("甲县人民政府", 2024)),
                                     "agency": reports["a"].report.agency_id}, **auth)
    assert r.status_code == 403
    assert not Report.objects.filter(year=2024).exists()
    assert client.get("/api/reports", HTTP_AUTHORIZATION="Bearer wrong").status_code == 401


def test_document_text_is_escaped(tree, users, login, store):
    evil = '<script>alert(1)</script><a href="javascript:alert(2)">点我</a>'
    d = contract("甲县人民政府", 2023, sections={"overview": evil},
                 findings=[{**BALANCE, "message": evil, "evidence": evil}])
    d["cells"]["requests.new.total"] = {"value": None, "status": "ambiguous", "raw": evil, "at": None}
    v = store(tree["a"], d)
    c = login(users["a_reviewer"])
    for url in (f"/reports/{v.report_id}/", f"/versions/{v.pk}/source/"):
        html = c.get(url).content.decode()
        assert "<script>alert(1)" not in html and 'href="javascript:' not in html, url
        assert "&lt;script&gt;alert(1)" in html, url
    # a text file holding markup is shown as text, never as a page
    from gongkai.web.oversight import services, permissions as perm
    res = services.ingest_one(f"甲县人民政府2023年政府信息公开工作年度报告\n{evil}".encode(), "evil.txt",
                              users["admin"], scope=perm.viewable_agencies(users["admin"]), agency=tree["b"], year=2023)
    html = c.get(f"/versions/{res.version.pk}/source/").content.decode()  # a_reviewer: outside scope
    assert "alert" not in html
    assert c.get(f"/versions/{res.version.pk}/download/").status_code == 404
    html = login(users["admin"]).get(f"/versions/{res.version.pk}/source/").content.decode()
    assert "<script>alert(1)" not in html and "&lt;script&gt;" in html
    dl = c.get(f"/versions/{res.version.pk}/download/")
    assert dl["Content-Type"] == "application/octet-stream" and dl["X-Content-Type-Options"] == "nosniff"
