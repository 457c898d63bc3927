"""How the desk reads in Open311 GeoReport v2 (decision 0104): which services Open311 may file, a
service's application form as GeoReport attributes (with the applicant's own three, `miz_*`), the
attributes posted back as the form's answers, and a request as a GeoReport service request.

Pure mapping: the endpoints are in `desk.open311`, the rules in `desk.services`."""

import datetime as dt
import re

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from catalogue.forms import YES_NO_CHOICES
from catalogue.models import Area, Service, ServiceField
from core.jalali import to_jalali
from desk.models import OPEN_STATES, Message, ServiceRequest, State
from desk.open311_schemas import PLACE_NOT_KEPT
from desk.services import intake_owners

Kind = ServiceField.Kind

# The form's kinds as GeoReport datatypes; a Jalali date also takes an ISO 8601 date.
DATATYPES = {
    Kind.TEXT: "string",
    Kind.LONG_TEXT: "text",
    Kind.NUMBER: "number",
    Kind.INTEGER: "number",
    Kind.JALALI_DATE: "datetime",
    Kind.CHOICE: "singlevaluelist",
    Kind.YES_NO: "singlevaluelist",
    Kind.NATIONAL_CODE: "string",
    Kind.LEGAL_ID: "string",
    Kind.MOBILE: "string",
}
DATATYPE_NOTES = {
    Kind.JALALI_DATE: "تاریخ شمسی مانند 1404/01/31، یا تاریخ میلادی ISO 8601 مانند 2025-04-20",
    Kind.INTEGER: "عدد صحیح نامنفی",
    Kind.NUMBER: "عدد نامنفی (با اعشار)",
    Kind.NATIONAL_CODE: "کد ملی ۱۰ رقمی",
    Kind.LEGAL_ID: "شناسه ملی ۱۱ رقمی شخص حقوقی",
    Kind.MOBILE: "شماره همراه مانند 09121234567",
}

# The applicant's own attributes, before the form's: who they are, where they are served, and the
# code Miz texts them to confirm the request (the write API's rule; empty on the first call).
NATIONAL_CODE = "miz_national_code"
OFFICE = "miz_office"
OTP = "miz_otp"
ATTRIBUTE = re.compile(r"^attribute\[([A-Za-z0-9_]+)\](\[\])?$")
ISO_DATE = re.compile(r"^(1[89]|2[0-9])[0-9]{2}-[0-9]{2}-[0-9]{2}")

NOT_ONLINE = (
    "این خدمت از راه سامانه‌های دیگر (Open311) ثبت نمی‌شود: یا از مجرای دفتر پیشخوان ارائه نمی‌شود "
    "یا صفحه ثبت ویژه خود را دارد."
)


def open311_services() -> QuerySet[Service]:
    """Active services a client system may file: offered at counter offices (the channel the
    desk's write API files through) and not owned by another app's own intake page."""
    owned = [area for area in Area.values if intake_owners.get(area) is not None]
    return (
        Service.objects.active()
        .filter(channel_counter=True)
        .exclude(area__in=owned)
        .prefetch_related("fields", "documents")
        .order_by("area", "title", "id")
    )


def service_row(service: Service) -> dict:
    area = Area(service.area).label if service.area in Area.values else service.area
    return {
        "service_code": service.service_id,
        "service_name": service.title,
        "description": service.description,
        "metadata": True,  # every service has at least the applicant's attributes
        "type": "realtime",
        "keywords": area,
        "group": area,
    }


def _attribute(code, datatype, required, order, description, note="", values=()) -> dict:
    return {
        "variable": True,
        "code": code,
        "datatype": datatype,
        "required": required,
        "datatype_description": note,
        "order": order,
        "description": description,
        "values": [{"key": key, "name": name} for key, name in values],
    }


