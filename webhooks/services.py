"""Writes of webhooks: subscribe, emit an event into the outbox, deliver one, sweep, re-send.

`emit()` runs inside the transaction of the event (a `post_save` of the app's event log, see
`webhooks.sources`): for every active subscription to the event whose client may act for the
event's place, one `Delivery` row and its task job (`core.taskqueue.enqueue_with_transaction`)
commit with the event or not at all. The row is unique per (subscription, cause, event).

Delivery claims the row with one conditional UPDATE (pending/retrying and due → sending), so two
workers never post it at once; any answer but 2xx, a timeout or a refused connection puts it back
as "retrying" with exponential backoff and full jitter and a new job, until
`MIZ_WEBHOOK_MAX_ATTEMPTS`, then "failed" (re-sendable from the admin). Every attempt carries the
same `Miz-Delivery-Id`, so a receiver that answered too late to be believed dedupes the repeat:
exactly once from its point of view (docs/api-clients.md, «Webhooks»).
"""

import hashlib
import hmac
import json
import logging
import random
import secrets
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from apiclients.models import ApiClient
from apiclients.selectors import Places, places_of
from core.taskqueue import enqueue_with_transaction
from webhooks.models import Delivery, Subscription

logger = logging.getLogger(__name__)
Status = Delivery.Status
SCOPE = "events:receive"
USER_AGENT = "Miz-Webhooks/1"
WAITING = [Status.PENDING, Status.RETRYING]


def new_secret() -> str:
    return f"whsec_{secrets.token_urlsafe(32)}"


@transaction.atomic
def subscribe(*, client: ApiClient, url: str, events: list[str]) -> tuple[Subscription, str]:
    """A new subscription of `client` (which must hold SCOPE); returns it and its signing secret,
    to be shown once."""
    secret = new_secret()
    row = Subscription(client=client, url=url.strip(), events=list(dict.fromkeys(events)), secret=secret)
    row.full_clean()
    row.save()
    return row, secret


@transaction.atomic
def rotate_secret(*, subscription: Subscription) -> str:
    """A new signing secret (the old one stops at once); returns it, to be shown once."""
    secret = new_secret()
    Subscription.objects.filter(pk=subscription.pk).update(secret=secret)
    subscription.secret = secret
    return secret


def emit(
    *, event: str, source: str, data: Callable[[], dict], reaches: Callable[[Places], bool], at: datetime
) -> int:
    """Write a delivery of `event` for every active subscription to it whose client holds the
    scope and may act for its place (`reaches(places)`), in the caller's transaction; how many.
    `data()` is read once, and only when someone is to receive it (an event nobody subscribed to
    costs one query)."""
    subscriptions = [
        s
        for s in Subscription.objects.filter(is_active=True, client__is_active=True).select_related("client")
        if event in (s.events or []) and s.client.has_scope(SCOPE)
    ]
    places: dict[int, Places] = {}
    body: dict | None = None
    written = 0
    for sub in subscriptions:
        if sub.client_id not in places:
            places[sub.client_id] = places_of(sub.client)
        if not reaches(places[sub.client_id]):
            continue
        if body is None:
            body = data()
        row = Delivery(subscription=sub, event=event, source=source, created_at=at, payload={})
        row.payload = {
            "delivery_id": str(row.delivery_id),
            "event": event,
            "occurred_at": at.isoformat(),
            "data": body,
        }
        try:
            with transaction.atomic():
                row.save()
        except IntegrityError:  # the same cause seen twice: it was delivered (or queued) already
            continue
        enqueue_with_transaction(_task(), row.pk)
        written += 1
    return written


def _task():
    from webhooks.tasks import deliver_webhook

    return deliver_webhook


