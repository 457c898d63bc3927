"""Work planning (issue 14 item 6): an expert takes the most urgent unassigned request of their unit
(`take_next`); a unit head moves open work from one expert to another of the unit (`rebalance`).
Both assign through `staff.assign_expert`, so the rules and the event log are those of assignment."""

from django.core.exceptions import ValidationError
from django.db import connection, transaction

from accounts.models import User
from accounts.selectors import roles_at
from desk import selectors
from desk.models import OPEN_STATES, RequestEvent, ServiceRequest, State
from desk.services.access import HEAD_ROLES
from desk.services.staff import assign_expert
from orgs.models import OrgUnit

# What "take next" hands out: waiting for staff, clock running. A request awaiting the applicant
# (its clock paused) is nobody's next task until they answer.
TAKEABLE_STATES = (State.SUBMITTED, State.ACCEPTED, State.IN_REVIEW)
NOTHING_TO_TAKE = "درخواست بی‌کارشناسی در واحد شما نمانده است."
NOT_AN_EXPERT = "«درخواست بعدی» برای کارشناسان واحدهاست."
# Candidates passed over at most (the expert's own or their company's requests) before giving up.
_MAX_SKIPPED = 50


def _locked(qs):
    """`qs` with its rows locked for this transaction, rows another transaction holds skipped
    (PostgreSQL). SQLite runs every write transaction alone (`transaction_mode` IMMEDIATE), so
    there is nothing to skip."""
    if connection.features.has_select_for_update_skip_locked:
        return qs.select_for_update(skip_locked=True, of=("self",))
    return qs


@transaction.atomic
def take_next(*, expert, ip: str | None = None, token: str = "") -> ServiceRequest:
    """Assign to `expert` the most urgent unassigned open request of their units (earliest due
    date, then oldest submission) and return it. Two experts pressing at once get two different
    requests: the row is locked and others skip it. The same `token` (the button's form) twice
    returns the request the first press took instead of taking another (a double submit)."""
    units = selectors.expert_unit_ids(expert) if getattr(expert, "is_active", False) else set()
    if not units:
        raise ValidationError(NOT_AN_EXPERT, code="not_expert")
    # One take at a time per expert, so a double submit finds what its first press took. NO KEY:
    # assigning a request to this expert meanwhile (its foreign-key check) need not wait for it.
    User.objects.select_for_update(no_key=True).filter(pk=expert.pk).first()
    if token:
        earlier = (
            RequestEvent.objects.filter(
                kind=RequestEvent.Kind.ASSIGN_EXPERT, actor=expert, payload__take_token=token
            )
            .select_related("request")
            .first()
        )
        if earlier is not None:
            return earlier.request
    candidates = (
        selectors.queue(expert, unit_ids=units)
        .select_related(None)
        .filter(state__in=TAKEABLE_STATES, clock_paused=False, assignee__isnull=True)
        .order_by("due_date", "submitted_at", "pk")
    )
    skipped: list[int] = []
    while len(skipped) <= _MAX_SKIPPED:
        request = _locked(candidates.exclude(pk__in=skipped)).first()
        if request is None:
            break
        if selectors.conflict_of_interest(expert, request):
            skipped.append(request.pk)
            continue
        detail = {"take_next": True, **({"take_token": token} if token else {})}
        assign_expert(requests=[request], expert=expert, by=expert, ip=ip, detail=detail)
        return request
    raise ValidationError(NOTHING_TO_TAKE, code="nothing_to_take")


@transaction.atomic
def rebalance(
    *,
    unit: OrgUnit,
    from_expert,
    to_expert,
    by,
    count: int | None = None,
    seen: int | None = None,
    request_ids: list[int] | None = None,
    ip: str | None = None,
) -> int:
    """A unit head moves open requests of `unit` from one of its experts to another: the `count`
    most urgent, or the requests `request_ids`; returns how many moved. `seen` is the expert's open
    load the head saw: when it has changed since (another head moved work, or this form was
    submitted twice), nothing moves and the head is asked to look again."""
    if not HEAD_ROLES & roles_at(by, unit):
        raise ValidationError("فقط رئیس این واحد می‌تواند کار کارشناسان آن را جابه‌جا کند.", code="not_head")
    if from_expert.pk == to_expert.pk:
        raise ValidationError("کارشناس مبدأ و مقصد یکی است.", code="same_expert")
    if not selectors.unit_staff(unit.pk).filter(pk=to_expert.pk).exists():
        raise ValidationError(f"{to_expert.get_full_name()} کارشناس واحد {unit} نیست.", code="expert_unit")
    load = _locked(
        ServiceRequest.objects.filter(unit=unit, assignee=from_expert, state__in=OPEN_STATES).order_by(
            "due_date", "submitted_at", "pk"
        )
    )
    rows = list(load)
    if seen is not None and seen != len(rows):
        raise ValidationError(
            "کار این کارشناس از زمان نمایش صفحه تغییر کرده است؛ صفحه را دوباره ببینید.", code="stale"
        )
    if request_ids:
        by_pk = {r.pk: r for r in rows}
        if any(pk not in by_pk for pk in request_ids):
            raise ValidationError(
                f"برخی درخواست‌های انتخاب‌شده در کار باز {from_expert.get_full_name()} در این واحد نیستند.",
                code="not_in_load",
            )
        chosen = [by_pk[pk] for pk in dict.fromkeys(request_ids)]
    else:
        if not count or count < 1:
            raise ValidationError("شمار درخواست‌هایی را که جابه‌جا می‌شوند بنویسید.", code="count")
        if count > len(rows):
            raise ValidationError(
                f"{from_expert.get_full_name()} فقط {len(rows)} درخواست باز در این واحد دارد.", code="count"
            )
        chosen = [r for r in rows if not selectors.conflict_of_interest(to_expert, r)][:count]
        if len(chosen) < count:
            raise ValidationError(
                f"برخی درخواست‌ها به خود {to_expert.get_full_name()} یا شرکت او مربوط است "
                "و به او ارجاع نمی‌شود.",
                code="conflict_of_interest",
            )
    return assign_expert(
        requests=chosen, expert=to_expert, by=by, ip=ip, detail={"rebalanced_from": from_expert.pk}
    )
