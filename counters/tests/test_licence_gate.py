"""The licence gate at sign-in (seed 003's note): expired or incomplete → refused, told why and where."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership, Role
from core.testing import PASSWORD
from core.text import ltr_code
from counters import services
from counters.models import Licence
from orgs.models import CounterOffice, Province
from orgs.tests.factories import CounterOfficeFactory


def sign_in(client, user):
    return client.post(reverse("accounts:login"), {"national_code": user.national_code, "password": PASSWORD})


def test_holder_with_valid_licence_signs_in(client, office, holder):
    response = sign_in(client, holder)
    assert response.status_code == 302
    assert client.session.get("_auth_user_id") == str(holder.pk)


def test_expired_licence_is_refused_with_the_reason_and_the_regions_phone(client, make_office):
    office = make_office(expires_on=timezone.localdate() - dt.timedelta(days=1))
    response = sign_in(client, office.licence.holder)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    html = response.content.decode()
    assert "منقضی شده و تمدید نشده است" in html
    assert "سامانه صدور پروانه" in html
    assert "منطقه شمال" in html  # Alborz is supervised by the north region (orgs data)
    assert "۰۲۱-۸۹۶۶۲۸۵۳" in html or "۰۲۱۸۹۶۶۲۸۵۳" in html


def test_incomplete_file_is_refused_with_what_is_missing(client, make_office):
    office = make_office(file_complete=False, missing_items="تصویر قرارداد اجاره محل")
    response = sign_in(client, office.licence.holder)
    assert "_auth_user_id" not in client.session
    assert "تصویر قرارداد اجاره محل" in response.content.decode()


def test_suspended_licence_is_refused(client, make_office):
    office = make_office(status=Licence.Status.SUSPENDED)
    sign_in(client, office.licence.holder)
    assert "_auth_user_id" not in client.session


def test_office_without_a_licence_is_refused(client, reference, make_user):
    user = make_user()
    office = CounterOfficeFactory(
        code="1108-40-72", name="دفتر البرز", province=Province.objects.get(code="IR-30")
    )
    Membership.objects.create(user=user, role=Role.LICENCE_HOLDER, counter_office=office)
    response = sign_in(client, user)
    assert "_auth_user_id" not in client.session
    assert "در سامانه ثبت نشده است" in response.content.decode()


def test_a_holder_with_another_staff_role_still_signs_in(client, make_office, make_user):
    office = make_office(expires_on=timezone.localdate() - dt.timedelta(days=1))
    holder = office.licence.holder
    Membership.objects.create(user=holder, role=Role.AUDITOR)
    sign_in(client, holder)
    assert client.session.get("_auth_user_id") == str(holder.pk)


def test_one_good_office_is_enough(client, make_office):
    good = make_office()
    make_office(holder=good.licence.holder, expires_on=timezone.localdate() - dt.timedelta(days=3))
    sign_in(client, good.licence.holder)
    assert "_auth_user_id" in client.session


def test_expiry_day_itself_is_still_valid(make_office):
    office = make_office(expires_on=timezone.localdate())
    assert services.licence_refusal(office.licence.holder) == ""


def test_register_licence_gives_the_role_and_checks_missing_items(reference, make_user):
    office = CounterOfficeFactory(code="1108-40-73", name="دفتر", province=Province.objects.get(code="IR-30"))
    user = make_user()
    with pytest.raises(ValidationError) as info:
        services.register_licence(
            office=office, holder=user, number="X-1", expires_on=timezone.localdate(), file_complete=False
        )
    assert "نقص" in str(info.value)
    services.register_licence(office=office, holder=user, number="X-1", expires_on=timezone.localdate())
    assert Membership.objects.filter(user=user, role=Role.LICENCE_HOLDER, counter_office=office).exists()


def test_office_code_keeps_the_format_of_seed_000(reference):
    office = CounterOffice(
        code="11084072", name="دفتر", kind="counter", province=Province.objects.get(code="IR-30")
    )
    with pytest.raises(ValidationError):
        office.full_clean()
    office.code = "1108-40-72"
    office.full_clean()


def test_the_office_code_in_the_refusal_keeps_its_order_in_a_right_to_left_line(client, make_office):
    """`4101-50-03` after Persian words would show as `03-50-4101` without left-to-right marks."""
    office = make_office(expires_on=timezone.localdate() - dt.timedelta(days=1))
    html = sign_in(client, office.licence.holder).content.decode()
    assert f"پروانه دفتر {ltr_code(office.code)} در" in html
