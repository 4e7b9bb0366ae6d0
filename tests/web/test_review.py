"""Review of findings (HTMX inline), rectification notices and their closing, audit log, downloads."""
import io

from docx import Document
from openpyxl import load_workbook

from gongkai.web.oversight.models import AuditEntry, Notice

from .conftest import BALANCE, LATE, contract


def test_confirm_and_dismiss_inline(tree, users, login, store):
    v = store(tree["a"], contract("甲县人民政府", 2023, findings=[BALANCE, LATE]))
    bal, late = v.findings.order_by("id")
    c = login(users["a_reviewer"])
    r = c.post(f"/findings/{bal.pk}/review/", {"state": "confirmed", "note": "核实无误"}, HTTP_HX_REQUEST="true")
    assert r.status_code == 200 and "已确认" in r.content.decode() and 'id="finding-' in r.content.decode()
    c.post(f"/findings/{late.pk}/review/", {"state": "dismissed", "note": "系统日期误读"})
    bal.refresh_from_db(), late.refresh_from_db()
    assert (bal.state, bal.note, bal.reviewer) == ("confirmed", "核实无误", users["a_reviewer"])
    assert late.state == "dismissed" and late.reviewed_at is not None
    entry = AuditEntry.objects.filter(action="finding.review", object_id=str(bal.pk)).get()
    assert entry.before["state"] == "open" and entry.after["state"] == "confirmed" and entry.user == users["a_reviewer"]


def test_invalid_state_refused(tree, users, login, store):
    v = store(tree["a"], contract("甲县人民政府", 2023, findings=[BALANCE]))
    f = v.findings.get()
    assert login(users["admin"]).post(f"/findings/{f.pk}/review/", {"state": "deleted"}).status_code == 400
    f.refresh_from_db()
    assert f.state == "open"


def _notice(c, report_id):
    return c.post(f"/reports/{report_id}/notice/", {"note": "请于15个工作日内更正"})


def test_notice_needs_confirmed_findings(tree, users, login, store):
    v = store(tree["a"], contract("甲县人民政府", 2023, findings=[BALANCE]))
    _notice(login(users["a_reviewer"]), v.report_id)
    assert not Notice.objects.exists()


def test_notice_gathers_confirmed_and_closes_on_corrected_version(tree, users, login, store):
    v1 = store(tree["a"], contract("甲县人民政府", 2023, findings=[BALANCE, LATE]))
    bal = v1.findings.get(rule="requests.balance")
    c = login(users["a_reviewer"])
    c.post(f"/findings/{bal.pk}/review/", {"state": "confirmed"})
    r = _notice(c, v1.report_id)
    notice = Notice.objects.get()
    assert r.status_code == 302 and notice.state == "open" and [i["rule"] for i in notice.items] == ["requests.balance"]
    page = c.get(f"/notices/{notice.pk}/").content.decode()
    assert "整改中" in page and BALANCE["message"] in page

    docx = Document(io.BytesIO(c.get(f"/notices/{notice.pk}/notice.docx").content))
    text = "\n".join(p.text for p in docx.paragraphs)
    assert "甲县人民政府" in text and BALANCE["message"] in text and "请于15个工作日内更正" in text
    wb = load_workbook(io.BytesIO(c.get(f"/notices/{notice.pk}/findings.xlsx").content))
    rows = list(wb.active.iter_rows(values_only=True))
    assert rows[1][3] == "requests.balance" and rows[1][7] == "已确认"

    # a re-published version still with the problem: the notice stays open
    store(tree["a"], contract("甲县人民政府", 2023, {"requests.new.total": 1}, findings=[BALANCE]), users["edu_user"])
    notice.refresh_from_db()
    assert notice.state == "open" and notice.items[0]["resolved"] is False
    # the corrected version: the problem is gone, the notice closes
    v3 = store(tree["a"], contract("甲县人民政府", 2023, {"requests.new.total": 2}, findings=[LATE]))
    notice.refresh_from_db()
    assert notice.state == "closed" and notice.closed_by_version == v3 and notice.items[0]["resolved"]
    assert AuditEntry.objects.filter(action="notice.recheck", object_id=str(notice.pk)).count() == 2


def test_report_page_draws_tables_with_flagged_cells(tree, users, login, store):
    v = store(tree["a"], contract("甲县人民政府", 2023, {"requests.new.natural_person": 5}, findings=[BALANCE]))
    html = login(users["a_reviewer"]).get(f"/reports/{v.report_id}/").content.decode()
    assert 'data-cell="requests.new.natural_person"' in html
    td = html.split('data-cell="requests.new.natural_person"')[0].rsplit("<td", 1)[1]
    assert "flagged" in td
    assert "三、本年度办理结果" in html and "行政复议" in html and "信息内容" in html
    assert BALANCE["message"] in html and "确认" in html


def test_audit_page_scoped(tree, users, login, store):
    v = store(tree["a"], contract("甲县人民政府", 2023, findings=[BALANCE]))
    login(users["a_reviewer"]).post(f"/findings/{v.findings.get().pk}/review/", {"state": "confirmed"})
    assert "finding.review" in login(users["a_reviewer"]).get("/audit/").content.decode()
    assert "finding.review" not in login(users["b_reviewer"]).get("/audit/").content.decode()
    assert login(users["edu_user"]).get("/audit/").status_code == 404
