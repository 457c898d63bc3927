"""Writes to the organisation tree: seeding the reference data (idempotent, never overwriting edits)."""

from django.db import transaction

from core.text import normalize_text
from orgs import data
from orgs.models import OrgUnit, Province, Region


def canonical_province_name(name: str) -> str | None:
    """Any spelling met in the seeds (ي/ك, ZWNJ, known variants) → the canonical name, or None."""
    text = " ".join(normalize_text(name or "").replace("\u200c", " ").split())
    names = {n for _, n, _, _ in data.PROVINCES}
    if text in names:
        return text
    aliases = {" ".join(k.replace("\u200c", " ").split()): v for k, v in data.PROVINCE_ALIASES.items()}
    return aliases.get(text)


@transaction.atomic
def seed_reference_data() -> dict[str, int]:
    """Create what is missing of regions, provinces and the org tree. Existing rows are kept
    as they are, so corrections made in the admin survive a second run."""
    created = {"regions": 0, "provinces": 0, "org_units": 0}
    regions = {}
    for order, (code, name, title, phone) in enumerate(data.REGIONS):
        region, new = Region.objects.get_or_create(
            code=code, defaults={"name": name, "expert_title": title, "order": order}
        )
        if new:
            region.phone = phone
            region.full_clean()
            region.save()
        regions[code] = region
        created["regions"] += new

    provinces = {}
    for code, name, area, region_code in data.PROVINCES:
        province, new = Province.objects.get_or_create(
            code=code,
            defaults={"name": name, "phone_area_code": area, "region": regions[region_code]},
        )
        provinces[code] = province
        created["provinces"] += new

    def unit(code, name, short, kind, parent, order, province=None):
        obj, new = OrgUnit.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "short_name": short,
                "kind": kind,
                "parent": parent,
                "order": order,
                "province": province,
            },
        )
        created["org_units"] += new
        return obj

    root = unit(*data.ORGANISATION, OrgUnit.Kind.ORGANISATION, None, 0)
    hq = unit(*data.HQ, OrgUnit.Kind.HQ, root, 1)
    unit(*data.RESEARCH, OrgUnit.Kind.RESEARCH, root, 2)
    for order, (code, name) in enumerate(data.HQ_OFFICES, start=1):
        unit(code, name, "", OrgUnit.Kind.HQ_OFFICE, hq, order)
    for order, (code, name, _area, _region) in enumerate(data.PROVINCES, start=10):
        unit(
            code,
            f"اداره کل استاندارد استان {name}",
            name,
            OrgUnit.Kind.PROVINCE,
            root,
            order,
            province=provinces[code],
        )
    return created
