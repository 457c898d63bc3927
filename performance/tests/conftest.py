"""Fixtures of performance tests: the demo report's data and its import."""

import json
import re
from pathlib import Path

import pytest

from core.testing import made_once_per_module
from performance.demo import REPORT


def signed_in_page(browser, live_server, user, *, timeout=20000):
    """A Chromium page (Persian locale, Tehran time) signed in as `user`; its context is
    `page.context` (close it at the end)."""
    from core.testing import PASSWORD

    context = browser.new_context(locale="fa-IR", timezone_id="Asia/Tehran", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(timeout)
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_national_code", user.national_code)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="ورود").click()
    page.wait_for_url(re.compile(r"/$"))
    return page


@pytest.fixture(scope="session")
def report_data():
    return json.loads(REPORT.read_text(encoding="utf-8"))


# The 1400 report's import takes 2-4 s, and some sixty tests read it: each module imports it once,
# inside a transaction of its own that every test's transaction nests in (as a savepoint), and that is
# rolled back after the module's last test. A test that changes the imported data changes it only in
# its savepoint. A test of the module that does not ask for the report must not run while it is
# there: the module's tests that read it run after its others (`pytest_collection_modifyitems`), and
# the guard (`_imported_unless_asked`) fails a test that would see it anyway.
def pytest_collection_modifyitems(items):
    """Within each run of one of these modules' tests, those that read the imported report go last
    (pytest calls this hook with the whole session's tests: the others are left as they are)."""
    from core.testing import shared_last

    shared_last(items, "imported", under=Path(__file__).parent)


def _import_report():
    from performance.importer import import_report

    return import_report(json.loads(REPORT.read_text(encoding="utf-8")))


# `imported`: the 1400 report, imported (the counts `import_report` returned).
_made_once_per_module, imported, _imported_unless_asked = made_once_per_module(
    "imported", _import_report, what="the 1400 report"
)


@pytest.fixture
def small_year(make_user, client):
    """Two provinces, a programme in two editions, three activities that aggregate differently."""
    from performance.models import Activity, Measure
    from performance.services import set_value
    from performance.tests import factories as f

    tehran, yazd = f.province("تهران"), f.province("یزد")
    year = f.year(1400)
    first, second = f.plan_version(1400, "1400-v1"), f.plan_version(1400, "1400-v2")
    first.title, second.title = "ویرایش اول", "ویرایش دوم"
    first.state, second.state = "superseded", "in_force"  # the second edition replaced the first
    first.save(), second.save()
    made = {}
    for code, aggregation in (("A1", "sum"), ("A2", "average"), ("A3", "none")):
        activity = f.activity(code=code, title=f"فعالیت {code}", aggregation=aggregation)
        made[code] = activity
        for unit, plan1, plan2, actual in ((tehran, 10, 20, 15), (yazd, 30, 40, 25)):
            set_value(activity=activity, org_unit=unit, period=year, measure=Measure.ACTUAL, value=actual)
            for version, plan in ((first, plan1), (second, plan2)):
                set_value(activity=activity, org_unit=unit, period=year, measure=Measure.PLAN, value=plan,
                          plan_version=version)  # fmt: skip
    assert Activity.objects.count() == 3
    client.force_login(make_user(role="hq_planner"))
    return client
