"""Directive compliance from what happened (issue 11 item 3, D13, seed 001): for a Jalali period,
every service and every handling unit a reader covers marked met, partly or not met on each
capability of the directive that the desk's data can show, with the organisation-wide score and
the share of in-person contact cut (قطع ارتباط ارباب رجوع با کارکنان).

Where the figures come from (one grouped read of the desk's summary, `reports.models.DeskDay`, and
of its month rollup for whole Jalali months, whatever the number of requests; docs/reports.md,
«انطباق با دستورالعمل», decisions 0102 and 0111):
requests accepted by channel and place of intake (online intake, in-person intake and where it
happened), with a receipt sent (a `desk.receipt` message not failed, which states the due date)
and called to a unit's desk (contact cut); answers given, with an electronic response; visits
(appointments not cancelled) and ratings given in the period; the catalogue's configuration for
the information package (`catalogue.compliance`).

A share is met at `MET_AT` per cent or more, partly met at `PARTLY_AT` or more, else not met. A
capability with nothing to measure in the period (no answer, no in-person visit) is «موضوعیت
نداشت»; a service or unit with nothing at all in the period is «بدون درخواست»: neither counts for
or against the score."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field, fields

from django.db.models import F, Q, Sum
from django.db.models.functions import Coalesce

from catalogue import compliance as catalogue_compliance
from catalogue import selectors as catalogue_selectors
from catalogue.models import Channel, Service
from orgs.models import OrgUnit
from reports import months
from reports.models import DeskDay

MET_AT = 90  # per cent: a share at or above this meets the capability
PARTLY_AT = 50  # per cent: at or above this (and below MET_AT) partly meets it

MET, PARTLY, NOT_MET, NOT_APPLICABLE, NO_REQUESTS = "met", "partly", "not_met", "na", "none"
STATUS_LABELS = {
    MET: "برآورده",
    PARTLY: "تا اندازه‌ای",
    NOT_MET: "برآورده نشده",
    NOT_APPLICABLE: "موضوعیت نداشت",
    NO_REQUESTS: "بدون درخواست",
}


@dataclass(frozen=True)
class Measure:
    code: str  # the catalogue's capability code (catalogue.compliance.BUILTIN) where there is one
    title: str
    requirement: str  # MISSION.md's id of the directive's item
    how: str  # what is counted, in Persian (shown on the page and in the worksheet)


MEASURES = [
    Measure("online_intake", "پذیرش الکترونیکی درخواست", "D2", "درخواست‌های ثبت‌شده برخط از پذیرفته‌های دوره"),
    Measure(
        "receipt",
        "رسید الکترونیکی با زمان پاسخ",
        "D3",
        "پذیرفته‌های دوره که رسید الکترونیکی با موعد پاسخ برایشان فرستاده شد",
    ),
    Measure(
        "electronic_response",
        "پاسخ الکترونیکی",
        "D6",
        "پاسخ‌داده‌های دوره که پاسخ الکترونیکی (نامه یا گواهی) برایشان صادر شد",
    ),
    Measure("feedback", "نظرسنجی الکترونیکی", "D9", "نظرهای دوره به ازای پاسخ‌های دوره"),
    Measure(
        "in_person_at_desk",
        "حضور فقط در میز خدمت حضوری یا دفتر پیشخوان",
        "D11",
        "مراجعه‌های حضوری دوره (ثبت حضوری و نوبت‌ها) که در میز خدمت یا دفتر پیشخوان بود",
    ),
    Measure(
        "information_package",
        "بسته اطلاع‌رسانی کامل",
        "D8",
        "خدمت‌هایی که بسته اطلاع‌رسانی کامل دارند (از کاتالوگ)",
    ),
    Measure(
        "reports",
        "گزارش‌های تحلیلی و مدیریتی",
        "D10",
        "پذیرفته‌ها و پاسخ‌های دوره که خلاصه گزارش‌ها دقیق دربر دارد",
    ),
]


@dataclass
class Counts:
    """What happened to the requests of one group (a unit and a service, or their sum)."""

    accepted: int = 0  # requests accepted in the period
    online: int = 0  # ... filed online
    receipt: int = 0  # ... with a receipt message sent
    contact_cut: int = 0  # ... never received by the organisation's staff in person
    intake_in_person: int = 0  # ... filed at a counter office or an in-person desk
    intake_at_desk: int = 0  # ... of those, with the office or desk recorded
    answered: int = 0  # requests answered in the period
    responded: int = 0  # ... with an electronic response issued
    visits: int = 0  # appointments (not cancelled) in the period
    visits_at_desk: int = 0  # ... at an in-person desk or a counter office
    ratings: int = 0  # ratings given in the period
    services: set = field(default_factory=set)  # services with something in the period
    complete: set = field(default_factory=set)  # ... of them with a complete information package

    def add(self, other: "Counts") -> None:
        for name in NUMBERS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.services |= other.services
        self.complete |= other.complete

    @property
    def active(self) -> bool:
        return bool(self.accepted or self.answered or self.visits or self.ratings)


NUMBERS = tuple(f.name for f in fields(Counts) if f.name not in ("services", "complete"))


@dataclass(frozen=True)
class Mark:
    status: str
    percent: float | None  # None: nothing to measure
    numerator: int = 0
    denominator: int = 0

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]


def status_of(percent: float) -> str:
    if percent >= MET_AT:
        return MET
    if percent >= PARTLY_AT:
        return PARTLY
    return NOT_MET


def share(numerator: int, denominator: int) -> Mark:
    """A share marked against the thresholds; nothing to measure: «موضوعیت نداشت»."""
    if not denominator:
        return Mark(NOT_APPLICABLE, None)
    percent = min(100.0, 100 * numerator / denominator)
    return Mark(status_of(percent), percent, numerator, denominator)


def reports_mark(c: Counts) -> Mark:
    """The desk's reports (D10) hold this group's accepted and answered of the period: every figure
    of this page is read from them (decision 0102; their exactness is the exactness test's and
    `desk_summary_rebuild`'s, no longer re-counted from the requests on each view)."""
    held = c.accepted + c.answered
    return Mark(MET, 100.0, held, held) if held else Mark(NOT_APPLICABLE, None)


def marks_of(c: Counts) -> dict[str, Mark]:
    """Each measure's mark for a group's counts (all «بدون درخواست» when nothing happened)."""
    if not c.active:
        return {m.code: Mark(NO_REQUESTS, None) for m in MEASURES}
    return {
        "online_intake": share(c.online, c.accepted),
        "receipt": share(c.receipt, c.accepted),
        "electronic_response": share(c.responded, c.answered),
        "feedback": share(c.ratings, c.answered),
        "in_person_at_desk": share(c.intake_at_desk + c.visits_at_desk, c.intake_in_person + c.visits),
        "information_package": share(len(c.complete), len(c.services)),
        "reports": reports_mark(c),
    }


def score_of(marks) -> float | None:
    """Met counts 1, partly ½, not met 0, over the marks that were measured (per cent)."""
    weights = {MET: 1.0, PARTLY: 0.5, NOT_MET: 0.0}
    measured = [weights[m.status] for m in marks if m.status in weights]
    return 100 * sum(measured) / len(measured) if measured else None


# ---- reads ------------------------------------------------------------------------------------


def _in(units: frozenset[int] | None, name: str = "unit_id") -> dict:
    return {} if units is None else {f"{name}__in": units}


def _total(column, condition: Q | None = None):
    return Coalesce(Sum(column, filter=condition), 0)


def _counts(start: dt.date, end: dt.date, units: frozenset[int] | None) -> dict[tuple, Counts]:
    """Counts per (handling unit, service) for the period: one grouped read of the summary."""
    in_person = Q(channel__in=(Channel.COUNTER, Channel.IN_PERSON))
    at_desk = Q(channel=Channel.COUNTER, office_id__gt=0) | Q(channel=Channel.IN_PERSON, desk_id__gt=0)
    found: dict[tuple, Counts] = defaultdict(Counts)
    sums = {
        "accepted": _total("accepted"),
        "online": _total("accepted", Q(channel=Channel.ONLINE)),
        "receipt": _total("receipts"),
        # Not filed at an in-person desk of the organisation nor called to one (decision 0094).
        "contact_cut": _total(F("accepted") - F("called_in"), ~Q(channel=Channel.IN_PERSON)),
        "intake_in_person": _total("accepted", in_person),
        "intake_at_desk": _total("accepted", at_desk),
        "answered": _total("answered"),
        "responded": _total("responded"),
        "visits": _total("visits"),
        "ratings": _total("ratings"),
    }
    for rows in months.querysets(DeskDay, start, end, **_in(units)):  # whole months: month rows
        for row in rows.values("unit_id", "service_id").annotate(
            **{f"sum_{name}": total for name, total in sums.items()}
        ):
            c = found[(row["unit_id"], row["service_id"])]
            for name in sums:
                setattr(c, name, getattr(c, name) + row[f"sum_{name}"])
    for c in found.values():
        # Every appointment is at a desk or a counter office (`desk_appointment_one_place`).
        c.visits_at_desk = c.visits
    return found


@dataclass
class Row:
    code: str
    name: str
    counts: Counts
    marks: dict[str, Mark]
    score: float | None
    is_active: bool = True

    @property
    def cells(self) -> list[tuple[Measure, Mark]]:
        return [(m, self.marks[m.code]) for m in MEASURES]

    @property
    def no_requests(self) -> bool:
        return not self.counts.active

    @property
    def contact_cut(self) -> Mark:
        return share(self.counts.contact_cut, self.counts.accepted)


@dataclass
class Compliance:
    start: dt.date
    end: dt.date
    services: list[Row]
    units: list[Row]
    total: Row
    score: float | None  # over every measured mark of every service's row
    measures: list[Measure] = field(default_factory=lambda: list(MEASURES))

    @property
    def contact_cut(self) -> Mark:
        return self.total.contact_cut


def _row(code: str, name: str, counts: Counts, *, is_active: bool = True) -> Row:
    marks = marks_of(counts)
    return Row(code, name, counts, marks, score_of(marks.values()), is_active)


def compliance_for(*, start: dt.date, end: dt.date, units: frozenset[int] | None) -> Compliance:
    """Every service and every handling unit of `units` (None: the whole organisation) marked on
    each measure for the period; services and units with nothing in it are «بدون درخواست»."""
    found = _counts(start, end, units)
    catalogue = list(catalogue_selectors.services_for_compliance())
    complete = {s.pk for s in catalogue if catalogue_compliance.check_information_package(s)}
    by_service: dict[int, Counts] = defaultdict(Counts)
    by_unit: dict[int, Counts] = defaultdict(Counts)
    total = Counts()
    for (unit_id, service_id), c in found.items():
        if c.active:
            c.services = {service_id}
            c.complete = {service_id} & complete
        by_service[service_id].add(c)
        by_unit[unit_id].add(c)
        total.add(c)
    services = [
        _row(s.service_id, s.title, by_service.get(s.pk, Counts()), is_active=s.is_active) for s in catalogue
    ]
    # Every unit that handles a service (a responsible unit) or handled a request in the period.
    handling = set(
        Service.responsible_units.through.objects.filter(**_in(units, "orgunit_id")).values_list(
            "orgunit_id", flat=True
        )
    )
    shown = OrgUnit.objects.filter(pk__in=handling | set(by_unit)).order_by("code")
    unit_rows = [_row(u.code, u.name, by_unit.get(u.pk, Counts()), is_active=u.is_active) for u in shown]
    score = score_of(m for row in services for m in row.marks.values())
    return Compliance(start, end, services, unit_rows, _row("total", "همه", total), score)
