"""In Chromium: role navigation after signing in, and the Jalali date picker in the admin.

The RTL shell and the Vazirmatn font are checked in accounts/tests/test_browser.py.
"""

import datetime as dt

import pytest

from accounts.models import Role
from core.models import Holiday
from core.testing import sign_in_page as sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ADMIN_LINK = "پیکربندی (مدیریت)"


@pytest.fixture
def administrator(make_user):
    # Like the demo administrator: the role, staff and superuser.
    return make_user(role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True, first_name="امیر")


def test_signed_in_administrator_gets_the_role_navigation(page, administrator):
    sign_in(page, administrator)
    assert page.url == page.base_url + "/"
    nav = page.get_by_role("navigation", name="فهرست اصلی")
    assert nav.get_by_role("link", name=ADMIN_LINK).is_visible()
    card = page.locator("article", has=page.locator("#role-administrator"))
    assert "نقش شما" in card.inner_text()
    assert page.locator("article .badge").count() == 1

    nav.get_by_role("link", name=ADMIN_LINK).click()
    page.wait_for_url(page.base_url + "/admin/")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert "Vazirmatn" in page.evaluate("getComputedStyle(document.body).fontFamily")


def test_auditor_sees_no_admin_link(page, make_user):
    user = make_user(role=Role.AUDITOR)
    sign_in(page, user)
    nav = page.get_by_role("navigation", name="فهرست اصلی")
    assert nav.get_by_role("link", name="خانه").is_visible()
    assert nav.get_by_role("link", name=ADMIN_LINK).count() == 0
    assert "نقش شما" in page.locator("article", has=page.locator("#role-auditor")).inner_text()


def test_holiday_admin_picks_a_jalali_date_and_stores_it_gregorian(page, administrator):
    sign_in(page, administrator)
    page.goto(page.base_url + "/admin/core/holiday/add/")
    date_input = page.locator("#id_date")
    assert date_input.get_attribute("data-jalali-picker") is not None
    assert page.locator(".vDateField, .datetimeshortcuts").count() == 0  # no Gregorian calendar

    # The browser's own check agrees with the server on the shape of a date.
    mismatch = "(e, v) => { e.value = v; return e.validity.patternMismatch; }"
    assert date_input.evaluate(mismatch, "امروز")
    assert date_input.evaluate(mismatch, "14040901")
    assert not date_input.evaluate(mismatch, "١٤٠٤-٩-١")
    assert not date_input.evaluate(mismatch, " ۱۴۰۴ / ۰۹ / ۰۱ ")

    date_input.fill("۱۴۰۴/۰۹/۰۱")
    page.locator("[data-jalali-toggle]").click()
    popup = page.get_by_role("dialog", name="انتخاب تاریخ")
    assert "آذر ۱۴۰۴" in popup.inner_text()
    # Weeks start on Saturday: 1 Azar 1404 (2025-11-22) is a Saturday, 1 Dey (2025-12-22) a Monday.
    first_week = popup.locator("tbody tr").first.locator("td")
    assert first_week.nth(0).inner_text() == "۱"
    assert popup.locator("button.day").count() == 30
    popup.get_by_role("button", name="ماه بعد").click()
    assert "دی ۱۴۰۴" in popup.inner_text()
    assert [first_week.nth(i).inner_text() for i in range(3)] == ["", "", "۱"]
    popup.get_by_role("button", name="ماه پیش").click()
    popup.get_by_role("button", name="۳ آذر ۱۴۰۴", exact=True).click()
    assert date_input.input_value() == "۱۴۰۴/۰۹/۰۳"
    assert page.locator(".jalali-popup").count() == 0

    toggle = page.locator("[data-jalali-toggle]")
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    page.keyboard.press("Escape")
    assert page.locator(".jalali-popup").count() == 0
    assert toggle.get_attribute("aria-expanded") == "false"

    page.fill("#id_title", "شهادت حضرت فاطمه زهرا")
    with page.expect_navigation():
        page.locator("input[name=_save]").click()
    holiday = Holiday.objects.get()
    assert holiday.date == dt.date(2025, 11, 24)
    assert "۱۴۰۴/۰۹/۰۳" in page.locator("#result_list").inner_text()


def test_the_policy_is_enforced_and_a_breach_is_seen(page):
    """Chromium applies the Content-Security-Policy, and the `page` fixture sees what it blocks
    (so every browser test fails on a page that needs inline script or style)."""
    page.goto(page.base_url + "/")
    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.inlineRan = true";
            document.body.appendChild(script);
        }"""
    )
    assert page.evaluate("window.inlineRan === undefined")
    page.wait_for_timeout(200)
    assert any("Content Security Policy" in text for text in page.csp_blocked)
    page.csp_blocked.clear()  # the breach was this test's own


def test_the_api_docs_run_under_the_policy(page):
    page.goto(page.base_url + "/api/docs")
    page.get_by_text("/api/desk/track").first.wait_for()
    assert page.locator(".swagger-ui .info .title").inner_text().startswith("Miz API")
    # The operation opens: Swagger UI's own script and style work from the vendored copy.
    page.get_by_text("/api/desk/track").first.click()
    page.get_by_role("button", name="Try it out").wait_for()
