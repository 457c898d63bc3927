"""The annual report (R6) in the structure of seed 004, built from data values: summary tables by
area, one table per province activity (31 provinces + total), and the HQ offices' tables. The
screen, the Excel workbook and the PDF sections all render this one structure."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from core.text import to_persian_digits
from orgs.models import OrgUnit
from performance.levels import aggregate, by_activity, level_totals
from performance.models import Activity, Area, Breakdown, Measure, PlanVersion, percent


def fa_num(value) -> str:
    """Display form: Persian digits, Persian thousands separator, `-` for no figure."""
    if value is None:
        return "-"
    value = Decimal(value)
    text = f"{int(value):,}" if value == value.to_integral_value() else f"{value:,.2f}".rstrip("0")
    return to_persian_digits(text.replace(",", "٬").replace(".", "٫"))


@dataclass
class Column:
    title: str
    breakdown_id: int
    measure: str  # plan | actual | percent


@dataclass
class Table:
    key: str
    title: str
    unit_of_measure: str
    columns: list[Column]
    rows: list[dict] = field(default_factory=list)  # {"label", "cells": [Decimal|None]}
    total: list | None = None
    area: str = ""
    activity_code: str = ""
    total_label: str = "جمع کل"


@dataclass
class Section:
    key: str
    title: str
    tables: list[Table]


@dataclass
class Report:
    year: int
    plan_version: PlanVersion | None
    summary: list[Table]
    sections: list[Section]
    period: object = None  # a `periods.PeriodKey` (a quarter or month); None for the whole year

    @property
    def title(self) -> str:
        return f"گزارش عملکرد {self.period.label() if self.period else f'سال {self.year}'}"

    @property
    def section_keys(self) -> list[tuple[str, str]]:
        return [("summary", "خلاصه عملکرد")] + [(s.key, s.title) for s in self.sections]


def _values(year: int, version: PlanVersion | None, period=None):
    from performance.selectors import period_values

    kind, number = (period.kind, period.number) if period else ("year", 0)
    return period_values(kind, year, number, version)


TOTAL_LABELS = {
    Activity.Aggregation.AVERAGE: "میانگین استان‌ها",
    Activity.Aggregation.NONE: "جمع (جمع‌پذیر نیست)",
}


def build_report(
    *, year: int, plan_version: PlanVersion | None, section: str | None = None, period=None
) -> Report:
    """The report of a year or, with `period` (a `periods.PeriodKey` of that year), of one of
    its quarters or months: the same tables over that period's figures."""
    values = _values(year, plan_version, period)
    used = defaultdict(set)  # activity → {(breakdown, measure)}
    for a, b, _u, m in values:
        used[a].add((b, m))
    activities = [
        a for a in Activity.objects.select_related("area").order_by("area__order", "order") if a.pk in used
    ]
    breakdowns = defaultdict(list)
    for b in Breakdown.objects.filter(activity__in=activities).order_by("order"):
        breakdowns[b.activity_id].append(b)
    units = list(OrgUnit.objects.select_related("province").order_by("order", "name"))
    provinces = [u for u in units if u.kind == OrgUnit.Kind.PROVINCE]
    by_code = {u.code: u for u in units}
    areas = {a.pk: a for a in Area.objects.all()}
    grouped = by_activity(values)
    unit_kinds = {u.pk: u.kind for u in units}
    total_breakdowns = {a: bs[0].pk for a, bs in breakdowns.items() if bs and bs[0].code == Breakdown.TOTAL}
    parts: dict[int, list[int]] = defaultdict(list)
    for part, head in Activity.objects.filter(rolls_up_to__isnull=False).values_list("pk", "rolls_up_to"):
        parts[head].append(part)

    summary_rows: dict[int, list] = defaultdict(list)
    province_sections: dict[int, list[Table]] = defaultdict(list)
    hq_sections: dict[int, list[Table]] = defaultdict(list)
    for activity in activities:
        columns = []
        for b in breakdowns[activity.pk]:
            label = "" if b.code == Breakdown.TOTAL else b.title
            has_plan = (b.pk, Measure.PLAN) in used[activity.pk]
            has_actual = (b.pk, Measure.ACTUAL) in used[activity.pk]
            if has_plan:
                columns.append(Column(f"برنامه {label}".strip(), b.pk, Measure.PLAN))
            if has_actual:
                columns.append(Column(f"عملکرد {label}".strip() if label else "عملکرد", b.pk, Measure.ACTUAL))
            if has_plan and has_actual:
                columns.append(Column(f"درصد تحقق {label}".strip(), b.pk, "percent"))
        if activity.scope == Activity.Scope.PROVINCES:
            table = Table(
                key=activity.code,
                title=activity.title,
                unit_of_measure=activity.unit_of_measure,
                columns=columns,
                area=activity.area.title,
                activity_code=activity.code,
                total_label=TOTAL_LABELS.get(activity.aggregation, "جمع کل"),
            )
            sums: dict[tuple[int, str], list] = defaultdict(list)
            for unit in provinces:
                cells = []
                for c in columns:
                    if c.measure == "percent":
                        cell = percent(
                            values.get((activity.pk, c.breakdown_id, unit.pk, Measure.PLAN)),
                            values.get((activity.pk, c.breakdown_id, unit.pk, Measure.ACTUAL)),
                        )
                    else:
                        cell = values.get((activity.pk, c.breakdown_id, unit.pk, c.measure))
                        sums[(c.breakdown_id, c.measure)].append(cell)
                    cells.append(cell)
                table.rows.append({"label": unit.province.name, "cells": cells})
            total = []
            for c in columns:
                if c.measure == "percent":
                    total.append(
                        percent(
                            aggregate(sums[(c.breakdown_id, "plan")], activity.aggregation),
                            aggregate(sums[(c.breakdown_id, "actual")], activity.aggregation),
                        )
                    )
                else:
                    total.append(aggregate(sums[(c.breakdown_id, c.measure)], activity.aggregation))
            table.total = total
            province_sections[activity.area_id].append(table)
            levels = level_totals(
                activity,
                grouped,
                unit_kinds=unit_kinds,
                parts=parts.get(activity.pk, []),
                total_breakdowns=total_breakdowns,
            )
            # a table by breakdown only (test results, sectors) has no undivided figure to summarise
            levels = [lv for lv in levels if lv.plan is not None or lv.actual is not None]
            if len(levels) == 2:  # one level: the organisation's line would repeat it (as seed 004)
                levels = levels[:1]
            uom = (
                f"{activity.unit_of_measure} (میانگین)"
                if activity.aggregation == Activity.Aggregation.AVERAGE
                else activity.unit_of_measure
            )
            for n, lv in enumerate(levels):
                summary_rows[activity.area_id].append(
                    {
                        "label": activity.title if n == 0 else "",
                        "activity_code": activity.code,
                        "level": lv.level,
                        "cells": [uom, lv.title, lv.plan, lv.actual, lv.percent],
                    }
                )
        else:
            total_bd = breakdowns[activity.pk][0]
            for unit in units:
                if unit.kind not in (OrgUnit.Kind.HQ_OFFICE, OrgUnit.Kind.RESEARCH, OrgUnit.Kind.HQ):
                    continue
                plan = values.get((activity.pk, total_bd.pk, unit.pk, Measure.PLAN))
                actual = values.get((activity.pk, total_bd.pk, unit.pk, Measure.ACTUAL))
                if plan is None and actual is None:
                    continue
                office_key = activity.area_id
                tables = hq_sections[office_key]
                if not tables:
                    office = by_code.get(activity.area.code.upper())
                    tables.append(
                        Table(
                            key=activity.area.code,
                            title=office.name if office else activity.area.title,
                            unit_of_measure="",
                            columns=[
                                Column("سنجه", 0, "text"),
                                Column("واحد", 0, "text"),
                                Column("برنامه", 0, Measure.PLAN),
                                Column("عملکرد", 0, Measure.ACTUAL),
                                Column("درصد تحقق", 0, "percent"),
                            ],
                            area=activity.area.title,
                        )
                    )
                tables[0].rows.append(
                    {
                        "label": activity.title,
                        "cells": [activity.unit_of_measure, str(unit), plan, actual, percent(plan, actual)],
                    }
                )

    summary = []
    for area_id, rows in summary_rows.items():
        summary.append(
            Table(
                key=f"summary-{areas[area_id].code}",
                title=areas[area_id].title,
                unit_of_measure="",
                columns=[
                    Column("سنجه", 0, "text"),
                    Column("سطح", 0, "text"),
                    Column("برنامه", 0, Measure.PLAN),
                    Column("عملکرد", 0, Measure.ACTUAL),
                    Column("درصد تحقق", 0, "percent"),
                ],
                rows=rows,
                area=areas[area_id].title,
            )
        )
    sections = [
        Section(f"area-{areas[a].code}", f"استان‌ها: {areas[a].title}", tables)
        for a, tables in province_sections.items()
    ] + [Section(f"hq-{areas[a].code}", areas[a].title, tables) for a, tables in hq_sections.items()]
    report = Report(year=year, plan_version=plan_version, summary=summary, sections=sections, period=period)
    if section and section != "summary":
        report.summary = []
        report.sections = [s for s in sections if s.key == section]
    elif section == "summary":
        report.sections = []
    return report


