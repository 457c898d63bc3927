"""Data value sets (DHIS2's dataValueSets): plans and actuals exchanged with other systems as rows
of (activity, breakdown, unit, period, measure, value, plan_version), in JSON or CSV.

Reading a set checks every row by the screens' rules and writes nothing (the dry run): numbers
and periods are read as the Excel upload reads them (`performance.upload`), a cell is closed by
`entry.closed_reason` (approval, lock date, lock exceptions, desk-computed actuals) or, for a
draft plan version, by `plans.draft_refusal`. What only a client system needs is checked here:
its places (`Writer.unit_ids`), its right to write plans (`Writer.plans`), and that the activity
is in the plan version (the version holds a plan of it for the unit in the year; for an actual,
the year's version in force). A row that holds the value already stored is unchanged, whoever
sends it, so a set read by GET is accepted back as it is.

Importing is all or nothing, as the Excel upload by default: one bad row and nothing is written."""

import csv
import io
import json
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from core.excel import csv_writer
from core.text import normalize_digits, to_persian_digits
from orgs.models import OrgUnit
from performance import entry, plans, selectors, upload
from performance.models import Activity, Breakdown, DataValue, Measure, Period, PlanVersion
from performance.periods import PeriodKey

COLUMNS = ["activity", "breakdown", "unit", "period", "measure", "value", "plan_version"]
TEXT_FIELDS = ("activity", "breakdown", "unit", "measure", "plan_version")
# Why a row is refused, by kind: the API answers 403 for places and scopes, 409 for closed cells.
PLACE, SCOPE, CLOSED, INVALID = "place", "scope", "closed", "invalid"
NOT_JSON = "بدنه درخواست JSON درست نیست."
# Rows per set: an import is written in the request (~25 ms a row on this machine under load:
# `services.set_value`'s checks and audit row), so a larger set is sent in parts.
MAX_ROWS = 5000


@dataclass(frozen=True)
class Writer:
    """Who sends the set: the units it may act for, whether it may write plans, its name."""

    unit_ids: frozenset[int]
    plans: bool
    name: str


@dataclass
class SetRow(upload.Row):
    measure: str = ""
    value: Decimal | None = None
    version: PlanVersion | None = None
    unchanged: bool = False
    kinds: set[str] = field(default_factory=set)

    def refuse(self, message: str, kind: str = INVALID) -> None:
        self.errors.append(f"{self.label}: {message}")
        self.kinds.add(kind)


@dataclass
class SetResult:
    rows: list[SetRow] = field(default_factory=list)
    imported: int = 0

    @property
    def errors(self) -> list[dict]:
        return [{"row": r.number, "errors": r.errors} for r in self.rows if r.errors]

    @property
    def status(self) -> int:
        kinds = set().union(*(r.kinds for r in self.rows if r.errors))
        if kinds & {PLACE, SCOPE}:
            return 403
        return 409 if CLOSED in kinds else 422

    def summary(self, *, dry_run: bool) -> dict:
        changed = [r for r in self.rows if not r.errors and not r.unchanged]
        return {
            "dry_run": dry_run,
            "rows": len(self.rows),
            "changed": len(changed),
            "unchanged": sum(1 for r in self.rows if r.unchanged),
            "imported": self.imported,
            "errors": self.errors,
        }


def parse_json(body: bytes) -> list:
    """The rows of `{"data_values": [...]}` (or of a bare list), or a Persian error."""
    try:
        data = json.loads(body.decode("utf-8-sig") or "null")
    except (UnicodeDecodeError, ValueError) as exc:
        raise ValidationError(NOT_JSON, code="not_json") from exc
    if isinstance(data, dict) and isinstance(data.get("data_values"), list):
        data = data["data_values"]
    if not isinstance(data, list):
        raise ValidationError("بدنه باید شیئی با فهرست «data_values» از ردیف‌ها باشد.", code="shape")
    return _bounded(data)


def parse_csv(body: bytes) -> list:
    """The rows of a CSV with the header `COLUMNS` (UTF-8), or a Persian error."""
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError("بدنه CSV باید با کدگذاری UTF-8 باشد.", code="encoding") from exc
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise ValidationError(
            f"سطر نخست CSV باید نام ستون‌ها باشد ({'، '.join(COLUMNS)}); نیست: {'، '.join(missing)}.",
            code="header",
        )
    try:
        return _bounded([{k: v for k, v in row.items() if k in COLUMNS} for row in reader], first=2)
    except csv.Error as exc:
        raise ValidationError("بدنه CSV خوانا نیست.", code="csv") from exc


def _bounded(rows: list, first: int = 1) -> list:
    if len(rows) > MAX_ROWS:
        raise ValidationError(
            f"مجموعه بیش از {to_persian_digits(MAX_ROWS)} ردیف دارد؛ آن را در چند بخش بفرستید.", code="size"
        )
    if not rows:
        raise ValidationError("مجموعه ردیفی برای ثبت ندارد.", code="empty")
    return [(first + i, row) for i, row in enumerate(rows)]


