"""Demo data: the organisation tree, provinces and regions (real reference data, not samples)."""

from orgs.services import seed_reference_data


def seed(*, stdout, debug: bool) -> None:
    created = seed_reference_data()
    stdout.write(
        f"orgs: {created['regions']} regions, {created['provinces']} provinces, "
        f"{created['org_units']} org units created"
    )
