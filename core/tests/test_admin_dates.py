"""Every date the admin shows is Jalali with Persian digits: list columns, read-only fields and
date filters, on Miz's admins and Django's own."""

import datetime as dt
import re
import zoneinfo
from urllib.parse import parse_qs, urlsplit

import pytest
from auditlog.models import LogEntry
from django.contrib import admin
from django.db import models
from django.urls import reverse
from django.utils import timezone

from audit.models import SignInRecord
from core import admin_dates
from core.models import Holiday

TEHRAN = zoneinfo.ZoneInfo("Asia/Tehran")
GREGORIAN_YEAR = re.compile(r"\b20[0-9]{2}\b")
ENGLISH_MONTH = re.compile(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?", re.IGNORECASE)


def visible_text(html: str, start: str, end: str) -> str:
    part = html[html.index(start) :]
    part = part[: part.index(end)]
    return re.sub(r"<[^>]+>", " ", part)


@pytest.mark.django_db
def test_changelists_show_date_and_datetime_columns_in_jalali(admin_client):
    Holiday.objects.create(date=dt.date(2025, 11, 24), title="تعطیل آزمایشی")  # a DateField
    SignInRecord.objects.create(  # a DateTimeField, 20:45 UTC is 00:15 the next day in Tehran
        at=dt.datetime(2025, 11, 23, 20, 45, tzinfo=dt.UTC), outcome="ok", national_code="0012345679"
    )

    holidays = admin_client.get(reverse("admin:core_holiday_changelist")).content.decode()
    rows = visible_text(holidays, 'id="result_list"', "</table>")
    assert "۱۴۰۴/۰۹/۰۳" in rows
    assert not GREGORIAN_YEAR.search(rows) and not ENGLISH_MONTH.search(rows), rows

    records = admin_client.get(reverse("admin:audit_signinrecord_changelist")).content.decode()
    rows = visible_text(records, 'id="result_list"', "</table>")
    assert "۱۴۰۴/۰۹/۰۳ ۰۰:۱۵" in rows
    assert not GREGORIAN_YEAR.search(rows) and not ENGLISH_MONTH.search(rows), rows


@pytest.mark.django_db
def test_read_only_date_fields_are_jalali(admin_client):
    record = SignInRecord.objects.create(
        at=dt.datetime(2025, 11, 23, 20, 45, tzinfo=dt.UTC), outcome="ok", national_code="0012345679"
    )
    html = admin_client.get(reverse("admin:audit_signinrecord_change", args=[record.pk])).content.decode()
    fields = visible_text(html, "<fieldset", "</fieldset>")
    assert "۱۴۰۴/۰۹/۰۳ ۰۰:۱۵" in fields
    assert not GREGORIAN_YEAR.search(fields), fields


@pytest.mark.django_db
def test_a_third_party_admin_shows_jalali_too(admin_client):
    # django-auditlog's admin is not a MizModelAdmin; saving a holiday logs a change there.
    Holiday.objects.create(date=dt.date(2025, 11, 24), title="تعطیل آزمایشی")
    LogEntry.objects.update(timestamp=dt.datetime(2025, 11, 23, 20, 45, tzinfo=dt.UTC))
    html = admin_client.get(reverse("admin:auditlog_logentry_changelist")).content.decode()
    rows = visible_text(html, 'id="result_list"', "</table>")
    assert "۱۴۰۴/۰۹/۰۳ ۰۰:۱۵" in rows
    assert not GREGORIAN_YEAR.search(rows) and not ENGLISH_MONTH.search(rows), rows


def test_display_functions_are_installed_where_the_admin_uses_them():
    from django.contrib.admin import helpers, utils
    from django.contrib.admin.templatetags import admin_list

    assert admin_list.display_for_field is admin_dates.display_for_field
    assert admin_list.display_for_value is admin_dates.display_for_value
    assert helpers.display_for_field is admin_dates.display_for_field
    assert utils.display_for_value is admin_dates.display_for_value


@pytest.mark.parametrize(
    ("value", "field", "shown"),
    [
        (dt.date(2025, 3, 20), models.DateField(), "۱۴۰۳/۱۲/۳۰"),
        (dt.datetime(2025, 3, 20, 21, 0, tzinfo=dt.UTC), models.DateTimeField(), "۱۴۰۴/۰۱/۰۱ ۰۰:۳۰"),
        (None, models.DateField(null=True), "-"),
        (12345, models.IntegerField(), None),
        ("متن", models.CharField(), None),
    ],
)
def test_display_for_field_changes_only_dates(value, field, shown):
    from django.contrib.admin.utils import display_for_field as installed

    result = admin_dates.display_for_field(value, field, "-")
    if shown is None:  # not a date: Django's own display, untouched
        assert result == admin_dates._django_display_for_field(value, field, "-")
    else:
        assert result == shown
    assert installed is admin_dates.display_for_field


def test_values_returned_by_admin_methods_are_jalali():
    assert admin_dates.display_for_value(dt.date(2025, 11, 24), "-") == "۱۴۰۴/۰۹/۰۳"
    assert (
        admin_dates.display_for_value(dt.datetime(2025, 11, 24, 8, 0, tzinfo=dt.UTC), "-")
        == "۱۴۰۴/۰۹/۰۳ ۱۱:۳۰"
    )
    assert admin_dates.display_for_value("متن", "-") == "متن"
    assert admin_dates.display_for_value(True, "-", boolean=True) == admin_dates._django_display_for_value(
        True, "-", boolean=True
    )


def test_no_admin_keeps_the_gregorian_date_hierarchy():
    for model, model_admin in admin.site._registry.items():
        assert not model_admin.date_hierarchy, model


def filter_links(html: str) -> dict[str, dict[str, list[str]]]:
    """The date filter's choices: title → its query parameters."""
    links = {}
    for href, title in re.findall(r'<a href="(\?[^"]*)"[^>]*>([^<]+)</a>', html):
        links[title.strip()] = parse_qs(urlsplit(href.replace("&amp;", "&")).query)
    return links


@pytest.mark.django_db
def test_the_date_filter_means_the_jalali_month_and_year(admin_client, time_machine):
    # 3 Azar 1404 (24 Nov 2025): this Jalali month is 1 Azar … 1 Dey, this year 1 Farvardin 1404 …
    time_machine.move_to(dt.datetime(2025, 11, 24, 10, 0, tzinfo=TEHRAN), tick=False)
    html = admin_client.get(reverse("admin:audit_signinrecord_changelist")).content.decode()
    links = filter_links(html)

    def span(title):
        params = links[title]
        since = dt.datetime.fromisoformat(params["at__gte"][0])
        until = dt.datetime.fromisoformat(params["at__lt"][0])
        return timezone.localtime(since).date(), timezone.localtime(until).date()

    assert span("این ماه") == (dt.date(2025, 11, 22), dt.date(2025, 12, 22))
    assert span("امسال") == (dt.date(2025, 3, 21), dt.date(2026, 3, 21))
    assert span("پارسال") == (dt.date(2024, 3, 20), dt.date(2025, 3, 21))


@pytest.mark.django_db
def test_the_date_filter_narrows_a_plain_date_column_to_the_jalali_year(admin_client, time_machine):
    time_machine.move_to(dt.datetime(2025, 11, 24, 10, 0, tzinfo=TEHRAN), tick=False)
    Holiday.objects.create(date=dt.date(2025, 3, 20), title="اسفند ۱۴۰۳")  # last Jalali year
    Holiday.objects.create(date=dt.date(2025, 3, 21), title="فروردین ۱۴۰۴")  # this Jalali year
    url = reverse("admin:core_holiday_changelist")
    params = filter_links(admin_client.get(url).content.decode())["امسال"]
    html = admin_client.get(url, {k: v[0] for k, v in params.items()}).content.decode()
    rows = visible_text(html, 'id="result_list"', "</table>")
    assert "فروردین ۱۴۰۴" in rows and "اسفند ۱۴۰۳" not in rows
