"""Lines' helpers of `core.tests.demo_forms.FORMS` for the region's review of an office's file,
the planning office's entry, plans, quality runs and report, and the 1517 line: what each line
puts back before a pass and what its submission must have saved (as in `effects`)."""

from collections.abc import Callable

from complaints.views import PHONE_KEY
from core.tests.demo_forms.base import NOTE, Choose, _counts
from core.tests.demo_forms.effects import _when_free, intake_step
from core.text import normalize_digits, to_persian_digits
from core.validators import national_code_with_check_digit

# --- the region's review of an office's file ------------------------------------------------------


@_when_free
def _review_as_seeded(user) -> None:
    """The files the review lines' earlier passes returned or approved back in review, as they were
    (state and deadline: the workbench orders by it); the one the review page shows now noted."""
    from core.tests.demo_forms.wizard import _review
    from counters.models import Declaration

    for pk, (state, due_on) in _counts.get("reviewed", {}).items():
        Declaration.objects.filter(pk=pk).update(state=state, due_on=due_on)
    shown = Declaration.objects.get(pk=int(_review(user).rstrip("/").rsplit("/", 1)[1]))
    _counts.setdefault("reviewed", {}).setdefault(shown.pk, (shown.state, shown.due_on))
    _counts["review"] = shown.pk


def _reviewed_now(state: str, **values) -> Callable:
    def effect(user) -> str:
        from counters.models import Declaration

        file = Declaration.objects.get(pk=_counts["review"])
        wrong = {name: getattr(file, name) for name, value in values.items() if getattr(file, name) != value}
        if file.state != state or wrong:
            return f"the file is {file.state} with {wrong}, not {state} with {values}"
        return ""

    return effect


RETURN = {"id_note_details": NOTE}  # a note on one section sends the file back
APPROVE = {"id_recipients_score": "۸۰", "id_association_score": "۷۰"}  # scores out of 100
CORRECT = {  # the committee rules the first item of the list committed ("yes", the first choice)
    "id_correct-item": Choose(1),
    "id_correct-ruling_date": "۱۴۰۵/۰۱/۱۵",
    "id_correct-ruling_number": "۱۲۳",
    "id_correct-reason": NOTE,
}


@_when_free
def _first_item_not_committed(user) -> None:
    """The office's answer to the first item (by number) is «no», so the ruling «yes» changes it."""
    from counters.models import Declaration

    file = Declaration.objects.get(pk=_counts["review"])
    first = file.violation_answers.order_by("item__number").first()
    type(first).objects.filter(pk=first.pk).update(committed=False, ruling_date=None)


def _my_corrections(user):
    from counters.models import ViolationCorrection

    return ViolationCorrection.objects.filter(corrected_by=user)


def _correction_ready(user) -> None:
    """The file in review, its first item answered «no», the corrections so far counted."""
    _review_as_seeded(user)
    _first_item_not_committed(user)
    _counts["corrections"] = _my_corrections(user).count()


def _corrected(user) -> str:
    made = _my_corrections(user)
    if made.count() != _counts["corrections"] + 1:
        return f"{made.count() - _counts['corrections']} corrections made, not one"
    return _correction_kept(made.order_by("-pk").first())


def _correction_kept(correction) -> str:
    number = normalize_digits(correction.ruling_number)
    if not correction.committed or number != "123" or correction.reason != NOTE:
        return f"the correction is {correction.committed} {correction.ruling_number!r} {correction.reason!r}"
    return ""


# --- the planning office's data entry, plans, quality and report ----------------------------------


def _value_audits(user):
    from performance.models import DataValueAudit

    return DataValueAudit.objects.filter(changed_by=user, new_value=12)


def _value_unset(user) -> None:
    """The value the previous pass typed changed back, so this pass's is a change again."""
    from performance.models import DataValue

    typed = DataValue.objects.filter(activity__code="P009", org_unit__code="IR-15", measure="plan", value=12)
    typed.update(value=11)
    _counts["typed values"] = _value_audits(user).count()


