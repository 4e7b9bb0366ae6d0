"""The annual report composed from the registers: counts, relations by construction, the publication
review (each step by a different person), and a round trip through the reading engine."""
from datetime import date, timedelta

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings, strategies as st

from gongkai import spec
from gongkai.web.desk import compose, lifecycle
from gongkai.web.desk.models import ActiveFigures, AnnualReport, Case, Request, new_tracking_code

pytestmark = pytest.mark.django_db
YEAR = 2025


def make_request(agency, received, applicant="natural_person", outcome="", closed_on=None, **kw):
    return Request.objects.create(
        agency=agency, code=new_tracking_code(), applicant_type=applicant, name="申请人", id_type="id_card",
        id_number=kw.pop("id_number", "X"), phone="1", description=kw.pop("description", "某信息"), form="paper",
        delivery="post", received=received, outcome=outcome, closed_on=closed_on, **kw)


def test_table2_counts_by_year_boundaries(agency):
    make_request(agency, date(2024, 12, 20))                                              # carried in and out
    make_request(agency, date(2024, 12, 28), "commercial", "granted", date(2025, 1, 6))   # carried in, closed
    make_request(agency, date(2024, 6, 1), "research", "partial", date(2024, 7, 1))       # before: nowhere
    make_request(agency, date(2025, 3, 3), "natural_person", "denied_process", date(2025, 3, 20))
    make_request(agency, date(2025, 12, 30), "legal_services")                            # new, carried out
    make_request(agency, date(2025, 12, 29), "other_org", "other_no_fee", date(2026, 2, 1))  # closed next year
    make_request(agency, date(2026, 1, 5), "public_interest")                             # next year: nowhere
    v = compose.table2(agency, YEAR)
    assert v["requests.carried_in.total"] == 2
    assert v["requests.carried_in.natural_person"] == 1 and v["requests.carried_in.commercial"] == 1
    assert v["requests.new.total"] == 3
    assert v["requests.granted.commercial"] == 1 and v["requests.denied_process.natural_person"] == 1
    assert v["requests.total.total"] == 2
    assert v["requests.carried_out.total"] == 3  # 2024-12-20, 2025-12-30, 2025-12-29 (closed 2026)
    assert compose.relation_problems(v) == []


def test_table3_and_table1(agency):
    Case.objects.create(agency=agency, kind="reconsideration", filed=date(2025, 2, 1), result="upheld",
                        concluded=date(2025, 4, 1))
    Case.objects.create(agency=agency, kind="reconsideration", filed=date(2025, 11, 1), result="corrected",
                        concluded=date(2026, 1, 10))  # concluded next year: pending at the end of 2025
    Case.objects.create(agency=agency, kind="suit_after", filed=date(2024, 5, 1), result="other",
                        concluded=date(2025, 2, 1))
    Case.objects.create(agency=agency, kind="suit_direct", filed=date(2023, 5, 1), result="upheld",
                        concluded=date(2024, 2, 1))  # concluded before the year: not counted
    v = compose.table3(agency, YEAR)
    assert v["review.reconsideration.upheld"] == 1 and v["review.reconsideration.pending"] == 1
    assert v["review.reconsideration.total"] == 2
    assert v["review.suit_after.other"] == 1 and v["review.suit_direct.total"] == 0
    assert compose.table1(agency, YEAR) == {}  # not entered: cells stay missing, never invented
    ActiveFigures.objects.create(agency=agency, year=2024, normative_in_force=40)
    f = ActiveFigures(agency=agency, year=YEAR, normative_issued=5, normative_repealed=2)
    assert f.carried_defaults()["normative_in_force"] == 43


def test_fee_paragraph_is_prefilled_from_recorded_fees(agency):
    assert "未收取" in compose.fee_paragraph(agency, YEAR)
    make_request(agency, date(2025, 3, 3), fee_notice=date(2025, 3, 5), fee_amount=100, fee_paid=date(2025, 3, 6))
    make_request(agency, date(2025, 4, 3), fee_notice=date(2025, 4, 5), fee_amount=280, fee_paid=date(2025, 4, 8))
    make_request(agency, date(2025, 5, 3), fee_notice=date(2025, 5, 5), fee_amount=999)  # unpaid: not collected
    assert compose.fee_paragraph(agency, YEAR).endswith("收取信息处理费2件，共计380元。")


def test_overview_length_warning():
    assert compose.overview_warning("短") is None
    assert "超过" in compose.overview_warning("字" * 1200)


# -- random years ------------------------------------------------------------------------------
OUTCOMES = list(lifecycle.OUTCOMES) + ["", ""]  # "" = still open
APPLICANTS = list(lifecycle.APPLICANT_TYPES)

