"""Which unit may receive a request: rules other apps add (the complaints app: a complaint never
goes to the unit it is about, R8). Every path that moves a request to a unit calls
`check_receiving_unit` before it writes anything: reassignment by a unit head, and any step of a
workflow that hands the request to another unit."""

from django.core.exceptions import ValidationError

from core.registry import Registry

# Each check takes the request and the unit it would go to and returns a Persian reason, or ""
# when the unit may receive it. `receiving_unit_checks.isolated()` routes under no extra rule.
receiving_unit_checks = Registry("receiving unit checks")


def register_receiving_unit_check(check) -> None:
    receiving_unit_checks.register(check, check)


def check_receiving_unit(request, unit) -> None:
    """Refuse, in Persian, a unit that may not receive this request."""
    for check in receiving_unit_checks.values():
        reason = check(request, unit)
        if reason:
            raise ValidationError(reason, code="receiving_unit")
