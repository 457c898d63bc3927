"""Where webhook events come from: the desk's and the counters' event logs. A `post_save` of a
new log row (in the transaction of the transition) becomes an event for the subscribers whose
client may act for the request's or the office's place (`webhooks.services.emit`)."""

from django.db.models.signals import post_save

from apiclients.selectors import Places
from counters.models import DeclarationEvent
from desk import selectors as desk_selectors
from desk.models import RequestEvent, State
from webhooks import services

# Desk transitions → events (reject and approve are both "decided").
REQUEST_EVENTS = {
    "accept": "request.accepted",
    "request_more": "request.more_needed",
    "approve": "request.decided",
    "reject": "request.decided",
    "issue_response": "request.response_issued",
}
# Counter-office review actions → events (approval gives the rank; the answer to an objection
# may change it; the lock makes it final).
COUNTER_FILE_EVENTS = {
    "return": "counter_file.returned",
    "approve": "counter_file.ranked",
    "answer_objection": "counter_file.ranked",
    "lock": "counter_file.ranked",
}


def request_event(sender, instance: RequestEvent, created: bool, raw: bool = False, **kwargs) -> None:
    if not created or raw or instance.kind != RequestEvent.Kind.TRANSITION:
        return
    event = REQUEST_EVENTS.get(instance.name)
    if event is None:
        return
    req = instance.request

    def data() -> dict:
        values = {
            "tracking_code": req.tracking_code,
            "service_id": req.service.service_id,
            "state": instance.to_state,
            "state_label": State(instance.to_state).label,
            "counter_office_code": req.counter_office.code if req.counter_office else None,
            "step_number": instance.step_number,
        }
        if event == "request.decided":
            values["decision"] = "approved" if instance.name == "approve" else "rejected"
        return values

    def reaches(places: Places) -> bool:
        return desk_selectors.in_places(
            req, office_ids=places.office_ids, unit_ids=places.unit_ids, province_ids=places.province_ids
        )

    services.emit(
        event=event, source=f"desk.requestevent:{instance.pk}", data=data, reaches=reaches, at=instance.at
    )


def counter_file_event(
    sender, instance: DeclarationEvent, created: bool, raw: bool = False, **kwargs
) -> None:
    if not created or raw:
        return
    event = COUNTER_FILE_EVENTS.get(instance.action)
    if event is None:
        return
    declaration = instance.declaration
    office = declaration.office

    def data() -> dict:
        values = {
            "office_code": office.code,
            "year": declaration.year,
            "state": instance.to_state or declaration.state,
            "action": instance.action,
            "rank": declaration.rank,
            "final_score": str(declaration.final_score) if declaration.final_score is not None else None,
        }
        if event == "counter_file.returned":
            values["sections"] = list((instance.data or {}).get("sections", []))
        return values

    def reaches(places: Places) -> bool:
        return office.pk in places.office_ids or office.province_id in places.province_ids

    services.emit(
        event=event,
        source=f"counters.declarationevent:{instance.pk}",
        data=data,
        reaches=reaches,
        at=instance.at,
    )


def connect() -> None:
    post_save.connect(request_event, sender=RequestEvent, dispatch_uid="webhooks.request_event")
    post_save.connect(counter_file_event, sender=DeclarationEvent, dispatch_uid="webhooks.counter_file_event")
