"""The counter payment page in Chromium (issue 13 «Checked by», issue 16 item 3): on a 360 px phone
the operator of the office that filed a request goes from the request to its payment page, fits
the screen, has no serious axe violation (at 360 and 1366 px), is refused a wrong amount in
Persian with nothing recorded, then records the fee by keyboard alone in Persian digits and lands
on the receipt, which shows the reference as a code; the page then says the fee is paid."""

import os
import re
from pathlib import Path

import pytest

from core.testing import signed_in_page
from core.tests.test_demo_pages_browser import STICKING_OUT, axe_violations
from desk.models import State
from payments.models import Payment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = 360
SHOTS = Path(os.environ.get("MIZ_SCREENSHOT_DIR", "/tmp/miz-payment-shots"))  # for people to look at


def fits(page) -> list[str]:
    """What sticks out of the phone's width ([] when the page fits)."""
    if page.evaluate("document.documentElement.scrollWidth") <= PHONE:
        return []
    return page.evaluate(STICKING_OUT)


def test_the_operator_records_a_counter_payment_on_a_phone_by_keyboard(browser, live_server, filed, operator):
    page = signed_in_page(browser, live_server.url, operator, width=PHONE, height=780)
    page.goto(f"{live_server.url}/desk/r/{filed.tracking_code}/")
    page.locator("#record-counter-payment").click()
    page.wait_for_url(re.compile(rf"/payments/r/{filed.tracking_code}/counter/$"))
    assert page.locator("#counter-amount").inner_text() == "۱٬۲۰۰٬۰۰۰ ریال"
    assert page.locator("#id_amount").get_attribute("inputmode") == "numeric"
    assert fits(page) == []
    SHOTS.mkdir(parents=True, exist_ok=True)  # for people to look at, not a check
    page.screenshot(path=str(SHOTS / "counter-payment.png"), full_page=True)
    for width in (PHONE, 1366):
        page.set_viewport_size({"width": width, "height": 900})
        assert axe_violations(page) == [], width
    page.set_viewport_size({"width": PHONE, "height": 780})

    # A wrong amount, by mouse: a Persian sentence beside the field, nothing recorded.
    page.fill("#id_amount", "۱۰۰٬۰۰۰")
    page.fill("#id_reference", "۵۵۵۱")
    page.locator("#counter-payment-submit").click()
    page.wait_for_load_state()
    assert "درست برابر هزینه" in page.locator("#counter-payment-form").inner_text()
    assert fits(page) == []
    page.screenshot(path=str(SHOTS / "counter-payment-refused.png"), full_page=True)
    assert not Payment.objects.exists()

    # By keyboard alone: Tab from the amount to the reference, Enter submits.
    page.locator("#id_amount").fill("")
    page.locator("#id_amount").focus()
    page.keyboard.type("۱٬۲۰۰٬۰۰۰")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_reference"
    page.keyboard.press("Control+A")
    page.keyboard.type("۱۲۳۴۵۶۷۸۹۰۱۲")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    payment = Payment.objects.get()
    assert page.url.endswith(f"/payments/{payment.pk}/receipt/")
    assert payment.reference == "123456789012" and payment.amount_rials == 1_200_000
    assert page.locator("#payment-reference bdi.code").inner_text() == "۱۲۳۴۵۶۷۸۹۰۱۲"
    assert page.locator("#payment-state").inner_text() == "پرداخت‌شده"
    assert fits(page) == []
    page.screenshot(path=str(SHOTS / "counter-payment-receipt.png"), full_page=True)
    filed.refresh_from_db()
    assert filed.state == State.SUBMITTED

    page.goto(f"{live_server.url}/payments/r/{filed.tracking_code}/counter/")
    assert "۱٬۲۰۰٬۰۰۰ ریال" in page.locator("#counter-paid").inner_text()
    assert page.locator("#counter-payment-form").count() == 0
    page.locator("#counter-receipt").click()
    page.wait_for_url(re.compile(rf"/payments/{payment.pk}/receipt/$"))
    assert page.script_errors == []
    page.context.close()
