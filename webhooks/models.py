"""Webhooks (issue 15, item 4): a client system's subscriptions to events, and the outbox of
deliveries, one row per (event, subscription), each with its status and attempts."""

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from apiclients.models import ApiClient
from core.validators import validate_code_list
from webhooks.events import EVENTS


def validate_events(value) -> None:
    validate_code_list(value, known=EVENTS, what="رویداد", plural="رویدادها")


class Subscription(models.Model):
    """A client's address that receives the events it chose, signed with its own secret."""

    client = models.ForeignKey(
        ApiClient, verbose_name="سامانه", on_delete=models.PROTECT, related_name="webhook_subscriptions"
    )
    url = models.URLField(
        "نشانی دریافت",
        max_length=500,
        help_text="نشانی https سامانه گیرنده که رویدادها با POST به آن فرستاده می‌شوند.",
    )
    events = models.JSONField("رویدادها", default=list, validators=[validate_events])
    # Kept as is, not hashed: HMAC signing needs the key itself. Shown once when issued.
    secret = models.CharField("کلید امضا", max_length=80, editable=False)
    is_active = models.BooleanField("فعال", default=True)
    created_at = models.DateTimeField("ایجاد", auto_now_add=True)

    class Meta:
        ordering = ["client__name", "pk"]
        verbose_name = "اشتراک وب‌هوک"
        verbose_name_plural = "اشتراک‌های وب‌هوک"

    def __str__(self) -> str:
        return f"{self.client} → {self.url}"

    def clean(self) -> None:
        from webhooks.services import SCOPE  # the scope is the services' rule, checked here for the admin too

        if self.url and not self.url.lower().startswith(("https://", "http://")):
            raise ValidationError({"url": "نشانی دریافت باید با https:// یا http:// آغاز شود."})
        if self.client_id and not self.client.has_scope(SCOPE):
            message = (
                f"سامانه «{self.client}» دسترسی دریافت رویدادها ({SCOPE}) را ندارد؛ "
                "نخست آن را به سامانه بدهید."
            )
            raise ValidationError({"client": message})


class Delivery(models.Model):
    """One event for one subscription: written in the transaction of the event, sent by the task
    worker, retried with backoff until delivered or out of attempts (then re-sendable)."""

    class Status(models.TextChoices):
        PENDING = "pending", "در صف"
        SENDING = "sending", "در حال ارسال"
        RETRYING = "retrying", "در انتظار تلاش دوباره"
        DELIVERED = "delivered", "تحویل‌شده"
        FAILED = "failed", "ناموفق (پایان تلاش‌ها)"

    subscription = models.ForeignKey(
        Subscription, verbose_name="اشتراک", on_delete=models.PROTECT, related_name="deliveries"
    )
    # The receiver's idempotency key: the same in every attempt of this delivery.
    delivery_id = models.UUIDField("شناسه تحویل", default=uuid.uuid4, unique=True, editable=False)
    event = models.CharField("رویداد", max_length=40, choices=list(EVENTS.items()))
    # What caused it (`desk.requestevent:12`): one delivery per cause and subscription.
    source = models.CharField("منشأ", max_length=60)
    payload = models.JSONField("محتوا")
    status = models.CharField(
        "وضعیت", max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField("تعداد تلاش", default=0)
    next_attempt_at = models.DateTimeField("تلاش بعدی", default=timezone.now, db_index=True)
    claimed_at = models.DateTimeField("آغاز آخرین تلاش", null=True, blank=True)
    last_status = models.PositiveSmallIntegerField("آخرین کد پاسخ گیرنده", null=True, blank=True)
    last_error = models.TextField("آخرین خطا", blank=True)
    created_at = models.DateTimeField("ایجاد", default=timezone.now)
    delivered_at = models.DateTimeField("تحویل", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "تحویل وب‌هوک"
        verbose_name_plural = "تحویل‌های وب‌هوک"
        constraints = [
            models.UniqueConstraint(fields=["subscription", "source", "event"], name="webhooks_delivery_once")
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.subscription.url} ({self.get_status_display()})"
