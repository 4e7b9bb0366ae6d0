"""Intake, staff desk, roles, letters, reminders and audit, through the Django test client."""
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from gongkai.web.desk.models import AuditEntry, Request, ReminderSent
from .conftest import application

pytestmark = pytest.mark.django_db


def login(user):
    c = Client()
    c.force_login(user)
    return c


def test_public_application_gets_a_code_and_a_status_page(agency, client):
    r = client.post(reverse("desk:apply", args=[agency.pk]), application())
    assert r.status_code == 302
    req = Request.objects.get()
    assert r["Location"] == reverse("desk:status", args=[req.code])
    assert len(req.code) == 12 and req.channel == "online"
    page = client.get(r["Location"]).content.decode()
    assert req.code in page and "办理中" in page and "答复期限" in page
    assert req.id_number not in page and req.phone not in page  # no personal data beyond the description
    assert client.get(reverse("desk:status_lookup"), {"code": req.code.lower()}).status_code == 302
    assert client.get(reverse("desk:status_lookup"), {"code": "NOPE"}).status_code == 404


def test_application_requires_csrf(agency):
    c = Client(enforce_csrf_checks=True)
    assert c.post(reverse("desk:apply", args=[agency.pk]), application()).status_code == 403
    assert Request.objects.count() == 0


def test_application_validation_and_bounds(agency, client):
    r = client.post(reverse("desk:apply", args=[agency.pk]), application(description="x" * 5000))
    assert r.status_code == 200 and Request.objects.count() == 0
    r = client.post(reverse("desk:apply", args=[agency.pk]), application(delivery="email", email=""))
    assert "电子邮箱" in r.content.decode() and Request.objects.count() == 0
    r = client.post(reverse("desk:apply", args=[agency.pk]), application(applicant_type="commercial"))
    assert "联系人" in r.content.decode() and Request.objects.count() == 0
    r = client.post(reverse("desk:apply", args=[agency.pk]), application(website="spam"))
    assert Request.objects.count() == 0


def test_rate_limit(agency, client, settings):
    settings.DESK_INTAKE_PER_HOUR = 2
    from django.core.cache import cache
    cache.clear()
    codes = [client.post(reverse("desk:apply", args=[agency.pk]), application(description=f"第{i}个申请内容不同{i * 7}")).status_code
             for i in range(3)]
    assert codes == [302, 302, 429]
    assert Request.objects.count() == 2
    cache.clear()


def test_staff_records_a_letter_and_duplicates_are_flagged(agency, staff):
    c = login(staff["clerk"])
    url = reverse("desk:request_new", args=[agency.pk])
    r = c.post(url, {**application(), "channel": "post", "received": "2025-03-03"})
    first = Request.objects.get()
    assert r.status_code == 302 and first.received == date(2025, 3, 3) and first.channel == "post"
    c.post(url, {**application(description="请公开2025年某河流的水质监测报告"), "channel": "in_person",
                 "received": "2025-03-10"})
    second = Request.objects.exclude(pk=first.pk).get()
    assert second.duplicate_of_id == first.pk
    c.post(url, {**application(description="某路段噪声投诉处理结果"), "channel": "fax", "received": "2025-03-11"})
    assert Request.objects.get(description="某路段噪声投诉处理结果").duplicate_of_id is None
    future = (date.today() + timedelta(days=3)).isoformat()
    r = c.post(url, {**application(description="另一件事"), "channel": "fax", "received": future})
    assert r.status_code == 200 and not Request.objects.filter(description="另一件事").exists()


def test_roles_are_enforced(agency, staff, make_user, client):
    from gongkai.web.agencies.models import Agency
    other = Agency.objects.create(name="另一机关")
    outsider = make_user("outsider", other, "clerk")
    urls = [reverse("desk:dashboard", args=[agency.pk]), reverse("desk:request_new", args=[agency.pk]),
            reverse("desk:reports", args=[agency.pk]), reverse("desk:cases", args=[agency.pk])]
    for u in urls:
        assert login(outsider).get(u).status_code == 403
        assert client.get(u).status_code == 302  # anonymous: to the login page
        assert login(staff["clerk"]).get(u).status_code == 200
    # Templates and the audit log are for admins (and approvers for the log).
    assert login(staff["clerk"]).get(reverse("desk:templates", args=[agency.pk])).status_code == 403
    assert login(staff["admin"]).get(reverse("desk:templates", args=[agency.pk])).status_code == 200
    assert login(staff["clerk"]).get(reverse("desk:audit", args=[agency.pk])).status_code == 403


