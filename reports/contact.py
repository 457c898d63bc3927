"""The summary's figures of directive compliance (D13, decision 0102), kept like the rest of it in
the transaction of the change: receipts sent (not failed), requests called to a unit's desk by an
appointment, and visits. Electronic responses are counted by the desk's `issue_response` event
(`reports.summary.event_recorded`); in-person intake and where it happened are in the summary's
key (channel, counter office, in-person desk).

- A receipt (`desk.receipt`, which states the due date) counts once per request, on the day of its
  acceptance, while any of its receipt messages is not failed: a new receipt message, one that
  failed for good (`notifications.signals.failed`) and one queued again (`revived`) each ask
  whether the request's other messages already made it count.
- An appointment not cancelled counts as a visit on its day; one at a unit's desk (not a counter
  office) counts its request as called in, on the day of acceptance (once however many). Each
  save of an appointment takes back what it counted before and adds what it counts now.
- A request that moves to another unit takes all three with it (`moved`)."""

import datetime as dt
from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db.models import BooleanField, CharField, Exists, ExpressionWrapper, OuterRef, Q
from django.db.models.functions import Cast
from django.db.models.signals import post_save, pre_save

from desk.models import Appointment, ServiceRequest
from notifications import signals as notification_signals
from notifications.models import Notification
from reports.changes import Changes, Filing, local_day, place_key

RECEIPT_EVENT = "desk.receipt"
KEY_AND_DAY = (
    "pk",
    "unit_id",
    "service_id",
    "channel",
    "counter_office_id",
    "intake_unit_id",
    "submitted_at",
)


class _Request:
    def __init__(self, row: dict):
        self.__dict__.update(row)


def receipts():
    """Receipt messages about requests that are not failed."""
    return Notification.objects.filter(
        related_type=ContentType.objects.get_for_model(ServiceRequest), event=RECEIPT_EVENT
    ).exclude(status=Notification.Status.FAILED)


def receipt_sent():
    """For a query of requests: does this one have a receipt message not failed?"""
    return Exists(receipts().filter(related_id=Cast(OuterRef("pk"), CharField())))


def met_staff():
    """For a query of requests: was this one called to a unit's desk (an appointment not
    cancelled)?"""
    return Exists(_called(OuterRef("pk")))


def _called(request):
    return Appointment.objects.filter(request=request, unit__isnull=False).exclude(
        status=Appointment.Status.CANCELLED
    )


def _request(pk: int) -> _Request | None:
    row = ServiceRequest.objects.filter(pk=pk).values(*KEY_AND_DAY).first()
    return _Request(row) if row and row["submitted_at"] else None


def _add_on_acceptance(request_pk: int, **counts: int) -> None:
    request = _request(request_pk)
    if request is not None:
        changes = Changes()
        changes.add(local_day(request.submitted_at), place_key(request), **counts)
        changes.save()


# ---- receipts ----------------------------------------------------------------------------------


def _receipt_requests(ids) -> set[int]:
    rows = Notification.objects.filter(
        pk__in=ids, event=RECEIPT_EVENT, related_type=ContentType.objects.get_for_model(ServiceRequest)
    )
    return {int(pk) for pk in rows.values_list("related_id", flat=True)}


def _on_notification_saved(sender, instance, created, raw=False, **kwargs) -> None:
    if not created or raw or instance.event != RECEIPT_EVENT or instance.status == Notification.Status.FAILED:
        return
    if instance.related_type_id != ContentType.objects.get_for_model(ServiceRequest).pk:
        return
    filed = Filing.receipt(int(instance.related_id))
    if filed is not None:
        # Filed in this gathering: no receipt before this filing's, none read.
        key, day, counted = filed
        if not counted:
            changes = Changes()
            changes.add(day, key, receipts=1)
            changes.save()
        return
    # One read: the request's key and day, and whether another receipt already made it count.
    others = receipts().filter(related_id=instance.related_id).exclude(pk=instance.pk)
    row = (
        ServiceRequest.objects.filter(pk=int(instance.related_id))
        .annotate(counted=Exists(others))
        .values(*KEY_AND_DAY, "counted")
        .first()
    )
    if row and row["submitted_at"] and not row.pop("counted"):
        request, changes = _Request(row), Changes()
        changes.add(local_day(request.submitted_at), place_key(request), receipts=1)
        changes.save()


