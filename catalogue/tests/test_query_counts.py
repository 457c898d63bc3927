"""Queries per catalogue page, written down (docs/performance-desk.md, «Queries per page») and
guarded: each page costs the same with one row of everything as with many (services on the list;
fields, documents, steps, units and agreements on a service's page)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalogue import services
from catalogue.tests.factories import (
    RequiredDocumentFactory,
    ServiceFieldFactory,
    WorkflowStepFactory,
    make_service,
    make_unit,
)

pytestmark = pytest.mark.django_db

MANY = 30
MAX_QUERIES = {"list": 2, "detail": 7}  # detail: the online fee rule (payments_fees)


def count(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(queries.captured_queries)


def assert_flat(page: str, one: int, many: int) -> None:
    print(f"\nqueries catalogue {page}: one row {one}, {MANY} rows {many}")  # read with -s
    assert many <= MAX_QUERIES[page], f"{page}: {many} queries, ceiling {MAX_QUERIES[page]}"
    assert many == one, f"{page}: {one} queries with one row, {many} with {MANY}: a query per row"


def _services(n: int, unit) -> None:
    for i in range(n):
        make_service(
            title=f"خدمت استاندارد {i}", area="metrology" if i % 2 else "training"
        ).responsible_units.add(unit)


@pytest.mark.parametrize("params", [{}, {"q": "استاندارد"}, {"area": "metrology"}])
def test_the_catalogue_costs_the_same_however_many_services(client, params):
    unit = make_unit()
    _services(2, unit)
    one = count(client, reverse("catalogue:list"), params)
    _services(MANY, unit)
    assert_flat("list", one, count(client, reverse("catalogue:list"), params))


def _grow(service, n: int, start: int) -> None:
    for i in range(start, start + n):
        unit = make_unit(code=f"U-{i}", name=f"واحد {i}")
        service.responsible_units.add(unit)
        ServiceFieldFactory(service=service, name=f"f{i}", label=f"پرسش {i}", kind="text", order=i)
        RequiredDocumentFactory(service=service, title=f"مدرک {i}", accepted_formats="pdf", order=i)
        WorkflowStepFactory(
            service=service, order=i, title=f"گام {i}", responsible_role="staff_expert", responsible_unit=unit
        )
        services.create_agreement(service=service, provider_unit=unit)


def test_a_service_page_costs_the_same_however_much_it_holds(client):
    service = make_service(title="پروانه کاربرد علامت استاندارد")
    _grow(service, 1, start=1)
    url = reverse("catalogue:detail", args=[service.service_id])
    one = count(client, url)
    _grow(service, MANY, start=2)
    assert_flat("detail", one, count(client, url))
