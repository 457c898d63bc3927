"""The desk's report (D10) read from the summary: one row of figures per place for a Jalali period,
by province, unit, service, channel, place of intake or month (decision 0068); whole Jalali months
read from the month rollup, so a year costs the same whatever the number of requests (0111), and
from its margins by one part of the key when the grouping and filters allow: at most 12 × places
rows for a year (0114)."""

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Count, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from catalogue.models import Channel, Service
from core.jalali import MONTHS, to_jalali
from core.text import to_persian_digits
from desk.models import FEEDBACK_REASONS, OPEN_STATES, ServiceRequest
from orgs.models import CounterOffice, OrgUnit
from reports import months as rollup
from reports.models import DeskDay, DeskDuration, DeskReason

BY = {
    "province": "استان",
    "unit": "واحد",
    "service": "خدمت",
    "channel": "مجرا",
    "office": "محل پذیرش",
    "month": "ماه",
}
HEADER = (
    "place_code,place,accepted,answered,open,overdue,withdrawn,avg_working_days,"
    "median_working_days,within_sla_percent,avg_rating,ratings"
).split(",")
# What each grouping reads of a summary row (and of a request, for the overdue count).
GROUP_FIELDS = {
    "province": ("unit_id",),
    "unit": ("unit_id",),
    "service": ("service_id",),
    "channel": ("channel",),
    "office": ("channel", "office_id", "desk_id"),
    "month": ("day",),
}
REQUEST_FIELDS = {"unit_id": "unit_id", "service_id": "service_id", "channel": "channel"}
REQUEST_FIELDS |= {"office_id": "counter_office_id", "desk_id": "intake_unit_id"}


