"""The review workflow as a state machine with its event log, SMS and deadlines (clock moved, no sleep)."""

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from counters import services, wizard
from counters.models import Declaration, DeclarationEvent
from counters.tests.conftest import fill
from notifications.models import Notification

State = Declaration.State


def days_later(n: int) -> dt.datetime:
    return timezone.now() + dt.timedelta(days=n)


def sms(event: str):
    return Notification.objects.filter(event=event, channel="sms")


def test_submitted_file_has_twenty_calendar_days_for_review(submitted):
    assert submitted.due_on == timezone.localdate() + dt.timedelta(days=20)


def test_periods_can_count_working_days(settings, filled, holder):
    settings.MIZ_COUNTERS_DAYS_KIND = "working"
    declaration = services.confirm(declaration=filled, actor=holder, agree=True)
    from core.calendar import add_working_days

    assert declaration.due_on == add_working_days(timezone.localdate(), 20)


def test_return_with_notes_then_correction_then_approval(
    submitted, holder, expert, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        declaration = services.return_for_correction(
            declaration=submitted,
            actor=expert,
            notes={"staff": "کد ملی یکی از کارکنان با کارت ملی نمی‌خواند.", "contact": ""},
        )
    assert declaration.state == State.RETURNED
    assert declaration.due_on == timezone.localdate() + dt.timedelta(days=5)
    assert list(declaration.notes.values_list("section", flat=True)) == ["staff"]
    assert sms("counters.returned").get().user == holder
    assert declaration.holder_may_edit

    # The holder corrects (edits a step again) and resends: ten days of re-review.
    services.save_step(
        declaration=declaration,
        step="contact",
        values={"address": "کرج، خیابان بهار، پلاک ۲"},
        actor=holder,
    )
    declaration = services.confirm(declaration=declaration, actor=holder, agree=True)
    assert declaration.state == State.RESUBMITTED
    assert declaration.due_on == timezone.localdate() + dt.timedelta(days=10)

    with django_capture_on_commit_callbacks(execute=True):
        declaration = services.approve(
            declaration=declaration, actor=expert, recipients_score=Decimal(80), association_score=Decimal(60)
        )
    assert declaration.state == State.APPROVED
    assert declaration.final_score > 0 and declaration.rank is not None
    assert declaration.due_on == timezone.localdate() + dt.timedelta(days=7)
    message = sms("counters.approved").get()
    assert message.user == holder and "امتیاز نهایی" in message.body
    actions = list(declaration.events.values_list("action", flat=True))
    assert actions == ["create", "confirm", "return", "resubmit", "approve"]
    approve = declaration.events.get(action="approve")
    assert (approve.actor, approve.from_state, approve.to_state) == (expert, "resubmitted", "approved")


def test_transitions_outside_the_machine_are_refused(submitted, expert, holder):
    with pytest.raises(ValidationError):
        services.answer_objection(declaration=submitted, actor=expert, answer="x")
    with pytest.raises(ValidationError):
        services.submit_objection(declaration=submitted, actor=holder, text="اعتراض")
    with pytest.raises(ValidationError):
        services.return_for_correction(declaration=submitted, actor=expert, notes={})
    assert Declaration.objects.get(pk=submitted.pk).state == State.SUBMITTED


def test_approval_needs_both_scores_between_0_and_100(submitted, expert):
    with pytest.raises(ValidationError):
        services.approve(declaration=submitted, actor=expert, recipients_score=120, association_score=50)
    with pytest.raises(ValidationError):
        services.approve(declaration=submitted, actor=expert, recipients_score=None, association_score=50)
    assert Declaration.objects.get(pk=submitted.pk).state == State.SUBMITTED


@pytest.fixture
def approved(submitted, expert):
    return services.approve(declaration=submitted, actor=expert, recipients_score=90, association_score=70)


def test_objection_on_day_seven_is_accepted_and_answered_with_a_correction(approved, holder, expert):
    services.submit_objection(
        declaration=approved, actor=holder, text="امتیاز کارکنان کم حساب شده است.", now=days_later(7)
    )
    declaration = Declaration.objects.get(pk=approved.pk)
    assert declaration.state == State.OBJECTED
    declaration = services.answer_objection(
        declaration=declaration, actor=expert, answer="امتیاز کارکنان اصلاح شد.", corrected_score="85"
    )
    assert declaration.state == State.FINAL and declaration.final_score == Decimal("85.00")
    assert declaration.rank == 1
    assert declaration.objection.outcome == "corrected"
    assert declaration.objection.previous_score == approved.final_score


def test_objection_answered_keeping_the_score(approved, holder, expert):
    services.submit_objection(declaration=approved, actor=holder, text="اعتراض دارم.")
    declaration = services.answer_objection(
        declaration=Declaration.objects.get(pk=approved.pk), actor=expert, answer="امتیاز درست است."
    )
    assert declaration.final_score == approved.final_score
    assert declaration.objection.outcome == "kept"


def test_an_objection_on_day_eight_is_refused_and_nothing_changes(approved, holder):
    with pytest.raises(ValidationError) as info:
        services.submit_objection(
            declaration=approved, actor=holder, text="اعتراض دیرهنگام", now=days_later(8)
        )
    assert "مهلت" in str(info.value) and "پایان یافته" in str(info.value)
    declaration = Declaration.objects.get(pk=approved.pk)
    assert declaration.state == State.APPROVED
    assert not hasattr(declaration, "objection") or declaration.objection is None


# --- deadlines: the sweeper acts on expired windows --------------------------------------------------


def test_uncorrected_file_is_marked_late_and_the_region_told(submitted, expert, make_expert):
    declaration = services.return_for_correction(
        declaration=submitted, actor=expert, notes={"staff": "اصلاح شود"}
    )
    assert services.sweep_deadlines(now=days_later(5)) == {"late": 0, "escalated": 0, "locked": 0}
    assert services.sweep_deadlines(now=days_later(6)) == {"late": 1, "escalated": 0, "locked": 0}
    declaration.refresh_from_db()
    assert declaration.is_late and declaration.state == State.RETURNED
    assert sms("counters.late").filter(user=expert).exists()
    assert declaration.events.filter(action="late").count() == 1
    # A second sweep does nothing more.
    assert services.sweep_deadlines(now=days_later(7))["late"] == 0


def test_overdue_review_is_escalated_to_the_regions_head(submitted, expert, make_expert):
    head = make_expert(submitted.office.province.region, head=True)
    assert services.sweep_deadlines(now=days_later(20))["escalated"] == 0
    assert services.sweep_deadlines(now=days_later(21))["escalated"] == 1
    submitted.refresh_from_db()
    assert submitted.is_escalated
    told = set(sms("counters.escalated").values_list("user_id", flat=True))
    assert told == {head.pk}  # the head, not every expert
    assert submitted.events.get(action="escalate").data == {"heads_told": 1}


def test_closed_objection_window_locks_the_rank(approved, holder):
    assert services.sweep_deadlines(now=days_later(7))["locked"] == 0
    assert services.sweep_deadlines(now=days_later(8))["locked"] == 1
    declaration = Declaration.objects.get(pk=approved.pk)
    assert declaration.state == State.FINAL and declaration.locked_at is not None
    with pytest.raises(ValidationError):
        services.submit_objection(declaration=declaration, actor=holder, text="دیر")


def test_the_command_sweeps_with_the_clock_moved(submitted, time_machine):
    later = days_later(21)
    out = StringIO()
    time_machine.move_to(later, tick=False)
    call_command("counters_deadlines", stdout=out)
    assert "escalated: 1" in out.getvalue()
    call_command("counters_deadlines", "--now", days_later(30).isoformat(), stdout=out)
    assert Declaration.objects.get(pk=submitted.pk).is_escalated


def test_the_sweep_task_runs(settings, submitted, time_machine):
    from counters import tasks

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": []}
    }
    time_machine.move_to(days_later(21), tick=False)
    result = tasks.sweep_deadlines.enqueue()
    assert result.return_value["escalated"] == 1


