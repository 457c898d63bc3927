"""In Chromium on a 360 px phone: HQ opens its supervision page and follows a late review to the
office's history; neither page is wider than the phone nor has a serious axe violation (issue 19
item 6)."""

import datetime as dt

import pytest
from django.utils import timezone

from accounts.models import Role
from core.testing import signed_in_page
from core.tests.test_demo_pages_browser import axe_violations
from counters.models import Declaration
from counters.tests.factories import DeclarationFactory
from counters.tests.test_licence_browser import WIDTH, fits
from orgs.models import OrgUnit

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_hq_follows_a_late_review_to_the_offices_history_on_a_phone(
    browser, live_server, make_office, make_user
):
    office = make_office()
    DeclarationFactory(office=office, year=1403, state=Declaration.State.FINAL, final_score=81, rank=1)
    DeclarationFactory(
        office=office,
        year=1404,
        state=Declaration.State.SUBMITTED,
        due_on=timezone.localdate() - dt.timedelta(days=3),
    )
    hq = make_user(role=Role.HQ_PLANNER, scope={"org_unit": OrgUnit.objects.get(code="HQ-PLANNING")})

    page = signed_in_page(browser, live_server.url, hq, width=WIDTH, height=780)
    page.goto(live_server.url + "/counters/hq/")
    assert fits(page)
    assert axe_violations(page) == []
    assert page.locator("#workload-total .late").inner_text() == "۱"
    assert page.locator("#scores-region td").first.inner_text().startswith("۸۱")
    with page.expect_navigation():
        page.locator(f'#late [data-office="{office.code}"] a').click()
    assert page.url.endswith(f"/counters/office/{office.pk}/history/")
    assert fits(page)
    assert axe_violations(page) == []
    assert page.locator("#history tbody tr").count() == 2
    assert page.locator('#history [data-year="1403"]').inner_text().count("۸۱") == 1
