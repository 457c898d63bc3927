"""`seed_demo`: one demo person per role, random passwords, idempotent, printed only in DEBUG."""

import io
import json
import stat

import pytest
from django.core.management import call_command

from accounts import demo
from accounts.models import Membership, Role, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def credentials_file(tmp_path, monkeypatch):
    path = tmp_path / "var" / "demo_credentials.json"
    monkeypatch.setattr(demo, "CREDENTIALS_FILE", path)
    return path


def seed_demo() -> str:
    """The demo data of accounts and the apps before it, as `seed_demo` runs them. Later apps'
    demos (counters: licence holders, region experts) add people of their own, so the counts
    below hold for accounts' demo only."""
    from django.conf import settings

    from orgs import demo as orgs_demo

    out = io.StringIO()
    orgs_demo.seed(stdout=out, debug=settings.DEBUG)
    demo.seed(stdout=out, debug=settings.DEBUG)
    return out.getvalue()


def test_the_command_runs_accounts_demo(credentials_file):
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert "accounts: 10 demo users created" in out.getvalue()
    from core.validators import national_code_with_check_digit

    codes = {national_code_with_check_digit(nine) for _role, _first, _last, nine, _mobile in demo.DEMO_PEOPLE}
    assert codes <= set(json.loads(credentials_file.read_text()))
    assert User.objects.filter(national_code__in=codes).count() == 10


def test_one_demo_user_per_role_with_a_real_password(credentials_file, settings):
    settings.DEBUG = False
    seed_demo()
    users = User.objects.all()
    assert users.count() == len(Role) == 10
    assert sorted(Membership.objects.values_list("role", flat=True)) == sorted(Role.values)
    credentials = json.loads(credentials_file.read_text())
    assert set(credentials) == set(users.values_list("national_code", flat=True))
    for user in users:
        password = credentials[user.national_code]
        assert user.has_usable_password()
        assert user.check_password(password)
        assert not user.check_password(user.national_code)
        assert user.national_code not in password
        assert len(password) >= 12
    assert len(set(credentials.values())) == 10  # no shared password


def test_demo_memberships_respect_their_scopes(credentials_file):
    seed_demo()
    for membership in Membership.objects.all():
        membership.full_clean()
    admin = User.objects.get(memberships__role=Role.ADMINISTRATOR)
    assert admin.is_superuser and admin.is_staff
    assert not User.objects.exclude(pk=admin.pk).filter(is_staff=True).exists()


def test_seed_demo_is_idempotent(credentials_file):
    seed_demo()
    first_passwords = json.loads(credentials_file.read_text())
    hashes = dict(User.objects.values_list("national_code", "password"))
    second = seed_demo()
    assert "accounts: 0 demo users created" in second
    assert User.objects.count() == 10
    assert Membership.objects.count() == 10
    assert json.loads(credentials_file.read_text()) == first_passwords
    assert dict(User.objects.values_list("national_code", "password")) == hashes


def test_lost_credentials_file_gives_fresh_passwords(credentials_file):
    seed_demo()
    old = json.loads(credentials_file.read_text())
    credentials_file.unlink()
    seed_demo()
    new = json.loads(credentials_file.read_text())
    assert User.objects.count() == 10
    for user in User.objects.all():
        assert new[user.national_code] != old[user.national_code]
        assert user.check_password(new[user.national_code])
        assert not user.check_password(old[user.national_code])


def test_credentials_file_is_readable_by_its_owner_only(credentials_file):
    seed_demo()
    mode = stat.S_IMODE(credentials_file.stat().st_mode)
    assert mode == 0o600


def test_credentials_are_printed_only_with_debug(credentials_file, settings):
    settings.DEBUG = False
    quiet = seed_demo()
    credentials = json.loads(credentials_file.read_text())
    assert "accounts: 10 demo users created" in quiet
    for code, password in credentials.items():
        assert password not in quiet
        assert code not in quiet
    assert "DEBUG" not in quiet

    settings.DEBUG = True
    loud = seed_demo()
    assert "shown because DEBUG is on" in loud
    for code, password in credentials.items():
        assert f"{code}  {password}" in loud


def test_the_demo_applicant_represents_the_demo_company(credentials_file):
    from accounts import selectors
    from accounts.models import Company, CompanyMembership

    seed_demo()
    seed_demo()  # idempotent
    applicant = User.objects.get(memberships__role=Role.APPLICANT)
    company = Company.objects.get()
    assert company.national_id == "14150000015"
    membership = CompanyMembership.objects.get()
    assert membership.user == applicant and membership.role == CompanyMembership.Role.REPRESENTATIVE
    assert membership.decided_by.is_superuser
    assert list(selectors.confirmed_companies(applicant)) == [company]
