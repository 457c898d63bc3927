"""Factories for counters tests: a licensed office (its licence registered through the service), a
region's expert, declarations, scoring criteria and delegation rules."""

import datetime as dt
import itertools

import factory
from django.utils import timezone

from accounts.models import Role
from accounts.tests.factories import MembershipFactory, UserFactory
from catalogue.tests.factories import ServiceFactory
from counters import services
from counters.models import Criterion, Declaration, DelegationRule
from orgs.models import CounterOffice, Province
from orgs.tests.factories import CounterOfficeFactory

_codes = itertools.count(1)


def licensed_office(*, province="IR-30", holder=None, expires_on=None, **licence) -> CounterOffice:
    """An office of a province (default Alborz, region "north"; the reference data must be seeded)
    with a valid licence registered through `counters.services` for `holder` (a new user if none)."""
    n = next(_codes)
    office = CounterOfficeFactory(
        code=f"1108-{40 + n % 50:02d}-{n % 100:02d}",
        name=f"دفتر پیشخوان آزمون {n}",
        province=Province.objects.get(code=province),
        city="کرج",
    )
    services.register_licence(
        office=office,
        holder=holder or UserFactory(first_name="مریم", last_name="کریمی"),
        number=f"PL-{n:05d}",
        expires_on=expires_on or timezone.localdate() + dt.timedelta(days=365),
        **licence,
    )
    return office


def region_expert(region, *, head=False, user=None, **extra):
    """A user (new unless given) holding the region-expert role of `region` (its head if `head`)."""
    user = user or UserFactory(**extra)
    MembershipFactory(user=user, role=Role.REGION_EXPERT, region=region, is_head=head)
    return user


class DeclarationFactory(factory.django.DjangoModelFactory):
    """A declaration row as it stands (state, scores) without the workflow that brings it there:
    for pages and reports that read declarations of past years."""

    class Meta:
        model = Declaration

    office = factory.SubFactory(CounterOfficeFactory)
    year = 1404


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    code = factory.Sequence(lambda n: f"criterion-{n}")
    title = factory.Sequence(lambda n: f"معیار آزمون {n}")


class DelegationRuleFactory(factory.django.DjangoModelFactory):
    """How far down the ranks a service is delegated (the caller gives `max_rank`)."""

    class Meta:
        model = DelegationRule

    service = factory.SubFactory(ServiceFactory)
