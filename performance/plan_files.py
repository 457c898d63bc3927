"""A plan version's yearly plan values as a workbook, and a draft's values uploaded from one:
a planner downloads the draft, edits it in Excel and uploads it back. The upload is all or
nothing: every row is checked first, and one error (named with its row) changes nothing."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction

from core import excel
from core.text import normalize_digits, to_persian_digits
from orgs.models import OrgUnit
from performance import plans, selectors
from performance.models import Activity, Breakdown, DataValue, Period, PlanVersion
from performance.services import get_or_create_period

HEADER = ("کد فعالیت", "کد تفکیک", "کد واحد", "برنامه", "فعالیت", "واحد")
MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20000


def workbook(version: PlanVersion) -> bytes:
    book, sheet = excel.new_workbook("برنامه")
    excel.header_row(sheet, HEADER)
    for row in selectors.version_plans(version):
        sheet.append(
            [
                row["activity"].code,
                row["breakdown"].code,
                row["unit"].code,
                row["value"],
                row["activity"].title[:200],
                row["unit"].name,
            ]
        )
    excel.column_widths(sheet, [12, 14, 12, 12, 60, 40])
    return excel.workbook_bytes(book)


def _number(text: str) -> Decimal | None:
    text = normalize_digits(text).replace(",", "").replace("٬", "").strip()
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() and value >= 0 else None


def read(upload) -> list[tuple[Activity, Breakdown, OrgUnit, Decimal]]:
    """The rows of an uploaded workbook, or a Persian `ValidationError` listing every bad row."""
    rows = excel.read_table(upload, header=HEADER[:4], max_bytes=MAX_BYTES, max_rows=MAX_ROWS)
    activities = {a.code: a for a in Activity.objects.all()}
    breakdowns = {(b.activity_id, b.code): b for b in Breakdown.objects.all()}
    units = {u.code: u for u in OrgUnit.objects.all()}
    found, errors = [], []
    for number, row in enumerate(rows[1:], start=2):
        row = (row + [""] * 4)[:4]
        activity_code, unit_code = (normalize_digits(c).strip().upper() for c in (row[0], row[2]))
        breakdown_code = normalize_digits(row[1]).strip() or Breakdown.TOTAL
        where = f"ردیف {to_persian_digits(number)}"
        activity = activities.get(activity_code)
        if activity is None:
            errors.append(f"{where}: فعالیت «{row[0]}» شناخته نیست.")
            continue
        breakdown = breakdowns.get((activity.pk, breakdown_code))
        if breakdown is None:
            errors.append(f"{where}: تفکیک «{row[1]}» از آنِ فعالیت {activity.code} نیست.")
            continue
        unit = units.get(unit_code)
        if unit is None:
            errors.append(f"{where}: واحد «{row[2]}» شناخته نیست.")
            continue
        value = _number(row[3])
        if value is None:
            errors.append(f"{where}: در ستون «برنامه» عدد نامنفی لازم است، «{row[3]}» نوشته شده است.")
            continue
        found.append((activity, breakdown, unit, value))
    if errors:
        raise ValidationError(errors)
    return found


@transaction.atomic
def upload(*, user, version: PlanVersion, upload) -> int:
    """Set every plan value of the uploaded workbook in the draft; how many changed."""
    rows = read(upload)
    year = get_or_create_period(kind=Period.Kind.YEAR, year=version.year)
    before = {
        (a, b, u): v
        for a, b, u, v in DataValue.objects.filter(plan_version=version, period=year).values_list(
            "activity_id", "breakdown_id", "org_unit_id", "value"
        )
    }
    changed = 0
    for activity, breakdown, unit, value in rows:
        plans.set_plan(
            user=user,
            version=version,
            activity=activity,
            breakdown=breakdown,
            unit=unit,
            period=year,
            value=value,
        )
        changed += before.get((activity.pk, breakdown.pk, unit.pk)) != value
    return changed
