"""Open311 GeoReport v2 on the desk (issue 15 item 3, decision 0104), at /api/open311/v2/:

- `GET services.json`, `GET services/<code>.json` (scope `services:read`): the services a client
  system may file and each one's form as GeoReport attributes (`desk.open311_map`).
- `POST requests.json` (`requests:file`, form-encoded or multipart): the desk write API's counter
  intake for an applicant, confirmed by the code texted to them: without `attribute[miz_otp]` Miz
  texts the code and refuses with 400 saying so; with it the request is filed (201; 200 when the
  same confirmed filing is posted again) and `description` becomes the applicant's first message.
- `GET requests.json`, `GET requests/<id>.json` (`requests:read`): requests at the client's
  places (`selectors.requests_at_places`), the id being the tracking code.

The token is the client's bearer, in the header or as `api_key`. Every refusal is GeoReport's list
`[{"code": <status>, "description": "<Persian>"}]` (`miz.api.refusal`) and changes nothing. The
schemas, documented in Persian with examples (decision 0107), are in `desk.open311_schemas`."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from ninja import Query, Router
from ninja.responses import Status

from accounts.models import OneTimeCode
from apiclients.auth import ClientApiKey, ClientBearer
from apiclients.selectors import places_of
from catalogue.models import Service
from core.policy import client_ip
from core.text import normalize_identifier
from core.validators import clean_mobile
from desk import open311_map, selectors, services, tracking, uploads
from desk.api_write import checked_answers, client_office, filing_offices, refusal_status
from desk.models import OPEN_STATES
from desk.open311_schemas import (
    CREATE_REQUEST_BODY,
    ERRORS,
    FILING_ERRORS,
    Open311CreatedOut,
    Open311DefinitionOut,
    Open311RequestFilters,
    Open311RequestOut,
    Open311ServiceOut,
    ServiceCode,
    ServiceRequestId,
)
from desk.services.messages import clean_body

router = Router(tags=["open311"])
# How far back, and how many, `GET requests.json` answers without dates (GeoReport's defaults).
DEFAULT_DAYS = 90
MAX_RESULTS = 1000
# A filing may carry the service's documents as multipart parts `document_<id>` (miz.api.urls).
FILE_BYTES = {"open311_requests": lambda request, *args, **kwargs: uploads.largest_application_bytes()}


def auth(scope: str) -> list:
    return [ClientBearer(scope), ClientApiKey(scope)]


def refused(status: int, description: str) -> Status:
    return Status(status, [{"code": status, "description": description}])


def _service(code: str) -> Service | None:
    return open311_map.open311_services().filter(service_id=normalize_identifier(code or "")).first()


@router.get(
    "/services.json",
    auth=auth("services:read"),
    response={200: list[Open311ServiceOut], **ERRORS},
    summary="Open311: فهرست خدمت‌هایی که این سامانه می‌تواند ثبت کند",
    description=(
        "خدمت‌های فعالی که از مجرای دفتر پیشخوان ارائه می‌شوند؛ `service_code` شناسه ملی ۱۱ رقمی خدمت است."
    ),
)
def service_list(request):
    return Status(200, [open311_map.service_row(s) for s in open311_map.open311_services()])


@router.get(
    "/services/{service_code}.json",
    auth=auth("services:read"),
    response={200: Open311DefinitionOut, **ERRORS},
    summary="Open311: تعریف خدمت (ویژگی‌های فرم درخواست)",
    description=(
        "سه ویژگی نخست از آنِ متقاضی است (`miz_national_code`، `miz_office`، `miz_otp`)، سپس یک "
        "ویژگی برای هر فیلد فرم خدمت. مدارک لازم خدمت ویژگی نیستند: پرونده هر مدرک در بدنه "
        "multipart با نام `document_<id>` فرستاده می‌شود (شناسه‌ها در `/api/catalogue/services/<شناسه>`)."
    ),
)
def service_definition(request, service_code: ServiceCode):
    service = _service(service_code)
    if service is None:
        return refused(404, "خدمتی با این شناسه از راه Open311 ارائه نمی‌شود.")
    offices = list(filing_offices(request.auth).order_by("code"))
    return Status(
        200, {"service_code": service.service_id, "attributes": open311_map.attributes(service, offices)}
    )


def _code_key(client, service, mobile: str) -> str:
    """The filing's idempotency key: one per client, service and code texted to the applicant,
    so a create posted again after a lost answer returns the same request, not a second one."""
    try:
        mobile = clean_mobile(mobile)
    except ValidationError:
        return f"o311-{client.pk}-{service.pk}-none"
    latest = (
        OneTimeCode.objects.filter(mobile=mobile, purpose=OneTimeCode.Purpose.COUNTER_INTAKE)
        .order_by("-created_at", "-pk")
        .values_list("pk", flat=True)
        .first()
    )
    return f"o311-{client.pk}-{service.pk}-{latest}"


def _create_input(request):
    """The posted create, checked: (service, office, office ids, answers, files, attributes,
    description), or a refusal."""
    post = request.POST
    code = post.get("service_code", "")
    if not code.strip():
        return refused(400, "«service_code» (شناسه ملی ۱۱ رقمی خدمت) فرستاده نشده است.")
    service = _service(code)
    if service is None:
        if Service.objects.active().filter(service_id=normalize_identifier(code)).exists():
            return refused(400, open311_map.NOT_ONLINE)
        return refused(400, "خدمتی با این «service_code» یافت نشد.")
    posted = open311_map.posted_attributes(post)
    office_code = posted.get(open311_map.OFFICE, "")
    offices = list(filing_offices(request.auth))
    if not office_code and len(offices) == 1:
        office_code = offices[0].code
    office, office_ids = client_office(request.auth, office_code if isinstance(office_code, str) else "")
    if office is None:
        return refused(403, "«attribute[miz_office]» از دفترهای پیشخوان این سامانه نیست.")
    for name, label in ((open311_map.NATIONAL_CODE, "attribute[miz_national_code]"), ("phone", "phone")):
        value = posted.get(name) if name.startswith("miz_") else post.get(name)
        if not isinstance(value, str) or not value.strip():
            return refused(400, f"«{label}» (کد ملی و شماره همراه متقاضی) فرستاده نشده است.")
    if not isinstance(posted.get(open311_map.OTP, ""), str):
        return refused(400, "«attribute[miz_otp]» باید یک کد شش‌رقمی باشد، نه فهرست.")
    answers, unknown = open311_map.form_answers(service, posted)
    if unknown:
        return refused(400, "این ویژگی‌ها در تعریف خدمت نیستند: " + "، ".join(f"«{c}»" for c in unknown) + ".")
    description = post.get("description", "").strip()
    try:
        form_data, files = checked_answers(service, answers, request.FILES)
        if description:
            description = clean_body(description)
    except ValidationError as exc:
        return refused(400, " ".join(exc.messages))
    return service, office, office_ids, form_data, files, posted, description


@router.post(
    "/requests.json",
    auth=auth("requests:file"),
    url_name="open311_requests",
    openapi_extra={"requestBody": CREATE_REQUEST_BODY},
    response={200: list[Open311CreatedOut], 201: list[Open311CreatedOut], **FILING_ERRORS},
    summary="Open311: ثبت درخواست برای متقاضی با کد تأیید او",
    description=(
        "بار نخست بی `attribute[miz_otp]`: کد تأیید به `phone` متقاضی پیامک می‌شود و پاسخ ۴۰۰ همین را "
        "می‌گوید. سپس همان درخواست با کد: ۲۰۱ و کد رهگیری در `service_request_id`؛ فرستادن دوباره همان "
        "درخواستِ تأییدشده ۲۰۰ و همان کد رهگیری است. متقاضی تازه `first_name` و `last_name` می‌خواهد. "
        "`lat`، `long`، `address_string` و `email` نگه داشته نمی‌شوند."
    ),
)
def create_request(request):
    checked = _create_input(request)
    if isinstance(checked, Status):
        return checked
    service, office, office_ids, form_data, files, posted, description = checked
    post, client = request.POST, request.auth
    otp = posted.get(open311_map.OTP, "")
    try:
        if not otp.strip():
            services.start_counter_intake(
                operator=None,
                national_code=posted[open311_map.NATIONAL_CODE],
                mobile=post["phone"],
                counter_office=office,
                service=service,
                client_office_ids=office_ids,
            )
            return refused(
                400,
                "کد تأیید به شماره همراه متقاضی پیامک شد؛ همین درخواست را با کد در «attribute[miz_otp]» "
                "دوباره بفرستید.",
            )
        req, created = services.counter_intake(
            operator=None,
            service=service,
            national_code=posted[open311_map.NATIONAL_CODE],
            mobile=post["phone"],
            first_name=post.get("first_name", ""),
            last_name=post.get("last_name", ""),
            otp=otp.strip(),
            form_data=form_data,
            files=files,
            idempotency_key=_code_key(client, service, post["phone"]),
            counter_office=office,
            ip=client_ip(request),
            client_office_ids=office_ids,
        )
        if created and description:
            services.post_message(request=req, author=req.applicant, body=description, ip=client_ip(request))
    except ValidationError as exc:
        return refused(refusal_status(exc, default=400), " ".join(exc.messages))
    notice = f"درخواست با کد رهگیری {req.tracking_code} ثبت شد؛ موعد پاسخ {req.due_date.isoformat()}."
    return Status(
        201 if created else 200,
        [{"service_request_id": req.tracking_code, "service_notice": notice, "account_id": None}],
    )


def _visible(client):
    places = places_of(client)
    requests = selectors.requests_at_places(
        office_ids=places.office_ids, unit_ids=places.unit_ids, province_ids=places.province_ids
    )
    return open311_map.with_description(requests)


@router.get(
    "/requests.json",
    auth=auth("requests:read"),
    url_name="open311_requests",
    response={200: list[Open311RequestOut], **ERRORS},
    summary="Open311: درخواست‌های مکان‌های این سامانه",
    description=(
        "`service_request_id` (کدهای رهگیری جدا با ویرگول)، `service_code`، `start_date` و "
        "`end_date` (ISO 8601، بر زمان ثبت) و `status` (`open` یا `closed`). بی تاریخ، ۹۰ روز گذشته؛ "
        "حداکثر ۱۰۰۰ درخواست، تازه‌ترین نخست."
    ),
)
def request_list(request, filters: Query[Open311RequestFilters]):
    requests = _visible(request.auth)
    if filters.service_request_id.strip():
        codes = [tracking.normalize(code) for code in filters.service_request_id.split(",")]
        requests = requests.filter(tracking_code__in=codes)
    elif not (filters.start_date or filters.end_date):
        requests = requests.filter(submitted_at__gte=timezone.now() - dt.timedelta(days=DEFAULT_DAYS))
    if filters.service_code.strip():
        requests = requests.filter(service__service_id=normalize_identifier(filters.service_code))
    if filters.start_date:
        requests = requests.filter(submitted_at__gte=filters.start_date)
    if filters.end_date:
        requests = requests.filter(submitted_at__lte=filters.end_date)
    wanted = {part.strip() for part in filters.status.split(",") if part.strip()}
    if wanted - {"open", "closed"}:
        return refused(400, "«status» باید open یا closed (یا هر دو، جدا با ویرگول) باشد.")
    if wanted == {"open"}:
        requests = requests.filter(state__in=OPEN_STATES)
    elif wanted == {"closed"}:
        requests = requests.exclude(state__in=OPEN_STATES)
    rows = requests.order_by("-submitted_at", "-pk")[:MAX_RESULTS]
    return Status(200, [open311_map.request_row(req) for req in rows])


@router.get(
    "/requests/{service_request_id}.json",
    auth=auth("requests:read"),
    response={200: list[Open311RequestOut], **ERRORS},
    summary="Open311: وضعیت یک درخواست با کد رهگیری",
    description="درخواستی که در مکان‌های این سامانه نیست، مانند کد ناموجود، پاسخ ۴۰۴ دارد.",
)
def request_detail(request, service_request_id: ServiceRequestId):
    places = places_of(request.auth)
    req = selectors.request_for_places(
        service_request_id,
        office_ids=places.office_ids,
        unit_ids=places.unit_ids,
        province_ids=places.province_ids,
    )
    req = _visible(request.auth).get(pk=req.pk)
    return Status(200, [open311_map.request_row(req)])
