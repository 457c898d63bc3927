"""Reads about people and their roles."""

from django.db.models import QuerySet

from accounts.models import Membership, Role, User


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


def users_with_role(role: str) -> QuerySet[User]:
    return User.objects.filter(memberships__role=role, memberships__is_active=True).distinct()


__all__ = ["Role", "active_memberships", "has_role", "org_unit_ids_for", "users_with_role"]