@dataclass
class Figures:
    accepted: int = 0
    answered: int = 0
    open: int = 0
    overdue: int = 0
    withdrawn: int = 0
    working_days: int = 0
    calendar_days: int = 0
    within_sla: int = 0
    ratings: int = 0
    rating_sum: int = 0
    first_responses: int = 0
    first_response_days: int = 0
    first_response_targeted: int = 0
    first_response_within: int = 0

    def __post_init__(self):
        self.histogram: Counter = Counter()  # working days to the answer
        self.calendar: Counter = Counter()  # calendar days to the answer
        self.first_response: Counter = Counter()  # working days to the first response
        self.reasons: Counter = Counter()  # ratings choosing each reason

    def add(self, other: "Figures") -> None:
        """Add another group's figures (the histograms too, so the medians stay exact)."""
        for name in (*COUNTS, "overdue"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for name in ("histogram", "calendar", "first_response", "reasons"):
            getattr(self, name).update(getattr(other, name))


COUNTS = (
    "accepted",
    "answered",
    "open",
    "withdrawn",
    "working_days",
    "calendar_days",
    "within_sla",
    "ratings",
    "rating_sum",
    "first_responses",
    "first_response_days",
    "first_response_targeted",
    "first_response_within",
)
REASON_LABELS = dict(FEEDBACK_REASONS)
# Which histogram of `Figures` each measure of `DeskDuration` fills.
HISTOGRAMS = {"working": "histogram", "calendar": "calendar", "first_response": "first_response"}


@dataclass(frozen=True)
class Where:
    """Which requests a report counts: handling units (None: all), services (None: all), one
    channel, one counter office. Applied alike to the summary and to the overdue count."""

    unit_ids: frozenset[int] | None = None
    service_ids: frozenset[int] | None = None
    channel: str = ""
    office_id: int | None = None

    def summary(self) -> dict:
        q = {}
        if self.unit_ids is not None:
            q["unit_id__in"] = self.unit_ids
        if self.service_ids is not None:
            q["service_id__in"] = self.service_ids
        if self.channel:
            q["channel"] = self.channel
        if self.office_id:
            q["office_id"] = self.office_id
        return q

    def requests(self) -> dict:
        q = {k: v for k, v in self.summary().items() if k != "office_id"}
        if self.office_id:
            q["counter_office_id"] = self.office_id
        return q


EVERYTHING = Where()


def median(histogram: Counter) -> float | None:
    """The median of values given as {value: how many} (the mean of the middle two if even)."""
    total = sum(histogram.values())
    if not total:
        return None
    wanted, seen, low = ((total - 1) // 2, total // 2), 0, None
    for value in sorted(histogram):
        count = histogram[value]
        if low is None and seen + count > wanted[0]:
            low = value
        if seen + count > wanted[1]:
            return (low + value) / 2
        seen += count
    raise AssertionError("unreachable")  # pragma: no cover


def _day_range(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    aware = timezone.make_aware
    return aware(dt.datetime.combine(start, dt.time())), aware(
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time())
    )


def _overdue(start: dt.date, end: dt.date, fields: tuple, where: Where = EVERYTHING) -> list[dict]:
    """Requests accepted in the period, open, running and past their due date now (as the queue's
    overdue filter says), counted directly from the requests."""
    low, high = _day_range(start, end)
    today = timezone.localdate()
    requests = ServiceRequest.objects.filter(
        submitted_at__gte=low,
        submitted_at__lt=high,
        state__in=OPEN_STATES,
        clock_paused=False,
        due_date__lt=today,
        **where.requests(),
    ).order_by()
    if fields == ("day",):
        # Counted by the database per local day (10,000,000 requests: 28,426 timestamps of a year
        # were read into Python and counted there, about 280 ms of a report page's CPU).
        by_day = requests.annotate(day=TruncDate("submitted_at")).values("day").annotate(overdue=Count("*"))
        return [{"day": row["day"], "overdue": row["overdue"]} for row in by_day]
    names = {f: REQUEST_FIELDS[f] for f in fields}
    # COUNT(*), not of the id: the index of the open running requests holds every column this
    # reads, so PostgreSQL counts from the index alone (desk_open_running_by_day).
    rows = requests.values(*names.values()).annotate(overdue=Count("*"))
    return [
        {f: row[column] or (0 if f != "channel" else "") for f, column in names.items()}
        | {"overdue": row["overdue"]}
        for row in rows
    ]


class Places:
    """What a group of summary rows is called: its code and Persian name."""

    def __init__(self, by: str):
        self.by = by
        self.units = (
            {u.pk: u for u in OrgUnit.objects.select_related("province")}
            if by in ("province", "unit", "office")
            else {}
        )
        self.services = dict(Service.objects.values_list("pk", "service_id")) if by == "service" else {}
        self.titles = dict(Service.objects.values_list("pk", "title")) if by == "service" else {}
        self.offices = {o.pk: o for o in CounterOffice.objects.all()} if by == "office" else {}

    def __call__(self, key: tuple) -> tuple[str, str]:
        by = self.by
        if by == "province":
            unit = self.units[key[0]]
            if unit.kind == OrgUnit.Kind.PROVINCE and unit.province_id:
                return unit.province.code, unit.province.name
            return unit.code, unit.name
        if by == "unit":
            unit = self.units[key[0]]
            return unit.code, unit.name
        if by == "service":
            return self.services[key[0]], self.titles[key[0]]
        if by == "channel":
            return key[0], str(Channel(key[0]).label)
        if by == "office":
            channel, office, desk = key
            if office:
                return self.offices[office].code, self.offices[office].name
            if desk:
                return self.units[desk].code, f"میز خدمت حضوری {self.units[desk]}"
            return channel, str(Channel(channel).label)
        year, month = key[0]
        return f"{year:04d}-{month:02d}", f"{MONTHS[month - 1]} {to_persian_digits(year)}"


def _figures(start: dt.date, end: dt.date, by: str, where: Where) -> dict[tuple, Figures]:
    """The figures of each group of `by` (keyed as `Places` names them; by month, (year, month))."""
    fields = GROUP_FIELDS[by]
    names = Places(by)
    figures: dict[tuple, Figures] = defaultdict(Figures)

    months: dict[dt.date, tuple] = {}  # jdatetime's conversion is slow: once per day, not per row

    def group(row: dict) -> tuple:
        if by == "month":
            day = row["day"]
            if day not in months:
                jalali = to_jalali(day)
                months[day] = ((jalali.year, jalali.month),)
            return months[day]
        return names(tuple(row[f] for f in fields))

    def summed(model, *columns: str, **sums):
        """The period's rows of a summary table `where` says, summed by group and `columns`: its
        whole Jalali months from the month rollup (a margin of it when one keeps the grouping's and
        the filters' fields, decision 0114), the edges from the day rows (decision 0111)."""
        for rows in rollup.querysets(model, start, end, fields=fields, **where.summary()):
            yield from rows.values(*fields, *columns).annotate(**sums)

    for row in summed(DeskDay, **{c: Sum(c) for c in COUNTS}):
        target = figures[group(row)]
        for c in COUNTS:
            setattr(target, c, getattr(target, c) + row[c])
    for row in summed(DeskDuration, "measure", "days", n=Sum("tally")):
        getattr(figures[group(row)], HISTOGRAMS[row["measure"]])[row["days"]] += row["n"]
    for row in summed(DeskReason, "reason", n=Sum("ratings")):
        figures[group(row)].reasons[row["reason"]] += row["n"]
    for row in _overdue(start, end, fields, where):
        figures[group(row)].overdue += row["overdue"]
    if by == "month":
        return {(*names(key), *key): f for key, f in figures.items()}
    return figures


def _shown(f: Figures) -> bool:
    return any((f.accepted, f.answered, f.open, f.overdue, f.withdrawn, f.ratings, f.first_responses))


def desk_report(*, start: dt.date, end: dt.date, by: str, where: Where = EVERYTHING) -> list[dict]:
    """One dict per place (sorted by code) with the figures of HEADER for the period (and the
    page's extra columns, `avg_calendar_days` and `response_rate`), counting only `where`."""
    return desk_report_and_total(start=start, end=end, by=by, where=where)[0]


def desk_report_and_total(
    *, start: dt.date, end: dt.date, by: str, where: Where = EVERYTHING
) -> tuple[list[dict], dict]:
    """`desk_report`'s rows and the row of their total, from the same queries: every grouping
    puts each request in exactly one group, so the groups' figures (histograms included, so the
    median stays exact) add up to the whole."""
    figures = _figures(start, end, by, where)
    total = Figures()
    for f in figures.values():
        total.add(f)
    rows = [row_of(key[0], key[1], f) for key, f in figures.items() if _shown(f)]
    return sorted(rows, key=lambda r: r["place_code"]), row_of("total", "همه", total)


def report_total(*, start: dt.date, end: dt.date, where: Where = EVERYTHING) -> dict:
    """The figures of every request `where` for the period, in one row."""
    return desk_report_and_total(start=start, end=end, by="channel", where=where)[1]


def month_trend(*, start: dt.date, end: dt.date, where: Where = EVERYTHING) -> list[dict]:
    """`desk_report` by month with every Jalali month of the period present (a month with nothing
    is a row of zeros, so a trend shows its gaps)."""
    found = {row["place_code"]: row for row in desk_report(start=start, end=end, by="month", where=where)}
    names = Places("month")
    first, last = to_jalali(start), to_jalali(end)
    year, month, rows = first.year, first.month, []
    while (year, month) <= (last.year, last.month):
        code, place = names((((year, month)),))
        rows.append(found.get(code) or row_of(code, place, Figures()))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return rows


def _number(value: float | None, places: int) -> str:
    return "" if value is None else f"{value:.{places}f}"


def row_of(code: str, place: str, f: Figures) -> dict:
    """The report's row for figures (averages and percentages computed here, never stored)."""
    answered = f.answered or None
    return {
        "place_code": code,
        "place": place,
        "accepted": f.accepted,
        "answered": f.answered,
        "open": f.open,
        "overdue": f.overdue,
        "withdrawn": f.withdrawn,
        "avg_working_days": _number(answered and f.working_days / answered, 2),
        "median_working_days": _number(median(f.histogram), 1),
        "within_sla_percent": _number(answered and 100 * f.within_sla / answered, 1),
        "avg_rating": _number(f.rating_sum / f.ratings if f.ratings else None, 2),
        "ratings": f.ratings,
        # The page's columns beyond the command's contract (HEADER):
        "avg_calendar_days": _number(answered and f.calendar_days / answered, 2),
        "median_calendar_days": _number(median(f.calendar), 1),
        "response_rate": _number(answered and 100 * f.ratings / answered, 1),
        "first_responses": f.first_responses,
        "avg_first_response_days": _number(
            f.first_response_days / f.first_responses if f.first_responses else None, 2
        ),
        "median_first_response_days": _number(median(f.first_response), 1),
        "first_response_within_percent": _number(
            100 * f.first_response_within / f.first_response_targeted if f.first_response_targeted else None,
            1,
        ),
        "first_response_targeted": f.first_response_targeted,
        "reasons": reasons_of(f),
    }


def reasons_of(f: Figures) -> list[dict]:
    """The reasons chosen in the ratings, most chosen first: code, label, count and share of the
    ratings (a rating may choose several reasons, or none)."""
    return [
        {
            "code": code,
            "label": REASON_LABELS.get(code, code),
            "count": n,
            "share": _number(100 * n / f.ratings if f.ratings else None, 1),
        }
        for code, n in sorted(f.reasons.items(), key=lambda item: (-item[1], item[0]))
        if n
    ]
