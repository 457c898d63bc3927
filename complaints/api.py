"""The complaint API for national complaint systems (E7, issue 15 item 6; scope `complaints:file`).

A client of kind «سامانه شکایات» linked to one national system (`complaints.SystemLink`, set in the
admin) pushes each complaint it receives: `POST /api/complaints/` lands it through
`complaints.national.land`, the same function as the staff's file import, once per (system,
reference): 201 with its tracking code the first time, 200 with the same answer for a repeat (a
repeat naming another complainant is 409), a Persian 4xx and nothing written for anything wrong.
`GET /api/complaints/{reference}` reads where the complaint stands (state, steps, response)."""

import datetime as dt
from typing import Annotated

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Field, Path, Router, Schema
from ninja.errors import AuthorizationError
from ninja.responses import Status
from pydantic import ConfigDict

from apiclients.auth import AUTH_ERRORS, ClientBearer, errors
from apiclients.models import ApiClient
from complaints import national
from complaints.models import Complaint, SystemLink
from core.policy import client_ip
from core.validators import clean_national_code
from desk.api import REQUEST_EXAMPLE, RequestOut, request_out

router = Router(tags=["complaints"])

ERRORS = {**errors(400, 404, 409, 422), **AUTH_ERRORS}
NOT_LINKED = (
    "این سامانه به هیچ سامانه ملی رسیدگی به شکایات پیوند نخورده است؛ از مدیر میز بخواهید پیوند آن را "
    "در «پیوندهای سامانه ملی شکایات» بسازد."
)
NOT_A_COMPLAINT_SYSTEM = "فقط سامانه‌های متصل از نوع «سامانه شکایات» شکایت ثبت می‌کنند."


REFERENCE = "111-1404-0008123"
COMPLAINANT_EXAMPLE = {
    "national_code": "0012345679",
    "mobile": "09121234567",
    "first_name": "مریم",
    "last_name": "احمدی",
}
COMPLAINT_EXAMPLE = {
    "external_reference": REFERENCE,
    "system": "samad",
    "subject": "رفتار و پاسخگویی کارکنان",
    "text": "برای پیگیری پرونده سه بار مراجعه کردم و پاسخی نگرفتم.",
    "complainant": COMPLAINANT_EXAMPLE,
    "province": "IR-23",
    "unit": "",
    "received": "1404/08/01",
}
COMPLAINT_OUT_EXAMPLE = {
    "system": "samad",
    "system_label": "سامد (سامانه ملی رسیدگی به شکایات، ۱۱۱)",
    "external_reference": REFERENCE,
    "subject": "رفتار و پاسخگویی کارکنان",
    "complained_unit_code": None,
    "received_on": "2025-10-23",
    "request": REQUEST_EXAMPLE,
}
Reference = Annotated[
    str, Path(description="شماره پیگیری شکایت در سامانه ملی (تا ۴۰ نویسه)؛ مانند 111-1404-0008123.")
]


class ComplainantIn(Schema):
    """شاکی: کد ملی و شماره همراه، و نام برای شاکی تازه."""

    model_config = ConfigDict(json_schema_extra={"examples": [COMPLAINANT_EXAMPLE]})

    national_code: str = Field(description="کد ملی ۱۰ رقمی شاکی.", examples=["0012345679"])
    mobile: str = Field(description="شماره همراه شاکی.", examples=["09121234567"])
    first_name: str = Field("", description="نام شاکی (برای شاکی تازه).", examples=["مریم"])
    last_name: str = Field("", description="نام خانوادگی شاکی (برای شاکی تازه).", examples=["احمدی"])


class ComplaintIn(Schema):
    """شکایتی که سامانه ملی دریافت کرده است."""

    model_config = ConfigDict(json_schema_extra={"examples": [COMPLAINT_EXAMPLE]})

    external_reference: str = Field(
        description="شماره پیگیری شکایت در سامانه ملی (تا ۴۰ نویسه)؛ شکایت را یکتا می‌کند.",
        examples=[REFERENCE],
    )
    system: str = Field(
        "",
        description="سامانه ملی: samad، sina یا dadvar (اگر فرستاده شود، همان پیوند این سامانه).",
        examples=["samad"],
    )
    subject: str = Field(description="عنوان یکی از موضوعات شکایت.", examples=["رفتار و پاسخگویی کارکنان"])
    text: str = Field(description="متن شکایت.", examples=[COMPLAINT_EXAMPLE["text"]])
    complainant: ComplainantIn = Field(description="شاکی.")
    province: str = Field("", description="کد ISO یا نام استان (اختیاری).", examples=["IR-23"])
    unit: str = Field("", description="کد واحدِ مورد شکایت (اختیاری).", examples=[""])
    received: str = Field(
        "",
        description="تاریخ دریافت در سامانه ملی، شمسی (1404/08/01) یا میلادی (2025-10-23).",
        examples=["1404/08/01"],
    )


