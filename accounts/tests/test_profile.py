"""The profile page's contact details (issue 13, D1): email and postal address kept, the mobile
changed only once a code sent to the new number is typed back."""

import pytest
from django.urls import reverse

from accounts.models import OneTimeCode
from accounts.tests.factories import UserFactory
from accounts.tests.helpers import code_in, page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def person():
    return UserFactory(mobile="+989121110000")


def test_email_and_postal_address_are_kept(client, person):
    client.force_login(person)
    response = client.post(
        reverse("accounts:profile"),
        {
            "contact-email": "sara@example.com",
            "contact-postal_address": "خرم‌آباد، خيابان شريعتي",
            "contact-postal_code": "۶۸۱۳۷-۱۴۷۵۸",
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.email == "sara@example.com"
    assert person.postal_address == "خرم‌آباد، خیابان شریعتی"
    assert person.postal_code == "6813714758"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [("contact-email", "not-an-email", "رایانامه"), ("contact-postal_code", "12345", "۱۰ رقم")],
)
def test_bad_contact_details_are_refused_and_nothing_changes(client, person, field, value, message):
    client.force_login(person)
    data = {"contact-email": "", "contact-postal_address": "نشانی تازه", "contact-postal_code": ""}
    response = client.post(reverse("accounts:profile"), {**data, field: value})
    assert response.status_code == 400 and message in page_text(response)
    person.refresh_from_db()
    assert person.postal_address == "" and person.email == ""


def test_the_mobile_changes_after_the_code_sent_to_the_new_number(client, person, outbox):
    client.force_login(person)
    response = client.post(reverse("accounts:mobile_change"), {"mobile-mobile": "۰۹۳۵ ۱۲۳ ۴۵۶۷"})
    assert response.status_code == 302 and response.url == reverse("accounts:mobile_verify")
    assert outbox[-1].to == "+989351234567"
    person.refresh_from_db()
    assert person.mobile == "+989121110000"  # not before the code

    wrong = client.post(reverse("accounts:mobile_verify"), {"code": "000000"})
    assert "درست نیست" in page_text(wrong)
    assert OneTimeCode.objects.get(mobile="+989351234567").attempts == 1

    response = client.post(reverse("accounts:mobile_verify"), {"code": code_in(outbox[-1])})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.mobile == "+989351234567"


@pytest.mark.parametrize(
    ("typed", "message"), [("09121110000", "همان شماره"), ("02188888888", "شماره همراه")]
)
def test_a_bad_new_mobile_is_refused_without_a_code(client, person, outbox, typed, message):
    client.force_login(person)
    response = client.post(reverse("accounts:mobile_change"), {"mobile-mobile": typed})
    assert response.status_code == 400 and message in page_text(response)
    assert outbox == [] and not OneTimeCode.objects.exists()


def test_the_code_page_needs_a_pending_change_of_this_person(client, person):
    client.force_login(person)
    response = client.post(reverse("accounts:mobile_verify"), {"code": "123456"})
    assert response.status_code == 302 and response.url == reverse("accounts:profile")
