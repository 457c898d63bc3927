"""One row per message to one recipient on one channel, with its delivery state."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from core.modelfields import optional_fk


class Notification(models.Model):
    class Channel(models.TextChoices):
        SMS = "sms", "پیامک"
        EMAIL = "email", "رایانامه"

    class Status(models.TextChoices):
        QUEUED = "queued", "در صف"
        SENDING = "sending", "در حال ارسال"
        SENT = "sent", "ارسال شد"
        RETRYING = "retrying", "در انتظار تلاش دوباره"
        FAILED = "failed", "ناموفق"

    channel = models.CharField("کانال", max_length=8, choices=Channel.choices)
    recipient = models.CharField("گیرنده", max_length=254, help_text="شماره همراه E.164 یا رایانامه.")
    subject = models.CharField("موضوع", max_length=200, blank=True)
    body = models.TextField("متن")
    event = models.CharField("رویداد", max_length=64, db_index=True, help_text="مانند desk.receipt")
    user = optional_fk(
        settings.AUTH_USER_MODEL, "کاربر", related_name="notifications", on_delete=models.SET_NULL
    )
    related_type = optional_fk(ContentType, "نوع موضوع")
    related_id = models.CharField("شناسه موضوع", max_length=64, blank=True)
    related = GenericForeignKey("related_type", "related_id")

    status = models.CharField(
        "وضعیت", max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    attempts = models.PositiveSmallIntegerField("تعداد تلاش", default=0)
    next_attempt_at = models.DateTimeField("تلاش بعدی", default=timezone.now, db_index=True)
    claimed_at = models.DateTimeField("شروع آخرین ارسال", null=True, blank=True)
    last_error = models.TextField("آخرین خطا", blank=True)
    provider_id = models.CharField("شناسه ارسال‌کننده", max_length=100, blank=True)
    dedupe_key = models.CharField("کلید یکتایی", max_length=200, null=True, blank=True, unique=True)
    created_at = models.DateTimeField("ایجاد", default=timezone.now, db_index=True)
    sent_at = models.DateTimeField("زمان ارسال", null=True, blank=True)

    class Meta:
        verbose_name = "اعلان"
        verbose_name_plural = "اعلان‌ها"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["related_type", "related_id"], name="notif_related_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(channel__in=["sms", "email"]), name="notification_channel_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.event} → {self.masked_recipient}"

    @property
    def masked_recipient(self) -> str:
        value = self.recipient
        if self.channel == self.Channel.SMS:
            return f"{value[:6]}…{value[-2:]}" if len(value) > 8 else value
        name, _, domain = value.partition("@")
        return f"{name[:2]}…@{domain}"


class NotificationTemplate(models.Model):
    """An edited text of one event (notifications.texts): present only while it differs from the
    default in code; "restore default" deletes the row."""

    event = models.CharField("رویداد", max_length=64, unique=True)
    sms_body = models.TextField("متن پیامک", max_length=1000)
    email_subject = models.CharField("موضوع رایانامه", max_length=200, blank=True)
    email_body = models.TextField(
        "متن رایانامه", max_length=4000, blank=True, help_text="خالی: رایانامه همان متن پیامک است."
    )
    updated_at = models.DateTimeField("آخرین ویرایش", auto_now=True)
    updated_by = optional_fk(
        settings.AUTH_USER_MODEL, "ویرایش‌کننده", related_name="+", on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = "متن اعلان"
        verbose_name_plural = "متن‌های اعلان"
        ordering = ["event"]

    def __str__(self) -> str:
        return self.event


class Notice(models.Model):
    """One in-app notice to one signed-in user: what an event told them (whatever channels it was
    also sent on), shown on their notices page until they open it (docs/decisions/0076)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="کاربر", related_name="notices", on_delete=models.CASCADE
    )
    event = models.CharField("رویداد", max_length=64, help_text="مانند desk.receipt")
    subject = models.CharField("موضوع", max_length=200, blank=True)
    body = models.TextField("متن")
    related_type = optional_fk(ContentType, "نوع موضوع")
    related_id = models.CharField("شناسه موضوع", max_length=64, blank=True)
    related = GenericForeignKey("related_type", "related_id")
    dedupe_key = models.CharField("کلید یکتایی", max_length=200, null=True, blank=True, unique=True)
    created_at = models.DateTimeField("ایجاد", default=timezone.now)
    read_at = models.DateTimeField("خوانده‌شده در", null=True, blank=True)

    class Meta:
        verbose_name = "اعلان درون‌سامانه"
        verbose_name_plural = "اعلان‌های درون‌سامانه"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "-created_at", "-id"], name="notice_user_recent_idx"),
            # The badge's count reads only this small index: a user's unread notices.
            models.Index(fields=["user"], condition=models.Q(read_at__isnull=True), name="notice_unread_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.user_id}"

    @property
    def is_unread(self) -> bool:
        return self.read_at is None
