"""One way to declare a workflow: states, named transitions with guard, actor kind and effect,
applied under a row lock and logged in the same transaction (desk, counters, performance).

An app declares its machine once, on one screen:

    WORKFLOW = Workflow(
        model=Declaration,
        log=_log,                       # appends the app's event (an `AppendOnlyModel`)
        transitions=[
            Transition("approve", "تأیید", sources=(SUBMITTED,), target=APPROVED, actor=REVIEWER,
                       guard=_scores_entered, effect=_stamp_reviewer),
            ...
        ],
    )

and performs a transition with `WORKFLOW.apply(obj, "approve", actor=user, actor_kind=REVIEWER)`:
the row is locked (`select_for_update`), the actor kind, the source state and the guard are
checked (each refusal a Persian `ValidationError` with a code, nothing changed), the effect runs
(it may set fields and may choose the target), the state is set, the event is logged, `finish`
runs (for what reads the new event, such as the desk's clock) and the row is saved, all in one
transaction. Who the actor is (their role in the object's place) is the app's `check_*` before
`apply`; the workflow checks the kind of actor the transition is for.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

SYSTEM = "system"  # the scheduler and sweeps: may perform any transition whose state allows it


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: tuple[str, ...]
    target: str | None = None  # None: the effect returns it (e.g. back to where the object was)
    actor: str = ""  # the kind of actor it is for; SYSTEM may always act
    guard: Callable[[Any], str | None] | None = None  # a Persian reason to refuse, or None
    effect: Callable[[Any, Step], str | None] | None = None
    meta: Mapping[str, Any] = field(default_factory=dict)  # the app's own attributes (clock, …)

    def allowed_from(self, state: str) -> bool:
        return state in self.sources


@dataclass
class Step:
    """One transition being applied: what the effect, the log and `finish` are told."""

    transition: Transition
    obj: Any
    from_state: str
    to_state: str | None
    actor: Any
    actor_kind: str
    now: Any
    context: dict
    event: Any = None


class Workflow:
    def __init__(
        self,
        *,
        model: type[models.Model],
        transitions: Iterable[Transition],
        log: Callable[[Any, Step], Any],
        finish: Callable[[Any, Step], None] | None = None,
        state_field: str = "state",
    ):
        self.model = model
        self.transitions = {t.name: t for t in transitions}
        self.log = log
        self.finish = finish
        self.state_field = state_field

    def __getitem__(self, name: str) -> Transition:
        try:
            return self.transitions[name]
        except KeyError:
            raise ValidationError("عملیات ناشناخته است.", code="unknown_transition") from None

    def _state_label(self, state: str) -> str:
        choices = dict(self.model._meta.get_field(self.state_field).flatchoices)
        return str(choices.get(state, state))

    def refusal(self, obj, name: str, *, actor_kind: str) -> ValidationError | None:
        """Why `name` may not be performed on `obj` by this kind of actor now, or None."""
        transition = self[name]
        if actor_kind != SYSTEM and transition.actor and transition.actor != actor_kind:
            return ValidationError(f"«{transition.label}» از عهده شما نیست.", code="wrong_actor")
        state = getattr(obj, self.state_field)
        if not transition.allowed_from(state):
            return ValidationError(
                f"«{transition.label}» در وضعیت «{self._state_label(state)}» مجاز نیست.",
                code="invalid_transition",
            )
        if transition.guard and (problem := transition.guard(obj)):
            return ValidationError(problem, code="guard")
        return None

    def available(self, obj, *, actor_kind: str) -> list[Transition]:
        """Transitions this kind of actor may perform now (for buttons; `apply` checks again)."""
        return [
            t
            for t in self.transitions.values()
            if t.actor == actor_kind and self.refusal(obj, t.name, actor_kind=actor_kind) is None
        ]

    @transaction.atomic
    def apply(self, obj, name: str, *, actor=None, actor_kind: str, locked: bool = False, **context) -> Step:
        """Perform `name` on `obj`, or raise a Persian `ValidationError` and change nothing.

        With `locked=True` the caller holds the row lock in this transaction and `obj` is that
        locked row (its unsaved changes are saved with the transition); otherwise the row is
        locked and read here, and `obj` is brought up to date afterwards."""
        transition = self[name]
        row = obj if locked else self.model.objects.select_for_update().get(pk=obj.pk)
        if problem := self.refusal(row, name, actor_kind=actor_kind):
            raise problem
        step = Step(
            transition=transition,
            obj=row,
            from_state=getattr(row, self.state_field),
            to_state=transition.target,
            actor=actor,
            actor_kind=actor_kind,
            now=timezone.now(),
            context=context,
        )
        if transition.effect is not None:
            chosen = transition.effect(row, step)
            step.to_state = step.to_state or chosen
        if not step.to_state:
            raise ValueError(f"transition {name} chose no target state")
        setattr(row, self.state_field, step.to_state)
        step.event = self.log(row, step)
        if self.finish is not None:
            self.finish(row, step)
        row.save()
        if row is not obj:  # the caller's object follows the database
            for f in self.model._meta.concrete_fields:
                setattr(obj, f.attname, getattr(row, f.attname))
        return step