class _Catalogue:
    """Everything a set names, read once per set; and the answers that repeat across its rows."""

    def __init__(self):
        self.activities = {a.code: a for a in Activity.objects.all()}
        self.breakdowns = {(b.activity_id, b.code): b for b in Breakdown.objects.all()}
        self.units = {u.code.upper(): u for u in OrgUnit.objects.all()}
        self.versions = {v.code: v for v in PlanVersion.objects.all()}
        self.in_force = {v.year: v for v in self.versions.values() if v.is_current}
        self.planned: dict[tuple, bool] = {}
        self.periods: dict[str, Period] = {}
        self.stored: dict[tuple, dict] = {}
        self.locks: dict = {}  # entry.closed_reason's, per (unit, period)

    def period(self, text: str, row: SetRow) -> Period | None:
        """The row's period as `upload.read_period` reads it, each text read once."""
        if text not in self.periods:
            period = upload.read_period(text, row)
            if period is None:
                return None
            # one object per code («1400-03» and «140003»): an import stores a new period once
            self.periods[text] = self.periods.setdefault(period.code, period)
        return self.periods[text]

    def stored_value(self, row: SetRow) -> Decimal | None:
        """The value stored under the row's key (the unit's values of a period read at once)."""
        if row.period.pk is None:
            return None
        group = (row.unit.pk, row.period.pk)
        if group not in self.stored:
            values = DataValue.objects.filter(org_unit_id=row.unit.pk, period_id=row.period.pk)
            self.stored[group] = {
                (a, b, m, v): value
                for a, b, m, v, value in values.values_list(
                    "activity_id", "breakdown_id", "measure", "plan_version_id", "value"
                )
            }
        version = row.version.pk if row.version else None
        return self.stored[group].get((row.activity.pk, row.breakdown.pk, row.measure, version))

    def is_planned(self, version: PlanVersion, row: SetRow) -> bool:
        key = (version.pk, row.activity.pk, row.unit.pk, row.period.year)
        if key not in self.planned:
            self.planned[key] = DataValue.objects.filter(
                plan_version=version, activity=row.activity, org_unit=row.unit, period__year=row.period.year
            ).exists()
        return self.planned[key]


def _text(row: SetRow, item: dict, name: str) -> str:
    value = item.get(name)
    if value is None:
        return ""
    if name == "period" and isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        row.refuse(f"«{name}» باید متن باشد.")
        return ""
    return normalize_digits(upload.cell_text(value))


def _read(number: int, item, cat: _Catalogue) -> SetRow:
    """One row's own fields: what it names exists and is of the right type."""
    row = SetRow(number=number)
    if not isinstance(item, dict):
        row.refuse("هر ردیف باید یک شیء JSON با ستون‌های " + "، ".join(COLUMNS) + " باشد.")
        return row
    code, unit = _text(row, item, "activity").upper(), _text(row, item, "unit").upper()
    bd_code = _text(row, item, "breakdown") or Breakdown.TOTAL
    row.measure, version = _text(row, item, "measure"), _text(row, item, "plan_version")
    typed = len(row.errors)
    period = _text(row, item, "period")
    row.activity = cat.activities.get(code)
    if row.activity is None:
        row.refuse(f"فعالیت «{code}» شناخته نیست.")
    else:
        row.breakdown = cat.breakdowns.get((row.activity.pk, bd_code))
        if row.breakdown is None:
            row.refuse(f"تفکیک «{bd_code}» برای فعالیت {code} تعریف نشده است.")
    row.unit = cat.units.get(unit)
    if row.unit is None:
        row.refuse(f"واحد «{unit}» وجود ندارد.")
    if len(row.errors) == typed:  # a period of the wrong type is said once
        row.period = cat.period(period, row)
    if row.measure not in Measure.values:
        row.refuse(f"«measure» باید plan (برنامه) یا actual (عملکرد) باشد، نه «{row.measure}».")
    if item.get("value") is None or item.get("value") == "":
        row.refuse("«value» لازم است.")
    elif isinstance(item["value"], list | dict):
        row.refuse("«value» باید عدد باشد.")
    else:
        row.value = upload.read_number(item["value"], "value", row)
    if row.measure == Measure.PLAN:
        row.version = cat.versions.get(version)
        if row.version is None:
            row.refuse(
                f"نسخه برنامه «{version}» وجود ندارد." if version else "برنامه «plan_version» می‌خواهد."
            )
        elif row.period and row.version.year != row.period.year:
            year = to_persian_digits(row.version.year)
            row.refuse(f"نسخه برنامه «{version}» برای سال {year} است، نه برای دوره {row.period}.")
    elif row.measure == Measure.ACTUAL and version:
        row.refuse("عملکرد به نسخه برنامه وابسته نیست؛ «plan_version» را خالی بگذارید.")
    return row


