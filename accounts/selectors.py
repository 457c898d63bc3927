"""Reads about people and their roles. A role decides something only where it is held:
`roles_at(user, unit)` is the one scoped question every write service asks (issue 17 item 8)."""

from collections.abc import Iterable

from django.db.models import QuerySet

from accounts.models import Membership, Role, User

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

    # Two queries per user object (that is, per HTTP request), whatever the number of units asked.
    cache = user.__dict__.setdefault("_roles_at", {})
    if "memberships" not in cache:
        cache["memberships"] = list(
            Membership.objects.filter(user=user, is_active=True).values_list("role", "org_unit_id")
        )
        cache["parents"] = dict(OrgUnit.objects.values_list("pk", "parent_id"))
    parents = cache["parents"]
    chain, node = [unit.pk], parents.get(unit.pk, unit.parent_id)
    while node is not None and node not in chain:
        chain.append(node)
        node = parents.get(node)
    found = roles_in_chain(cache["memberships"], chain)
    if user.is_superuser:
        found.add(str(Role.ADMINISTRATOR))
    return found


def users_with_role(role: str) -> QuerySet[User]:
    return User.objects.filter(memberships__role=role, memberships__is_active=True).distinct()


__all__ = [
    "ROLE_REACH",
    "Role",
    "active_memberships",
    "has_role",
    "org_unit_ids_for",
    "roles_at",
    "roles_in_chain",
    "users_with_role",
]