def _on_failed(sender, ids, **kwargs) -> None:
    found = _receipt_requests(ids)
    Filing.forget(found)
    for request_pk in found:
        if not receipts().filter(related_id=str(request_pk)).exists():
            _add_on_acceptance(request_pk, receipts=-1)


def _on_revived(sender, ids, **kwargs) -> None:
    found = _receipt_requests(ids)
    Filing.forget(found)
    for request_pk in found:
        if not receipts().filter(related_id=str(request_pk)).exclude(pk__in=ids).exists():
            _add_on_acceptance(request_pk, receipts=1)


# ---- appointments ------------------------------------------------------------------------------


def _counted(status, unit_id) -> tuple[bool, bool]:
    """(a visit, a call to a unit's desk) for an appointment in this status at this place."""
    visit = status != Appointment.Status.CANCELLED
    return visit, visit and unit_id is not None


def _remember_appointment(sender, instance, raw=False, **kwargs) -> None:
    instance._reports_before = None
    if instance.pk and not raw:
        instance._reports_before = (
            Appointment.objects.filter(pk=instance.pk).values_list("status", "unit_id", "starts_at").first()
        )


def _on_appointment_saved(sender, instance, created, raw=False, **kwargs) -> None:
    if raw:
        return
    request = _request(instance.request_id)
    if request is None:
        return
    before = getattr(instance, "_reports_before", None)
    was_visit, was_called = _counted(*before[:2]) if before else (False, False)
    is_visit, is_called = _counted(instance.status, instance.unit_id)
    changes, key = Changes(), place_key(request)
    if was_visit:
        changes.add(local_day(before[2]), key, visits=-1)
    if is_visit:
        changes.add(local_day(instance.starts_at), key, visits=1)
    if was_called != is_called and not _called(request.pk).exclude(pk=instance.pk).exists():
        changes.add(local_day(request.submitted_at), key, called_in=1 if is_called else -1)
    changes.save()


# ---- a request that moves, and the rebuild -----------------------------------------------------


def moved(changes: Changes, request, key: tuple, from_key: tuple, accepted_on: dt.date) -> None:
    """The request's receipt, call to a desk and visits move from `from_key` to `key`."""
    sent, called = (
        ServiceRequest.objects.filter(pk=request.pk)
        .annotate(sent=receipt_sent(), called=met_staff())
        .values_list("sent", "called")
        .get()
    )
    for sign, place in ((-1, from_key), (1, key)):
        changes.add(accepted_on, place, receipts=sign * sent, called_in=sign * called)
    for day in visits_of([request.pk]).get(request.pk, ()):
        changes.add(day, from_key, visits=-1)
        changes.add(day, key, visits=1)


def with_flags(requests):
    """The requests with `has_receipt` and `called_in` (for the rebuild): each a membership of the
    set of requests that have one, which the database reads once (PostgreSQL: a hashed subplan),
    not a lookup per request as `receipt_sent` and `met_staff`."""
    called = Appointment.objects.filter(unit__isnull=False).exclude(status=Appointment.Status.CANCELLED)
    return requests.annotate(rb_text_id=Cast("pk", CharField())).annotate(
        has_receipt=ExpressionWrapper(Q(rb_text_id__in=receipts().values("related_id")), BooleanField()),
        called_in=ExpressionWrapper(Q(pk__in=called.values("request_id")), BooleanField()),
    )


def visits_of(request_ids) -> dict[int, list[dt.date]]:
    """The days of the appointments not cancelled of these requests."""
    found = defaultdict(list)
    rows = Appointment.objects.filter(request_id__in=request_ids).exclude(status=Appointment.Status.CANCELLED)
    for request_id, starts_at in rows.values_list("request_id", "starts_at"):
        found[request_id].append(local_day(starts_at))
    return found


def visited_since(start):
    """For a query of requests: has this one a visit from `start` on (the rebuild of some days)?"""
    return Exists(Appointment.objects.filter(request=OuterRef("pk"), starts_at__gte=start))


def connect_signals() -> None:
    post_save.connect(_on_notification_saved, sender=Notification, dispatch_uid="reports_receipt")
    notification_signals.failed.connect(_on_failed, dispatch_uid="reports_receipt_failed")
    notification_signals.revived.connect(_on_revived, dispatch_uid="reports_receipt_revived")
    pre_save.connect(_remember_appointment, sender=Appointment, dispatch_uid="reports_appointment_before")
    post_save.connect(_on_appointment_saved, sender=Appointment, dispatch_uid="reports_appointment")
