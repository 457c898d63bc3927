"""Reads of the catalogue: the public list and search, one service's page, SLAs, the matrix."""

import datetime as dt

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from catalogue.compliance import MANAGER_ROLES
from catalogue.models import Area, Service, ServiceLevelAgreement, WorkflowStep
from core.text import normalize_identifier


def public_services(*, query: str = "", area: str = "") -> QuerySet[Service]:
    """Active services for the public list: one query per page, no related rows needed."""
    qs = Service.objects.active().only(
        "id",
        "service_id",
        "title",
        "description",
        "area",
        "is_free",
        "fee_rials",
        "fee_note",
        "duration_working_days",
        "channel_online",
        "channel_counter",
        "channel_in_person",
    )
    if area and area in Area.values:
        qs = qs.filter(area=area)
    return qs.search(query).order_by("area", "title", "id")


def _agreements_prefetch() -> Prefetch:
    return Prefetch(
        "agreements",
        queryset=ServiceLevelAgreement.objects.select_related("provider_unit").order_by("-version"),
    )


def get_public_service(service_id: str) -> Service:
    """One active service with everything its information package shows, or 404."""
    try:
        return (
            Service.objects.active()
            .prefetch_related(
                "responsible_units",
                "fields",
                "documents",
                Prefetch(
                    "steps",
                    queryset=WorkflowStep.objects.select_related("responsible_unit", "external_party"),
                ),
                _agreements_prefetch(),
            )
            .get(service_id=normalize_identifier(service_id))
        )
    except Service.DoesNotExist as exc:
        raise Http404("خدمت یافت نشد.") from exc


def get_public_agreement(pk: int) -> ServiceLevelAgreement:
    """An agreement of an active service (agreements are public documents), or 404."""
    try:
        return ServiceLevelAgreement.objects.select_related("service", "provider_unit").get(
            pk=pk, service__is_active=True
        )
    except ServiceLevelAgreement.DoesNotExist as exc:
        raise Http404("توافقنامه یافت نشد.") from exc


def agreements_expiring(days: int = 30, on: dt.date | None = None) -> QuerySet[ServiceLevelAgreement]:
    return (
        ServiceLevelAgreement.objects.expiring_within(days, on or timezone.localdate())
        .select_related("service", "provider_unit")
        .order_by("valid_until")
    )


def can_see_compliance(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or bool(set(user.role_codes()) & set(MANAGER_ROLES))


def services_for_compliance() -> QuerySet[Service]:
    """Every service with what the configuration checks read, in a fixed number of queries."""
    return Service.objects.order_by("area", "title").prefetch_related(
        "responsible_units", "documents", "steps", _agreements_prefetch()
    )
