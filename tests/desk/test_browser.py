"""The desk in a real browser (Debian chromium via Playwright) against the live server: a public
application, processing to a reply with 补正 and an extension, and a year's report composed,
reviewed, approved and published by four different people. Screenshots: test-artifacts/screenshots/."""
from datetime import date

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

from tests.browser import SHOTS  # noqa: E402  (the browser fixture is in tests/conftest.py)


def page_as(browser, live_server, user=None):
    """A browser page, logged in as ``user`` by handing it a session made with the test client."""
    ctx = browser.new_context(locale="zh-CN", viewport={"width": 1200, "height": 1000})
    if user is not None:
        from django.test import Client
        c = Client()
        c.force_login(user)
        ctx.add_cookies([{"name": "sessionid", "value": c.cookies["sessionid"].value, "url": live_server.url}])
    return ctx.new_page()


def test_public_submits_a_request(browser, live_server, agency):
    from gongkai.web.desk.models import Request
    page = page_as(browser, live_server)
    page.goto(f"{live_server.url}/desk/apply/{agency.pk}/")
    page.select_option("#id_applicant_type", "natural_person")
    page.fill("#id_name", "李四")
    page.select_option("#id_id_type", "id_card")
    page.fill("#id_id_number", "110101198001010011")
    page.fill("#id_phone", "13900000000")
    page.fill("#id_email", "lisi@example.org")
    page.fill("#id_description", "请公开本市2025年空气质量监测月报")
    page.select_option("#id_form", "electronic")
    page.select_option("#id_delivery", "email")
    page.click("#submit")
    page.wait_for_selector("#code")
    code = page.inner_text("#code")
    req = Request.objects.get()
    assert code == req.code and req.name == "李四"
    assert "办理中" in page.inner_text("#status")
    assert page.inner_text("#due").endswith("日")
    page.screenshot(path=str(SHOTS / "desk-public-status.png"), full_page=True)
    # The lookup finds it by code.
    page.goto(f"{live_server.url}/desk/status/")
    page.fill("input[name=code]", code.lower())
    page.click("form button")
    page.wait_for_selector("#code")
    assert page.inner_text("#code") == code


def test_process_to_a_reply_with_correction_and_extension(browser, live_server, agency, staff):
    from gongkai.web.desk.models import Request
    clerk = page_as(browser, live_server, staff["clerk"])
    clerk.goto(f"{live_server.url}/desk/a/{agency.pk}/requests/new/")
    clerk.select_option("#id_channel", "post")
    clerk.fill("#id_received", "2024-09-25")
    clerk.select_option("#id_applicant_type", "commercial")
    clerk.fill("#id_name", "某科技有限公司")
    clerk.fill("#id_contact_person", "王五")
    clerk.select_option("#id_id_type", "credit_code")
    clerk.fill("#id_id_number", "91110000000000000X")
    clerk.fill("#id_phone", "01000000000")
    clerk.fill("#id_address", "某市某区某路2号")
    clerk.fill("#id_description", "请公开某项目环境影响评价批复文件")
    clerk.select_option("#id_form", "paper")
    clerk.select_option("#id_delivery", "post")
    clerk.click("#save")
    clerk.wait_for_selector("#f-correction")
    req = Request.objects.get()
    clerk.fill("#f-correction input[name=on]", "2024-09-27")
    clerk.fill("#f-correction input[name=deadline]", "2024-10-18")
    clerk.fill("#f-correction textarea[name=items]", "请写明项目名称和批复年份")
    clerk.click("#f-correction button")
    clerk.wait_for_selector("#f-supplement")
    assert "待申请人补正" in clerk.inner_text("#status")
    clerk.fill("#f-supplement input[name=on]", "2024-10-09")
    clerk.click("#f-supplement button")
    clerk.wait_for_selector("#f-close")
    assert "2024年11月5日" in clerk.inner_text("#deadlines")
    assert not clerk.query_selector("#f-extend")  # a clerk does not approve extensions

    approver = page_as(browser, live_server, staff["approver"])
    approver.goto(f"{live_server.url}/desk/r/{req.pk}/")
    approver.fill("#f-extend input[name=days]", "20")
    approver.fill("#f-extend input[name=on]", "2024-11-01")
    approver.click("#f-extend button")
    approver.wait_for_selector(".msg")
    req.refresh_from_db()
    assert req.extension_days == 20 and req.extension_approver == staff["approver"]
    deadlines = approver.inner_text("#deadlines")
    assert "2024年12月3日" in deadlines and "延长答复期限20个工作日" in deadlines
    approver.screenshot(path=str(SHOTS / "desk-request-deadlines.png"), full_page=True)

    clerk.goto(f"{live_server.url}/desk/r/{req.pk}/")
    clerk.select_option("#f-close select[name=outcome]", "partial")
    clerk.fill("#f-close input[name=on]", "2024-12-02")
    clerk.fill("#f-close textarea[name=note]", "批复附件中涉及商业秘密的内容不予公开")
    clerk.click("#f-close button")
    clerk.wait_for_selector("#outcome")
    req.refresh_from_db()
    assert req.outcome == "partial" and req.closed_on == date(2024, 12, 2)
    with clerk.expect_download() as dl:
        clerk.click("text=告知书 DOCX")
    import docx
    text = "\n".join(p.text for p in docx.Document(dl.value.path()).paragraphs)
    assert "部分公开" in text and "商业秘密" in text


