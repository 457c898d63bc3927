"""The main journeys of the foundation in Chromium: the RTL shell, sign-up by SMS code, lockout.

The live server runs in this process, so the SMS it sends lands in `core.sms.outbox`.

The Jalali date picker (in the holiday admin) and role navigation after signing in are driven
in core/tests/test_browser.py.
"""

import re

import pytest

from accounts.models import User
from accounts.services import GENERIC_LOGIN_ERROR
from accounts.tests.helpers import code_in
from core.testing import PASSWORD
from core.text import to_persian_digits

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_is_rtl_in_vazirmatn_with_a_skip_link(page):
    page.goto(page.base_url + "/")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.evaluate("document.documentElement.lang") == "fa"
    assert "Vazirmatn" in page.evaluate("getComputedStyle(document.body).fontFamily")
    # The font file itself is served and used, not just named.
    assert page.evaluate("document.fonts.ready.then(() => document.fonts.check('16px Vazirmatn'))")
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"

    skip = page.locator("a.miz-skip")
    hidden = skip.bounding_box()
    assert hidden is None or hidden["width"] <= 1 or hidden["height"] <= 1
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('miz-skip')")
    shown = skip.bounding_box()
    assert shown["width"] > 20 and shown["height"] > 10
    assert skip.is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    assert page.evaluate("document.activeElement.id") == "main"


def test_sign_up_journey(page, outbox):
    page.goto(page.base_url + "/")
    page.get_by_role("link", name="ثبت‌نام متقاضی").click()
    page.wait_for_url(re.compile(r"/accounts/signup/$"))

    page.fill("#id_first_name", "علي")  # typed with Arabic yeh
    page.fill("#id_last_name", "كريمي")  # and Arabic kaf
    page.fill("#id_national_code", "۰۰۸۴۵۷۵۹۴۸")
    page.fill("#id_mobile", "۰۹۱۲۳۴۵۶۷۸۹")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.get_by_role("button", name="دریافت کد تأیید").click()
    page.wait_for_url(re.compile(r"/accounts/signup/verify/$"))
    assert "۰۹۱۲۳۴۵۶۷۸۹" in page.locator("main").inner_text()

    assert len(outbox) == 1 and outbox[0].to == "+989123456789"
    page.fill("#id_code", to_persian_digits(code_in(outbox[0])))
    page.get_by_role("button", name="تأیید").click()
    page.wait_for_url(page.base_url + "/")

    header = page.locator("header.miz-header")
    assert "علی کریمی" in header.inner_text()
    assert header.get_by_role("button", name="خروج").is_visible()
    assert header.get_by_role("link", name="ورود").count() == 0
    assert "حساب شما ساخته شد" in page.locator(".miz-messages").inner_text()
    assert page.get_by_text("نقش شما").count() == 1  # the applicant card

    user = User.objects.get()
    assert (user.national_code, user.mobile) == ("0084575948", "+989123456789")


def submit_login(page, national_code, password):
    page.fill("#id_national_code", national_code)
    page.fill("#id_password", password)
    with page.expect_navigation():  # read the answer to this submit, not the page before it
        page.get_by_role("button", name="ورود", exact=True).click()
    return page.get_by_role("alert").inner_text()


def test_six_wrong_passwords_close_the_password_but_not_the_code(page, make_user, outbox):
    user = make_user()
    page.goto(page.base_url + "/accounts/login/")
    for _ in range(6):
        message = submit_login(page, to_persian_digits(user.national_code), "wrong-Pass-000")
        assert message == GENERIC_LOGIN_ERROR  # no count of tries left, no word of a lock
    # The seventh try, with the right password, gets the same answer.
    assert submit_login(page, user.national_code, PASSWORD) == GENERIC_LOGIN_ERROR
    assert "/accounts/login/" in page.url
    assert page.locator("header.miz-header").get_by_role("button", name="خروج").count() == 0

    # The owner signs in by the code SMSed to their mobile.
    page.get_by_role("link", name="ورود با کد پیامکی").click()
    page.fill("#id_national_code", user.national_code)
    page.fill("#id_mobile", user.mobile)
    with page.expect_navigation():
        page.get_by_role("button", name="دریافت کد").click()
    page.fill("#id_code", code_in(outbox[-1]))
    with page.expect_navigation():
        page.get_by_role("button", name="تأیید").click()
    assert page.locator("header.miz-header").get_by_role("button", name="خروج").is_visible()
