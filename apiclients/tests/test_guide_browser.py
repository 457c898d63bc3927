"""In Chromium on the narrowest phone in use (360 px): the guide for client systems and each of
its pages fit the screen (their long code lines scroll inside their own box, the page never
sideways), its table of contents opens each kind's page, and the footer link from the home page
opens the guide."""

import os
from pathlib import Path

import pytest

from apiclients.guide import PAGES
from core.testing import screen_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH = 360
SHOTS = Path(os.environ.get("MIZ_SCREENSHOT_DIR", "/tmp/miz-guide-shots"))


def test_the_guide_and_its_pages_fit_a_phone_and_its_contents_lead_to_each_kind(browser, live_server):
    page = screen_page(browser, live_server.url, WIDTH)
    page.goto(page.base_url + "/")
    page.get_by_role("link", name="راهنمای API برای سامانه‌های متصل").click()
    page.wait_for_url("**/api/guide/")
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"api-guide-{WIDTH}.png"), full_page=True)
    for slug, guide in PAGES.items():
        page.get_by_role("navigation", name="نوع سامانه").get_by_role("link", name=guide.title).click()
        page.wait_for_url(f"**/api/guide/{slug}/")
        assert page.get_by_role("heading", name=guide.title, level=1).is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH, slug
        page.screenshot(path=str(SHOTS / f"api-guide-{slug}-{WIDTH}.png"))
        page.go_back()
