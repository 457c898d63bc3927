"""Who may act as staff on a request: the role held at the request's unit, and separation of duties."""

from django.core.exceptions import ValidationError

from accounts.models import Role
from accounts.selectors import roles_at
from desk import selectors

# Which of the roles a user holds for the request's unit names them in the event log.
_STAFF_ROLE_ORDER = (Role.UNIT_HEAD, Role.STAFF_EXPERT, Role.PROVINCE_MANAGER, Role.ADMINISTRATOR)
# Who may send a request to another unit: the head of the unit that owns it (or above it).
HEAD_ROLES = {Role.UNIT_HEAD, Role.PROVINCE_MANAGER, Role.ADMINISTRATOR}


def _role_at(user, unit) -> str:
    """The role `user` acts in at `unit`: one they hold there (or above it), never elsewhere."""
    held = roles_at(user, unit)
    return next((str(role) for role in _STAFF_ROLE_ORDER if role in held), "")


def _staff_role(user, request) -> str:
    return _role_at(user, request.unit)


def check_staff(user, request) -> None:
    """Refuse, in Persian, a staff action by someone who is not staff of the request's unit, or
    on a request that is their own or their company's (separation of duties). Every staff write
    below starts here."""
    if not selectors.is_unit_staff(user, request):
        raise ValidationError("شما کارشناس واحد رسیدگی‌کننده این درخواست نیستید.", code="not_staff")
    if reason := selectors.conflict_of_interest(user, request):
        raise ValidationError(reason, code="conflict_of_interest")
