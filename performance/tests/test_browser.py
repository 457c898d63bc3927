"""A planner's journey in Chromium: the annual report, the dashboard's charts, the data-quality
page with the report's own inconsistencies, and an Excel upload previewed with its errors."""

import io
import json
import re

import pytest
from openpyxl import Workbook

from performance import upload
from performance.demo import REPORT
from performance.importer import import_report
from performance.tests.conftest import signed_in_page
from performance.validation import run_rules

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_planner_reads_the_report_dashboard_and_data_quality(browser, live_server, make_user):
    import_report(json.loads(REPORT.read_text(encoding="utf-8")))
    run_rules(year=1400, trigger="import")
    page = signed_in_page(browser, live_server, make_user(role="hq_planner"))
    context = page.context

    page.get_by_role("navigation", name="فهرست اصلی").get_by_role("link", name="گزارش عملکرد سالانه").click()
    page.wait_for_url(re.compile(r"/performance/report/"))
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    tehran = page.locator("#t-P009 tr", has_text="تهران").inner_text()
    assert "۷۰" in tehran and "۱۹۹" in tehran and "۲۸۴" in tehran

    page.get_by_role("navigation", name="فهرست اصلی").get_by_role("link", name="داشبورد عملکرد").click()
    page.wait_for_url(re.compile(r"/performance/dashboard/"))
    page.wait_for_function("() => window.Chart && Chart.getChart('ranking-chart')")
    assert page.evaluate("Chart.getChart('plan-actual-chart').data.datasets.map(d => d.label)") == [
        "برنامه",
        "عملکرد",
    ]
    assert page.locator("#heatmap td.heat-3").first.inner_text().endswith("▲▲")
    # right to left: bars grow from the right, where the province names stand
    assert page.evaluate("Chart.getChart('ranking-chart').options.scales.x.reverse") is True
    assert page.evaluate("Chart.getChart('plan-actual-chart').options.scales.y.position") == "right"

    page.get_by_role("navigation", name="فهرست اصلی").get_by_role("link", name="کیفیت داده‌های عملکرد").click()
    page.wait_for_url(re.compile(r"/performance/data-quality/"))
    page.select_option("#dq-rule", "summary-detail")
    page.get_by_role("button", name="نمایش").click()
    page.wait_for_url(re.compile(r"rule=summary-detail"))
    rows = page.locator("#dq-results tbody tr").all_inner_texts()
    assert any("۶۳۰" in r and "۴۳۰" in r for r in rows)

    wb = Workbook()
    wb.active.append(upload.HEADER)
    wb.active.append(["P009", "", "total", "", "تهران", 1400, "هفتاد", 199])
    data = io.BytesIO()
    wb.save(data)
    page.get_by_role("navigation", name="فهرست اصلی").get_by_role("link", name="ورود برنامه و عملکرد").click()
    page.wait_for_url(re.compile(r"/performance/entry/"))
    page.set_input_files(
        "#id_file",
        {"name": "plan.xlsx", "mimeType": "application/vnd.ms-excel", "buffer": data.getvalue()},
    )
    page.get_by_role("button", name="پیش‌نمایش (بدون ثبت)").click()
    page.wait_for_selector("#upload-errors")
    assert "ردیف ۲: در ستون «برنامه» عدد لازم است، «هفتاد» نوشته شده است." in page.inner_text(
        "#upload-errors"
    )
    context.close()
