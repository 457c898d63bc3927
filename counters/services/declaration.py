"""The self-declaration wizard: the file, its steps, documents, board, staff, violations, confirmation."""

from __future__ import annotations

import datetime as dt
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.jalali import current_jalali_year
from core.text import to_persian_digits
from core.uploads import check_upload
from counters import conf, notices, wizard
from counters.models import (
    BoardMember,
    Declaration,
    DeclarationDocument,
    StaffMember,
    ViolationAnswer,
    ViolationItem,
)
from counters.selectors import corrected_items
from counters.services.events import HOLDER, _event, _lock, _tell_region, _today, _transition, check_holder
from counters.validators import clean_persian_name

State = Declaration.State


@transaction.atomic
def start_declaration(
    *, office, actor, year: int | None = None, ip=None, identity: dict | None = None
) -> Declaration:
    """This year's file of the office, created and prefilled from what Miz already holds (D1);
    `identity` (the holder name and office code the holder confirmed, P8) goes in its first event."""
    check_holder(actor, office)
    year = year or current_jalali_year()
    existing = Declaration.objects.filter(office=office, year=year).first()
    if existing:
        return existing
    licence = getattr(office, "licence", None)
    holder = licence.holder if licence else actor
    declaration = Declaration(office=office, year=year)
    declaration.manager_first_name = holder.first_name[:30]
    declaration.manager_last_name = holder.last_name[:30]
    declaration.manager_national_code = holder.national_code
    declaration.manager_mobile = holder.mobile
    declaration.manager_email = holder.email
    if holder.person_type == "legal":
        declaration.person_type = Declaration.PersonType.LEGAL
        declaration.company_name = holder.legal_name
        declaration.company_national_id = holder.legal_national_id or ""
    previous = Declaration.objects.filter(office=office, year__lt=year).order_by("-year").first()
    if previous is not None:
        for name in ("address", "postal_code", "phone", "contact_mobile", "email", "latitude", "longitude"):
            setattr(declaration, name, getattr(previous, name))
    try:
        with transaction.atomic():
            declaration.save()
    except IntegrityError:
        return Declaration.objects.get(office=office, year=year)
    data = {"identity_confirmed": identity} if identity else None
    _event(declaration, "create", actor=actor, ip=ip, to_state=declaration.state, data=data)
    return declaration


def _holder_lock(declaration, actor) -> Declaration:
    """The file, locked for the write, once `actor` is known to hold the office's licence."""
    declaration = _lock(declaration.pk)
    check_holder(actor, declaration.office)
    return declaration


def _editable(declaration, slug: str) -> None:
    if not declaration.holder_may_edit:
        raise ValidationError(
            "پس از تأیید نهایی، پرونده قابل ویرایش نیست.",
            code="locked",
        )
    if not wizard.is_open(declaration, slug):
        raise ValidationError(
            f"مرحله «{wizard.STEP_TITLES[slug]}» هنوز باز نیست؛ نخست مراحل پیش از آن را کامل کنید.",
            code="step_closed",
        )


def _mark_saved(declaration, slug: str) -> None:
    if slug not in declaration.saved_steps:
        declaration.saved_steps = [*declaration.saved_steps, slug]


# Seed 003, 3-1: colour scans as JPEG or PDF (at most `conf.max_upload_bytes()`).
SCAN_FORMATS = frozenset({"jpeg", "pdf"})


@transaction.atomic
def upload_document(*, declaration, kind: str, upload, actor) -> DeclarationDocument:
    declaration = _holder_lock(declaration, actor)
    _editable(declaration, "documents")
    if kind not in DeclarationDocument.Kind.values:
        raise ValidationError("این نوع مدرک در فهرست مدارک نیست.", code="bad_kind")
    checked = check_upload(
        upload,
        formats=SCAN_FORMATS,
        max_bytes=conf.max_upload_bytes(),
        title=PurePath(upload.name or "").name,
        noun="فایل",
        match_extension=True,
    )
    old = DeclarationDocument.objects.filter(declaration=declaration, kind=kind).first()
    if old is not None:
        # The old scan leaves the storage only once its row is gone for good: a rollback keeps both.
        storage, name = old.file.storage, old.file.name
        transaction.on_commit(lambda: storage.delete(name))
        old.delete()
    document = DeclarationDocument(
        declaration=declaration,
        kind=kind,
        original_name=checked.original_name,
        content_type=checked.content_type,
        size=checked.size,
    )
    document.file.save("upload", ContentFile(checked.data), save=False)
    document.save()
    return document


