"""Reads of client systems: the places a client acts for, resolved to ids once per call."""

from dataclasses import dataclass

from apiclients.models import ApiClient
from orgs.models import OrgUnit, subtree_ids, unit_children


@dataclass(frozen=True)
class Places:
    """Counter offices, units and provinces of a client. A unit stands for itself and everything
    under it; a province for its counter offices and its directorate's subtree (in `unit_ids`)."""

    office_ids: frozenset[int]
    unit_ids: frozenset[int]
    province_ids: frozenset[int]


def places_of(client: ApiClient) -> Places:
    province_ids = set(client.provinces.values_list("pk", flat=True))
    roots = list(client.units.values_list("pk", flat=True))
    roots += OrgUnit.objects.filter(province_id__in=province_ids).values_list("pk", flat=True)
    units: set[int] = set()
    if roots:
        children = unit_children()
        for root in roots:
            units |= subtree_ids(children, root)
    return Places(
        office_ids=frozenset(client.offices.values_list("pk", flat=True)),
        unit_ids=frozenset(units),
        province_ids=frozenset(province_ids),
    )
