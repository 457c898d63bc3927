"""Staff work on a request: assignment, transitions (a step of another unit moves the request there:
`desk.workflow`), an external party's answer at its step, and reassignment to another unit."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags

from accounts.models import Role
from core.text import ltr_code, normalize_text
from core.uploads import check_upload
from desk import notices, search, selectors, uploads, workflow
from desk.models import (
    Document,
    Message,
    PastUnit,
    RequestEvent,
    ServiceRequest,
    State,
    applicant_sort_key,
)
from desk.services import alerts
from desk.services.access import _staff_role, check_staff, check_step_role, heads_unit_of
from desk.services.intake import _save_document, route_unit
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
        sort_key = applicant_sort_key(expert)
        ServiceRequest.objects.filter(pk=request.pk).update(assignee=expert, assignee_sort=sort_key)
        request.assignee, request.assignee_sort = expert, sort_key
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


# Transitions that finish the current step: only someone with the step's role may perform them.
STEP_FINISHING = ("advance", "approve", "reject")


def _already_moved_on(request, *, at_step: int | None, user, kind: str, name: str) -> RequestEvent | None:
    """A double submit: the form was for step `at_step`, and the request has left it. The event
    this user's first submit made is returned (nothing is done again); if someone else moved it
    on, or it is elsewhere, the refusal says so. The caller has locked and re-read the row
    (`_locked`), so two submits at once are taken one after the other."""
    if at_step is None or request.step_number == at_step:
        return None
    earlier = (
        request.events.filter(kind=kind, name=name, actor=user, payload__from_step=at_step)
        .order_by("-at", "-id")
        .first()
    )
    if earlier is None:
        raise ValidationError(
            "این درخواست دیگر در گامی که صفحه شما نشان می‌داد نیست؛ صفحه را دوباره باز کنید.",
            code="stale_step",
        )
    return earlier


def _locked(request) -> None:
    """Lock the request's row for this transaction and read it again: who may act is decided by
    the unit holding it now, not by the one a page showed a moment ago."""
    ServiceRequest.objects.select_for_update().filter(pk=request.pk).exists()
    request.refresh_from_db()


def _left_unit(request, event: RequestEvent) -> None:
    """A transition moved the request to another unit: that unit's staff are told."""
    if (event.payload or {}).get("to_unit"):
        alerts.new_request(request)


def _asked_for_more(request, event: RequestEvent, *, user, note: str) -> None:
    """The note asking for more reaches the applicant as a message of the request and a notice."""
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


def _decided(request, event: RequestEvent, *, user, note: str) -> None:
    notices.decision(request, State(request.state).label)


def _closed(request, event: RequestEvent, *, user, note: str) -> None:
    notices.survey(request)


def _reopened(request, event: RequestEvent, *, user, note: str) -> None:
    notices.reopened(request, event.pk)


# What follows a staff or applicant transition, by its name, once `workflow.apply` has logged it
# (the state's own effects are declared with the transition in `desk/workflow.py`).
AFTER_TRANSITION = {
    "request_more": _asked_for_more,
    "approve": _decided,
    "reject": _decided,
    "close": _closed,
    "reopen": _reopened,
}


@transaction.atomic
def transition(
    *, request, name: str, user, ip: str | None = None, note: str = "", at_step: int | None = None
) -> RequestEvent:
    """A staff or applicant transition, with its authorisation and its notification. `at_step`
    (the step the staff member's page showed) makes a double submit of «advance» do it once."""
    _locked(request)
    if name == "advance" and (
        earlier := _already_moved_on(request, at_step=at_step, user=user, kind=Kind.TRANSITION, name=name)
    ):
        return earlier
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
        if name in STEP_FINISHING and request.state == State.IN_REVIEW:
            check_step_role(user, request)
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
    if after := AFTER_TRANSITION.get(name):
        after(request, event, user=user, note=note)
    _left_unit(request, event)
    return event


