"""The Excel template for plans and actuals, and its upload: a dry run that reports a Persian
error per bad row, and an import that takes nothing from a file with errors unless the user
chooses to import only the good rows."""

import io
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from core import excel
from core.text import normalize_digits, normalize_text, to_persian_digits
from orgs.models import OrgUnit
from orgs.services import canonical_province_name
from performance import entry, selectors
from performance.models import Activity, Breakdown, Measure, Period
from performance.services import get_or_create_period

HEADER = ["کد فعالیت", "عنوان فعالیت", "کد تفکیک", "کد واحد", "واحد یا استان", "سال", "برنامه", "عملکرد"]
MAX_ROWS = 20000


def template(*, user, year: int, units: list[OrgUnit]) -> bytes:
    """A workbook with one row per (activity, unit) the user may fill, current values filled in."""
    wb, ws = excel.new_workbook("برنامه و عملکرد")
    excel.header_row(ws, HEADER)
    version = selectors.plan_version_for(year)
    pairs = {
        (p["activity_id"], p["unit_id"]): p
        for p in selectors.value_pairs(year=year, plan_version=version, unit_ids=[u.pk for u in units])
    }
    totals = dict(Breakdown.objects.filter(code=Breakdown.TOTAL).values_list("activity_id", "pk"))
    for unit in units:
        scope = Activity.Scope.PROVINCES if unit.kind == OrgUnit.Kind.PROVINCE else Activity.Scope.HQ
        activities = Activity.objects.filter(is_active=True, scope=scope)
        if scope == Activity.Scope.HQ:
            activities = activities.filter(area__code=unit.code.lower())
        for activity in activities.order_by("area__order", "order"):
            pair = pairs.get((activity.pk, unit.pk), {})
            if pair and pair.get("breakdown_id") != totals.get(activity.pk):
                pair = {}
            ws.append(
                [
                    activity.code,
                    activity.title,
                    Breakdown.TOTAL,
                    unit.code,
                    unit.province.name if unit.province_id else unit.name,
                    year,
                    float(pair["plan"]) if pair.get("plan") is not None else None,
                    float(pair["actual"]) if pair.get("actual") is not None else None,
                ]
            )
    excel.column_widths(ws, (12, 60, 10, 10, 28, 8, 14, 14))
    return excel.workbook_bytes(wb)


@dataclass
class Row:
    number: int
    activity: Activity | None = None
    unit: OrgUnit | None = None
    period: Period | None = None
    breakdown: Breakdown | None = None
    plan: Decimal | None = None
    actual: Decimal | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"ردیف {to_persian_digits(self.number)}"


@dataclass
class Result:
    rows: list[Row] = field(default_factory=list)
    file_error: str = ""
    imported: int = 0

    @property
    def bad_rows(self) -> list[Row]:
        return [r for r in self.rows if r.errors]

    @property
    def good_rows(self) -> list[Row]:
        return [r for r in self.rows if not r.errors]

    @property
    def has_errors(self) -> bool:
        return bool(self.file_error or self.bad_rows)


def _text(value) -> str:
    return normalize_text(str(value)).strip() if value is not None else ""


def _number(value, column: str, row: Row) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        row.errors.append(f"{row.label}: در ستون «{column}» عدد لازم است.")
        return None
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value))
    else:
        text = normalize_digits(_text(value)).replace(",", "").replace("٬", "").replace(" ", "")
        try:
            number = Decimal(text)
        except InvalidOperation:
            row.errors.append(
                f"{row.label}: در ستون «{column}» عدد لازم است، «{_text(value)}» نوشته شده است."
            )
            return None
    if not number.is_finite():
        row.errors.append(f"{row.label}: در ستون «{column}» عدد لازم است.")
        return None
    if number < 0:
        row.errors.append(
            f"{row.label}: مقدار منفی ({to_persian_digits(number)}) در ستون «{column}» پذیرفته نیست."
        )
        return None
    return number


def _unit(code: str, name: str, units_by_code, provinces) -> OrgUnit | None:
    if code:
        return units_by_code.get(code.upper())
    canonical = canonical_province_name(name)
    if canonical:
        return provinces.get(canonical)
    return next((u for u in units_by_code.values() if u.name == name), None)


