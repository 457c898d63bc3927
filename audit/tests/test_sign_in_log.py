"""Sign-ins, failed sign-ins and sign-outs are recorded with the address; the log is append-only."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts.models import Role
from audit.models import SignInRecord
from core.eventlog import AppendOnlyError
from core.testing import PASSWORD
from core.text import to_persian_digits

pytestmark = pytest.mark.django_db

ADDRESS = "198.51.100.23"


@pytest.fixture
def person(make_user):
    return make_user(role=Role.STAFF_EXPERT)


def sign_in(client, national_code, password, **extra):
    return client.post(
        reverse("accounts:login"),
        {"national_code": national_code, "password": password},
        REMOTE_ADDR=ADDRESS,
        HTTP_USER_AGENT="Mozilla/5.0 آزمون",
        **extra,
    )


def test_a_sign_in_is_recorded_with_the_address_and_method(client, person):
    response = sign_in(client, to_persian_digits(person.national_code), PASSWORD)
    assert response.status_code == 302
    record = SignInRecord.objects.get()
    assert record.outcome == SignInRecord.Outcome.SUCCESS
    assert record.user == person and record.national_code == person.national_code
    assert record.method == SignInRecord.Method.PASSWORD
    assert record.ip == ADDRESS and record.user_agent == "Mozilla/5.0 آزمون"


def test_a_wrong_password_is_recorded_once_with_the_address_and_the_account(client, person):
    response = sign_in(client, person.national_code, "not-the-password")
    assert response.status_code == 200
    record = SignInRecord.objects.get()
    assert record.outcome == SignInRecord.Outcome.FAILURE
    assert record.user == person and record.ip == ADDRESS
    assert record.reason == "invalid_login"
    assert "not-the-password" not in str(vars(record))


def test_an_unknown_national_code_is_recorded_as_typed(client):
    sign_in(client, "۰۰۱۲۳۴۵۶۷۸", "whatever-it-is")
    record = SignInRecord.objects.get()
    assert record.outcome == SignInRecord.Outcome.FAILURE
    assert record.user is None and record.national_code == "0012345678"
    assert record.ip == ADDRESS


def test_a_locked_account_refusal_is_recorded_with_its_reason(client, person, settings):
    settings.MIZ_LOGIN_MAX_FAILURES = 2
    for _ in range(3):
        sign_in(client, person.national_code, "not-the-password")
    reasons = list(SignInRecord.objects.order_by("pk").values_list("reason", flat=True))
    assert len(reasons) == 3 and reasons[-1] == "locked"


def test_a_failed_admin_sign_in_is_recorded_once(client, person):
    client.post(
        reverse("admin:login"),
        {"username": person.national_code, "password": "not-the-password"},
        REMOTE_ADDR=ADDRESS,
    )
    record = SignInRecord.objects.get()
    assert record.outcome == SignInRecord.Outcome.FAILURE and record.national_code == person.national_code
    assert record.ip == ADDRESS


def test_a_forged_forwarded_for_is_not_recorded_as_the_address(client, person, settings):
    settings.MIZ_PROXY_COUNT = 0
    sign_in(client, person.national_code, "not-the-password", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert SignInRecord.objects.get().ip == ADDRESS


def test_a_sign_out_is_recorded(client, person):
    sign_in(client, person.national_code, PASSWORD)
    client.post(reverse("accounts:logout"), REMOTE_ADDR=ADDRESS)
    outcomes = list(SignInRecord.objects.order_by("pk").values_list("outcome", flat=True))
    assert outcomes == [SignInRecord.Outcome.SUCCESS, SignInRecord.Outcome.SIGN_OUT]


def test_sign_in_records_cannot_be_changed_or_deleted(client, person):
    sign_in(client, person.national_code, "not-the-password")
    record = SignInRecord.objects.get()
    record.outcome = SignInRecord.Outcome.SUCCESS
    with pytest.raises(AppendOnlyError):
        record.save()
    with pytest.raises(AppendOnlyError):
        record.delete()
    with pytest.raises(AppendOnlyError):
        SignInRecord.objects.filter(pk=record.pk).update(outcome=SignInRecord.Outcome.SUCCESS)
    with pytest.raises(AppendOnlyError):
        SignInRecord.objects.all().delete()
    # A new instance naming the existing row's key is inserted, never written over it.
    forged = SignInRecord(pk=record.pk, outcome=SignInRecord.Outcome.SUCCESS)
    with pytest.raises(IntegrityError), transaction.atomic():
        forged.save()
    record.refresh_from_db()
    assert record.outcome == SignInRecord.Outcome.FAILURE


def test_the_admin_shows_sign_in_records_read_only(client, person, make_user):
    sign_in(client, person.national_code, "not-the-password")
    record = SignInRecord.objects.get()
    admin = make_user(role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
    client.force_login(admin)
    assert client.get(reverse("admin:audit_signinrecord_changelist")).status_code == 200
    assert (
        client.post(reverse("admin:audit_signinrecord_delete", args=[record.pk]), {"post": "yes"}).status_code
        == 403
    )
    client.post(
        reverse("admin:audit_signinrecord_change", args=[record.pk]),
        {"outcome": "success", "national_code": "x"},
    )
    record.refresh_from_db()
    assert record.outcome == SignInRecord.Outcome.FAILURE
    assert SignInRecord.objects.filter(pk=record.pk).exists()