@transaction.atomic
def record_external_answer(
    *, request, user, upload, note: str = "", at_step: int | None = None, ip: str | None = None
) -> RequestEvent:
    """The staff of the unit holding the request record the answer of the external party that runs
    its current step (a laboratory's test report, an inspection company's report: P2), with its
    document (checked as every upload), as a staff-only event; the request then moves on to the
    next step (and its unit), or waits at the last step for the decision. Returns the answer's
    event; a double submit returns the first one."""
    _locked(request)
    earlier = _already_moved_on(
        request, at_step=at_step, user=user, kind=Kind.EXTERNAL, name="external_answer"
    )
    if earlier is not None:
        return earlier
    check_staff(user, request)
    step = request.current_step()
    if request.state != State.IN_REVIEW or step is None or not step.is_external:
        raise ValidationError("این درخواست اکنون در گامی نیست که طرف بیرونی انجام دهد.", code="not_external")
    if at_step is not None and at_step != request.step_number:
        raise ValidationError("این درخواست دیگر در آن گام نیست؛ صفحه را دوباره باز کنید.", code="stale_step")
    check_step_role(user, request)
    if workflow.external_answered(request):
        mine = request.events.filter(kind=Kind.EXTERNAL, step_number=request.step_number, actor=user).last()
        if mine is not None and at_step is not None:
            return mine  # a double submit at the last step, where the request stays
        raise ValidationError(f"پاسخ {step.external_party} برای این گام پیش‌تر ثبت شده است.", code="answered")
    following = workflow.next_step(request)
    if problem := workflow.entry_refusal(request, following):
        raise problem  # before the file is stored: nothing changes
    if upload is None:
        raise ValidationError(f"مدرک پاسخ {step.external_party} را بارگذاری کنید.", code="document_required")
    checked = check_upload(
        upload,
        formats=uploads.ATTACHMENT_FORMATS,
        max_bytes=uploads.ATTACHMENT_MAX_BYTES,
        title=f"پاسخ {step.external_party}",
    )
    note = normalize_text(strip_tags(note or "")).strip()[:1000]
    document = _save_document(request=request, checked=checked, kind=Document.Kind.EXTERNAL, by=user)
    party = step.external_party
    event = workflow.record(
        request,
        kind=Kind.EXTERNAL,
        name="external_answer",
        actor=user,
        actor_role=_staff_role(user, request),
        ip=ip,
        payload={
            "from_step": request.step_number,
            "party": party.pk,
            "party_name": str(party),
            "document": document.pk,
            "note": note,
        },
        public=False,
    )
    if following is not None:
        moved = workflow.apply(
            request,
            "advance",
            actor=user,
            actor_kind=workflow.STAFF,
            actor_role=_staff_role(user, request),
            ip=ip,
        )
        _left_unit(request, moved)
    return event


@transaction.atomic
def reassign_unit(*, request, unit: OrgUnit, by, ip: str | None = None) -> ServiceRequest:
    """A unit head (or administrator) sends an open request to another responsible unit; the
    expert assignment is cleared, since experts belong to units."""
    check_staff(by, request)
    if not heads_unit_of(by, request):
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
    from_unit = request.unit_id
    PastUnit.objects.get_or_create(request=request, unit=request.unit, defaults={"left_at": timezone.now()})
    ServiceRequest.objects.filter(pk=request.pk).update(unit=unit, assignee=None, assignee_sort="")
    request.unit, request.assignee, request.assignee_sort = unit, None, ""
    search.moved(request)
    alerts.new_request(request)
    workflow.record(
        request,
        kind=Kind.ASSIGN_UNIT,
        name="assign_unit",
        actor=by,
        actor_role=role,
        ip=ip,
        # from_unit: where it was (a workflow step may have handed it on since the last assign_unit).
        payload={"unit": unit.pk, "unit_name": str(unit), "from_unit": from_unit},
    )
    return request
