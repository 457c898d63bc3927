"""Data entry (R4): who may enter what, locking after approval or an expiry date with recorded
exceptions, and the bottom-up approval (unit → province → HQ planning office)."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import Role
from accounts.selectors import roles_at
from core.workflow import Transition, Workflow
from orgs.models import OrgUnit
from performance import selectors
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
from performance.services import get_or_create_period, set_value

UNIT_ROLES = (Role.UNIT_HEAD, Role.PROVINCE_MANAGER)


def can_enter(user, unit: OrgUnit, measure: str) -> bool:
    """Planners enter plans (and may correct actuals); a unit's head or its province manager
    enters the unit's actuals."""
    roles = roles_at(user, unit)
    if roles & {Role.HQ_PLANNER, Role.ADMINISTRATOR}:
        return True
    if measure == Measure.PLAN:
        return False
    return bool(roles & set(UNIT_ROLES))


def lock_reason(unit: OrgUnit, period: Period, *, today=None) -> str | None:
    """Why the unit's data for the period is closed, or None when it is open (an exception in
    force reopens it). A month or quarter is closed too when a period it lies in is (a monthly
    value cannot reopen a locked year), unless an exception reopens the month itself."""
    from performance.periods import PeriodKey

    today = today or timezone.localdate()
    reason = _own_lock(unit, period, today)
    if reason or _excepted(unit, period, today):
        return reason
    for key in PeriodKey(period.kind, period.year, period.number).containing():
        outer = Period.objects.filter(code=key.code).first()
        outer_reason = _own_lock(unit, outer, today) if outer else None
        if outer_reason:
            return f"{outer_reason} ثبت داده برای {period} هم بسته است."
    return None


def _excepted(unit: OrgUnit, period: Period, today) -> bool:
    return bool(
        period.pk
        and LockException.objects.filter(org_unit=unit, period=period, valid_until__gte=today).exists()
    )


def _own_lock(unit: OrgUnit, period: Period, today) -> str | None:
    if period.pk is None:  # a period not stored yet (a dry run) has no submission and no exception
        return None
    if _excepted(unit, period, today):
        return None
    state = Submission.objects.filter(org_unit=unit, period=period).values_list("state", flat=True).first()
    if state == Submission.State.APPROVED:
        return f"داده‌های {unit} برای {period} تأیید نهایی و قفل شده است."
    if state in (Submission.State.SUBMITTED, Submission.State.PROVINCE_APPROVED):
        return f"داده‌های {unit} برای {period} برای تأیید ارسال شده و تا بازگشت قابل ویرایش نیست."
    if period.lock_after and today > period.lock_after:
        return f"مهلت ورود داده برای {period} گذشته است و دوره قفل است."
    return None


def closed_reason(
    *, activity: Activity, unit: OrgUnit, period: Period, measure: str, locks: dict | None = None
) -> str | None:
    """Why no one may change this cell now (the unit's period is locked, or the actual is
    computed from the desk), or None when it is open. Who may is each caller's own check
    (`can_enter` for a person, scope and places for a client system). `locks`, when given,
    keeps each (unit, period)'s lock for the next cells of the same request."""
    locks = {} if locks is None else locks
    key = (unit.pk, period.code)
    if key not in locks:
        locks[key] = lock_reason(unit, period)
    if locks[key]:
        return locks[key]
    from performance import providers

    if measure == Measure.ACTUAL and providers.is_computed(activity):
        return f"عملکرد «{activity.title}» از درخواست‌های انجام‌شده میز خدمت محاسبه می‌شود و دستی ثبت نمی‌شود."
    return None


def entry_units(user) -> list[OrgUnit]:
    """The units whose figures `user` enters: every unit for a planner, else those where they
    head the unit or manage its province."""
    from accounts.selectors import org_unit_ids_for

    units = OrgUnit.objects.exclude(kind=OrgUnit.Kind.ORGANISATION).select_related("province")
    if selectors.is_planner(user):
        return list(units)
    return list(units.filter(pk__in=org_unit_ids_for(user, *UNIT_ROLES)))


