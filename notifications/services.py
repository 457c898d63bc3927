"""Writes: create notifications with their send job, deliver one, sweep lost ones, retry by hand.

`notify()` is called inside the transaction of the change that causes it: the rows and their send
jobs commit together with that change or not at all; a message to a user is also recorded as one
in-app notice (`Notice`, read on the notices page), whatever channels it is sent on.

Delivery claims a row with one conditional UPDATE (queued/retrying → sending), so two workers
never send the same message; a failure the gateway may recover from puts the row back as
"retrying" with exponential backoff and a new job. An SMS carries its notification's id as
idempotency key; before any attempt after the first the gateway is asked whether it already took
the message (a timeout or a killed worker leaves the outcome unknown), so a retry never delivers
it twice (docs/notifications.md). `mark_notices_read` is the one write of the notices page.
"""

import logging
import smtplib
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMessage
from django.core.mail.message import make_msgid
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from core import sms
from core.taskqueue import enqueue_with_transaction
from core.validators import clean_mobile
from notifications import signals, texts
from notifications.backends import redact
from notifications.models import Notice, Notification
from notifications.selectors import texts_for

logger = logging.getLogger(__name__)

Status = Notification.Status
Channel = Notification.Channel


def notify(
    *,
    event: str,
    text: str = "",
    values: dict[str, object] | None = None,
    user=None,
    mobile: str | None = None,
    email: str | None = None,
    subject: str = "",
    related: models.Model | None = None,
    key: str | None = None,
    channels: tuple[str, ...] | None = None,
    event_texts: texts.Texts | None = None,
    new_key: bool = False,
) -> list[Notification]:
    """Queue a message to the person by SMS (and by email if there is an address); returns the rows.

    With `values`, the message is the event's text (notifications.texts: the admin's edit, else
    the default) filled with them, and its email subject and body too; otherwise it is `text`.
    `mobile` defaults to `user.mobile`, `email` to `user.email`. With `key`, a second call with the
    same key creates nothing and returns the rows of the first (one event, one message). With
    `channels`, only those ("sms", "email") are used (a staff member's choice); `channels=()` sends
    nothing. With `user`, the message is also recorded as their in-app notice, on any channels
    (once per key too). `event_texts`: the event's texts in force (`event_texts_for`), read once by
    a caller that tells several people of one event. `new_key`: the key names an object made in
    the caller's transaction (a request being filed), so no row of it can exist yet: none is
    looked up and each row is inserted without a savepoint (issue 18; a clash would be a bug, and
    rolls the caller back).
    """
    if not event:
        raise ValueError("notify() needs an event code")
    email_text = text
    if values is not None:
        rendered = render_text(event, values, event_texts)
        text, email_text, subject = rendered.sms, rendered.email, rendered.subject or subject
    if not text or not text.strip():
        raise ValueError("notify() needs a text")
    mobile = mobile or (getattr(user, "mobile", "") if user is not None else "")
    email = email or (getattr(user, "email", "") if user is not None else "")
    targets = []
    if mobile:
        targets.append((Channel.SMS, clean_mobile(mobile)))
    if email:
        targets.append((Channel.EMAIL, email.strip()))
    if channels is not None:
        targets = [target for target in targets if target[0] in channels]

    related_fields = {}
    if related is not None:
        if related.pk is None:
            raise ValueError("notify(related=...) needs a saved object")
        related_fields = {
            "related_type": ContentType.objects.get_for_model(related),
            "related_id": str(related.pk),
        }
    notice_subject = subject
    subject = subject or settings.MIZ_SITE_NAME

    rows: list[Notification] = []
    created: list[Notification] = []
    # No savepoint of its own (issue 18): inside the caller's transaction an error here reaches the
    # caller, whose transaction rolls back whole; alone, this block is the transaction. Each row's
    # insert keeps its savepoint (`_create_once`), so a lost race on a key is still answered.
    with transaction.atomic(savepoint=False):
        if user is not None and user.pk is not None:
            _create_once(
                Notice,
                f"{key}:app" if key else None,
                new=new_key,
                user=user,
                event=event,
                subject=notice_subject[:200],
                body=text,
                **related_fields,
            )
        # The rows of this key already made, on every channel, in one read.
        earlier = (
            {
                row.dedupe_key: row
                for row in Notification.objects.filter(
                    dedupe_key__in=[f"{key}:{channel}" for channel, _ in targets]
                )
            }
            if key and targets and not new_key
            else {}
        )
        for channel, recipient in targets:
            row, is_new = _create_once(
                Notification,
                f"{key}:{channel}" if key else None,
                looked_up=True,
                found=earlier.get(f"{key}:{channel}"),
                new=new_key,
                channel=channel,
                recipient=recipient,
                subject=subject[:200] if channel == Channel.EMAIL else "",
                body=email_text if channel == Channel.EMAIL else text,
                event=event,
                user=user,
                **related_fields,
            )
            rows.append(row)
            if is_new:
                created.append(row)
        for row in created:
            enqueue_send(row.pk)
    return rows