def read(*, user, content: bytes) -> Result:
    """The dry run: every row read and checked, nothing written."""
    result = Result()
    if not zipfile.is_zipfile(io.BytesIO(content)):
        result.file_error = "پرونده فرستاده‌شده Excel (xlsx) نیست. الگو را از همین صفحه دریافت و پر کنید."
        return result
    try:
        sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        result.file_error = "پرونده فرستاده‌شده Excel (xlsx) نیست یا خراب است."
        return result
    activities = {a.code: a for a in Activity.objects.all()}
    breakdowns = {(b.activity_id, b.code): b for b in Breakdown.objects.all()}
    units_by_code = {u.code.upper(): u for u in OrgUnit.objects.select_related("province")}
    provinces = {u.province.name: u for u in units_by_code.values() if u.province_id}
    seen: dict[tuple, int] = {}
    for number, values in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
        if number > MAX_ROWS:
            result.file_error = f"پرونده بیش از {to_persian_digits(MAX_ROWS)} ردیف دارد."
            break
        values = list(values) + [None] * (8 - len(values))
        if all(v is None or _text(v) == "" for v in values[:8]):
            continue
        row = Row(number=number)
        code = normalize_digits(_text(values[0])).upper()
        bd_code = normalize_digits(_text(values[2])) or Breakdown.TOTAL
        row.activity = activities.get(code)
        if row.activity is None:
            row.errors.append(f"{row.label}: فعالیت «{_text(values[0])}» شناخته نیست.")
        else:
            row.breakdown = breakdowns.get((row.activity.pk, bd_code))
            if row.breakdown is None:
                row.errors.append(f"{row.label}: تفکیک «{bd_code}» برای فعالیت {code} تعریف نشده است.")
        row.unit = _unit(normalize_digits(_text(values[3])), _text(values[4]), units_by_code, provinces)
        if row.unit is None:
            row.errors.append(
                f"{row.label}: واحد یا استان «{_text(values[3]) or _text(values[4])}» وجود ندارد."
            )
        year = _number(values[5], "سال", row)
        if year is None or year != int(year) or not 1300 <= year <= 1500:
            if not any("سال" in e for e in row.errors):
                row.errors.append(f"{row.label}: سال را به شمسی بنویسید (مانند ۱۴۰۰).")
        else:
            row.period = get_or_create_period(kind=Period.Kind.YEAR, year=int(year))
        row.plan = _number(values[6], "برنامه", row)
        row.actual = _number(values[7], "عملکرد", row)
        if row.plan is None and row.actual is None and not row.errors:
            continue  # a template row left empty: nothing to enter
        if row.activity and row.unit and row.period:
            key = (row.activity.pk, row.breakdown.pk if row.breakdown else None, row.unit.pk, row.period.pk)
            if key in seen:
                first = to_persian_digits(seen[key])
                row.errors.append(
                    f"{row.label}: تکراری است؛ همین فعالیت، واحد و سال در ردیف {first} آمده است."
                )
            else:
                seen[key] = number
            reason = entry.lock_reason(row.unit, row.period)
            if reason:
                row.errors.append(f"{row.label}: {reason}")
            for measure, value in ((Measure.PLAN, row.plan), (Measure.ACTUAL, row.actual)):
                if value is not None and not entry.can_enter(user, row.unit, measure):
                    what = dict(Measure.choices)[measure]
                    row.errors.append(f"{row.label}: شما اجازه ثبت {what} برای {row.unit} را ندارید.")
            if row.plan is not None and selectors.plan_version_for(row.period.year) is None:
                year_fa = to_persian_digits(row.period.year)
                row.errors.append(f"{row.label}: برای سال {year_fa} نسخه برنامه تعریف نشده است.")
        result.rows.append(row)
    if not result.rows and not result.file_error:
        result.file_error = "پرونده ردیفی برای ثبت ندارد."
    return result


@transaction.atomic
def apply(*, user, content: bytes, only_good_rows: bool = False) -> Result:
    """Import the file: all of it when it has no error; with `only_good_rows`, the rows without
    error; otherwise nothing."""
    result = read(user=user, content=content)
    if result.file_error or (result.bad_rows and not only_good_rows):
        return result
    for row in result.good_rows:
        version = selectors.plan_version_for(row.period.year)
        for measure, value in ((Measure.PLAN, row.plan), (Measure.ACTUAL, row.actual)):
            if value is None:
                continue
            try:
                entry.enter_value(
                    user=user,
                    activity=row.activity,
                    unit=row.unit,
                    period=row.period,
                    measure=measure,
                    value=value,
                    breakdown=row.breakdown,
                    plan_version=version if measure == Measure.PLAN else None,
                    source="excel",
                )
            except (ValidationError, PermissionDenied) as exc:  # checked above; a race is reported
                row.errors.append(f"{row.label}: {' '.join(getattr(exc, 'messages', [str(exc)]))}")
                continue
            result.imported += 1
    return result
