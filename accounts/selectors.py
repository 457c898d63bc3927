"""Reads about people and their roles. A role decides something only where it is held:
`roles_at(user, unit)` is the one scoped question every write service asks (issue 17 item 8)."""

from collections.abc import Iterable

from django.db.models import QuerySet

from accounts.models import Company, CompanyMembership, Membership, Role, User
from core.prepared import Prepared

# How far a role held in an org unit reaches. "unit": that unit only (an expert works on their own
# unit's requests); "subtree": the unit and every unit below it (a unit head, a province manager,
# a unit-scoped auditor); "everywhere": the whole organisation, whatever unit the membership
# names (the HQ planning office approves every unit's figures; the administrator).
UNIT, SUBTREE, EVERYWHERE = "unit", "subtree", "everywhere"
ROLE_REACH = {
    Role.STAFF_EXPERT: UNIT,
    Role.UNIT_HEAD: SUBTREE,
    Role.PROVINCE_MANAGER: SUBTREE,
    Role.AUDITOR: SUBTREE,
    Role.HQ_PLANNER: EVERYWHERE,
    Role.ADMINISTRATOR: EVERYWHERE,
}


def active_memberships(user: User) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user, is_active=True).select_related(
        "org_unit", "counter_office", "region"
    )


def has_role(user: User, role: str) -> bool:
    return getattr(user, "is_authenticated", False) and role in user.role_codes()


def org_unit_ids_for(user: User, *roles: str) -> set[int]:
    """Org units where the user holds any of the roles (all units below them included)."""
    from orgs.models import OrgUnit

    ids: set[int] = set()
    for unit in OrgUnit.objects.filter(
        memberships__user=user, memberships__is_active=True, memberships__role__in=roles
    ):
        ids |= unit.descendant_ids()
    return ids


def roles_in_chain(memberships: Iterable[tuple[str, int | None]], chain: list[int]) -> set[str]:
    """The roles that count at the unit `chain[0]`, whose ancestors are `chain[1:]` (nearest
    first), given a user's active (role, org unit id) memberships. A pure function: the rule.

    A membership counts when it is in that unit, or in an ancestor for a subtree role, or anywhere
    for an organisation-wide role (an unscoped auditor reads everywhere). Roles scoped to a
    counter office or a region, and roles held in other units, never count here."""
    if not chain:
        return set()
    here, above = chain[0], set(chain[1:])
    found = set()
    for role, unit_id in memberships:
        reach = ROLE_REACH.get(role)
        if reach is None:
            continue
        if (
            reach == EVERYWHERE
            or (unit_id is None and role == Role.AUDITOR)
            or unit_id == here
            or (reach == SUBTREE and unit_id in above)
        ):
            found.add(str(role))
    return found


def roles_at(user, unit) -> set[str]:
    """The roles `user` holds for `unit` (see `roles_in_chain`); a superuser is an administrator
    everywhere. Every write service asks this, never "does the user hold role R somewhere"."""
    if unit is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    from orgs.models import OrgUnit

    # The user's memberships: read once per user object (that is, per HTTP request). The units'
    # tree only when a role held in a unit reaches down into the units below it (a unit head, a
    # province manager) and is not held at this very unit: once per user object, whatever the
    # number of units asked; an expert's page never reads it.
    memberships = [(row.role, row.org_unit_id) for row in user.active_memberships()]
    chain = [unit.pk]
    if any(ROLE_REACH.get(role) == SUBTREE and here not in (None, unit.pk) for role, here in memberships):
        cache = user.__dict__.setdefault("_roles_at", {})
        if "parents" not in cache:
            cache["parents"] = dict(OrgUnit.objects.values_list("pk", "parent_id"))
        parents = cache["parents"]
        node = parents.get(unit.pk, unit.parent_id)
        while node is not None and node not in chain:
            chain.append(node)
            node = parents.get(node)
    found = roles_in_chain(memberships, chain)
    if user.is_superuser:
        found.add(str(Role.ADMINISTRATOR))
    return found


def users_with_role(role: str) -> QuerySet[User]:
    return User.objects.filter(memberships__role=role, memberships__is_active=True).distinct()


# --- companies --------------------------------------------------------------------------------

Status = CompanyMembership.Status


