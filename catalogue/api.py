"""Catalogue API for client systems (E7, scope `services:read`): the active services and, per
service, its application form: fields, required documents, channels and fee. Reads through
`catalogue.selectors`, the same as the public pages."""

from ninja import Field, Path, Query, Router, Schema
from ninja.responses import Status
from pydantic import ConfigDict

from apiclients.auth import AUTH_ERRORS, ClientBearer, errors
from catalogue import selectors
from catalogue.models import Area, ServiceField
from catalogue.models.application import parse_formats

router = Router(tags=["catalogue"])
auth = ClientBearer("services:read")


CHANNELS_EXAMPLE = [
    {"code": "online", "label": "برخط (میز خدمت الکترونیکی)"},
    {"code": "counter", "label": "دفتر پیشخوان خدمات دولت"},
]
SERVICE_EXAMPLE = {
    "service_id": "10031940000",
    "title": "صدور پروانه کاربرد علامت استاندارد",
    "area": "conformity_assessment",
    "area_label": "ارزیابی انطباق",
    "channels": CHANNELS_EXAMPLE,
    "fee": {"is_free": False, "fee_rials": 2500000, "note": ""},
    "duration_working_days": 20,
}
FIELD_EXAMPLE = {
    "name": "product_name",
    "label": "نام کالا",
    "kind": "text",
    "kind_label": "متن کوتاه",
    "required": True,
    "choices": [],
    "help_text": "",
}
DOCUMENT_EXAMPLE = {
    "id": 12,
    "title": "گزارش آزمون",
    "description": "گزارش آزمایشگاه همکار",
    "formats": ["pdf"],
    "format_labels": "PDF",
    "max_size_bytes": 2097152,
    "required": True,
}


class ChannelOut(Schema):
    """مجرایی که خدمت از آن ارائه می‌شود."""

    code: str = Field(description="کد مجرا: online، counter یا in_person.", examples=["counter"])
    label: str = Field(description="نام فارسی مجرا.", examples=["دفتر پیشخوان خدمات دولت"])


class FeeOut(Schema):
    """هزینه خدمت."""

    is_free: bool = Field(description="رایگان است یا نه.", examples=[False])
    fee_rials: int | None = Field(
        description="هزینه به ریال (برای خدمت رایگان یا متغیر null).", examples=[2500000]
    )
    note: str = Field(description="توضیح هزینه، مانند هزینه به ازای هر قلم کالا.", examples=[""])


class ServiceOut(Schema):
    """یک خدمت فعال در فهرست خدمات."""

    model_config = ConfigDict(json_schema_extra={"examples": [SERVICE_EXAMPLE]})

    service_id: str = Field(description="شناسه ملی ۱۱ رقمی خدمت.", examples=["10031940000"])
    title: str = Field(description="عنوان خدمت.", examples=["صدور پروانه کاربرد علامت استاندارد"])
    area: str = Field(description="کد حوزه خدمت.", examples=["conformity_assessment"])
    area_label: str = Field(description="نام فارسی حوزه.", examples=["ارزیابی انطباق"])
    channels: list[ChannelOut] = Field(description="مجراهایی که خدمت از آن‌ها ارائه می‌شود.")
    fee: FeeOut = Field(description="هزینه خدمت.")
    duration_working_days: int | None = Field(
        description="مدت انجام خدمت به روز کاری (null: تعیین نشده).", examples=[20]
    )


class FieldOut(Schema):
    """یک فیلد فرم درخواست خدمت؛ پاسخ آن با همین `name` در `answers` فرستاده می‌شود."""

    name: str = Field(description="نام فیلد، کلید آن در `answers`.", examples=["product_name"])
    label: str = Field(description="برچسب فارسی فیلد.", examples=["نام کالا"])
    kind: str = Field(
        description="نوع فیلد: text، textarea، number، date (تاریخ شمسی مانند 1404/01/31)، choice و…",
        examples=["text"],
    )
    kind_label: str = Field(description="نام فارسی نوع فیلد.", examples=["متن کوتاه"])
    required: bool = Field(description="پاسخ آن لازم است یا نه.", examples=[True])
    choices: list[str] = Field(description="گزینه‌ها (فقط برای فیلد گزینه‌ای).", examples=[[]])
    help_text: str = Field(description="راهنمای فیلد برای متقاضی.", examples=[""])


