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


def units_none_may_answer_for() -> set[int]:
    """The units that hold every unit answering complaints (the whole organisation, HQ in a small
    tree): no unit may look into a complaint about them (`routing.excluded_units`), so the form
    does not offer them; one posted all the same gets the routing's Persian refusal, which names
    the national system that takes it."""
    from desk.services import units_for
    from orgs.models import subtree_ids, unit_children

    try:
        handlers = {unit.pk for unit in units_for(complaint_service())}
    except ValidationError:
        return set()
    if not handlers:
        return set()
    children = unit_children()
    units = complainable_units().values_list("pk", flat=True)
    return {pk for pk in units if handlers <= subtree_ids(children, pk)}
