"""Write API of the desk for client systems (E7, issue 15 item 2): a counter-office association's
software files a request for an applicant, confirmed by the applicant's one-time code exactly as
the counter office's intake page does (`services.start_counter_intake`, `services.counter_intake`),
and then posts messages and documents and withdraws it for the applicant
(`services.post_message`, `services.transition`). The same rules, checks and events as the
pages; a refusal is Persian `{"detail"}` and changes nothing.

- `requests:file`: `POST /intake/start` (sends the code), `POST /intake/file` (multipart: the
  code, the form's answers as a JSON object, `client_key`, a file per required document).
- `requests:write`: `POST /requests/{code}/messages`, `/documents` (multipart), `/withdraw`, for a
  request filed at one of the client's counter offices (404 for any other)."""

import json
import re
from typing import Annotated

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from ninja import Field, File, Form, Router, Schema
from ninja.files import UploadedFile
from ninja.responses import Status
from pydantic import ConfigDict

from apiclients.auth import AUTH_ERRORS, RETRY_AFTER_DEFAULT, ClientBearer, TooManyRequests, errors
from catalogue.forms import build_application_form, document_field_name
from catalogue.models import Service
from core.policy import client_ip
from core.prepared import Prepared
from core.text import normalize_digits, normalize_identifier, normalize_text
from core.validators import clean_national_code
from desk import selectors, services, uploads
from desk.api import RequestOut, TrackingCode, request_out
from desk.models import ServiceRequest
from orgs.models import CounterOffice, Province

router = Router(tags=["desk-intake"])

CLIENT_KEY = re.compile(r"[A-Za-z0-9._:-]{8,48}")
# The refusals that are not about the input itself.
STATUS_OF_CODE = {"place": 403, "office_refused": 403, "otp_throttled": 429, "otp_daily_limit": 429}
NOT_HERE = "درخواستی با این کد رهگیری در دفترهای این سامانه یافت نشد."
WRITE_ERRORS = {**errors(400, 404, 409, 413, 422), **AUTH_ERRORS}

# The bytes of files each endpoint that takes files accepts (by url name; miz.api.urls): a whole
# application's documents, or one attachment.
FILE_BYTES = {
    "api_desk_intake_file": lambda request, *args, **kwargs: uploads.largest_application_bytes(),
    "api_desk_request_document": uploads.ATTACHMENT_MAX_BYTES,
}


APPLICANT_EXAMPLE = {
    "service_id": "10031940000",
    "office": "1108-40-72",
    "national_code": "0084575948",
    "mobile": "09121234567",
}
FILE_EXAMPLE = {
    **APPLICANT_EXAMPLE,
    "otp": "482913",
    "client_key": "assoc-2026-000123",
    "answers": '{"product_name": "کاشی", "made_on": "1404/01/15"}',
    "first_name": "رضا",
    "last_name": "کشاورز",
}


class StartIn(Schema):
    """متقاضی و خدمتی که دفتر پیشخوان برای او درخواست ثبت می‌کند."""

    model_config = ConfigDict(json_schema_extra={"examples": [APPLICANT_EXAMPLE]})

    service_id: str = Field(description="شناسه ملی ۱۱ رقمی خدمت.", examples=["10031940000"])
    office: str = Field(
        description="کد دفتر پیشخوانی از دفترهای این سامانه.",
        examples=["1108-40-72"],
    )
    national_code: str = Field(description="کد ملی ۱۰ رقمی متقاضی.", examples=["0084575948"])
    mobile: str = Field(
        description="شماره همراه متقاضی؛ کد تأیید به آن پیامک می‌شود.", examples=["09121234567"]
    )