def test_events_are_append_only(submitted):
    from core.eventlog import AppendOnlyError

    event = submitted.events.first()
    event.note = "changed"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    assert DeclarationEvent.objects.filter(pk=event.pk, note="").exists()


def test_resubmission_after_a_late_mark_keeps_the_late_flag(submitted, expert, holder):
    services.return_for_correction(
        declaration=submitted, actor=expert, notes={"documents": "تصویر تابلو تار است"}
    )
    services.sweep_deadlines(now=days_later(6))
    declaration = services.confirm(
        declaration=Declaration.objects.get(pk=submitted.pk), actor=holder, agree=True
    )
    assert declaration.state == State.RESUBMITTED and declaration.is_late


def test_a_returned_file_opens_again_for_the_holder_only_while_returned(declaration, holder, expert):
    fill(declaration)
    declaration = services.confirm(declaration=declaration, actor=holder, agree=True)
    with pytest.raises(ValidationError):
        services.save_step(declaration=declaration, step="contact", values={"address": "x"}, actor=holder)


def test_a_returned_file_shows_its_confirmation_as_to_be_done_again(client, submitted, expert, holder):
    """The side bar must not say "done" for the confirmation the holder has yet to repeat."""
    services.return_for_correction(
        declaration=submitted, actor=expert, notes={"contact": "کد پستی را اصلاح کنید."}
    )
    returned = Declaration.objects.get(pk=submitted.pk)
    confirm = next(s for s in wizard.status(returned) if s.step.slug == "confirm")
    assert (confirm.done, confirm.open) == (False, True)
    client.force_login(holder)
    response = client.get(reverse("counters:declaration", args=[returned.pk]))
    assert response.url.endswith("/step/confirm/")
    html = client.get(response.url).content.decode()
    assert 'data-step="confirm" data-done="0"' in html
    services.confirm(declaration=returned, actor=holder, agree=True)
    confirm = next(
        s for s in wizard.status(Declaration.objects.get(pk=submitted.pk)) if s.step.slug == "confirm"
    )
    assert confirm.done


def test_a_correction_above_the_highest_possible_score_is_refused(approved, holder, expert):
    """A slip such as 615 for 61.5 would lock the best rank for good: refused, nothing changed."""
    from counters import scoring
    from counters.models import Criterion

    assert scoring.highest_possible() == Decimal("100.00")  # the documented default (decision 0020)
    services.submit_objection(declaration=approved, actor=holder, text="اعتراض دارم.")
    with pytest.raises(ValidationError) as info:
        services.answer_objection(
            declaration=Declaration.objects.get(pk=approved.pk),
            actor=expert,
            answer="اصلاح شد.",
            corrected_score="615",
        )
    assert "بیشینه امتیاز ممکن (۱۰۰)" in " ".join(info.value.messages)
    declaration = Declaration.objects.get(pk=approved.pk)
    assert declaration.state == State.OBJECTED and declaration.final_score == approved.final_score
    Criterion.objects.filter(code="staff").update(max_points=None)  # counted without a cap
    assert scoring.highest_possible() is None


def test_a_file_with_a_history_cannot_be_deleted_with_its_history(submitted):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        submitted.delete()
    assert DeclarationEvent.objects.filter(declaration=submitted).exists()
