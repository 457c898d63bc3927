"""Where a request may be filed: the counter offices that may file a service, and the services a
desk clerk or a counter operator may file for an applicant."""

from dataclasses import dataclass

from core.geo import distance_km
from desk.selectors.scopes import clerk_units, operator_offices
from orgs.models import CounterOffice


@dataclass(frozen=True)
class FilingOffice:
    office: CounterOffice
    distance_km: float | None = None
    same_province: bool = False


def filing_offices(service, *, province=None, point: tuple[float, float] | None = None) -> list[FilingOffice]:
    """The active counter offices that may file `service` now, as the intake itself decides
    (`desk.services.counter_office_refusal`: the registered rules, a licence in good standing and
    the service delegated to the office), nearest first: the applicant's `province` first, then by
    distance from `point` (offices without a location after those with one), then by province,
    city and code. One check per active office: fine for the hundreds of offices a service has."""
    from desk.services.counter import counter_office_refusal

    if not service.channel_counter:
        return []
    offices = CounterOffice.objects.filter(is_active=True).select_related("province__region")
    found = []
    for office in offices:
        if counter_office_refusal(office, service):
            continue
        distance = None
        if point is not None and office.latitude is not None and office.longitude is not None:
            distance = distance_km(point, (office.latitude, office.longitude))
        same = province is not None and office.province_id == province.pk
        found.append(FilingOffice(office, distance, same))
    return sorted(
        found,
        key=lambda f: (
            not f.same_province,
            f.distance_km is None,
            f.distance_km or 0,
            f.office.province.name,
            f.office.city,
            f.office.code,
        ),
    )


def intake_services(user, candidates) -> list:
    """Of `candidates` (services offered at counters or in person), those this user may file for
    an applicant somewhere: every one at an in-person desk of a unit they clerk for; at a counter
    office, only a counter service the office may file (`counter_office_refusal`)."""
    from desk.services.counter import counter_office_refusal

    if clerk_units(user).exists():
        return list(candidates)
    offices = list(operator_offices(user).select_related("province__region"))
    return [
        s
        for s in candidates
        if s.channel_counter and any(not counter_office_refusal(office, s) for office in offices)
    ]
