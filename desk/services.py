"""Writes of the desk: intake, assignment, transitions, messages, responses, appointments and
feedback. Each function is keyword-only, runs in one transaction, raises a Persian
`ValidationError` and changes nothing when refused, and appends to the request's event log."""

import datetime as dt
import decimal
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.html import strip_tags

from accounts.models import Role
from accounts.selectors import roles_at
from catalogue.models import Channel, Service
from core.jalali import current_jalali_year
from core.text import normalize_text
from core.uploads import CheckedFile, check_upload
from desk import notices, selectors, tracking, uploads, workflow
from desk.models import (
    FEEDBACK_REASONS,
    Appointment,
    Decision,
    Document,
    Feedback,
    Message,
    RequestEvent,
    Response,
    ServiceRequest,
    State,
)
from orgs.models import CounterOffice, OrgUnit

Kind = RequestEvent.Kind
DEFAULT_TARGET_WORKING_DAYS = 10


# --- routing and intake ------------------------------------------------------------------------


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


def _new_tracking_code() -> str:
    year = current_jalali_year()
    for _ in range(20):
        code = tracking.generate(year)
        if not ServiceRequest.objects.filter(tracking_code=code).exists():
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
    twice)."""
    if applicant is None or not getattr(applicant, "pk", None):
        return []
    found, seen = [], set()
    candidates = Document.objects.filter(
        request__applicant=applicant, kind=Document.Kind.INTAKE, required_document__title=required.title
    ).order_by("-uploaded_at")[:20]
    for document in candidates:
        fits = uploads.format_of(document.content_type) in required.formats
        if fits and document.size <= required.max_size_bytes and document.sha256 not in seen:
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


def check_applicant_type(service: Service, applicant) -> None:
    person_type = getattr(applicant, "person_type", "natural")
    if person_type == "natural" and not service.for_natural_persons:
        raise ValidationError(
            "این خدمت فقط برای اشخاص حقوقی است؛ با حساب شرکت یا مؤسسه درخواست دهید.", code="applicant_type"
        )
    if person_type == "legal" and not service.for_legal_persons:
        raise ValidationError("این خدمت فقط برای اشخاص حقیقی است.", code="applicant_type")


def find_submitted(applicant, idempotency_key: str) -> ServiceRequest | None:
    """The request this applicant already filed with this form token, if any."""
    return ServiceRequest.objects.filter(applicant=applicant, idempotency_key=idempotency_key).first()


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
) -> tuple[ServiceRequest, bool]:
    """Accept a request and issue its tracking code in the same transaction.

    `files` maps RequiredDocument pk → upload. Returns (request, created): the same
    `idempotency_key` from the same applicant returns the first request instead of a second one.
    """
    if not idempotency_key or len(idempotency_key) > 64:
        raise ValidationError("فرم منقضی شده است؛ صفحه را دوباره باز کنید.", code="idempotency")
    existing = find_submitted(applicant, idempotency_key)
    if existing is not None:
        return existing, False
    if not service.is_active:
        raise ValidationError("این خدمت اکنون ارائه نمی‌شود.", code="inactive")
    if not _channel_allowed(service, channel):
        raise ValidationError("این خدمت از این مجرا ارائه نمی‌شود.", code="channel")
    check_applicant_type(service, applicant)
    checked = check_documents(service, files, applicant=applicant)
    province = (counter_office.province if counter_office else None) or (
        intake_unit.province if intake_unit else None
    )
    handling_unit = route_unit(service, province=province, unit=unit)
    now = timezone.now()
    try:
        with transaction.atomic():
            request = ServiceRequest(
                tracking_code=_new_tracking_code(),
                service=service,
                applicant=applicant,
                channel=channel,
                counter_office=counter_office,
                intake_unit=intake_unit,
                filed_by=actor if actor != applicant else None,
                unit=handling_unit,
                state=State.SUBMITTED,
                form_data={k: _json_value(v) for k, v in form_data.items()},
                idempotency_key=idempotency_key,
                target_working_days=service.target_working_days(timezone.localdate())
                or getattr(settings, "MIZ_DESK_DEFAULT_TARGET_DAYS", DEFAULT_TARGET_WORKING_DAYS),
                submitted_at=now,
                due_date=timezone.localdate(),
            )
            workflow.start_clock(request)
            request.save()
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
                    by=actor,
                    required_document=required,
                )
            notices.receipt(request)
    except IntegrityError:
        # The same form was submitted twice at once: the other submission won.
        existing = find_submitted(applicant, idempotency_key)
        if existing is None:
            raise
        return existing, False
    return request, True


def new_idempotency_key() -> str:
    return secrets.token_urlsafe(24)


# --- staff work --------------------------------------------------------------------------------


# Which of the roles a user holds for the request's unit names them in the event log.
_STAFF_ROLE_ORDER = (Role.UNIT_HEAD, Role.STAFF_EXPERT, Role.PROVINCE_MANAGER, Role.ADMINISTRATOR)
# Who may send a request to another unit: the head of the unit that owns it (or above it).
HEAD_ROLES = {Role.UNIT_HEAD, Role.PROVINCE_MANAGER, Role.ADMINISTRATOR}


def _role_at(user, unit) -> str:
    """The role `user` acts in at `unit`: one they hold there (or above it), never elsewhere."""
    held = roles_at(user, unit)
    return next((str(role) for role in _STAFF_ROLE_ORDER if role in held), "")


def _staff_role(user, request) -> str:
    return _role_at(user, request.unit)


def check_staff(user, request) -> None:
    """Refuse, in Persian, a staff action by someone who is not staff of the request's unit, or
    on a request that is their own or their company's (separation of duties). Every staff write
    below starts here."""
    if not selectors.is_unit_staff(user, request):
        raise ValidationError("شما کارشناس واحد رسیدگی‌کننده این درخواست نیستید.", code="not_staff")
    if reason := selectors.conflict_of_interest(user, request):
        raise ValidationError(reason, code="conflict_of_interest")


@transaction.atomic
def assign_expert(*, requests, expert, by, ip: str | None = None) -> int:
    """Assign each request (of the user's units) to an expert of its unit; returns how many."""
    count = 0
    for request in requests:
        check_staff(by, request)
        if request.state not in (State.SUBMITTED, State.ACCEPTED, State.IN_REVIEW, State.AWAITING_APPLICANT):
            raise ValidationError(
                f"درخواست {request.tracking_display} باز نیست و ارجاع نمی‌شود.", code="closed"
            )
        if not selectors.unit_staff(request.unit_id).filter(pk=expert.pk).exists():
            raise ValidationError(f"{expert} کارشناس واحد {request.unit} نیست.", code="expert_unit")
        if selectors.conflict_of_interest(expert, request):
            raise ValidationError(
                f"درخواست {request.tracking_display} به خود {expert} یا شرکت او مربوط است "
                "و به او ارجاع نمی‌شود.",
                code="conflict_of_interest",
            )
        ServiceRequest.objects.filter(pk=request.pk).update(assignee=expert)
        request.assignee = expert
        workflow.record(
            request,
            kind=Kind.ASSIGN_EXPERT,
            name="assign_expert",
            actor=by,
            actor_role=_staff_role(by, request),
            ip=ip,
            payload={"expert": expert.pk, "expert_name": expert.get_full_name()},
            public=False,
        )
        count += 1
    return count


@transaction.atomic
def transition(*, request, name: str, user, ip: str | None = None, note: str = "") -> RequestEvent:
    """A staff or applicant transition, with its authorisation and its notification."""
    spec = workflow.TRANSITIONS.get(name)
    if spec is None:
        raise ValidationError("عملیات ناشناخته است.", code="unknown_transition")
    if name == "applicant_answer":
        # The answer is a message (with the documents asked for): see post_message.
        raise ValidationError("برای پاسخ، پیام و مدارک خواسته‌شده را بفرستید.", code="answer_by_message")
    if spec.actor == workflow.STAFF:
        check_staff(user, request)
        role = _staff_role(user, request)
    elif not selectors.is_applicant(user, request):
        raise ValidationError("فقط خود متقاضی می‌تواند این کار را انجام دهد.", code="not_applicant")
    else:
        role = Role.APPLICANT
    note = normalize_text(strip_tags(note or "")).strip()
    if name in ("request_more", "reject") and not note:
        raise ValidationError("توضیح آن را برای متقاضی بنویسید.", code="note_required")
    event = workflow.apply(
        request,
        name,
        actor=user,
        actor_kind=spec.actor,
        actor_role=role,
        ip=ip,
        payload={"note": note} if note else {},
    )
    if name == "request_more":
        Message.objects.create(
            request=request,
            author=user,
            from_staff=True,
            asks_for_more=True,
            body=note,
            created_at=timezone.now(),
        )
        notices.more_needed(request, event.pk, note)
    elif name in ("approve", "reject"):
        notices.decision(request, State(request.state).label)
    elif name == "close":
        notices.survey(request)
    return event


# --- messages ----------------------------------------------------------------------------------


def clean_body(body: str) -> str:
    """Messages are plain text: markup is refused, not stored (templates escape it anyway)."""
    text = normalize_text(body or "").strip()
    if not text:
        raise ValidationError("متن پیام را بنویسید.", code="empty")
    if strip_tags(text) != text or ("<" in text and ">" in text):
        raise ValidationError(
            "پیام نمی‌تواند برچسب HTML یا اسکریپت داشته باشد؛ متن ساده بنویسید.", code="markup"
        )
    if len(text) > 5000:
        raise ValidationError("پیام بیش از ۵۰۰۰ نویسه است.", code="too_long")
    return text


@transaction.atomic
def post_message(
    *, request, author, body: str, files=(), internal: bool = False, ip: str | None = None
) -> Message:
    """A message (with attachments) from the applicant or staff, or a staff-only note.

    An applicant's message while the request awaits them is their answer: the clock resumes."""
    staff = selectors.can_work_on(author, request)
    applicant = selectors.is_applicant(author, request)
    if not (staff or applicant):
        conflict = selectors.conflict_of_interest(author, request)
        raise ValidationError(conflict or "شما نمی‌توانید در این درخواست پیام بفرستید.", code="forbidden")
    if internal and not staff:
        raise ValidationError("یادداشت داخلی فقط برای کارکنان است.", code="forbidden")
    if request.state in (State.CLOSED, State.WITHDRAWN):
        raise ValidationError("این درخواست بسته است و پیام تازه نمی‌پذیرد.", code="closed")
    text = clean_body(body)
    checked = []
    errors = []
    for upload in files:
        try:
            checked.append(
                check_upload(
                    upload,
                    formats=uploads.ATTACHMENT_FORMATS,
                    max_bytes=uploads.ATTACHMENT_MAX_BYTES,
                    title=getattr(upload, "name", "پیوست"),
                )
            )
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    from_staff = staff and not applicant
    message = Message.objects.create(
        request=request,
        author=author,
        from_staff=from_staff,
        internal=internal,
        body=text,
        created_at=timezone.now(),
    )
    for item in checked:
        _save_document(
            request=request, checked=item, kind=Document.Kind.ATTACHMENT, by=author, message=message
        )
    role = _staff_role(author, request) if from_staff else Role.APPLICANT
    workflow.record(
        request,
        kind=Kind.NOTE if internal else Kind.MESSAGE,
        name="note" if internal else "message",
        actor=author,
        actor_role=role,
        ip=ip,
        payload={"message": message.pk, "attachments": len(checked)},
        public=not internal,
    )
    if applicant and request.state == State.AWAITING_APPLICANT:
        workflow.apply(
            request,
            "applicant_answer",
            actor=author,
            actor_kind=workflow.APPLICANT,
            actor_role=role,
            ip=ip,
            payload={"message": message.pk},
        )
    elif from_staff and not internal:
        notices.staff_message(request, message.pk)
    return message


# --- electronic response -----------------------------------------------------------------------


@transaction.atomic
def issue_response(
    *, request, user, text: str, upload=None, ip: str | None = None, base_url: str = ""
) -> Response:
    """Record the response to a decided request: a generated PDF letter or certificate with a QR
    link to the public verification page, or an uploaded PDF; then `issue_response`."""
    check_staff(user, request)
    if request.state not in (State.APPROVED, State.REJECTED):
        raise ValidationError(
            "پاسخ فقط برای درخواست تأییدشده یا ردشده صادر می‌شود.", code="invalid_transition"
        )
    if hasattr(request, "response"):
        raise ValidationError("پاسخ این درخواست پیش‌تر صادر شده است.", code="duplicate")
    text = normalize_text(strip_tags(text or "")).strip()
    if not text:
        raise ValidationError("متن پاسخ را بنویسید.", code="empty")
    decision = Decision.APPROVED if request.state == State.APPROVED else Decision.REJECTED
    token = secrets.token_urlsafe(24)
    now = timezone.now()
    if upload is not None:
        checked = check_upload(
            upload, formats=uploads.RESPONSE_FORMATS, max_bytes=uploads.RESPONSE_MAX_BYTES, title="پاسخ خدمت"
        )
        generated = False
    else:
        from desk import pdf

        data = pdf.response_pdf(
            request=request, decision=decision, text=text, token=token, issued_at=now, base_url=base_url
        )
        checked = CheckedFile(
            original_name=f"response-{request.tracking_code}.pdf",
            data=data,
            format="pdf",
            content_type="application/pdf",
            sha256=__import__("hashlib").sha256(data).hexdigest(),
        )
        generated = True
    document = _save_document(request=request, checked=checked, kind=Document.Kind.RESPONSE, by=user)
    response = Response.objects.create(
        request=request,
        decision=decision,
        text=text,
        document=document,
        generated=generated,
        verification_token=token,
        issued_by=user,
        issued_at=now,
    )
    request.response = response
    workflow.apply(
        request,
        "issue_response",
        actor=user,
        actor_kind=workflow.STAFF,
        actor_role=_staff_role(user, request),
        ip=ip,
        payload={"document": document.pk, "generated": generated},
    )
    notices.response_ready(request)
    return response


@transaction.atomic
def record_response_download(*, request, user, ip: str | None = None) -> None:
    """The applicant took their response: log it, and the first time close the request."""
    if not selectors.is_applicant(user, request):
        return
    first = not request.events.filter(kind=Kind.DOWNLOAD).exists()
    workflow.record(
        request, kind=Kind.DOWNLOAD, name="download_response", actor=user, actor_role=Role.APPLICANT, ip=ip
    )
    if first and request.state == State.RESPONSE_ISSUED:
        workflow.apply(
            request,
            "close",
            actor=user,
            actor_kind=workflow.SYSTEM,
            actor_role=Role.APPLICANT,
            ip=ip,
            payload={"reason": "response_delivered"},
        )
        notices.survey(request)


# --- appointments ------------------------------------------------------------------------------


@transaction.atomic
def book_appointment(
    *,
    request,
    user,
    starts_at: dt.datetime,
    reason: str,
    documents_to_bring: str = "",
    unit: OrgUnit | None = None,
    counter_office: CounterOffice | None = None,
    ip: str | None = None,
) -> Appointment:
    """Staff book a visit at an in-person desk of a unit or at a counter office (never elsewhere)."""
    check_staff(user, request)
    if not request.is_open:
        raise ValidationError("برای درخواست بسته نوبت حضور رزرو نمی‌شود.", code="closed")
    if (unit is None) == (counter_office is None):
        raise ValidationError("محل حضور را یکی از میز خدمت حضوری یا دفتر پیشخوان برگزینید.", code="place")
    if counter_office is not None and not counter_office.is_active:
        raise ValidationError("این دفتر پیشخوان فعال نیست.", code="office_inactive")
    if starts_at <= timezone.now():
        raise ValidationError("زمان نوبت باید در آینده باشد.", code="past")
    from core.calendar import is_working_day

    if not is_working_day(timezone.localtime(starts_at).date()):
        raise ValidationError("روز نوبت تعطیل است؛ یک روز کاری برگزینید.", code="holiday")
    reason = normalize_text(strip_tags(reason or "")).strip()
    if not reason:
        raise ValidationError("دلیل حضور را بنویسید.", code="reason")
    slot = dt.timedelta(minutes=getattr(settings, "MIZ_DESK_SLOT_MINUTES", 30))
    taken = Appointment.objects.filter(
        status__in=[Appointment.Status.PROPOSED, Appointment.Status.CONFIRMED],
        starts_at__gt=starts_at - slot,
        starts_at__lt=starts_at + slot,
        unit=unit,
        counter_office=counter_office,
    ).exclude(request=request)
    if taken.exists():
        raise ValidationError(
            "این نوبت با نوبت دیگری در همین محل هم‌زمان است؛ زمان دیگری برگزینید.", code="slot"
        )
    request.appointments.filter(
        status__in=[Appointment.Status.PROPOSED, Appointment.Status.RESCHEDULE]
    ).update(status=Appointment.Status.CANCELLED)
    appointment = Appointment(
        request=request,
        unit=unit,
        counter_office=counter_office,
        starts_at=starts_at,
        reason=reason,
        documents_to_bring=normalize_text(strip_tags(documents_to_bring or "")).strip(),
        booked_by=user,
    )
    appointment.full_clean()
    appointment.save()
    workflow.record(
        request,
        kind=Kind.APPOINTMENT,
        name="book_appointment",
        actor=user,
        actor_role=_staff_role(user, request),
        ip=ip,
        payload={
            "appointment": appointment.pk,
            "starts_at": starts_at.isoformat(),
            "place": str(appointment.place),
        },
    )
    notices.appointment(request, appointment)
    return appointment


@transaction.atomic
def answer_appointment(
    *, appointment, user, confirm: bool, note: str = "", ip: str | None = None
) -> Appointment:
    request = appointment.request
    if not selectors.is_applicant(user, request):
        raise ValidationError("فقط متقاضی می‌تواند نوبت را تأیید کند.", code="not_applicant")
    if appointment.status != Appointment.Status.PROPOSED:
        raise ValidationError("این نوبت دیگر در انتظار پاسخ شما نیست.", code="not_proposed")
    note = normalize_text(strip_tags(note or "")).strip()
    if not confirm and not note:
        raise ValidationError("بنویسید چه زمانی برایتان مناسب است.", code="note_required")
    appointment.status = Appointment.Status.CONFIRMED if confirm else Appointment.Status.RESCHEDULE
    appointment.applicant_note = note[:500]
    appointment.save(update_fields=["status", "applicant_note"])
    workflow.record(
        request,
        kind=Kind.APPOINTMENT,
        name="confirm_appointment" if confirm else "ask_another_time",
        actor=user,
        actor_role=Role.APPLICANT,
        ip=ip,
        payload={"appointment": appointment.pk, "note": note},
    )
    return appointment


# --- feedback ----------------------------------------------------------------------------------


@transaction.atomic
def submit_feedback(
    *, request, user, score: int, reasons=(), comment: str = "", ip: str | None = None
) -> Feedback:
    if not selectors.is_applicant(user, request):
        raise ValidationError("فقط متقاضی می‌تواند به این درخواست نظر بدهد.", code="not_applicant")
    if request.state != State.CLOSED:
        raise ValidationError("نظرسنجی پس از بسته شدن درخواست باز می‌شود.", code="not_closed")
    if Feedback.objects.filter(request=request).exists():
        raise ValidationError("برای این درخواست پیش‌تر نظر داده‌اید.", code="duplicate")
    if not isinstance(score, int) or not 1 <= score <= 5:
        raise ValidationError("امتیاز باید از ۱ تا ۵ باشد.", code="score")
    known = {code for code, _ in FEEDBACK_REASONS}
    reasons = [r for r in reasons if r in known]
    feedback = Feedback.objects.create(
        request=request,
        score=score,
        reasons=reasons,
        comment=normalize_text(strip_tags(comment or "")).strip()[:2000],
        created_at=timezone.now(),
    )
    workflow.record(
        request,
        kind=Kind.FEEDBACK,
        name="feedback",
        actor=user,
        actor_role=Role.APPLICANT,
        ip=ip,
        payload={"score": score},
    )
    return feedback


# --- counter-office and in-person intake (D11) ---------------------------------------------------


# Rules other apps add on what a counter office may file (the counters app: a licence in good
# standing, P1, and the services delegated to the office, P2). Each check takes the office and the
# service (None before the service is known) and returns a Persian reason, or "" when allowed.
_counter_office_checks: list = []


def register_counter_office_check(check) -> None:
    if check not in _counter_office_checks:
        _counter_office_checks.append(check)


def counter_office_refusal(office: CounterOffice, service: Service | None = None) -> str:
    for check in _counter_office_checks:
        reason = check(office, service)
        if reason:
            return reason
    return ""


def check_intake_place(*, operator, counter_office=None, intake_unit=None, service=None) -> None:
    """Only an operator of an active counter office, or a desk clerk of the unit, files for others;
    a counter office also has to pass the registered checks (licence, delegated services)."""
    if counter_office is not None:
        if not selectors.operator_offices(operator).filter(pk=counter_office.pk).exists():
            raise ValidationError("شما کاربر فعال این دفتر پیشخوان نیستید یا دفتر فعال نیست.", code="place")
        reason = counter_office_refusal(counter_office, service)
        if reason:
            raise ValidationError(reason, code="office_refused")
    elif intake_unit is not None:
        if not selectors.clerk_units(operator).filter(pk=intake_unit.pk).exists():
            raise ValidationError("شما در میز خدمت حضوری این واحد کار نمی‌کنید.", code="place")
    else:
        raise ValidationError("محل پذیرش را برگزینید.", code="place")


def find_counter_applicant(*, national_code: str, mobile: str):
    """The account with this national code (its mobile must match), or None for a new person."""
    from accounts.models import User
    from core.validators import clean_mobile, clean_national_code

    national_code, mobile = clean_national_code(national_code), clean_mobile(mobile)
    user = User.objects.filter(national_code=national_code).first()
    if user is not None and user.mobile != mobile:
        raise ValidationError(
            "این شماره همراه با حساب این کد ملی نمی‌خواند؛ شماره ثبت‌شده متقاضی را وارد کنید.", code="mobile"
        )
    return user


def start_counter_intake(
    *, operator, national_code: str, mobile: str, counter_office=None, intake_unit=None, service=None
):
    """Check the place and the person, then send the applicant their one-time code."""
    from accounts.models import OneTimeCode
    from accounts.services import issue_code

    check_intake_place(
        operator=operator, counter_office=counter_office, intake_unit=intake_unit, service=service
    )
    find_counter_applicant(national_code=national_code, mobile=mobile)
    place = counter_office or intake_unit
    return issue_code(
        mobile=mobile,
        purpose=OneTimeCode.Purpose.COUNTER_INTAKE,
        intro=f"تأیید ثبت درخواست شما در {place}. این کد را فقط به متصدی همین محل بدهید.",
    )


def counter_intake(
    *,
    operator,
    service: Service,
    national_code: str,
    mobile: str,
    first_name: str = "",
    last_name: str = "",
    otp: str,
    form_data: dict,
    files: dict,
    idempotency_key: str,
    counter_office=None,
    intake_unit=None,
    ip: str | None = None,
) -> tuple[ServiceRequest, bool]:
    """File a request for an applicant confirmed by the one-time code sent to their mobile."""
    from accounts.models import Membership, OneTimeCode, User
    from accounts.services import verify_code

    check_intake_place(
        operator=operator, counter_office=counter_office, intake_unit=intake_unit, service=service
    )
    applicant = find_counter_applicant(national_code=national_code, mobile=mobile)
    if applicant is not None:
        existing = find_submitted(applicant, idempotency_key)
        if existing is not None:
            return existing, False
    # Refuse bad files before the code is spent, so the operator can fix them and resubmit.
    check_documents(service, files, applicant=applicant)
    route_unit(
        service,
        province=(counter_office or intake_unit).province if (counter_office or intake_unit) else None,
    )
    # Not inside a transaction: a wrong code must stay counted (accounts.services.verify_code).
    verify_code(mobile=mobile, purpose=OneTimeCode.Purpose.COUNTER_INTAKE, code=otp)
    with transaction.atomic():
        if applicant is None:
            first_name, last_name = (
                normalize_text(first_name or "").strip(),
                normalize_text(last_name or "").strip(),
            )
            if not first_name or not last_name:
                raise ValidationError("نام و نام خانوادگی متقاضی تازه را وارد کنید.", code="name")
            applicant = User.objects.create_user(
                national_code, mobile, None, first_name=first_name, last_name=last_name
            )
            Membership.objects.create(user=applicant, role=Role.APPLICANT)
        role = Role.COUNTER_OPERATOR if counter_office is not None else _role_at(operator, intake_unit)
        return submit_request(
            service=service,
            applicant=applicant,
            form_data=form_data,
            files=files,
            idempotency_key=idempotency_key,
            actor=operator,
            actor_role=role,
            channel=Channel.COUNTER if counter_office is not None else Channel.IN_PERSON,
            counter_office=counter_office,
            intake_unit=intake_unit,
            ip=ip,
        )


@transaction.atomic
def reassign_unit(*, request, unit: OrgUnit, by, ip: str | None = None) -> ServiceRequest:
    """A unit head (or administrator) sends an open request to another responsible unit; the
    expert assignment is cleared, since experts belong to units."""
    check_staff(by, request)
    if not HEAD_ROLES & roles_at(by, request.unit):
        raise ValidationError(
            "فقط رئیس واحد رسیدگی‌کننده می‌تواند درخواست را به واحد دیگری بفرستد.", code="not_head"
        )
    if not request.is_open:
        raise ValidationError("درخواست بسته به واحد دیگری فرستاده نمی‌شود.", code="closed")
    if unit.pk == request.unit_id:
        raise ValidationError("درخواست هم‌اکنون در همین واحد است.", code="same_unit")
    route_unit(request.service, unit=unit)  # refuses a unit that does not provide the service
    role = _staff_role(by, request)  # the role held where the request was
    ServiceRequest.objects.filter(pk=request.pk).update(unit=unit, assignee=None)
    request.unit, request.assignee = unit, None
    workflow.record(
        request,
        kind=Kind.ASSIGN_UNIT,
        name="assign_unit",
        actor=by,
        actor_role=role,
        ip=ip,
        payload={"unit": unit.pk, "unit_name": str(unit)},
    )
    return request
