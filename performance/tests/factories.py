"""Small builders for performance tests (the organisation tree comes from orgs' seed)."""

import itertools

from orgs.models import OrgUnit
from orgs.services import seed_reference_data
from performance.models import Activity, Area, Period, PlanVersion
from performance.services import get_or_create_period, total_breakdown

_n = itertools.count(1)


def org_tree() -> None:
    seed_reference_data()


def province(name: str = "تهران") -> OrgUnit:
    org_tree()
    return OrgUnit.objects.get(kind=OrgUnit.Kind.PROVINCE, province__name=name)


def area(code: str = "std", title: str = "استانداردسازی") -> Area:
    return Area.objects.get_or_create(code=code, defaults={"title": title})[0]


def activity(**extra) -> Activity:
    n = next(_n)
    extra.setdefault("code", f"T{n:03d}")
    extra.setdefault("title", f"فعالیت آزمایشی {n}")
    extra.setdefault("area", area())
    obj = Activity.objects.create(**extra)
    total_breakdown(obj)
    return obj


def year(y: int = 1400) -> Period:
    return get_or_create_period(kind=Period.Kind.YEAR, year=y)


def plan_version(y: int = 1400, code: str | None = None) -> PlanVersion:
    """The year's version in force (an earlier one when the year already has one)."""
    code = code or f"p{y}-v2"
    in_force = PlanVersion.objects.filter(year=y, state=PlanVersion.State.IN_FORCE).exclude(code=code)
    state = PlanVersion.State.SUPERSEDED if in_force.exists() else PlanVersion.State.IN_FORCE
    return PlanVersion.objects.get_or_create(
        code=code, defaults={"title": f"برنامه {y}", "year": y, "state": state}
    )[0]
