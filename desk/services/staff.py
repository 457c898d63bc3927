"""Staff work on a request: assignment, transitions and reassignment to another unit."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags

from accounts.models import Role
from accounts.selectors import roles_at
from core.text import ltr_code, normalize_text
from desk import notices, search, selectors, workflow
from desk.models import (
    Message,
    RequestEvent,
    ServiceRequest,
    State,
)
from desk.services import alerts
from desk.services.access import HEAD_ROLES, _staff_role, check_staff
from desk.services.intake import route_unit
from desk.services.routing import check_receiving_unit
from orgs.models import OrgUnit

Kind = RequestEvent.Kind


@transaction.atomic
def assign_expert(*, requests, expert, by, ip: str | None = None, detail: dict | None = None) -> int:
    """Assign each request (of the user's units) to an expert of its unit; returns how many.
    `detail` adds to each event's payload (how the assignment was made: taken, rebalanced)."""
    count = 0
    for request in requests:
        check_staff(by, request)
        if request.state not in (State.SUBMITTED, State.ACCEPTED, State.IN_REVIEW, State.AWAITING_APPLICANT):
            raise ValidationError(
                f"درخواست {ltr_code(request.tracking_display)} باز نیست و ارجاع نمی‌شود.", code="closed"
            )
        if not selectors.unit_staff(request.unit_id).filter(pk=expert.pk).exists():
            raise ValidationError(f"{expert} کارشناس واحد {request.unit} نیست.", code="expert_unit")
        if selectors.conflict_of_interest(expert, request):
            raise ValidationError(
                f"درخواست {ltr_code(request.tracking_display)} به خود {expert} یا شرکت او مربوط است "
                "و به او ارجاع نمی‌شود.",
                code="conflict_of_interest",
            )
        ServiceRequest.objects.filter(pk=request.pk).update(assignee=expert)
        request.assignee = expert
        workflow.record(
            request,
            kind=Kind.ASSIGN_EXPERT,
            name="assign_expert",
            actor=by,
            actor_role=_staff_role(by, request),
            ip=ip,
            payload={**(detail or {}), "expert": expert.pk, "expert_name": expert.get_full_name()},
            public=False,
        )
        count += 1
    return count


@transaction.atomic
def transition(*, request, name: str, user, ip: str | None = None, note: str = "") -> RequestEvent:
    """A staff or applicant transition, with its authorisation and its notification."""
    spec = workflow.TRANSITIONS.get(name)
    if spec is None:
        raise ValidationError("عملیات ناشناخته است.", code="unknown_transition")
    if spec.actor == workflow.SYSTEM:
        raise ValidationError("این کار را فقط خود سامانه انجام می‌دهد.", code="system_only")
    if name == "applicant_answer":
        # The answer is a message (with the documents asked for): see post_message.
        raise ValidationError("برای پاسخ، پیام و مدارک خواسته‌شده را بفرستید.", code="answer_by_message")
    if spec.actor == workflow.STAFF:
        check_staff(user, request)
        role = _staff_role(user, request)
    elif not selectors.is_applicant(user, request):
        raise ValidationError("فقط خود متقاضی می‌تواند این کار را انجام دهد.", code="not_applicant")
    else:
        role = Role.APPLICANT
    note = normalize_text(strip_tags(note or "")).strip()
    if name in ("request_more", "reject") and not note:
        raise ValidationError("توضیح آن را برای متقاضی بنویسید.", code="note_required")
    event = workflow.apply(
        request,
        name,
        actor=user,
        actor_kind=spec.actor,
        actor_role=role,
        ip=ip,
        payload={"note": note} if note else {},
    )
    if name == "request_more":
        Message.objects.create(
            request=request,
            author=user,
            from_staff=True,
            asks_for_more=True,
            body=note,
            created_at=timezone.now(),
        )
        search.refresh(request)
        notices.more_needed(request, event.pk, note)
    elif name in ("approve", "reject"):
        notices.decision(request, State(request.state).label)
    elif name == "close":
        notices.survey(request)
    elif name == "reopen":
        notices.reopened(request, event.pk)
    return event


@transaction.atomic
def reassign_unit(*, request, unit: OrgUnit, by, ip: str | None = None) -> ServiceRequest:
    """A unit head (or administrator) sends an open request to another responsible unit; the
    expert assignment is cleared, since experts belong to units."""
    check_staff(by, request)
    if not HEAD_ROLES & roles_at(by, request.unit):
        raise ValidationError(
            "فقط رئیس واحد رسیدگی‌کننده می‌تواند درخواست را به واحد دیگری بفرستد.", code="not_head"
        )
    if not request.is_open:
        raise ValidationError("درخواست بسته به واحد دیگری فرستاده نمی‌شود.", code="closed")
    if unit.pk == request.unit_id:
        raise ValidationError("درخواست هم‌اکنون در همین واحد است.", code="same_unit")
    route_unit(request.service, unit=unit)  # refuses a unit that does not provide the service
    check_receiving_unit(request, unit)  # and one another app's rule forbids (a complained unit)
    role = _staff_role(by, request)  # the role held where the request was
    ServiceRequest.objects.filter(pk=request.pk).update(unit=unit, assignee=None)
    request.unit, request.assignee = unit, None
    search.moved(request)
    alerts.new_request(request)
    workflow.record(
        request,
        kind=Kind.ASSIGN_UNIT,
        name="assign_unit",
        actor=by,
        actor_role=role,
        ip=ip,
        payload={"unit": unit.pk, "unit_name": str(unit)},
    )
    return request
