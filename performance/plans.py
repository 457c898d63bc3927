"""Plan versions as a workflow (R3): a revised programme («برنامه ۱۴۰۰، ویرایش دوم») is started
as a copy of the version in force, edited, proposed, approved by someone else, and becomes the
one version in force for its year, the one reports use. The version it replaces is kept,
read-only, as superseded; `selectors.version_diff` shows what changed.

    start (HQ planner) ─▶ draft ──propose (HQ planner)──▶ proposed ──approve (another)──▶ in_force
                           ▲                                 │                              │
                           └──────return, with its reason────┘          next approval ─▶ superseded

Guards, on propose and on approve: the year is not locked (its data-entry deadline has not
passed), and the revision does not remove an activity that already has actuals in a unit (its
plan there in the version in force has no plan in the revision). Separation of duties (decision
0056): nobody approves or returns a version they started, proposed or edited. Every refusal is a
Persian message and changes nothing.
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core.text import to_persian_digits
from core.workflow import Step, Transition, Workflow
from performance import selectors
from performance.models import DataValue, DataValueAudit, Measure, Period, PlanVersion, PlanVersionEvent
from performance.services import get_or_create_period, set_value

State = PlanVersion.State
PLANNER = "planner"  # starts, edits and proposes a revision: an HQ planner
APPROVER = "approver"  # approves or returns it: an HQ planner or administrator who did not prepare it


def year_lock_reason(year: int, *, today=None) -> str | None:
    """Why the year's programme may no longer be revised: its data-entry deadline has passed."""
    today = today or timezone.localdate()
    period = Period.objects.filter(kind=Period.Kind.YEAR, year=year).first()
    if period and period.lock_after and today > period.lock_after:
        return f"سال {to_persian_digits(year)} قفل است (مهلت ورود داده آن گذشته) و برنامه آن ویرایش نمی‌شود."
    return None


def removed_with_actuals(version: PlanVersion) -> list[tuple[str, str]]:
    """(activity, unit) pairs planned in the version in force of the year (or the version this
    one was copied from) that have actuals in the year but no plan in `version`."""
    reference = selectors.plan_version_for(version.year) or version.based_on
    if reference is None or reference.pk == version.pk:
        return []
    in_year = DataValue.objects.filter(period__year=version.year)
    kept = set(in_year.filter(plan_version=version).values_list("activity_id", "org_unit_id"))
    planned = set(in_year.filter(plan_version=reference).values_list("activity_id", "org_unit_id"))
    gone = planned - kept
    if not gone:
        return []
    actuals = in_year.filter(measure=Measure.ACTUAL, activity_id__in={a for a, _ in gone})
    with_actuals = set(actuals.values_list("activity_id", "org_unit_id")) & gone
    rows = (
        in_year.filter(plan_version=reference)
        .values_list("activity_id", "org_unit_id", "activity__code", "org_unit__name")
        .distinct()
        .order_by("activity__code", "org_unit__name")
    )
    return [(code, unit) for a, u, code, unit in rows if (a, u) in with_actuals]


def _removal_message(pairs) -> str:
    shown = "، ".join(f"«{code}» در {unit}" for code, unit in pairs[:5])
    more = f" و {to_persian_digits(len(pairs) - 5)} مورد دیگر" if len(pairs) > 5 else ""
    return (
        f"این ویرایش برنامهِ فعالیت‌هایی را که عملکرد ثبت‌شده دارند حذف می‌کند: {shown}{more}. "
        "برنامه آن‌ها را نگه دارید (صفر هم مجاز است)."
    )


def _ready(version: PlanVersion) -> str | None:
    if reason := year_lock_reason(version.year):
        return reason
    if pairs := removed_with_actuals(version):
        return _removal_message(pairs)
    return None


def _supersede_in_force(version: PlanVersion, step: Step) -> None:
    """Approval's effect: the year's version in force (locked) is kept as superseded first, so
    that only one version is ever in force for a year."""
    previous = (
        PlanVersion.objects.select_for_update()
        .filter(year=version.year, state=State.IN_FORCE)
        .exclude(pk=version.pk)
        .first()
    )
    if previous is not None:
        WORKFLOW.apply(
            previous,
            "supersede",
            actor=step.actor,
            actor_kind=APPROVER,
            locked=True,
            note=f"جایگزین شد با «{version.title}»",
        )


WORKFLOW = Workflow(
    model=PlanVersion,
    log=PlanVersionEvent.logger("version"),
    transitions=[
        Transition("propose", "ارسال برای تأیید", (State.DRAFT,), State.PROPOSED, PLANNER, guard=_ready),
        Transition("return", "بازگرداندن برای اصلاح", (State.PROPOSED,), State.DRAFT, APPROVER),
        Transition(
            "approve",
            "تأیید و اجرا",
            (State.PROPOSED,),
            State.IN_FORCE,
            APPROVER,
            guard=_ready,
            effect=_supersede_in_force,
        ),
        # only as approval's effect on the version it replaces (never a button: see USER_MOVES)
        Transition("supersede", "جایگزینی با ویرایش تازه", (State.IN_FORCE,), State.SUPERSEDED, APPROVER),
    ],
)
USER_MOVES = ("propose", "return", "approve")


def preparers(version: PlanVersion) -> set[int]:
    """Who prepared the version: started or proposed it, or changed one of its values."""
    ids = set(
        version.events.filter(Q(from_state="") | Q(to_state=State.PROPOSED))
        .exclude(actor=None)
        .values_list("actor_id", flat=True)
    )
    edits = DataValueAudit.objects.filter(key__endswith=f"|{version.code}").exclude(changed_by=None)
    return ids | set(edits.values_list("changed_by_id", flat=True))


