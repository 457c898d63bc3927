"""A service's filing definition is read once per catalogue version (decision 0121): reused with no
query while nothing it holds changes, read again after any change of its fields, documents,
steps, agreements, responsible units or an organisation unit, and after the version is lost."""

import pytest
from django.core.cache import cache

from catalogue import definitions
from catalogue.models import Service
from catalogue.tests.factories import (
    RequiredDocumentFactory,
    ServiceFactory,
    ServiceFieldFactory,
    ServiceLevelAgreementFactory,
    WorkflowStepFactory,
)
from orgs.tests.factories import OrgUnitFactory

pytestmark = pytest.mark.django_db


def fresh(service) -> Service:
    """The service's row read again, as each filing reads it, with its definition."""
    return definitions.with_definition(Service.objects.get(pk=service.pk))


def shape(service) -> dict:
    return {
        "fields": [f.name for f in service.fields.all()],
        "documents": [d.title for d in service.documents.all()],
        "steps": [s.title for s in service.steps.all()],
        "units": sorted(u.code for u in service.responsible_units.all() if u.is_active),
        "agreements": [a.pk for a in service.agreements.all()],
        "form": sorted(service.application_form.base_fields),
    }


@pytest.fixture
def service():
    unit = OrgUnitFactory(code="U-DEF-1")
    service = ServiceFactory(units=[unit])
    ServiceFieldFactory(service=service, name="product")
    RequiredDocumentFactory(service=service, title="شناسنامه کالا")
    return service


def test_a_definition_read_once_costs_no_query_until_something_changes(service, django_assert_num_queries):
    first = shape(fresh(service))
    row = Service.objects.get(pk=service.pk)
    with django_assert_num_queries(0):
        assert shape(definitions.with_definition(row)) == first
    assert first["fields"] == ["product"] and first["units"] == ["U-DEF-1"]


@pytest.mark.parametrize(
    "change",
    ["a field", "a document removed", "a step", "an agreement", "a unit added", "a unit closed", "the title"],
)
def test_every_change_of_what_a_definition_holds_is_read_at_the_next_filing(service, change):
    before, token = shape(fresh(service)), definitions.version()
    if change == "a field":
        ServiceFieldFactory(service=service, name="weight")
    elif change == "a document removed":
        service.documents.get().delete()
    elif change == "a step":
        WorkflowStepFactory(service=service, order=9)
    elif change == "an agreement":
        ServiceLevelAgreementFactory(service=service, provider_unit=service.responsible_units.get())
    elif change == "a unit added":
        service.responsible_units.add(OrgUnitFactory(code="U-DEF-2"))
    elif change == "a unit closed":
        unit = service.responsible_units.get()
        unit.is_active = False
        unit.save()
    else:
        Service.objects.filter(pk=service.pk).get().save()  # the row alone (its rows' back-links)
    assert definitions.version() != token
    if change != "the title":
        assert shape(fresh(service)) != before
    if change == "a field":
        assert "weight" in shape(fresh(service))["fields"] and "weight" in shape(fresh(service))["form"]


def test_a_lost_version_reads_the_definition_again(service, django_assert_num_queries):
    fresh(service)
    cache.clear()  # a restarted cache: a new token, never an old one taken for current
    row = Service.objects.get(pk=service.pk)
    with django_assert_num_queries(5):  # fields, documents, steps, units, agreements
        definitions.with_definition(row)


def test_a_definition_older_than_its_bound_is_read_again(service, monkeypatch, django_assert_num_queries):
    fresh(service)
    monkeypatch.setattr(definitions, "MAX_AGE", -1)  # a write that sent no signal: kept no longer
    row = Service.objects.get(pk=service.pk)
    with django_assert_num_queries(5):
        definitions.with_definition(row)


def test_a_value_kept_for_the_catalogue_is_computed_again_after_a_change(service):
    computed = []

    def compute():
        computed.append(len(computed) + 1)
        return computed[-1]

    assert definitions.kept("a figure", compute) == 1
    assert definitions.kept("a figure", compute) == 1
    RequiredDocumentFactory(service=service, max_size_bytes=10)
    assert definitions.kept("a figure", compute) == 2
