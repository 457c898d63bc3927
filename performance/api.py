"""Performance data exchange for client systems (E7, issue 15 item 5): plans and actuals as data
value sets (`performance.datavalues`), read and written in JSON or CSV at `/datavaluesets`.

- `performance:read`: `GET` the values of the client's units, filtered by period (a Jalali year,
  quarter or month and the periods in it), unit, activity, plan version and measure.
- `performance:write`: `POST` a set; `?dry_run=1` answers 200 with each row's Persian errors and
  writes nothing; an import writes every changed row or, when one row is refused, none (403 for a
  unit outside the client's places or a plan without `performance:plan`, 409 for a closed cell,
  422 for the rest), by the same approval and locking rules as the screens."""

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from ninja import Field, Query, Router, Schema
from ninja.responses import Status
from pydantic import ConfigDict

from apiclients.auth import AUTH_ERRORS, ClientBearer, ErrorOut
from apiclients.selectors import places_of
from core.text import normalize_digits, to_persian_digits
from orgs.models import OrgUnit, subtree_ids, unit_children
from performance import datavalues, periods
from performance.models import Activity, Measure, PlanVersion

router = Router(tags=["performance"])
CSV = "text/csv"
# Bytes a POSTed set may carry beyond the site's form limit (miz.api.urls, core.bodylimit).
BODY_BYTES = {"api_performance_datavaluesets": 2 * 1024 * 1024}
ROW_EXAMPLE = {
    "activity": "P001",
    "breakdown": "total",
    "unit": "IR-23",
    "period": "1400",
    "measure": "actual",
    "value": "15",
    "plan_version": "",
}


IMPORT_EXAMPLE = {
    "detail": "۱ مقدار ثبت شد.",
    "dry_run": False,
    "rows": 1,
    "changed": 1,
    "unchanged": 0,
    "imported": 1,
    "errors": [],
}
CSV_EXAMPLE = datavalues.to_csv([ROW_EXAMPLE])
CSV_BODY = {"schema": {"type": "string"}, "example": CSV_EXAMPLE}
# Posted CSV is raw bytes (so the generated client sends it as `File(payload=...)`).
CSV_UPLOAD = {"schema": {"type": "string", "format": "binary"}, "example": CSV_EXAMPLE}


class ValueRow(Schema):
    """یک مقدار: برنامه یا عملکرد یک فعالیت در یک واحد و یک دوره."""

    model_config = ConfigDict(json_schema_extra={"examples": [ROW_EXAMPLE]})

    activity: str = Field(description="کد فعالیت.", examples=["P001"])
    breakdown: str = Field("total", description="کد تفکیک مقدار؛ total برای کل.", examples=["total"])
    unit: str = Field(description="کد واحد سازمانی.", examples=["IR-23"])
    period: str = Field(description="سال، فصل یا ماه شمسی: 1400، 1400Q2 یا 140003", examples=["1400"])
    measure: str = Field(description="plan (برنامه) یا actual (عملکرد)", examples=["actual"])
    value: str = Field(description="مقدار عددی، به متن (رقم فارسی هم پذیرفته است).", examples=["15"])
    plan_version: str = Field("", description="کد نسخه برنامه؛ برای برنامه لازم و برای عملکرد خالی")


