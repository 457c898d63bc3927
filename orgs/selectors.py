"""Reads of the organisation tree."""

from django.db.models import QuerySet

from orgs.models import OrgUnit, Province


def province_directorates() -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(kind=OrgUnit.Kind.PROVINCE).select_related("province__region")


def hq_units() -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(kind__in=[OrgUnit.Kind.HQ, OrgUnit.Kind.HQ_OFFICE])


def provinces_with_regions() -> QuerySet[Province]:
    return Province.objects.select_related("region").order_by("name")
