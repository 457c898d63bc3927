"""Load an extracted annual report (performance/data/report_1400.json) into data values and
printed figures, idempotently: a second run changes nothing and writes no audit row."""

import re
from collections import Counter
from decimal import Decimal, InvalidOperation

from django.db import transaction

from orgs.models import OrgUnit
from orgs.services import seed_reference_data
from performance.indicators import load_appendix
from performance.models import (
    Activity,
    Area,
    Breakdown,
    DataValue,
    DataValueAudit,
    Measure,
    Period,
    PlanVersion,
    PrintedFigure,
    PrintedLine,
)
from performance.services import get_or_create_period, value_key

KIND_BY_KEY = {"plan": "plan", "actual": "actual", "percent": "percent", "share": "share"}


def _decimal(text: str | None) -> Decimal | None:
    if text is None:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _state(year: int) -> str:
    """A report's printed programme is in force unless the year already has one (a revision
    approved in Miz): then it is kept as an earlier version."""
    in_force = PlanVersion.objects.filter(year=year, state=PlanVersion.State.IN_FORCE).exists()
    return PlanVersion.State.SUPERSEDED if in_force else PlanVersion.State.IN_FORCE


class _Loader:
    def __init__(self, data: dict, user=None):
        self.data = data
        self.user = user
        self.source = f"report-{data['year']}"
        self.stats: Counter = Counter()
        self.values: dict[tuple, Decimal] = {}
        self.printed: list[PrintedFigure] = []
        self.lines: list[PrintedLine] = []

    def run(self) -> Counter:
        seed_reference_data()
        self.year = get_or_create_period(kind=Period.Kind.YEAR, year=self.data["year"])
        pv = self.data["plan_version"]
        self.version, _ = PlanVersion.objects.get_or_create(
            code=pv["code"], defaults={"title": pv["title"], "year": pv["year"], "state": _state(pv["year"])}
        )
        self.units = {u.code: u for u in OrgUnit.objects.select_related("province")}
        self.provinces = {u.province.name: u for u in self.units.values() if u.province_id}
        self._activities()
        self.stats["province_indicators"] = load_appendix(self.data.get("appendix"))
        for table in self.data["tables"]:
            if table.get("loaded") is False:
                self.stats["tables_not_loaded"] += 1
                continue
            getattr(self, f"_table_{table['kind']}")(table)
            self.stats["tables"] += 1
        self._save_values()
        PrintedFigure.objects.filter(source=self.source).delete()
        PrintedFigure.objects.bulk_create(self.printed, batch_size=2000)
        self.stats["printed_figures"] = len(self.printed)
        self._printed_lines()
        return self.stats

    # --- every printed line, for the checks on printed figures (issue 20) -------------------

    def _printed_lines(self) -> None:
        year = self.data["year"]
        for item in self.data.get("printed_lines", []):
            self.lines.append(
                PrintedLine(
                    source=self.source,
                    year=year,
                    line=item["line"],
                    kind=item["kind"],
                    label=item["text"][:500],
                )
            )
        twins: dict[int, list] = {}
        for twin in self.data.get("twins", []):
            twins.setdefault(twin["a"], []).append(
                {k: twin[k] for k in ("pairs", "why")} | {"line": twin["b"]}
            )
        for table in self.data["tables"]:
            keys = [c["key"] for c in table["columns"]]
            for row in table["rows"]:
                self.lines.append(self._printed_line(table, row, keys))
                self.lines[-1].twins = twins.get(row["line"], [])
        self.lines += self._appendix_lines(self.data.get("appendix"))
        PrintedLine.objects.filter(source=self.source).delete()
        PrintedLine.objects.bulk_create(self.lines, batch_size=2000)
        self.stats["printed_lines"] = len(self.lines)

    def _appendix_lines(self, appendix: dict | None) -> list[PrintedLine]:
        """Appendix 1's misprints, each on its line, and its «جمع کل» (P065's plan total)."""
        if not appendix:
            return []
        common = {"source": self.source, "year": self.data["year"], "table": "پیوست ۱", "part": "appendix"}
        found = [
            PrintedLine(line=x["line"], label=x["text"][:500], note=x["kind"], **common)
            for x in appendix["findings"]
        ]
        total = appendix.get("total")
        if total:
            found.append(
                PrintedLine(
                    line=total["line"],
                    label="جمع کل",
                    activity=self.activities.get(appendix["parent"]),
                    columns=["plan"],
                    cells=[total["text"]],
                    values=[str(total["value"])],
                    **common,
                )
            )
        return found

    def _printed_line(self, table: dict, row: dict, keys: list[str]) -> PrintedLine:
        level = row.get("level") or ("provinces" if row.get("total") else "")
        unit = self.provinces.get(row.get("province")) if row.get("province") else None
        if table["kind"] == "hq":
            unit = {"hq": self.units.get(table["office"]), "research": self.units["RESEARCH"]}.get(level)
        elif unit is not None:
            level = "unit"
        values = row["values"]
        if not row["complete"]:
            values = [v for v in values if v["printed"]]
        return PrintedLine(
            source=self.source,
            year=self.data["year"],
            line=row["line"],
            kind=PrintedLine.Kind.ROW,
            table=table["id"],
            part=table["kind"],
            level=level,
            label=" ".join(t for t in row["texts"] if t)[:500],
            org_unit=unit,
            activity=self.activities.get(row.get("activity")),
            printed_name=row.get("province_printed", "")[:100],
            columns=keys if row["complete"] else row.get("shape", []),
            cells=[v["printed"] for v in values],
            values=[v["value"] for v in values],
            complete=row["complete"],
            is_total=bool(row.get("total")),
            rank=row.get("rank", ""),
            recovered=row.get("recovered", {}),
            unread_reason=row.get("unread_reason") or ("shifted" if row.get("shifted") else ""),
            printed=row["printed"],
        )

    # --- catalogue -------------------------------------------------------------------------

    def _activities(self) -> None:
        for order, area in enumerate(self.data["areas"]):
            Area.objects.update_or_create(
                code=area["code"], defaults={"title": area["title"], "order": order}
            )
        offices = {a["office"] for a in self.data["activities"] if a["scope"] == "hq"}
        for order, code in enumerate(sorted(offices), start=100):
            Area.objects.update_or_create(
                code=code.lower(), defaults={"title": self.units[code].name, "order": order}
            )
        areas = {a.code: a for a in Area.objects.all()}
        existing = {a.code: a for a in Activity.objects.all()}
        self.activities: dict[str, Activity] = {}
        self.breakdowns: dict[tuple[str, str], Breakdown] = {}
        for order, item in enumerate(self.data["activities"]):
            fields = {
                "title": item["title"],
                "area": areas[item["area"].lower()],
                "unit_of_measure": item["unit_of_measure"],
                "scope": item["scope"],
                "order": order,
                "source": item["source"][:200],
            }
            activity = existing.get(item["code"])
            if activity is None:
                activity = Activity.objects.create(code=item["code"], **fields)
                self.stats["activities_created"] += 1
            elif any(getattr(activity, k) != v for k, v in fields.items()):
                for k, v in fields.items():
                    setattr(activity, k, v)
                activity.save()
            self.activities[item["code"]] = activity
            wanted = [{"code": Breakdown.TOTAL, "title": ""}, *item["breakdowns"]]
            known = {b.code: b for b in activity.breakdowns.all()}
            for n, b in enumerate(wanted):
                obj = known.get(b["code"])
                if obj is None:
                    obj = Breakdown.objects.create(
                        activity=activity, code=b["code"], title=b["title"], order=n
                    )
                elif obj.title != b["title"]:
                    obj.title = b["title"]
                    obj.save(update_fields=["title"])
                self.breakdowns[(item["code"], b["code"])] = obj
        self._level_links()

    def _level_links(self) -> None:
        """The summary's HQ lines (`data.levels_1400`); an update, so a second run changes nothing."""
        from performance.data.levels_1400 import LEVEL_LINKS

        for part, head in LEVEL_LINKS.items():
            if part in self.activities and head in self.activities:
                Activity.objects.filter(code=part).exclude(rolls_up_to=self.activities[head]).update(
                    rolls_up_to=self.activities[head]
                )

    # --- figures ---------------------------------------------------------------------------

    def _value(self, activity: str, breakdown: str, unit: OrgUnit, measure: str, value) -> None:
        if value is None:
            return
        key = (activity, breakdown, unit.code, measure)
        self.values[key] = value

    def _printed(
        self, table, row, *, kind, text, level, activity=None, breakdown=None, unit=None, summary=False
    ):
        self.printed.append(
            PrintedFigure(
                source=self.source,
                table=table["id"],
                line=row["line"],
                year=self.data["year"],
                activity=self.activities.get(activity) if activity else None,
                breakdown=self.breakdowns.get((activity, breakdown)) if activity and breakdown else None,
                level=level,
                org_unit=unit,
                kind=kind,
                label=" ".join(t for t in row["texts"] if t)[:300],
                text=text[:40],
                value=_decimal(_value_of(text)),
                is_summary=summary,
            )
        )

    def _table_province(self, table: dict) -> None:
        columns = table["columns"]
        for row in table["rows"]:
            unit = self.provinces.get(row["province"]) if row["province"] else None
            level = "unit" if unit else ("provinces" if row["total"] else None)
            if level is None:
                self.stats["rows_not_loaded"] += 1
                continue
            for column, cell in zip(columns, row["values"], strict=False):
                measure = column["measure"]
                kind = KIND_BY_KEY.get(measure, "actual")
                if unit and measure in (Measure.PLAN, Measure.ACTUAL):
                    self._value(
                        column["activity"], column["breakdown"], unit, measure, _decimal(cell["value"])
                    )
                    if cell["value"] is not None:
                        continue
                # Kept as printed: a text in a figure's column, or a column that holds no figure.
                if not cell["printed"]:
                    continue
                self._printed(
                    table,
                    row,
                    kind=kind,
                    text=cell["printed"],
                    level=level,
                    activity=column["activity"],
                    breakdown=column["breakdown"],
                    unit=unit,
                )

    def _table_sector(self, table: dict) -> None:
        for row in table["rows"]:
            for column, cell in zip(table["columns"], row["values"], strict=False):
                if cell["printed"]:
                    kind = KIND_BY_KEY.get(column["key"], "actual")
                    self._printed(table, row, kind=kind, text=cell["printed"], level="all")

    def _table_summary(self, table: dict) -> None:
        for row in table["rows"]:
            for column, cell in zip(table["columns"], row["values"], strict=False):
                if cell["printed"]:
                    self._printed(
                        table,
                        row,
                        kind=column["key"],
                        text=cell["printed"],
                        level=row["level"],
                        activity=row.get("activity"),
                        breakdown="total",
                        summary=True,
                    )

    def _table_hq(self, table: dict) -> None:
        office = self.units[table["office"]]
        for row in table["rows"]:
            code = row.get("activity")
            if not code:
                continue
            level = row["level"]
            unit = {"hq": office, "research": self.units["RESEARCH"]}.get(level)
            if not row["complete"]:
                recovered = row.get("recovered")
                if recovered and unit:
                    for measure in (Measure.PLAN, Measure.ACTUAL):
                        self._value(code, Breakdown.TOTAL, unit, measure, _decimal(recovered.get(measure)))
                self.stats["hq_rows_recovered" if recovered else "hq_rows_unread"] += 1
                for cell in row["values"]:
                    if cell["printed"]:
                        self._printed(
                            table,
                            row,
                            kind="unread",
                            text=cell["printed"],
                            level="unit" if unit else level,
                            activity=code,
                            breakdown="total",
                            unit=unit,
                        )
                continue
            for column, cell in zip(table["columns"], row["values"], strict=False):
                key = column["key"]
                if unit and key in (Measure.PLAN, Measure.ACTUAL) and cell["value"] is not None:
                    self._value(code, Breakdown.TOTAL, unit, key, _decimal(cell["value"]))
                elif cell["printed"]:
                    self._printed(
                        table,
                        row,
                        kind=KIND_BY_KEY.get(key, "unread"),
                        text=cell["printed"],
                        level="unit" if unit else level,
                        activity=code,
                        breakdown="total",
                        unit=unit,
                    )

    # --- saving ----------------------------------------------------------------------------

    def _save_values(self) -> None:
        existing = self._existing()
        new, changed, audits = [], [], []
        for key, value in self.values.items():
            activity, breakdown, unit, measure = key
            current = existing.get(key)
            if current is not None and current.value == value:
                continue
            fields = {
                "activity": self.activities[activity],
                "breakdown": self.breakdowns[(activity, breakdown)],
                "org_unit": self.units[unit],
                "period": self.year,
                "measure": measure,
                "plan_version": self.version if measure == Measure.PLAN else None,
            }
            audits.append(
                DataValueAudit(
                    key=value_key(**fields),
                    old_value=current.value if current else None,
                    new_value=value,
                    changed_by=self.user,
                    source="import",
                    reason=self.source,
                )
            )
            if current is None:
                new.append(DataValue(**fields, value=value, source="import"))
            else:
                current.value = value
                changed.append(current)
        audits += self._remove_stale(existing)
        DataValue.objects.bulk_create(new, batch_size=2000)
        DataValue.objects.bulk_update(changed, ["value"], batch_size=2000)
        DataValueAudit.objects.bulk_create(audits, batch_size=2000)
        self.stats["values"] = len(self.values)
        self.stats["values_created"] = len(new)
        self.stats["values_changed"] = len(changed)

    def _remove_stale(self, existing: dict) -> list[DataValueAudit]:
        """Values an earlier import of a report stored that the file no longer holds (a corrected
        extraction: a row read in a wrong column, an activity merged into another) are removed,
        each with its audit row; activities of a report table the file no longer lists are made
        inactive. Values entered or corrected by people (source other than import) stay."""
        report_activity = re.compile(r"^T\d{3} \(سطر \d+\)$")
        retired = [
            a
            for a in Activity.objects.filter(is_active=True).exclude(code__in=list(self.activities))
            if report_activity.match(a.source)
        ]
        stale = [v for key, v in existing.items() if key not in self.values and v.source == "import"]
        gone = DataValue.objects.filter(period=self.year, activity__in=retired, source="import")
        gone = gone.select_related("activity", "breakdown", "org_unit", "period", "plan_version")
        stale += gone.exclude(pk__in=[v.pk for v in stale])
        audits = [
            DataValueAudit(
                key=value_key(
                    activity=v.activity,
                    breakdown=v.breakdown,
                    org_unit=v.org_unit,
                    period=v.period,
                    measure=v.measure,
                    plan_version=v.plan_version,
                ),
                old_value=v.value,
                new_value=None,
                changed_by=self.user,
                source="import",
                reason=self.source,
            )
            for v in stale
        ]
        DataValue.objects.filter(pk__in=[v.pk for v in stale]).delete()
        Activity.objects.filter(pk__in=[a.pk for a in retired]).update(is_active=False)
        self.stats["values_removed"] = len(stale)
        self.stats["activities_retired"] = len(retired)
        return audits

    def _existing(self) -> dict:
        rows = DataValue.objects.filter(
            period=self.year, activity__in=list(self.activities.values())
        ).exclude(measure=Measure.PLAN, plan_version__isnull=False)
        plans = DataValue.objects.filter(period=self.year, measure=Measure.PLAN, plan_version=self.version)
        found = {}
        for qs in (rows.filter(measure=Measure.ACTUAL), plans):
            for v in qs.select_related("activity", "breakdown", "org_unit"):
                found[(v.activity.code, v.breakdown.code, v.org_unit.code, v.measure)] = v
        return found


def _value_of(text: str) -> str | None:
    from performance.data.extract_1400 import read_value

    return read_value(text)


@transaction.atomic
def import_report(data: dict, *, user=None) -> Counter:
    """Load one extracted report; returns what was created, changed and left unread."""
    return _Loader(data, user).run()