def body_of(row: Delivery) -> bytes:
    return json.dumps(row.payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """`Miz-Signature`'s value: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>." + body)>`."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


def headers_for(row: Delivery, body: bytes, *, now: float | None = None) -> dict[str, str]:
    return {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": USER_AGENT,
        "Miz-Event": row.event,
        "Miz-Delivery-Id": str(row.delivery_id),
        "Miz-Attempt": str(row.attempts),
        "Miz-Signature": signature(row.subscription.secret, int(now or time.time()), body),
    }


class _Refused(Exception):
    def __init__(self, status: int | None, message: str):
        super().__init__(message)
        self.status = status


def _post(row: Delivery) -> int:
    """POST the delivery; its 2xx status, or _Refused."""
    body = body_of(row)
    # http(s) only: Subscription.clean refuses any other scheme.
    url, headers = row.subscription.url, headers_for(row, body)
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310
    timeout = settings.MIZ_WEBHOOK_TIMEOUT_SECONDS
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:  # noqa: S310
            answer.read(1024)
            return answer.status
    except urllib.error.HTTPError as exc:
        raise _Refused(exc.code, f"HTTP {exc.code}") from exc
    except Exception as exc:  # refused, reset, timed out, unresolvable, a broken answer
        raise _Refused(None, f"{type(exc).__name__}: {exc}"[:500]) from exc


def backoff_seconds(attempts: int, *, rng: random.Random | None = None) -> float:
    """Delay before the attempt after `attempts` failed ones: base × 2^(attempts-1), capped, with
    full jitter (a random share of it between half and all), so receivers coming back are not hit
    by every sender at the same second."""
    base = settings.MIZ_WEBHOOK_BACKOFF_SECONDS
    ceiling = min(base * 2 ** max(attempts - 1, 0), settings.MIZ_WEBHOOK_BACKOFF_MAX_SECONDS)
    return ceiling * (rng or random).uniform(0.5, 1.0)


def deliver(delivery_id: int, *, now: datetime | None = None) -> str:
    """Post one delivery if it is due and nobody else is posting it; returns what happened."""
    now = now or timezone.now()
    claimed = Delivery.objects.filter(pk=delivery_id, status__in=WAITING, next_attempt_at__lte=now).update(
        status=Status.SENDING, attempts=models.F("attempts") + 1, claimed_at=now
    )
    if not claimed:
        return "skipped"
    row = Delivery.objects.select_related("subscription").get(pk=delivery_id)
    try:
        code = _post(row)
    except _Refused as exc:
        return _record_failure(row, exc)
    Delivery.objects.filter(pk=row.pk).exclude(status=Status.DELIVERED).update(
        status=Status.DELIVERED, delivered_at=timezone.now(), last_status=code, last_error=""
    )
    return "delivered"


def _record_failure(row: Delivery, exc: _Refused) -> str:
    ours = Delivery.objects.filter(pk=row.pk, status=Status.SENDING, claimed_at=row.claimed_at)
    error = str(exc)[:1000]
    if row.attempts >= settings.MIZ_WEBHOOK_MAX_ATTEMPTS:
        ours.update(status=Status.FAILED, last_status=exc.status, last_error=error)
        logger.warning(
            "webhook delivery %s failed for good after %s attempts: %s", row.pk, row.attempts, error
        )
        return "failed"
    next_at = timezone.now() + timedelta(seconds=backoff_seconds(row.attempts))
    with transaction.atomic():
        if ours.update(
            status=Status.RETRYING, next_attempt_at=next_at, last_status=exc.status, last_error=error
        ):
            enqueue_with_transaction(_task(), row.pk, run_after=next_at)
    return "retrying"


def sweep(*, now: datetime | None = None) -> dict[str, int]:
    """A new job for every delivery whose job was lost, and those stuck in "sending" (their
    worker died) put back in line; a duplicate job is harmless, the claim lets one post."""
    now = now or timezone.now()
    stuck_before = now - timedelta(seconds=settings.MIZ_WEBHOOK_SENDING_TIMEOUT_SECONDS)
    due_before = now - timedelta(seconds=settings.MIZ_WEBHOOK_SWEEP_GRACE_SECONDS)
    batch = settings.MIZ_WEBHOOK_SWEEP_BATCH
    with transaction.atomic():
        stuck = list(
            Delivery.objects.filter(status=Status.SENDING, claimed_at__lte=stuck_before).values_list(
                "pk", flat=True
            )[:batch]
        )
        Delivery.objects.filter(pk__in=stuck, status=Status.SENDING).update(
            status=Status.RETRYING, next_attempt_at=now, last_error="ارسال نیمه‌کاره ماند (کارگر متوقف شد)."
        )
        due = list(
            Delivery.objects.filter(status__in=WAITING, next_attempt_at__lte=due_before)
            .exclude(pk__in=stuck)
            .order_by("next_attempt_at")
            .values_list("pk", flat=True)[:batch]
        )
        Delivery.objects.filter(pk__in=due).update(next_attempt_at=now)
        for pk in [*stuck, *due]:
            enqueue_with_transaction(_task(), pk)
    return {"stuck": len(stuck), "enqueued": len(stuck) + len(due)}


def resend(queryset) -> int:
    """Staff action: post failed or waiting deliveries again now, attempts afresh (the same
    delivery id, so a receiver that had it already drops the repeat)."""
    now = timezone.now()
    with transaction.atomic():
        ids = list(queryset.filter(status__in=[*WAITING, Status.FAILED]).values_list("pk", flat=True))
        Delivery.objects.filter(pk__in=ids, status__in=[*WAITING, Status.FAILED]).update(
            status=Status.PENDING, next_attempt_at=now, attempts=0
        )
        for pk in ids:
            enqueue_with_transaction(_task(), pk)
    return len(ids)