class DetailOut(Schema):
    """پاسخ کاری که انجام شد، با یک جمله فارسی."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"detail": "کد تأیید به شماره همراه متقاضی پیامک شد."}]}
    )

    detail: str = Field(
        description="آنچه انجام شد، به فارسی.", examples=["کد تأیید به شماره همراه متقاضی پیامک شد."]
    )


class FileIn(StartIn):
    """فرم ثبت درخواست برای متقاضی (multipart/form-data)؛ هر مدرک بخشی به نام `document_<id>`."""

    model_config = ConfigDict(json_schema_extra={"examples": [FILE_EXAMPLE]})

    otp: str = Field(description="کد شش‌رقمی که به همراه متقاضی پیامک شد.", examples=["482913"])
    client_key: str = Field(
        description=(
            "کلید یکتای این درخواست در این سامانه (۸ تا ۴۸ نویسه از A-Z a-z 0-9 . _ : -)؛ تکرار امن است."
        ),
        examples=["assoc-2026-000123"],
    )
    answers: str = Field(
        "{}",
        description="شیء JSON پاسخ فیلدهای فرم خدمت به نام هر فیلد؛ تاریخ‌ها شمسی مانند 1404/01/31.",
        examples=['{"product_name": "کاشی"}'],
    )
    first_name: str = Field(
        "",
        description="نام متقاضی (برای متقاضی تازه لازم است).",
        examples=["رضا"],
    )
    last_name: str = Field(
        "", description="نام خانوادگی متقاضی (برای متقاضی تازه لازم است).", examples=["کشاورز"]
    )


Document = Annotated[UploadedFile, File(description="پرونده مدرک: PDF، JPEG یا PNG تا ۵ مگابایت.")]

# The filing form as multipart: any further part is a document, `document_<id>` (its id in the
# service's form), so a generated client sends its files by that name.
FILE_FORM_SCHEMA = {
    **FileIn.model_json_schema(),
    "additionalProperties": {
        "type": "string",
        "format": "binary",
        "description": "پرونده هر مدرک با نام `document_<id>` (شناسه مدرک در فرم خدمت).",
    },
}


class MessageIn(Schema):
    """پیام متقاضی."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"body": "برچسب کالا پیوست شد."}]})

    body: str = Field(
        description="متن ساده، بی برچسب HTML، تا ۵۰۰۰ نویسه.", examples=["برچسب کالا پیوست شد."]
    )


class DocumentIn(Schema):
    """متن پیامی که مدرک پیوست آن است."""

    body: str = Field(
        "",
        description="متن پیام (اختیاری؛ تهی: «مدرک پیوست: <نام پرونده>»).",
        examples=[""],
    )


class WithdrawIn(Schema):
    """انصراف متقاضی."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"note": "متقاضی از درخواست منصرف شد."}]},
    )

    note: str = Field(
        "",
        description="یادداشت انصراف (اختیاری).",
        examples=["متقاضی از درخواست منصرف شد."],
    )


def refusal_status(exc: ValidationError, default: int = 422) -> int:
    """The HTTP status of a service's refusal (`default` when it is about the input); a throttle
    is raised as `TooManyRequests` with its wait, which miz.api sends as Retry-After."""
    errors = getattr(exc, "error_list", [exc])
    codes = {getattr(e, "code", None) for e in errors}
    status = next((STATUS_OF_CODE[c] for c in codes if c in STATUS_OF_CODE), default)
    if status == 429:
        waits = [(e.params or {}).get("retry_after", 0) for e in errors]
        raise TooManyRequests(" ".join(exc.messages), max(waits) or RETRY_AFTER_DEFAULT)
    return status


def refusal(exc: ValidationError) -> Status:
    return Status(refusal_status(exc), {"detail": " ".join(exc.messages)})


def idempotency_key_of(client_id: int, client_key: str) -> str:
    """The request's idempotency key for a client's `client_key`: its own per client, so two
    systems' keys never meet; at most 64 characters (`ServiceRequest.idempotency_key`)."""
    if not isinstance(client_key, str) or not CLIENT_KEY.fullmatch(client_key):
        raise ValidationError(
            "«client_key» باید ۸ تا ۴۸ نویسه از حروف لاتین، رقم و ._:- باشد.", code="client_key"
        )
    return f"api-{client_id}-{client_key}"