def _create_once(
    model, dedupe_key: str | None, *, looked_up: bool = False, found=None, new: bool = False, **fields
):
    """(the row of `model` with this key, or a new one; whether it is new). No key: always new.
    `looked_up`: the caller already read the row of this key, `found` (None: there was none).
    `new`: the key cannot have been used (`notify(new_key=True)`): inserted as it is."""
    if new:
        return model.objects.create(dedupe_key=dedupe_key, **fields), True
    if dedupe_key:
        existing = found if looked_up else model.objects.filter(dedupe_key=dedupe_key).first()
        if existing is not None:
            return existing, False
    try:
        with transaction.atomic():
            return model.objects.create(dedupe_key=dedupe_key, **fields), True
    except IntegrityError:
        # Another transaction created the same key between our read and our insert.
        existing = model.objects.filter(dedupe_key=dedupe_key).first() if dedupe_key else None
        if existing is None:
            raise
        return existing, False


def render_text(
    code: str, values: dict[str, object], event_texts: texts.Texts | None = None
) -> texts.Rendered:
    """The message of event `code` with `values`: the admin's edit of its texts, else the default
    (for a message sent without the outbox, such as a one-time code)."""
    event = texts.get(code)
    return texts.render(event, texts_for(event) if event_texts is None else event_texts, values)


def event_texts_for(code: str) -> texts.Texts:
    """The texts in force for event `code` (one read), for `notify(event_texts=...)`."""
    return texts_for(texts.get(code))


def enqueue_send(notification_id: int, *, run_after: datetime | None = None) -> None:
    """Enqueue the send job so that it commits with the current transaction
    (`core.taskqueue.enqueue_with_transaction`)."""
    from notifications.tasks import send_notification

    enqueue_with_transaction(send_notification, notification_id, run_after=run_after)


def backoff_seconds(attempts: int) -> int:
    """Delay before the next attempt after `attempts` failed ones: base, 2×base, 4×base… capped."""
    base = settings.MIZ_NOTIFY_BACKOFF_SECONDS
    return min(base * 2 ** max(attempts - 1, 0), settings.MIZ_NOTIFY_BACKOFF_MAX_SECONDS)


class _Transient(Exception):
    """A failure worth retrying: the gateway is down, slow or busy."""


def sms_key(row: Notification) -> str:
    """The idempotency key of an SMS: the same for every attempt at this notification."""
    return str(row.pk)


def _already_sent(row: Notification) -> str | None:
    """After an attempt whose outcome may be unknown, the provider id of the message the gateway
    already took, or None; raises SmsError when the gateway cannot tell now."""
    if row.channel != Channel.SMS or (row.attempts <= 1 and not row.last_error):
        return None  # the first attempt: nothing can have been sent
    backend = sms.get_backend()
    if not backend.supports_lookup:
        return None  # at least once: see the guarantee in docs/notifications.md
    return backend.lookup(sms_key(row))


def _send(row: Notification) -> str:
    """Hand one message to its channel's backend; returns the provider's id."""
    if row.channel == Channel.SMS:
        return sms.send_sms(row.recipient, row.body, key=sms_key(row))
    message_id = make_msgid(domain="miz")
    message = EmailMessage(
        subject=row.subject or settings.MIZ_SITE_NAME,
        body=row.body,
        to=[row.recipient],
        headers={"Message-ID": message_id},
    )
    message.send(fail_silently=False)
    return message_id


def _is_permanent(exc: BaseException) -> bool:
    if isinstance(exc, sms.SmsError):
        return exc.permanent
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return True
    return False


def deliver(notification_id: int, *, now: datetime | None = None) -> str:
    """Send one notification if it is due and nobody else is sending it; returns what happened."""
    now = now or timezone.now()
    claimed = Notification.objects.filter(
        pk=notification_id,
        status__in=[Status.QUEUED, Status.RETRYING],
        next_attempt_at__lte=now,
    ).update(status=Status.SENDING, attempts=models.F("attempts") + 1, claimed_at=now)
    if not claimed:
        return "skipped"
    row = Notification.objects.get(pk=notification_id)
    found = None
    try:
        found = _already_sent(row)
        provider_id = found or _send(row)
    except Exception as exc:  # every failure is recorded on the row, none escapes
        return _record_failure(row, exc)
    # The gateway took it: record that even if the sweeper meanwhile took this worker for dead
    # and put the row back in line, so that nobody sends it again.
    Notification.objects.filter(pk=row.pk).exclude(status=Status.SENT).update(
        status=Status.SENT,
        sent_at=timezone.now(),
        provider_id=str(provider_id or "")[:100],
        last_error="",
    )
    if found:
        logger.info("notification %s: the gateway already had it as %s; not sent again", row.pk, found)
    else:
        logger.info("notification %s sent (%s, attempt %s)", row.pk, row.channel, row.attempts)
    return "sent"


