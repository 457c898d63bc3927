"""Data entry (R4): who may enter what, locking after approval or an expiry date with recorded
exceptions, and the bottom-up approval (unit → province → HQ planning office)."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.selectors import has_role, org_unit_ids_for
from orgs.models import OrgUnit
from performance.models import (
    Activity,
    Breakdown,
    LockException,
    Measure,
    Period,
    PlanVersion,
    Submission,
    SubmissionEvent,
)
from performance.services import set_value

UNIT_ROLES = ("unit_head", "province_manager")


def can_enter(user, unit: OrgUnit, measure: str) -> bool:
    """Planners enter plans (and may correct actuals); a unit's head or its province manager
    enters the unit's actuals."""
    if has_role(user, "hq_planner") or has_role(user, "administrator"):
        return True
    if measure == Measure.PLAN:
        return False
    return unit.pk in org_unit_ids_for(user, *UNIT_ROLES)


def lock_reason(unit: OrgUnit, period: Period, *, today=None) -> str | None:
    """Why the unit's data for the period is closed, or None when it is open (an exception in
    force reopens it)."""
    today = today or timezone.localdate()
    if period.pk is None:  # a period not stored yet (a dry run) has no submission and no exception
        return None
    if LockException.objects.filter(org_unit=unit, period=period, valid_until__gte=today).exists():
        return None
    state = Submission.objects.filter(org_unit=unit, period=period).values_list("state", flat=True).first()
    if state == Submission.State.APPROVED:
        return f"داده‌های {unit} برای {period} تأیید نهایی و قفل شده است."
    if state in (Submission.State.SUBMITTED, Submission.State.PROVINCE_APPROVED):
        return f"داده‌های {unit} برای {period} برای تأیید ارسال شده و تا بازگشت قابل ویرایش نیست."
    if period.lock_after and today > period.lock_after:
        return f"مهلت ورود داده برای {period} گذشته است و دوره قفل است."
    return None


def enter_value(
    *,
    user,
    activity: Activity,
    unit: OrgUnit,
    period: Period,
    measure: str,
    value: Decimal | None,
    breakdown: Breakdown | None = None,
    plan_version: PlanVersion | None = None,
    source: str = "entry",
):
    if not can_enter(user, unit, measure):
        raise PermissionDenied(f"شما اجازه ثبت {dict(Measure.choices)[measure]} برای {unit} را ندارید.")
    reason = lock_reason(unit, period)
    if reason:
        raise ValidationError(reason)
    from performance import providers

    if measure == Measure.ACTUAL and providers.is_computed(activity):
        raise ValidationError(
            f"عملکرد «{activity}» از درخواست‌های انجام‌شده میز خدمت محاسبه می‌شود و دستی ثبت نمی‌شود."
        )
    exception = LockException.objects.filter(
        org_unit=unit, period=period, valid_until__gte=timezone.localdate()
    ).first()
    note = f"با استثنای قفل: {exception.reason}" if exception else ""
    return set_value(
        activity=activity,
        org_unit=unit,
        period=period,
        measure=measure,
        value=value,
        breakdown=breakdown,
        plan_version=plan_version,
        user=user,
        source=source,
        reason=note,
    )


def _role_for(user, submission: Submission, needed: str) -> bool:
    unit = submission.org_unit
    if has_role(user, "administrator"):
        return True
    if needed == "unit":
        return unit.pk in org_unit_ids_for(user, *UNIT_ROLES)
    if needed == "province_manager":
        return unit.pk in org_unit_ids_for(user, "province_manager")
    return has_role(user, needed)


@transaction.atomic
def move(*, user, unit: OrgUnit, period: Period, to: str, note: str = "") -> Submission:
    """One approval step; each transition is declared in Submission.TRANSITIONS with its role."""
    submission, _ = Submission.objects.select_for_update().get_or_create(org_unit=unit, period=period)
    current = submission.state
    # HQ offices and the research institute have no province step
    if to == Submission.State.SUBMITTED and unit.kind != OrgUnit.Kind.PROVINCE:
        needed = "unit"
    elif (
        current == Submission.State.SUBMITTED
        and to == Submission.State.APPROVED
        and unit.kind != OrgUnit.Kind.PROVINCE
    ):
        needed = "hq_planner"
    else:
        needed = Submission.TRANSITIONS.get((current, to))
    if needed is None:
        raise ValidationError(
            f"از وضعیت «{Submission.State(current).label}» به «{Submission.State(to).label}» نمی‌توان رفت."
        )
    if not _role_for(user, submission, needed):
        raise PermissionDenied("این گام تأیید با شما نیست.")
    if to == Submission.State.DRAFT and not note.strip():
        raise ValidationError("برای بازگرداندن، علت را بنویسید.")
    submission.state = to
    submission.save(update_fields=["state", "updated_at"])
    SubmissionEvent.objects.create(
        submission=submission, from_state=current, to_state=to, actor=user, note=note
    )
    if to == Submission.State.SUBMITTED:
        from performance.models import ValidationRun
        from performance.validation import run_rules

        run_rules(year=period.year, trigger=ValidationRun.Trigger.SUBMIT, user=user)
    return submission


@transaction.atomic
def grant_exception(*, user, unit: OrgUnit, period: Period, valid_until, reason: str) -> LockException:
    if not (has_role(user, "hq_planner") or has_role(user, "administrator")):
        raise PermissionDenied("استثنای قفل را فقط برنامه‌ریز ستاد ثبت می‌کند.")
    if not reason.strip():
        raise ValidationError("علت استثنا را بنویسید.")
    exception = LockException(
        org_unit=unit, period=period, valid_until=valid_until, reason=reason, granted_by=user
    )
    exception.full_clean()
    exception.save()
    return exception
