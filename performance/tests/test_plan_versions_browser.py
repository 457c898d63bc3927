"""In Chromium, on a phone's width: an HQ planner starts a revision of the 1400 programme, changes
Tehran's plan and proposes it; another planner approves it; the annual report then compares with
the new edition, and the differences page lists the change."""

import re

import pytest

from core.testing import main_navigation, signed_in_page
from orgs.models import OrgUnit
from performance.services import set_value
from performance.tests import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WIDTH = 360


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= WIDTH


def test_a_revision_is_proposed_approved_and_used_by_the_report(browser, live_server, make_user):
    tehran = f.province("تهران")
    root = OrgUnit.objects.get(parent=None)
    licences = f.activity(code="P900", title="صدور پروانه کاربرد علامت استاندارد")
    year, version = f.year(1400), f.plan_version(1400, "1400-v2")
    set_value(activity=licences, org_unit=tehran, period=year, measure="plan", value=70, plan_version=version)
    set_value(activity=licences, org_unit=tehran, period=year, measure="actual", value=199)
    planner = make_user(role="hq_planner", scope={"org_unit": root}, first_name="سارا", last_name="امینی")
    approver = make_user(role="hq_planner", scope={"org_unit": root}, first_name="رضا", last_name="کریمی")

    page = signed_in_page(browser, live_server.url, planner, width=WIDTH)
    main_navigation(page).get_by_role("link", name="نسخه‌های برنامه").click()
    page.wait_for_url(re.compile(r"/performance/plans/$"))
    assert fits(page)
    page.fill("#id_title", "برنامه ۱۴۰۰، ویرایش سوم")
    page.get_by_role("button", name="ساختن پیش‌نویس").click()
    page.wait_for_url(re.compile(r"/performance/plans/1400-r2/$"))
    assert page.inner_text("#version-state") == "پیش‌نویس"
    page.fill("#id_activity", "P900")
    page.fill("#id_unit", tehran.code)
    page.fill("#id_value", "۹۰")
    page.get_by_role("button", name="ثبت برنامه").click()
    page.wait_for_selector("#plan-diff")
    row = page.locator("#plan-diff tbody tr").inner_text()
    assert "۷۰" in row and "۹۰" in row
    assert fits(page)
    page.get_by_role("button", name="ارسال برای تأیید").click()
    page.wait_for_function("document.querySelector('#version-state').innerText.includes('در انتظار تأیید')")
    assert page.get_by_role("button", name="تأیید و اجرا").count() == 0  # not by who proposed it
    page.context.close()

    page = signed_in_page(browser, live_server.url, approver, width=WIDTH)
    page.goto(live_server.url + "/performance/plans/1400-r2/")
    page.get_by_role("button", name="تأیید و اجرا").click()
    page.wait_for_function("document.querySelector('#version-state').innerText.includes('نسخه جاری')")
    assert fits(page)
    main_navigation(page).get_by_role("link", name="گزارش عملکرد سالانه").click()
    page.wait_for_url(re.compile(r"/performance/report/"))
    assert "مقایسه با «برنامه ۱۴۰۰، ویرایش سوم»" in page.content()
    assert page.locator("#r-version option:checked").inner_text() == "برنامه ۱۴۰۰، ویرایش سوم"
    page.goto(live_server.url + "/performance/plans/")
    page.get_by_role("link", name="نمایش تفاوت").click()
    page.wait_for_selector("#plan-diff")
    assert "۱ مقدار برنامه تفاوت دارد" in page.inner_text("#diff-count")
    assert fits(page)
    page.context.close()
