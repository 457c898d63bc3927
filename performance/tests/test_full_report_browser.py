"""A planner's journey in Chromium: from the annual report page, build the whole report as one
PDF, watch its progress on the build's page (htmx polling while the worker runs) and download it."""

import re

import pytest

from core.testing import run_due_tasks
from performance.tests.conftest import signed_in_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# every progress figure the page shows, recorded as htmx swaps the status fragment in
WATCH_PROGRESS = """() => {
  window.seenProgress = [];
  new MutationObserver(() => {
    const bar = document.querySelector('#report-build [role=progressbar]');
    if (bar) window.seenProgress.push(Number(bar.getAttribute('aria-valuenow')));
  }).observe(document.body, {subtree: true, childList: true});
}"""


def test_planner_builds_the_whole_report_pdf_sees_its_progress_and_downloads_it(
    browser, live_server, small_year, make_user, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    page = signed_in_page(browser, live_server, make_user(role="hq_planner"), timeout=60000)

    page.goto(live_server.url + "/performance/report/?year=1400&version=1400-v2")
    page.get_by_role("button", name="ساخت گزارش کامل (PDF)").click()
    page.wait_for_url(re.compile(r"/performance/report/full/\d+/$"))
    assert page.inner_text("#report-build-state") == "در صف"
    bar = page.get_by_role("progressbar", name="پیشرفت ساخت")
    assert bar.get_attribute("aria-valuenow") == "0"
    page.evaluate(WATCH_PROGRESS)

    assert run_due_tasks() == 1  # the worker builds the file while the page polls its status

    download_link = page.locator("#report-build-download")
    download_link.wait_for()
    assert bar.get_attribute("aria-valuenow") == "100" and "۱۰۰٪" in bar.inner_text()
    assert page.inner_text("#report-build-state") == "آماده"
    seen = page.evaluate("window.seenProgress")
    assert seen and seen[-1] == 100 and seen == sorted(seen)  # swapped in place, never backwards
    with page.expect_download() as info:
        download_link.click()
    download = info.value
    assert download.suggested_filename == "performance-1400-1400-v2-full.pdf"
    with open(download.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    page.context.close()
