"""The profile page in Chromium (issue 13, D1 and item 7): at a 360 px phone nothing scrolls
sideways, the companies' tables included, and a representative confirms an agent by keyboard."""

import pytest

from accounts import companies
from accounts.models import CompanyMembership
from accounts.tests.factories import CompanyMembershipFactory, UserFactory
from core.testing import signed_in_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_profile_fits_a_phone_and_a_representative_confirms_by_keyboard(browser, live_server):
    representative = CompanyMembershipFactory(
        status=CompanyMembership.Status.CONFIRMED,
        company__name="شرکت صنایع غذایی و فرآورده‌های لبنی نمونه لرستان",
        company__national_id="10380284790",
    ).user
    agent = UserFactory(first_name="نیما", last_name="کارگزار شرکت")
    membership = companies.add_company(user=agent, national_id="10380284790")

    me = signed_in_page(browser, live_server.url, representative, width=360, height=780)
    try:
        me.goto(me.base_url + "/accounts/profile/")
        assert me.evaluate("document.documentElement.scrollWidth") <= 360
        button = me.get_by_role("button", name="تأیید نیما کارگزار شرکت")
        button.focus()
        with me.expect_navigation():
            me.keyboard.press("Enter")
        assert "تأیید شد" in me.locator(".miz-messages").inner_text()
        assert me.evaluate("document.documentElement.scrollWidth") <= 360
        assert me.script_errors == []
    finally:
        me.context.close()
    membership.refresh_from_db()
    assert membership.status == CompanyMembership.Status.CONFIRMED
