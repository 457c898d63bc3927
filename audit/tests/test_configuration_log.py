"""Configuration changes made in the admin are kept with who, when, from where, before and after."""

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from accounts import services as account_services
from accounts.models import Membership, Role, User
from audit.trails import entry_changes
from catalogue.models import Service
from catalogue.tests.factories import make_service, service_admin_post
from core.models import Holiday

pytestmark = pytest.mark.django_db

ADMIN_ADDRESS = "198.51.100.7"
HOLIDAY = {"title": "تعطیل آزمون", "is_estimate": "on", "is_active": "on", "source": "manual"}


@pytest.fixture
def administrator(make_user):
    return make_user(role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True, first_name="امیر")


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    client.defaults["REMOTE_ADDR"] = ADMIN_ADDRESS
    return client


def entries_for(obj):
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_pk=str(obj.pk)
    ).order_by("timestamp", "pk")


def changed(entry) -> dict:
    return {c.field: (c.before, c.after) for c in entry_changes(entry)}


def _service_post(service, **overrides):
    current = {
        "service_id": service.service_id,
        "title": service.title,
        "area": service.area,
        "description": service.description,
        "fee_rials": str(service.fee_rials),
        "duration_working_days": str(service.duration_working_days),
    }
    return service_admin_post(**{**current, **overrides})


def test_a_service_changed_in_the_admin_is_kept_with_who_when_where_before_and_after(
    admin_client, administrator
):
    service = make_service(title="خدمت پیشین", fee_rials=1000)
    before = dt.datetime.now(dt.UTC)
    response = admin_client.post(
        reverse("admin:catalogue_service_change", args=[service.pk]),
        _service_post(service, title="خدمت تازه", fee_rials="۲۰۰۰"),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = entries_for(service).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.actor == administrator
    assert entry.remote_addr == ADMIN_ADDRESS
    assert entry.timestamp >= before
    diff = changed(entry)
    assert diff["عنوان"] == ("خدمت پیشین", "خدمت تازه")
    assert diff["هزینه (ریال)"] == ("1000", "2000")


def test_a_holiday_added_changed_and_confirmed_in_the_admin_is_kept(admin_client, administrator):
    response = admin_client.post(
        reverse("admin:core_holiday_add"),
        {**HOLIDAY, "date": "۱۴۰۴/۰۹/۰۳"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    holiday = Holiday.objects.get()
    response = admin_client.post(
        reverse("admin:core_holiday_change", args=[holiday.pk]),
        {**HOLIDAY, "date": "۱۴۰۴/۰۹/۰۴"},
    )
    assert response.status_code == 302
    # The list action confirms dates in bulk: each one is still kept.
    admin_client.post(
        reverse("admin:core_holiday_changelist"),
        {"action": "confirm_dates", "_selected_action": [holiday.pk]},
    )
    created, moved, confirmed = entries_for(holiday)
    assert created.action == LogEntry.Action.CREATE and created.actor == administrator
    assert changed(moved)["تاریخ"] == ("۱۴۰۴/۰۹/۰۳", "۱۴۰۴/۰۹/۰۴")
    assert changed(confirmed)["تخمینی"] == ("بله", "خیر")
    assert {e.remote_addr for e in (created, moved, confirmed)} == {ADMIN_ADDRESS}


def test_a_role_given_and_taken_in_the_admin_is_kept(admin_client, administrator, make_user):
    person = make_user(first_name="نرگس")
    response = admin_client.post(
        reverse("admin:accounts_membership_add"),
        {"user": person.pk, "role": Role.AUDITOR, "is_active": "on"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    membership = Membership.objects.get(user=person, role=Role.AUDITOR)
    response = admin_client.post(
        reverse("admin:accounts_membership_change", args=[membership.pk]),
        {"user": person.pk, "role": Role.AUDITOR},  # is_active unticked
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    created, taken = entries_for(membership)
    assert created.actor == taken.actor == administrator
    assert changed(created)["نقش"] == ("—", "بازرس")
    assert changed(taken)["فعال"] == ("بله", "خیر")
    assert taken.remote_addr == ADMIN_ADDRESS


def test_a_forged_forwarded_for_is_not_taken_for_the_address(admin_client, settings):
    settings.MIZ_PROXY_COUNT = 0
    service = make_service()
    admin_client.post(
        reverse("admin:catalogue_service_change", args=[service.pk]),
        _service_post(service, title="عنوان دیگر"),
        HTTP_X_FORWARDED_FOR="203.0.113.66",
    )
    assert entries_for(service).get(action=LogEntry.Action.UPDATE).remote_addr == ADMIN_ADDRESS


def test_behind_one_proxy_the_address_the_proxy_added_is_kept(admin_client, settings):
    settings.MIZ_PROXY_COUNT = 1
    service = make_service()
    admin_client.post(
        reverse("admin:catalogue_service_change", args=[service.pk]),
        _service_post(service, title="عنوان دیگر"),
        HTTP_X_FORWARDED_FOR="203.0.113.66, 192.0.2.10",  # the first entry is the client's claim
    )
    assert entries_for(service).get(action=LogEntry.Action.UPDATE).remote_addr == "192.0.2.10"


def test_a_password_never_reaches_a_log_entry(admin_client, make_user):
    person = make_user(password="first-Secret-Pass-1")
    account_services.set_password(user=person, password="second-Secret-Pass-2")
    person.refresh_from_db()
    admin_client.post(
        reverse("admin:accounts_user_change", args=[person.pk]),
        {
            "national_code": person.national_code,
            "first_name": "نام تازه",
            "last_name": person.last_name,
            "mobile": "09124000099",
            "person_type": "natural",
            "is_active": "on",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    entries = entries_for(person)
    assert entries.filter(action=LogEntry.Action.UPDATE).exists()
    hash_tail = person.password.split("$")[-1]
    for entry in LogEntry.objects.all():
        text = f"{entry.changes} {entry.changes_text} {entry.serialized_data}"
        assert "password" not in (entry.changes_dict or {})
        assert hash_tail not in text
        assert "Secret-Pass" not in text


def test_a_change_by_no_signed_in_person_is_kept_as_the_system(db):
    service = make_service()
    service.title = "به دست فرمان مدیریتی"
    service.save()
    entry = entries_for(service).get(action=LogEntry.Action.UPDATE)
    assert entry.actor is None and entry.remote_addr is None


def test_watched_models_are_all_registered():
    from auditlog.registry import auditlog

    from audit.registry import watched_models

    assert Service in watched_models() and User in watched_models()
    assert all(auditlog.contains(model) for model in watched_models())
