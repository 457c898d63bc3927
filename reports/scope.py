"""Who may read the desk's reports, and which places: the places a manager's role covers (a
province manager their directorate and the units below it, a unit head their unit's subtree, a
unit-scoped auditor theirs; HQ planning, the administrator and an unscoped auditor everything),
and every place the report form offers resolved to the requests it counts (`reports.selectors.Where`)
or refused when it is not the reader's."""

from dataclasses import dataclass

from accounts.models import Membership, Role
from accounts.selectors import EVERYWHERE, ROLE_REACH
from catalogue.models import Channel
from orgs.models import CounterOffice, OrgUnit, subtree_ids, unit_children
from reports.selectors import Where

READER_ROLES = (Role.HQ_PLANNER, Role.PROVINCE_MANAGER, Role.UNIT_HEAD, Role.AUDITOR, Role.ADMINISTRATOR)
NOT_YOURS = "گزارش این محل برای نقش شما در دسترس نیست؛ فقط محل‌هایی که نقش شما پوشش می‌دهد گزارش می‌شود."
UNKNOWN = "این محل شناخته نیست؛ یکی از محل‌های فهرست را برگزینید."


@dataclass(frozen=True)
class Scope:
    """The units a reader may see (None: the whole organisation)."""

    unit_ids: frozenset[int] | None

    @property
    def everything(self) -> bool:
        return self.unit_ids is None

    def covers(self, unit_ids) -> bool:
        return self.unit_ids is None or set(unit_ids) <= self.unit_ids


def scope_for(user) -> Scope | None:
    """The reader's scope, or None when the user reads no report. Computed once per user object
    (that is, per HTTP request)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if "_report_scope" in user.__dict__:
        return user.__dict__["_report_scope"]
    memberships = list(
        Membership.objects.filter(user=user, is_active=True, role__in=READER_ROLES).values_list(
            "role", "org_unit_id"
        )
    )
    scope = None
    if user.is_superuser or any(
        ROLE_REACH[role] == EVERYWHERE or (role == Role.AUDITOR and unit_id is None)
        for role, unit_id in memberships
    ):
        scope = Scope(None)
    elif memberships:
        tree = unit_children()
        ids: set[int] = set()
        for _role, unit_id in memberships:
            if unit_id is not None:
                ids |= subtree_ids(tree, unit_id)
        scope = Scope(frozenset(ids)) if ids else None
    user.__dict__["_report_scope"] = scope
    return scope


@dataclass(frozen=True)
class PlaceChoice:
    value: str
    label: str
    group: str


class Places:
    """The places of the organisation a scope may choose, each resolved to units (and an office)."""

    def __init__(self, scope: Scope):
        self.scope = scope
        self.units = {u.pk: u for u in OrgUnit.objects.select_related("province")}
        self.by_code = {u.code: u for u in self.units.values()}
        self.tree: dict[int | None, list[int]] = {}  # as orgs.unit_children(), from the rows read
        for unit in self.units.values():
            self.tree.setdefault(unit.parent_id, []).append(unit.pk)
        directorates = [u for u in self.units.values() if u.kind == OrgUnit.Kind.PROVINCE]
        self.provinces = {
            u.province.code: (u, frozenset(subtree_ids(self.tree, u.pk))) for u in directorates if u.province
        }
        in_provinces = set().union(*(ids for _u, ids in self.provinces.values()))
        self.hq_ids = frozenset(pk for pk in self.units if pk not in in_provinces)
        self._offices = None

    def offices(self) -> dict[str, CounterOffice]:
        if self._offices is None:
            self._offices = {o.code: o for o in CounterOffice.objects.select_related("province")}
        return self._offices

    def default(self) -> str:
        if self.scope.everything:
            return "org"
        for code, (_unit, ids) in sorted(self.provinces.items()):
            if self.scope.covers(ids):
                return f"p:{code}"
        roots = [u for u in self.units.values() if u.pk in self.scope.unit_ids]
        roots = [u for u in roots if u.parent_id not in self.scope.unit_ids] or roots
        return f"u:{min(roots, key=lambda u: u.code).code}"

    def choices(self) -> list[PlaceChoice]:
        """What the form offers this scope: only places it covers."""
        found = []
        if self.scope.everything:
            found += [PlaceChoice("org", "کل سازمان", "سازمان"), PlaceChoice("hq", "ستاد", "سازمان")]
        for code, (unit, ids) in sorted(self.provinces.items(), key=lambda p: p[1][0].name):
            if self.scope.covers(ids):
                found.append(PlaceChoice(f"p:{code}", unit.province.name, "استان"))
        for unit in sorted(self.units.values(), key=lambda u: u.code):
            if self.scope.covers({unit.pk}):
                found.append(PlaceChoice(f"u:{unit.code}", f"{unit.name} ({unit.code})", "واحد"))
        for office in sorted(self.offices().values(), key=lambda o: o.code):
            if self._office_allowed(office):
                found.append(
                    PlaceChoice(f"o:{office.code}", f"{office.name} ({office.code})", "دفتر پیشخوان")
                )
        return found

    def _office_allowed(self, office: CounterOffice) -> bool:
        if self.scope.everything:
            return True
        province = self.provinces.get(office.province.code) if office.province_id else None
        return province is not None and self.scope.covers(province[1])

    def queue_filter(self, value: str) -> dict | None:
        """The desk queue's filter for a resolved place ({} for the whole organisation; None for
        HQ, which the queue cannot select as one unit)."""
        kind, _, code = value.partition(":")
        if kind == "p":
            return {"unit": self.provinces[code][0].code}
        if kind == "u":
            return {"unit": code}
        if kind == "o":
            return {"office": code}
        return {} if value == "org" else None

    def resolve(self, value: str) -> tuple[str, frozenset[int] | None, int | None]:
        """(Persian name, unit ids or None for all, counter office id) of a place; ValueError with
        a Persian sentence when the place is unknown or not the scope's."""
        kind, _, code = (value or "").partition(":")
        office_id = None
        if value == "org":
            name, ids = "کل سازمان", None
        elif value == "hq":
            name, ids = "ستاد", self.hq_ids
        elif kind == "p" and code in self.provinces:
            unit, ids = self.provinces[code]
            name = f"استان {unit.province.name}"
        elif kind == "u" and code in self.by_code:
            unit = self.by_code[code]
            name, ids = unit.name, frozenset(subtree_ids(self.tree, unit.pk))
        elif kind == "o" and code in self.offices():
            office = self.offices()[code]
            if not self._office_allowed(office):
                raise ValueError(NOT_YOURS)
            # An office's requests handled by units the reader covers (all of them for HQ).
            name, ids, office_id = office.name, self.scope.unit_ids, office.pk
        else:
            raise ValueError(UNKNOWN)
        if ids is None and not self.scope.everything:
            raise ValueError(NOT_YOURS)
        if ids is not None and not self.scope.covers(ids):
            raise ValueError(NOT_YOURS)
        return name, ids, office_id


def where_for(units: frozenset[int] | None, office_id, *, service_ids=None, channel: str = "") -> Where:
    return Where(
        unit_ids=units,
        service_ids=frozenset(service_ids) if service_ids is not None else None,
        channel=channel if channel in Channel.values else "",
        office_id=office_id,
    )
