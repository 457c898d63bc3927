"""Writes of the counters app: licences, the self-declaration wizard, the review workflow, deadlines.

Every function is keyword-only, runs in one transaction and raises `ValidationError` with a Persian
message. The review workflow's states and transitions are declared once, in `WORKFLOW`
(`core.workflow`); every transition goes through `_transition`, which appends a `DeclarationEvent`.
SMS go through `notifications.services.notify` and leave on commit.
"""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import Membership, Role
from core.jalali import current_jalali_year, format_date
from core.text import to_persian_digits
from core.uploads import check_upload
from core.workflow import SYSTEM, Transition, Workflow
from counters import conf, scoring, wizard
from counters.models import (
    BoardMember,
    Declaration,
    DeclarationDocument,
    DeclarationEvent,
    Licence,
    Objection,
    ReviewNote,
    StaffMember,
    ViolationAnswer,
    ViolationItem,
    ltr,
)
from counters.validators import clean_persian_name
from notifications.services import notify

logger = logging.getLogger(__name__)
State = Declaration.State

# --- the licence gate at sign-in ------------------------------------------------------------------


def licence_refusal(user, today: dt.date | None = None) -> str:
    """Why a licence holder may not sign in (seed 003's note), with where to go; "" if they may.

    Only people whose roles are all counter-office roles are refused: a licence holder who is also,
    say, a staff expert still signs in for that role."""
    memberships = list(
        Membership.objects.filter(user=user, is_active=True).select_related(
            "counter_office__province__region", "counter_office__licence"
        )
    )
    held = [m.counter_office for m in memberships if m.role == Role.LICENCE_HOLDER and m.counter_office]
    if not held:
        return ""
    other = {m.role for m in memberships} - {Role.LICENCE_HOLDER, Role.COUNTER_OPERATOR, Role.APPLICANT}
    if other or user.is_superuser:
        return ""
    reasons = []
    for office in held:
        licence = getattr(office, "licence", None)
        if licence is None:
            reason = f"پروانه دفتر {ltr(office.code)} در سامانه ثبت نشده است."
        elif licence.holder_id != user.pk:
            reason = f"پروانه دفتر {ltr(office.code)} اکنون به نام دارنده دیگری است."
        else:
            reason = licence.refusal_reason(today)
        if not reason:
            return ""
        reasons.append(reason)
    return " ".join(reasons) + " " + where_to_go(held[0])


def counter_office_refusal(office, service=None, today: dt.date | None = None) -> str:
    """Why this office may not file requests at the desk (P1: its licence), or may not file this
    service (P2: not delegated to it); "" when it may. Registered with the desk in apps.py."""
    from counters import selectors

    licence = getattr(office, "licence", None)
    reason = (
        licence.refusal_reason(today)
        if licence is not None
        else f"پروانه دفتر {ltr(office.code)} در سامانه ثبت نشده است."
    )
    if reason:
        return f"این دفتر اکنون نمی‌تواند درخواستی ثبت کند. {reason} {where_to_go(office)}"
    if service is None:
        return ""
    if any(rule.service_id == service.pk for rule in selectors.delegated_services(office)):
        return ""
    withheld = {rule.service_id: why for rule, why in selectors.withheld_services(office)}
    why = withheld.get(service.pk, "این خدمت به دفاتر پیشخوان واگذار نشده است.")
    return f"خدمت «{service.title}» به این دفتر واگذار نشده است: {why}"


def where_to_go(office) -> str:
    region = office.province.region
    text = "برای رفع مشکل به سامانه صدور پروانه مراجعه کنید"
    if conf.licence_system_url():
        text += f" ({conf.licence_system_url()})"
    if region is not None:
        phone = to_persian_digits(_display(region.phone))
        text += f" و با کارشناس {region.name} به شماره {phone} تماس بگیرید."
    else:
        text += " و با منطقه ذی‌ربط تماس بگیرید."
    return text


