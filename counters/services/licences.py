"""The licence registry kept by the regulator's staff (issue 19): create, renew, suspend, reinstate
and revoke an office's licence with its reason and dates, each change a `LicenceEvent` in the
office's licence log, and the SMS reminders to holders before a licence expires.

The status machine is declared once with `core.workflow`:

    active ──suspend──▶ suspended ──reinstate──▶ active
      │  ▲                 │
      └renew┘              └──revoke──▶ revoked ◀──revoke── active

Who may act: the regulator's HQ on any office, a region expert on the offices of their region's
provinces (`counters.selectors.licence_refusal_for_staff`), checked by `check_licence_staff` before
every write. The sign-in gate and the desk's intake read the licence row itself
(`Licence.refusal_reason`), so a suspension or revocation blocks the holder at once.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.jalali import format_date
from core.text import ltr_code, normalize_digits, normalize_text, to_persian_digits
from core.workflow import Transition, Workflow
from counters.models import Licence, LicenceEvent, LicenceReminder
from counters.selectors import licence_refusal_for_staff
from notifications.services import notify

logger = logging.getLogger(__name__)
Status = Licence.Status
STAFF = "licence_staff"
REMINDER_DAYS = (30, 7)  # days before expiry; each sent once per licence and expiry date

LICENCE_ACTIONS = {
    "create": "ثبت پروانه",
    "renew": "تمدید پروانه",
    "suspend": "تعلیق پروانه",
    "reinstate": "رفع تعلیق پروانه",
    "revoke": "لغو پروانه",
    "import": "به‌روزرسانی از سامانه صدور پروانه",
    "import_create": "ثبت از سامانه صدور پروانه",
}


def _log(licence: Licence, step) -> LicenceEvent:
    ctx = step.context
    return LicenceEvent.objects.create(
        office=licence.office,
        licence=licence,
        action=step.transition.name,
        from_status=step.from_state,
        to_status=step.to_state,
        effective_on=ctx.get("effective_on"),
        reason=ctx.get("reason", ""),
        actor=step.actor,
        ip=ctx.get("ip"),
        data=ctx.get("data") or {},
    )


def _renew_effect(licence: Licence, step) -> None:
    licence.renewed_on = step.context["effective_on"]
    licence.expires_on = step.context["expires_on"]


def _status_effect(licence: Licence, step) -> None:
    licence.status_since = step.context["effective_on"]
    licence.status_reason = step.context["reason"]


def _transitions() -> list[Transition]:
    def t(name, sources, target, effect):
        return Transition(name, LICENCE_ACTIONS[name], sources, target, STAFF, effect=effect)

    return [
        t("renew", (Status.ACTIVE,), Status.ACTIVE, _renew_effect),
        t("suspend", (Status.ACTIVE,), Status.SUSPENDED, _status_effect),
        t("reinstate", (Status.SUSPENDED,), Status.ACTIVE, _status_effect),
        t("revoke", (Status.ACTIVE, Status.SUSPENDED), Status.REVOKED, _status_effect),
    ]


LICENCE_WORKFLOW = Workflow(model=Licence, transitions=_transitions(), log=_log, state_field="status")


def check_licence_staff(actor, office) -> None:
    """Refuse, in Persian, a licence write by anyone but the regulator's HQ or an expert of the
    office's region. Every write of this module starts here."""
    if reason := licence_refusal_for_staff(actor, office):
        raise PermissionDenied(reason)


def _reason(text: str) -> str:
    text = normalize_text(text or "").strip()
    if len(text) < 5:
        raise ValidationError({"reason": "علت را بنویسید (دست‌کم ۵ نویسه)."}, code="reason")
    return text


def _not_in_future(value: dt.date, field: str, label: str) -> None:
    if value > timezone.localdate():
        raise ValidationError({field: f"{label} نمی‌تواند در آینده باشد."}, code="future")


