"""The public catalogue in Chromium: search typed with Arabic letters, then an information package."""

import io
import re

import pytest

from catalogue import demo
from orgs.services import seed_reference_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_search_with_arabic_letters_and_open_an_information_package(page):
    seed_reference_data()
    demo.seed(stdout=io.StringIO(), debug=False)

    page.goto(page.base_url + "/")
    page.get_by_role("link", name="خدمات").click()
    page.wait_for_url(re.compile(r"/services/$"))
    assert page.locator(".service-item").count() == 20

    # "استاندارد تشویقی" typed on an Arabic keyboard: Arabic yeh (U+064A) in تشويقي.
    query = "استاندارد تشويقي"
    assert "\u064a" in query
    page.fill("#id_q", query)
    page.get_by_role("button", name="جست‌وجو").click()
    page.wait_for_url(re.compile(r"\?q="))
    titles = page.locator(".service-item a").all_inner_texts()
    assert titles == [
        "تمدید پروانه کاربرد علامت استاندارد تشویقی",
        "صدور پروانه کاربرد علامت استاندارد تشویقی",
    ]

    page.get_by_role("link", name="صدور پروانه کاربرد علامت استاندارد تشویقی").click()
    page.wait_for_url(re.compile(r"/services/10031900013/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "صدور پروانه کاربرد علامت استاندارد تشویقی"
    for heading in ["مدارک لازم", "مراحل انجام و مدت هر مرحله", "هزینه", "توافقنامه سطح خدمت"]:
        assert page.get_by_role("heading", name=heading, exact=True).is_visible()
    assert page.locator("#apply-online").is_visible()
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"

    # Printing hides the buttons and the site chrome but keeps the package.
    page.emulate_media(media="print")
    assert not page.locator(".apply-buttons").is_visible()
    assert not page.locator("header.miz-header").is_visible()
    assert page.locator("#documents").is_visible()