def filing_offices(client):
    """The counter offices a client files at: its own, and every office of its provinces (the
    offices of `places_of`, in one query of subqueries)."""
    return _filing_offices(client.pk)


def _filing_offices(client_id: int):
    return CounterOffice.objects.filter(
        Q(pk__in=CounterOffice.objects.filter(api_clients=client_id).values("pk"))
        | Q(province_id__in=Province.objects.filter(api_clients=client_id).values("pk"))
    )


# The client's office of a code with what the office checks read: asked at both filing calls,
# compiled once per set of reads (decision 0127).
_client_office_queries: dict[tuple[str, ...], Prepared] = {}


def _client_office_query(reads: tuple[str, ...]) -> Prepared:
    if reads not in _client_office_queries:
        _client_office_queries[reads] = Prepared(
            lambda client_id, code: (
                _filing_offices(client_id).select_related("province", *reads).filter(code=code).order_by("pk")
            ),
            CounterOffice,
            client_id=int,
            code=str,
        )
    return _client_office_queries[reads]


# The service alone (sending the code) and the request of a client_key: asked at every filing,
# compiled once (decision 0127).
_SERVICE = Prepared(
    lambda service_id: Service.objects.active().filter(service_id=service_id), Service, service_id=str
)
_EARLIER = Prepared(
    lambda idempotency_key: ServiceRequest.objects.filter(idempotency_key=idempotency_key).select_related(
        "applicant"
    ),
    ServiceRequest,
    idempotency_key=str,
)


def filing_service(service_id: str, *, with_form: bool = True) -> Service:
    """The active service of this id with its filing definition (form, documents, steps, units
    and SLA versions) from the one cache the web form reads too (`desk.selectors.published_service`,
    keyed by the service's version); `with_form=False`: the service alone, all that sending the
    applicant's code asks."""
    if with_form:
        service = selectors.published_service(service_id)
    else:
        service = _SERVICE.first_object(service_id=normalize_identifier(service_id))
    if service is None:
        raise Http404("خدمتی با این شناسه ارائه نمی‌شود.")
    return service


def client_office(client, code: str) -> tuple[CounterOffice | None, frozenset[int]]:
    """The client's office of this code (None when it is not one of them) with its province, and
    the ids of the client's offices the filing may name: that one alone, since the service's
    place check only asks whether the filing's office is among them."""
    office = _client_office_query(tuple(services.office_reads())).first_object(
        client_id=client.pk, code=normalize_digits(normalize_text(code or "")).strip()
    )
    return office, frozenset() if office is None else frozenset({office.pk})


@router.post(
    "/intake/start",
    auth=ClientBearer("requests:file"),
    response={202: DetailOut, **WRITE_ERRORS},
    summary="شروع ثبت درخواست برای متقاضی: پیامک کد تأیید به همراه متقاضی",
    description=(
        "همان گام نخست پذیرش در دفتر پیشخوان: دفتر (`office`، کد دفتر) باید از دفترهای این سامانه "
        "باشد، خدمت از مجرای دفتر پیشخوان ارائه شود و شماره همراه با حساب کد ملی بخواند. کد شش‌رقمی "
        "به همراه متقاضی پیامک می‌شود و متقاضی آن را به متصدی می‌دهد. دسترسی لازم: `requests:file`."
    ),
)
def intake_start(request, payload: StartIn):
    service = filing_service(payload.service_id, with_form=False)
    office, office_ids = client_office(request.auth, payload.office)
    try:
        services.start_counter_intake(
            operator=None,
            national_code=payload.national_code,
            mobile=payload.mobile,
            counter_office=office,
            service=service,
            client_office_ids=office_ids,
        )
    except ValidationError as exc:
        return refusal(exc)
    return Status(202, {"detail": "کد تأیید به شماره همراه متقاضی پیامک شد."})