def check_enterer(user) -> None:
    """Refuse, in Persian, someone who enters figures for no unit."""
    if not entry_units(user):
        raise PermissionDenied("ورود داده برای برنامه‌ریزان ستاد و مدیران واحدهاست.")


@transaction.atomic
def enter_typed(*, user, activity: Activity, unit: OrgUnit, period_key, measure: str, value: Decimal | None):
    """A value typed on screen for the period `period_key` (a `performance.periods.PeriodKey`), a
    plan in the year's version in force. The period is made here, and a refused value (a month
    of a locked year) leaves no new period behind."""
    if not can_enter(user, unit, measure):
        raise PermissionDenied(f"شما اجازه ثبت {dict(Measure.choices)[measure]} برای {unit} را ندارید.")
    version = selectors.plan_version_for(period_key.year) if measure == Measure.PLAN else None
    if measure == Measure.PLAN and version is None:
        raise ValidationError("برای این سال نسخه برنامه تعریف نشده است.")
    period = get_or_create_period(kind=period_key.kind, year=period_key.year, number=period_key.number)
    return enter_value(
        user=user,
        activity=activity,
        unit=unit,
        period=period,
        measure=measure,
        value=value,
        plan_version=version,
    )


def enter_value(*, user, unit: OrgUnit, measure: str, **cell):
    """A person's entry of one value: refused unless `can_enter`, then `record_value` with the
    rest of the cell (activity, period, value, breakdown, plan_version, source)."""
    if not can_enter(user, unit, measure):
        raise PermissionDenied(f"شما اجازه ثبت {dict(Measure.choices)[measure]} برای {unit} را ندارید.")
    return record_value(user=user, unit=unit, measure=measure, **cell)


def record_value(
    *,
    activity: Activity,
    unit: OrgUnit,
    period: Period,
    measure: str,
    value: Decimal | None,
    breakdown: Breakdown | None = None,
    plan_version: PlanVersion | None = None,
    source: str = "entry",
    user=None,
    note: str = "",
    locks: dict | None = None,
):
    """Store one value once its actor has been checked (`enter_value` for a person; a client
    system's scope and places in `performance.datavalues`): refused while the cell is closed,
    a lock exception in force noted on its audit row beside `note`."""
    reason = closed_reason(activity=activity, unit=unit, period=period, measure=measure, locks=locks)
    if reason:
        raise ValidationError(reason)
    exception = LockException.objects.filter(
        org_unit=unit, period=period, valid_until__gte=timezone.localdate()
    ).first()
    if exception:
        note = " ".join(filter(None, (note, f"با استثنای قفل: {exception.reason}")))
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
        reason=note[:300],
    )


def may_take_step(roles: set[str], needed: str) -> bool:
    """Whether the roles a user holds *for the unit* (accounts.selectors.roles_at) make the step
    `needed` of Submission's workflow theirs. A pure function: roles held elsewhere never reach it."""
    if Role.ADMINISTRATOR in roles:
        return True
    if needed == Submission.UNIT:
        return bool(roles & set(UNIT_ROLES))
    return needed in roles


def round_actors(submission: Submission) -> set[int]:
    """Who submitted or approved the current round (every move since the last return to draft)."""
    actors: set[int] = set()
    for to_state, actor_id in submission.events.order_by("-at", "-pk").values_list("to_state", "actor_id"):
        if to_state == Submission.State.DRAFT:
            break
        if actor_id is not None:
            actors.add(actor_id)
    return actors