STEP_FIELDS = {
    "manager": [
        "manager_first_name",
        "manager_last_name",
        "manager_national_code",
        "manager_mobile",
        "manager_email",
    ],
    "details": ["person_type", "staff_count", "disabled_staff_count", "contracts_count"],
    "legal": [
        "company_name",
        "company_national_id",
        "registration_number",
        "registration_date",
        "registration_place",
        "representative_first_name",
        "representative_last_name",
        "representative_national_code",
        "representative_mobile",
        "representative_position",
    ],
    "contact": ["address", "postal_code", "phone", "contact_mobile", "email"],
    "location": ["latitude", "longitude"],
}
PERSIAN_NAME_FIELDS = {
    "manager_first_name": "نام",
    "manager_last_name": "نام خانوادگی",
    "representative_first_name": "نام نماینده",
    "representative_last_name": "نام خانوادگی نماینده",
}


@transaction.atomic
def save_step(*, declaration, step: str, values: dict, actor, facilities=None) -> Declaration:
    """Save the fields of one form step (manager, details, legal, contact, location)."""
    declaration = _holder_lock(declaration, actor)
    _editable(declaration, step)
    errors = {}
    for name in STEP_FIELDS[step]:
        if name not in values:
            continue
        value = values[name]
        if name in PERSIAN_NAME_FIELDS and value:
            try:
                value = clean_persian_name(value, label=PERSIAN_NAME_FIELDS[name])
            except ValidationError as exc:
                errors[name] = exc.messages
                continue
        setattr(declaration, name, value if value is not None else _empty(declaration, name))
    if step == "details":
        staff, disabled = values.get("staff_count"), values.get("disabled_staff_count")
        if staff is not None and disabled is not None and disabled > staff:
            errors["disabled_staff_count"] = ["تعداد کارکنان معلول نمی‌تواند از تعداد کارکنان بیشتر باشد."]
        if values.get("person_type") == Declaration.PersonType.NATURAL and declaration.pk:
            declaration.saved_steps = [s for s in declaration.saved_steps if s != "legal"]
    if step == "location":
        from counters.geo import inside_iran, province_problem

        lat, lon = values.get("latitude"), values.get("longitude")
        if lat is None or lon is None:
            errors["latitude"] = ["عرض و طول جغرافیایی را وارد کنید یا روی نقشه کلیک کنید."]
        elif not inside_iran(float(lat), float(lon)):
            errors["latitude"] = [
                "نقطه انتخاب‌شده درون مرز ایران نیست؛ موقعیت دفتر را دوباره روی نقشه انتخاب کنید."
            ]
        elif problem := province_problem(float(lat), float(lon), declaration.office):
            errors["latitude"] = [problem]
    if errors:
        raise ValidationError(errors)
    declaration.full_clean(exclude=["office"])
    _mark_saved(declaration, step)
    declaration.save()
    if facilities is not None:
        declaration.facilities.set(facilities)
    return declaration


def _empty(declaration, name: str):
    field = Declaration._meta.get_field(name)
    return None if field.null else ""


def _staff_identity_errors(*, first_name: str, last_name: str) -> dict:
    errors = {}
    for name, value, label in (("first_name", first_name, "نام"), ("last_name", last_name, "نام خانوادگی")):
        try:
            clean_persian_name(value, label=label)
        except ValidationError as exc:
            errors[name] = exc.messages
    return errors


def _new_person(model, declaration, fields: dict, *, duplicate: str, errors: dict | None = None):
    """A board member or staff row of the file, not saved yet: the Persian names checked and
    cleaned, the row validated, its national code not already in the file (`duplicate` says so)."""
    first_name, last_name = fields.get("first_name", ""), fields.get("last_name", "")
    errors = {**_staff_identity_errors(first_name=first_name, last_name=last_name), **(errors or {})}
    if errors:
        raise ValidationError(errors)
    member = model(declaration=declaration, **fields)
    member.first_name = clean_persian_name(member.first_name)
    member.last_name = clean_persian_name(member.last_name, label="نام خانوادگی")
    member.full_clean(exclude=["declaration"])
    if model.objects.filter(declaration=declaration, national_code=member.national_code).exists():
        raise ValidationError({"national_code": duplicate})
    return member


def _remove_person(model, declaration, step: str, member_id: int, actor) -> None:
    declaration = _holder_lock(declaration, actor)
    _editable(declaration, step)
    model.objects.filter(declaration=declaration, pk=member_id).delete()


@transaction.atomic
def add_board_member(*, declaration, actor, **fields) -> BoardMember:
    declaration = _holder_lock(declaration, actor)
    _editable(declaration, "legal")
    if not declaration.is_legal:
        raise ValidationError("اعضای هیئت مدیره فقط برای دفتر با شخصیت حقوقی ثبت می‌شود.")
    member = _new_person(
        BoardMember, declaration, fields, duplicate="این کد ملی پیش‌تر در اعضای هیئت مدیره ثبت شده است."
    )
    member.save()
    return member


@transaction.atomic
def remove_board_member(*, declaration, member_id: int, actor) -> None:
    _remove_person(BoardMember, declaration, "legal", member_id, actor)