def _answers(service: Service, text: str, uploads) -> tuple[dict, dict]:
    """The form's answers and documents checked by the service's own application form."""
    try:
        answers = json.loads(text or "{}")
    except ValueError as exc:
        raise ValidationError("«answers» باید یک شیء JSON باشد.", code="answers_json") from exc
    if not isinstance(answers, dict) or any(isinstance(v, dict) for v in answers.values()):
        raise ValidationError("«answers» باید یک شیء JSON از نام فیلد به مقدار باشد.", code="answers_type")
    data = {name: value if isinstance(value, list) else str(value) for name, value in answers.items()}
    return checked_answers(service, data, uploads)


def checked_answers(service: Service, data: dict, uploads) -> tuple[dict, dict]:
    """Answers (field name → text) and uploads checked by the service's own application form:
    the cleaned form data and the documents by their `RequiredDocument` id."""
    form = build_application_form(service, include_documents=True)(data, uploads)
    if not form.is_valid():
        problems = [
            f"«{form.fields[name].label if name in form.fields else name}»: {' '.join(errors)}"
            for name, errors in form.errors.items()
        ]
        raise ValidationError("؛ ".join(problems), code="answers")
    fields = {item.name for item in service.fields.all()}
    form_data = {name: value for name, value in form.cleaned_data.items() if name in fields}
    files = {}
    for document in service.documents.all():
        upload = form.cleaned_data.get(document_field_name(document))
        if upload:
            files[document.pk] = upload
    return form_data, files


@router.post(
    "/intake/file",
    auth=ClientBearer("requests:file"),
    url_name="api_desk_intake_file",
    openapi_extra={"requestBody": {"content": {"multipart/form-data": {"schema": FILE_FORM_SCHEMA}}}},
    response={200: RequestOut, 201: RequestOut, **WRITE_ERRORS},
    summary="ثبت درخواست برای متقاضی با کد تأیید او (تکرار با همان client_key همان درخواست را برمی‌گرداند)",
    description=(
        "multipart/form-data: همان داده‌های گام نخست به‌علاوه `otp` (کد پیامک‌شده به متقاضی)، "
        "`client_key` (۸ تا ۴۸ نویسه از حروف لاتین، رقم و `._:-`، یکتا برای هر درخواستِ این "
        "سامانه)، `answers` (شیء JSON پاسخ فیلدهای فرم خدمت، تاریخ‌ها شمسی مانند `1404/01/31`) و "
        "برای هر مدرک پرونده‌ای با نام `document_<id>` (شناسه مدرک در فرم خدمت). پاسخ ۲۰۱ درخواست "
        "تازه است و ۲۰۰ همان درخواستی که پیش‌تر با این `client_key` ثبت شد؛ همان `client_key` برای "
        "متقاضی یا خدمت دیگر ۴۰۹ است. متقاضی تازه نام و نام خانوادگی می‌خواهد."
    ),
)
def intake_file(request, payload: Form[FileIn]):
    client = request.auth
    try:
        key = idempotency_key_of(client.pk, payload.client_key)
    except ValidationError as exc:
        return refusal(exc)
    service = filing_service(payload.service_id)
    office, office_ids = client_office(client, payload.office)
    try:
        earlier = _EARLIER.first_object(idempotency_key=key)
        if earlier is not None and (
            earlier.service_id != service.pk
            or earlier.applicant.national_code != clean_national_code(payload.national_code)
        ):
            return Status(409, {"detail": "این client_key پیش‌تر برای درخواست دیگری به کار رفته است."})
        form_data, files = _answers(service, payload.answers, request.FILES)
        req, created = services.counter_intake(
            operator=None,
            service=service,
            national_code=payload.national_code,
            mobile=payload.mobile,
            first_name=payload.first_name,
            last_name=payload.last_name,
            otp=payload.otp,
            form_data=form_data,
            files=files,
            idempotency_key=key,
            counter_office=office,
            ip=client_ip(request),
            client_office_ids=office_ids,
            submitted=earlier,  # this client_key's request, looked up once above
        )
    except ValidationError as exc:
        return refusal(exc)
    return Status(201 if created else 200, request_out(req, new=created))