def _record(agency, clerk, received="2024-09-25", **over):
    c = login(clerk)
    c.post(reverse("desk:request_new", args=[agency.pk]),
           {**application(**over), "channel": "in_person", "received": received})
    return Request.objects.order_by("-id").first()


def test_processing_with_correction_consultation_extension_and_letter(agency, staff):
    req = _record(agency, staff["clerk"])
    clerk, approver = login(staff["clerk"]), login(staff["approver"])
    act = lambda c, a, **d: c.post(reverse("desk:request_act", args=[req.pk, a]), d)  # noqa: E731
    act(clerk, "correction", on="2024-09-27", deadline="2024-10-18", items="请明确监测断面")
    req.refresh_from_db()
    assert req.status == "awaiting_correction" and req.correction_items == "请明确监测断面"
    act(clerk, "supplement", on="2024-10-09")
    act(clerk, "consult", kind="third_party", party="某公司", on="2024-10-14")
    cons = req.consultations.get()
    act(clerk, "consult_end", consultation=cons.pk, on="2024-10-18")
    # A clerk cannot approve an extension; an approver can.
    r = act(clerk, "extend", days=20, on="2024-11-08")
    req.refresh_from_db()
    assert req.extension_days == 0
    act(approver, "extend", days=20, on="2024-11-08")
    req.refresh_from_db()
    assert req.extension_days == 20 and req.extension_approver == staff["approver"]
    assert req.clock().reply_due().due == date(2024, 12, 10)
    page = clerk.get(reverse("desk:request", args=[req.pk])).content.decode()
    assert "2024年12月10日" in page and "征求第三方意见期间" in page and "收到补正后的申请次日起算" in page
    r = act(clerk, "close", outcome="granted", on="2024-12-09")
    req.refresh_from_db()
    assert req.outcome == "granted" and req.closed_on == date(2024, 12, 9)
    r = clerk.get(reverse("desk:letter", args=[req.pk, "docx"]))
    assert r.status_code == 200
    import io, docx
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(r.content)).paragraphs)
    assert "张三" in text and "予以公开" in text and req.code in text
    actions = set(AuditEntry.objects.filter(object_id=str(req.pk)).values_list("action", flat=True))
    assert {"record", "correction", "supplement", "consult", "consult_end", "extend", "close"} <= actions
    e = AuditEntry.objects.filter(object_id=str(req.pk), action="close").get()
    assert e.before["outcome"] == "" and e.after["outcome"] == "granted" and e.user == staff["clerk"]


def test_a_refused_action_changes_nothing(agency, staff):
    req = _record(agency, staff["clerk"], received="2023-01-19")
    c = login(staff["clerk"])
    r = c.post(reverse("desk:request_act", args=[req.pk, "correction"]), {"on": "2023-02-03", "deadline": "2023-02-20"},
               follow=True)
    assert "7个工作日" in r.content.decode()
    req.refresh_from_db()
    assert req.correction_notice is None
    assert not AuditEntry.objects.filter(action="correction").exists()


def test_fee_per_item_counts_the_applicants_month(agency, staff):
    reqs = [_record(agency, staff["clerk"], received="2025-03-03", description=f"第{i}件完全不同的信息{i}号文{i * 13}")
            for i in range(11)]
    c = login(staff["clerk"])
    c.post(reverse("desk:request_act", args=[reqs[0].pk, "fee"]), {"method": "items", "on": "2025-03-04"})
    reqs[0].refresh_from_db()
    assert reqs[0].fee_notice is None  # the 1st of the month is free
    c.post(reverse("desk:request_act", args=[reqs[10].pk, "fee"]), {"method": "items", "on": "2025-03-04"})
    reqs[10].refresh_from_db()
    assert reqs[10].fee_amount == 100 and "第11件" in reqs[10].fee_basis


