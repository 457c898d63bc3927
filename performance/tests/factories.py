"""Factories for performance tests: areas, activities (with their total breakdown), plan versions,
submissions and validation rules; the organisation tree comes from orgs' seed, a year's period from
the service that makes it. The short functions are the names older tests call."""

import factory

from orgs.models import OrgUnit
from orgs.services import seed_reference_data
from performance.models import Activity, Area, Period, PlanVersion, Submission, ValidationRule
from performance.services import get_or_create_period, total_breakdown


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area
        django_get_or_create = ("code",)

    code = "std"
    title = "استانداردسازی"


class ActivityFactory(factory.django.DjangoModelFactory):
    """An activity of an area, with the total breakdown every activity has."""

    class Meta:
        model = Activity
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"T{n + 1:03d}")
    title = factory.Sequence(lambda n: f"فعالیت آزمایشی {n + 1}")
    area = factory.SubFactory(AreaFactory)

    @factory.post_generation
    def with_total(self, create, extracted, **kwargs):
        if create:
            total_breakdown(self)


class PlanVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanVersion
        django_get_or_create = ("code",)

    year = 1400
    code = factory.LazyAttribute(lambda version: f"p{version.year}-v2")
    title = factory.LazyAttribute(lambda version: f"برنامه {version.year}")


class SubmissionFactory(factory.django.DjangoModelFactory):
    """A unit's submission of a period as it stands (the caller gives the unit and the period)."""

    class Meta:
        model = Submission


class ValidationRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ValidationRule

    code = "r1"
    name = "قاعده آزمایشی"
    kind = "expression"


def org_tree() -> None:
    seed_reference_data()


def province(name: str = "تهران") -> OrgUnit:
    org_tree()
    return OrgUnit.objects.get(kind=OrgUnit.Kind.PROVINCE, province__name=name)


def area(code: str = "std", title: str = "استانداردسازی") -> Area:
    return AreaFactory(code=code, title=title)


def activity(**extra) -> Activity:
    return ActivityFactory(**extra)


def year(y: int = 1400) -> Period:
    return get_or_create_period(kind=Period.Kind.YEAR, year=y)


def plan_version(y: int = 1400, code: str | None = None) -> PlanVersion:
    """The year's version in force (an earlier one when the year already has one)."""
    code = code or f"p{y}-v2"
    in_force = PlanVersion.objects.filter(year=y, state=PlanVersion.State.IN_FORCE).exclude(code=code)
    state = PlanVersion.State.SUPERSEDED if in_force.exists() else PlanVersion.State.IN_FORCE
    return PlanVersionFactory(code=code, year=y, state=state)