request_rows = st.lists(st.tuples(
    st.integers(-500, 500),            # received: days from 1 January of YEAR
    st.sampled_from(APPLICANTS),
    st.sampled_from(OUTCOMES),
    st.integers(0, 120),               # days from receipt to closing
), max_size=60)
case_rows = st.lists(st.tuples(
    st.sampled_from(["reconsideration", "suit_direct", "suit_after"]),
    st.integers(-400, 360), st.sampled_from(["pending", "upheld", "corrected", "other"]), st.integers(0, 300)),
    max_size=12)


def _expected(rows):
    start, end = date(YEAR, 1, 1), date(YEAR, 12, 31)
    exp = {}
    def bump(row, col):
        exp[f"requests.{row}.{col}"] = exp.get(f"requests.{row}.{col}", 0) + 1
        exp[f"requests.{row}.total"] = exp.get(f"requests.{row}.total", 0) + 1
    for received, applicant, outcome, closed in rows:
        closed = closed if outcome else None
        if received < start and (closed is None or closed >= start):
            bump("carried_in", applicant)
        if start <= received <= end:
            bump("new", applicant)
        if closed and start <= closed <= end:
            bump(outcome, applicant)
            bump("total", applicant)
        if received <= end and (closed is None or closed > end):
            bump("carried_out", applicant)
    return exp


def _store(agency, reqs, cases):
    rows = []
    base = date(YEAR, 1, 1)
    for offset, applicant, outcome, lag in reqs:
        received = base + timedelta(days=offset)
        closed = received + timedelta(days=lag) if outcome else None
        rows.append((received, applicant, outcome, closed))
        make_request(agency, received, applicant, outcome, closed)
    for kind, offset, result, lag in cases:
        filed = base + timedelta(days=offset)
        Case.objects.create(agency=agency, kind=kind, filed=filed, result=result,
                            concluded=None if result == "pending" else filed + timedelta(days=lag))
    ActiveFigures.objects.create(agency=agency, year=YEAR, normative_issued=3, normative_in_force=30,
                                 licensing=12, penalty=4)
    return rows


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(reqs=request_rows, cases=case_rows)
def test_random_years_compose_to_consistent_tables(agency, reqs, cases):
    with transaction.atomic():
        rows = _store(agency, reqs, cases)
        values = compose.values_for(agency, YEAR)
        transaction.set_rollback(True)
    exp = _expected(rows)
    for cid in spec.cell_ids("2021", "requests"):
        assert values[cid] == exp.get(cid, 0), cid
    assert compose.relation_problems(values) == []
    for g in ("reconsideration", "suit_direct", "suit_after"):
        assert values[f"review.{g}.total"] == sum(values[f"review.{g}.{c}"] for c in
                                                  ("upheld", "corrected", "other", "pending"))


def _engine_reads(fmt):
    """Whether the reading engine in this tree reads the format (its reader may not exist yet)."""
    from gongkai import pipeline
    from gongkai.render import report_from_values
    from gongkai.web.desk.views import _render
    r = report_from_values({"title": "某局2025年政府信息公开工作年度报告", "agency": "某局", "year": 2025}, {},
                           {c: 0 for c in spec.cell_ids("2021")})
    try:
        out = pipeline.check_bytes(_render(r, fmt), f"r.{fmt}")
    except RuntimeError as e:  # e.g. no PDF renderer here
        return str(e)
    if "source.unreadable" in out.rules_found():
        return f"the engine has no {fmt} reader yet"
    return None


