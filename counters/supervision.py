"""Reads of the regulator's supervision (issue 19 item 6): every region's workload and deadlines,
average scores by region and province over the years, and one office's history on one page.

Who sees what: the regulator's HQ (the licence registry's writers: HQ planners, administrators)
sees every region; a region expert sees the history of their regions' offices only, and not the
HQ page; anyone else (a holder, a province manager) neither. Every count is an aggregate query.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Avg, Count, Q
from django.utils import timezone

from counters import selectors
from counters.models import Declaration, ViolationCorrection, Visit
from orgs.models import CounterOffice, Province, Region

State = Declaration.State
# States in which the region owes an answer by `due_on` (a review, a review again, an objection).
REVIEWING = (State.SUBMITTED, State.RESUBMITTED, State.OBJECTED)
LATE_LISTED = 50


def region_scope(user) -> set[int] | None:
    """None (every region) for the regulator's HQ, else the regions this user is an expert of
    (empty: no access). The same people as the licence registry's writers."""
    return selectors.licence_region_scope(user, write=True)


def refuse_unless_hq(user) -> None:
    if region_scope(user) is not None:
        raise PermissionDenied("نظارت بر مناطق و دفاتر پیشخوان برای ستاد سازمان است.")


@dataclass
class RegionLoad:
    """One region's files: how many in each state (in `State` order), late reviews, open objections."""

    name: str
    region_id: int | None = None
    by_state: list[int] = field(default_factory=lambda: [0] * len(State.values))
    late: int = 0
    objections: int = 0

    @property
    def total(self) -> int:
        return sum(self.by_state)

    def add(self, other: RegionLoad) -> None:
        self.by_state = [a + b for a, b in zip(self.by_state, other.by_state, strict=True)]
        self.late += other.late
        self.objections += other.objections


def workload(*, today: dt.date | None = None) -> tuple[list[RegionLoad], RegionLoad]:
    """Every region's row (in the regions' order; offices of a province without a region last)
    and the totals row, from one grouped query."""
    today = today or timezone.localdate()
    counts = {f"n_{state}": Count("pk", filter=Q(state=state)) for state in State.values}
    grouped = (
        Declaration.objects.order_by()
        .values("office__province__region_id")
        .annotate(
            **counts,
            late=Count("pk", filter=Q(state__in=REVIEWING, due_on__lt=today)),
            objections=Count("objection", filter=Q(objection__answered_at__isnull=True)),
        )
    )
    found = {
        row["office__province__region_id"]: RegionLoad(
            name="",
            by_state=[row[f"n_{state}"] for state in State.values],
            late=row["late"],
            objections=row["objections"],
        )
        for row in grouped
    }
    rows = []
    for region in Region.objects.all():
        row = found.pop(region.pk, RegionLoad(name=""))
        row.name, row.region_id = region.name, region.pk
        rows.append(row)
    if None in found:
        row = found.pop(None)
        row.name = "استان بدون منطقه"
        rows.append(row)
    totals = RegionLoad(name="جمع")
    for row in rows:
        totals.add(row)
    return rows, totals


def late_reviews(*, today: dt.date | None = None, limit: int = LATE_LISTED):
    """The files whose region's answer is past its deadline, the oldest deadline first."""
    today = today or timezone.localdate()
    return (
        Declaration.objects.filter(state__in=REVIEWING, due_on__lt=today)
        .select_related("office__province__region")
        .order_by("due_on", "office__code")[:limit]
    )


@dataclass(frozen=True)
class YearScore:
    average: Decimal
    offices: int


@dataclass
class ScoreRow:
    name: str
    cells: list[YearScore | None]


def scores_by_year(*, by: str) -> tuple[list[int], list[ScoreRow]]:
    """`(years, rows)`: the latest year first, one row per region (`by="region"`) or province
    (`by="province"`) that has an approved score, each cell its offices' average final score that
    year (None: no approved file). Counts the files `selectors.rankings` ranks."""
    key = {"region": "office__province__region_id", "province": "office__province_id"}[by]
    grouped = (
        selectors.ranked_declarations()
        .filter(final_score__isnull=False)
        .order_by()
        .values("year", key)
        .annotate(average=Avg("final_score"), offices=Count("pk"))
    )
    cells: dict[int | None, dict[int, YearScore]] = {}
    for row in grouped:
        average = Decimal(row["average"]).quantize(Decimal("0.01"))
        cells.setdefault(row[key], {})[row["year"]] = YearScore(average, row["offices"])
    years = sorted({year for per_year in cells.values() for year in per_year}, reverse=True)
    places = Region.objects.all() if by == "region" else Province.objects.order_by("name")
    rows = [
        ScoreRow(place.name, [cells[place.pk].get(year) for year in years])
        for place in places
        if place.pk in cells
    ]
    if None in cells:
        rows.append(ScoreRow("استان بدون منطقه", [cells[None].get(year) for year in years]))
    return years, rows


def access_office_for_history(user, office_id: int) -> CounterOffice:
    """The office, if `user` may see its history; the same refusal whether it does not exist or
    lies outside their regions."""
    scope = region_scope(user)
    if scope == set():
        raise PermissionDenied("سابقه دفاتر پیشخوان برای کارشناسان منطقه و ستاد سازمان است.")
    office = (
        CounterOffice.objects.select_related("province__region", "licence__holder")
        .filter(pk=office_id)
        .first()
    )
    if office is None or (scope is not None and office.province.region_id not in scope):
        raise PermissionDenied("این دفتر در منطقه شما نیست یا وجود ندارد.")
    return office


def history_office_ids(user, offices) -> set[int]:
    """Which of `offices` this user may open the history of (for links from other pages)."""
    scope = region_scope(user)
    if scope == set():
        return set()
    return {o.pk for o in offices if scope is None or o.province.region_id in scope}


@dataclass
class YearHistory:
    declaration: Declaration
    violations: int = 0
    fine_rials: int = 0
    visits: list = field(default_factory=list)
    corrections: list = field(default_factory=list)


def office_history(office: CounterOffice) -> list[YearHistory]:
    """The office's files by year, the latest first, each with its confirmed violations and fine,
    its visits (with how many findings were missing) and its corrections; a fixed number of queries."""
    fines = {row.year: row for row in selectors.office_fines(office)}
    years = [
        YearHistory(declaration=d)
        for d in Declaration.objects.filter(office=office).select_related("objection").order_by("-year")
    ]
    by_declaration = {row.declaration.pk: row for row in years}
    for row in years:
        if fine := fines.get(row.declaration.year):
            row.violations, row.fine_rials = fine.count, fine.total_rials
    visits = (
        Visit.objects.filter(office=office)
        .select_related("recorded_by")
        .annotate(missing=Count("findings", filter=Q(findings__found=False)))
        .order_by("planned_on", "pk")
    )
    for visit in visits:
        by_declaration[visit.declaration_id].visits.append(visit)
    corrections = ViolationCorrection.objects.filter(declaration__office=office).select_related(
        "item", "corrected_by"
    )
    for correction in corrections:
        by_declaration[correction.declaration_id].corrections.append(correction)
    return years
