"""The region corrects an answer of a file's violations list where the national committee's ruling
differs from what the holder declared (P4, P8; seed 003, 4-2): the ruling's date and number are
required, the score and fines follow, the event log keeps it and the holder is told by SMS."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.text import to_persian_digits
from counters import notices
from counters.models import Declaration, ViolationAnswer, ViolationCorrection
from counters.services.events import _lock, _tell_holder, _today, check_reviewer
from counters.services.rescore import log_change, rescore, shown

State = Declaration.State
# While the holder edits the file (a draft, or returned for correction) the answers are theirs.
HOLDER_EDITING = (State.DRAFT, State.RETURNED)


@transaction.atomic
def correct_violation(
    *,
    declaration,
    actor,
    item,
    committed: bool,
    ruling_date,
    ruling_number: str,
    reason: str = "",
    ip=None,
    now=None,
) -> ViolationCorrection:
    """Set the answer to `item` to `committed` by the committee's ruling; only an expert of the
    office's region (without a stake in it) may, and nothing changes on any refusal."""
    declaration = _lock(declaration.pk)
    check_reviewer(actor, declaration)
    now = now or timezone.now()
    if declaration.state in HOLDER_EDITING:
        raise ValidationError(
            "پرونده در دست دارنده پروانه است؛ اصلاح تخلفات پس از ارسال پرونده به منطقه ثبت می‌شود.",
            code="bad_state",
        )
    if ruling_date is None:
        raise ValidationError(
            "تاریخ حکم کمیته کشوری را وارد کنید؛ اصلاح بدون تاریخ حکم ثبت نمی‌شود.", code="no_ruling_date"
        )
    if ruling_date > _today(now):
        raise ValidationError("تاریخ حکم کمیته کشوری نمی‌تواند پس از امروز باشد.", code="future_ruling")
    ruling_number = (ruling_number or "").strip()
    if not ruling_number:
        raise ValidationError("شماره حکم کمیته کشوری را وارد کنید.", code="no_ruling_number")
    answer = (
        ViolationAnswer.objects.select_for_update()
        .filter(declaration=declaration, item=item)
        .select_related("item")
        .first()
    )
    if answer is None:
        raise ValidationError("دفتر به این ردیف از تخلفات پاسخی نداده است.", code="no_answer")
    number = to_persian_digits(answer.item.number)
    if answer.committed == committed:
        raise ValidationError(
            f"پاسخ ردیف {number} همین است که حکم می‌گوید؛ اصلاحی لازم نیست.", code="unchanged"
        )
    before = shown(declaration)
    answer.committed = committed
    answer.ruling_date = ruling_date if committed else None
    answer.save()
    after = rescore(declaration, before)
    declaration.save()
    correction = ViolationCorrection.objects.create(
        declaration=declaration,
        item=answer.item,
        was_committed=not committed,
        committed=committed,
        ruling_date=ruling_date,
        ruling_number=ruling_number,
        reason=(reason or "").strip(),
        score_before=before.score,
        score_after=after.score,
        rank_before=before.rank,
        rank_after=after.rank,
        corrected_by=actor,
        corrected_at=now,
    )
    log_change(
        declaration,
        "correct_violation",
        actor=actor,
        ip=ip,
        note=notices.correction_line(correction),
        before=before,
        after=after,
        data={
            "item": answer.item.number,
            "committed": committed,
            "ruling_date": ruling_date.isoformat(),
            "ruling_number": ruling_number,
        },
    )
    _tell_holder(
        declaration,
        event="counters.violation_corrected",
        values=notices.violation_corrected(correction),
        key=f"counters.violation_corrected:{correction.pk}",
    )
    return correction
