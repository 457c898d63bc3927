"""Who works where: a user's desk scopes (units they staff or audit, counter offices they
operate, reach over every request), computed once per user object; and the staff of a unit."""

from django.conf import settings
from django.db.models import QuerySet

from accounts.models import Role
from orgs.models import CounterOffice, OrgUnit, subtree_ids, unit_children

# Staff who work on requests of their unit (a unit head and a province manager: the subtree).
STAFF_ROLES = (Role.STAFF_EXPERT, Role.UNIT_HEAD, Role.PROVINCE_MANAGER)
SUBTREE_ROLES = (Role.UNIT_HEAD, Role.PROVINCE_MANAGER)
# Roles that see every request when their membership has no unit (read-only for auditors).
HQ_ROLES_DEFAULT = (Role.AUDITOR, Role.ADMINISTRATOR)


def _hq_roles() -> tuple[str, ...]:
    return tuple(getattr(settings, "MIZ_DESK_HQ_ROLES", HQ_ROLES_DEFAULT))


def user_scopes(user) -> dict:
    """The user's desk scopes, computed once per user object (that is, once per HTTP request)."""
    cached = getattr(user, "_desk_scopes", None)
    if cached is not None:
        return cached
    staff: set[int] = set()
    audited: set[int] = set()
    memberships = user.active_memberships()
    tree = None
    for m in memberships:
        if m.org_unit_id is None or m.role not in (*STAFF_ROLES, Role.AUDITOR):
            continue
        if m.role in SUBTREE_ROLES or m.role == Role.AUDITOR:
            tree = tree or unit_children()
            ids = subtree_ids(tree, m.org_unit_id)
        else:
            ids = {m.org_unit_id}
        (audited if m.role == Role.AUDITOR else staff).update(ids)
    unscoped = any(
        m.role in _hq_roles() and not (m.org_unit_id or m.counter_office_id or m.region_id)
        for m in memberships
    )
    scopes = {
        "staff": staff,
        "audited": audited,
        "everything": bool(user.is_superuser or unscoped),
        "offices": {
            m.counter_office_id
            for m in memberships
            if m.role == Role.COUNTER_OPERATOR and m.counter_office_id
        },
    }
    user._desk_scopes = scopes
    return scopes


def staff_unit_ids(user) -> set[int]:
    """The units whose requests this user works on."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(user_scopes(user)["staff"])


def sees_everything(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return user_scopes(user)["everything"]


def auditor_unit_ids(user) -> set[int]:
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(user_scopes(user)["audited"])


def operator_offices(user) -> QuerySet[CounterOffice]:
    """Active counter offices where this user is an operator."""
    if not getattr(user, "is_authenticated", False):
        return CounterOffice.objects.none()
    return CounterOffice.objects.filter(
        is_active=True,
        memberships__user=user,
        memberships__role=Role.COUNTER_OPERATOR,
        memberships__is_active=True,
    ).distinct()


def clerk_units(user) -> QuerySet[OrgUnit]:
    """Units at whose in-person desk this user may receive applicants (a desk clerk)."""
    return OrgUnit.objects.filter(pk__in=staff_unit_ids(user), is_active=True)


def unit_staff(unit_id: int):
    from accounts.models import User

    return User.objects.filter(
        memberships__org_unit_id=unit_id,
        memberships__role__in=[Role.STAFF_EXPERT, Role.UNIT_HEAD],
        memberships__is_active=True,
        is_active=True,
    ).distinct()


def unit_staff_many(unit_ids):
    from accounts.models import User

    return (
        User.objects.filter(
            memberships__org_unit_id__in=list(unit_ids),
            memberships__role__in=[Role.STAFF_EXPERT, Role.UNIT_HEAD],
            memberships__is_active=True,
            is_active=True,
        )
        .distinct()
        .order_by("last_name", "first_name")
    )


def expert_unit_ids(user) -> set[int]:
    """The units where `user` may be assigned requests (`selectors.unit_staff`): their own unit,
    not the units below it. From the memberships the request has read once (`active_memberships`)."""
    return _own_units(user, (Role.STAFF_EXPERT, Role.UNIT_HEAD))


def head_unit_ids(user) -> set[int]:
    """The units this user heads (a unit-head membership there): the units of their workload page."""
    return _own_units(user, (Role.UNIT_HEAD,))


def _own_units(user, roles: tuple[str, ...]) -> set[int]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    return {m.org_unit_id for m in user.active_memberships() if m.role in roles and m.org_unit_id}
