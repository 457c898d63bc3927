"""People (identified by national code), their scoped roles, the companies they act for, and
one-time codes."""

from typing import NamedTuple

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from core.modelfields import LegalIdField, MobileField, NationalCodeField, PostalCodeField, optional_fk


class Role(models.TextChoices):
    APPLICANT = "applicant", "متقاضی"
    COUNTER_OPERATOR = "counter_operator", "کاربر دفتر پیشخوان"
    LICENCE_HOLDER = "licence_holder", "دارنده پروانه دفتر پیشخوان"
    STAFF_EXPERT = "staff_expert", "کارشناس"
    UNIT_HEAD = "unit_head", "رئیس واحد"
    REGION_EXPERT = "region_expert", "کارشناس منطقه"
    PROVINCE_MANAGER = "province_manager", "مدیر کل استان"
    HQ_PLANNER = "hq_planner", "برنامه‌ریز ستاد"
    AUDITOR = "auditor", "بازرس"
    ADMINISTRATOR = "administrator", "مدیر سامانه"


# What each role's membership is scoped to. Auditors may be scoped to a unit or see all.
ROLE_SCOPE = {
    Role.APPLICANT: None,
    Role.COUNTER_OPERATOR: "counter_office",
    Role.LICENCE_HOLDER: "counter_office",
    Role.STAFF_EXPERT: "org_unit",
    Role.UNIT_HEAD: "org_unit",
    Role.REGION_EXPERT: "region",
    Role.PROVINCE_MANAGER: "org_unit",
    Role.HQ_PLANNER: "org_unit",
    Role.AUDITOR: "optional_org_unit",
    Role.ADMINISTRATOR: None,
}

