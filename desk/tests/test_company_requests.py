"""Filing a service for a company (issue 13, D1): the applicant picks one of the companies their
membership of is confirmed, the request records it, staff see it and find it by its national ID,
and a service for legal persons refuses without one, pointing to the profile page."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import CompanyMembership
from accounts.tests.factories import CompanyMembershipFactory
from catalogue.tests.factories import ServiceFieldFactory
from core.text import to_persian_digits
from desk import services
from desk.models import ServiceRequest, State
from desk.tests.factories import make_service, pdf_file

pytestmark = pytest.mark.django_db

CONFIRMED = CompanyMembership.Status.CONFIRMED
COMPANY_ID = "10380284790"


@pytest.fixture
def legal_service(unit):
    return make_service([unit], for_natural_persons=False)


@pytest.fixture
def company(applicant):
    membership = CompanyMembershipFactory(
        user=applicant, status=CONFIRMED, company__national_id=COMPANY_ID, company__name="شرکت لبنیات پاک"
    )
    return membership.company


def apply_url(service):
    return reverse("desk:apply", args=[service.service_id])


def post_form(client, service, *, key="k-1", **fields):
    document = service.documents.get(required=True)
    data = {"idempotency_key": key, "product_name": "شیر", f"document_{document.pk}": pdf_file(), **fields}
    return client.post(apply_url(service), data)


def test_without_a_confirmed_company_the_form_is_refused_with_the_way_to_the_profile(
    client, applicant, legal_service
):
    CompanyMembershipFactory(user=applicant)  # asked, not yet confirmed
    client.force_login(applicant)
    response = client.get(apply_url(legal_service))
    html = response.content.decode()
    assert response.status_code == 403
    assert "فقط برای اشخاص حقوقی" in html and "«حساب من»" in html
    assert f'href="{reverse("accounts:profile")}"' in html and 'id="apply-form"' not in html


def test_a_person_files_for_their_confirmed_company(client, applicant, legal_service, company, expert):
    client.force_login(applicant)
    html = client.get(apply_url(legal_service)).content.decode()
    assert 'name="company"' in html and "شرکت لبنیات پاک" in html
    assert "از طرف خودم" not in html  # only companies may file this one
    response = post_form(client, legal_service, company=str(company.pk))
    request = ServiceRequest.objects.get()
    assert response.status_code == 302 and request.company == company and request.applicant == applicant
    receipt = client.get(response.url).content.decode()
    assert "شرکت لبنیات پاک" in receipt
    client.force_login(expert)
    detail = client.get(reverse("desk:detail", args=[request.tracking_code])).content.decode()
    assert 'id="request-company"' in detail and to_persian_digits(COMPANY_ID) in detail


def test_a_service_for_everyone_may_be_filed_as_oneself_or_for_the_company(
    client, applicant, service, company
):
    client.force_login(applicant)
    assert "از طرف خودم" in client.get(apply_url(service)).content.decode()
    post_form(client, service, key="mine", company="")
    post_form(client, service, key="theirs", company=str(company.pk))
    assert sorted(str(r.company) for r in ServiceRequest.objects.all()) == ["None", "شرکت لبنیات پاک"]


def test_another_persons_company_is_refused_by_the_form(client, applicant, legal_service, company):
    others = CompanyMembershipFactory(status=CONFIRMED).company
    client.force_login(applicant)
    response = post_form(client, legal_service, company=str(others.pk))
    assert response.status_code == 200 and "معتبر" in response.content.decode()
    assert not ServiceRequest.objects.exists()


@pytest.mark.parametrize("status", [CompanyMembership.Status.PENDING, CompanyMembership.Status.REVOKED])
def test_the_service_refuses_a_company_whose_membership_is_not_confirmed(
    applicant, legal_service, submit, status
):
    company = CompanyMembershipFactory(user=applicant, status=status).company
    with pytest.raises(ValidationError, match="تأیید نشده"):
        submit(svc=legal_service, company=company)
    assert not ServiceRequest.objects.exists()


def test_the_service_refuses_a_company_for_a_natural_persons_only_service(applicant, unit, company, submit):
    service = make_service([unit], for_legal_persons=False)
    with pytest.raises(ValidationError, match="فقط برای اشخاص حقیقی"):
        submit(svc=service, company=company)


def test_a_double_submit_files_one_request_for_the_company(client, applicant, legal_service, company):
    client.force_login(applicant)
    for _ in range(2):
        assert post_form(client, legal_service, key="same", company=str(company.pk)).status_code == 302
    assert ServiceRequest.objects.filter(company=company).count() == 1


def test_staff_find_the_request_by_the_companys_national_id(client, expert, legal_service, company, submit):
    request = submit(svc=legal_service, company=company)
    client.force_login(expert)
    response = client.get(reverse("desk:queue"), {"q": to_persian_digits(COMPANY_ID)})
    assert [r.tracking_code for r in response.context["reqs"]] == [request.tracking_code]


def test_staff_of_the_company_may_not_handle_its_request(
    make_user, expert, head, legal_service, company, submit
):
    """Separation of duties: an expert who belongs to the company leaves its requests to colleagues."""
    CompanyMembershipFactory(
        user=expert, company=company, role=CompanyMembership.Role.AGENT, status=CONFIRMED
    )
    request = submit(svc=legal_service, company=company)
    with pytest.raises(ValidationError, match="شرکتی که به شما وابسته است"):
        services.transition(request=request, name="accept", user=expert)
    services.transition(request=request, name="accept", user=head)
    assert request.state == State.ACCEPTED


def test_the_companys_national_id_is_prefilled_when_it_is_the_only_one(
    client, applicant, legal_service, company
):

    ServiceFieldFactory(
        service=legal_service, name="company_legal_id", label="شناسه ملی شرکت", kind="legal_id", order=3
    )
    client.force_login(applicant)
    assert (
        f'name="company_legal_id" value="{COMPANY_ID}"'
        in client.get(apply_url(legal_service)).content.decode()
    )
    CompanyMembershipFactory(user=applicant, status=CONFIRMED)  # a second company: which one is unknown
    html = client.get(apply_url(legal_service)).content.decode()
    assert f'value="{COMPANY_ID}"' not in html
