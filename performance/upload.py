"""The Excel template for plans and actuals, and its upload: a dry run that reports a Persian
error per bad row, and an import that takes nothing from a file with errors unless the user
chooses to import only the good rows.

Before openpyxl reads a byte, `inspect` looks at the archive: every member's inflated size and
ratio, no DOCTYPE or entity in any XML part (`core.filecheck`), and the sheet's declared size
(`<dimension>` and the sheet's inflated bytes) against `MAX_ROWS`, so a small file that inflates
to a gigabyte is refused unread. openpyxl parses with defusedxml (installed). Files of more than
`inline_rows()` rows are read by a background job (`performance.uploadjobs`)."""

import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from core import excel, filecheck
from core.text import ltr_code, normalize_digits, normalize_text, to_persian_digits
from orgs.models import OrgUnit
from orgs.services import canonical_province_name
from performance import entry, selectors
from performance.models import Activity, Breakdown, Measure, Period
from performance.services import get_or_create_period, period_or_unsaved

HEADER = ["کد فعالیت", "عنوان فعالیت", "کد تفکیک", "کد واحد", "واحد یا استان", "سال", "برنامه", "عملکرد"]
MAX_ROWS = 20000
MAX_VALUE = Decimal(10) ** 16  # DataValue.value: 18 digits, 2 of them decimals
# A template row is well under 1 KB of sheet XML; a sheet past this is not a filled template.
MAX_SHEET_BYTES = 40 * 1024 * 1024
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="[A-Z]+\d+(?::[A-Z]+(\d+))?"')
NOT_EXCEL = "پرونده فرستاده‌شده Excel (xlsx) نیست یا خراب است."


def inline_rows() -> int:
    """Files with more rows than this are read by a background job, not in the request."""
    return int(getattr(settings, "MIZ_PERFORMANCE_INLINE_ROWS", 2000))


def inspect(content: bytes) -> tuple[str, int]:
    """(error, declared rows) of an uploaded workbook, judged from the archive alone."""
    if not zipfile.is_zipfile(io.BytesIO(content)):
        return "پرونده فرستاده‌شده Excel (xlsx) نیست. الگو را از همین صفحه دریافت و پر کنید.", 0
    try:
        archive = filecheck.check_archive(content, "xlsx")
    except filecheck.Refused as exc:
        return f"{NOT_EXCEL} ({exc})", 0
    sheets = sorted(
        (i for i in archive.infolist() if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", i.filename)),
        key=lambda i: int(re.sub(r"\D", "", i.filename)),
    )
    if not sheets:
        return NOT_EXCEL, 0
    first = sheets[0]
    if first.file_size > MAX_SHEET_BYTES:
        return f"برگه پرونده بیش از اندازه بزرگ است (بیش از {to_persian_digits(MAX_ROWS)} ردیف).", 0
    with archive.open(first) as member:
        head = member.read(4096)
    found = _DIMENSION.search(head)
    rows = int(found.group(1) or 1) if found else max(1, first.file_size // 200)
    if rows > MAX_ROWS + 1:
        return f"پرونده بیش از {to_persian_digits(MAX_ROWS)} ردیف دارد.", rows
    return "", rows


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


def cell_text(value) -> str:
    return normalize_text(str(value)).strip() if value is not None else ""


def read_number(value, column: str, row: Row) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        row.errors.append(f"{row.label}: در ستون «{column}» عدد لازم است.")
        return None
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value))
    else:
        text = normalize_digits(cell_text(value)).replace(",", "").replace("٬", "").replace(" ", "")
        try:
            number = Decimal(text)
        except InvalidOperation:
            row.errors.append(
                f"{row.label}: در ستون «{column}» عدد لازم است، «{cell_text(value)}» نوشته شده است."
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
    if number >= MAX_VALUE or number.normalize().as_tuple().exponent < -2:
        row.errors.append(
            f"{row.label}: مقدار ستون «{column}» باید کمتر از ۱۰ به توان ۱۶ و با حداکثر دو رقم اعشار باشد."
        )
        return None
    return number


def read_period(value, row: Row) -> Period | None:
    """The «سال» cell: a year (1400), or a quarter or month of it (1400Q2, 1400-03), in any
    digits. Reading writes nothing: a period not stored yet is stored by `apply` when imported."""
    from performance import periods

    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = normalize_digits(cell_text(value))
    if not text:
        row.errors.append(
            f"{row.label}: سال را به شمسی بنویسید (مانند ۱۴۰۰، یا {ltr_code('1400Q2')} و "
            f"{ltr_code('1400-03')} برای فصل و ماه)."
        )
        return None
    try:
        key = periods.parse(text)
    except ValidationError as exc:
        row.errors.append(f"{row.label}: {exc.messages[0]}")
        return None
    return period_or_unsaved(kind=key.kind, year=key.year, number=key.number)


def _unit(code: str, name: str, units_by_code, provinces) -> OrgUnit | None:
    if code:
        return units_by_code.get(code.upper())
    canonical = canonical_province_name(name)
    if canonical:
        return provinces.get(canonical)
    return next((u for u in units_by_code.values() if u.name == name), None)


def read(*, user, content: bytes, progress=None) -> Result:
    """The dry run: every row read and checked, nothing written. `progress(rows)` is called
    every 500 rows (the background job records it)."""
    result = Result()
    result.file_error, _rows = inspect(content)
    if result.file_error:
        return result
    from openpyxl import load_workbook  # here, not at import: ~18 MB a web worker rarely needs
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
        _read_rows(user, sheet, result, progress)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError, SyntaxError, TypeError):
        # defusedxml's refusals are ValueErrors; a malformed part fails the XML parser
        result.rows, result.file_error = [], NOT_EXCEL
    return result


