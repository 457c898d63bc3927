"""In Chromium, on a phone and a desktop: the staff's queue and request page show every control
whole — no placeholder cut off, no control past the screen's edge."""

import os
from pathlib import Path

import pytest

from core.testing import CUT_OFF_PLACEHOLDERS, fully_on_screen
from core.testing import sign_in_page as sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("MIZ_SCREENSHOT_DIR", "/tmp/miz-desk-shots"))


def open_as(browser, page, user, width):
    context = browser.new_context(
        locale="fa-IR", timezone_id="Asia/Tehran", viewport={"width": width, "height": 900}
    )
    me = context.new_page()
    me.set_default_timeout(15000)
    me.base_url = page.base_url
    sign_in(me, user)
    return me


@pytest.mark.parametrize("width", [1366, 360])
def test_the_queue_shows_its_search_hint_and_bulk_controls_whole(page, browser, head, submit, width):
    SHOTS.mkdir(parents=True, exist_ok=True)
    submit()
    me = open_as(browser, page, head, width)
    me.goto(me.base_url + "/desk/queue/")
    assert me.evaluate(CUT_OFF_PLACEHOLDERS) == []
    assert me.get_by_label("جست‌وجو").is_visible()
    assert me.locator("#queue-q-hint").is_visible()
    for control in (me.locator("#bulk-assign-controls select"), me.locator("#assign-selected")):
        assert fully_on_screen(control)
    assert me.evaluate("document.documentElement.scrollWidth") <= width
    me.screenshot(path=str(SHOTS / f"queue-{width}.png"), full_page=True)
