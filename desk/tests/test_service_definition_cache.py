"""The application form reads its service's definition from the cache (`selectors.published_service`),
and sees every change to the service at once: its fields, documents, steps, responsible units, a
responsible unit itself, the service closed (catalogue.versioning)."""

import pytest
from django.urls import reverse

from catalogue.models import ServiceField
from catalogue.tests.factories import ServiceFieldFactory
from desk import selectors

pytestmark = pytest.mark.django_db


@pytest.fixture
def form(client, applicant, service):
    client.force_login(applicant)
    url = reverse("desk:apply", args=[service.service_id])

    def get():
        return client.get(url)

    get()  # the definition is cached from here on
    return get


def test_a_field_added_to_the_form_is_asked_by_the_next_visit(form, service):
    assert "colour" not in form().content.decode()
    ServiceFieldFactory(service=service, name="colour", label="رنگ بسته", order=3)
    assert "رنگ بسته" in form().content.decode()


def test_a_field_edited_or_removed_is_seen_at_once(form, service):
    field = service.fields.get(name="product_name")
    field.label = "نام فراورده"
    field.save()
    assert "نام فراورده" in form().content.decode()
    ServiceField.objects.filter(pk=field.pk).first().delete()
    assert "product_name" not in form().content.decode()


def test_a_closed_service_is_not_found_at_once(form, service):
    service.is_active = False
    service.save()
    assert form().status_code == 404
    assert selectors.published_service(service.service_id) is None


def test_a_second_responsible_unit_is_offered_and_a_closed_one_is_not(form, service, other_unit):
    assert 'name="unit"' not in form().content.decode()
    service.responsible_units.add(other_unit)
    assert 'name="unit"' in form().content.decode()
    other_unit.is_active = False
    other_unit.save()
    assert 'name="unit"' not in form().content.decode()
    other_unit.catalogue_services.clear()
    assert [u.pk for u in selectors.published_service(service.service_id).responsible_units.all()] == [
        service.responsible_units.get().pk
    ]


def test_a_documents_size_limit_is_the_body_limit_at_once(form, service):
    from desk import uploads

    before = uploads.service_files_bytes(service.service_id)
    document = service.documents.get(required=True)
    document.max_size_bytes += 1000
    document.save()
    assert uploads.service_files_bytes(service.service_id) == before + 1000
    assert uploads.service_files_bytes("not-a-service") == 0


def test_a_step_added_is_in_the_definition_at_once(form, service):
    from catalogue.tests.factories import WorkflowStepFactory

    WorkflowStepFactory(service=service, order=9, target_working_days=3)
    assert [s.order for s in selectors.published_service(service.service_id).steps.all()][-1] == 9


def test_the_tracking_page_shows_a_step_added_or_renamed_at_once(client, submit, applicant, service):
    """The public page reads the steps from the cache under the service's version: every change
    of a step moves the version on, so the next lookup shows it."""
    from catalogue.tests.factories import WorkflowStepFactory

    request = submit(svc=service)

    def steps_shown():
        response = client.post(
            reverse("desk:track"), {"code": request.tracking_code, "identifier": applicant.national_code}
        )
        return [row["step"].title for row in response.context["steps"]]

    before = steps_shown()
    assert steps_shown() == before  # from the cache now
    WorkflowStepFactory(service=service, order=9, title="بازرسی پایانی", target_working_days=3)
    assert steps_shown() == [*before, "بازرسی پایانی"]
    step = service.steps.get(order=9)
    step.title = "بازرسی نهایی"
    step.save()
    assert steps_shown()[-1] == "بازرسی نهایی"
    step.delete()
    assert steps_shown() == before


def test_the_staff_page_shows_a_field_renamed_and_a_unit_closed_at_once(
    client, submit, expert, service, other_unit
):
    """The request page reads its service's fields and responsible units from the definition's
    cache: a field's new label and a responsible unit closed are seen by the next visit."""
    request = submit(svc=service)
    service.responsible_units.add(other_unit)
    client.force_login(expert)
    url = reverse("desk:detail", args=[request.tracking_code])

    def page():
        return client.get(url).content.decode()

    first = page()
    assert "نام کالا" in first and f"unit:{other_unit.pk}" in first
    assert "نام کالا" in page()  # from the cache now
    field = service.fields.get(name="product_name")
    field.label = "نام فراورده"
    field.save()
    assert "نام فراورده" in page() and "نام کالا" not in page()
    other_unit.is_active = False
    other_unit.save()
    assert f"unit:{other_unit.pk}" not in page()


def test_a_closed_services_definition_read_for_a_request_page_is_not_served_to_a_filing(
    client, submit, expert, service
):
    """A request's page reads the definition of its service even once closed, but does not keep
    it where filings read: a service opened again behind the models (a bulk update, which does not
    move its version) is filed as open, not served as the closed one."""
    from catalogue.models import Service

    request = submit(svc=service)
    service.is_active = False
    service.save()
    client.force_login(expert)
    assert client.get(reverse("desk:detail", args=[request.tracking_code])).status_code == 200
    Service.objects.filter(pk=service.pk).update(is_active=True)
    found = selectors.published_service(service.service_id)
    assert found is not None and found.is_active


def test_a_definition_kept_by_a_release_of_another_shape_is_not_served(client, applicant, service):
    """During a rolling deployment two releases share the cache. A definition pickled by one
    whose models differ (here: kept under the key the release before this one used, without the
    shape) is not read by this one, which reads the service itself."""
    from django.core.cache import cache

    from catalogue.models import Service

    stale = Service.objects.get(pk=service.pk)
    stale.title = "عنوان نسخه پیشین"
    cache.set(f"desk:service:{stale.pk}:{stale.updated_at.timestamp()}", stale, 600)
    client.force_login(applicant)
    page = client.get(reverse("desk:apply", args=[service.service_id])).content.decode()
    assert service.title in page and "عنوان نسخه پیشین" not in page


def test_the_shape_of_a_cached_row_follows_its_columns():
    """`definitions.shape`: models of the same table and columns give the same digest; a column
    more, or one more model, gives another."""
    from django.db import models
    from django.test.utils import isolate_apps

    from desk.selectors.definitions import shape

    def probe(name, *columns):
        meta = type("Meta", (), {"app_label": "desk", "db_table": "shape_probe"})
        fields = {column: models.CharField(max_length=10) for column in columns}
        return type(name, (models.Model,), {"__module__": __name__, "Meta": meta, **fields})

    with isolate_apps("desk"):
        Before, After, Again = (
            probe("Before", "title"),
            probe("After", "title", "subtitle"),
            probe("Again", "title"),
        )

    assert shape([Before]) == shape([Again])
    assert shape([Before]) != shape([After])
    assert shape([Before]) != shape([Before, After])
