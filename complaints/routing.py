"""Where a complaint goes (R8): never to the unit it is about, nor to a unit under it.

The rule, from seed 004 (HQ's «حوزه بازرسی، ارزیابی عملکرد و پاسخگویی به شکایات» answers the
national complaint systems and ranks the provinces on complaint handling, with complaint liaisons
in HQ and in every province): among the units responsible for the complaint service, a complaint
about a unit goes to the nearest of them *above* that unit (its supervisor: a province's
directorate for an office under it), else to one of them at HQ (outside every province: HQ's
inspection and complaints unit), else to any of them; a complaint about no unit (a product) goes
to one at HQ as well, unless the national system that sent it names a province: then to the
complaint service's unit in that province nearest the top (its directorate), if it has one.
A unit under the complained one is excluded too: it reports to the unit it would investigate.
"""

from django.core.exceptions import ValidationError

from desk.services import route_unit, units_for


def excluded_units(complained_unit) -> set[int]:
    """Ids of the units that may not handle a complaint about `complained_unit`."""
    return complained_unit.descendant_ids() if complained_unit is not None else set()


def refusal_for(complained_unit, unit) -> str:
    """Why `unit` may not handle a complaint about `complained_unit`, or ""."""
    if complained_unit is None or unit.pk not in excluded_units(complained_unit):
        return ""
    if unit.pk == complained_unit.pk:
        return f"شکایت از «{complained_unit}» به خود این واحد فرستاده نمی‌شود؛ واحد دیگری را برگزینید."
    return (
        f"«{unit}» زیرمجموعه «{complained_unit}» است و شکایت از آن واحد به آن فرستاده نمی‌شود؛ "
        "واحد دیگری را برگزینید."
    )


def _in_a_province(unit) -> bool:
    return any(u.province_id for u in [unit, *unit.ancestors()])


def complaint_unit(service, *, complained_unit=None, province=None):
    """The unit that handles a new complaint about `complained_unit`, or about no unit in
    `province` (see the module's rule)."""
    if complained_unit is None:
        route_unit(service)  # refuses a service with no responsible unit
        units = units_for(service)
        there = [u for u in units if province is not None and u.province_id_above() == province.pk]
        if there:
            return min(there, key=lambda u: len(u.ancestors()))
        return min(units, key=_in_a_province)
    excluded = excluded_units(complained_unit)
    candidates = [u for u in units_for(service) if u.pk not in excluded]
    if not candidates:
        raise ValidationError(
            f"واحد دیگری جز «{complained_unit}» برای رسیدگی به شکایت از آن تعیین نشده است؛ "
            "شکایت را از راه سامانه ملی رسیدگی به شکایات (سامد، ۱۱۱) ثبت کنید یا با ۱۵۱۷ تماس بگیرید.",
            code="complained_unit",
        )
    above = {u.pk: rank for rank, u in enumerate(complained_unit.ancestors())}
    supervisors = sorted((u for u in candidates if u.pk in above), key=lambda u: above[u.pk])
    return supervisors[0] if supervisors else min(candidates, key=_in_a_province)


def receiving_unit_refusal(request, unit) -> str:
    """The desk's receiving-unit check (registered in `ComplaintsConfig.ready`): a complaint is
    never sent (reassigned, or moved by a workflow step) to the unit it is about."""
    from complaints.models import Complaint

    complaint = Complaint.objects.filter(request_id=request.pk).select_related("complained_unit").first()
    if complaint is None:
        return ""
    return refusal_for(complaint.complained_unit, unit)
