"""The region's review: return for correction, approval with the final score, objections and answers."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.jalali import format_date
from core.text import to_persian_digits
from counters import conf, notices, scoring, wizard
from counters.models import (
    Declaration,
    Objection,
)
from counters.services.events import (
    HOLDER,
    REVIEWER,
    _lock,
    _tell_holder,
    _tell_region,
    _today,
    _transition,
    add_notes,
    check_holder,
    check_reviewer,
)

State = Declaration.State


@transaction.atomic
def return_for_correction(*, declaration, actor, notes: dict[str, str], ip=None, now=None) -> Declaration:
    declaration = _lock(declaration.pk)
    check_reviewer(actor, declaration)
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
    add_notes(declaration, notes.items(), author=actor)
    _tell_holder(
        declaration,
        event="counters.returned",
        values=notices.office_and_due(declaration),
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
    check_reviewer(actor, declaration)
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
        values=notices.approved(declaration, score),
        key=f"counters.approved:{declaration.pk}",
    )
    return declaration


@transaction.atomic
def submit_objection(*, declaration, actor, text: str, ip=None, now=None) -> Objection:
    declaration = _lock(declaration.pk)
    check_holder(actor, declaration.office)
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
        values=notices.office_and_due(declaration),
        key=f"counters.objection:{declaration.pk}",
    )
    return objection


@transaction.atomic
def answer_objection(
    *, declaration, actor, answer: str, corrected_score=None, ip=None, now=None
) -> Declaration:
    """The region's answer: the score is kept, or corrected (and the rank with it). The rank locks."""
    declaration = _lock(declaration.pk)
    check_reviewer(actor, declaration)
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
        values=notices.objection_answered(declaration, objection),
        key=f"counters.objection_answered:{declaration.pk}",
    )
    return declaration