@pytest.mark.parametrize("fmt", ["html", "docx", "pdf"])
def test_composed_report_reads_back_the_same(agency, fmt):
    pytest.importorskip("gongkai.extract.engine")
    why = _engine_reads(fmt)
    if why:
        pytest.skip(why)
    from gongkai import pipeline
    from gongkai.web.desk.views import _render

    @settings(max_examples=3 if fmt == "pdf" else 6, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(reqs=request_rows, cases=case_rows)
    def roundtrip(reqs, cases):
        with transaction.atomic():
            _store(agency, reqs, cases)
            values = compose.values_for(agency, YEAR)
            sections = compose.default_sections(agency, YEAR, values)
            report = compose.build_report(agency, YEAR, sections, values, date(2026, 1, 20))
            transaction.set_rollback(True)
        report, _ = compose.run_checks(report)
        assert [f for f in report.findings if f.severity == "error"] == []
        back = pipeline.check_bytes(_render(report, fmt), f"report.{fmt}")
        for cid, v in values.items():
            assert back.number(cid) == v, (cid, back.cells.get(cid))
        assert [f.to_dict() for f in back.findings if f.severity == "error"] == []
    roundtrip()


# -- publication review --------------------------------------------------------------------------
def _client(user):
    c = Client()
    c.force_login(user)
    return c


def test_compose_review_approve_publish_by_four_people(agency, staff, make_user):
    make_request(agency, date(2025, 3, 3), "natural_person", "granted", date(2025, 3, 20))
    make_request(agency, date(2025, 12, 30), "commercial")
    ActiveFigures.objects.create(agency=agency, year=YEAR, normative_issued=3, normative_in_force=30)
    clerk = _client(staff["clerk"])
    r = clerk.post(reverse("desk:reports", args=[agency.pk]), {"year": YEAR})
    rep = AnnualReport.objects.get()
    assert r["Location"] == reverse("desk:report", args=[rep.pk])
    assert rep.values["requests.new.total"] == 2 and rep.drafted_by == staff["clerk"]
    assert rep.sections["other"].endswith("未收取政府信息公开信息处理费。")
    sections = {k: rep.sections.get(k, "") for k in spec.SECTIONS}
    sections["overview"] = "2025年，本局认真贯彻落实条例。"
    clerk.post(reverse("desk:report", args=[rep.pk]), sections)
    rep.refresh_from_db()
    assert rep.sections["overview"] == "2025年，本局认真贯彻落实条例。"
    page = clerk.get(reverse("desk:report", args=[rep.pk])).content.decode()
    assert "一、总体情况" in page

    step = lambda u, a: _client(u).post(reverse("desk:report_transition", args=[rep.pk, a]))  # noqa: E731
    step(staff["clerk"], "review")   # a clerk may not review
    rep.refresh_from_db()
    assert rep.state == "draft"
    drafter_and_approver = make_user("both", agency, "clerk", "approver")
    rep.drafted_by = drafter_and_approver
    rep.save()
    step(drafter_and_approver, "review")  # the drafter may not review their own report
    rep.refresh_from_db()
    assert rep.state == "draft"
    step(staff["approver"], "review")
    rep.refresh_from_db()
    assert rep.state == "reviewed" and rep.reviewed_by == staff["approver"]
    step(staff["approver"], "approve")  # the reviewer may not also approve
    rep.refresh_from_db()
    assert rep.state == "reviewed"
    step(staff["approver2"], "approve")
    rep.refresh_from_db()
    assert rep.state == "approved"
    # Sections are frozen once reviewed.
    _client(staff["clerk"]).post(reverse("desk:report", args=[rep.pk]), {**sections, "overview": "改"})
    rep.refresh_from_db()
    assert rep.sections["overview"] != "改"
    step(staff["admin"], "publish")
    rep.refresh_from_db()
    assert rep.state == "published" and rep.published_by == staff["admin"] and rep.published_on
    from gongkai.web.desk.models import AuditEntry
    assert {"report_compose", "report_edit", "report_review", "report_approve", "report_publish"} <= set(
        AuditEntry.objects.filter(object_type="AnnualReport").values_list("action", flat=True))
    try:
        from gongkai.web.oversight.models import Report as Stored
    except ImportError:
        pytest.skip("oversight app has no Report model yet")
    stored = Stored.objects.get(agency=agency, year=YEAR)
    assert stored.current is not None
    for fmt, magic in (("html", b"<!"), ("docx", b"PK")):
        r = _client(staff["clerk"]).get(reverse("desk:report_export", args=[rep.pk, fmt]))
        assert r.status_code == 200 and r.content[:2].upper() == magic.upper()


def test_publishing_is_blocked_by_an_error(agency, staff):
    rep = AnnualReport.objects.create(agency=agency, year=YEAR, drafted_by=staff["clerk"],
                                      values={"requests.new.total": 5, "requests.new.natural_person": 5},
                                      sections={"overview": "x"})
    _client(staff["approver"]).post(reverse("desk:report_transition", args=[rep.pk, "review"]))
    rep.refresh_from_db()
    assert rep.state == "draft"


def test_publishing_reports_a_store_failure(agency, staff, monkeypatch):
    from gongkai.web.desk import views
    ActiveFigures.objects.create(agency=agency, year=YEAR, normative_in_force=10)
    rep = AnnualReport.objects.create(agency=agency, year=YEAR, drafted_by=staff["clerk"], state="approved",
                                      reviewed_by=staff["approver"], approved_by=staff["approver2"],
                                      values=compose.values_for(agency, YEAR), sections={"overview": "x"})

    def refuse(*a, **kw):
        raise ValueError("存储失败")
    monkeypatch.setattr(views, "_store_report", lambda: refuse)
    r = _client(staff["admin"]).post(reverse("desk:report_transition", args=[rep.pk, "publish"]), follow=True)
    page = r.content.decode()
    assert "发布失败" in page, page[page.find("<main>"):page.find("<main>") + 1500]
    rep.refresh_from_db()
    assert rep.state == "approved" and rep.published_by is None
