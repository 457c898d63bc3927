"""The guide's worked examples for the desk's clients (`/api/guide/association/` and
`/api/guide/open311/`, `apiclients.guide`) made step by step against a test world, with its
service, office and applicant in place of the example's codes: each step answers with the status
the page promises, and the request the example files is there at the end."""

import pytest

from apiclients.guide import EXAMPLE, PAGES
from apiclients.tests.factories import make_client
from apiclients.tests.guide_calls import answered_as_documented, send
from core.validators import national_code_with_check_digit
from desk.models import ServiceRequest
from desk.tests.factories import make_service, pdf_file
from desk.tests.test_api_write import code_from

pytestmark = pytest.mark.django_db


def walk(client, page, values, token, outbox, *, after):
    """Each step of the page in order; `after(index, response)` reads what the next step needs."""
    steps = len(page.calls(values))
    for index in range(steps):
        call = page.calls(values)[index]
        response = send(client, call, token, upload=pdf_file)
        answered_as_documented(response, call)
        after(index, response)


def applicant(service, office) -> dict:
    return {
        **EXAMPLE,
        "service_id": service.service_id,
        "office": office.code,
        "national_code": national_code_with_check_digit("555666779"),
        "mobile": "09351112266",
    }


def test_the_association_example_files_a_request_step_by_step(committing_client, service, office, outbox):
    page = PAGES["association"]
    token = make_client(*page.scopes, kind=page.kind, offices=[office])[1]
    values = {**applicant(service, office), "document": f"document_{service.documents.get(required=True).pk}"}

    def after(index, response):
        if response.status_code == 202:
            values["otp"] = code_from(outbox)
        if response.status_code == 201:
            values["tracking_code"] = response.json()["tracking_code"]

    walk(committing_client, page, values, token, outbox, after=after)
    req = ServiceRequest.objects.get()
    assert req.tracking_code == values["tracking_code"] and req.counter_office == office


def test_the_open311_example_files_a_request_step_by_step(committing_client, unit, office, outbox):
    page = PAGES["open311"]
    token = make_client(*page.scopes, kind=page.kind, offices=[office])[1]
    values = applicant(make_service([unit], documents=False), office)

    def after(index, response):
        if response.status_code == 400:  # the code was texted, and the answer says so
            assert "پیامک شد" in response.json()[0]["description"]
            values["otp"] = code_from(outbox)
        if response.status_code == 201:
            values["tracking_code"] = response.json()[0]["service_request_id"]

    walk(committing_client, page, values, token, outbox, after=after)
    assert ServiceRequest.objects.get().tracking_code == values["tracking_code"]
