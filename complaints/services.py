"""Writes of the complaints app: a complaint filed online, by a 1517 line operator for a caller
confirmed by SMS, or from a national complaint system's file (`complaints.imports`). All three
file a desk request of the complaint service through `desk.services.submit_request`."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.html import strip_tags

from accounts.models import Role
from catalogue.models import Channel
from complaints import routing, selectors
from complaints.models import Complaint, ComplaintSubject, Source
from core.text import normalize_text
from desk import services as desk
from desk.models import ServiceRequest

OWNER = desk.IntakeOwner(app="complaints", page="ثبت شکایت", url_name="complaints:file")
MAX_TEXT = 5000
PHONE_ROLE = "line_1517_operator"  # the event log's name for the 1517 operator


def clean_text(text: str) -> str:
    text = normalize_text(strip_tags(text or "")).strip()
    if not text:
        raise ValidationError("شرح شکایت را بنویسید.", code="text")
    if len(text) > MAX_TEXT:
        raise ValidationError("شرح شکایت بیش از ۵۰۰۰ نویسه است؛ کوتاه‌تر بنویسید.", code="text")
    return text


def check_subject(subject) -> ComplaintSubject:
    if not isinstance(subject, ComplaintSubject) or not subject.is_active:
        raise ValidationError("موضوع شکایت را از فهرست برگزینید.", code="subject")
    return subject


def _files(service, document) -> dict:
    if not document:
        return {}
    required = next(iter(service.documents.all()), None)
    if required is None:
        raise ValidationError("برای این شکایت پیوست پذیرفته نمی‌شود.", code="document")
    return {required.pk: document}


def _checked(*, subject, complained_unit, text: str, province=None):
    """Everything about the complaint that can be refused before anything is written."""
    service = selectors.complaint_service()
    check_subject(subject)
    text = clean_text(text)
    unit = routing.complaint_unit(service, complained_unit=complained_unit, province=province)
    return service, text, unit


def file_complaint(
    *,
    applicant,
    actor,
    subject: ComplaintSubject,
    complained_unit=None,
    text: str,
    document=None,
    idempotency_key: str,
    source: str = Source.ONLINE,
    actor_role: str = Role.APPLICANT,
    external_system: str = "",
    external_reference: str = "",
    received_on=None,
    province=None,
    ip: str | None = None,
) -> tuple[ServiceRequest, bool]:
    """File one complaint as a desk request; returns (request, created). The same
    `idempotency_key` from the same applicant returns the first complaint. `province` (a national
    system's complaint about no unit) routes it to that province (`routing.complaint_unit`)."""
    existing = desk.find_submitted(applicant, idempotency_key) if idempotency_key else None
    if existing is not None:
        return existing, False
    service, text, unit = _checked(
        subject=subject, complained_unit=complained_unit, text=text, province=province
    )
    form_data = {"subject": subject.title, "details": text, "against": str(complained_unit or "")}
    if province is not None:
        form_data["province"] = str(province)
    with transaction.atomic():
        request, created = desk.submit_request(
            service=service,
            applicant=applicant,
            form_data=form_data,
            files=_files(service, document),
            idempotency_key=idempotency_key,
            actor=actor,
            actor_role=actor_role,
            channel=Channel.ONLINE,
            unit=unit,
            ip=ip,
            owner=OWNER.app,
        )
        if created:
            complaint = Complaint(
                request=request,
                subject=subject,
                complained_unit=complained_unit,
                source=source,
                external_system=external_system,
                external_reference=external_reference,
                received_on=received_on,
            )
            complaint.full_clean(exclude=["request"])
            complaint.save()
    return request, created


# --- the 1517 line ----------------------------------------------------------------------------


def check_phone_operator(operator) -> None:
    if not operator.has_perm("complaints.file_by_phone"):
        raise ValidationError("ثبت شکایت تلفنی فقط کار اپراتوران ۱۵۱۷ است.", code="not_operator")


def start_phone_complaint(*, operator, national_code: str, mobile: str):
    """Check the operator and the caller, then SMS the caller the code they read back."""
    check_phone_operator(operator)
    return desk.send_applicant_code(
        national_code=national_code,
        mobile=mobile,
        intro="تأیید ثبت شکایت شما در تماس با ۱۵۱۷. این کد را فقط به اپراتور ۱۵۱۷ بگویید.",
    )


def phone_complaint(
    *,
    operator,
    national_code: str,
    mobile: str,
    first_name: str = "",
    last_name: str = "",
    otp: str,
    subject: ComplaintSubject,
    complained_unit=None,
    text: str,
    idempotency_key: str,
    ip: str | None = None,
) -> tuple[ServiceRequest, bool]:
    """File the caller's complaint once the code sent to their mobile is read back."""
    check_phone_operator(operator)
    caller = desk.find_counter_applicant(national_code=national_code, mobile=mobile)
    if caller is not None and (existing := desk.find_submitted(caller, idempotency_key)):
        return existing, False
    # Refuse a wrong subject, text, unit or a new caller's missing name before their code is spent.
    _checked(subject=subject, complained_unit=complained_unit, text=text)
    if caller is None and not (
        normalize_text(first_name or "").strip() and normalize_text(last_name or "").strip()
    ):
        raise ValidationError("نام و نام خانوادگی تماس‌گیرنده تازه را وارد کنید.", code="name")
    desk.confirm_applicant_code(mobile=mobile, otp=otp)
    with transaction.atomic():
        caller = desk.applicant_account(
            caller, national_code=national_code, mobile=mobile, first_name=first_name, last_name=last_name
        )
        return file_complaint(
            applicant=caller,
            actor=operator,
            actor_role=PHONE_ROLE,
            subject=subject,
            complained_unit=complained_unit,
            text=text,
            idempotency_key=idempotency_key,
            source=Source.LINE_1517,
            ip=ip,
        )
