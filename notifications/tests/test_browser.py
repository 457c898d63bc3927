"""In Chromium, on a phone and a desktop: an administrator edits an SMS text, is refused an unknown
variable in Persian, previews the message with its SMS parts, saves it and restores the default."""

import os
from pathlib import Path

import pytest

from accounts.models import Role
from core.testing import screen_page
from core.testing import sign_in_page as sign_in
from core.text import ltr_code
from notifications.models import NotificationTemplate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("MIZ_SCREENSHOT_DIR", "/tmp/miz-template-shots"))


@pytest.mark.parametrize("width", [360, 1366])
def test_an_administrator_edits_previews_and_restores_an_sms_text(browser, live_server, make_user, width):
    SHOTS.mkdir(parents=True, exist_ok=True)
    admin = make_user(role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
    page = screen_page(browser, live_server.url, width)
    sign_in(page, admin)

    def fits():
        if width < 768:
            assert page.evaluate("document.documentElement.scrollWidth") <= width

    page.goto(page.base_url + "/admin/notifications/notificationtemplate/")
    fits()
    page.screenshot(path=str(SHOTS / f"template-list-{width}.png"), full_page=True)
    page.get_by_role("link", name="تصمیم درباره درخواست (به متقاضی)").click()
    assert "{decision}" in page.locator("#variables").inner_text()
    assert "بخش پیامک" in page.locator("#sms-length").inner_text()

    page.fill("#id_sms_body", "درخواست {tracking_code}: {decision} — {applicant}")
    with page.expect_navigation():
        page.locator("input[name=_save]").click()
    assert "متغیر ناشناخته: {applicant}" in page.locator(".errorlist").inner_text()
    assert not NotificationTemplate.objects.exists()
    fits()

    page.fill("#id_sms_body", "درخواست {tracking_code}: {decision}")
    with page.expect_navigation():
        page.locator("input[name=_preview]").click()
    preview = page.locator("#preview").inner_text()
    assert f"درخواست {ltr_code('05-12345-67890-3')}: تأیید شد" in preview and "۱ بخش پیامک" in preview
    assert not NotificationTemplate.objects.exists()
    fits()
    page.screenshot(path=str(SHOTS / f"template-preview-{width}.png"), full_page=True)

    with page.expect_navigation():
        page.locator("input[name=_save]").click()
    assert NotificationTemplate.objects.get().sms_body == "درخواست {tracking_code}: {decision}"
    assert "متن ویرایش‌شده به کار می‌رود" in page.content()

    with page.expect_navigation():
        page.get_by_role("button", name="بازگرداندن متن پیش‌فرض").click()
    assert not NotificationTemplate.objects.exists()
    assert "متن پیش‌فرض به کار می‌رود" in page.content()
    page.context.close()
