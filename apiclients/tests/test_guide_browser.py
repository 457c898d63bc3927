"""In Chromium on the narrowest phone in use (360 px): the guide for client systems fits the
screen (its long code lines scroll inside their own box, the page never sideways), its table of
contents jumps to each kind's section, and the footer link from the home page opens it."""

import os
from pathlib import Path

import pytest

from apiclients.models import ApiClient
from core.testing import screen_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH = 360
SHOTS = Path(os.environ.get("MIZ_SCREENSHOT_DIR", "/tmp/miz-guide-shots"))


def test_the_guide_fits_a_phone_and_its_contents_lead_to_each_kind(browser, live_server):
    page = screen_page(browser, live_server.url, WIDTH)
    page.goto(page.base_url + "/")
    page.get_by_role("link", name="راهنمای API برای سامانه‌های متصل").click()
    page.wait_for_url("**/api/guide/")
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"api-guide-{WIDTH}.png"), full_page=True)
    for kind in ApiClient.Kind:
        page.get_by_role("navigation", name="نوع سامانه").get_by_role("link", name=kind.label).click()
        assert page.url.endswith(f"#{kind.value}")
        assert page.get_by_role("heading", name=kind.label, level=2).is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
