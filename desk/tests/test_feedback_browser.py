"""The rating form on a closed request is used with a mouse, as a person would: each option is its
own full-size target (issue 13, defect 1: the groups were squeezed into one 16 px box)."""

import re

import pytest

from core.testing import sign_in_page
from desk.models import Feedback, ServiceRequest, State

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def click_centre(page, locator):
    """A real mouse click at the middle of what the person sees; fails if something else is there."""
    locator.scroll_into_view_if_needed()
    box = locator.bounding_box()
    assert box and box["width"] > 0 and box["height"] >= 16, box
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    on_top = page.evaluate("([x, y]) => document.elementFromPoint(x, y).outerHTML", [x, y])
    assert on_top.startswith(("<label", "<input", "<button")), on_top
    page.mouse.click(x, y)


@pytest.mark.parametrize("width", [1366, 360])
def test_rating_three_and_a_reason_by_mouse(page, live_server, submit, applicant, width):
    request = submit()
    ServiceRequest.objects.filter(pk=request.pk).update(state=State.CLOSED)
    page.set_viewport_size({"width": width, "height": 900})
    sign_in_page(page, applicant)
    page.goto(f"{live_server.url}/desk/r/{request.tracking_code}/")

    form = page.locator("#feedback-form")
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways scroll
    score = form.get_by_role("group", name=re.compile("امتیاز شما"))
    click_centre(page, score.get_by_text("۳", exact=True))
    reasons = form.get_by_role("group", name=re.compile("چه چیزی"))
    click_centre(page, reasons.get_by_text("رفتار و پاسخگویی کارشناسان"))
    assert form.get_by_role("radio", name="۳").is_checked()
    assert not form.get_by_role("radio", name="۵").is_checked()
    click_centre(page, form.get_by_role("button", name="ثبت نظر"))
    page.wait_for_selector("#feedback-done")
    assert "۳ از ۵" in page.locator("#feedback-done").inner_text()
    feedback = Feedback.objects.get()
    assert (feedback.score, feedback.reasons) == (3, ["staff"])