class _Stored:
    """The figures the template of a period was filled with (`selectors.period_values`, the
    same read as `template`), read once per period named in the file."""

    def __init__(self):
        self.periods: dict[str, dict] = {}

    def get(self, row: Row, measure: str) -> Decimal | None:
        p = row.period
        if p.code not in self.periods:
            version = selectors.plan_version_for(p.year)
            self.periods[p.code] = selectors.period_values(p.kind, p.year, p.number, version)
        return self.periods[p.code].get((row.activity.pk, row.breakdown.pk, row.unit.pk, measure))


def _closed_reason(user, row: Row, measure: str) -> str | None:
    """Why this user may not change this cell, or None when they may."""
    if not entry.can_enter(user, row.unit, measure):
        return f"شما اجازه ثبت {dict(Measure.choices)[measure]} برای {row.unit} را ندارید."
    return entry.closed_reason(activity=row.activity, unit=row.unit, period=row.period, measure=measure)


def _check_cells(user, row: Row, stored: _Stored) -> None:
    """A cell that holds the figure the template was filled with is not an entry: it is dropped
    (nothing to write), whoever uploads it, so a downloaded template comes back accepted with its
    prefilled plans, desk-fed actuals and locked figures. A changed cell is refused, with its
    reason, when this user may not change it."""
    for measure, attr, column in ((Measure.PLAN, "plan", "برنامه"), (Measure.ACTUAL, "actual", "عملکرد")):
        value = getattr(row, attr)
        if value is None:
            continue
        current = stored.get(row, measure) if row.breakdown else None
        if current is not None and Decimal(current) == value:
            setattr(row, attr, None)
            continue
        reason = _closed_reason(user, row, measure)
        if reason and not any(reason in e for e in row.errors):  # a lock closes both cells: said once
            row.errors.append(f"{row.label}: ستون «{column}» تغییر کرده است؛ {reason}")
        elif reason:
            continue
        elif measure == Measure.PLAN and selectors.plan_version_for(row.period.year) is None:
            year_fa = to_persian_digits(row.period.year)
            row.errors.append(f"{row.label}: برای سال {year_fa} نسخه برنامه تعریف نشده است.")


