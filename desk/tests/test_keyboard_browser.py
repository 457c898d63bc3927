"""Issue 13, accessibility: the desk's journeys by keyboard alone, in Chromium (Tab, Shift+Tab,
Enter, Space and typing; no click anywhere). The applicant signs in, applies online for a simple
service and reads the tracking code on the receipt; the expert signs in, takes the request from
the queue and answers it. Every control reached shows where the focus is (an outline or a ring)."""

import pytest

from accounts.models import Role
from core.testing import PASSWORD, screen_page
from core.text import to_persian_digits
from desk.models import ServiceRequest, State
from desk.tests.factories import make_service

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# What the focused element is and whether it shows its focus (an outline, or Bootstrap's ring).
FOCUSED = """() => {
  const el = document.activeElement, style = getComputedStyle(el);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  return {
    id: el.id, tag: el.tagName.toLowerCase(), text: (el.innerText || '').trim(),
    visible: outline || style.boxShadow !== 'none',
  };
}"""


def tab_to(page, *, id=None, text=None, backwards=False, limit=120):
    """Press Tab (Shift+Tab backwards) until the element with `id` (or whose text is `text`) has the
    focus; it must show it. Fails after `limit` presses."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        focused = page.evaluate(FOCUSED)
        if (id and focused["id"] == id) or (text and focused["text"] == text):
            assert focused["visible"], f"no visible focus on {focused}"
            return
    raise AssertionError(f"{id or text} not reached by keyboard on {page.url}")


def sign_in_by_keyboard(page, user):
    page.goto(page.base_url + "/accounts/login/")
    tab_to(page, id="id_national_code")
    page.keyboard.type(to_persian_digits(user.national_code))
    tab_to(page, id="id_password")
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def press(page, id):
    """Reach the button by Tab and press it with Enter, waiting for the page it leads to."""
    tab_to(page, id=id)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_apply_online_and_answer_by_keyboard_alone(browser, live_server, make_user, unit):
    service = make_service([unit], title="صدور پروانه با صفحه‌کلید", documents=False, steps=1)
    applicant = make_user(role=Role.APPLICANT, first_name="سارا", last_name="محمدی")
    expert = make_user(role=Role.STAFF_EXPERT, scope={"org_unit": unit}, first_name="حسین", last_name="احمدی")

    # The skip link is the first stop and moves the focus to the main content.
    me = screen_page(browser, live_server.url, 1366)
    me.goto(me.base_url + "/")
    me.keyboard.press("Tab")
    assert me.evaluate(FOCUSED)["text"] == "پرش به محتوای اصلی"
    assert me.evaluate(FOCUSED)["visible"]
    me.keyboard.press("Enter")
    assert me.evaluate("document.activeElement.id") == "main"

    sign_in_by_keyboard(me, applicant)
    me.goto(f"{me.base_url}/services/{service.service_id}/")
    press(me, "apply-online")
    tab_to(me, id="id_product_name")
    me.keyboard.type("شیر پاستوریزه")
    tab_to(me, id="submit-request")
    tab_to(me, id="id_product_name", backwards=True)  # Shift+Tab goes back to the field
    me.keyboard.press("End")
    me.keyboard.type(" کم‌چرب")
    press(me, "submit-request")
    request = ServiceRequest.objects.get()
    assert request.form_data["product_name"] == "شیر پاستوریزه کم‌چرب"
    code = me.locator("#receipt-code")
    assert code.is_visible() and code.inner_text() == request.tracking_display

    staff = screen_page(browser, live_server.url, 1366)
    sign_in_by_keyboard(staff, expert)
    staff.goto(staff.base_url + "/desk/queue/")
    tab_to(staff, text=request.tracking_display)
    with staff.expect_navigation():
        staff.keyboard.press("Enter")
    for action in ("do-accept", "do-start_review"):
        press(staff, action)
    while staff.locator("#do-approve").count() == 0:
        press(staff, "do-advance")
    press(staff, "do-approve")
    tab_to(staff, id="id_text")
    staff.keyboard.type("پروانه کاربرد علامت استاندارد صادر شد.")
    press(staff, "issue-response")
    assert staff.locator("#request-state").inner_text() == "پاسخ صادر شد"
    request.refresh_from_db()
    assert request.state == State.RESPONSE_ISSUED
    assert request.response.text == "پروانه کاربرد علامت استاندارد صادر شد."