def _own_request(request, code: str) -> ServiceRequest:
    """A request filed at one of the client's counter offices (404 for any other)."""
    office_ids = frozenset(filing_offices(request.auth).values_list("pk", flat=True))
    req = selectors.request_for_places(code, office_ids=office_ids, unit_ids=(), province_ids=())
    if req.counter_office_id not in office_ids:
        raise Http404(NOT_HERE)
    return req


def _for_applicant(request, code: str, act) -> Status:
    """`act(req, ip)` on the client's own request, answered with the request as it then stands;
    a refusal is its Persian answer."""
    req = _own_request(request, code)
    try:
        act(req, client_ip(request))
    except ValidationError as exc:
        return refusal(exc)
    req.refresh_from_db()
    return Status(200, request_out(req))


@router.post(
    "/requests/{code}/messages",
    auth=ClientBearer("requests:write"),
    response={200: RequestOut, **WRITE_ERRORS},
    summary="پیام متقاضی در درخواستی که در دفترهای این سامانه ثبت شده است",
    description=(
        "متن ساده، بی برچسب HTML، تا ۵۰۰۰ نویسه. پاسخ متقاضی به «در انتظار متقاضی» زمان را از سر می‌گیرد. "
        "درخواستی که در دفترهای این سامانه ثبت نشده ۴۰۴ است. دسترسی لازم: `requests:write`."
    ),
)
def post_message(request, code: TrackingCode, payload: MessageIn):
    return _for_applicant(
        request,
        code,
        lambda req, ip: services.post_message(request=req, author=req.applicant, body=payload.body, ip=ip),
    )


@router.post(
    "/requests/{code}/documents",
    auth=ClientBearer("requests:write"),
    url_name="api_desk_request_document",
    response={200: RequestOut, **WRITE_ERRORS},
    summary="مدرکی از متقاضی (پیوست پیام) در درخواستی که در دفترهای این سامانه ثبت شده است",
    description=(
        "multipart/form-data: `file` (PDF، JPEG یا PNG تا ۵ مگابایت) و `body` (متن پیام، اختیاری). "
        "دسترسی لازم: `requests:write`."
    ),
    openapi_extra={
        "requestBody": {
            "content": {
                "multipart/form-data": {
                    "schema": {"description": "مدرک متقاضی و متن پیامی که آن را همراهی می‌کند."},
                    "example": {"file": "(label.pdf)", "body": "برچسب کالا"},
                }
            }
        }
    },
)
def post_document(request, code: TrackingCode, file: Document, payload: Form[DocumentIn]):
    body = payload.body.strip() or f"مدرک پیوست: {file.name}"
    return _for_applicant(
        request,
        code,
        lambda req, ip: services.post_message(
            request=req, author=req.applicant, body=body, files=[file], ip=ip
        ),
    )


@router.post(
    "/requests/{code}/withdraw",
    auth=ClientBearer("requests:write"),
    response={200: RequestOut, **WRITE_ERRORS},
    summary="انصراف متقاضی از درخواستی که در دفترهای این سامانه ثبت شده است",
    description=(
        "درخواست به «انصراف متقاضی» می‌رود و بسته می‌شود؛ انصراف دوباره یا انصراف از درخواست بسته ۴۲۲ است. "
        "دسترسی لازم: `requests:write`."
    ),
)
def withdraw(request, code: TrackingCode, payload: WithdrawIn):
    return _for_applicant(
        request,
        code,
        lambda req, ip: services.transition(
            request=req, name="withdraw", user=req.applicant, ip=ip, note=payload.note
        ),
    )
