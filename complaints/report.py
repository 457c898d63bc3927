"""The complaints report (R8, issue 11 item 2): reads only. Who may read it and where
(`report_scope`), and the figures of the complaints received in a Jalali period (`complaints_report`):
by subject, by channel, by province, and the provinces ranked on complaint handling (seed 004).

The cohort is the complaints *received* (submitted) in the period; of them, how many are answered
(a decision issued, at any time up to now), still open, or withdrawn; the time to answer is from
submission to decision in working days (the desk's SLA clock: pauses awaiting the complainant
excluded) and in calendar days. A complaint's province is that of the unit handling it (a
directorate or a unit under it); HQ units are one row of their own, never ranked. Every figure is
counted in Python over two queries (the complaints, their clock events), whatever the count."""

import datetime as dt
import statistics
from dataclasses import dataclass, field

from django.utils import timezone

from accounts.models import Role
from accounts.selectors import active_memberships
from complaints.models import Complaint, ComplaintSubject, Source
from core.calendar import get_calendar
from desk import sla
from desk.models import ANSWERED_STATES, OPEN_STATES, RequestEvent
from desk.workflow import CLOCK_EFFECTS
from orgs.models import OrgUnit, Province

HQ_KEY = "hq"
HQ_LABEL = "ستاد و واحدهای ملی"
EVERYWHERE_ROLES = {Role.ADMINISTRATOR, Role.HQ_PLANNER}


@dataclass(frozen=True)
class Scope:
    """Where a reader may look: everywhere (HQ), or the provinces of their memberships."""

    everywhere: bool
    province_ids: frozenset[int] = frozenset()

    def allows(self, province_id: int | None) -> bool:
        return self.everywhere or (province_id is not None and province_id in self.province_ids)


def report_scope(user) -> Scope | None:
    """HQ (the planning office, the administrator, an organisation-wide auditor) reads every
    province; a province manager (or an auditor scoped to a province) reads their province;
    anyone else, None."""
    if not getattr(user, "is_authenticated", False):
        return None
    if user.is_superuser:
        return Scope(everywhere=True)
    provinces: set[int] = set()
    for membership in active_memberships(user):
        if membership.role in EVERYWHERE_ROLES or (
            membership.role == Role.AUDITOR and not membership.org_unit_id
        ):
            return Scope(everywhere=True)
        if membership.role in (Role.PROVINCE_MANAGER, Role.AUDITOR) and membership.org_unit_id:
            province_id = membership.org_unit.province_id_above()
            if province_id:
                provinces.add(province_id)
    return Scope(everywhere=False, province_ids=frozenset(provinces)) if provinces else None


@dataclass
class Row:
    key: str
    label: str
    received: int = 0
    answered: int = 0
    open: int = 0
    withdrawn: int = 0
    within_sla: int = 0
    against: int = 0  # complaints about units of this province (HQ readers only)
    rank: int | None = None
    working_days: list[int] = field(default_factory=list)
    calendar_days: list[int] = field(default_factory=list)

    def add(self, item: "_Item") -> None:
        self.received += 1
        if item.answered:
            self.answered += 1
            self.within_sla += item.within_sla
            self.working_days.append(item.working_days)
            self.calendar_days.append(item.calendar_days)
        elif item.open:
            self.open += 1
        else:
            self.withdrawn += 1

    @property
    def answered_percent(self) -> float | None:
        return round(100 * self.answered / self.received, 1) if self.received else None

    @property
    def within_sla_percent(self) -> float | None:
        return round(100 * self.within_sla / self.answered, 1) if self.answered else None

    @property
    def avg_working_days(self) -> float | None:
        return round(statistics.fmean(self.working_days), 1) if self.working_days else None

    @property
    def median_working_days(self) -> float | None:
        return statistics.median(self.working_days) if self.working_days else None

    @property
    def avg_calendar_days(self) -> float | None:
        return round(statistics.fmean(self.calendar_days), 1) if self.calendar_days else None

    @property
    def median_calendar_days(self) -> float | None:
        return statistics.median(self.calendar_days) if self.calendar_days else None

    def rank_key(self) -> tuple:
        """Seed 004's measure first (share of the complaints received that were answered, target
        100%), then the share answered within the SLA, then the fewer working days to answer."""
        avg = self.avg_working_days
        return (
            -(self.answered_percent or 0),
            -(self.within_sla_percent or 0),
            avg if avg is not None else 1e9,
        )


@dataclass(frozen=True)
class _Item:
    subject_id: int
    source: str
    province_id: int | None
    against_province_id: int | None
    answered: bool
    open: bool
    within_sla: bool
    working_days: int
    calendar_days: int


@dataclass
class Report:
    start: dt.date
    end: dt.date
    total: Row
    by_subject: list[Row]
    by_channel: list[Row]
    by_province: list[Row]
    ranking: list[Row]
    ranked_count: int  # provinces ranked (all of them, whatever the reader sees)
    shows_against: bool