class ComplaintOut(Schema):
    """شکایت ثبت‌شده و درخواستی که برای رسیدگی به آن ساخته شد."""

    model_config = ConfigDict(json_schema_extra={"examples": [COMPLAINT_OUT_EXAMPLE]})

    system: str = Field(description="کد سامانه ملی.", examples=["samad"])
    system_label: str = Field(
        description="نام فارسی سامانه ملی.", examples=[COMPLAINT_OUT_EXAMPLE["system_label"]]
    )
    external_reference: str = Field(description="شماره پیگیری در سامانه ملی.", examples=[REFERENCE])
    subject: str = Field(description="عنوان موضوع شکایت.", examples=["رفتار و پاسخگویی کارکنان"])
    complained_unit_code: str | None = Field(
        description="کد واحدِ مورد شکایت (null: نامشخص).", examples=[None]
    )
    received_on: dt.date | None = Field(description="تاریخ دریافت در سامانه ملی (میلادی؛ null: نامعلوم).")
    request: RequestOut = Field(description="درخواست رسیدگی به شکایت در میز: وضعیت، گام‌ها و پاسخ.")


def link_of(client: ApiClient) -> SystemLink:
    """The national system this client speaks for; 403 for a client that is not one."""
    if client.kind != ApiClient.Kind.COMPLAINTS:
        raise AuthorizationError(message=NOT_A_COMPLAINT_SYSTEM)
    link = SystemLink.objects.filter(client=client).first()
    if link is None:
        raise AuthorizationError(message=NOT_LINKED)
    return link


def complaint_out(complaint: Complaint) -> dict:
    return {
        "system": complaint.external_system,
        "system_label": complaint.get_external_system_display(),
        "external_reference": complaint.external_reference,
        "subject": complaint.subject.title,
        "complained_unit_code": complaint.complained_unit.code if complaint.complained_unit else None,
        "received_on": complaint.received_on,
        "request": request_out(complaint.request),
    }


def _same_complainant(complaint: Complaint, national_code: str) -> bool:
    try:
        return complaint.request.applicant.national_code == clean_national_code(national_code)
    except ValidationError:
        return False


@router.post(
    "/",
    auth=ClientBearer("complaints:file"),
    response={200: ComplaintOut, 201: ComplaintOut, **ERRORS},
    summary="ثبت شکایتی که سامانه ملی دریافت کرده است (یک بار برای هر شماره پیگیری)",
    description=(
        "`external_reference` شماره پیگیری شکایت در سامانه ملی است (تا ۴۰ نویسه) و شکایت را یکتا "
        "می‌کند: ارسال دوباره همان شماره، حتی هم‌زمان، همان شکایت را با پاسخ ۲۰۰ برمی‌گرداند و چیزی "
        "دوباره ثبت نمی‌شود؛ همان شماره با کد ملی دیگر ۴۰۹ است. `system` اگر فرستاده شود باید همان "
        "سامانه ملیِ این سامانه متصل باشد (`samad`، `sina`، `dadvar`). `subject` عنوان یکی از "
        "موضوعات شکایت است، `unit` کد واحدِ مورد شکایت (اختیاری؛ شکایت هرگز به همان واحد نمی‌رود)، "
        "`province` کد ISO یا نام استان (اختیاری؛ شکایتِ بی‌واحد به آن استان می‌رود) و `received` "
        "تاریخ دریافت در سامانه ملی، شمسی (`1404/08/01`) یا میلادی (`2025-10-23`)."
    ),
)
def file_complaint(request, payload: ComplaintIn):
    link = link_of(request.auth)
    if payload.system and payload.system.strip().lower() != link.system:
        raise AuthorizationError(message=f"این سامانه فقط شکایات «{link.get_system_display()}» را ثبت می‌کند.")
    person = payload.complainant
    incoming = national.Incoming(
        system=link.system,
        reference=payload.external_reference,
        national_code=person.national_code,
        mobile=person.mobile,
        first_name=person.first_name,
        last_name=person.last_name,
        subject=payload.subject,
        text=payload.text,
        unit=payload.unit,
        province=payload.province,
        received=payload.received,
    )
    try:
        complaint, created = national.land(incoming, ip=client_ip(request))
    except ValidationError as exc:
        return Status(422, {"detail": " ".join(exc.messages)})
    if not created and not _same_complainant(complaint, person.national_code):
        return Status(
            409, {"detail": "این شماره پیگیری پیش‌تر برای شکایت شاکی دیگری ثبت شده است؛ چیزی ثبت نشد."}
        )
    return Status(201 if created else 200, complaint_out(complaint))


@router.get(
    "/{reference}",
    auth=ClientBearer("complaints:file"),
    response={200: ComplaintOut, **ERRORS},
    summary="وضعیت شکایتی از این سامانه ملی، با شماره پیگیری آن در سامانه ملی",
    description=(
        "شکایتی که این سامانه ملی با همین شماره پیگیری فرستاده است: موضوع، واحد و درخواست رسیدگی "
        "در میز (وضعیت، گام‌ها، پیام‌ها و پاسخ). شماره‌ای که از این سامانه ملی ثبت نشده ۴۰۴ است."
    ),
)
def complaint_status(request, reference: Reference):
    link = link_of(request.auth)
    try:
        reference = national.clean_reference(reference)
    except ValidationError as exc:
        return Status(400, {"detail": " ".join(exc.messages)})
    complaint = national.on_file(link.system, reference)
    if complaint is None:
        raise Http404("شکایتی با این شماره پیگیری از این سامانه ملی ثبت نشده است.")
    return Status(200, complaint_out(complaint))