def test_compose_review_approve_publish(browser, live_server, agency, staff):
    from gongkai.web.desk.models import ActiveFigures, AnnualReport
    from .test_compose import make_request
    make_request(agency, date(2024, 12, 20))
    make_request(agency, date(2025, 3, 3), "natural_person", "granted", date(2025, 3, 20))
    make_request(agency, date(2025, 5, 6), "research", "unable_not_held", date(2025, 5, 30))
    make_request(agency, date(2025, 12, 29), "legal_services")
    ActiveFigures.objects.create(agency=agency, year=2025, normative_issued=4, normative_repealed=1,
                                 normative_in_force=37, licensing=120, penalty=15, coercion=2)

    clerk = page_as(browser, live_server, staff["clerk"])
    clerk.goto(f"{live_server.url}/desk/a/{agency.pk}/reports/")
    clerk.fill("#f-compose input[name=year]", "2025")
    clerk.click("#f-compose button")
    clerk.wait_for_selector("#f-sections")
    clerk.fill("textarea[name=overview]", "2025年，本局认真贯彻落实《中华人民共和国政府信息公开条例》，依法做好政府信息公开工作。")
    clerk.fill("textarea[name=problems]", "依申请公开答复规范性有待提高，下一步将加强培训。")
    clerk.click("#save-sections")
    clerk.wait_for_selector("#state")
    rep = AnnualReport.objects.get()
    assert rep.values["requests.carried_in.total"] == 1 and rep.values["requests.new.total"] == 3
    assert "表格勾稽关系和检查均通过" in clerk.inner_text("#checks")

    for user, button, state in ((staff["approver"], "#do-review", "已审核"),
                                (staff["approver2"], "#do-approve", "已批准"),
                                (staff["admin"], "#do-publish", "已发布")):
        p = page_as(browser, live_server, user)
        p.goto(f"{live_server.url}/desk/report/{rep.pk}/")
        p.click(button)
        p.wait_for_selector("#state")
        assert p.inner_text("#state") == state, p.inner_text("main")[:500]
    p.screenshot(path=str(SHOTS / "desk-report-published.png"), full_page=True)
    rep.refresh_from_db()
    assert (rep.drafted_by, rep.reviewed_by, rep.approved_by, rep.published_by) == (
        staff["clerk"], staff["approver"], staff["approver2"], staff["admin"])
    from gongkai.web.oversight.models import Report as Stored
    assert Stored.objects.filter(agency=agency, year=2025).exists()
