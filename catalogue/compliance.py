"""The directive's capabilities (seed 001, D13) and, per service, whether each is provided.

A capability is a code, a Persian title and a check `check(service) -> True | False | None`
(None: cannot be told from the catalogue's configuration yet). The catalogue registers checks
that read configuration; the desk replaces them with checks on real request data by calling
`register_capability` again with the same code.

Checks receive services from `catalogue.selectors.services_for_compliance()`, whose related
rows are prefetched: read them with `.all()` so the matrix costs a fixed number of queries.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from accounts.models import Role
from core.registry import Registry

MANAGER_ROLES = (Role.HQ_PLANNER, Role.UNIT_HEAD, Role.PROVINCE_MANAGER, Role.AUDITOR, Role.ADMINISTRATOR)

Check = Callable[[object], bool | None]


@dataclass(frozen=True)
class Capability:
    code: str
    title: str
    check: Check
    order: int = 100
    description: str = ""


# Capabilities by code; `registry.isolated()` for a test that needs other contents.
registry = Registry("capabilities")


def register_capability(
    code: str, title: str, *, check: Check, order: int | None = None, description: str = ""
) -> Capability:
    """Add a capability, or replace the check of an existing one (keeping its place)."""
    existing = registry.get(code)
    if order is None:
        order = existing.order if existing else 100 + len(registry)
    capability = Capability(code, title, check, order, description)
    registry.register(code, capability)
    return capability


def capabilities() -> list[Capability]:
    return sorted(registry.values(), key=lambda c: (c.order, c.code))


def get_capability(code: str) -> Capability:
    return registry[code]


def evaluate(service) -> dict[str, bool | None]:
    return {cap.code: cap.check(service) for cap in capabilities()}


# --- configuration-based checks -------------------------------------------------------------


def _online(service) -> bool:
    return bool(service.is_active and service.channel_online)


def check_online_intake(service) -> bool:
    return _online(service)


def check_upload(service) -> bool | None:
    if not _online(service):
        return False
    # A service that asks for no documents has nothing to upload: not applicable.
    return True if list(service.documents.all()) else None


def check_receipt(service) -> bool:
    """A receipt must state when the answer is due: needs a known target in working days."""
    return _online(service) and service.target_working_days() is not None


def check_tracking_code(service) -> bool:
    # Every request accepted through the desk (online or entered at a counter office) gets one.
    return bool(service.is_active and (service.channel_online or service.channel_counter))


def check_step_tracking(service) -> bool:
    return _online(service) and bool(list(service.steps.all()))


def check_electronic_response(service) -> bool:
    return _online(service) and service.electronic_response


def check_interaction(service) -> bool:
    # The desk's per-request messages are available to every online request.
    return _online(service)


def information_package_gaps(service) -> list[str]:
    """What the information package (D8) of a service still lacks, in Persian."""
    gaps = []
    if not service.description.strip():
        gaps.append("شرح خدمت")
    if not service.legal_basis.strip():
        gaps.append("مبنای قانونی")
    if not service.fee_known:
        gaps.append("هزینه")
    if service.target_working_days() is None:
        gaps.append("مدت انجام")
    if not service.contact.strip():
        gaps.append("راه تماس")
    if not list(service.steps.all()):
        gaps.append("گام‌های انجام")
    if not list(service.responsible_units.all()):
        gaps.append("واحد مسئول")
    if service.agreement_in_force(timezone.localdate()) is None:
        gaps.append("توافقنامه سطح خدمت معتبر")
    return gaps


def check_information_package(service) -> bool:
    return not information_package_gaps(service)


def check_needs_desk_data(service) -> None:
    return None


BUILTIN = [
    ("online_intake", "پذیرش الکترونیکی درخواست", check_online_intake),
    ("upload", "بارگذاری الکترونیکی مدارک", check_upload),
    ("receipt", "رسید الکترونیکی با زمان پاسخ", check_receipt),
    ("tracking_code", "کد رهگیری یکتا", check_tracking_code),
    ("step_tracking", "رهگیری مراحل گردش کار", check_step_tracking),
    ("electronic_response", "پاسخ الکترونیکی", check_electronic_response),
    ("interaction", "تعامل الکترونیکی با متقاضی", check_interaction),
    ("information_package", "بسته اطلاع‌رسانی کامل", check_information_package),
    ("feedback", "نظرسنجی الکترونیکی", check_needs_desk_data),
    ("reports", "گزارش‌های تحلیلی و مدیریتی", check_needs_desk_data),
]


def register_builtin_capabilities() -> None:
    """Register the directive's ten capabilities unless already registered (the desk may have)."""
    for order, (code, title, check) in enumerate(BUILTIN):
        if code not in registry:
            register_capability(code, title, check=check, order=order)
