"""Issue 13, «every page of every role» at 360 px and 1366 px, for the administrator's back office
(Django's admin): the index, every registered model's list and the holiday's add page, through
the page walk's checks (`test_demo_pages_browser.Findings`: no sideways scroll, no serious or
critical axe violation) and the browser fixture's (nothing blocked by the Content-Security-Policy,
no uncaught script error)."""

import pytest
from django.contrib import admin
from django.urls import reverse

from accounts.models import Role
from core.testing import signed_in_page
from core.tests.test_demo_pages_browser import WIDTH, Findings

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_the_admins_pages_fit_a_360_px_phone_and_have_no_serious_axe_violation(browser, live_server, demo):
    page = signed_in_page(browser, live_server.url, demo[Role.ADMINISTRATOR], width=WIDTH, height=780)
    page.set_default_timeout(20000)
    lists = [
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for model in sorted(admin.site._registry, key=lambda model: model._meta.label)
    ]
    findings = Findings()
    findings.walk(page, "administrator", ["/admin/", *lists, reverse("admin:core_holiday_add")])
    assert page.script_errors == [], page.script_errors
    page.context.close()
    assert findings.visited > 40
    findings.assert_none()