def _value_typed(user) -> str:
    from performance.models import DataValue

    audits = _value_audits(user).count() - _counts["typed values"]
    kept = DataValue.objects.filter(activity__code="P009", org_unit__code="IR-15", measure="plan", value=12)
    return (
        ""
        if audits == 1 and kept.exists()
        else f"{audits} changes to 12 logged, the value kept: {kept.exists()}"
    )


def _my_exceptions(user):
    from performance.models import LockException

    return LockException.objects.filter(granted_by=user, reason=NOTE)


def _no_exception(user) -> None:
    _my_exceptions(user).delete()


def _exception_granted(user) -> str:
    granted = _my_exceptions(user).filter(org_unit__code="IR-15").count()
    return "" if granted == 1 else f"{granted} lock exceptions for IR-15 granted, not one"


def _my_runs(user):
    from performance.models import ValidationRun

    return ValidationRun.objects.filter(started_by=user, trigger=ValidationRun.Trigger.DEMAND)


REVISION = "برنامه آزمون"


def _no_open_revision(user) -> None:
    """The year in force has no draft or proposed revision (a year has one open at a time): the
    one the previous pass (or the demo) started set aside."""
    from performance.models import PlanVersion

    open_ = PlanVersion.objects.filter(state__in=(PlanVersion.State.DRAFT, PlanVersion.State.PROPOSED))
    open_.update(state=PlanVersion.State.SUPERSEDED)
    _counts["revisions"] = _revisions(user).count()


def _revisions(user):
    from performance.models import PlanVersion

    return PlanVersion.objects.filter(title=REVISION)


def _revision_started(user) -> str:
    from performance.models import PlanVersion

    started = _revisions(user)
    if started.count() != _counts["revisions"] + 1:
        return f"{started.count() - _counts['revisions']} revisions started, not one"
    newest = started.order_by("-pk").first()
    return "" if newest.state == PlanVersion.State.DRAFT else f"the revision is {newest.state}"


def _runs_seen(user) -> None:
    _counts["runs"] = _my_runs(user).count()


def _run(user) -> str:
    ran = _my_runs(user).count() - _counts["runs"]
    return "" if ran == 1 else f"{ran} quality runs, not one"


def _my_builds(user):
    from performance.models import ReportBuild

    return ReportBuild.objects.filter(requested_by=user)


def _no_live_build(user) -> None:
    """No build of the report under way or done (one would be handed back, not requested anew)."""
    from performance.models import ReportBuild

    ReportBuild.objects.exclude(state=ReportBuild.State.FAILED).update(state=ReportBuild.State.FAILED)
    _counts["builds"] = _my_builds(user).count()


def _build_requested(user) -> str:
    asked = _my_builds(user).count() - _counts["builds"]
    return "" if asked == 1 else f"{asked} builds of the report requested, not one"


def _submission_in_draft(user) -> None:
    """The unit's round for 1400 back in entry (the previous pass sent it)."""
    from performance.models import Submission

    Submission.objects.filter(org_unit__code="IR-15", period__code="1400").update(
        state=Submission.State.DRAFT
    )
    _counts["moves"] = _moves(user).count()


def _moves(user):
    from performance.models import SubmissionEvent

    return SubmissionEvent.objects.filter(actor=user, to_state="submitted", note=NOTE)


def _sent(user) -> str:
    sent = _moves(user).count() - _counts["moves"]
    return "" if sent == 1 else f"{sent} rounds sent with the note, not one"


# --- the 1517 line ------------------------------------------------------------------------------

CALLER_CODE = national_code_with_check_digit("004455671")
CALLER_MOBILE = "+989127770088"
CALLER = {
    "id_national_code": to_persian_digits(CALLER_CODE),
    "id_mobile": "۰۹۱۲۷۷۷۰۰۸۸",
    "id_first_name": "پرویز",
    "id_last_name": "تماس‌گیرنده",
}


