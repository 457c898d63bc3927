"""Reads of the complaints app: the complaint service, the subjects and units offered."""

from django.core.exceptions import ValidationError

from catalogue.models import Area, Service
from complaints.models import ComplaintSubject
from orgs.models import OrgUnit


def complaint_service() -> Service:
    """The catalogue's complaint service (area «شکایات و پاسخگویی»): its SLA, responsible units
    and documents are those of every complaint."""
    service = (
        Service.objects.active()
        .filter(area=Area.COMPLAINTS)
        .prefetch_related("agreements", "documents", "responsible_units")
        .order_by("pk")
        .first()
    )
    if service is None:
        raise ValidationError(
            "خدمت رسیدگی به شکایات در فهرست خدمات فعال نیست؛ با ۱۵۱۷ تماس بگیرید.", code="no_service"
        )
    return service


def active_subjects():
    return ComplaintSubject.objects.filter(is_active=True)


def complainable_units():
    return OrgUnit.objects.filter(is_active=True).order_by("order", "name")
