"""Reads of the organisation tree."""

from django.db.models import QuerySet

from core.text import persian_sort_key
from orgs.models import OrgUnit, Province


def province_directorates() -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(kind=OrgUnit.Kind.PROVINCE).select_related("province__region")


def hq_units() -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(kind__in=[OrgUnit.Kind.HQ, OrgUnit.Kind.HQ_OFFICE])


def provinces_with_regions() -> list[Province]:
    """Every province with its region, in Persian alphabetical order (the database orders by code
    point and would put چهارمحال، کردستان، گلستان… last)."""
    return sorted(Province.objects.select_related("region"), key=lambda p: persian_sort_key(p.name))
