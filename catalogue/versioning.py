"""A service's version for caches of its definition: `Service.updated_at`, moved on whenever
something the application form or the intake reads with the service changes: its own row, its
fields, documents, steps and agreements, which units are responsible for it, or one of those
units (renamed, closed, moved to another province).

`desk.selectors.published_service` keys its cache by service and version, so a change is seen by
the next filing in every worker without deleting anything: the old entry is simply never asked
for again. Changes through the models (the admin, services, fixtures) move the version; a bulk
`QuerySet.update()` of those rows does not, so the cache also expires on its own
(`desk.selectors.definitions.TIMEOUT`)."""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.utils import timezone


def touch(service_ids) -> None:
    """Move the version of these services (ids) to now."""
    from catalogue.models import Service

    ids = [pk for pk in service_ids if pk is not None]
    if ids:
        Service.objects.filter(pk__in=ids).update(updated_at=timezone.now())


def _part_changed(sender, instance, **kwargs) -> None:
    touch([instance.service_id])


def _units_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    from catalogue.models import Service

    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    if not reverse:  # service.responsible_units.add/remove/clear(...)
        touch([instance.pk])
    elif pk_set is not None:  # unit.catalogue_services.add/remove(...)
        touch(pk_set)
    else:  # unit.catalogue_services.clear(), before the links go
        touch(Service.objects.filter(responsible_units=instance).values_list("pk", flat=True))


def _unit_saved(sender, instance, created=False, raw=False, **kwargs) -> None:
    """A unit changed or is about to go: the services it is responsible for (none if new)."""
    if not created and not raw:
        touch(instance.catalogue_services.values_list("pk", flat=True))


def connect() -> None:
    """Called once from `CatalogueConfig.ready()`."""
    from catalogue.models import RequiredDocument, Service, ServiceField, ServiceLevelAgreement, WorkflowStep
    from orgs.models import OrgUnit

    for model in (ServiceField, RequiredDocument, WorkflowStep, ServiceLevelAgreement):
        uid = f"catalogue.versioning.{model.__name__}"
        post_save.connect(_part_changed, sender=model, dispatch_uid=f"{uid}.save")
        post_delete.connect(_part_changed, sender=model, dispatch_uid=f"{uid}.delete")
    m2m_changed.connect(
        _units_changed, sender=Service.responsible_units.through, dispatch_uid="catalogue.versioning.units"
    )
    post_save.connect(_unit_saved, sender=OrgUnit, dispatch_uid="catalogue.versioning.unit")
    pre_delete.connect(_unit_saved, sender=OrgUnit, dispatch_uid="catalogue.versioning.unit_delete")