def _check(row: SetRow, writer: Writer, cat: _Catalogue) -> None:
    """A well-formed row against who sends it and the state of what it changes."""
    if row.unit.pk not in writer.unit_ids:
        return row.refuse(f"واحد {row.unit} در مکان‌های این سامانه نیست.", PLACE)
    stored = cat.stored_value(row)
    if stored is not None and Decimal(stored) == row.value:
        row.unchanged = True
        return None
    if row.measure == Measure.PLAN and not writer.plans:
        return row.refuse("این سامانه اجازه ثبت برنامه (performance:plan) را ندارد.", SCOPE)
    version = row.version or cat.in_force.get(row.period.year)
    if version is None:
        return row.refuse(f"برای سال {to_persian_digits(row.period.year)} نسخه برنامه جاری تعریف نشده است.")
    if not cat.is_planned(version, row):
        return row.refuse(
            f"فعالیت {row.activity.code} در نسخه برنامه «{version.code}» برای {row.unit} برنامه‌ای ندارد."
        )
    if row.version is not None and not row.version.is_current:
        reason = plans.draft_refusal(row.version)
    else:
        reason = entry.closed_reason(
            activity=row.activity, unit=row.unit, period=row.period, measure=row.measure, locks=cat.locks
        )
    if reason:
        row.refuse(reason, CLOSED)
    return None


def check(*, items: list, writer: Writer, cat: _Catalogue | None = None) -> SetResult:
    """The dry run: every row read and checked, nothing written."""
    cat, result, seen = cat or _Catalogue(), SetResult(), {}
    for number, item in items:
        row = _read(number, item, cat)
        result.rows.append(row)
        if row.errors:
            continue
        key = (row.activity.pk, row.breakdown.pk, row.unit.pk, row.period.code, row.measure, row.version)
        if key in seen:
            row.refuse(f"تکراری است؛ همین مقدار در ردیف {to_persian_digits(seen[key])} آمده است.")
            continue
        seen[key] = number
        _check(row, writer, cat)
    return result


@transaction.atomic
def apply(*, items: list, writer: Writer) -> SetResult:
    """Import the set: every changed row, or nothing when any row is refused."""
    cat = _Catalogue()
    result = check(items=items, writer=writer, cat=cat)
    if result.errors:
        return result
    note = f"از سامانه {writer.name}"
    for row in result.rows:
        if row.unchanged:
            continue
        if row.period.pk is None:  # the one unsaved object of its code (`_Catalogue.period`)
            row.period.save()
        common = dict(activity=row.activity, breakdown=row.breakdown, period=row.period, value=row.value)
        try:
            if row.version is not None and not row.version.is_current:
                plans.record_plan(version=row.version, unit=row.unit, source="api", note=note, **common)
            else:
                entry.record_value(
                    unit=row.unit,
                    measure=row.measure,
                    plan_version=row.version,
                    source="api",
                    note=note,
                    locks=cat.locks,
                    **common,
                )
        except ValidationError as exc:  # checked above; a change in between is reported, all undone
            row.refuse(" ".join(exc.messages), CLOSED)
            transaction.set_rollback(True)
            result.imported = 0
            return result
        result.imported += 1
    return result


def read(
    *, unit_ids, period: PeriodKey | None = None, activity=None, plan_version=None, measure: str = ""
) -> list[dict]:
    """The stored values of the units `unit_ids` as rows of `COLUMNS`: of a year, quarter or
    month and the periods in it; of one activity; of one plan version's plans; of one measure."""
    qs = DataValue.objects.filter(org_unit_id__in=unit_ids)
    if period is not None:
        qs = qs.filter(period__year=period.year)
        if period.kind == Period.Kind.QUARTER:
            months = range(3 * period.number - 2, 3 * period.number + 1)
            qs = qs.filter(
                Q(period__kind=Period.Kind.QUARTER, period__number=period.number)
                | Q(period__kind=Period.Kind.MONTH, period__number__in=months)
            )
        elif period.kind == Period.Kind.MONTH:
            qs = qs.filter(period__kind=Period.Kind.MONTH, period__number=period.number)
    if activity is not None:
        qs = qs.filter(activity=activity)
    if plan_version is not None:
        qs = qs.filter(plan_version=plan_version)
    if measure:
        qs = qs.filter(measure=measure)
    codes = ["activity__code", "breakdown__code", "org_unit__code", "period__code", "measure"]
    rows = qs.order_by("period__year", *codes, "plan_version__code").values_list(
        *codes, "value", "plan_version__code"
    )
    return [
        dict(zip(COLUMNS, (a, b, u, p, m, selectors.fmt_number(v), version or ""), strict=True))
        for a, b, u, p, m, v, version in rows
    ]


def to_csv(rows: list[dict]) -> str:
    """The rows as CSV with a header, text cells escaped against formulas (`core.excel.csv_writer`)."""
    out = io.StringIO()
    writer = csv_writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows([row[column] for column in COLUMNS] for row in rows)
    return out.getvalue()
