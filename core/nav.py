"""Navigation and role descriptions, registered by each app in its AppConfig.ready().

`core` knows no domain app: apps tell it what they offer and to whom (by role code), and the
shell shows each user what their roles reach. A user's role codes come from the user model's
`role_codes()` method. An item may carry a `badge`: a function of the signed-in user giving a count
shown beside its label (such as unread notices), called once per page for that user.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

from core.registry import Registry

PUBLIC = "public"  # shown to everyone, signed in or not
SIGNED_IN = "signed_in"  # shown to every signed-in user


# A badge counts no further than this: past it the menu shows «۹۹+», so a badge's count reads at
# most this many rows however many there are (issue 18: a staff member told of every new request
# of their units had thousands of unread notices, counted on every page).
BADGE_CAP = 99


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset[str]
    order: int = 100
    description: str = ""
    badge: Callable[[object], int] | None = field(default=None, compare=False)
    badge_label: str = ""  # what the count is, for screen readers: "خوانده‌نشده"

    @property
    def has_badge(self) -> bool:
        """Whether the item counts anything (the template reads this: `badge` is a function)."""
        return self.badge is not None

    def count_for(self, user) -> int:
        """The item's badge count for `user` (0 without a badge or for a visitor)."""
        if self.badge is None or not getattr(user, "is_authenticated", False):
            return 0
        return self.badge(user)

    @property
    def url(self) -> str:
        """The item's address ("" when the URLconf has none): read three times an item on every
        page's menu, so reversed once per URLconf and script prefix."""
        return address(self.url_name)


def address(url_name: str) -> str:
    """The address of a URL name without arguments ("" when the URLconf has none), reversed once
    per URLconf and script prefix: the menu's and the shell's own links, on every page."""
    return _reversed(url_name, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())


@lru_cache(maxsize=512)
def _reversed(url_name: str, urlconf, prefix: str) -> str:
    try:
        return reverse(url_name, urlconf=urlconf)
    except NoReverseMatch:
        return ""


@dataclass(frozen=True)
class RoleInfo:
    code: str
    title: str
    description: str
    order: int = 100


# What the apps registered; `items.isolated()` / `role_infos.isolated()` for other contents.
items = Registry("navigation items")
role_infos = Registry("role descriptions")


def register_nav(
    label: str,
    url_name: str,
    *,
    roles,
    order: int = 100,
    description: str = "",
    badge=None,
    badge_label: str = "",
) -> None:
    item = NavItem(label, url_name, frozenset(roles), order, description, badge, badge_label)
    items.register(item, item)


def register_role(code: str, title: str, description: str, *, order: int = 100) -> None:
    role_infos.register(code, RoleInfo(code, title, description, order))


def user_role_codes(user) -> set[str]:
    if not getattr(user, "is_authenticated", False):
        return set()
    role_codes = getattr(user, "role_codes", None)
    return set(role_codes()) if callable(role_codes) else set()


def items_for(user) -> list[NavItem]:
    audience = {PUBLIC}
    if getattr(user, "is_authenticated", False):
        audience |= {SIGNED_IN} | user_role_codes(user)
    return sorted((i for i in items.values() if i.roles & audience), key=lambda i: (i.order, i.label))


def items_for_role(code: str) -> list[NavItem]:
    return sorted((i for i in items.values() if code in i.roles), key=lambda i: (i.order, i.label))


def roles() -> list[RoleInfo]:
    return sorted(role_infos.values(), key=lambda r: r.order)
