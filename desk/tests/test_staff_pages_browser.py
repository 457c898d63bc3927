"""In Chromium, on a phone and a desktop: the staff's queue and request page show every control
whole — no placeholder cut off, no control past the screen's edge."""

import os
from pathlib import Path

import pytest

from core.testing import CUT_OFF_CHOICES, CUT_OFF_PLACEHOLDERS, fully_on_screen, signed_in_page
from core.widgets import DATE_FORMAT_HINT
from orgs.tests.factories import OrgUnitFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("MIZ_SCREENSHOT_DIR", "/tmp/miz-desk-shots"))


@pytest.mark.parametrize("width", [1366, 360])
def test_the_queue_shows_its_search_hint_and_bulk_controls_whole(page, browser, head, submit, width):
    SHOTS.mkdir(parents=True, exist_ok=True)
    submit()
    me = signed_in_page(browser, page.base_url, head, width=width)
    me.goto(me.base_url + "/desk/queue/")
    assert me.evaluate(CUT_OFF_PLACEHOLDERS) == []
    assert me.get_by_label("جست‌وجو").is_visible()
    assert me.locator("#queue-q-hint").is_visible()
    for control in (me.locator("#bulk-assign-controls select"), me.locator("#assign-selected")):
        assert fully_on_screen(control)
    assert me.evaluate("document.documentElement.scrollWidth") <= width
    me.screenshot(path=str(SHOTS / f"queue-{width}.png"), full_page=True)
    assert me.script_errors == []


@pytest.mark.parametrize("width", [1366, 360])
def test_the_request_page_shows_the_date_box_and_unit_list_whole(
    page, browser, head, expert, submit, service, width
):
    SHOTS.mkdir(parents=True, exist_ok=True)
    service.responsible_units.add(OrgUnitFactory(name="مرکز اندازه‌شناسی، اوزان و مقیاس‌ها"))
    request = submit()
    me = signed_in_page(browser, page.base_url, head, width=width)
    me.goto(me.base_url + f"/desk/r/{request.tracking_code}/")
    appointment = me.locator("#appointment-form")
    day = appointment.get_by_label("روز")
    assert day.get_attribute("placeholder") == DATE_FORMAT_HINT
    calendar = appointment.get_by_role("button", name="انتخاب تاریخ از تقویم")
    assert calendar.inner_text().strip() == ""  # a drawing, not an emoji that may show as a box
    icon = calendar.locator("svg").bounding_box()
    assert icon["width"] >= 12 and icon["height"] >= 12
    calendar.click()
    assert me.locator(".jalali-popup").is_visible()
    me.keyboard.press("Escape")
    units = me.locator("#reassign-unit-form select")
    assert fully_on_screen(units) and fully_on_screen(me.locator("#reassign-unit-form button"))
    assert me.evaluate(CUT_OFF_PLACEHOLDERS) == []
    assert me.evaluate(CUT_OFF_CHOICES) == []
    assert me.evaluate("document.documentElement.scrollWidth") <= width
    me.screenshot(path=str(SHOTS / f"request-staff-{width}.png"), full_page=True)
    assert me.script_errors == []
