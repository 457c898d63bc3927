"""Catalogue API for client systems (E7, scope `services:read`): the active services and, per
service, its application form: fields, required documents, channels and fee. Reads through
`catalogue.selectors`, the same as the public pages."""

from ninja import Path, Query, Router, Schema
from ninja.responses import Status

from apiclients.auth import AUTH_ERRORS, ClientBearer, ErrorOut
from catalogue import selectors
from catalogue.models import Area, ServiceField
from catalogue.models.application import parse_formats

router = Router(tags=["فهرست خدمات"])
auth = ClientBearer("services:read")


class ChannelOut(Schema):
    code: str
    label: str


class FeeOut(Schema):
    is_free: bool
    fee_rials: int | None
    note: str


class ServiceOut(Schema):
    service_id: str
    title: str
    area: str
    area_label: str
    channels: list[ChannelOut]
    fee: FeeOut
    duration_working_days: int | None


class FieldOut(Schema):
    name: str
    label: str
    kind: str
    kind_label: str
    required: bool
    choices: list[str]
    help_text: str


class DocumentOut(Schema):
    id: int
    title: str
    description: str
    formats: list[str]
    format_labels: str
    max_size_bytes: int
    required: bool


class ServiceFormOut(ServiceOut):
    description: str
    fields: list[FieldOut]
    documents: list[DocumentOut]


class ServiceFilters(Schema):
    q: str = ""
    area: Area | None = None


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
    response={200: list[ServiceOut], **AUTH_ERRORS},
    summary="فهرست خدمات فعال",
    description="با `q` (واژه‌های عنوان، شرح یا شناسه) و `area` (حوزه) می‌توان فهرست را محدود کرد.",
)
def service_list(request, filters: Query[ServiceFilters]):
    services = selectors.public_services(query=filters.q, area=filters.area or "")
    return Status(200, [service_summary(s) for s in services])


@router.get(
    "/services/{service_id}",
    auth=auth,
    response={200: ServiceFormOut, 404: ErrorOut, **AUTH_ERRORS},
    summary="فرم درخواست یک خدمت: فیلدها، مدارک، مجراها و هزینه",
    description="شناسه ملی ۱۱ رقمی خدمت (رقم فارسی هم پذیرفته است).",
)
def service_form(request, service_id: Path[str]):
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