@transaction.atomic
def add_staff(*, declaration, actor, **fields) -> StaffMember:
    declaration = _holder_lock(declaration, actor)
    _editable(declaration, "staff")
    member = _new_person(
        StaffMember,
        declaration,
        fields,
        duplicate="کارمندی با این کد ملی پیش‌تر در این پرونده ثبت شده است؛ کد ملی تکراری است.",
        errors={}
        if fields.get("accepted_terms")
        else {"accepted_terms": ["پذیرش ضوابط سامانه برای هر کارمند الزامی است."]},
    )
    today = timezone.localdate()
    if member.birth_date and member.birth_date > today - dt.timedelta(days=365 * 15):
        raise ValidationError({"birth_date": "تاریخ تولد درست نیست؛ کارمند دست‌کم باید ۱۵ سال داشته باشد."})
    staff_count = declaration.staff_count or 0
    if declaration.staff.count() >= staff_count:
        raise ValidationError(
            f"در مشخصات دفتر {to_persian_digits(staff_count)} کارمند اعلام شده و همه ثبت شده‌اند؛ "
            "برای افزودن، نخست تعداد کارکنان را در مشخصات دفتر اصلاح کنید.",
            code="staff_count",
        )
    member.save()
    return member


@transaction.atomic
def remove_staff(*, declaration, member_id: int, actor) -> None:
    _remove_person(StaffMember, declaration, "staff", member_id, actor)


@transaction.atomic
def save_violation_answers(*, declaration, answers: dict[int, dict], actor) -> None:
    """`answers[item_id] = {"committed": bool, "ruling_date": date|None, "description": str}`."""
    declaration = _holder_lock(declaration, actor)
    _editable(declaration, "ranking")
    items = {item.pk: item for item in ViolationItem.objects.filter(is_active=True)}
    missing = [items[pk].number for pk in items if pk not in answers or answers[pk].get("committed") is None]
    if missing:
        numbers = "، ".join(to_persian_digits(n) for n in sorted(missing))
        raise ValidationError(f"به همه موارد پاسخ دهید؛ بی‌پاسخ: ردیف {numbers}.", code="unanswered")
    errors = []
    for pk, item in items.items():
        answer = answers[pk]
        if answer["committed"] is False and answer.get("ruling_date"):
            errors.append(
                f"ردیف {to_persian_digits(item.number)}: تاریخ حکم فقط برای تخلف ارتکاب‌یافته ثبت می‌شود."
            )
    for pk, committed in corrected_items(declaration).items():
        if pk in items and answers[pk]["committed"] != committed:
            errors.append(
                f"ردیف {to_persian_digits(items[pk].number)}: منطقه پاسخ این ردیف را به حکم کمیته کشوری "
                "اصلاح کرده است و تغییر نمی‌کند."
            )
    if errors:
        raise ValidationError(errors)
    for pk, item in items.items():
        answer = answers[pk]
        ViolationAnswer.objects.update_or_create(
            declaration=declaration,
            item=item,
            defaults={
                "committed": answer["committed"],
                "ruling_date": answer.get("ruling_date") if answer["committed"] else None,
                "description": (answer.get("description") or "")[:500],
            },
        )
    _mark_saved(declaration, "ranking")
    declaration.save()


@transaction.atomic
def confirm(*, declaration, actor, agree: bool, ip=None, now: dt.datetime | None = None) -> Declaration:
    """Final confirmation: the file goes to the region and the holder can no longer edit it."""
    declaration = _holder_lock(declaration, actor)
    if not declaration.holder_may_edit:
        raise ValidationError("این پرونده پیش‌تر تأیید نهایی شده و قابل ویرایش نیست.", code="locked")
    if not agree:
        raise ValidationError("برای تأیید نهایی، درستی اطلاعات را تأیید کنید.", code="agree")
    incomplete = [s.step.title for s in wizard.status(declaration) if s.step.slug != "confirm" and not s.done]
    if incomplete:
        raise ValidationError(f"این مراحل کامل نیست: {'، '.join(incomplete)}.", code="incomplete")
    now = now or timezone.now()
    declaration.confirmed_at, declaration.confirmed_by = now, actor
    declaration.is_late = declaration.is_late and declaration.state == State.RETURNED
    declaration.is_escalated = False
    declaration.review_round += 1
    if declaration.state == State.DRAFT:
        declaration.due_on = conf.window_end(_today(now), conf.period("review"))
        _transition(declaration, "confirm", actor_kind=HOLDER, actor=actor, ip=ip)
    else:
        declaration.due_on = conf.window_end(_today(now), conf.period("rereview"))
        _transition(declaration, "resubmit", actor_kind=HOLDER, actor=actor, ip=ip)
    _tell_region(
        declaration,
        event="counters.submitted",
        values=notices.office_and_due(declaration),
        key=f"counters.submitted:{declaration.pk}:{declaration.review_round}",
    )
    return declaration
