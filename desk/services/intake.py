"""Online intake: routing to a unit, documents checked and reused, the request stored once per submission."""

import copy
import datetime as dt
import decimal
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import BooleanField, F, Func, Q, Subquery, prefetch_related_objects
from django.utils import timezone

from accounts.models import Role
from accounts.selectors import confirmed_companies, confirmed_company
from catalogue.models import Channel, Service
from core.gathering import gathered
from core.jalali import current_jalali_year
from core.prepared import Prepared
from core.registry import Registry
from core.uploads import check_upload
from desk import notices, search, tracking, uploads, workflow
from desk.models import (
    Document,
    RequestEvent,
    ServiceRequest,
    State,
)
from desk.services import alerts, payment
from orgs.models import CounterOffice, OrgUnit

Kind = RequestEvent.Kind


DEFAULT_TARGET_WORKING_DAYS = 10

# Services another app files through its own page, by catalogue area (the complaints app: area
# «شکایات و پاسخگویی», R8): area → IntakeOwner. `submit_request` refuses them from any other path
# (the generic form, a counter office, the API), so their own rules cannot be bypassed.
intake_owners = Registry("intake owners")


@dataclass(frozen=True)
class IntakeOwner:
    app: str  # what the owning app passes to `submit_request(owner=...)`
    page: str  # the Persian name of its page, for the refusal
    url_name: str  # where the generic apply page sends the applicant


def register_intake_owner(area: str, owner: IntakeOwner) -> None:
    intake_owners.register(area, owner)


def check_intake_owner(service: Service, owner: str = "") -> None:
    entry = intake_owners.get(service.area)
    if entry is not None and entry.app != owner:
        raise ValidationError(f"این خدمت از صفحه «{entry.page}» ثبت می‌شود.", code="intake_owner")


def units_for(service: Service) -> list[OrgUnit]:
    return [u for u in service.responsible_units.all() if u.is_active]


def route_unit(service: Service, *, province=None, unit: OrgUnit | None = None) -> OrgUnit:
    """The unit that handles a new request: the one chosen (if responsible), the directorate of
    the given province (if responsible), else the first responsible unit."""
    units = units_for(service)
    if not units:
        raise ValidationError("برای این خدمت هنوز واحد مسئولی تعیین نشده است؛ با پشتیبانی تماس بگیرید.")
    if unit is not None:
        if unit.pk not in {u.pk for u in units}:
            raise ValidationError("این واحد مسئول این خدمت نیست.", code="unit")
        return unit
    if province is not None:
        for candidate in units:
            if candidate.province_id == province.pk:
                return candidate
    return units[0]