def _display(phone: str) -> str:
    from core.validators import display_phone

    return display_phone(phone) if phone else ""


@transaction.atomic
def register_licence(
    *,
    office,
    holder,
    number: str,
    expires_on: dt.date,
    status: str = Licence.Status.ACTIVE,
    issued_on: dt.date | None = None,
    file_complete: bool = True,
    missing_items: str = "",
) -> Licence:
    """Record an office's licence and give its holder the licence-holder role for that office."""
    licence = Licence(
        office=office,
        holder=holder,
        number=number,
        expires_on=expires_on,
        status=status,
        issued_on=issued_on,
        file_complete=file_complete,
        missing_items=missing_items,
    )
    licence.full_clean()
    licence.save()
    sync_holder_role(licence)
    return licence


def sync_holder_role(licence: Licence) -> None:
    """The licence's holder holds the licence-holder role of its office, and nobody else does (a
    licence moved to a new holder takes the office's files away from the former one)."""
    membership, _ = Membership.objects.get_or_create(
        user=licence.holder, role=Role.LICENCE_HOLDER, counter_office=licence.office
    )
    if not membership.is_active:
        membership.is_active = True
        membership.save(update_fields=["is_active"])
    # Row by row (not .update()): a role taken away is a change the audit trail keeps.
    former = Membership.objects.filter(
        role=Role.LICENCE_HOLDER, counter_office=licence.office, is_active=True
    ).exclude(user=licence.holder)
    for membership in former:
        membership.is_active = False
        membership.save(update_fields=["is_active"])


# --- events and transitions -------------------------------------------------------------------------

# Who performs a transition: the office's licence holder, the region's reviewer, or the sweep.
HOLDER, REVIEWER = "holder", "reviewer"
ACTION_LABELS = {
    "create": "ایجاد پرونده",
    "confirm": "تأیید نهایی و ارسال به منطقه",
    "resubmit": "ارسال دوباره پس از اصلاح",
    "return": "عودت برای اصلاح",
    "approve": "تأیید و ثبت امتیاز نهایی",
    "object": "ثبت اعتراض",
    "answer_objection": "پاسخ به اعتراض",
    "lock": "قطعی‌شدن رتبه (پایان مهلت اعتراض)",
    "late": "دیرکرد دفتر در اصلاح",
    "escalate": "ارجاع به سرپرست منطقه (دیرکرد بررسی)",
}


def _event(declaration, action, *, actor=None, ip=None, note="", data=None, from_state="", to_state=""):
    return DeclarationEvent.objects.create(
        declaration=declaration,
        action=action,
        from_state=from_state,
        to_state=to_state,
        actor=actor,
        ip=ip,
        note=note,
        data=data or {},
    )


def _log(declaration, step) -> DeclarationEvent:
    ctx = step.context
    return _event(
        declaration,
        step.transition.name,
        actor=step.actor,
        ip=ctx.get("ip"),
        note=ctx.get("note", ""),
        data=ctx.get("data"),
        from_state=step.from_state,
        to_state=step.to_state,
    )


def _transitions() -> list[Transition]:
    def t(name, sources, target, actor):
        return Transition(name, ACTION_LABELS[name], sources, target, actor)

    return [
        t("confirm", (State.DRAFT,), State.SUBMITTED, HOLDER),
        t("resubmit", (State.RETURNED,), State.RESUBMITTED, HOLDER),
        t("return", (State.SUBMITTED, State.RESUBMITTED), State.RETURNED, REVIEWER),
        t("approve", (State.SUBMITTED, State.RESUBMITTED), State.APPROVED, REVIEWER),
        t("object", (State.APPROVED,), State.OBJECTED, HOLDER),
        t("answer_objection", (State.OBJECTED,), State.FINAL, REVIEWER),
        t("lock", (State.APPROVED,), State.FINAL, SYSTEM),
    ]


