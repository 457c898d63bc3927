"""The admin shows Jalali date columns with the Jalali field and picker, never Django's Gregorian one."""

import datetime as dt

import pytest
from django.contrib import admin
from django.contrib.admin.widgets import AdminDateWidget
from django.db import models
from django.urls import reverse

from core import formfields, modelfields
from core.admin import HolidayAdmin, MizModelAdmin, MizStackedInline, MizTabularInline
from core.forms import MizModelForm
from core.models import Holiday
from core.widgets import JalaliDateInput

ADD_URL = reverse("admin:core_holiday_add")


def test_holiday_admin_uses_the_jalali_field_and_widget(rf, admin_user):
    request = rf.get(ADD_URL)
    request.user = admin_user
    form_class = HolidayAdmin(Holiday, admin.site).get_form(request)
    field = form_class.base_fields["date"]
    assert isinstance(field, formfields.JalaliDateField)
    assert isinstance(field.widget, JalaliDateInput)
    assert not isinstance(field.widget, AdminDateWidget)


def test_every_registered_miz_admin_gets_the_jalali_widget_for_jalali_columns():
    checked = 0
    for model, model_admin in admin.site._registry.items():
        if not isinstance(model_admin, MizModelAdmin):
            continue
        for db_field in model._meta.get_fields():
            if isinstance(db_field, modelfields.JalaliDateField):
                field = model_admin.formfield_for_dbfield(db_field, request=None)
                assert isinstance(field.widget, JalaliDateInput), (model, db_field.name)
                checked += 1
    assert checked >= 1  # at least Holiday.date


@pytest.mark.parametrize("inline_class", [MizTabularInline, MizStackedInline])
def test_inlines_get_the_jalali_widget_and_the_normalising_form(inline_class):
    inline = type("HolidayInline", (inline_class,), {"model": Holiday})(Holiday, admin.site)
    field = inline.formfield_for_dbfield(Holiday._meta.get_field("date"), request=None)
    assert isinstance(field, formfields.JalaliDateField)
    assert isinstance(field.widget, JalaliDateInput)
    assert issubclass(inline.form, MizModelForm)


def test_overrides_are_not_shared_between_admins():
    # ModelAdmin merges formfield_overrides into a per-instance copy; the module dict stays as is.
    HolidayAdmin(Holiday, admin.site)
    from core.admin import JALALI_FORMFIELD_OVERRIDES

    assert list(JALALI_FORMFIELD_OVERRIDES) == [modelfields.JalaliDateField, models.DateTimeField]


def test_plain_date_columns_keep_the_admin_widget():
    # Holiday.package_date is not editable; a plain DateField on the same admin stays Gregorian.
    field = HolidayAdmin(Holiday, admin.site).formfield_for_dbfield(models.DateField(name="d"), request=None)
    assert isinstance(field.widget, AdminDateWidget)


@pytest.mark.django_db
def test_add_page_loads_the_jalali_picker(admin_client):
    html = admin_client.get(ADD_URL).content.decode()
    assert "data-jalali-picker" in html
    assert "vDateField" not in html  # Django's Gregorian calendar input
    assert "/static/vendor/jalaali-js-1.2.8/jalaali.min.js" in html
    assert "/static/core/js/jalali-picker.js" in html
    assert "/static/core/css/jalali-picker.css" in html


@pytest.mark.django_db
def test_a_jalali_date_entered_in_the_admin_is_stored_gregorian(admin_client):
    response = admin_client.post(
        ADD_URL,
        {"date": "۱۴۰۴/۰۹/۰۳", "title": "تعطيل آزمايشي", "is_active": "on", "source": "manual"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    holiday = Holiday.objects.get()
    assert holiday.date == dt.date(2025, 11, 24)
    assert holiday.title == "تعطیل آزمایشی"
    change = admin_client.get(reverse("admin:core_holiday_change", args=[holiday.pk])).content.decode()
    assert 'value="۱۴۰۴/۰۹/۰۳"' in change


@pytest.mark.django_db
def test_a_gregorian_date_in_the_admin_is_refused_not_stored_six_centuries_ahead(admin_client):
    response = admin_client.post(
        ADD_URL, {"date": "2025-11-24", "title": "آزمون", "is_active": "on", "source": "manual"}
    )
    assert response.status_code == 200
    assert "سال ۲۰۲۵ پذیرفتنی نیست" in response.content.decode()
    assert not Holiday.objects.exists()


@pytest.mark.django_db
def test_holiday_list_and_confirm_action(admin_client):
    holiday = Holiday.objects.create(date=dt.date(2025, 11, 24), title="آزمون", is_estimate=True)
    listing = admin_client.get(reverse("admin:core_holiday_changelist")).content.decode()
    assert "۱۴۰۴/۰۹/۰۳" in listing
    response = admin_client.post(
        reverse("admin:core_holiday_changelist"),
        {"action": "confirm_dates", "_selected_action": [holiday.pk]},
    )
    assert response.status_code == 302
    holiday.refresh_from_db()
    assert not holiday.is_estimate


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("قيام ۱۵", ["قیام 15 خرداد"]),
        ("تعطيل", ["تعطیل آزمون"]),
        ("15", ["قیام 15 خرداد"]),
        ("۹۹", []),
        ("22", ["پیروزی انقلاب ۲۲ بهمن"]),
        ("٢٢", ["پیروزی انقلاب ۲۲ بهمن"]),
    ],
)
def test_admin_search_normalises_letters_and_digits(admin_client, typed, found):
    Holiday.objects.create(date=dt.date(2025, 6, 5), title="قیام 15 خرداد")
    Holiday.objects.create(date=dt.date(2025, 6, 6), title="تعطیل آزمون")
    Holiday.objects.create(date=dt.date(2026, 2, 11), title="پیروزی انقلاب ۲۲ بهمن")  # seeded: Persian digits
    response = admin_client.get(reverse("admin:core_holiday_changelist"), {"q": typed})
    assert sorted(h.title for h in response.context["cl"].result_list) == found


def test_list_editable_rows_use_the_normalising_form(rf, admin_user):
    editable_admin = type("EditableHolidayAdmin", (HolidayAdmin,), {"list_editable": ["title"]})
    request = rf.get("/")
    request.user = admin_user
    formset_class = editable_admin(Holiday, admin.site).get_changelist_formset(request)
    assert issubclass(formset_class.form, MizModelForm)
    form = formset_class.form(data={"title": "تعطيل"})
    assert form.data["title"] == "تعطیل"