def _json_value(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return format(value.normalize(), "f")
    return value


def _channel_allowed(service: Service, channel: str) -> bool:
    return {
        Channel.ONLINE: service.channel_online,
        Channel.COUNTER: service.channel_counter,
        Channel.IN_PERSON: service.channel_in_person,
    }.get(channel, False)


# Reads of every online filing, compiled once per process (decision 0127): the code's check, the
# form token's earlier request and the applicant's earlier files for each document of the form.
_CODE_TAKEN = Prepared(
    lambda code: ServiceRequest.objects.filter(tracking_code=code), ServiceRequest, code=str
)
_FILED_WITH_KEY = Prepared(
    lambda applicant_id, key: ServiceRequest.objects.filter(applicant_id=applicant_id, idempotency_key=key),
    ServiceRequest,
    applicant_id=int,
    key=str,
)
# Files are offered again from the applicant's most recent requests only: the read is bounded by
# this window (index `desk_request_applicant_recent`), not by how many requests they ever filed. A
# company that filed 7,400 requests made each form and filing sort all 7,592 of its matching files
# (10 ms of the database's time, twice a filing; issue 18).
EARLIER_FILES_WINDOW = 200


class _AmongIds(Func):
    """`column = ANY(ARRAY(subquery))` (PostgreSQL): the subquery runs once and each of its ids is
    looked up in the column's index, whatever the planner guesses of the rest of the query (with
    `IN (subquery)` it guessed few files of a title and read every file of that title, from every
    applicant, to keep the 200 requests' own)."""

    output_field = BooleanField()

    def as_sql(self, compiler, connection, **extra_context):
        column, subquery = self.get_source_expressions()
        column_sql, column_params = compiler.compile(column)
        subquery_sql, subquery_params = compiler.compile(subquery)
        return f"{column_sql} = ANY(ARRAY{subquery_sql})", (*column_params, *subquery_params)


def _earlier_files(applicant_id, title):
    recent = (
        ServiceRequest.objects.filter(applicant_id=applicant_id)
        .order_by("-submitted_at", "-id")
        .values("id")[:EARLIER_FILES_WINDOW]
    )
    if connection.vendor == "postgresql":
        in_recent = _AmongIds(F("request_id"), Subquery(recent))
    else:
        in_recent = Q(request_id__in=Subquery(recent))
    return Document.objects.filter(
        in_recent, kind=Document.Kind.INTAKE, required_document__title=title
    ).order_by("-uploaded_at")[:20]


_EARLIER_FILES = Prepared(_earlier_files, Document, applicant_id=int, title=str)


def _new_tracking_code() -> str:
    year = current_jalali_year()
    for _ in range(20):
        code = tracking.generate(year)
        if not _CODE_TAKEN.exists(code=code):
            return code
    raise RuntimeError("no free tracking code after 20 tries")  # pragma: no cover - 10^10 per year


def _save_document(*, request, checked, kind, by, required_document=None, message=None) -> Document:
    document = Document(
        request=request,
        kind=kind,
        required_document=required_document,
        message=message,
        original_name=checked.original_name,
        stored_name=uploads.store(checked),
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=by,
        uploaded_at=timezone.now(),
    )
    document.save()
    return document


def earlier_documents(applicant, required) -> list[Document]:
    """The applicant's earlier intake files for a document of the same title that fit this
    document's formats and size, newest first (D1: nothing the organisation holds is asked for
    twice), from their `EARLIER_FILES_WINDOW` most recent requests."""
    if applicant is None or not getattr(applicant, "pk", None):
        return []
    found, seen = [], set()
    formats, largest = required.formats, required.max_size_bytes  # parsed once, not once a file
    for document in _EARLIER_FILES.objects(applicant_id=applicant.pk, title=required.title):
        fits = uploads.format_of(document.content_type) in formats
        if fits and document.size <= largest and document.sha256 not in seen:
            seen.add(document.sha256)
            found.append(document)
    return found[:5]


def check_documents(service: Service, files: dict, *, applicant=None) -> list:
    """Check every upload against its RequiredDocument; refuse a missing required one.

    A value may also be one of the applicant's earlier files (`earlier_documents`): it is checked
    again and copied, so each request keeps its own files."""
    checked, errors = [], []
    for required in service.documents.all():
        upload = files.get(required.pk)
        if not upload:
            if required.required:
                errors.append(f"مدرک «{required.title}» بارگذاری نشده است.")
            continue
        try:
            if isinstance(upload, Document):
                if upload.pk not in {d.pk for d in earlier_documents(applicant, required)}:
                    raise ValidationError(
                        f"پرونده انتخاب‌شده برای «{required.title}» از آن شما نیست "
                        "یا برای این مدرک پذیرفته نیست."
                    )
                checked.append((required, uploads.reload(upload)))
                continue
            checked.append(
                (
                    required,
                    check_upload(
                        upload,
                        formats=required.formats,
                        max_bytes=required.max_size_bytes,
                        title=required.title,
                    ),
                )
            )
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    return checked


LEGAL_ONLY = (
    "این خدمت فقط برای اشخاص حقوقی است؛ آن را از طرف شرکتی درخواست دهید که عضویت شما در آن تأیید شده است. "
    "شرکت خود را با شناسه ملی آن در «حساب من» بیفزایید."
)
NATURAL_ONLY = "این خدمت فقط برای اشخاص حقیقی است؛ آن را از طرف خودتان درخواست دهید."
COMPANY_NOT_YOURS = (
    "عضویت شما در شرکت انتخاب‌شده تأیید نشده است؛ شرکت دیگری برگزینید یا در «حساب من» پیگیری کنید."
)


def check_applicant_type(service: Service, applicant, company=None) -> None:
    """The applicant may file this service: for `company` (their membership of it confirmed), or
    as themselves (a natural person, or an account of a legal person of the older kind)."""
    if company is not None:
        if not service.for_legal_persons:
            raise ValidationError(NATURAL_ONLY, code="applicant_type")
        if confirmed_company(applicant, company.pk) is None:
            raise ValidationError(COMPANY_NOT_YOURS, code="company")
        return
    person_type = getattr(applicant, "person_type", "natural")
    if person_type == "natural" and not service.for_natural_persons:
        raise ValidationError(LEGAL_ONLY, code="applicant_type")
    if person_type == "legal" and not service.for_legal_persons:
        raise ValidationError(NATURAL_ONLY, code="applicant_type")


def applicant_type_refusal(service: Service, user) -> str:
    """Before the form: why this person cannot file the service at all, neither as themselves nor
    for one of their confirmed companies, or "" when they can."""
    try:
        check_applicant_type(service, user)
    except ValidationError as exc:
        if service.for_legal_persons and confirmed_companies(user).exists():
            return ""
        return exc.messages[0]
    return ""


def find_submitted(applicant, idempotency_key: str) -> ServiceRequest | None:
    """The request this applicant already filed with this form token, if any."""
    if applicant is None or applicant.pk is None:
        return None  # a request always has its applicant: none was filed by nobody
    return _FILED_WITH_KEY.first_object(applicant_id=applicant.pk, key=idempotency_key)


def submit_request(
    *,
    service: Service,
    applicant,
    form_data: dict,
    files: dict,
    idempotency_key: str,
    actor,
    actor_role: str = Role.APPLICANT,
    channel: str = Channel.ONLINE,
    counter_office: CounterOffice | None = None,
    intake_unit: OrgUnit | None = None,
    unit: OrgUnit | None = None,
    ip: str | None = None,
    owner: str = "",
    company=None,
    checked_documents: list | None = None,
    key_unused: bool = False,
) -> tuple[ServiceRequest, bool]:
    """Accept a request and issue its tracking code in the same transaction.

    `company`: the `accounts.Company` the applicant files for (their membership confirmed), or
    None for themselves. `files` maps RequiredDocument pk → upload; `checked_documents`, what
    `check_documents(service, files, applicant=applicant)` already returned for them in this
    filing, spares reading and checking every file twice. Returns (request, created): the same
    `idempotency_key` from the same applicant returns the first request instead of a second one.
    `key_unused`: the caller looked the key up in this filing and no request had it, so it is not
    looked up again (a twin filed since is still caught by the unique constraint, below).
    """
    if not idempotency_key or len(idempotency_key) > 64:
        raise ValidationError("فرم منقضی شده است؛ صفحه را دوباره باز کنید.", code="idempotency")
    existing = None if key_unused else find_submitted(applicant, idempotency_key)
    if existing is not None:
        return existing, False
    if not service.is_active:
        raise ValidationError("این خدمت اکنون ارائه نمی‌شود.", code="inactive")
    check_intake_owner(service, owner)
    if not _channel_allowed(service, channel):
        raise ValidationError("این خدمت از این مجرا ارائه نمی‌شود.", code="channel")
    check_applicant_type(service, applicant, company)
    checked = (
        checked_documents
        if checked_documents is not None
        else check_documents(service, files, applicant=applicant)
    )
    province = (counter_office.province if counter_office else None) or (
        intake_unit.province if intake_unit else None
    )
    handling_unit = route_unit(service, province=province, unit=unit)
    now = timezone.now()
    answer_target, first_target = _targets(service, handling_unit, timezone.localtime(now).date())
    try:
        # The summary's receivers gather the filing's additions and write them once (decision 0128).
        with transaction.atomic(), gathered():
            request = ServiceRequest(
                tracking_code=_new_tracking_code(),
                service=service,
                applicant=applicant,
                company=company,
                channel=channel,
                counter_office=counter_office,
                intake_unit=intake_unit,
                filed_by=actor if actor != applicant else None,
                unit=handling_unit,
                state=State.SUBMITTED,
                form_data={k: _json_value(v) for k, v in form_data.items()},
                idempotency_key=idempotency_key,
                target_working_days=answer_target,
                first_response_target=first_target,
                submitted_at=now,
                due_date=timezone.localdate(),
            )
            workflow.start_clock(request)
            request.save()
            search.refresh(request, new=True)
            workflow.record(
                request,
                kind=Kind.TRANSITION,
                name="submit",
                actor=actor,
                actor_role=actor_role,
                ip=ip,
                to_state=State.SUBMITTED,
                payload={"channel": channel, "place": str(request.place or "")},
            )
            workflow.record(
                request,
                kind=Kind.ASSIGN_UNIT,
                name="assign_unit",
                ip=ip,
                payload={"unit": handling_unit.pk, "unit_name": str(handling_unit)},
            )
            for required, item in checked:
                _save_document(
                    request=request,
                    checked=item,
                    kind=Document.Kind.INTAKE,
                    # A client system files with no person behind it (actor None): the applicant's.
                    by=actor or applicant,
                    required_document=required,
                )
            notices.receipt(request)
            payment.charge_if_due(request, ip=ip)
            alerts.new_request(request, filed=True)
    except IntegrityError:
        # The same form was submitted twice at once: the other submission won.
        existing = find_submitted(applicant, idempotency_key)
        if existing is None:
            raise
        return existing, False
    return request, True


def _targets(service: Service, unit: OrgUnit, day: dt.date) -> tuple[int, int | None]:
    """The answer's and the first response's targets (working days) of the SLA in force on `day`,
    the handling unit's province's own version when it has one (C3, decision 0089); the
    agreements read once (on a copy: the caller's service keeps what it had prefetched)."""
    service = copy.copy(service)
    service._prefetched_objects_cache = dict(getattr(service, "_prefetched_objects_cache", {}))
    prefetch_related_objects([service], "agreements")
    province_id = unit.province_id_above()
    answer = service.target_working_days(day, province_id=province_id) or getattr(
        settings, "MIZ_DESK_DEFAULT_TARGET_DAYS", DEFAULT_TARGET_WORKING_DAYS
    )
    agreement = service.agreement_in_force(day, province_id=province_id)
    return answer, agreement.response_working_days if agreement else None


def new_idempotency_key() -> str:
    return secrets.token_urlsafe(24)
