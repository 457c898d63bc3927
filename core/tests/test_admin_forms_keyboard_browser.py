"""Issue 13, «every form submittable by mouse and by keyboard», for the administrator's forms: the
back office is Django's admin, in Persian, with Miz's Jalali date field and picker. Every add page
the demo's administrator may open goes through the same journey as the site's forms
(`test_forms_keyboard_browser.both_ways`): by keyboard alone at 1366 px (Tab from the top reaches
each control in the order shown, each showing its focus; Enter on «ذخیره») and by mouse at 360 px
(each control and its label take a real click; a click on «ذخیره»). The server must answer the
POST (no 5xx, 403, 404, 405) with Persian messages.

Left empty, an add form is refused for what it misses, in Persian, and saves nothing (the effect
checked). The holiday form, the calendar every deadline counts on, is filled: a Jalali date typed
in Persian digits, a title, a box ticked; each way must save that holiday."""

import datetime as dt

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse

from accounts.models import Role
from core.testing import screen_page, sign_in_page
from core.tests.demo_forms import CHECK, NOTE, DemoForm
from core.tests.test_forms_keyboard_browser import both_ways

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

HOLIDAY_DAY = dt.date(2027, 3, 4)  # ۱۴۰۵/۱۲/۱۳: a Thursday, not an official holiday
HOLIDAY = {"id_date": "۱۴۰۵/۱۲/۱۳", "id_title": NOTE, "id_is_estimate": CHECK}


def _no_holiday(user) -> None:
    from core.models import Holiday

    Holiday.objects.filter(date=HOLIDAY_DAY).delete()


def _holiday_saved(user) -> str:
    from core.models import Holiday

    if Holiday.objects.filter(date=HOLIDAY_DAY, title=NOTE, is_estimate=True).exists():
        return ""
    return f"no holiday of {HOLIDAY_DAY} saved: {list(Holiday.objects.filter(date=HOLIDAY_DAY))}"


def _rows_of(model):
    """A line's before and effect for an empty add form: refused, nothing saved."""
    seen = {}

    def before(user) -> None:
        seen["rows"] = model._default_manager.count()

    def effect(user) -> str:
        added = model._default_manager.count() - seen["rows"]
        return "" if added == 0 else f"an empty form saved {added} {model._meta.verbose_name}"

    return before, effect


def admin_add_forms(user) -> list[DemoForm]:
    """A line for each add page of the admin the user may open; the holiday's filled."""
    from core.models import Holiday

    request = RequestFactory().get("/admin/")
    request.user = user
    lines = []
    for model, model_admin in sorted(admin.site._registry.items(), key=lambda kv: kv[0]._meta.label):
        if not model_admin.has_add_permission(request):
            continue
        opts = model._meta
        try:
            path = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
        except NoReverseMatch:
            continue
        if model is Holiday:
            line = dict(fill=HOLIDAY, before=_no_holiday, effect=_holiday_saved)
        else:
            before, effect = _rows_of(model)
            line = dict(before=before, effect=effect)
        lines.append(DemoForm((Role.ADMINISTRATOR,), path, f"{opts.model_name}_form", **line))
    return lines


def test_every_admin_add_form_is_submitted_by_keyboard_and_by_mouse(browser, live_server, demo):
    user = demo[Role.ADMINISTRATOR]
    lines = admin_add_forms(user)
    assert len(lines) > 20, [line.page for line in lines]
    assert any(line.fill for line in lines), "the holiday form is not among the admin's add pages"
    page = screen_page(browser, live_server.url, 1366, timeout=30000)
    page.emulate_media(reduced_motion="reduce")
    page.on("filechooser", lambda chooser: None)
    sign_in_page(page, user)
    failures = []
    for line in lines:
        failures += both_ways(page, line, live_server.url, user, "administrator")
    page.context.close()
    assert not failures, "\n".join(failures)
