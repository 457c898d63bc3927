"""A request's first response to the applicant: which events are one (`responds`), its target
from the SLA in force at submission, and filling the request's stored first response from its log
for requests whose events were not recorded one by one (the migration's backfill, generated data).

The request keeps them (`ServiceRequest.first_response_target`, `first_responded_at`,
`first_response_event`) so that the reports summary reads neither the agreements nor the log to
tell whether an event is the first response (decision 0096). `workflow.record` sets them once."""

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from accounts.models import Role
from catalogue.models.service import version_in_force

# The staff's transitions the applicant hears of as an answer (a staff message counts too).
RESPONSE_TRANSITIONS = ("request_more", "approve", "reject")


def responds(kind: str, name: str, actor_role: str) -> bool:
    """Whether an event is a response to the applicant: a public message of staff, a request for
    more documents or explanation, or a decision (approve, reject)."""
    if kind == "transition":
        return name in RESPONSE_TRANSITIONS
    return kind == "message" and actor_role != Role.APPLICANT


def is_first_response(event) -> bool:
    """Whether this event of the log is its request's first response: true while it is being
    recorded (what reads it on its save) and after (`desk.workflow.record` keeps it)."""
    request = event.request
    if request.first_response_event_id is not None:
        return request.first_response_event_id == event.pk
    return request.first_responded_at is not None and request.first_responded_at == event.at


def target_of(agreements, day: dt.date, province_id: int | None) -> int | None:
    """The first-response target (working days) of the version in force on `day` among these
    agreements of one service (`catalogue.models.service.version_in_force`); None when it names none."""
    agreement = version_in_force(agreements, day, province_id=province_id)
    return agreement.response_working_days if agreement else None


class Targets:
    """The first-response target of a request from its service, day of submission and routed unit:
    the SLA version in force that day for the province above the unit (models passed: a
    migration's historical ones, or the generator's)."""

    def __init__(self, agreement_model, unit_model):
        self.units = {
            pk: (parent, province)
            for pk, parent, province in unit_model.objects.values_list("pk", "parent_id", "province_id")
        }
        self.agreements: dict[int, list] = {}
        for agreement in agreement_model.objects.all():
            self.agreements.setdefault(agreement.service_id, []).append(agreement)

    def province_above(self, unit_id):
        seen = set()
        while unit_id is not None and unit_id not in seen:
            seen.add(unit_id)
            parent, province = self.units.get(unit_id, (None, None))
            if province:
                return province
            unit_id = parent
        return None

    def __call__(self, service_id: int, day: dt.date, unit_id: int) -> int | None:
        return target_of(self.agreements.get(service_id, ()), day, self.province_above(unit_id))


def fill_from_logs(
    request_model, event_model, agreement_model, unit_model, *, ids=None, batch: int = 1000
) -> int:
    """Fill the stored first response of every request that has none yet: the target of the SLA in
    force on its day of submission for the province of the unit it was routed to (its first
    `assign_unit` event), and its first responding event; only the requests `ids` if given. Models
    are passed (a migration's historical ones); requests are read and written `batch` at a time.
    Returns how many were read."""
    targets = Targets(agreement_model, unit_model)
    pending = request_model.objects.filter(
        first_responded_at__isnull=True, first_response_target__isnull=True
    )
    if ids is not None:
        pending = pending.filter(pk__in=list(ids))
    ids = list(pending.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch):
        part = ids[start : start + batch]
        routed, first = {}, {}
        events = (
            event_model.objects.filter(request_id__in=part)
            .filter(
                Q(kind="assign_unit")
                | Q(kind="message")
                | Q(kind="transition", name__in=RESPONSE_TRANSITIONS)
            )
            .order_by("pk")
            .values_list("request_id", "pk", "kind", "name", "actor_role", "at", "payload")
        )
        for request_id, pk, kind, name, role, at, payload in events:
            if kind == "assign_unit":
                routed.setdefault(request_id, (payload or {}).get("unit"))
            elif request_id not in first and responds(kind, name, role):
                first[request_id] = (pk, at)
        requests = list(request_model.objects.filter(pk__in=part))
        for r in requests:
            day = timezone.localtime(r.submitted_at).date()
            r.first_response_target = targets(r.service_id, day, routed.get(r.pk) or r.unit_id)
            r.first_response_event_id, r.first_responded_at = first.get(r.pk, (None, None))
        request_model.objects.bulk_update(
            requests, ["first_response_target", "first_response_event", "first_responded_at"]
        )
    return len(ids)