def _record_failure(row: Notification, exc: Exception) -> str:
    error = redact(f"{type(exc).__name__}: {exc}")[:1000]
    now = timezone.now()
    # Only while our claim is the current one (the sweeper may have freed a very slow send).
    ours = Notification.objects.filter(pk=row.pk, status=Status.SENDING, claimed_at=row.claimed_at)
    if _is_permanent(exc) or row.attempts >= settings.MIZ_NOTIFY_MAX_ATTEMPTS:
        with transaction.atomic():
            if not ours.update(status=Status.FAILED, last_error=error):
                return _stale(row, error)
            signals.failed.send(sender=Notification, ids=[row.pk])
        logger.warning("notification %s failed for good after %s attempts: %s", row.pk, row.attempts, error)
        return "failed"
    next_at = now + timedelta(seconds=backoff_seconds(row.attempts))
    with transaction.atomic():
        if not ours.update(status=Status.RETRYING, next_attempt_at=next_at, last_error=error):
            return _stale(row, error)
        enqueue_send(row.pk, run_after=next_at)
    logger.warning("notification %s will be retried at %s: %s", row.pk, next_at.isoformat(), error)
    return "retrying"


def _stale(row: Notification, error: str) -> str:
    logger.warning(
        "notification %s: attempt %s failed after its claim was taken over: %s", row.pk, row.attempts, error
    )
    return "stale"


def sweep(*, now: datetime | None = None) -> dict[str, int]:
    """Give a new job to every notification whose job was lost, and free those stuck in sending.

    A row stuck in "sending" longer than MIZ_NOTIFY_SENDING_TIMEOUT_SECONDS (its worker died) goes
    back to "retrying"; its next attempt asks the gateway first, so it is not delivered twice. A
    queued or retrying row due for longer than MIZ_NOTIFY_SWEEP_GRACE_SECONDS (its job was lost or
    the backend cannot defer) gets a new job. A duplicate job is harmless: the
    claim lets only one of them send.
    """
    now = now or timezone.now()
    stuck_before = now - timedelta(seconds=settings.MIZ_NOTIFY_SENDING_TIMEOUT_SECONDS)
    due_before = now - timedelta(seconds=settings.MIZ_NOTIFY_SWEEP_GRACE_SECONDS)
    with transaction.atomic():
        stuck_ids = list(
            Notification.objects.filter(status=Status.SENDING, claimed_at__lte=stuck_before).values_list(
                "pk", flat=True
            )[: settings.MIZ_NOTIFY_SWEEP_BATCH]
        )
        Notification.objects.filter(pk__in=stuck_ids, status=Status.SENDING).update(
            status=Status.RETRYING,
            next_attempt_at=now,
            last_error="ارسال نیمه‌کاره ماند (کارگر متوقف شد)؛ پیش از ارسال دوباره از درگاه پرسیده می‌شود.",
        )
        due_ids = list(
            Notification.objects.filter(
                status__in=[Status.QUEUED, Status.RETRYING], next_attempt_at__lte=due_before
            )
            .exclude(pk__in=stuck_ids)
            .order_by("next_attempt_at")
            .values_list("pk", flat=True)[: settings.MIZ_NOTIFY_SWEEP_BATCH]
        )
        Notification.objects.filter(pk__in=due_ids).update(next_attempt_at=now)
        for pk in [*stuck_ids, *due_ids]:
            enqueue_send(pk)
    return {"stuck": len(stuck_ids), "enqueued": len(stuck_ids) + len(due_ids)}


def retry_now(queryset) -> int:
    """Staff action: send failed or waiting notifications again now (attempts start afresh)."""
    now = timezone.now()
    with transaction.atomic():
        ids = list(
            queryset.filter(status__in=[Status.FAILED, Status.RETRYING, Status.QUEUED]).values_list(
                "pk", flat=True
            )
        )
        failed = list(
            Notification.objects.filter(pk__in=ids, status=Status.FAILED).values_list("pk", flat=True)
        )
        waiting = [Status.FAILED, Status.RETRYING, Status.QUEUED]
        Notification.objects.filter(pk__in=ids, status__in=waiting).update(
            status=Status.QUEUED, next_attempt_at=now, attempts=0
        )
        if failed:
            signals.revived.send(sender=Notification, ids=failed)
        for pk in ids:
            enqueue_send(pk)
    return len(ids)


def mark_notices_read(user, ids) -> int:
    """Mark these notices of `user` read (another user's ids change nothing); returns how many."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notice.objects.filter(user=user, pk__in=list(ids), read_at__isnull=True).update(
        read_at=timezone.now()
    )
