"""The one workflow declaration: actor kind, source state and guard refuse in Persian and change
nothing; the effect, the state, the log and `finish` happen in one transaction under a row lock."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, models

from core.workflow import SYSTEM, Transition, Workflow


class Ticket(models.Model):
    class State(models.TextChoices):
        OPEN = "open", "باز"
        HELD = "held", "معلق"
        DONE = "done", "بسته"

    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    previous = models.CharField(max_length=10, blank=True)
    note = models.CharField(max_length=50, blank=True)

    class Meta:
        app_label = "core"
        managed = False

    def __str__(self) -> str:
        return self.state


LOG: list[tuple] = []


def _hold(ticket, step):
    ticket.previous = step.from_state


def _resume(ticket, step):
    back, ticket.previous = ticket.previous, ""
    return back


def _needs_note(ticket):
    return None if ticket.note else "پیش از بستن، یادداشت لازم است."


def _log(ticket, step):
    LOG.append((step.transition.name, step.from_state, step.to_state, step.actor, step.context))
    return len(LOG)


WORKFLOW = Workflow(
    model=Ticket,
    log=_log,
    transitions=[
        Transition("hold", "تعلیق", (Ticket.State.OPEN,), Ticket.State.HELD, "staff", effect=_hold),
        Transition("resume", "ازسرگیری", (Ticket.State.HELD,), None, "applicant", effect=_resume),
        Transition("close", "بستن", (Ticket.State.OPEN,), Ticket.State.DONE, "staff", guard=_needs_note),
    ],
)


@pytest.fixture
def table(transactional_db):
    LOG.clear()
    with connection.schema_editor() as editor:
        editor.create_model(Ticket)
    yield
    with connection.schema_editor() as editor:
        editor.delete_model(Ticket)


def test_refusals_name_the_transition_and_the_state_in_persian():
    ticket = Ticket(state=Ticket.State.DONE)
    assert WORKFLOW.refusal(ticket, "hold", actor_kind="applicant").code == "wrong_actor"
    refused = WORKFLOW.refusal(ticket, "hold", actor_kind="staff")
    assert refused.code == "invalid_transition" and refused.messages == ["«تعلیق» در وضعیت «بسته» مجاز نیست."]
    assert WORKFLOW.refusal(Ticket(), "close", actor_kind="staff").code == "guard"
    with pytest.raises(ValidationError) as unknown:
        WORKFLOW.refusal(ticket, "nonsense", actor_kind="staff")
    assert unknown.value.code == "unknown_transition"


def test_available_lists_what_this_kind_of_actor_may_do_now():
    assert [t.name for t in WORKFLOW.available(Ticket(), actor_kind="staff")] == ["hold"]
    assert [t.name for t in WORKFLOW.available(Ticket(note="ok"), actor_kind="staff")] == ["hold", "close"]
    assert WORKFLOW.available(Ticket(), actor_kind="applicant") == []


def test_apply_runs_the_effect_sets_the_state_and_logs_once(table):
    ticket = Ticket.objects.create()
    step = WORKFLOW.apply(ticket, "hold", actor="expert", actor_kind="staff", ip="10.0.0.1")
    assert (ticket.state, ticket.previous) == ("held", "open")  # the caller's object follows the row
    assert Ticket.objects.get().state == "held"
    assert LOG == [("hold", "open", "held", "expert", {"ip": "10.0.0.1"})] and step.event == 1
    WORKFLOW.apply(ticket, "resume", actor="applicant", actor_kind="applicant")
    assert Ticket.objects.get().state == "open"  # the effect chose the target: back where it was


def test_a_refused_transition_changes_nothing_and_logs_nothing(table):
    ticket = Ticket.objects.create()
    with pytest.raises(ValidationError):
        WORKFLOW.apply(ticket, "close", actor_kind="staff")
    with pytest.raises(ValidationError):
        WORKFLOW.apply(ticket, "resume", actor_kind="staff")
    assert Ticket.objects.get().state == "open" and LOG == []


def test_the_system_may_perform_any_transition_its_state_allows(table):
    ticket = Ticket.objects.create(note="پایان")
    WORKFLOW.apply(ticket, "close", actor_kind=SYSTEM)
    assert Ticket.objects.get().state == "done"


def test_a_stale_object_is_judged_by_the_row_not_by_the_copy(table):
    """A double submit: the second request holds an old copy; the locked row decides."""
    first = Ticket.objects.create()
    second = Ticket.objects.get(pk=first.pk)
    WORKFLOW.apply(first, "hold", actor_kind="staff")
    with pytest.raises(ValidationError) as refused:
        WORKFLOW.apply(second, "hold", actor_kind="staff")
    assert refused.value.code == "invalid_transition" and len(LOG) == 1