def _read_rows(user, sheet, result: Result, progress) -> None:
    activities = {a.code: a for a in Activity.objects.all()}
    breakdowns = {(b.activity_id, b.code): b for b in Breakdown.objects.all()}
    units_by_code = {u.code.upper(): u for u in OrgUnit.objects.select_related("province")}
    provinces = {u.province.name: u for u in units_by_code.values() if u.province_id}
    seen: dict[tuple, int] = {}
    stored = _Stored()
    for number, values in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
        if progress is not None and number % 500 == 0:
            progress(number)
        if number > MAX_ROWS:
            result.file_error = f"پرونده بیش از {to_persian_digits(MAX_ROWS)} ردیف دارد."
            break
        values = list(values) + [None] * (8 - len(values))
        if all(v is None or cell_text(v) == "" for v in values[:8]):
            continue
        row = Row(number=number)
        code = normalize_digits(cell_text(values[0])).upper()
        bd_code = normalize_digits(cell_text(values[2])) or Breakdown.TOTAL
        row.activity = activities.get(code)
        if row.activity is None:
            row.errors.append(f"{row.label}: فعالیت «{cell_text(values[0])}» شناخته نیست.")
        else:
            row.breakdown = breakdowns.get((row.activity.pk, bd_code))
            if row.breakdown is None:
                row.errors.append(f"{row.label}: تفکیک «{bd_code}» برای فعالیت {code} تعریف نشده است.")
        unit_code = normalize_digits(cell_text(values[3]))
        row.unit = _unit(unit_code, cell_text(values[4]), units_by_code, provinces)
        if row.unit is None:
            row.errors.append(
                f"{row.label}: واحد یا استان «{cell_text(values[3]) or cell_text(values[4])}» وجود ندارد."
            )
        row.period = read_period(values[5], row)
        row.plan = read_number(values[6], "برنامه", row)
        row.actual = read_number(values[7], "عملکرد", row)
        if row.plan is None and row.actual is None and not row.errors:
            continue  # a template row left empty: nothing to enter
        if row.activity and row.unit and row.period:
            key = (row.activity.pk, row.breakdown.pk if row.breakdown else None, row.unit.pk, row.period.code)
            if key in seen:
                first = to_persian_digits(seen[key])
                row.errors.append(
                    f"{row.label}: تکراری است؛ همین فعالیت، واحد و سال در ردیف {first} آمده است."
                )
            else:
                seen[key] = number
            _check_cells(user, row, stored)
        result.rows.append(row)
    if not result.rows and not result.file_error:
        result.file_error = "پرونده ردیفی برای ثبت ندارد."


@transaction.atomic
def apply(*, user, content: bytes, only_good_rows: bool = False, progress=None) -> Result:
    """Import the file: all of it when it has no error; with `only_good_rows`, the rows without
    error; otherwise nothing."""
    result = read(user=user, content=content, progress=progress)
    if result.file_error or (result.bad_rows and not only_good_rows):
        return result
    for row in result.good_rows:
        if row.period.pk is None:
            row.period = get_or_create_period(
                kind=row.period.kind, year=row.period.year, number=row.period.number
            )
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


def summary(result: Result) -> dict:
    """What the job keeps of a result (the page shows the first 500 errors)."""
    errors = [e for row in result.bad_rows for e in row.errors]
    return {
        "file_error": result.file_error,
        "rows": len(result.rows),
        "good": len(result.good_rows),
        "bad": len(result.bad_rows),
        "imported": result.imported,
        "errors": errors[:500],
        "more_errors": max(0, len(errors) - 500),
    }


def run_job(job_id: int) -> str:
    """The worker's side of a background upload."""
    from performance.uploadjobs import UploadJob

    job = UploadJob.objects.select_related("user").get(pk=job_id)
    if job.state != UploadJob.State.QUEUED:
        return job.state
    UploadJob.objects.filter(pk=job.pk).update(state=UploadJob.State.RUNNING)

    def progress(rows: int) -> None:
        UploadJob.objects.filter(pk=job.pk).update(rows_done=rows)

    content = bytes(job.content)
    try:
        if job.import_rows:
            result = apply(
                user=job.user, content=content, only_good_rows=job.only_good_rows, progress=progress
            )
        else:
            result = read(user=job.user, content=content, progress=progress)
    except Exception:
        UploadJob.objects.filter(pk=job.pk).update(state=UploadJob.State.FAILED, finished_at=timezone.now())
        raise
    UploadJob.objects.filter(pk=job.pk).update(
        state=UploadJob.State.DONE,
        rows_done=len(result.rows),
        result=summary(result),
        content=b"",
        finished_at=timezone.now(),
    )
    return UploadJob.State.DONE