def _transition(
    declaration, action: str, *, actor_kind: str, actor=None, ip=None, note="", data=None
) -> None:
    """Perform `action` on a declaration the caller has locked (`_lock`) in this transaction;
    the caller's unsaved changes are saved with it."""
    WORKFLOW.apply(
        declaration, action, actor=actor, actor_kind=actor_kind, locked=True, ip=ip, note=note, data=data
    )


WORKFLOW = Workflow(model=Declaration, transitions=_transitions(), log=_log)


def _lock(pk: int) -> Declaration:
    return Declaration.objects.select_for_update().get(pk=pk)


def _today(now: dt.datetime | None = None) -> dt.date:
    return timezone.localdate(now or timezone.now())


# --- the wizard ----------------------------------------------------------------------------------


@transaction.atomic
def start_declaration(*, office, actor, year: int | None = None, ip=None) -> Declaration:
    """This year's file of the office, created and prefilled from what Miz already holds (D1)."""
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
    _event(declaration, "create", actor=actor, ip=ip, to_state=declaration.state)
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
    declaration = _lock(declaration.pk)
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
        old.file.delete(save=False)
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
    declaration = _lock(declaration.pk)
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
        from counters.geo import inside_iran

        lat, lon = values.get("latitude"), values.get("longitude")
        if lat is None or lon is None:
            errors["latitude"] = ["عرض و طول جغرافیایی را وارد کنید یا روی نقشه کلیک کنید."]
        elif not inside_iran(float(lat), float(lon)):
            errors["latitude"] = [
                "نقطه انتخاب‌شده درون مرز ایران نیست؛ موقعیت دفتر را دوباره روی نقشه انتخاب کنید."
            ]
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


@transaction.atomic
def add_board_member(*, declaration, actor, **fields) -> BoardMember:
    declaration = _lock(declaration.pk)
    _editable(declaration, "legal")
    if not declaration.is_legal:
        raise ValidationError("اعضای هیئت مدیره فقط برای دفتر با شخصیت حقوقی ثبت می‌شود.")
    errors = _staff_identity_errors(
        first_name=fields.get("first_name", ""), last_name=fields.get("last_name", "")
    )
    if errors:
        raise ValidationError(errors)
    member = BoardMember(declaration=declaration, **fields)
    member.first_name = clean_persian_name(member.first_name)
    member.last_name = clean_persian_name(member.last_name, label="نام خانوادگی")
    member.full_clean(exclude=["declaration"])
    if BoardMember.objects.filter(declaration=declaration, national_code=member.national_code).exists():
        raise ValidationError({"national_code": "این کد ملی پیش‌تر در اعضای هیئت مدیره ثبت شده است."})
    member.save()
    return member


@transaction.atomic
def remove_board_member(*, declaration, member_id: int, actor) -> None:
    declaration = _lock(declaration.pk)
    _editable(declaration, "legal")
    BoardMember.objects.filter(declaration=declaration, pk=member_id).delete()


@transaction.atomic
def add_staff(*, declaration, actor, **fields) -> StaffMember:
    declaration = _lock(declaration.pk)
    _editable(declaration, "staff")
    errors = _staff_identity_errors(
        first_name=fields.get("first_name", ""), last_name=fields.get("last_name", "")
    )
    if not fields.get("accepted_terms"):
        errors["accepted_terms"] = ["پذیرش ضوابط سامانه برای هر کارمند الزامی است."]
    if errors:
        raise ValidationError(errors)
    member = StaffMember(declaration=declaration, **fields)
    member.first_name = clean_persian_name(member.first_name)
    member.last_name = clean_persian_name(member.last_name, label="نام خانوادگی")
    member.full_clean(exclude=["declaration"])
    if StaffMember.objects.filter(declaration=declaration, national_code=member.national_code).exists():
        raise ValidationError(
            {"national_code": "کارمندی با این کد ملی پیش‌تر در این پرونده ثبت شده است؛ کد ملی تکراری است."}
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
    declaration = _lock(declaration.pk)
    _editable(declaration, "staff")
    StaffMember.objects.filter(declaration=declaration, pk=member_id).delete()


@transaction.atomic
def save_violation_answers(*, declaration, answers: dict[int, dict], actor) -> None:
    """`answers[item_id] = {"committed": bool, "ruling_date": date|None, "description": str}`."""
    declaration = _lock(declaration.pk)
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
    declaration = _lock(declaration.pk)
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
        text=f"پرونده خوداظهاری دفتر {ltr(declaration.office.code)} برای بررسی رسید؛ "
        f"مهلت بررسی تا {format_date(declaration.due_on)}.",
        key=f"counters.submitted:{declaration.pk}:{declaration.review_round}",
    )
    return declaration


