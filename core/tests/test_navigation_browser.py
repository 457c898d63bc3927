"""In Chromium: on a phone the main navigation folds behind «فهرست» so the page starts near the top,
and unfolds on a tap (Bootstrap's collapse under the site's Content-Security-Policy, no script
error); on a desktop every link shows and the button does not."""

import os
from pathlib import Path

import pytest

from accounts.models import Role
from core.testing import signed_in_page
from orgs.tests.factories import OrgUnitFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("MIZ_SCREENSHOT_DIR", "/tmp/miz-core-shots"))


@pytest.fixture
def head(make_user):
    # A unit head has one of the longest menus.
    return make_user(role=Role.UNIT_HEAD, scope={"org_unit": OrgUnitFactory()}, first_name="زهرا")


def test_on_a_phone_the_menu_folds_behind_one_button_and_unfolds_on_a_tap(page, browser, head):
    SHOTS.mkdir(parents=True, exist_ok=True)
    me = signed_in_page(browser, page.base_url, head, width=360, height=780)
    me.goto(me.base_url + "/desk/queue/")
    nav = me.get_by_role("navigation", name="فهرست اصلی")
    links = nav.locator("a[href]")
    assert links.count() >= 5
    toggler = nav.get_by_role("button", name="فهرست")
    assert toggler.is_visible() and toggler.get_attribute("aria-expanded") == "false"
    assert not any(links.nth(i).is_visible() for i in range(links.count()))
    assert nav.bounding_box()["height"] < 70  # the nine links took about 300 px
    me.screenshot(path=str(SHOTS / "nav-folded-360.png"), full_page=True)

    toggler.click()
    nav.locator("#miz-nav-links.show").wait_for()
    assert toggler.get_attribute("aria-expanded") == "true"
    assert all(links.nth(i).is_visible() for i in range(links.count()))
    assert me.evaluate("document.documentElement.scrollWidth") <= 360
    me.screenshot(path=str(SHOTS / "nav-open-360.png"), full_page=True)
    with me.expect_navigation():
        nav.get_by_role("link", name="بار کار کارشناسان").click()
    assert me.url.endswith("/desk/workload/")

    toggler.click()
    nav.locator("#miz-nav-links.show").wait_for()
    toggler.click()
    nav.locator("#miz-nav-links:not(.show):not(.collapsing)").wait_for(state="attached")
    assert not links.first.is_visible()
    assert me.script_errors == []


def test_on_a_desktop_every_link_shows_and_no_menu_button(page, browser, head):
    me = signed_in_page(browser, page.base_url, head, width=1366, height=780)
    me.goto(me.base_url + "/desk/queue/")
    nav = me.get_by_role("navigation", name="فهرست اصلی")
    links = nav.locator("a[href]")
    assert all(links.nth(i).is_visible() for i in range(links.count()))
    assert not nav.get_by_role("button", name="فهرست").is_visible()
    me.screenshot(path=str(SHOTS / "nav-1366.png"), full_page=True)
    assert me.script_errors == []
