"""In Chromium, on a phone and a desktop: an applicant sees the unread badge in the menu, opens their notices
(Jalali time, the receipt's text, marked new), follows its link to the request, and the badge is
gone; the page is no wider than the screen."""

import os
from pathlib import Path

import pytest

from core.testing import main_navigation, screen_page
from core.testing import sign_in_page as sign_in
from notifications.models import Notice

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("MIZ_SCREENSHOT_DIR", "/tmp/miz-desk-shots"))


@pytest.mark.parametrize("width", [1366, 360])
def test_an_applicant_reads_their_notices_on_a_phone(page, browser, applicant, submit, width):
    SHOTS.mkdir(parents=True, exist_ok=True)
    request = submit()
    assert Notice.objects.filter(user=applicant).count() == 1
    me = screen_page(browser, page.base_url, width, height=800)
    sign_in(me, applicant)
    if width < 768:  # on a phone the count stands by the folded menu's button too
        assert me.get_by_role("button", name="فهرست").locator("[data-nav-badge]").inner_text().startswith("۱")
    nav = main_navigation(me)
    badge = nav.locator('#miz-nav-links [data-nav-badge="notifications:notices"]')
    assert badge.inner_text().startswith("۱")
    with me.expect_navigation():
        nav.get_by_role("link", name="اعلان‌ها").click()
    item = me.locator("#notices li").first
    assert "تازه" in item.inner_text()
    assert "درخواست شما ثبت شد" in item.inner_text()
    assert item.locator("time").inner_text()[:2] == "۱۴"  # a Jalali year in Persian digits
    assert me.evaluate("document.documentElement.scrollWidth") <= width
    assert badge.count() == 0  # opening the page read it
    me.screenshot(path=str(SHOTS / f"notices-{width}.png"), full_page=True)
    with me.expect_navigation():
        item.get_by_role("link", name="دیدن درخواست").click()
    assert me.url.endswith(f"/desk/r/{request.tracking_code}/")
    me.goto(me.base_url + "/notices/")
    assert "تازه" not in me.locator("#notices li").first.inner_text()
    me.context.close()
    assert not Notice.objects.filter(user=applicant, read_at__isnull=True).exists()


@pytest.mark.parametrize("width", [1366, 360])
def test_past_99_unread_the_badge_says_99_plus_and_fits(page, browser, applicant, submit, width):
    """A staff member told of every new request of their units gathers hundreds of unread
    notices: the badge shows «۹۹+» (the count stops at 100 rows), beside the menu item and, on a
    phone, by the folded menu's button, and the header does not grow wider than the screen."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    submit()
    first = Notice.objects.get(user=applicant)
    values = {f.attname: getattr(first, f.attname) for f in Notice._meta.concrete_fields if not f.primary_key}
    Notice.objects.bulk_create([Notice(**{**values, "dedupe_key": f"bench:{n}"}) for n in range(150)])
    me = screen_page(browser, page.base_url, width, height=800)
    sign_in(me, applicant)
    if width < 768:
        button = me.get_by_role("button", name="فهرست").locator("[data-nav-badge]")
        assert button.inner_text().startswith("۹۹+")
    nav = main_navigation(me)
    badge = nav.locator('#miz-nav-links [data-nav-badge="notifications:notices"]')
    assert badge.inner_text().startswith("۹۹+")
    assert me.evaluate("document.documentElement.scrollWidth") <= width
    me.screenshot(path=str(SHOTS / f"badge-99-plus-{width}.png"))
    me.context.close()
