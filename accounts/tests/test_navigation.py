"""What the shell shows each person: sign-in links, the admin link, and their role cards."""

import re

import pytest
from django.urls import reverse

from accounts.models import Membership, Role
from accounts.tests.helpers import page_text

pytestmark = pytest.mark.django_db

HOME_URL = reverse("core:home")
ADMIN_LABEL = "پیکربندی (مدیریت)"
BADGE = "نقش شما"
CARD_RE = re.compile(r'<article[^>]*aria-labelledby="role-(?P<code>\w+)"[^>]*>(?P<body>.*?)</article>', re.S)
NAV_RE = re.compile(r'<nav class="miz-nav".*?</nav>', re.S)


def cards(html: str) -> dict[str, str]:
    return {m["code"]: m["body"] for m in CARD_RE.finditer(html)}


def card_order(html: str) -> list[str]:
    return [m["code"] for m in CARD_RE.finditer(html)]


def nav(html: str) -> str:
    return NAV_RE.search(html).group(0)


def test_anonymous_home_offers_sign_in_and_sign_up(client):
    html = page_text(client.get(HOME_URL))
    assert f'href="{reverse("accounts:login")}"' in html
    assert f'href="{reverse("accounts:signup")}"' in html
    assert "ثبت‌نام متقاضی" in html
    assert "خروج" not in html
    assert ADMIN_LABEL not in html
    assert BADGE not in html
    assert set(cards(html)) == set(Role.values)  # every role described
    assert "آنچه میز خدمت برای هر نقش فراهم می‌کند" in html


def test_administrator_sees_the_admin_link(client, make_user):
    client.force_login(make_user(role=Role.ADMINISTRATOR))
    html = page_text(client.get(HOME_URL))
    assert f'href="{reverse("admin:index")}">{ADMIN_LABEL}</a>' in nav(html)
    assert f'href="{reverse("accounts:signup")}"' not in html
    assert "خروج" in html


def test_superuser_without_membership_sees_the_admin_link(client, make_user):
    client.force_login(make_user(is_superuser=True, is_staff=True))
    assert ADMIN_LABEL in nav(page_text(client.get(HOME_URL)))


@pytest.mark.parametrize("role", [Role.APPLICANT, Role.AUDITOR, None])
def test_others_do_not_see_the_admin_link(client, make_user, role):
    client.force_login(make_user(role=role))
    html = page_text(client.get(HOME_URL))
    assert ADMIN_LABEL not in html
    assert reverse("admin:index") not in html


def test_inactive_administrator_membership_gives_no_admin_link(client, make_user):
    user = make_user()
    Membership.objects.create(user=user, role=Role.ADMINISTRATOR, is_active=False)
    client.force_login(user)
    assert ADMIN_LABEL not in page_text(client.get(HOME_URL))


def test_role_badge_only_on_the_users_roles(client, make_user, scopes):
    user = make_user(role=Role.STAFF_EXPERT, scope={"org_unit": scopes["org_unit"]})
    Membership.objects.create(user=user, role=Role.APPLICANT)
    client.force_login(user)
    html = page_text(client.get(HOME_URL))
    found = cards(html)
    assert set(found) == set(Role.values)
    with_badge = {code for code, body in found.items() if BADGE in body}
    assert with_badge == {"staff_expert", "applicant"}
    assert set(card_order(html)[:2]) == {"staff_expert", "applicant"}  # the user's own first
    assert html.count(BADGE) == 2
    assert "آنچه میز خدمت برای شما فراهم کرده است" in html


def test_administrator_card_has_the_badge_and_the_admin_link(client, make_user):
    client.force_login(make_user(role=Role.ADMINISTRATOR))
    found = cards(page_text(client.get(HOME_URL)))
    assert BADGE in found["administrator"]
    assert f'href="{reverse("admin:index")}"' in found["administrator"]
    assert all(BADGE not in body for code, body in found.items() if code != "administrator")


def test_signed_in_user_without_roles_gets_no_badge(client, make_user):
    client.force_login(make_user())
    html = page_text(client.get(HOME_URL))
    assert BADGE not in html
    assert "آنچه میز خدمت برای هر نقش فراهم می‌کند" in html


def test_header_shows_the_users_name(client, make_user):
    client.force_login(make_user(first_name="نرگس", last_name="یزدانی"))
    html = page_text(client.get(HOME_URL))
    header = re.search(r'<header class="miz-header.*?</header>', html, re.S).group(0)
    assert "نرگس یزدانی" in header
