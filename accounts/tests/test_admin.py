"""The back-office for people: no passwords set there, one-time codes read-only."""

import pytest
from django.urls import reverse

from accounts.models import OneTimeCode, Role, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, make_user):
    client.force_login(make_user(is_superuser=True, is_staff=True))
    return client


def test_user_pages_load(admin_client, make_user):
    someone = make_user(role=Role.APPLICANT)
    assert admin_client.get(reverse("admin:accounts_user_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:accounts_user_change", args=[someone.pk])).status_code == 200
    response = admin_client.get(reverse("admin:accounts_user_add"))
    assert response.status_code == 200
    assert 'name="password"' not in response.content.decode()


def test_user_added_in_admin_has_no_usable_password(admin_client):
    response = admin_client.post(
        reverse("admin:accounts_user_add"),
        {
            "national_code": "۰۰۸۴۵۷۵۹۴۸",
            "first_name": "علي",
            "last_name": "رضایی",
            "mobile": "09123456789",
            "email": "",
            "person_type": "natural",
            "legal_national_id": "",
            "legal_name": "",
            "is_active": "on",
            "date_joined_0": "2025-01-01",
            "date_joined_1": "10:00:00",
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1000",
            "memberships-0-role": "applicant",
            "memberships-0-is_active": "on",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    user = User.objects.get(national_code="0084575948")
    assert user.first_name == "علی"  # the admin form normalises Persian letters too
    assert user.mobile == "+989123456789"
    assert not user.has_usable_password()
    assert list(user.memberships.values_list("role", flat=True)) == ["applicant"]


def test_admin_refuses_a_membership_without_its_scope(admin_client, make_user):
    user = make_user()
    url = reverse("admin:accounts_membership_add")
    response = admin_client.post(url, {"user": user.pk, "role": "counter_operator", "is_active": "on"})
    assert response.status_code == 200
    assert "باید به یک دفتر پیشخوان وابسته باشد" in response.content.decode()
    assert not user.memberships.exists()


def test_one_time_codes_are_read_only(admin_client, issue):
    otp, code = issue(mobile="+989123456789", purpose=OneTimeCode.Purpose.SIGNUP)
    changelist = admin_client.get(reverse("admin:accounts_onetimecode_changelist"))
    assert changelist.status_code == 200
    assert code not in changelist.content.decode().replace(otp.code_hash, "")
    assert admin_client.get(reverse("admin:accounts_onetimecode_add")).status_code == 403
    response = admin_client.post(
        reverse("admin:accounts_onetimecode_change", args=[otp.pk]), {"attempts": "0", "used_at": ""}
    )
    assert response.status_code == 403


def test_staff_without_superuser_is_kept_out(client, make_user):
    client.force_login(make_user(is_staff=True))
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 403