class DocumentOut(Schema):
    """مدرکی که فرم خدمت می‌خواهد؛ در ثبت درخواست با نام `document_<id>` فرستاده می‌شود."""

    id: int = Field(description="شناسه مدرک؛ نام بخش پرونده در ثبت: `document_<id>`.", examples=[12])
    title: str = Field(description="عنوان مدرک.", examples=["گزارش آزمون"])
    description: str = Field(description="شرح مدرک.", examples=["گزارش آزمایشگاه همکار"])
    formats: list[str] = Field(description="قالب‌های پذیرفته: pdf، jpeg، png.", examples=[["pdf"]])
    format_labels: str = Field(description="قالب‌های پذیرفته برای نمایش.", examples=["PDF"])
    max_size_bytes: int = Field(description="بیشترین حجم پرونده به بایت.", examples=[2097152])
    required: bool = Field(description="لازم است یا نه.", examples=[True])


class ServiceFormOut(ServiceOut):
    """فرم درخواست یک خدمت: آنچه فهرست می‌گوید، به‌علاوه شرح، فیلدها و مدارک."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    **SERVICE_EXAMPLE,
                    "description": "پروانه کاربرد علامت استاندارد برای کالاهای مشمول استاندارد اجباری.",
                    "fields": [FIELD_EXAMPLE],
                    "documents": [DOCUMENT_EXAMPLE],
                }
            ]
        }
    )

    description: str = Field(description="شرح خدمت.", examples=["پروانه کاربرد علامت استاندارد."])
    fields: list[FieldOut] = Field(description="فیلدهای فرم درخواست، به ترتیب نمایش.")
    documents: list[DocumentOut] = Field(description="مدارک فرم درخواست.")


class ServiceFilters(Schema):
    """محدود کردن فهرست خدمات."""

    q: str = Field("", description="واژه‌هایی از عنوان، شرح یا شناسه خدمت، مانند «پروانه».")
    area: Area | None = Field(None, description="فقط خدمات این حوزه، مانند conformity_assessment.")


def service_summary(service) -> dict:
    return {
        "service_id": service.service_id,
        "title": service.title,
        "area": service.area,
        "area_label": Area(service.area).label if service.area in Area.values else service.area,
        "channels": [{"code": c.value, "label": c.label} for c in service.channels],
        "fee": {"is_free": service.is_free, "fee_rials": service.fee_rials, "note": service.fee_note},
        "duration_working_days": service.duration_working_days,
    }


@router.get(
    "/services",
    auth=auth,
    response={200: list[ServiceOut], **AUTH_ERRORS, **errors(422)},
    summary="فهرست خدمات فعال",
    description=(
        "خدمات فعالی که هم‌اکنون ارائه می‌شوند، به ترتیب فهرست عمومی. با `q` (واژه‌های عنوان، شرح یا "
        "شناسه) و `area` (حوزه) می‌توان فهرست را محدود کرد. دسترسی لازم: `services:read`."
    ),
)
def service_list(request, filters: Query[ServiceFilters]):
    services = selectors.public_services(query=filters.q, area=filters.area or "")
    return Status(200, [service_summary(s) for s in services])


@router.get(
    "/services/{service_id}",
    auth=auth,
    response={200: ServiceFormOut, **errors(404), **AUTH_ERRORS},
    summary="فرم درخواست یک خدمت: فیلدها، مدارک، مجراها و هزینه",
    description=(
        "فیلدهای فرم (نام هر فیلد کلید آن در `answers` ثبت درخواست است)، مدارک (هر کدام با نام "
        "`document_<id>` فرستاده می‌شود)، مجراها و هزینه. خدمتی که نیست یا فعال نیست ۴۰۴ است. "
        "دسترسی لازم: `services:read`."
    ),
)
def service_form(
    request,
    service_id: str = Path(
        ..., description="شناسه ملی ۱۱ رقمی خدمت (رقم فارسی هم پذیرفته است)؛ مانند 10031940000."
    ),
):
    service = selectors.get_public_service(service_id)
    return Status(
        200,
        {
            **service_summary(service),
            "description": service.description,
            "fields": [
                {
                    "name": f.name,
                    "label": f.label,
                    "kind": f.kind,
                    "kind_label": ServiceField.Kind(f.kind).label,
                    "required": f.required,
                    "choices": f.choice_list,
                    "help_text": f.help_text,
                }
                for f in service.fields.all()
            ],
            "documents": [
                {
                    "id": d.pk,
                    "title": d.title,
                    "description": d.description,
                    "formats": parse_formats(d.accepted_formats),
                    "format_labels": d.format_labels,
                    "max_size_bytes": d.max_size_bytes,
                    "required": d.required,
                }
                for d in service.documents.all()
            ],
        },
    )