def _province_of_units() -> dict[int, int | None]:
    """Every unit's province (its own or the nearest directorate's above), in one query."""
    rows = {
        pk: (parent, province)
        for pk, parent, province in OrgUnit.objects.values_list("pk", "parent_id", "province_id")
    }
    found: dict[int, int | None] = {}
    for pk in rows:
        node, seen = pk, set()
        while node is not None and node not in seen and rows[node][1] is None:
            seen.add(node)
            node = rows[node][0]
        found[pk] = rows[node][1] if node is not None and node in rows else None
    return found


def _items(start: dt.date, end: dt.date) -> list[_Item]:
    tz = timezone.get_current_timezone()
    since = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    until = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    in_period = Complaint.objects.filter(request__submitted_at__gte=since, request__submitted_at__lt=until)
    rows = list(
        in_period.values_list(
            "request_id",
            "subject_id",
            "source",
            "complained_unit_id",
            "request__unit_id",
            "request__state",
            "request__submitted_at",
            "request__decided_at",
            "request__due_date",
            "request__target_working_days",
        )
    )
    # The clock events of the answered ones only (a subquery, not a list of ids), read in one go.
    answered_ids = in_period.filter(request__state__in=ANSWERED_STATES).values("request_id")
    events: dict[int, list[sla.ClockEvent]] = {}
    for request_id, name, at in RequestEvent.objects.filter(
        request_id__in=answered_ids, kind=RequestEvent.Kind.TRANSITION, name__in=list(CLOCK_EFFECTS)
    ).values_list("request_id", "name", "at"):
        events.setdefault(request_id, []).append(
            sla.ClockEvent(at.astimezone(tz).date(), CLOCK_EFFECTS[name])
        )
    provinces = _province_of_units()
    calendar = get_calendar()
    items = []
    for request_id, subject_id, source, against, unit_id, state, submitted, decided, due, target in rows:
        answered = state in ANSWERED_STATES and decided is not None
        working = calendar_days = 0
        within = False
        if answered:
            first, last = submitted.astimezone(tz).date(), decided.astimezone(tz).date()
            clocked = events.get(request_id, [])
            if any(e.effect == "pause" for e in clocked):
                clock = sla.compute(calendar=calendar, start=first, target=target, events=clocked, today=last)
                working = clock.used
            else:  # what the clock gives with no pause, without computing a due date we do not need
                stop = min((e.day for e in clocked if e.effect == "stop"), default=last)
                working = max(0, calendar.working_days_between(first, stop))
            calendar_days, within = (last - first).days, last <= due
        items.append(
            _Item(
                subject_id=subject_id,
                source=source,
                province_id=provinces.get(unit_id),
                against_province_id=provinces.get(against) if against else None,
                answered=answered,
                open=state in OPEN_STATES,
                within_sla=within,
                working_days=working,
                calendar_days=calendar_days,
            )
        )
    return items


def _rank(rows: list[Row]) -> None:
    """Competition ranking (1, 2, 2, 4): equal figures share a place."""
    ordered = sorted(rows, key=lambda r: (r.rank_key(), r.label))
    for position, row in enumerate(ordered, start=1):
        previous = ordered[position - 2] if position > 1 else None
        row.rank = previous.rank if previous and previous.rank_key() == row.rank_key() else position


def complaints_report(
    *, start: dt.date, end: dt.date, scope: Scope, province: Province | None = None
) -> Report:
    """The report of the complaints received from `start` to `end` (inclusive) that `scope` may
    see, narrowed to one `province` when given (the caller has checked `scope.allows` it)."""
    items = _items(start, end)
    names = dict(Province.objects.values_list("pk", "name"))
    by_province: dict[int | None, Row] = {}
    for item in items:
        key = item.province_id
        by_province.setdefault(key, Row(str(key) if key else HQ_KEY, names.get(key, HQ_LABEL))).add(item)
        if item.against_province_id and scope.everywhere:
            against = by_province.setdefault(
                item.against_province_id, Row(str(item.against_province_id), names[item.against_province_id])
            )
            against.against += 1
    ranked = [row for key, row in by_province.items() if key is not None and row.received]
    _rank(ranked)  # over every province, before the reader's view is cut to their places

    def visible(province_id):
        return scope.allows(province_id) and (province is None or province_id == province.pk)

    mine = [item for item in items if visible(item.province_id)]
    subjects = {s.pk: s for s in ComplaintSubject.objects.all()}
    by_subject: dict[int, Row] = {}
    by_channel = {value: Row(value, label) for value, label in Source.choices}
    total = Row("total", "همه")
    for item in mine:
        total.add(item)
        subject = subjects[item.subject_id]
        by_subject.setdefault(subject.pk, Row(str(subject.pk), subject.title)).add(item)
        by_channel[item.source].add(item)
    order = {pk: n for n, pk in enumerate(subjects)}
    shown = [row for key, row in by_province.items() if visible(key)]
    shown.sort(key=lambda r: (r.key == HQ_KEY, r.rank or 10_000, r.label))
    return Report(
        start=start,
        end=end,
        total=total,
        by_subject=sorted(by_subject.values(), key=lambda r: order[int(r.key)]),
        by_channel=list(by_channel.values()),
        by_province=shown,
        ranking=sorted((r for r in shown if r.rank), key=lambda r: (r.rank, r.label)),
        ranked_count=len(ranked),
        shows_against=scope.everywhere,
    )