def _imported(user):
    from complaints.models import Complaint

    return Complaint.objects.filter(external_system="samad", external_reference__startswith="KBD-")


def _imports_seen(user) -> None:
    _counts["imported"] = _imported(user).count()


def _complaint_imported(user) -> str:
    filed = _imported(user)
    if filed.count() != _counts["imported"] + 1:
        return f"{filed.count() - _counts['imported']} complaints imported, not one"
    last = filed.order_by("-pk").first()
    return "" if last.complained_unit.code == "IR-15" else f"the complaint is about {last.complained_unit}"


def _licence_imported(user) -> str:
    from core.jalali import parse_date
    from core.tests.demo_forms.base import LICENCE_EXPIRES
    from core.tests.demo_forms.regulator import _licence

    expires = _licence().expires_on
    return "" if expires == parse_date(LICENCE_EXPIRES) else f"the licence still expires on {expires}"


def _actuals(user):
    from core.tests.demo_forms.base import ENTRY_ACTUAL
    from performance.models import DataValueAudit

    return DataValueAudit.objects.filter(changed_by=user, new_value=ENTRY_ACTUAL)


def _actual_unset(user) -> None:
    """The actual the previous pass imported changed back, so this pass's is a change again."""
    from performance.models import DataValue

    actual = DataValue.objects.filter(activity__code="P009", org_unit__code="IR-15", measure="actual")
    actual.update(value=1)
    _counts["imported values"] = _actuals(user).count()


def _actual_imported(user) -> str:
    added = _actuals(user).count() - _counts["imported values"]
    return "" if added == 1 else f"{added} changes to the workbook's value logged, not one"


def _uploaded_plan(user):
    from core.tests.demo_forms.regulator import _plan_draft
    from performance.models import DataValue

    return DataValue.objects.filter(
        plan_version=_plan_draft(), activity__code="P010", org_unit__code="IR-15", measure="plan"
    )


def _plan_unset(user) -> None:
    """The plan value the previous pass uploaded changed back (this pass's is a change again)."""
    from core.tests.demo_forms.regulator import _plan_draft_page

    _plan_draft_page(user)  # the draft, started if there is none
    _uploaded_plan(user).update(value=1)


def _plan_uploaded(user) -> str:
    from core.tests.demo_forms.base import PLAN_UPLOADED

    values = list(_uploaded_plan(user).values_list("value", flat=True))
    return "" if values == [PLAN_UPLOADED] else f"the draft plans {values} for P010, not {PLAN_UPLOADED}"


# What a line's `before` and `effect` are (`DemoForm(..., **RETURNED)`).
RETURNED = {"before": _review_as_seeded, "effect": _reviewed_now("returned")}
APPROVED = {
    "before": _review_as_seeded,
    "effect": _reviewed_now("approved", recipients_score=80, association_score=70),
}
CORRECTED = {"before": _correction_ready, "effect": _corrected}
VALUE_TYPED = {"before": _value_unset, "effect": _value_typed}
EXCEPTION_GRANTED = {"before": _no_exception, "effect": _exception_granted}
REVISION_STARTED = {"before": _no_open_revision, "effect": _revision_started}
RUN = {"before": _runs_seen, "effect": _run}
BUILD_REQUESTED = {"before": _no_live_build, "effect": _build_requested}
ROUND_SENT = {"before": _submission_in_draft, "effect": _sent}
CALLER_IDENTIFIED = intake_step(PHONE_KEY, "national_code", CALLER_CODE, CALLER_MOBILE)
COMPLAINT_IMPORTED = {"before": _imports_seen, "effect": _complaint_imported}
VALUES_IMPORTED = {"before": _actual_unset, "effect": _actual_imported}
PLAN_UPLOADED = {"before": _plan_unset, "effect": _plan_uploaded}