@transaction.atomic
def create_licence(
    *,
    actor,
    office,
    holder,
    number: str,
    issued_on: dt.date,
    expires_on: dt.date,
    ip: str | None = None,
    action: str = "create",
    reason: str = "",
) -> Licence:
    """Record the licence of an office that has none, give its holder the holder's role, log it."""
    from counters.services.gate import register_licence

    check_licence_staff(actor, office)
    if Licence.objects.filter(office=office).exists():
        raise ValidationError(
            "این دفتر پروانه ثبت‌شده دارد؛ آن را تمدید یا وضعیتش را تغییر دهید.", code="exists"
        )
    number = normalize_digits(normalize_text(number or "")).strip()
    if Licence.objects.filter(number=number).exists():
        raise ValidationError({"number": f"پروانه‌ای با شماره {ltr_code(number)} پیش‌تر ثبت شده است."})
    licence = register_licence(
        office=office, holder=holder, number=number, issued_on=issued_on, expires_on=expires_on
    )
    licence.status_since = issued_on
    licence.save(update_fields=["status_since"])
    LicenceEvent.objects.create(
        office=office,
        licence=licence,
        action=action,
        to_status=licence.status,
        effective_on=issued_on,
        reason=reason,
        actor=actor,
        ip=ip,
        data={"number": number, "expires_on": expires_on.isoformat(), "holder": holder.national_code},
    )
    return licence


@transaction.atomic
def create_licence_for_holder(
    *,
    actor,
    office,
    national_code: str,
    mobile: str,
    first_name: str,
    last_name: str,
    number: str,
    issued_on: dt.date,
    expires_on: dt.date,
    ip: str | None = None,
) -> Licence:
    """`create_licence` for a holder named by national code (`holder_account`): a new account is
    made only when the licence is recorded too."""
    check_licence_staff(actor, office)
    holder = holder_account(
        national_code=national_code, mobile=mobile, first_name=first_name, last_name=last_name
    )
    return create_licence(
        actor=actor,
        office=office,
        holder=holder,
        number=number,
        issued_on=issued_on,
        expires_on=expires_on,
        ip=ip,
    )


def renew_licence(
    *,
    actor,
    licence: Licence,
    renewed_on: dt.date,
    expires_on: dt.date,
    reason: str = "",
    ip: str | None = None,
) -> Licence:
    """Renew an active licence: dated on or after its issue (and last renewal), not in the future,
    to a new expiry after both the renewal and the current expiry."""
    check_licence_staff(actor, licence.office)
    errors = {}
    if licence.issued_on and renewed_on < licence.issued_on:
        errors["renewed_on"] = (
            f"تاریخ تمدید ({format_date(renewed_on)}) پیش از تاریخ صدور پروانه "
            f"({format_date(licence.issued_on)}) است."
        )
    elif licence.renewed_on and renewed_on < licence.renewed_on:
        errors["renewed_on"] = f"تاریخ تمدید پیش از تمدید پیشین ({format_date(licence.renewed_on)}) است."
    elif renewed_on > timezone.localdate():
        errors["renewed_on"] = "تاریخ تمدید نمی‌تواند در آینده باشد."
    if expires_on <= max(renewed_on, licence.expires_on):
        errors["expires_on"] = (
            "انقضای تازه باید پس از تاریخ تمدید و پس از انقضای کنونی "
            f"({format_date(licence.expires_on)}) باشد."
        )
    if errors:
        raise ValidationError(errors)
    data = {"expires_before": licence.expires_on.isoformat(), "expires_on": expires_on.isoformat()}
    LICENCE_WORKFLOW.apply(
        licence,
        "renew",
        actor=actor,
        actor_kind=STAFF,
        effective_on=renewed_on,
        expires_on=expires_on,
        reason=normalize_text(reason or "").strip(),
        ip=ip,
        data=data,
    )
    return licence