# --- the review (region experts) --------------------------------------------------------------------


def _region_people(declaration, *, heads_only: bool = False):
    from accounts.models import User

    region = declaration.office.province.region
    if region is None:
        return User.objects.none()
    filters = {"memberships__role": Role.REGION_EXPERT, "memberships__region": region}
    filters["memberships__is_active"] = True
    if heads_only:
        filters["memberships__is_head"] = True
    return User.objects.filter(**filters).distinct()


def _tell_region(declaration, *, event: str, text: str, key: str, heads_only: bool = False) -> int:
    people = list(_region_people(declaration, heads_only=heads_only))
    for person in people:
        notify(event=event, text=text, user=person, related=declaration, key=f"{key}:{person.pk}")
    return len(people)


def _holder(declaration):
    licence = getattr(declaration.office, "licence", None)
    return licence.holder if licence else None


def _tell_holder(declaration, *, event: str, text: str, key: str) -> None:
    holder = _holder(declaration)
    if holder is None:
        logger.warning("counters: office %s has no licence holder to tell", declaration.office_id)
        return
    notify(event=event, text=text, user=holder, related=declaration, key=key)


@transaction.atomic
def return_for_correction(*, declaration, actor, notes: dict[str, str], ip=None, now=None) -> Declaration:
    declaration = _lock(declaration.pk)
    notes = {section: text.strip() for section, text in notes.items() if text and text.strip()}
    if not notes:
        raise ValidationError("برای عودت پرونده، دست‌کم برای یک بخش یادداشت بنویسید.", code="no_notes")
    unknown = set(notes) - set(wizard.STEP_TITLES)
    if unknown:
        raise ValidationError("بخش ناشناخته در یادداشت‌ها.")
    now = now or timezone.now()
    declaration.due_on = conf.window_end(_today(now), conf.period("correction"))
    declaration.is_escalated = False
    _transition(
        declaration, "return", actor_kind=REVIEWER, actor=actor, ip=ip, data={"sections": sorted(notes)}
    )
    for section, text in notes.items():
        ReviewNote.objects.create(
            declaration=declaration,
            review_round=declaration.review_round,
            section=section,
            text=text,
            author=actor,
        )
    _tell_holder(
        declaration,
        event="counters.returned",
        text=f"پرونده خوداظهاری دفتر {ltr(declaration.office.code)} برای اصلاح عودت شد. "
        f"یادداشت‌های کارشناس را ببینید و تا {format_date(declaration.due_on)} اصلاح و ارسال کنید.",
        key=f"counters.returned:{declaration.pk}:{declaration.review_round}",
    )
    return declaration


def _check_percent(value, label: str) -> Decimal:
    if value is None or value == "":
        raise ValidationError(f"{label} را وارد کنید.")
    value = Decimal(value)
    if not Decimal(0) <= value <= Decimal(100):
        raise ValidationError(f"{label} باید عددی از ۰ تا ۱۰۰ باشد.")
    return value


