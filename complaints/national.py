"""Landing a complaint from a national complaint system (سامد/۱۱۱، سینا، دادور) — one function that
the staff's file import (`complaints.imports`), the systems' push (`complaints.api`) and Miz's pull
(`complaints.pull`) all call, so the three check and file exactly alike.

Once each: a complaint is known by its (system, reference). One already on file is returned, not
filed again, whoever sends it and however often; two identical pushes at the same moment file one
complaint (the loser of the race meets a unique constraint, rolls back its savepoint and returns the
winner's; see `land`). Values arrive as text, as a CSV cell or a JSON string would carry them; each
refusal is a Persian `ValidationError`, and nothing is written then."""

import datetime as dt
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from complaints import selectors, services
from complaints.models import Complaint, Source
from core.jalali import parse_date
from core.text import normalize_digits, normalize_text
from core.validators import clean_mobile, clean_national_code
from desk import services as desk
from orgs.models import OrgUnit, Province

MAX_REFERENCE = 40
ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?")
# The event log's name for a complaint a national system pushed or Miz pulled (no person filed it).
SYSTEM_ROLE = "national_complaint_system"


@dataclass(frozen=True)
class Incoming:
    """One complaint as a national system sends it (every value text; blanks where not given)."""

    system: str  # an `ExternalSystem` code
    reference: str
    national_code: str
    mobile: str
    first_name: str
    last_name: str
    subject: str  # a subject's title
    text: str
    unit: str = ""  # the code of the unit complained about
    province: str = ""  # ISO code (IR-23) or name of the province the complaint concerns
    received: str = ""  # the date the system received it: Jalali (1404/08/01) or ISO (2025-10-23)


def clean_reference(value: str) -> str:
    """The system's reference as typed, in ASCII digits and without spaces."""
    reference = "".join(normalize_digits(normalize_text(str(value or ""))).split())
    if not reference or len(reference) > MAX_REFERENCE:
        raise ValidationError("شماره پیگیری سامانه ملی خالی یا بیش از ۴۰ نویسه است.", code="reference")
    return reference


def on_file(system: str, reference: str) -> Complaint | None:
    """The complaint already landed with this (system, reference), if any."""
    return (
        Complaint.objects.select_related("request__applicant")
        .filter(external_system=system, external_reference=reference)
        .first()
    )


def subject_of(value: str):
    title = normalize_text(str(value or "")).strip()
    subject = selectors.active_subjects().filter(title=title).first()
    if subject is None:
        raise ValidationError(f"موضوع «{value}» در فهرست موضوعات شکایت نیست.", code="subject")
    return subject


def unit_of(value: str):
    if not value:
        return None
    unit = OrgUnit.objects.filter(code__iexact=normalize_digits(value).strip(), is_active=True).first()
    if unit is None:
        raise ValidationError(f"واحدی با کد «{value}» نیست.", code="unit")
    return unit


def province_of(value: str):
    if not value:
        return None
    text = normalize_text(normalize_digits(value)).strip()
    province = Province.objects.filter(Q(code__iexact=text) | Q(name=text)).first()
    if province is None:
        raise ValidationError(
            f"استانی با کد یا نام «{value}» نیست؛ کد ISO مانند IR-23 یا نام استان را بفرستید.",
            code="province",
        )
    return province


def received_on(value: str, *, today: dt.date | None = None) -> dt.date | None:
    """The day the system received the complaint: ISO (`2025-10-23`, a time after it ignored) or
    Jalali (`1404/08/01`, Persian digits too); never after today."""
    text = normalize_digits(normalize_text(str(value or ""))).strip()
    if not text:
        return None
    iso = ISO_DATE.fullmatch(text)
    if iso and int(iso.group(1)) >= 1700:
        try:
            day = dt.date(*(int(g) for g in iso.groups()))
        except ValueError as exc:
            raise ValidationError(f"تاریخ دریافت «{value}» وجود ندارد.", code="received") from exc
    else:
        day = parse_date(text)
    if day > (today or timezone.localdate()):
        raise ValidationError("تاریخ دریافت شکایت از امروز گذشته است.", code="received")
    return day


def _checked(incoming: Incoming) -> dict:
    """Every value checked; all the refusals together in one Persian `ValidationError`."""
    errors, values = [], {}
    for name, check in (
        ("national_code", lambda: clean_national_code(incoming.national_code)),
        ("mobile", lambda: clean_mobile(incoming.mobile)),
        ("subject", lambda: subject_of(incoming.subject)),
        ("unit", lambda: unit_of(incoming.unit)),
        ("province", lambda: province_of(incoming.province)),
        ("received", lambda: received_on(incoming.received)),
    ):
        try:
            values[name] = check()
        except ValidationError as exc:
            errors.extend(exc.messages)
    unit, province = values.get("unit"), values.get("province")
    if unit is not None and province is not None and unit.province_id_above() != province.pk:
        errors.append(f"واحد «{unit}» در استان «{province}» نیست.")
    if errors:
        raise ValidationError(errors)
    return values


def _file(incoming: Incoming, reference: str, *, actor, actor_role: str, ip):
    values = _checked(incoming)
    applicant = desk.find_counter_applicant(national_code=values["national_code"], mobile=values["mobile"])
    applicant = desk.applicant_account(
        applicant,
        national_code=values["national_code"],
        mobile=values["mobile"],
        first_name=incoming.first_name,
        last_name=incoming.last_name,
    )
    return services.file_complaint(
        applicant=applicant,
        actor=actor,
        actor_role=actor_role,
        subject=values["subject"],
        complained_unit=values["unit"],
        province=values["province"] if values["unit"] is None else None,
        text=incoming.text,
        idempotency_key=f"import:{incoming.system}:{reference}",
        source=Source.NATIONAL_SYSTEM,
        external_system=incoming.system,
        external_reference=reference,
        received_on=values["received"],
        ip=ip,
    )


def _unique_clash(exc: ValidationError) -> bool:
    """A model's unique check refused a row another transaction has just committed (the person)."""
    groups = exc.error_dict.values() if hasattr(exc, "error_dict") else [exc.error_list]
    return any(error.code == "unique" for group in groups for error in group)


def _land_once(incoming: Incoming, reference: str, *, actor, actor_role: str, ip):
    with transaction.atomic():
        # Inside the transaction too: on SQLite (BEGIN IMMEDIATE) the loser of a race waits here
        # for the winner's commit and then sees its complaint.
        existing = on_file(incoming.system, reference)
        if existing is not None:
            return existing, False
        request, created = _file(incoming, reference, actor=actor, actor_role=actor_role, ip=ip)
        return Complaint.objects.select_related("request__applicant").get(request=request), created


def land(incoming: Incoming, *, actor=None, actor_role: str = SYSTEM_ROLE, ip: str | None = None):
    """File a national system's complaint once; returns (its complaint, created). One already on
    file (same system and reference) is returned as it is, whatever else the new copy says."""
    reference = clean_reference(incoming.reference)
    existing = on_file(incoming.system, reference)
    if existing is not None:
        return existing, False
    try:
        return _land_once(incoming, reference, actor=actor, actor_role=actor_role, ip=ip)
    except (IntegrityError, ValidationError) as exc:
        # PostgreSQL: another transaction filed this reference, or created this person, after we
        # looked; it has committed by now (our insert waited for it, or a model's unique check saw
        # it). Its complaint, or once more when it was only the person.
        existing = on_file(incoming.system, reference)
        if existing is not None:
            return existing, False
        if isinstance(exc, ValidationError) and not _unique_clash(exc):
            raise
    return _land_once(incoming, reference, actor=actor, actor_role=actor_role, ip=ip)