def decides_for_companies(user) -> bool:
    """Staff who confirm any company membership: an administrator, or whoever the admin lets
    change memberships (the registry desk's staff)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return Role.ADMINISTRATOR in user.role_codes() or user.has_perm("accounts.change_companymembership")


def company_memberships(user) -> QuerySet[CompanyMembership]:
    """Every company the user asked to act for, with its status, for their profile."""
    return CompanyMembership.objects.filter(user=user).select_related("company").order_by("company__name")


def confirmed_companies(user) -> QuerySet[Company]:
    """The companies the user may apply for: those where their membership is confirmed."""
    if not getattr(user, "is_authenticated", False):
        return Company.objects.none()
    return _confirmed_of(user.pk)


def _confirmed_of(user_id: int) -> QuerySet[Company]:
    confirmed = Company.objects.filter(memberships__user_id=user_id, memberships__status=Status.CONFIRMED)
    return confirmed.order_by("name")


# Read by every application form and filing (decision 0127): compiled once per process.
_CONFIRMED = Prepared(_confirmed_of, Company, user_id=int)


def confirmed_company_list(user) -> list[Company]:
    """`confirmed_companies(user)` read into a list, by a query compiled once."""
    if not getattr(user, "is_authenticated", False):
        return []
    return _CONFIRMED.objects(user_id=user.pk)


def confirmed_company(user, company_id) -> Company | None:
    """The company with this id if the user's membership of it is confirmed, else None (whether
    it does not exist or is not theirs)."""
    try:
        pk = int(company_id)
    except (TypeError, ValueError):
        return None
    return confirmed_companies(user).filter(pk=pk).first()


def represented_company_ids(user) -> set[int]:
    """The companies whose confirmed registered representative the user is."""
    return set(
        CompanyMembership.objects.filter(
            user=user, role=CompanyMembership.Role.REPRESENTATIVE, status=Status.CONFIRMED
        ).values_list("company_id", flat=True)
    )


def memberships_to_confirm(user) -> QuerySet[CompanyMembership]:
    """Agents waiting for this representative's confirmation (never the user's own membership)."""
    return (
        CompanyMembership.objects.filter(
            company_id__in=represented_company_ids(user),
            role=CompanyMembership.Role.AGENT,
            status=Status.PENDING,
        )
        .exclude(user=user)
        .select_related("user", "company")
        .order_by("requested_at")
    )


def company_members(user) -> QuerySet[CompanyMembership]:
    """The other people of the companies this user represents (to confirm or revoke)."""
    return (
        CompanyMembership.objects.filter(company_id__in=represented_company_ids(user))
        .exclude(user=user)
        .select_related("user", "company")
        .order_by("company__name", "requested_at")
    )


MEMBERSHIP_NOT_YOURS = "این عضویت یافت نشد یا تصمیم درباره آن با شما نیست."


def access_membership(user, membership_id, *, to: str) -> CompanyMembership:
    """The membership `user` may decide on (`to` is "confirm" or "revoke"), locked for the
    change, or a Persian `ValidationError`, the same whether it is missing or not theirs.

    Staff decide on any. A company's confirmed representative confirms or revokes its agents;
    anyone may withdraw their own membership (revoke), never confirm it."""
    from django.core.exceptions import ValidationError

    try:
        pk = int(str(membership_id))
    except (TypeError, ValueError):
        raise ValidationError(MEMBERSHIP_NOT_YOURS, code="not_found") from None
    membership = CompanyMembership.objects.select_for_update().filter(pk=pk).first()
    if membership is None:
        raise ValidationError(MEMBERSHIP_NOT_YOURS, code="not_found")
    if decides_for_companies(user):
        return membership
    own = membership.user_id == user.pk
    if to == "revoke" and own:
        return membership
    if (
        not own
        and membership.role == CompanyMembership.Role.AGENT
        and membership.company_id in represented_company_ids(user)
    ):
        return membership
    raise ValidationError(MEMBERSHIP_NOT_YOURS, code="not_found")


__all__ = [
    "ROLE_REACH",
    "Role",
    "access_membership",
    "active_memberships",
    "company_members",
    "company_memberships",
    "confirmed_companies",
    "confirmed_company",
    "decides_for_companies",
    "has_role",
    "memberships_to_confirm",
    "org_unit_ids_for",
    "represented_company_ids",
    "roles_at",
    "roles_in_chain",
    "users_with_role",
]