@transaction.atomic
def approve(*, declaration, actor, recipients_score, association_score, ip=None, now=None) -> Declaration:
    """Approve with the recipients' and the association's scores: final score, rank, SMS."""
    declaration = _lock(declaration.pk)
    declaration.recipients_score = _check_percent(recipients_score, "امتیاز دریافت‌کنندگان خدمت")
    declaration.association_score = _check_percent(association_score, "امتیاز انجمن صنفی")
    declaration.save()
    score = scoring.compute(declaration)
    now = now or timezone.now()
    declaration.final_score = score.total
    declaration.rank = score.rank
    declaration.score_breakdown = score.as_json()
    declaration.approved_at, declaration.approved_by = now, actor
    declaration.due_on = conf.window_end(_today(now), conf.period("objection"))
    declaration.is_escalated = False
    _transition(
        declaration,
        "approve",
        actor_kind=REVIEWER,
        actor=actor,
        ip=ip,
        data={"score": str(score.total), "rank": score.rank},
    )
    _tell_holder(
        declaration,
        event="counters.approved",
        text=f"ارزیابی دفتر {ltr(declaration.office.code)} تأیید شد: امتیاز نهایی "
        f"{to_persian_digits(score.total)}، رتبه {score.rank_title or '—'}. "
        f"اعتراض تا {format_date(declaration.due_on)} در میز خدمت پذیرفته می‌شود.",
        key=f"counters.approved:{declaration.pk}",
    )
    return declaration


@transaction.atomic
def submit_objection(*, declaration, actor, text: str, ip=None, now=None) -> Objection:
    declaration = _lock(declaration.pk)
    now = now or timezone.now()
    if declaration.state == State.APPROVED and declaration.due_on and _today(now) > declaration.due_on:
        raise ValidationError(
            f"مهلت {to_persian_digits(conf.period('objection'))} روزه اعتراض در "
            f"{format_date(declaration.due_on)} پایان یافته است؛ اعتراض پذیرفته نمی‌شود.",
            code="objection_closed",
        )
    if declaration.state != State.APPROVED:
        raise ValidationError("اعتراض فقط در مهلت پس از تأیید امتیاز پذیرفته می‌شود.", code="bad_state")
    if not (text or "").strip():
        raise ValidationError("متن اعتراض را بنویسید.", code="required")
    objection = Objection.objects.create(
        declaration=declaration,
        text=text.strip(),
        created_by=actor,
        created_at=now,
        previous_score=declaration.final_score,
    )
    declaration.due_on = conf.window_end(_today(now), conf.period("rereview"))
    _transition(declaration, "object", actor_kind=HOLDER, actor=actor, ip=ip)
    _tell_region(
        declaration,
        event="counters.objection",
        text=f"دارنده پروانه دفتر {ltr(declaration.office.code)} به امتیاز اعتراض کرد؛ "
        f"مهلت پاسخ تا {format_date(declaration.due_on)}.",
        key=f"counters.objection:{declaration.pk}",
    )
    return objection