# What each role does in Miz, in a line (registered with `core.nav` by `AccountsConfig.ready`).
ROLE_DESCRIPTIONS = {
    Role.APPLICANT: "درخواست خدمت به‌صورت برخط، پیگیری با کد رهگیری، گفت‌وگو با کارشناس و نظرسنجی.",
    Role.COUNTER_OPERATOR: "ثبت درخواست متقاضیان در دفتر پیشخوان با تأیید پیامکی متقاضی و پیگیری آن‌ها.",
    Role.LICENCE_HOLDER: "دیدن کارنامه و رتبه دفتر، ارزیابی‌ها، اعتراض به امتیاز و کاربران دفتر.",
    Role.STAFF_EXPERT: "کارتابل درخواست‌ها، بررسی مدارک، پاسخ به متقاضی و پیش‌بردن گام‌ها در مهلت.",
    Role.UNIT_HEAD: "نظارت بر کارتابل واحد، ارجاع، هشدار دیرکرد و گزارش عملکرد واحد.",
    Role.REGION_EXPERT: "ارزیابی دفاتر پیشخوان منطقه، بازدید و ثبت امتیاز با مستندات.",
    Role.PROVINCE_MANAGER: "برنامه و عملکرد استان، رتبه دفاتر پیشخوان و شاخص‌های کیفیت خدمت.",
    Role.HQ_PLANNER: "تعریف شاخص‌ها و برنامه سالانه، تجمیع عملکرد استان‌ها و مدیریت‌های ستاد.",
    Role.AUDITOR: "دیدن بی‌کم‌وکاست سوابق، رویدادها و گزارش‌ها بدون امکان تغییر.",
    Role.ADMINISTRATOR: "پیکربندی کاتالوگ خدمات، تقویم تعطیلات، ساختار سازمانی و کاربران.",
}


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, national_code, mobile, password=None, **extra):
        user = self.model(national_code=national_code, mobile=mobile, **extra)
        # No default or derived password: without one the account cannot sign in by password
        # until its owner sets one through a one-time code.
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_superuser(self, national_code, mobile, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        if not password:
            raise ValueError("A superuser needs a password.")
        return self.create_user(national_code, mobile, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    class PersonType(models.TextChoices):
        NATURAL = "natural", "حقیقی"
        LEGAL = "legal", "حقوقی"

    national_code = NationalCodeField("کد ملی", unique=True)
    first_name = models.CharField("نام", max_length=100)
    last_name = models.CharField("نام خانوادگی", max_length=100)
    mobile = MobileField("شماره همراه", db_index=True)
    email = models.EmailField("رایانامه", blank=True)
    postal_address = models.TextField("نشانی پستی", max_length=500, blank=True)
    postal_code = PostalCodeField("کد پستی", blank=True)
    person_type = models.CharField(
        "نوع شخص", max_length=10, choices=PersonType.choices, default=PersonType.NATURAL
    )
    legal_national_id = LegalIdField(
        "شناسه ملی شخص حقوقی",
        null=True,
        blank=True,
        unique=True,
        help_text="برای شخص حقوقی: شناسه ملی ۱۱ رقمی شرکت یا مؤسسه.",
    )
    legal_name = models.CharField("نام شخص حقوقی", max_length=200, blank=True)
    is_active = models.BooleanField("فعال", default=True)
    is_staff = models.BooleanField(
        "دسترسی به مدیریت", default=False, help_text="اجازه ورود به بخش مدیریت (ادمین)."
    )
    date_joined = models.DateTimeField("تاریخ عضویت", default=timezone.now)
    failed_login_count = models.PositiveSmallIntegerField("ورودهای ناموفق پیاپی", default=0, editable=False)
    locked_until = models.DateTimeField("قفل تا", null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "national_code"
    REQUIRED_FIELDS = ["mobile", "first_name", "last_name"]

    class Meta:
        verbose_name = "کاربر"
        verbose_name_plural = "کاربران"

    def __str__(self) -> str:
        return self.get_full_name() or self.national_code

    def clean(self) -> None:
        super().clean()
        if self.person_type == self.PersonType.LEGAL:
            errors = {}
            if not self.legal_national_id:
                errors["legal_national_id"] = "برای شخص حقوقی، شناسه ملی را وارد کنید."
            if not self.legal_name:
                errors["legal_name"] = "برای شخص حقوقی، نام شرکت یا مؤسسه را وارد کنید."
            if errors:
                raise ValidationError(errors)
        elif self.legal_national_id or self.legal_name:
            raise ValidationError({"person_type": "شناسه و نام شخص حقوقی فقط برای شخص حقوقی ثبت می‌شود."})

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name

    def is_locked(self, now=None) -> bool:
        return bool(self.locked_until and self.locked_until > (now or timezone.now()))

    def role_codes(self) -> set[str]:
        """The codes of this user's active roles (cached on the instance for the request)."""
        if not hasattr(self, "_role_codes"):
            codes = {row.role for row in self.active_memberships()}
            if self.is_superuser:
                codes.add(Role.ADMINISTRATOR)
            self._role_codes = codes
        return self._role_codes

    def active_memberships(self) -> list["MembershipRow"]:
        """This user's active memberships as (role, org_unit_id, counter_office_id, region_id),
        oldest first: read once per user object, that is once per HTTP request, for the menu
        (`role_codes`), the roles held at a unit (`accounts.selectors.roles_at`) and the desk's
        scopes (`desk.selectors.scopes.user_scopes`), which had each read them again."""
        if "_active_memberships" not in self.__dict__:
            self._active_memberships = [
                MembershipRow(*row)
                for row in self.memberships.filter(is_active=True)
                .order_by("pk")
                .values_list("role", "org_unit_id", "counter_office_id", "region_id")
            ]
        return self._active_memberships


class MembershipRow(NamedTuple):
    role: str
    org_unit_id: int | None
    counter_office_id: int | None
    region_id: int | None


# The columns a membership may be scoped by (at most one is set).
MEMBERSHIP_SCOPES = ("org_unit", "counter_office", "region")


class Membership(models.Model):
    """A role a user holds, scoped to an org unit, a counter office or a region as the role needs."""

    user = models.ForeignKey(User, verbose_name="کاربر", on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField("نقش", max_length=30, choices=Role.choices)
    org_unit = optional_fk("orgs.OrgUnit", "واحد سازمانی", related_name="memberships")
    counter_office = optional_fk("orgs.CounterOffice", "دفتر پیشخوان", related_name="memberships")
    region = optional_fk("orgs.Region", "منطقه", related_name="memberships")
    is_head = models.BooleanField(
        "سرپرست", default=False, help_text="سرپرست منطقه یا واحد (گیرنده ارجاع‌های دیرکرد)."
    )
    is_active = models.BooleanField("فعال", default=True)
    created_at = models.DateTimeField("ایجاد", auto_now_add=True)

    class Meta:
        verbose_name = "نقش کاربر"
        verbose_name_plural = "نقش‌های کاربران"
        # A role is held once per scope; one partial constraint per kind of scope, because
        # SQLite cannot treat NULLs as equal in a single constraint.
        constraints = [
            *(
                models.UniqueConstraint(
                    fields=["user", "role", scope],
                    condition=models.Q(**{f"{scope}__isnull": False}),
                    name=f"membership_unique_{scope}",
                )
                for scope in MEMBERSHIP_SCOPES
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=models.Q(**{f"{scope}__isnull": True for scope in MEMBERSHIP_SCOPES}),
                name="membership_unique_unscoped",
            ),
        ]

    def __str__(self) -> str:
        scope = self.org_unit or self.counter_office or self.region
        return f"{self.user} — {self.get_role_display()}" + (f" ({scope})" if scope else "")

    def clean(self) -> None:
        scope = ROLE_SCOPE.get(self.role)
        given = {
            "org_unit": self.org_unit_id,
            "counter_office": self.counter_office_id,
            "region": self.region_id,
        }
        labels = {"org_unit": "واحد سازمانی", "counter_office": "دفتر پیشخوان", "region": "منطقه"}
        wanted = {"optional_org_unit": "org_unit"}.get(scope, scope)
        extra = [labels[k] for k, v in given.items() if v and k != wanted]
        if extra:
            raise ValidationError(
                f"نقش «{self.get_role_display()}» به {'، '.join(extra)} وابسته نیست؛ آن را خالی بگذارید."
            )
        if scope in labels and not given[scope]:
            raise ValidationError(
                {scope: f"نقش «{self.get_role_display()}» باید به یک {labels[scope]} وابسته باشد."}
            )


class OneTimeCode(models.Model):
    """A code sent by SMS: single use, short-lived, a few attempts. Only its hash is stored."""

    class Purpose(models.TextChoices):
        SIGNUP = "signup", "ثبت‌نام"
        PASSWORD_RESET = "password_reset", "بازیابی رمز عبور"
        COUNTER_INTAKE = "counter_intake", "تأیید درخواست در دفتر پیشخوان"
        CONFIRM = "confirm", "تأیید"
        SIGN_IN = "sign_in", "ورود"

    mobile = MobileField("شماره همراه", db_index=True)
    purpose = models.CharField("کاربرد", max_length=20, choices=Purpose.choices)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "کد یک‌بارمصرف"
        verbose_name_plural = "کدهای یک‌بارمصرف"
        indexes = [models.Index(fields=["mobile", "purpose", "created_at"])]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} — {self.mobile}"


class Company(models.Model):
    """A legal person (شخص حقوقی), identified by its 11-digit national ID. People act for it
    through confirmed `CompanyMembership`s; the company itself never signs in."""

    national_id = LegalIdField("شناسه ملی", unique=True)
    name = models.CharField("نام شرکت یا مؤسسه", max_length=200)
    registration_number = models.CharField("شماره ثبت", max_length=20, blank=True)
    registration_place = models.CharField("محل ثبت", max_length=100, blank=True)
    created_at = models.DateTimeField("ایجاد", auto_now_add=True)

    class Meta:
        verbose_name = "شرکت یا مؤسسه"
        verbose_name_plural = "شرکت‌ها و مؤسسه‌ها"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CompanyMembership(models.Model):
    """A person acting for a company, as its registered representative or as an agent.

    Pending until confirmed: a representative by staff, an agent by a confirmed representative of
    the company (or staff). Only a confirmed membership lets the person apply for the company."""

    class Role(models.TextChoices):
        REPRESENTATIVE = "representative", "نماینده قانونی (صاحب امضا)"
        AGENT = "agent", "کارگزار"

    class Status(models.TextChoices):
        PENDING = "pending", "در انتظار تأیید"
        CONFIRMED = "confirmed", "تأییدشده"
        REVOKED = "revoked", "لغوشده"

    user = models.ForeignKey(
        User, verbose_name="شخص", on_delete=models.CASCADE, related_name="company_memberships"
    )
    company = models.ForeignKey(
        Company, verbose_name="شرکت", on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField("سمت", max_length=20, choices=Role.choices)
    status = models.CharField("وضعیت", max_length=10, choices=Status.choices, default=Status.PENDING)
    requested_at = models.DateTimeField("زمان درخواست", default=timezone.now)
    decided_by = optional_fk(User, "تأییدکننده یا لغوکننده", related_name="company_decisions")
    decided_at = models.DateTimeField("زمان تأیید یا لغو", null=True, blank=True)

    class Meta:
        verbose_name = "عضویت در شرکت"
        verbose_name_plural = "عضویت‌ها در شرکت‌ها"
        ordering = ["company__name", "requested_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "company"], name="company_membership_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} {self.company}"

    @property
    def is_confirmed(self) -> bool:
        return self.status == self.Status.CONFIRMED
