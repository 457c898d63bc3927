"""In Chromium, on a phone and a desktop: the unit head moves work from one expert to another on the
workload page without scrolling anything sideways (on a phone each expert is a card and the
rebalance form spans it)."""

import os
from pathlib import Path

import pytest

from accounts.models import Role
from core.testing import fully_on_screen, signed_in_page
from desk import services
from desk.models import ServiceRequest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("MIZ_SCREENSHOT_DIR", "/tmp/miz-desk-shots"))


@pytest.mark.parametrize("width", [1366, 360])
def test_the_head_moves_work_on_a_phone_without_scrolling_sideways(
    page, browser, head, expert, make_user, unit, submit, width
):
    SHOTS.mkdir(parents=True, exist_ok=True)
    second = make_user(role=Role.STAFF_EXPERT, scope={"org_unit": unit}, first_name="مریم")
    reqs = [submit() for _ in range(2)]
    services.assign_expert(requests=reqs, expert=expert, by=head)
    me = signed_in_page(browser, page.base_url, head, width=width)
    me.goto(me.base_url + "/desk/workload/")
    form = me.locator(f'tr[data-expert="{expert.pk}"] form.rebalance-form')
    button = form.get_by_role("button", name="بسپار")
    for control in (form.get_by_label("شمار درخواست‌ها"), form.get_by_label("به کارشناس"), button):
        assert fully_on_screen(control), control
    assert me.evaluate("document.documentElement.scrollWidth") <= width
    me.screenshot(path=str(SHOTS / f"workload-{width}.png"), full_page=True)
    form.get_by_label("به کارشناس").select_option(label=second.get_full_name())
    with me.expect_navigation():
        button.click()
    assert "۱ درخواست از" in me.content()
    assert me.script_errors == []
    me.context.close()
    assignees = ServiceRequest.objects.values_list("assignee_id", flat=True)
    assert sorted(assignees) == sorted([expert.pk, second.pk])