def test_reminders_are_sent_once(agency, staff, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    req = _record(agency, staff["clerk"], received="2026-09-15")  # due 2026-10-19
    call_command("desk_remind", today="2026-10-15")
    assert len(mail.outbox) == 1 and "即将到期" in mail.outbox[0].subject and req.code in mail.outbox[0].subject
    call_command("desk_remind", today="2026-10-15")
    assert len(mail.outbox) == 1
    call_command("desk_remind", today="2026-10-20")
    assert len(mail.outbox) == 2 and "已逾期" in mail.outbox[1].subject
    assert ReminderSent.objects.count() == 2
    call_command("desk_remind", today="2026-10-21")
    assert len(mail.outbox) == 2


def test_dashboard_lists_overdue(agency, staff):
    _record(agency, staff["clerk"], received="2024-01-02")
    page = login(staff["clerk"]).get(reverse("desk:dashboard", args=[agency.pk])).content.decode()
    assert "已逾期（1）" in page


def test_project_mounts_the_desk(settings):
    settings.ROOT_URLCONF = "gongkai.web.urls"
    from django.urls import clear_url_caches
    clear_url_caches()
    try:
        assert reverse("desk:status_lookup") == "/desk/status/"
    finally:
        clear_url_caches()


def test_admin_edited_override_feeds_the_clock(agency, staff):
    from gongkai.web.desk.models import WorkdayOverride, calendar
    req = _record(agency, staff["clerk"], received="2026-06-01")
    assert req.clock().reply_due(calendar()).due == date(2026, 6, 30)  # 端午 6月19日
    WorkdayOverride.objects.create(date=date(2026, 6, 2), is_workday=False, name="临时假日")
    assert req.clock().reply_due(calendar()).due == date(2026, 7, 1)
    page = login(staff["clerk"]).get(reverse("desk:request", args=[req.pk])).content.decode()
    assert "2026年7月1日" in page and "临时假日" in page


def test_case_register_and_active_figures(agency, staff):
    c = login(staff["clerk"])
    r = c.post(reverse("desk:cases", args=[agency.pk]), {"kind": "reconsideration", "number": "复〔2025〕1号",
                                                         "filed": "2025-02-01", "result": "upheld", "concluded": ""})
    assert "审结日期" in r.content.decode()  # a result without a conclusion date is refused
    c.post(reverse("desk:cases", args=[agency.pk]), {"kind": "reconsideration", "number": "复〔2025〕1号",
                                                     "filed": "2025-02-01", "result": "upheld", "concluded": "2025-04-01"})
    from gongkai.web.desk.models import ActiveFigures, Case
    assert Case.objects.get().result == "upheld"
    ActiveFigures.objects.create(agency=agency, year=2024, normative_in_force=40, regulations_in_force=3)
    page = c.get(reverse("desk:active", args=[agency.pk, 2025])).content.decode()
    assert "现行有效件数已按上年" in page
    fields = {f: 0 for f in ("regulations_issued", "regulations_repealed", "regulations_in_force", "normative_issued",
                             "normative_repealed", "licensing", "penalty", "coercion", "fees_amount")}
    c.post(reverse("desk:active", args=[agency.pk, 2025]), {**fields, "normative_issued": 5, "normative_in_force": 45})
    assert ActiveFigures.objects.get(year=2025).normative_in_force == 45
    assert AuditEntry.objects.filter(action__in=["case_add", "active_figures"]).count() == 2


def test_tracking_code_collision_draws_again(agency, monkeypatch):
    from gongkai.web.desk import models
    first = Request.create_with_code(agency=agency, received=date(2025, 3, 3), **application())
    draws = iter([first.code, first.code, "ZZZZZZZZZZZZ"])
    monkeypatch.setattr(models, "new_tracking_code", lambda: next(draws))
    second = Request.create_with_code(agency=agency, received=date(2025, 3, 3), **application())
    assert second.code == "ZZZZZZZZZZZZ" and Request.objects.count() == 2
    codes = {models.CODE_ALPHABET.index(ch) >= 0 for ch in first.code}
    assert codes == {True}


def test_reply_letter_pdf(agency, staff):
    req = _record(agency, staff["clerk"], received="2025-03-03")
    login(staff["clerk"]).post(reverse("desk:request_act", args=[req.pk, "close"]),
                               {"outcome": "unable_not_held", "on": "2025-03-20"})
    r = login(staff["clerk"]).get(reverse("desk:letter", args=[req.pk, "pdf"]))
    if r.status_code == 503:
        pytest.skip(r.content.decode())
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    import io
    import pdfplumber
    with pdfplumber.open(io.BytesIO(r.content)) as pdf:
        text = "".join(p.extract_text() or "" for p in pdf.pages)
    assert "不存在" in text.replace("\n", "") and req.code in text
