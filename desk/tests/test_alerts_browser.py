"""In Chromium, on a phone and a desktop: an expert sees the workbench's alert counts, opens the
alert settings and chooses SMS; neither page is wider than the screen."""

import datetime as dt
import os
from pathlib import Path

import pytest

from core.testing import screen_page
from core.testing import sign_in_page as sign_in
from desk.models import ServiceRequest, StaffAlertPreference

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("MIZ_SCREENSHOT_DIR", "/tmp/miz-desk-shots"))


@pytest.mark.parametrize("width", [1366, 360])
def test_an_expert_sees_alert_counts_and_chooses_sms(page, browser, expert, submit, width):
    SHOTS.mkdir(parents=True, exist_ok=True)
    submit()
    late = submit()
    ServiceRequest.objects.filter(pk=late.pk).update(due_date=dt.date.today() - dt.timedelta(days=3))
    me = screen_page(browser, page.base_url, width)
    sign_in(me, expert)
    me.goto(me.base_url + "/desk/queue/")
    assert me.locator("#alert-new .badge").inner_text() == "۲"
    assert me.locator("#alert-overdue .badge").inner_text() == "۱"
    assert me.evaluate("document.documentElement.scrollWidth") <= width
    me.screenshot(path=str(SHOTS / f"queue-alerts-{width}.png"), full_page=True)
    with me.expect_navigation():
        me.locator("#alert-settings-link").click()
    me.get_by_label("در سامانه و با پیامک").check()
    with me.expect_navigation():
        me.get_by_role("button", name="ذخیره").click()
    assert "تنظیم اعلان‌ها ذخیره شد" in me.content()
    assert me.get_by_label("در سامانه و با پیامک").is_checked()
    assert me.evaluate("document.documentElement.scrollWidth") <= width
    me.screenshot(path=str(SHOTS / f"alert-settings-{width}.png"), full_page=True)
    me.context.close()
    assert StaffAlertPreference.objects.get(user=expert).channels == "sms"
