"""Every date the Django admin shows is Jalali with Persian digits: list columns, read-only fields
and date filters, for Miz's admins and Django's own (users, groups) alike.

Django renders a model's date in the admin through `display_for_field` / `display_for_value`
(`django.contrib.admin.utils`), which `admin_list` (list columns) and `helpers` (read-only fields)
import by name. There is no setting for the calendar, so `install()` (called once from
`CoreConfig.ready()`) wraps both functions in the three modules: a date goes to `core.jalali`,
anything else to Django's own function. `core/tests/test_admin_dates.py` renders the pages, so a
Django upgrade that moves these functions fails a test instead of showing Gregorian dates again.
See docs/decisions/0075-jalali-dates-in-the-admin.md.
"""

import datetime as dt

import jdatetime
from django.contrib.admin import filters, helpers, utils
from django.contrib.admin.templatetags import admin_list
from django.db import models

from core.jalali import format_date, format_datetime

_django_display_for_field = utils.display_for_field
_django_display_for_value = utils.display_for_value


def display_for_field(value, field, empty_value_display, avoid_link=False):
    """Django's `display_for_field`, with dates and date-times in Jalali."""
    if not getattr(field, "flatchoices", None) and value not in field.empty_values:
        if isinstance(field, models.DateTimeField):
            return format_datetime(value)
        if isinstance(field, models.DateField):
            return format_date(value)
    return _django_display_for_field(value, field, empty_value_display, avoid_link)


def display_for_value(value, empty_value_display, boolean=False):
    """Django's `display_for_value`, with dates and date-times (from admin methods) in Jalali."""
    if not boolean and isinstance(value, dt.datetime):
        return format_datetime(value)
    if not boolean and isinstance(value, dt.date):
        return format_date(value)
    return _django_display_for_value(value, empty_value_display, boolean)


def _jalali_month_start(day: dt.date, months_ahead: int = 0) -> dt.date:
    j = jdatetime.date.fromgregorian(date=day)
    index = j.year * 12 + (j.month - 1) + months_ahead
    return jdatetime.date(index // 12, index % 12 + 1, 1).togregorian()


def _jalali_year_start(day: dt.date, years_ahead: int = 0) -> dt.date:
    j = jdatetime.date.fromgregorian(date=day)
    return jdatetime.date(j.year + years_ahead, 1, 1).togregorian()


class JalaliDateFieldListFilter(filters.DateFieldListFilter):
    """Django's date filter, with «this month» and «this year» meaning the Jalali month and year
    (Django's mean January and the Gregorian month), and last Jalali year added."""

    def __init__(self, field, request, params, model, model_admin, field_path):
        super().__init__(field, request, params, model, model_admin, field_path)
        today = self.links[1][1][self.lookup_kwarg_since]  # Django's «today»: a date, or local midnight

        def at(day: dt.date):
            if isinstance(today, dt.datetime):
                return today.replace(year=day.year, month=day.month, day=day.day)
            return day

        day = today.date() if isinstance(today, dt.datetime) else today
        since, until = self.lookup_kwarg_since, self.lookup_kwarg_until
        links = list(self.links)
        links[3] = ("این ماه", {since: at(_jalali_month_start(day)), until: at(_jalali_month_start(day, 1))})
        links[4] = ("امسال", {since: at(_jalali_year_start(day)), until: at(_jalali_year_start(day, 1))})
        links.insert(
            5, ("پارسال", {since: at(_jalali_year_start(day, -1)), until: at(_jalali_year_start(day))})
        )
        self.links = tuple(links)


def replace_date_hierarchy(model_admin) -> None:
    """Django's date hierarchy drills down by Gregorian year and month (2025 › November); offer the
    Jalali date filter (this month, this year, last year) on the same column instead."""
    if model_admin.date_hierarchy:
        if model_admin.date_hierarchy not in model_admin.list_filter:
            model_admin.list_filter = [*model_admin.list_filter, model_admin.date_hierarchy]
        model_admin.date_hierarchy = None


def _is_date_field(field) -> bool:
    return isinstance(field, models.DateField)


def install() -> None:
    """Route the admin's display of dates through `core.jalali`; register the Jalali date filter
    and put it in place of every registered admin's date hierarchy (called by `core.adminsite.load`
    once every app's admin is registered; `MizModelAdmin` also does it for itself)."""
    from django.contrib import admin

    for model_admin in admin.site._registry.values():
        replace_date_hierarchy(model_admin)
    for module in (utils, helpers, admin_list):
        if hasattr(module, "display_for_field"):
            module.display_for_field = display_for_field
        if hasattr(module, "display_for_value"):
            module.display_for_value = display_for_value
    if not any(test is _is_date_field for test, _ in filters.FieldListFilter._field_list_filters):
        filters.FieldListFilter.register(_is_date_field, JalaliDateFieldListFilter, take_priority=True)
