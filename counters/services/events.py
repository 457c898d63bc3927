"""The review workflow of a self-declaration file (declared with `core.workflow`), its log and
who is told of each step."""

from __future__ import annotations

import datetime as dt
import logging

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from accounts.models import Role
from core.workflow import SYSTEM, Transition, Workflow
from counters.models import Declaration, DeclarationEvent, ReviewNote
from counters.selectors import expert_region_ids, holder_offices, review_refusal
from notifications.services import notify

State = Declaration.State
logger = logging.getLogger(__name__)


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
    "correct_violation": "اصلاح تخلف به حکم کمیته کشوری",
    "visit": "ثبت نتیجه بازدید دفتر",
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


def check_reviewer(actor, declaration) -> None:
    """Refuse, in Persian, a review step by anyone but an expert of the office's region without a
    stake in the office (counters.selectors.review_refusal). Every review service starts here."""
    if reason := review_refusal(actor, declaration):
        raise PermissionDenied(reason)


def check_holder(actor, office) -> None:
    """Refuse, in Persian, a write of the holder's (the wizard, confirmation, an objection, the
    identity check) by anyone but the holder of the office's licence (`selectors.holder_offices`,
    the rule the holder's pages read with). Every holder service starts here."""
    if not holder_offices(actor).filter(pk=office.pk).exists():
        raise PermissionDenied("این دفتر از آنِ شما نیست و پرونده آن با شما نیست.")


def check_region_expert(actor, office) -> None:
    """Refuse, in Persian, a region's write about an office (settling an identity report) by
    anyone but an expert of the office's region."""
    if office.province.region_id not in expert_region_ids(actor):
        raise PermissionDenied("این دفتر در منطقه شما نیست و رسیدگی به آن با شما نیست.")


def add_notes(declaration, notes, *, author, at: dt.datetime | None = None) -> None:
    """The expert's notes (`(section, text)` pairs) on the file's current review round."""
    for section, text in notes:
        ReviewNote.objects.create(
            declaration=declaration,
            review_round=declaration.review_round,
            section=section,
            text=text,
            author=author,
            created_at=at or timezone.now(),
        )


def _today(now: dt.datetime | None = None) -> dt.date:
    return timezone.localdate(now or timezone.now())


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


def _tell_region(declaration, *, event: str, values: dict, key: str, heads_only: bool = False) -> int:
    """Queue `event`'s text (counters.notices) filled with `values` to each expert of the region."""
    people = list(_region_people(declaration, heads_only=heads_only))
    for person in people:
        notify(event=event, values=values, user=person, related=declaration, key=f"{key}:{person.pk}")
    return len(people)


def _holder(declaration):
    licence = getattr(declaration.office, "licence", None)
    return licence.holder if licence else None


def _tell_holder(declaration, *, event: str, values: dict, key: str) -> None:
    holder = _holder(declaration)
    if holder is None:
        logger.warning("counters: office %s has no licence holder to tell", declaration.office_id)
        return
    notify(event=event, values=values, user=holder, related=declaration, key=key)
