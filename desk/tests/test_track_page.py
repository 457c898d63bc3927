"""The applicant's list and the public tracking page (code + national code or mobile)."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from core.jalali import format_date
from core.text import to_persian_digits
from desk import services, tracking

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def lookup(client, code, identifier, **extra):
    return client.post(reverse("desk:track"), {"code": code, "identifier": identifier}, **extra)


def test_my_requests_lists_only_mine(client, applicant, other_applicant, submit):
    mine = submit()
    theirs = submit(who=other_applicant)
    client.force_login(applicant)
    html = client.get(reverse("desk:my_requests")).content.decode()
    assert mine.tracking_display in html and theirs.tracking_display not in html


def test_public_tracking_with_persian_digits_and_national_code(client, applicant, expert, submit):
    request = submit()
    services.transition(request=request, name="accept", user=expert)
    services.transition(request=request, name="start_review", user=expert)
    typed = to_persian_digits(tracking.display(request.tracking_code, persian=False)).replace("-", " ")
    response = lookup(client, typed, to_persian_digits(applicant.national_code))
    html = response.content.decode()
    assert response.status_code == 200
    assert "در حال بررسی" in html and "گام ۱" in html
    assert format_date(request.due_date) in html
    assert "پذیرش درخواست" in html and "آغاز بررسی" in html
    assert "step-current" in html


def test_public_tracking_with_mobile(client, applicant, submit):
    request = submit()
    response = lookup(client, request.tracking_code, "09135550001")
    assert response.context["req"] == request


def test_wrong_check_digit_is_refused_before_any_lookup(
    client, applicant, submit, django_assert_max_num_queries
):
    request = submit()
    code = request.tracking_code
    wrong = code[:-1] + str((int(code[-1]) + 1) % 10)
    with django_assert_max_num_queries(3):  # session/cache only; no request lookup
        response = lookup(client, wrong, applicant.national_code)
    assert "رقم کنترل نمی‌خواند" in response.content.decode()
    assert response.context["req"] is None


def test_another_applicants_code_with_my_national_code_finds_nothing(
    client, applicant, other_applicant, submit
):
    theirs = submit(who=other_applicant)
    response = lookup(client, theirs.tracking_code, applicant.national_code)
    html = response.content.decode()
    assert "درخواستی با این کد رهگیری و این کد ملی یا شماره همراه یافت نشد." in html
    assert response.context["req"] is None and theirs.service.title not in html


def test_lookups_are_rate_limited_per_client(client, applicant, submit, settings):
    settings.MIZ_DESK_TRACK_LIMIT = 3
    request = submit()
    for _ in range(3):
        assert lookup(client, request.tracking_code, applicant.national_code).status_code == 200
    blocked = lookup(client, request.tracking_code, applicant.national_code)
    assert blocked.status_code == 429 and blocked.context["req"] is None
    assert "از حد مجاز گذشت" in blocked.content.decode()
    # Another client is not affected.
    other = lookup(client, request.tracking_code, applicant.national_code, REMOTE_ADDR="10.9.9.9")
    assert other.status_code == 200 and other.context["req"] == request


def test_qr_link_prefills_the_code(client, submit):
    request = submit()
    html = client.get(reverse("desk:track") + f"?code={request.tracking_code}").content.decode()
    assert f'value="{request.tracking_code}"' in html


def test_tracking_tells_the_applicant_when_they_are_awaited(client, applicant, expert, submit):
    request = submit()
    services.transition(request=request, name="accept", user=expert)
    services.transition(request=request, name="request_more", user=expert, note="متن محرمانه کارشناس")
    html = lookup(client, request.tracking_code, applicant.national_code).content.decode()
    assert 'id="awaiting-you"' in html and "متوقف" in html
    assert "متن محرمانه کارشناس" not in html  # the public page shows no message text