def attributes(service: Service, offices: list) -> list[dict]:
    """The service's definition: the applicant's attributes, then one per form field."""
    rows = [
        _attribute(NATIONAL_CODE, "string", True, 1, "کد ملی متقاضی", "کد ملی ۱۰ رقمی"),
        _attribute(
            OFFICE,
            "singlevaluelist",
            len(offices) > 1,
            2,
            "دفتر پیشخوانی که درخواست در آن ثبت می‌شود",
            "کد دفتر؛ سامانه‌ای با یک دفتر آن را نمی‌فرستد",
            [(office.code, office.name) for office in offices],
        ),
        _attribute(
            OTP,
            "string",
            False,
            3,
            "کد تأیید پیامک‌شده به همراه متقاضی",
            "بار نخست خالی بفرستید تا کد به شماره «phone» پیامک شود؛ سپس همان درخواست را با کد بفرستید",
        ),
    ]
    for order, field in enumerate(service.fields.all(), start=len(rows) + 1):
        if field.kind == Kind.CHOICE:
            values = [(choice, choice) for choice in field.choice_list]
        elif field.kind == Kind.YES_NO:
            values = YES_NO_CHOICES
        else:
            values = ()
        rows.append(
            _attribute(
                field.name,
                DATATYPES[field.kind],
                field.required,
                order,
                field.label + (f" — {field.help_text}" if field.help_text else ""),
                DATATYPE_NOTES.get(field.kind, ""),
                values,
            )
        )
    return rows


def posted_attributes(post) -> dict[str, str | list[str]]:
    """`attribute[code]=…` (and `attribute[code][]=…` for a list) of a form-encoded body."""
    found: dict[str, str | list[str]] = {}
    for key in post:
        match = ATTRIBUTE.match(key)
        if match:
            found[match.group(1)] = post.getlist(key) if match.group(2) else post.get(key, "")
    return found


def form_answers(service: Service, posted: dict) -> tuple[dict, list[str]]:
    """The form's answers from the posted attributes (ISO dates made Jalali), and the codes that
    are neither the form's nor the applicant's."""
    fields = {field.name: field for field in service.fields.all()}
    answers, unknown = {}, []
    for code, value in posted.items():
        field = fields.get(code)
        if field is None:
            if code not in (NATIONAL_CODE, OFFICE, OTP):
                unknown.append(code)
            continue
        if field.kind == Kind.JALALI_DATE and isinstance(value, str) and ISO_DATE.match(value):
            try:
                value = to_jalali(dt.date.fromisoformat(value[:10])).strftime("%Y/%m/%d")
            except ValueError:
                pass  # left as typed: the form refuses it with its Persian message
        answers[code] = value
    return answers, unknown


def with_description(requests: QuerySet[ServiceRequest]) -> QuerySet[ServiceRequest]:
    """Requests with the applicant's first message (the Open311 `description`) beside them."""
    first = Message.objects.filter(request=OuterRef("pk"), from_staff=False, internal=False).order_by(
        "created_at", "pk"
    )
    return requests.annotate(open311_description=Subquery(first.values("body")[:1]))


def status_of(state: str) -> str:
    """Open while the desk still works on it (`desk.models.OPEN_STATES`); closed once decided,
    answered, closed or withdrawn."""
    return "open" if state in OPEN_STATES else "closed"


def request_row(req: ServiceRequest) -> dict:
    """A request as GeoReport's service request (`with_description` supplies the description)."""
    expected = dt.datetime.combine(req.due_date, dt.time(23, 59, 59))
    return {
        "service_request_id": req.tracking_code,
        "status": status_of(req.state),
        "status_notes": State(req.state).label,
        "service_name": req.service.title,
        "service_code": req.service.service_id,
        "description": getattr(req, "open311_description", None),
        "agency_responsible": req.unit.name if req.unit_id else None,
        "service_notice": None,
        "requested_datetime": req.submitted_at,
        "updated_datetime": req.updated_at,
        "expected_datetime": timezone.make_aware(expected),
        **PLACE_NOT_KEPT,
    }
