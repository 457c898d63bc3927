"""Factories for the organisation: regions, provinces, units, counter offices and external parties."""

import factory

from orgs.models import CounterOffice, ExternalParty, OrgUnit, Province, Region


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"test-region-{n}")
    name = factory.Sequence(lambda n: f"منطقه آزمون {n}")


class ProvinceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Province
        django_get_or_create = ("code",)

    code = "IR-99"
    name = "استان آزمون"
    phone_area_code = "099"
    region = None


class OrgUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"HQ-T{n}")
    name = factory.Sequence(lambda n: f"دفتر آزمون {n}")
    kind = OrgUnit.Kind.HQ_OFFICE


class CounterOfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CounterOffice
        django_get_or_create = ("code",)

    code = "9901-01-01"
    name = "دفتر پیشخوان آزمون"
    kind = CounterOffice.Kind.GOVERNMENT_COUNTER
    province = factory.SubFactory(ProvinceFactory)


class ExternalPartyFactory(factory.django.DjangoModelFactory):
    """A party outside the organisation that runs a step (a laboratory unless told otherwise)."""

    class Meta:
        model = ExternalParty

    name = factory.Sequence(lambda n: f"آزمایشگاه آزمون {n}")
    kind = ExternalParty.Kind.LABORATORY
