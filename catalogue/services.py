"""Writes to the catalogue: each validates fully, runs in one transaction, refuses in Persian."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from catalogue.models import Service, ServiceLevelAgreement
from orgs.models import OrgUnit

DUPLICATE_ID = "خدمتی با این شناسه پیش‌تر ثبت شده است."


@transaction.atomic
def create_service(*, responsible_units=(), **fields) -> Service:
    """Create a service from its field values (service_id may be typed in any digit script)."""
    service = Service(**fields)
    service.full_clean()
    try:
        with transaction.atomic():
            service.save()
    except IntegrityError as exc:  # a concurrent insert of the same ID
        raise ValidationError({"service_id": DUPLICATE_ID}) from exc
    if responsible_units:
        service.responsible_units.set(responsible_units)
    return service


@transaction.atomic
def update_service(service: Service, *, responsible_units=None, **fields) -> Service:
    for name, value in fields.items():
        setattr(service, name, value)
    service.full_clean()
    service.save()
    if responsible_units is not None:
        service.responsible_units.set(responsible_units)
    return service


@transaction.atomic
def create_agreement(*, service: Service, provider_unit: OrgUnit, **fields) -> ServiceLevelAgreement:
    """A new SLA version for service + unit; refused if its validity overlaps another version."""
    # Lock the service row so two versions cannot be checked and saved side by side.
    Service.objects.select_for_update().filter(pk=service.pk).first()
    agreement = ServiceLevelAgreement(service=service, provider_unit=provider_unit, **fields)
    agreement.full_clean(exclude=["version"])
    agreement.save()
    return agreement


@transaction.atomic
def update_agreement(agreement: ServiceLevelAgreement, **fields) -> ServiceLevelAgreement:
    Service.objects.select_for_update().filter(pk=agreement.service_id).first()
    for name, value in fields.items():
        setattr(agreement, name, value)
    agreement.full_clean()
    agreement.save()
    return agreement