class ValueSet(Schema):
    """مجموعه مقادیر: ردیف‌های برنامه و عملکرد، برای خواندن و ثبت به یک شکل."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"data_values": [ROW_EXAMPLE]}]})

    data_values: list[ValueRow] = Field(..., description="ردیف‌های مقادیر.", examples=[[ROW_EXAMPLE]])


class RowErrors(Schema):
    """خطاهای یک ردیف مجموعه."""

    row: int = Field(description="شماره ردیف (از ۱؛ در CSV بی سطر نام ستون‌ها).", examples=[3])
    errors: list[str] = Field(
        description="خطاهای فارسی ردیف.", examples=[["دوره 1400 برای این واحد قفل شده است."]]
    )


class ImportOut(Schema):
    """نتیجه ثبت یا بررسی مجموعه: شمار ردیف‌ها و خطاهای هر ردیف."""

    model_config = ConfigDict(json_schema_extra={"examples": [IMPORT_EXAMPLE]})

    detail: str = Field("", description="جمله فارسی نتیجه.", examples=[IMPORT_EXAMPLE["detail"]])
    dry_run: bool = Field(False, description="فقط بررسی بود و چیزی ثبت نشد.", examples=[False])
    rows: int = Field(0, description="شمار ردیف‌های فرستاده‌شده.", examples=[1])
    changed: int = Field(0, description="ردیف‌هایی که مقدار ثبت‌شده را تغییر می‌دهند.", examples=[1])
    unchanged: int = Field(0, description="ردیف‌هایی که همان مقدار ثبت‌شده را دارند.", examples=[0])
    imported: int = Field(0, description="مقدارهایی که ثبت شد.", examples=[1])
    errors: list[RowErrors] = Field([], description="خطاهای ردیف‌ها (خالی: ردیفی خطا ندارد).")


SET_ERRORS = {**AUTH_ERRORS, 400: ErrorOut, 403: ImportOut, 409: ImportOut, 413: ErrorOut, 422: ImportOut}


DRY_RUN_VALUES = {"": False, "0": False, "false": False, "1": True, "true": True}


class Refused(Exception):
    def __init__(self, status: int, detail: str):
        self.status, self.detail = status, detail


def _filters(places, period: str, unit: str, activity: str, plan_version: str, measure: str) -> dict:
    """The GET filters as objects, or `Refused` with a Persian reason."""
    found = {"unit_ids": places.unit_ids, "measure": measure}
    if measure and measure not in Measure.values:
        raise Refused(422, "«measure» باید plan (برنامه) یا actual (عملکرد) باشد.")
    if period:
        try:
            found["period"] = periods.parse(period)
        except ValidationError as exc:
            raise Refused(422, exc.messages[0]) from exc
    if unit:
        chosen = OrgUnit.objects.filter(code__iexact=normalize_digits(unit).strip()).first()
        if chosen is None:
            raise Refused(422, f"واحد «{unit}» وجود ندارد.")
        if chosen.pk not in places.unit_ids:
            raise Refused(403, f"واحد {chosen} در مکان‌های این سامانه نیست.")
        found["unit_ids"] = subtree_ids(unit_children(), chosen.pk) & places.unit_ids
    if activity:
        found["activity"] = Activity.objects.filter(code__iexact=activity.strip()).first()
        if found["activity"] is None:
            raise Refused(422, f"فعالیت «{activity}» شناخته نیست.")
    if plan_version:
        found["plan_version"] = PlanVersion.objects.filter(code=plan_version.strip()).first()
        if found["plan_version"] is None:
            raise Refused(422, f"نسخه برنامه «{plan_version}» وجود ندارد.")
    return found


def _wants_csv(request, fmt: str) -> bool:
    if fmt:
        if fmt not in ("json", "csv"):
            raise Refused(422, "«format» باید json یا csv باشد.")
        return fmt == "csv"
    return CSV in request.headers.get("Accept", "")


@router.get(
    "/datavaluesets",
    auth=ClientBearer("performance:read"),
    url_name="api_performance_datavaluesets",  # the path's one URL pattern, GET and POST
    response={200: ValueSet, 403: ErrorOut, 422: ErrorOut, **AUTH_ERRORS},
    openapi_extra={"responses": {200: {"content": {CSV: CSV_BODY}}}},
    summary="خواندن برنامه و عملکرد واحدهای این سامانه (JSON یا CSV)",
    description=(
        "فیلترها: `period` (سال، فصل یا ماه شمسی مانند 1400، 1400Q2، 140003؛ با دوره‌های درون آن)، "
        "`unit` (کد واحد، با زیرمجموعه‌هایش)، `activity` (کد فعالیت)، `plan_version` (فقط برنامه‌های "
        "آن نسخه)، `measure` (plan یا actual). `format=csv` یا `Accept: text/csv` همین ردیف‌ها را با "
        "سطر نام ستون‌ها به CSV می‌دهد. خروجی را می‌توان بی‌تغییر به همین نشانی فرستاد."
    ),
)
def read_set(
    request,
    period: str = Query("", description="سال، فصل یا ماه شمسی با دوره‌های درون آن: 1400، 1400Q2 یا 140003."),
    unit: str = Query("", description="کد واحد، با زیرمجموعه‌هایش (از مکان‌های این سامانه)."),
    activity: str = Query("", description="کد فعالیت."),
    plan_version: str = Query("", description="کد نسخه برنامه: فقط برنامه‌های آن نسخه."),
    measure: str = Query("", description="plan (برنامه) یا actual (عملکرد)."),
    # the query parameter's name, as DHIS2 spells it
    format: str = Query("", description="json یا csv (بی آن: سرآیند Accept، و گرنه JSON)."),
):
    try:
        filters = _filters(places_of(request.auth), period, unit, activity, plan_version, measure)
        as_csv = _wants_csv(request, format)
    except Refused as exc:
        return Status(exc.status, {"detail": exc.detail})
    rows = datavalues.read(**filters)
    if as_csv:
        return HttpResponse(datavalues.to_csv(rows), content_type=f"{CSV}; charset=utf-8")
    return Status(200, {"data_values": rows})


@router.post(
    "/datavaluesets",
    auth=ClientBearer("performance:write"),
    response={200: ImportOut, **SET_ERRORS},
    openapi_extra={
        "requestBody": {
            "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/ValueSet"}},
                CSV: CSV_UPLOAD,
            }
        }
    },
    summary="ثبت برنامه و عملکرد (JSON یا CSV)؛ با dry_run=1 فقط بررسی، بی هیچ ثبتی",
    description=(
        'بدنه JSON `{"data_values": [...]}` یا CSV (`Content-Type: text/csv`) با ستون‌های '
        "activity، breakdown، unit، period، measure، value، plan_version. همه ردیف‌ها ثبت می‌شوند یا "
        "هیچ‌کدام: ردیفِ واحد بیرون از مکان‌های سامانه یا برنامه بی دسترسی performance:plan ۴۰۳، "
        "دوره قفل‌شده یا تأییدشده ۴۰۹، و باقی خطاها ۴۲۲؛ پاسخ خطاهای هر ردیف را به فارسی دارد. "
        "`dry_run=1` همان بررسی است با پاسخ ۲۰۰ و هیچ ثبتی. ردیفی که همان مقدار ثبت‌شده را دارد تغییر نیست."
    ),
)
def write_set(
    request,
    dry_run: str = Query(
        "", description="1 یا true: فقط بررسی و پاسخ ۲۰۰، بی هیچ ثبتی؛ 0، false یا خالی: ثبت."
    ),
):
    client = request.auth
    # Read here, not by django-ninja, so that a wrong value is refused in this endpoint's own 422.
    flag = dry_run.strip().lower()
    if flag not in DRY_RUN_VALUES:
        return Status(422, {"detail": "مقدار dry_run باید 1، true، 0، false یا خالی باشد."})
    dry_run = DRY_RUN_VALUES[flag]
    content_type = request.content_type or ""
    try:
        parse = datavalues.parse_csv if content_type.startswith(CSV) else datavalues.parse_json
        items = parse(request.body)
    except ValidationError as exc:
        status = 400 if exc.code in ("not_json", "encoding", "csv") else 422
        return Status(status, {"detail": " ".join(exc.messages)})
    writer = datavalues.Writer(
        unit_ids=places_of(client).unit_ids, plans=client.has_scope("performance:plan"), name=client.name
    )
    act = datavalues.check if dry_run else datavalues.apply
    result = act(items=items, writer=writer)
    summary = result.summary(dry_run=dry_run)
    if dry_run:
        bad = len(summary["errors"])
        detail = (
            f"بررسی بی ثبت: {to_persian_digits(bad)} ردیف خطا دارد." if bad else "بررسی بی ثبت: خطایی نیست."
        )
        return Status(200, {**summary, "detail": detail})
    if not result.errors:
        return Status(200, {**summary, "detail": f"{to_persian_digits(result.imported)} مقدار ثبت شد."})
    return Status(result.status, {**summary, "detail": "هیچ ردیفی ثبت نشد؛ خطای ردیف‌ها را ببینید."})
