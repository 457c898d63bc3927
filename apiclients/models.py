"""Client systems of the API (E7): who they are, what they may do and for which places, their
tokens (stored only as a SHA-256 digest) and the append-only log of their calls."""

from django.db import models
from django.utils import timezone

from apiclients.scopes import SCOPES
from core.eventlog import AppendOnlyModel
from core.modelfields import optional_fk
from core.validators import validate_code_list
from orgs.models import CounterOffice, OrgUnit, Province


def validate_scopes(value) -> None:
    validate_code_list(value, known=SCOPES, what="دسترسی", plural="دسترسی‌ها")


class ApiClient(models.Model):
    """A system of another body that calls the API: its kind, scopes and places."""

    class Kind(models.TextChoices):
        ASSOCIATION = "association", "نرم‌افزار انجمن دفاتر پیشخوان"
        COMPLAINTS = "complaints", "سامانه شکایات"
        PROVINCIAL = "provincial", "سامانه استانی"

    name = models.CharField(
        "نام",
        max_length=100,
        unique=True,
        help_text="نام لاتین کوتاه و یکتا، مانند pishkhan-assoc (در فرمان api_client به کار می‌رود).",
        error_messages={"unique": "سامانه‌ای با این نام پیش‌تر ثبت شده است."},
    )
    title = models.CharField("عنوان", max_length=200, blank=True)
    kind = models.CharField("نوع", max_length=20, choices=Kind.choices)
    scopes = models.JSONField("دسترسی‌ها", default=list, validators=[validate_scopes])
    offices = models.ManyToManyField(
        CounterOffice, verbose_name="دفاتر پیشخوان", related_name="api_clients", blank=True
    )
    units = models.ManyToManyField(
        OrgUnit,
        verbose_name="واحدهای سازمانی",
        related_name="api_clients",
        blank=True,
        help_text="واحد و همه زیرمجموعه‌هایش.",
    )
    provinces = models.ManyToManyField(
        Province, verbose_name="استان‌ها", related_name="api_clients", blank=True
    )
    calls_per_minute = models.PositiveIntegerField(
        "سقف درخواست در دقیقه", default=120, help_text="بیش از این، پاسخ ۴۲۹ می‌گیرد."
    )
    is_active = models.BooleanField("فعال", default=True)
    created_at = models.DateTimeField("ایجاد", auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "سامانه متصل"
        verbose_name_plural = "سامانه‌های متصل"

    def __str__(self) -> str:
        return self.title or self.name

    def has_scope(self, scope: str) -> bool:
        return scope in (self.scopes or [])


class ApiToken(models.Model):
    """One bearer token of a client: `miz_<key_id>_<secret>`. Only the key id (to find the row)
    and the SHA-256 digest of the whole token are kept; the token itself is shown once."""

    client = models.ForeignKey(
        ApiClient, verbose_name="سامانه", on_delete=models.PROTECT, related_name="tokens"
    )
    key_id = models.CharField("شناسه توکن", max_length=16, unique=True, editable=False)
    digest = models.CharField("چکیده SHA-256", max_length=64, editable=False)
    created_at = models.DateTimeField("صدور", default=timezone.now, editable=False)
    expires_at = models.DateTimeField("انقضا")
    revoked_at = models.DateTimeField("ابطال", null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "توکن دسترسی"
        verbose_name_plural = "توکن‌های دسترسی"

    def __str__(self) -> str:
        return f"miz_{self.key_id}_…"

    def refusal(self, now=None) -> str:
        """Why this token no longer opens the API ("" while it does)."""
        now = now or timezone.now()
        if self.revoked_at is not None:
            return "این توکن باطل شده است؛ از مدیر سامانه توکن تازه بگیرید."
        if self.expires_at <= now:
            return "این توکن منقضی شده است؛ از مدیر سامانه توکن تازه بگیرید."
        if not self.client.is_active:
            return "این سامانه غیرفعال شده است."
        return ""


class ApiCall(AppendOnlyModel):
    """One call of a client-authenticated endpoint: who (when known), from where, what, answer."""

    client = optional_fk(ApiClient, "سامانه", related_name="calls")
    token = optional_fk(ApiToken, "توکن", related_name="calls")
    at = models.DateTimeField("زمان", default=timezone.now)
    ip = models.GenericIPAddressField("نشانی IP", null=True, blank=True)
    method = models.CharField("روش", max_length=10)
    path = models.CharField("مسیر", max_length=500)
    status = models.PositiveSmallIntegerField("کد پاسخ")

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "فراخوانی API"
        verbose_name_plural = "فراخوانی‌های API"
        indexes = [models.Index(fields=["client", "-at"], name="apiclients_call_client_at")]

    def __str__(self) -> str:
        return f"{self.method} {self.path} → {self.status}"