def display_rows(table: Table) -> list[list[str]]:
    """Rows of a table as display strings (the template stays a plain loop)."""
    out = []
    for row in table.rows:
        out.append([row["label"]] + [c if isinstance(c, str) else fa_num(c) for c in row["cells"]])
    return out


def table_html(table: Table) -> str:
    """One table as HTML (built in Python: the whole report has ~2,500 rows, and a template loop
    over every cell would be most of the page's time)."""
    from django.utils.html import escape
    from django.utils.safestring import mark_safe

    head = "".join(f'<th scope="col">{escape(c.title)}</th>' for c in table.columns)
    body = []
    for row in table.rows:
        cells = "".join(
            f"<td>{escape(c)}</td>" if isinstance(c, str) else f'<td class="num">{fa_num(c)}</td>'
            for c in row["cells"]
        )
        body.append(f'<tr><th scope="row">{escape(row["label"])}</th>{cells}</tr>')
    foot = ""
    if table.total is not None:
        cells = "".join(f'<td class="num">{fa_num(c)}</td>' for c in table.total)
        foot = f'<tfoot><tr><th scope="row">{escape(table.total_label)}</th>{cells}</tr></tfoot>'
    first = "استان" if table.total is not None else "فعالیت"
    return mark_safe(  # noqa: S308 - every text above is escaped
        f'<table class="table table-sm table-bordered miz-report-table" id="t-{escape(table.key)}">'
        f'<thead class="table-light"><tr><th scope="col">{first}</th>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody>{foot}</table>"
    )
