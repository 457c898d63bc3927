"""Who may act as staff on a request: the role held at the request's unit, and separation of duties."""

from django.core.exceptions import ValidationError

from accounts.models import Role
from accounts.selectors import roles_at
from desk import selectors

# Which of the roles a user holds for the request's unit names them in the event log.
_STAFF_ROLE_ORDER = (Role.UNIT_HEAD, Role.STAFF_EXPERT, Role.PROVINCE_MANAGER, Role.ADMINISTRATOR)
# Who may send a request to another unit: the head of the unit that owns it (or above it).
HEAD_ROLES = {Role.UNIT_HEAD, Role.PROVINCE_MANAGER, Role.ADMINISTRATOR}


def heads_unit_of(user, request) -> bool:
    """Whether `user` heads the unit that owns `request` (or one above it): who may send it to
    another unit (the request page shows that form to them alone)."""
    return bool(HEAD_ROLES & roles_at(user, request.unit))


def _role_at(user, unit) -> str:
    """The role `user` acts in at `unit`: one they hold there (or above it), never elsewhere."""
    held = roles_at(user, unit)
    return next((str(role) for role in _STAFF_ROLE_ORDER if role in held), "")


def _staff_role(user, request) -> str:
    return _role_at(user, request.unit)


def check_staff(user, request) -> None:
    """Refuse, in Persian, a staff action by someone who is not staff of the request's unit, or
    on a request that is their own or their company's (separation of duties). Every staff write
    below starts here. Staff of a unit that held the request before read it and do not act."""
    if not selectors.is_unit_staff(user, request):
        if selectors.held_before(user, request):
            raise ValidationError(
                f"این درخواست اکنون نزد «{request.unit}» است و فقط همان واحد به آن رسیدگی می‌کند؛ "
                "واحد شما آن را پیش‌تر داشته و اکنون فقط می‌تواند آن را ببیند.",
                code="not_holder",
            )
        raise ValidationError("شما کارشناس واحد رسیدگی‌کننده این درخواست نیستید.", code="not_staff")
    if reason := selectors.conflict_of_interest(user, request):
        raise ValidationError(reason, code="conflict_of_interest")


# A step's responsible role is met by that role or one above it in the unit (a head may do an
# expert's step, not the other way round); an administrator meets every role.
_STEP_ROLE_RANK = {Role.STAFF_EXPERT: 1, Role.UNIT_HEAD: 2, Role.PROVINCE_MANAGER: 3, Role.ADMINISTRATOR: 4}


def check_step_role(user, request) -> None:
    """Refuse, in Persian, finishing the current step (moving the request on from it, deciding at
    it, recording its external answer) by someone without the step's responsible role at the
    request's unit. A step without a role is any staff member's of the unit."""
    step = request.current_step()
    if step is None or not step.responsible_role:
        return
    held = roles_at(user, request.unit)
    if user.is_superuser or Role.ADMINISTRATOR in held or Role.ADMINISTRATOR in user.role_codes():
        return
    need = _STEP_ROLE_RANK.get(step.responsible_role)
    if need is None:
        allowed = step.responsible_role in held or bool(HEAD_ROLES & held)
    else:
        allowed = any(_STEP_ROLE_RANK.get(role, 0) >= need for role in held)
    if not allowed:
        raise ValidationError(
            f"گام «{step.title}» بر عهده {Role(step.responsible_role).label} است؛ "
            "شما نمی‌توانید درخواست را از این گام پیش ببرید.",
            code="step_role",
        )
