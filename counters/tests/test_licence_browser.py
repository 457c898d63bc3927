"""In Chromium on a 360 px phone: a region expert imports the licence system's file (a dry run,
then for real) and renews one licence from its page (issue 19, item 1)."""

import datetime as dt

import pytest
from django.utils import timezone

from core.jalali import format_date
from core.testing import clear_of_midnight, signed_in_page
from counters.models import Licence
from counters.tests.test_licence_pages import ROWS, csv_file
from orgs.tests.factories import CounterOfficeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WIDTH = 360


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= WIDTH


def submit(page, name):
    with page.expect_navigation():
        page.get_by_role("button", name=name, exact=True).click()


def upload_licences(page, content: bytes, *, dry_run: bool):
    """Send the licence file from the import page; the dry run is the form's default."""
    page.locator("#id_file").set_input_files(
        {"name": "licences.csv", "mimeType": "text/csv", "buffer": content}
    )
    assert page.locator("#id_dry_run").is_checked()
    if not dry_run:
        page.locator("#id_dry_run").uncheck()
    submit(page, "بارگذاری")


def test_a_region_expert_imports_licences_then_renews_one(browser, live_server, make_office, make_expert):
    renewed = make_office()  # Alborz, an existing licence
    alborz = renewed.province
    CounterOfficeFactory(code="2301-01-01", name="دفتر کرج مرکزی", province=alborz)
    CounterOfficeFactory(code="2301-01-02", name="دفتر هشتگرد", province=alborz)
    expert = make_expert(alborz.region, first_name="رضا", last_name="موسوی")
    content = csv_file(ROWS).read()  # the import tests' rows: two offices of Alborz

    page = signed_in_page(browser, live_server.url, expert, width=WIDTH, height=780)
    page.goto(live_server.url + "/counters/licences/")
    assert page.locator(f'tr[data-office="{renewed.code}"]').count() == 1
    assert fits(page)
    page.locator("#to-import").click()
    page.wait_for_url("**/counters/licences/import/")
    upload_licences(page, content, dry_run=True)
    assert "بررسی بی‌خطا بود: ۲ پروانه تازه ثبت" in page.locator("#import-result").inner_text()
    assert not Licence.objects.filter(office__code__startswith="2301").exists()
    assert fits(page)

    upload_licences(page, content, dry_run=False)
    assert "۲ پروانه تازه ثبت و ۰ پروانه به‌روز شد" in page.locator("#import-result").inner_text()
    assert Licence.objects.filter(office__code__startswith="2301").count() == 2

    # --- renew the existing licence from its page -------------------------------------------------
    page.goto(live_server.url + "/counters/licences/")
    page.locator(f'tr[data-office="{renewed.code}"] a').click()
    page.wait_for_url(f"**/counters/licences/office/{renewed.pk}/")
    assert fits(page)
    licence = renewed.licence
    new_expiry = licence.expires_on + dt.timedelta(days=730)
    clear_of_midnight()  # renewed today, and checked against the server's today below
    page.locator("#id_renew-renewed_on").fill(format_date(timezone.localdate()))
    page.keyboard.press("Escape")
    page.locator("#id_renew-expires_on").fill(format_date(new_expiry))
    page.keyboard.press("Escape")
    page.locator("#id_renew-reason").fill("تمدید دوساله پس از بازدید")
    submit(page, "تمدید")
    assert "پروانه تمدید شد." in page.content()
    assert page.locator("#licence-expiry").inner_text() == format_date(new_expiry)
    assert page.locator('#licence-events tr[data-action="renew"]').count() == 1
    licence.refresh_from_db()
    assert licence.expires_on == new_expiry and licence.renewed_on == timezone.localdate()
    page.context.close()
