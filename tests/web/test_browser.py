"""The oversight app in a real browser (Debian chromium via Playwright) against the live server:
upload and see findings in the drawn table, confirm and dismiss, a rectification notice, two years
compared, the dashboard's charts. Screenshots: test-artifacts/screenshots/web-*.png."""
import json

import pytest

from .conftest import BALANCE, LATE, contract

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

from tests.browser import SHOTS  # noqa: E402  (the browser fixture is in tests/conftest.py)


def login_page(browser, live_server, username):
    page = browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 1000}).new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "pw-" + username)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    return page


def test_upload_review_notice(browser, live_server, tree, users, tmp_path):
    from gongkai.web.oversight.models import Finding, Notice
    f = tmp_path / "jiaxian-2023.json"
    f.write_text(json.dumps(contract("甲县人民政府", 2023, {"requests.new.natural_person": 5}, [BALANCE, LATE]),
                            ensure_ascii=False), "utf-8")
    page = login_page(browser, live_server, "city_reviewer")
    page.goto(f"{live_server.url}/upload/")
    page.set_input_files("input[name=files]", str(f))
    page.click("#upload-submit")
    page.click("a.stored")
    page.wait_for_selector("td.flagged[data-cell='requests.new.natural_person']")
    page.click("td[data-cell='requests.new.natural_person']")
    assert "原文：5" in page.inner_text("#cellinfo")
    page.screenshot(path=str(SHOTS / "web-report.png"), full_page=True)

    bal = Finding.objects.get(rule="requests.balance")
    late = Finding.objects.get(rule="published.late")
    box = page.locator(f"#finding-{bal.pk}")
    box.locator("input[name=note]").fill("请核对自然人列")
    box.locator("button.confirm").click()
    page.wait_for_selector(f"#finding-{bal.pk}.state-confirmed")
    page.locator(f"#finding-{late.pk} button.dismiss").click()
    page.wait_for_selector(f"#finding-{late.pk}.state-dismissed")
    bal.refresh_from_db(), late.refresh_from_db()
    assert (bal.state, bal.note, late.state) == ("confirmed", "请核对自然人列", "dismissed")

    page.click("#make-notice")
    page.wait_for_selector("#notice-state")
    assert page.inner_text("#notice-state") == "整改中"
    assert BALANCE["message"] in page.content()
    assert Notice.objects.get().items[0]["rule"] == "requests.balance"
    page.screenshot(path=str(SHOTS / "web-notice.png"), full_page=True)


def test_compare_years_and_dashboard(browser, live_server, tree, users, store):
    store(tree["a"], contract("甲县人民政府", 2022, {"requests.new.total": 8, "requests.carried_out.total": 5,
                                                     "requests.total.total": 8, "requests.granted.total": 6}))
    store(tree["a"], contract("甲县人民政府", 2023, {"requests.new.total": 12, "requests.carried_in.total": 3,
                                                     "requests.total.total": 12, "requests.granted.total": 9,
                                                     "requests.denied_third_party.total": 3}, [BALANCE]))
    page = login_page(browser, live_server, "city_reviewer")
    page.goto(f"{live_server.url}/compare/agency/{tree['a'].pk}/")
    heads = page.locator("#years-table thead th").all_inner_texts()
    assert heads[1:] == ["2022", "2023"]
    assert "carryover.mismatch" in page.content()
    page.screenshot(path=str(SHOTS / "web-compare.png"), full_page=True)

    page.goto(f"{live_server.url}/dashboard/?root={tree['city'].pk}&year=2023")
    page.wait_for_selector("#c-outcomes canvas")
    assert page.locator(".chart canvas").count() >= 8
    page.screenshot(path=str(SHOTS / "web-dashboard.png"), full_page=True)
