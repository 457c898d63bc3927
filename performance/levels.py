"""Totals by level, as seed 004's summary prints them: the provinces, the research institute, the
HQ offices and the whole organisation, each by its activity's aggregation.

An activity's figures at a level are its own values at the units of that level plus the values of
the HQ rows that roll up to it (`Activity.rolls_up_to`: the standards office's «بازنگری استاندارد
ملی» row is the HQ line of the provinces' revision activity). A level's plan and actual are each
aggregated by the activity's rule (`aggregate`); its percent is the percent rule applied to them.
The organisation's total aggregates every reporting unit of every level: for a sum, the sum of the
levels; for an average, the mean of all units that report (not the mean of the level means).
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from orgs.models import OrgUnit
from performance.models import Activity, Measure, percent

PROVINCES, RESEARCH, HQ, ORGANISATION = "provinces", "research", "hq", "all"
LEVELS = (PROVINCES, RESEARCH, HQ)
LEVEL_TITLES = {
    PROVINCES: "استان‌ها",
    RESEARCH: "پژوهشگاه",
    HQ: "ستاد",
    ORGANISATION: "جمع کل سازمان",
}
LEVEL_OF_KIND = {
    OrgUnit.Kind.PROVINCE: PROVINCES,
    OrgUnit.Kind.RESEARCH: RESEARCH,
    OrgUnit.Kind.HQ_OFFICE: HQ,
    OrgUnit.Kind.HQ: HQ,
}


def aggregate(values, aggregation: str):
    """A column's total by the activity's own rule: a sum, the mean of the units that report
    (rounded half up to two places), or none at all for figures that do not add up."""
    if aggregation == Activity.Aggregation.NONE:
        return None
    present = [v for v in values if v is not None]
    if not present:
        return None
    total = sum(present, Decimal(0))
    if aggregation != Activity.Aggregation.AVERAGE:
        return total
    return (total / len(present)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class LevelTotal:
    level: str
    plan: Decimal | None
    actual: Decimal | None
    units: int  # units that report a plan or an actual at this level

    @property
    def title(self) -> str:
        return LEVEL_TITLES[self.level]

    @property
    def percent(self) -> Decimal | None:
        return percent(self.plan, self.actual)


def by_activity(values: dict) -> dict[int, dict]:
    """`selectors.year_values`' (activity, breakdown, unit, measure) → figure, grouped by
    activity, so that each activity reads only its own figures."""
    grouped: dict[int, dict] = defaultdict(dict)
    for key, v in values.items():
        grouped[key[0]][key] = v
    return grouped


def level_totals(
    activity: Activity,
    grouped: dict[int, dict],
    *,
    unit_kinds: dict[int, str],
    parts: list[int],
    total_breakdowns: dict[int, int],
) -> list[LevelTotal]:
    """The levels that report (in the order provinces, research institute, HQ) and, after them,
    the organisation's total. `grouped` is `by_activity(year_values(...))`, `parts` the ids of
    the HQ rows rolling up to `activity`, `total_breakdowns` activity id → its undivided
    breakdown's id (a level total is of undivided figures, as the summary prints them)."""
    by_level: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    reporting: dict[str, set] = defaultdict(set)
    for activity_id in (activity.pk, *parts):
        breakdown = total_breakdowns.get(activity_id)
        for (_a, b, u, m), v in grouped.get(activity_id, {}).items():
            if b != breakdown:
                continue
            level = LEVEL_OF_KIND.get(unit_kinds.get(u))
            if level is None:
                continue
            by_level[level][m].append(v)
            reporting[level].add(u)
    rule = activity.aggregation
    out = [
        LevelTotal(
            level,
            aggregate(by_level[level][Measure.PLAN], rule),
            aggregate(by_level[level][Measure.ACTUAL], rule),
            len(reporting[level]),
        )
        for level in LEVELS
        if reporting[level]
    ]
    if out:
        out.append(
            LevelTotal(
                ORGANISATION,
                aggregate([v for lv in LEVELS for v in by_level[lv][Measure.PLAN]], rule),
                aggregate([v for lv in LEVELS for v in by_level[lv][Measure.ACTUAL]], rule),
                sum(len(reporting[lv]) for lv in LEVELS),
            )
        )
    return out
