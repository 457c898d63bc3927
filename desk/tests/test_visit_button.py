"""The «رزرو نوبت» button is offered only to those an appointment could be given to (issue 13, 10):
the service has an in-person desk and accepts the applicant's type (the intake's own rules)."""

import pytest
from django.urls import reverse

from desk.tests.factories import make_service

pytestmark = pytest.mark.django_db


def _service_page(client, service) -> str:
    return client.get(reverse("catalogue:detail", args=[service.service_id])).content.decode()


def test_a_natural_person_is_not_offered_a_visit_for_a_companies_only_service(client, unit, applicant):
    service = make_service([unit], for_natural_persons=False)
    assert 'id="book-visit"' in _service_page(client, service)  # a visitor is told after signing in
    client.force_login(applicant)
    assert 'id="book-visit"' not in _service_page(client, service)
    html = client.get(reverse("desk:book_visit"), {"service": service.service_id}).content.decode()
    assert 'id="visit-refused"' in html and "«حساب من»" in html
    assert f'href="{reverse("accounts:profile")}"' in html


def test_a_person_with_a_confirmed_company_is_offered_a_visit_for_a_companies_only_service(
    client, unit, applicant
):
    from accounts.tests.factories import CompanyMembershipFactory

    service = make_service([unit], for_natural_persons=False)
    CompanyMembershipFactory(user=applicant, status="confirmed")
    client.force_login(applicant)
    assert 'id="book-visit"' in _service_page(client, service)


def test_an_accepted_applicant_is_offered_a_visit(client, unit, applicant):
    service = make_service([unit])
    client.force_login(applicant)
    assert 'id="book-visit"' in _service_page(client, service)
    html = client.get(reverse("desk:book_visit"), {"service": service.service_id}).content.decode()
    assert 'id="visit-refused"' not in html


def test_no_visit_without_an_in_person_desk(client, unit, applicant):
    client.force_login(applicant)
    assert 'id="book-visit"' not in _service_page(client, make_service([]))
    assert 'id="book-visit"' not in _service_page(client, make_service([unit], channel_in_person=False))
