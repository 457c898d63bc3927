"""Directive compliance counted directly from the requests, their receipt messages, responses,
visits and ratings (what `reports.compliance` read before decision 0102 put it in the summary):
the exactness test compares the summary's figures with these."""

import datetime as dt
from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Count, Exists, OuterRef, Q
from django.db.models.functions import Cast
from django.utils import timezone

from catalogue.models import Channel
from desk.models import Appointment, Feedback, ServiceRequest
from notifications.models import Notification
from reports.compliance import Counts
from reports.summary import ANSWERED_STATES


def _range(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    aware = timezone.make_aware
    return aware(dt.datetime.combine(start, dt.time())), aware(
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time())
    )


def _in(units, name: str = "unit_id") -> dict:
    return {} if units is None else {f"{name}__in": units}


def direct_compliance(start: dt.date, end: dt.date, units) -> dict[tuple, Counts]:
    """Counts per (handling unit, service) with something in the period."""
    low, high = _range(start, end)
    found: dict[tuple, Counts] = defaultdict(Counts)
    receipt_sent = Notification.objects.filter(
        related_type=ContentType.objects.get_for_model(ServiceRequest),
        related_id=Cast(OuterRef("pk"), CharField()),
        event="desk.receipt",
    ).exclude(status=Notification.Status.FAILED)
    met_staff = Appointment.objects.filter(request=OuterRef("pk"), unit__isnull=False).exclude(
        status=Appointment.Status.CANCELLED
    )
    accepted = Q(submitted_at__gte=low, submitted_at__lt=high)
    answered = Q(decided_at__gte=low, decided_at__lt=high, state__in=ANSWERED_STATES)
    in_person = Q(channel__in=(Channel.COUNTER, Channel.IN_PERSON))
    at_desk = Q(channel=Channel.COUNTER, counter_office__isnull=False) | Q(
        channel=Channel.IN_PERSON, intake_unit__isnull=False
    )
    for row in (
        ServiceRequest.objects.filter(accepted | answered, **_in(units))
        .order_by()
        .values("unit_id", "service_id")
        .annotate(
            accepted=Count("pk", filter=accepted),
            online=Count("pk", filter=accepted & Q(channel=Channel.ONLINE)),
            receipt=Count("pk", filter=accepted & Q(Exists(receipt_sent))),
            contact_cut=Count("pk", filter=accepted & ~Q(channel=Channel.IN_PERSON) & ~Q(Exists(met_staff))),
            intake_in_person=Count("pk", filter=accepted & in_person),
            intake_at_desk=Count("pk", filter=accepted & at_desk),
            answered=Count("pk", filter=answered),
            responded=Count("pk", filter=answered & Q(response__isnull=False)),
        )
    ):
        c = found[(row.pop("unit_id"), row.pop("service_id"))]
        for name, value in row.items():
            setattr(c, name, value)
    for row in (
        Appointment.objects.filter(starts_at__gte=low, starts_at__lt=high, **_in(units, "request__unit_id"))
        .exclude(status=Appointment.Status.CANCELLED)
        .order_by()
        .values("request__unit_id", "request__service_id")
        .annotate(
            visits=Count("pk"),
            at_desk=Count("pk", filter=Q(unit__isnull=False) | Q(counter_office__isnull=False)),
        )
    ):
        c = found[(row["request__unit_id"], row["request__service_id"])]
        c.visits, c.visits_at_desk = row["visits"], row["at_desk"]
    ratings = Feedback.objects.filter(
        created_at__gte=low, created_at__lt=high, **_in(units, "request__unit_id")
    )
    for row in ratings.order_by().values("request__unit_id", "request__service_id").annotate(n=Count("pk")):
        found[(row["request__unit_id"], row["request__service_id"])].ratings = row["n"]
    return {k: c for k, c in found.items() if c.active}
