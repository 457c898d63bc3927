"""Fees and payments of desk requests: the fee rule of a service (data), the charge a request owes,
each attempt to pay it through a gateway, the append-only log of what every gateway said, and the
sandbox gateway's own ledger (its «bank side»)."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from catalogue.models import Service
from core.eventlog import AppendOnlyModel
from desk.models import ServiceRequest


class FeeRule(models.Model):
    """How a service's fee is collected online: a fixed amount, or an amount per unit of a number
    answered in the application form (per product, per test). A service with no active rule is
    not charged in Miz, whatever its catalogue tariff says."""

    class Kind(models.TextChoices):
        FIXED = "fixed", "مبلغ ثابت"
        PER_UNIT = "per_unit", "به ازای هر واحد از پاسخ فرم"

    service = models.OneToOneField(
        Service, verbose_name="خدمت", on_delete=models.CASCADE, related_name="fee_rule"
    )
    kind = models.CharField("نوع", max_length=10, choices=Kind.choices, default=Kind.FIXED)
    amount_rials = models.BigIntegerField(
        "مبلغ (ریال)",
        validators=[MinValueValidator(1, message="مبلغ باید بیش از صفر ریال باشد.")],
        help_text="مبلغ ثابت، یا مبلغ هر واحد.",
    )
    unit_field = models.CharField(
        "نام فیلد تعداد در فرم",
        max_length=64,
        blank=True,
        help_text="برای «به ازای هر واحد»: نام فیلد عدد صحیح فرم درخواست، مانند number_of_tests.",
    )
    unit_label = models.CharField("نام واحد", max_length=60, blank=True, help_text="مانند «آزمون» یا «کالا».")
    deposit_id = models.CharField(
        "شناسه واریز خزانه",
        max_length=30,
        blank=True,
        help_text="شناسه واریز (در صورت واریز هزینه به حساب خزانه).",
    )
    is_active = models.BooleanField("فعال", default=True)

    class Meta:
        verbose_name = "قاعده هزینه خدمت"
        verbose_name_plural = "قاعده‌های هزینه خدمات"
        constraints = [
            models.CheckConstraint(condition=Q(amount_rials__gt=0), name="payments_feerule_positive"),
            models.CheckConstraint(
                condition=Q(kind="fixed") | ~Q(unit_field=""), name="payments_feerule_unit_field"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service.title}: {self.get_kind_display()}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.kind == self.Kind.PER_UNIT and not self.unit_field:
            raise ValidationError({"unit_field": "برای هزینه به ازای هر واحد، فیلد تعداد را نام ببرید."})
        if self.deposit_id and not self.deposit_id.isdigit():
            raise ValidationError({"deposit_id": "شناسه واریز فقط رقم است."})


class Charge(models.Model):
    """What a request owes: its service fee, fixed at submission, or an extra fee staff of its
    unit raised during the work (a test's cost) with their reason. At most one service fee per
    request; an extra fee is raised only while no other charge of the request is unpaid."""

    class Kind(models.TextChoices):
        SERVICE = "service", "هزینه خدمت"
        EXTRA = "extra", "هزینه اضافی در جریان کار"

    request = models.ForeignKey(
        ServiceRequest, verbose_name="درخواست", on_delete=models.PROTECT, related_name="charges"
    )
    kind = models.CharField("نوع", max_length=10, choices=Kind.choices, default=Kind.SERVICE)
    amount_rials = models.BigIntegerField("مبلغ (ریال)", validators=[MinValueValidator(1)])
    explanation = models.CharField("شرح", max_length=300)
    deposit_id = models.CharField("شناسه واریز", max_length=30, blank=True)
    reason = models.CharField("دلیل هزینه اضافی", max_length=300, blank=True)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="تعیین‌شده به دستور",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("ایجاد", auto_now_add=True)

    class Meta:
        verbose_name = "هزینه درخواست"
        verbose_name_plural = "هزینه‌های درخواست‌ها"
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_rials__gt=0), name="payments_charge_positive"),
            models.UniqueConstraint(
                fields=["request"], condition=Q(kind="service"), name="payments_one_service_fee"
            ),
            models.CheckConstraint(
                condition=Q(kind="service") | ~Q(reason=""), name="payments_extra_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request.tracking_code}: {self.amount_rials}"


class Payment(models.Model):
    """One attempt to pay a charge through a gateway. It is settled only by the gateway's
    server-to-server verify; at most one settled payment per charge (a database constraint)."""

    class State(models.TextChoices):
        STARTED = "started", "در انتظار پرداخت در درگاه"
        UNKNOWN = "unknown", "در انتظار استعلام از درگاه"
        SETTLED = "settled", "پرداخت‌شده"
        FAILED = "failed", "ناموفق"
        CANCELLED = "cancelled", "لغو در درگاه"
        EXPIRED = "expired", "منقضی"
        REVERSED = "reversed", "برگشت‌خورده (پرداخت تکراری)"
        REFUNDED = "refunded", "بازپرداخت‌شده"

    OPEN = (State.STARTED, State.UNKNOWN)

    charge = models.ForeignKey(
        Charge, verbose_name="هزینه", on_delete=models.PROTECT, related_name="payments"
    )
    payer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="پرداخت‌کننده", on_delete=models.PROTECT, related_name="+"
    )
    gateway = models.CharField("درگاه", max_length=20)
    amount_rials = models.BigIntegerField("مبلغ (ریال)")
    state = models.CharField(
        "وضعیت", max_length=10, choices=State.choices, default=State.STARTED, db_index=True
    )
    authority = models.CharField("شناسه تراکنش درگاه", max_length=100, blank=True)
    reference = models.CharField("شماره مرجع", max_length=100, blank=True)
    card_mask = models.CharField("کارت", max_length=30, blank=True)
    message = models.CharField("پیام", max_length=300, blank=True)
    created_at = models.DateTimeField("آغاز", auto_now_add=True, db_index=True)
    settled_at = models.DateTimeField("زمان تسویه", null=True, blank=True, db_index=True)
    refunded_at = models.DateTimeField("زمان بازپرداخت", null=True, blank=True)
    refund_reason = models.CharField("دلیل بازپرداخت", max_length=300, blank=True)
    refunded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="بازپرداخت به دستور",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = "پرداخت"
        verbose_name_plural = "پرداخت‌ها"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["charge"], condition=Q(state="settled"), name="payments_one_settled_per_charge"
            ),
            models.UniqueConstraint(
                fields=["gateway", "authority"], condition=~Q(authority=""), name="payments_unique_authority"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.gateway} {self.authority or self.pk}"


class PaymentEvent(AppendOnlyModel):
    """What happened to a payment: started, callback (each one, replays too), verify, inquiry,
    reversal, refund, with what the gateway said (never a secret)."""

    payment = models.ForeignKey(
        Payment, verbose_name="پرداخت", on_delete=models.PROTECT, related_name="events"
    )
    name = models.CharField("رویداد", max_length=30)
    at = models.DateTimeField("زمان", auto_now_add=True)
    detail = models.JSONField("جزئیات", default=dict, blank=True)

    class Meta:
        verbose_name = "رویداد پرداخت"
        verbose_name_plural = "رویدادهای پرداخت"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return self.name


class SandboxTransaction(models.Model):
    """The sandbox gateway's side of a payment: what its «bank» knows (only `PAYMENT_BACKEND =
    sandbox` uses it)."""

    class State(models.TextChoices):
        PENDING = "pending", "در انتظار"
        PAID = "paid", "پرداخت‌شده"
        CANCELLED = "cancelled", "لغو"
        VERIFIED = "verified", "تأییدشده"
        REVERSED = "reversed", "برگشت‌خورده"

    authority = models.CharField(max_length=40, unique=True)
    amount_rials = models.BigIntegerField()
    callback_url = models.CharField(max_length=500)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    reference = models.CharField(max_length=20, blank=True)
    fail_verify = models.BooleanField(default=False)  # the «verify that fails» scenario
    verify_timeout = models.BooleanField(default=False)  # the «verify that times out» scenario
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "تراکنش درگاه آزمایشی"
        verbose_name_plural = "تراکنش‌های درگاه آزمایشی"

    def __str__(self) -> str:
        return self.authority