@transaction.atomic
def answer_objection(
    *, declaration, actor, answer: str, corrected_score=None, ip=None, now=None
) -> Declaration:
    """The region's answer: the score is kept, or corrected (and the rank with it). The rank locks."""
    declaration = _lock(declaration.pk)
    if declaration.state != State.OBJECTED:
        raise ValidationError("این پرونده اعتراض بی‌پاسخی ندارد.", code="bad_state")
    if not (answer or "").strip():
        raise ValidationError("پاسخ اعتراض را بنویسید.", code="required")
    now = now or timezone.now()
    objection = declaration.objection
    objection.answer = answer.strip()
    objection.answered_at, objection.answered_by = now, actor
    if corrected_score not in (None, ""):
        corrected = Decimal(corrected_score)
        if corrected < 0:
            raise ValidationError("امتیاز اصلاح‌شده نمی‌تواند منفی باشد.")
        ceiling = scoring.highest_possible()
        if ceiling is not None and corrected > ceiling:
            most = to_persian_digits(format(ceiling.normalize(), "f"))
            raise ValidationError(
                f"امتیاز اصلاح‌شده نمی‌تواند از بیشینه امتیاز ممکن ({most}) بیشتر باشد.",
                code="above_ceiling",
            )
        objection.outcome = Objection.Outcome.CORRECTED
        declaration.final_score = corrected.quantize(scoring.TWO_PLACES)
        declaration.rank, title = scoring.rank_for(declaration.final_score)
        declaration.score_breakdown = {
            **declaration.score_breakdown,
            "corrected_total": str(declaration.final_score),
            "rank": declaration.rank,
            "rank_title": title,
        }
    else:
        objection.outcome = Objection.Outcome.KEPT
    objection.save()
    declaration.locked_at = now
    declaration.due_on = None
    _transition(
        declaration,
        "answer_objection",
        actor_kind=REVIEWER,
        actor=actor,
        ip=ip,
        note=objection.answer,
        data={"outcome": objection.outcome, "score": str(declaration.final_score)},
    )
    _tell_holder(
        declaration,
        event="counters.objection_answered",
        text=f"به اعتراض دفتر {ltr(declaration.office.code)} پاسخ داده شد: "
        f"{objection.get_outcome_display()}؛ "
        f"امتیاز نهایی {to_persian_digits(declaration.final_score)}.",
        key=f"counters.objection_answered:{declaration.pk}",
    )
    return declaration


# --- deadlines -------------------------------------------------------------------------------------


def sweep_deadlines(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Act on every expired window (run by `manage.py counters_deadlines` or its task):

    - a returned file not corrected in time is marked late and the region is told;
    - a review (or objection answer) overdue is escalated to the region's head;
    - an objection window that closed without an objection locks the rank.
    """
    now = now or timezone.now()
    today = _today(now)
    done = {"late": 0, "escalated": 0, "locked": 0}
    expired = Declaration.objects.filter(due_on__lt=today)
    for pk in expired.filter(state=State.RETURNED, is_late=False).values_list("pk", flat=True):
        with transaction.atomic():
            declaration = _lock(pk)
            if declaration.state != State.RETURNED or declaration.is_late:
                continue
            declaration.is_late = True
            declaration.save()
            _event(declaration, "late", note=f"مهلت اصلاح تا {format_date(declaration.due_on)} بود.")
            _tell_region(
                declaration,
                event="counters.late",
                text=f"دفتر {ltr(declaration.office.code)} پرونده عودت‌شده را در مهلت "
                f"({format_date(declaration.due_on)}) اصلاح نکرد و دیرکرد خورد.",
                key=f"counters.late:{declaration.pk}:{declaration.review_round}",
            )
            done["late"] += 1
    reviewing = (State.SUBMITTED, State.RESUBMITTED, State.OBJECTED)
    for pk in expired.filter(state__in=reviewing, is_escalated=False).values_list("pk", flat=True):
        with transaction.atomic():
            declaration = _lock(pk)
            if declaration.state not in reviewing or declaration.is_escalated:
                continue
            declaration.is_escalated = True
            declaration.save()
            heads = _tell_region(
                declaration,
                event="counters.escalated",
                text=f"مهلت بررسی پرونده دفتر {ltr(declaration.office.code)} در "
                f"{format_date(declaration.due_on)} گذشت و به سرپرست منطقه ارجاع شد.",
                key=f"counters.escalated:{declaration.pk}:{declaration.review_round}:{declaration.state}",
                heads_only=True,
            )
            _event(
                declaration,
                "escalate",
                note=f"مهلت تا {format_date(declaration.due_on)} بود.",
                data={"heads_told": heads},
            )
            done["escalated"] += 1
    for pk in expired.filter(state=State.APPROVED).values_list("pk", flat=True):
        with transaction.atomic():
            declaration = _lock(pk)
            if declaration.state != State.APPROVED or declaration.due_on >= today:
                continue
            declaration.locked_at = now
            declaration.due_on = None
            _transition(declaration, "lock", actor_kind=SYSTEM)
            done["locked"] += 1
    return done
