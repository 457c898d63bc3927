"""Systems that compute actuals (R4): an activity bound to a catalogue service takes its actual
for a unit and period from a registered provider (the service desk's completed requests)
instead of a typed figure.

A provider is a function (service_code, org_unit, first_day, last_day) → Decimal. Providers
register here under a name; `performance` imports no provider itself, so the desk (or any other
source) can be added or replaced without touching this app's rules.
"""

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from django.db import transaction

from orgs.models import OrgUnit

Provider = Callable[[str, OrgUnit, date, date], Decimal]

_providers: dict[str, Provider] = {}

# The provider that serves activities bound by `Activity.desk_service_code`.
DESK = "desk"


def register(name: str, provider: Provider) -> None:
    _providers[name] = provider


def unregister(name: str) -> None:
    _providers.pop(name, None)


def get(name: str) -> Provider | None:
    return _providers.get(name)


def is_computed(activity) -> bool:
    """True when the activity's actual comes from a system, not from typing."""
    return bool(activity.desk_service_code) and DESK in _providers


def compute_actual(activity, unit: OrgUnit, period) -> Decimal | None:
    provider = get(DESK) if activity.desk_service_code else None
    if provider is None:
        return None
    return Decimal(provider(activity.desk_service_code, unit, period.start, period.end))


@transaction.atomic
def refresh_actuals(*, period, activities=None, user=None) -> int:
    """Store the computed actual of every bound activity for every unit of its scope in the
    period (through `set_value`, so each change leaves an audit row with source «desk»).
    Returns the number of values written or confirmed."""
    from performance.models import Activity, Measure
    from performance.services import set_value

    bound = Activity.objects.exclude(desk_service_code="").filter(is_active=True)
    if activities is not None:
        bound = bound.filter(pk__in=[a.pk for a in activities])
    count = 0
    for activity in bound:
        if activity.scope == Activity.Scope.PROVINCES:
            units = OrgUnit.objects.filter(kind=OrgUnit.Kind.PROVINCE)
        else:
            units = OrgUnit.objects.filter(code=activity.area.code.upper())
        for unit in units:
            value = compute_actual(activity, unit, period)
            if value is None:
                continue
            set_value(
                activity=activity,
                org_unit=unit,
                period=period,
                measure=Measure.ACTUAL,
                value=value,
                user=user,
                source="desk",
                reason=f"درخواست‌های انجام‌شده خدمت {activity.desk_service_code}",
            )
            count += 1
    return count