def check_planner(user) -> None:
    if not selectors.is_planner(user):
        raise PermissionDenied("ویرایش برنامه را فقط برنامه‌ریز ستاد انجام می‌دهد.")


def check_move(*, user, version: PlanVersion, name: str, note: str = "") -> str:
    """The actor kind `user` performs `name` as, or a Persian refusal (nothing changed)."""
    if name not in USER_MOVES:
        raise ValidationError("عملیات ناشناخته است.", code="unknown_transition")
    check_planner(user)
    if name == "propose":
        return PLANNER
    if user.pk in preparers(version):
        raise PermissionDenied(
            "نسخه‌ای را که خودتان ساخته، ویرایش یا پیشنهاد کرده‌اید نمی‌توانید تأیید یا بازگردانید."
        )
    if name == "return" and not note.strip():
        raise ValidationError("برای بازگرداندن، علت را بنویسید.")
    return APPROVER


def available_moves(user, version: PlanVersion) -> list[Transition]:
    """The buttons this user sees on the version (`move` checks again)."""
    moves = []
    for name in USER_MOVES:
        try:
            kind = check_move(user=user, version=version, name=name, note="-")
        except (ValidationError, PermissionDenied):
            continue
        if WORKFLOW.refusal(version, name, actor_kind=kind) is None:
            moves.append(WORKFLOW[name])
    return moves


@transaction.atomic
def move(*, user, version: PlanVersion, name: str, note: str = "") -> PlanVersion:
    kind = check_move(user=user, version=version, name=name, note=note)
    WORKFLOW.apply(version, name, actor=user, actor_kind=kind, note=note.strip())
    return version


def _next_code(year: int) -> str:
    n = PlanVersion.objects.filter(year=year).count() + 1
    while PlanVersion.objects.filter(code=f"{year}-r{n}").exists():
        n += 1
    return f"{year}-r{n}"


@transaction.atomic
def start_revision(*, user, year: int, title: str) -> PlanVersion:
    """A draft copying every plan value of the year's version in force."""
    check_planner(user)
    title = title.strip()
    if not title:
        raise ValidationError("عنوان ویرایش برنامه را بنویسید.")
    if reason := year_lock_reason(year):
        raise ValidationError(reason)
    base = PlanVersion.objects.select_for_update().filter(year=year, state=State.IN_FORCE).first()
    if base is None:
        raise ValidationError(f"برای سال {to_persian_digits(year)} نسخه برنامه جاری نیست که ویرایش شود.")
    open_ = PlanVersion.objects.filter(year=year, state__in=(State.DRAFT, State.PROPOSED)).first()
    if open_ is not None:
        raise ValidationError(f"ویرایش «{open_.title}» برای این سال هنوز باز است؛ همان را تکمیل کنید.")
    version = PlanVersion.objects.create(
        code=_next_code(year), title=title, year=year, state=State.DRAFT, based_on=base
    )
    DataValue.objects.bulk_create(
        DataValue(
            activity_id=v.activity_id,
            breakdown_id=v.breakdown_id,
            org_unit_id=v.org_unit_id,
            period_id=v.period_id,
            measure=Measure.PLAN,
            plan_version=version,
            value=v.value,
            source="revision",
        )
        for v in DataValue.objects.filter(plan_version=base)
    )
    PlanVersionEvent.objects.create(
        version=version, from_state="", to_state=State.DRAFT, actor=user, note=f"رونوشت از «{base.title}»"
    )
    return version


def draft_refusal(version: PlanVersion) -> str | None:
    """Why the version's plan values may not be changed now (it is not a draft, or its year is
    locked), or None."""
    if not version.is_editable:
        return f"«{version.title}» {version.get_state_display()} است و ویرایش نمی‌شود."
    return year_lock_reason(version.year)


@transaction.atomic
def set_plan(*, user, **change):
    """A planner's change (or with None removal) of one plan value of a draft: `record_plan` with
    the rest of the change (version, activity, breakdown, unit, value, and `period` or, without
    one, the version's year, its period made only when the change is allowed)."""
    check_planner(user)
    return record_plan(user=user, **change)


@transaction.atomic
def record_plan(
    *,
    version: PlanVersion,
    activity,
    breakdown,
    unit,
    value: Decimal | None,
    period: Period | None = None,
    user=None,
    source: str = "revision",
    note: str = "",
):
    """Change (or with None remove) one plan value of a draft once its actor has been checked;
    removing the last plan of an activity in a unit that has actuals in the year is refused.
    Without `period`, the version's year; a refusal leaves no new period behind."""
    version = PlanVersion.objects.select_for_update().get(pk=version.pk)
    if reason := draft_refusal(version):
        raise ValidationError(reason)
    if breakdown.activity_id != activity.pk:
        raise ValidationError("این تفکیک از آنِ این فعالیت نیست.")
    if period is None:
        period = get_or_create_period(kind=Period.Kind.YEAR, year=version.year)
    if value is None:
        others = DataValue.objects.filter(
            plan_version=version, activity=activity, org_unit=unit, period__year=version.year
        ).exclude(breakdown=breakdown, period=period)
        has_actuals = DataValue.objects.filter(
            measure=Measure.ACTUAL, activity=activity, org_unit=unit, period__year=version.year
        ).exists()
        if has_actuals and not others.exists():
            raise ValidationError(_removal_message([(activity.code, unit.name)]))
    return set_value(
        activity=activity,
        breakdown=breakdown,
        org_unit=unit,
        period=period,
        measure=Measure.PLAN,
        value=value,
        plan_version=version,
        user=user,
        source=source,
        reason=note,
    )