def change_licence_status(
    *, actor, licence: Licence, action: str, effective_on: dt.date, reason: str, ip: str | None = None
) -> Licence:
    """Suspend, reinstate or revoke a licence (`action`), with its reason and date; the holder is
    refused at sign-in and at the desk from this moment."""
    if action not in ("suspend", "reinstate", "revoke"):
        raise ValidationError("عملیات ناشناخته است.", code="unknown_transition")
    check_licence_staff(actor, licence.office)
    errors = {}
    try:
        reason = _reason(reason)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        _not_in_future(effective_on, "effective_on", "تاریخ اثر")
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if licence.issued_on and effective_on < licence.issued_on:
        errors["effective_on"] = f"تاریخ اثر پیش از تاریخ صدور پروانه ({format_date(licence.issued_on)}) است."
    if errors:
        raise ValidationError(errors)
    LICENCE_WORKFLOW.apply(
        licence, action, actor=actor, actor_kind=STAFF, effective_on=effective_on, reason=reason, ip=ip
    )
    return licence


# Reminders before expiry -----------------------------------------------------------------------


def _threshold(days_left: int) -> int | None:
    """The reminder due at `days_left` days before expiry: the smallest threshold not yet passed
    (30 from 30 to 8 days left, 7 from 7 to 0), so a day the job missed is caught up next run."""
    due = [days for days in REMINDER_DAYS if 0 <= days_left <= days]
    return min(due) if due else None


def send_expiry_reminders(*, today: dt.date | None = None) -> int:
    """SMS each active licence's holder 30 and 7 days before expiry; never twice for the same
    licence, threshold and expiry date (a `LicenceReminder` row, unique, written with the SMS in
    one transaction). Returns how many were queued."""
    today = today or timezone.localdate()
    horizon = today + dt.timedelta(days=max(REMINDER_DAYS))
    candidates = Licence.objects.filter(
        status=Status.ACTIVE, expires_on__gte=today, expires_on__lte=horizon
    ).select_related("office", "holder")
    sent = 0
    for licence in candidates:
        days_left = (licence.expires_on - today).days
        threshold = _threshold(days_left)
        if threshold is None:
            continue
        if LicenceReminder.objects.filter(
            licence=licence, days_before=threshold, expires_on=licence.expires_on
        ).exists():
            continue
        try:
            with transaction.atomic():
                LicenceReminder.objects.create(
                    licence=licence, days_before=threshold, expires_on=licence.expires_on
                )
                notify(
                    event="counters.licence_expiring",
                    values={
                        "office_code": ltr_code(licence.office.code),
                        "licence_number": ltr_code(licence.number),
                        "expires_on": format_date(licence.expires_on),
                        "days_left": to_persian_digits(days_left),
                    },
                    user=licence.holder,
                    related=licence,
                    key=f"licence-expiry:{licence.pk}:{threshold}:{licence.expires_on.isoformat()}",
                )
        except IntegrityError:  # another run took it between the check and the insert
            continue
        sent += 1
    logger.info("counters: %s licence expiry reminders queued", sent)
    return sent


def holder_account(*, national_code: str, mobile: str, first_name: str, last_name: str):
    """The licence holder's account by national code, or a new one without a password (they set
    it by SMS code); an existing account keeps its own mobile and names."""
    from accounts.models import User
    from core.validators import clean_mobile, clean_national_code

    errors = {}
    try:
        national_code = clean_national_code(national_code)
    except ValidationError as exc:
        errors["national_code"] = exc.messages
    existing = User.objects.filter(national_code=national_code).first() if not errors else None
    if existing is not None:
        return existing
    try:
        mobile = clean_mobile(mobile)
    except ValidationError as exc:
        errors["mobile"] = exc.messages
    first_name, last_name = normalize_text(first_name or "").strip(), normalize_text(last_name or "").strip()
    if not first_name or not last_name:
        errors["last_name"] = ["نام و نام خانوادگی دارنده تازه پروانه را بنویسید."]
    if errors:
        raise ValidationError(errors)
    return User.objects.create_user(national_code, mobile, None, first_name=first_name, last_name=last_name)
