"""An application filed with numbers typed on a Persian keyboard (issue 13, defect 9): «تعداد توقف»
of the elevator form was a `type=number` input that dropped «۱۲»; a count took «۱۲٫۵»."""

import re

import pytest
from django.urls import reverse

from catalogue.tests.factories import ServiceFieldFactory
from desk.models import ServiceRequest
from desk.tests.factories import pdf_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def elevator(service):
    ServiceFieldFactory(service=service, name="stops", label="تعداد توقف", kind="integer", order=3)
    ServiceFieldFactory(service=service, name="capacity_kg", label="ظرفیت (کیلوگرم)", kind="number", order=4)
    return service


def post(client, service, **fields):
    document = service.documents.get(required=True)
    data = {
        "idempotency_key": "k-1",
        "product_name": "آسانسور",
        f"document_{document.pk}": pdf_file("report.pdf"),
        **fields,
    }
    return client.post(reverse("desk:apply", args=[service.service_id]), data)


def test_the_form_offers_keypads_not_number_inputs(client, applicant, elevator):
    client.force_login(applicant)
    html = client.get(reverse("desk:apply", args=[elevator.service_id])).content.decode()
    stops = re.search(r'<input[^>]*name="stops"[^>]*>', html).group(0)
    capacity = re.search(r'<input[^>]*name="capacity_kg"[^>]*>', html).group(0)
    assert 'type="text"' in stops and 'inputmode="numeric"' in stops
    assert 'type="text"' in capacity and 'inputmode="decimal"' in capacity
    assert 'type="number"' not in html


def test_persian_digits_are_filed_as_numbers(client, applicant, elevator):
    client.force_login(applicant)
    response = post(client, elevator, stops="۱۲", capacity_kg="۶۳۰٫۵")
    assert response.status_code == 302, response.content.decode()[:2000]
    request = ServiceRequest.objects.get()
    assert request.form_data["stops"] == 12
    assert request.form_data["capacity_kg"] == "630.5"


def test_a_count_with_a_fraction_is_refused_and_nothing_is_filed(client, applicant, elevator):
    client.force_login(applicant)
    response = post(client, elevator, stops="۱۲٫۵", capacity_kg="۶۳۰")
    assert response.status_code == 200
    error = re.search(r'id="id_stops_error">([^<]+)<', response.content.decode()).group(1)
    assert error == "عدد صحیح و بی‌اعشار بنویسید، مانند ۱۲."
    assert not ServiceRequest.objects.exists()
