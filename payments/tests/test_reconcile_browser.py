"""The daily reconciliation in Chromium: a province manager follows the menu to the day's report,
sees the totals and a payment the gateway took whose tab was closed, and settles it by inquiry."""

import re

import pytest

from accounts.models import Role
from desk.tests.test_browser import sign_in
from payments.models import Payment
from payments.tests.conftest import press

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_manager_reconciles_the_day_and_settles_a_closed_tab(
    browser, live_server, make_user, unit, file_request, start, paid_service
):
    payment = start(file_request(paid_service))
    press(payment, "close_tab")  # the gateway took the money; Miz never heard back
    manager = make_user(role=Role.PROVINCE_MANAGER, scope={"org_unit": unit})
    context = browser.new_context(locale="fa-IR", timezone_id="Asia/Tehran")
    me = sign_in(lambda: context, live_server.url, manager)
    me.get_by_role("navigation", name="فهرست اصلی").get_by_role("link", name="تطبیق روزانه پرداخت‌ها").click()
    me.wait_for_url(re.compile(r"/payments/reconcile/$"))
    assert "۱٬۲۰۰٬۰۰۰" not in me.locator("#reconcile-table-1").inner_text()  # nothing settled yet
    row = me.locator("#mismatches tr.mismatch-not_settled")
    assert "۱٬۲۰۰٬۰۰۰" in row.inner_text()
    row.get_by_role("button", name="استعلام و تسویه").click()
    me.wait_for_url(re.compile(r"/payments/reconcile/\?date=\d{4}/\d{2}/\d{2}$"))
    assert "با استعلام از درگاه تسویه شد" in me.locator(".miz-messages").inner_text()
    assert "میز و درگاه در این روز با هم می‌خوانند" in me.locator("#no-mismatch").inner_text()
    assert "۱٬۲۰۰٬۰۰۰" in me.locator("#reconcile-table-1").inner_text()
    assert Payment.objects.get(pk=payment.pk).state == Payment.State.SETTLED
    context.close()
