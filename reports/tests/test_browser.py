"""Issue 11's check, in Chromium: the demo province manager (Lorestan) opens the desk's report from
the menu, reads their province's figures for 1404 (the same as the selectors'), sees the monthly
trend drawn, exports the report as CSV, and cannot reach another province's figures by editing
the address; at 360 px the page does not scroll sideways."""

import csv
import io
import re

import pytest
from django.core.management import call_command

from accounts.models import Role
from core.jalali import parse_date
from core.testing import sign_in_page
from core.tests.conftest import demo  # noqa: F401 - the demo people, passwords known
from orgs.models import OrgUnit
from reports.scope import NOT_YOURS
from reports.selectors import Where, report_total

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_province_manager_reads_exports_and_cannot_reach_another_province(browser, live_server, demo):  # noqa: F811
    call_command("desk_generate", count=400, seed=7, end="1404/12/29", stderr=io.StringIO())
    lorestan = OrgUnit.objects.get(code="IR-15")
    expected = report_total(
        start=parse_date("1404/01/01"),
        end=parse_date("1404/12/29"),
        where=Where(unit_ids=frozenset(lorestan.descendant_ids())),
    )
    assert expected["accepted"] > 0

    context = browser.new_context(locale="fa-IR", timezone_id="Asia/Tehran", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(20000)
    page.base_url = live_server.url
    sign_in_page(page, demo[Role.PROVINCE_MANAGER])
    page.get_by_role("navigation", name="فهرست اصلی").get_by_role("link", name="گزارش میز خدمت").click()
    page.wait_for_url(re.compile(r"/reports/"))
    assert page.locator("#id_place option").all_inner_texts()[0] == "لرستان"
    assert page.locator("#id_place option[value='p:IR-23']").count() == 0

    page.select_option("#id_period", "year")
    page.fill("#id_year", "۱۴۰۴")
    page.get_by_role("button", name="نمایش گزارش").click()
    page.wait_for_selector("#report-summary")
    assert "استان لرستان" in page.inner_text("#summary-title")
    accepted = page.inner_text("#fig-accepted td").strip()
    assert accepted == f"{expected['accepted']:,}".translate(str.maketrans("0123456789,", "۰۱۲۳۴۵۶۷۸۹٬"))
    page.wait_for_function("() => window.Chart && Chart.getChart('trend-chart')")
    assert page.evaluate("Chart.getChart('trend-chart').data.labels.length") == 12

    with page.expect_download() as download:
        page.click("#export-csv")
    text = open(download.value.path(), encoding="utf-8-sig").read()
    lines = list(csv.reader(io.StringIO(text)))
    assert lines[-1][1] == "جمع" and int(lines[-1][2]) == expected["accepted"]

    # Another province by editing the address: refused in Persian, no figure shown.
    other = re.sub(r"place=[^&]+", "place=p%3AIR-23", page.url)
    assert other != page.url
    response = page.goto(other)
    assert response.status == 403
    assert NOT_YOURS in page.inner_text("#report-error")
    assert page.locator("#report-summary").count() == 0
    download_other = page.request.get(other.replace("/reports/?", "/reports/export.csv?"))
    assert download_other.status == 403

    page.set_viewport_size({"width": 360, "height": 780})
    page.go_back()
    page.wait_for_selector("#report-summary")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()