def check_move(*, user, submission: Submission, to: str, note: str = "") -> None:
    """Refuse, in Persian, a move the workflow does not declare for this kind of unit, a move
    that is not this user's to make in this unit, an approval of one's own submission, and a
    return without its reason. Nothing is changed here."""
    current = submission.state
    needed = Submission.transitions_for(submission.org_unit).get((current, to))
    if needed is None:
        labels = dict(Submission.State.choices)
        raise ValidationError(
            f"از وضعیت «{labels.get(current, current)}» به «{labels.get(to, to)}» نمی‌توان رفت.",
            code="invalid_move",
        )
    if not may_take_step(roles_at(user, submission.org_unit), needed):
        raise PermissionDenied("این گام تأیید با شما نیست.")
    if to in Submission.APPROVALS and user.pk in round_actors(submission):
        raise PermissionDenied("داده‌هایی را که خودتان ارسال یا تأیید کرده‌اید نمی‌توانید تأیید کنید.")
    if to == Submission.State.DRAFT and not note.strip():
        raise ValidationError("برای بازگرداندن، علت را بنویسید.")


def available_moves(user, unit: OrgUnit, submission: Submission | None) -> list[str]:
    """The states this user may move the unit's figures to now (for the buttons; `move` checks
    again). A return to draft is listed although it needs its reason."""
    submission = submission or Submission(org_unit=unit)
    submission.org_unit = unit
    moves = []
    for (source, target), _needed in Submission.transitions_for(unit).items():
        if source != submission.state:
            continue
        try:
            check_move(user=user, submission=submission, to=target, note="-")
        except (ValidationError, PermissionDenied):
            continue
        moves.append(target)
    return moves


def _workflow(moves: dict[tuple[str, str], str]) -> Workflow:
    """Submission's declared moves for one kind of unit, as a `core.workflow` machine: each move
    is a transition named `source->target` whose actor kind is the step it needs."""
    labels = dict(Submission.State.choices)
    return Workflow(
        model=Submission,
        log=SubmissionEvent.logger("submission"),
        transitions=[
            Transition(f"{source}->{target}", str(labels[target]), (source,), target, needed)
            for (source, target), needed in moves.items()
        ],
    )


WORKFLOWS = {
    "province": _workflow(Submission.PROVINCE_TRANSITIONS),
    "hq": _workflow(Submission.HQ_TRANSITIONS),
}


def workflow_for(unit: OrgUnit) -> Workflow:
    return WORKFLOWS["province" if unit.kind == OrgUnit.Kind.PROVINCE else "hq"]


@transaction.atomic
def move(*, user, unit: OrgUnit, period: Period, to: str, note: str = "") -> Submission:
    """One approval step, as declared in Submission.transitions_for(unit). The row is locked, so
    a double submit waits for the first and is then refused; the validation rules run only after
    a submit that was accepted."""
    submission, _ = Submission.objects.select_for_update().get_or_create(org_unit=unit, period=period)
    submission.org_unit = unit
    check_move(user=user, submission=submission, to=to, note=note)
    current = submission.state
    needed = Submission.transitions_for(unit)[(current, to)]
    workflow_for(unit).apply(
        submission, f"{current}->{to}", actor=user, actor_kind=needed, locked=True, note=note
    )
    if to == Submission.State.SUBMITTED:
        from performance.models import ValidationRun
        from performance.validation import run_rules

        run_rules(year=period.year, trigger=ValidationRun.Trigger.SUBMIT, user=user)
    return submission


@transaction.atomic
@transaction.atomic
def grant_exception(
    *, user, unit: OrgUnit, valid_until, reason: str, period: Period | None = None, year: int | None = None
) -> LockException:
    """Reopen the unit's entry for `period` (or the whole `year`, its period made only once the
    exception is allowed) until `valid_until`."""
    if not selectors.is_planner(user):
        raise PermissionDenied("استثنای قفل را فقط برنامه‌ریز ستاد ثبت می‌کند.")
    if not reason.strip():
        raise ValidationError("علت استثنا را بنویسید.")
    if period is None:
        period = get_or_create_period(kind=Period.Kind.YEAR, year=year)
    exception = LockException(
        org_unit=unit, period=period, valid_until=valid_until, reason=reason, granted_by=user
    )
    exception.full_clean()
    exception.save()
    return exception
