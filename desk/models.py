"""Service requests and everything that happens to them: events, documents, messages, responses,
appointments and feedback. Rules live in `desk.services` and `desk.workflow`, reads in
`desk.selectors`."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from catalogue.models import Channel, RequiredDocument, Service
from core.eventlog import AppendOnlyModel
from core.modelfields import optional_fk
from core.text import ltr_code
from desk import tracking
from desk.kept import KEPT, unmeasured_index
from desk.sortkeys import applicant_sort_key, open_queue_indexes
from orgs.models import CounterOffice, OrgUnit


class State(models.TextChoices):
    SUBMITTED = "submitted", "ثبت‌شده"
    ACCEPTED = "accepted", "پذیرفته‌شده"
    IN_REVIEW = "in_review", "در حال بررسی"
    AWAITING_APPLICANT = "awaiting_applicant", "در انتظار متقاضی"
    AWAITING_PAYMENT = "awaiting_payment", "در انتظار پرداخت"
    APPROVED = "approved", "تأییدشده"
    REJECTED = "rejected", "ردشده"
    RESPONSE_ISSUED = "response_issued", "پاسخ صادر شد"
    CLOSED = "closed", "بسته‌شده"
    WITHDRAWN = "withdrawn", "انصراف متقاضی"


OPEN_STATES = (
    State.SUBMITTED,
    State.ACCEPTED,
    State.IN_REVIEW,
    State.AWAITING_APPLICANT,
    State.AWAITING_PAYMENT,
)
# Answered: decided for the applicant (the reports' «answered», the queue's filter). The SLA clock
# stops once the request is decided: answered or withdrawn.
ANSWERED_STATES = (State.APPROVED, State.REJECTED, State.RESPONSE_ISSUED, State.CLOSED)
CLOCK_STOPPED_STATES = (*ANSWERED_STATES, State.WITHDRAWN)


class ServiceRequest(models.Model):
    """One request for one service by one applicant, from intake to closing."""

    tracking_code = models.CharField("کد رهگیری", max_length=tracking.LENGTH, unique=True, editable=False)
    service = models.ForeignKey(
        Service, verbose_name="خدمت", on_delete=models.PROTECT, related_name="desk_requests"
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="متقاضی",
        on_delete=models.PROTECT,
        related_name="desk_requests",
    )
    # The company the applicant acts for (a confirmed `accounts.CompanyMembership`), or none.
    company = optional_fk("accounts.Company", "شرکت متقاضی", related_name="desk_requests")
    channel = models.CharField("مجرای ثبت", max_length=20, choices=Channel.choices, default=Channel.ONLINE)
    counter_office = optional_fk(CounterOffice, "دفتر پیشخوان ثبت‌کننده", related_name="desk_requests")
    intake_unit = optional_fk(OrgUnit, "میز خدمت حضوری ثبت‌کننده", related_name="desk_intakes")
    filed_by = optional_fk(settings.AUTH_USER_MODEL, "ثبت‌کننده", related_name="desk_requests_filed")
    unit = models.ForeignKey(
        OrgUnit, verbose_name="واحد رسیدگی‌کننده", on_delete=models.PROTECT, related_name="desk_requests"
    )
    assignee = optional_fk(settings.AUTH_USER_MODEL, "کارشناس", related_name="desk_assigned")
    state = models.CharField("وضعیت", max_length=20, choices=State.choices, default=State.SUBMITTED)
    step_number = models.PositiveSmallIntegerField("گام جاری", null=True, blank=True)
    resume_state = models.CharField(
        "وضعیت پس از پاسخ متقاضی", max_length=20, choices=State.choices, blank=True, editable=False
    )
    form_data = models.JSONField("پاسخ‌های فرم", default=dict, blank=True)
    idempotency_key = models.CharField(max_length=64, editable=False)
    target_working_days = models.PositiveSmallIntegerField("مهلت پاسخ (روز کاری)")
    submitted_at = models.DateTimeField("زمان ثبت")
    # Derived from the event log by desk.sla after every event; kept here for the queue's filters.
    due_date = models.DateField("موعد پاسخ")
    clock_paused = models.BooleanField("ساعت متوقف است", default=False)
    decided_at = models.DateTimeField("زمان تصمیم", null=True, blank=True)
    # The first response to the applicant (`desk.first_response`): its target (working days) from the
    # SLA in force at submission (none: no target) and the event that was it, set once when recorded.
    first_response_target = models.PositiveSmallIntegerField("مهلت پاسخ نخست (روز کاری)", **KEPT)
    first_responded_at = models.DateTimeField("زمان پاسخ نخست", **KEPT)
    first_response_event = optional_fk(
        "RequestEvent", "رویداد پاسخ نخست", related_name="+", on_delete=models.SET_NULL, editable=False
    )
    # What the desk's clock measured, as Zammad keeps `close_in_min` (decision 0145): the working days
    # to the decision and to the first response and whether each came within its target (False: no
    # target); the reports summary is rebuilt from them, a holiday edit measures them again.
    answer_working_days = models.IntegerField("روز کاری تا تصمیم", **KEPT)
    answer_within_sla = models.BooleanField("تصمیم در مهلت", **KEPT)
    first_response_working_days = models.IntegerField("روز کاری تا پاسخ نخست", **KEPT)
    first_response_within = models.BooleanField("پاسخ نخست در مهلت", **KEPT)
    closed_at = models.DateTimeField("زمان بستن", null=True, blank=True)
    updated_at = models.DateTimeField("آخرین تغییر", auto_now=True)
    # The queue's sort keys for two columns of other tables, copied here so that a sorted page is
    # read in index order (a join cannot give that order): filled on creation, kept in step by
    # `desk.search` when an applicant's name or a service's title changes (issue 14, docs/desk.md).
    applicant_sort = models.CharField("متقاضی (مرتب‌سازی)", max_length=201, blank=True, editable=False)
    # The assignee's names as the queue sorts them ("" for none), kept by the assignment, the moves
    # that clear it and the rename (desk.search): the sort reads an index, not a join (issue 18).
    assignee_sort = models.CharField(
        "کارشناس (مرتب‌سازی)", max_length=201, blank=True, default="", editable=False
    )
    service_sort = models.CharField("خدمت (مرتب‌سازی)", max_length=300, blank=True, editable=False)

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = "درخواست خدمت"
        verbose_name_plural = "درخواست‌های خدمت"
        constraints = [
            models.UniqueConstraint(fields=["applicant", "idempotency_key"], name="desk_request_idempotent"),
        ]
        indexes = [
            models.Index(fields=["unit", "state", "due_date"]),
            # An applicant's requests newest first: «my requests» and the window of recent requests
            # whose files are offered again (`desk.services.intake.earlier_documents`), read in
            # index order however many the applicant filed (issue 18).
            models.Index(fields=["applicant", "-submitted_at", "-id"], name="desk_request_applicant_recent"),
            # The queue's service filter: which services have requests in these units.
            models.Index(fields=["unit", "service"], name="desk_request_unit_service"),
            # The queue's pages in its default order and newest first: read in index order, the
            # state and the applicant checked in the index (PostgreSQL: INCLUDE; counts index-only).
            models.Index(
                fields=["unit", "due_date", "submitted_at"],
                include=["state", "applicant"],
                name="desk_request_queue_due",
            ),
            models.Index(
                fields=["unit", "-submitted_at"],
                include=["state", "applicant"],
                name="desk_request_queue_recent",
            ),
            # The queue sorted by service or by applicant, in either direction (read backwards).
            models.Index(
                fields=["unit", "service_sort", "id"], include=["state"], name="desk_request_queue_service"
            ),
            models.Index(
                fields=["unit", "applicant_sort", "id"],
                include=["state"],
                name="desk_request_queue_applicant",
            ),
            # The queue's keyset pages over the open requests (its default), one per order: a page is
            # one range of the unit's open rows in the order shown, whatever its closed history.
            *open_queue_indexes(OPEN_STATES),
            # The reports' overdue count reads only the open, running, past-due rows (decision 0114).
            models.Index(fields=["state", "clock_paused", "due_date"], name="desk_request_overdue"),
            # The same count for a period: the open, running requests by day of acceptance with what
            # the count reads (PostgreSQL: INCLUDE, index-only), a year its own rows (docs/reports.md).
            models.Index(
                fields=["submitted_at"],
                include=["due_date", "unit", "service", "channel", "counter_office", "intake_unit"],
                condition=models.Q(state__in=OPEN_STATES, clock_paused=False),
                name="desk_open_running_by_day",
            ),
            unmeasured_index(ANSWERED_STATES),
        ]

    def __str__(self) -> str:
        return f"{ltr_code(self.tracking_display)} — {self.service.title}"

    def save(self, *args, **kwargs):
        if self._state.adding:
            self.applicant_sort = applicant_sort_key(self.applicant)
            self.service_sort = self.service.title
        if self.assignee_id is None:  # a move to another unit clears the assignee
            self.assignee_sort = ""
        elif self._state.adding or "assignee" in self._state.fields_cache:  # set or read with the row
            self.assignee_sort = applicant_sort_key(self.assignee)
        super().save(*args, **kwargs)

    @property
    def tracking_display(self) -> str:
        return tracking.display(self.tracking_code)

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def place(self):
        return self.counter_office or self.intake_unit

    def current_step(self):
        if self.step_number is None:
            return None
        return next((s for s in self.service.steps.all() if s.order == self.step_number), None)


class RequestEvent(AppendOnlyModel):
    """One line of a request's append-only log (E6): who, when, from where, what."""

    class Kind(models.TextChoices):
        TRANSITION = "transition", "تغییر وضعیت"
        ASSIGN_UNIT = "assign_unit", "ارجاع به واحد"
        ASSIGN_EXPERT = "assign_expert", "ارجاع به کارشناس"
        MESSAGE = "message", "پیام"
        NOTE = "note", "یادداشت داخلی"
        DOCUMENT = "document", "مدرک"
        APPOINTMENT = "appointment", "نوبت حضور"
        RESPONSE = "response", "پاسخ"
        FEEDBACK = "feedback", "نظرسنجی"
        DOWNLOAD = "download", "دریافت پاسخ"
        ESCALATION = "escalation", "ارجاع دیرکرد"
        REMINDER = "reminder", "یادآوری"
        EXTERNAL = "external", "پاسخ طرف بیرونی"

    request = models.ForeignKey(
        ServiceRequest, verbose_name="درخواست", on_delete=models.PROTECT, related_name="events"
    )
    kind = models.CharField("نوع", max_length=20, choices=Kind.choices)
    name = models.CharField("عملیات", max_length=40)
    from_state = models.CharField("از وضعیت", max_length=20, choices=State.choices, blank=True)
    to_state = models.CharField("به وضعیت", max_length=20, choices=State.choices, blank=True)
    step_number = models.PositiveSmallIntegerField("گام", null=True, blank=True)
    actor = optional_fk(settings.AUTH_USER_MODEL, "انجام‌دهنده", related_name="desk_events")
    actor_role = models.CharField("نقش انجام‌دهنده", max_length=30, blank=True)
    at = models.DateTimeField("زمان")
    ip = models.GenericIPAddressField("نشانی IP", null=True, blank=True)
    payload = models.JSONField("جزئیات", default=dict, blank=True)
    public = models.BooleanField("دیدنی برای متقاضی", default=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = "رویداد درخواست"
        verbose_name_plural = "رویدادهای درخواست"

    def __str__(self) -> str:
        return f"{self.request.tracking_code} {self.name}"


class PastUnit(models.Model):
    """A unit that held the request before it moved on (a step of another unit, or a head's
    reassignment): its staff may still read the request, and only the unit holding it acts."""

    request = models.ForeignKey(
        ServiceRequest, verbose_name="درخواست", on_delete=models.CASCADE, related_name="past_units"
    )
    unit = models.ForeignKey(OrgUnit, verbose_name="واحد", on_delete=models.PROTECT, related_name="+")
    left_at = models.DateTimeField("زمان رفتن از واحد")

    class Meta:
        verbose_name = "واحد پیشین درخواست"
        verbose_name_plural = "واحدهای پیشین درخواست"
        constraints = [
            models.UniqueConstraint(fields=["request", "unit"], name="desk_past_unit_once"),
        ]
        indexes = [models.Index(fields=["unit", "request"], name="desk_past_unit_reader")]

    def __str__(self) -> str:
        return f"{self.request_id} ← {self.unit}"


class Message(models.Model):
    """A message between applicant and staff, or a staff-only note the applicant never sees."""

    request = models.ForeignKey(
        ServiceRequest, verbose_name="درخواست", on_delete=models.PROTECT, related_name="messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="نویسنده", on_delete=models.PROTECT, related_name="+"
    )
    from_staff = models.BooleanField("از سوی کارکنان", default=False)
    internal = models.BooleanField("یادداشت داخلی", default=False)
    asks_for_more = models.BooleanField("درخواست مدرک یا توضیح بیشتر", default=False)
    body = models.TextField("متن")
    created_at = models.DateTimeField("زمان")

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "پیام"
        verbose_name_plural = "پیام‌ها"

    def __str__(self) -> str:
        return f"{self.request.tracking_code}: {self.body[:40]}"


class Document(models.Model):
    """A file of a request: an intake document, a message attachment or the response file.

    Stored under MEDIA_ROOT/private with a random name; served only by the access-checked view."""

    class Kind(models.TextChoices):
        INTAKE = "intake", "مدرک درخواست"
        ATTACHMENT = "attachment", "پیوست پیام"
        RESPONSE = "response", "پاسخ خدمت"
        RECEIPT = "receipt", "رسید"
        EXTERNAL = "external", "پاسخ طرف بیرونی"

    request = models.ForeignKey(
        ServiceRequest, verbose_name="درخواست", on_delete=models.PROTECT, related_name="documents"
    )
    kind = models.CharField("نوع", max_length=20, choices=Kind.choices)
    required_document = optional_fk(RequiredDocument, "مدرک لازم", related_name="+")
    message = optional_fk(Message, "پیام", related_name="attachments")
    original_name = models.CharField("نام پرونده", max_length=255)
    stored_name = models.CharField(max_length=255, unique=True, editable=False)
    content_type = models.CharField("نوع محتوا", max_length=100)
    size = models.PositiveIntegerField("حجم (بایت)")
    sha256 = models.CharField("چکیده SHA-256", max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="بارگذار", on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField("زمان بارگذاری")

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = "پرونده درخواست"
        verbose_name_plural = "پرونده‌های درخواست"

    def __str__(self) -> str:
        return self.original_name

    @property
    def visible_to_applicant(self) -> bool:
        # An external party's answer is a working paper of the staff: the applicant hears the
        # outcome in the service's response (docs/decisions/0078).
        if self.kind == self.Kind.EXTERNAL:
            return False
        return self.message is None or not self.message.internal


class Decision(models.TextChoices):
    APPROVED = "approved", "تأیید"
    REJECTED = "rejected", "رد"


class Response(models.Model):
    """The electronic response (D6): the decision, its text and its file, with a public
    verification token printed as a QR code on the generated letter or certificate."""

    request = models.OneToOneField(
        ServiceRequest, verbose_name="درخواست", on_delete=models.PROTECT, related_name="response"
    )
    decision = models.CharField("تصمیم", max_length=10, choices=Decision.choices)
    text = models.TextField("متن پاسخ")
    document = models.OneToOneField(
        Document, verbose_name="پرونده پاسخ", on_delete=models.PROTECT, related_name="response_of"
    )
    generated = models.BooleanField("تولیدشده توسط سامانه", default=True)
    verification_token = models.CharField(max_length=40, unique=True, editable=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="صادرکننده", on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField("زمان صدور")

    class Meta:
        verbose_name = "پاسخ خدمت"
        verbose_name_plural = "پاسخ‌های خدمت"

    def __str__(self) -> str:
        return f"{self.request.tracking_code}: {self.get_decision_display()}"


class Appointment(models.Model):
    """A visit (D12), only at an in-person desk of a unit or at a counter office (D11)."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "در انتظار تأیید متقاضی"
        CONFIRMED = "confirmed", "تأییدشده"
        RESCHEDULE = "reschedule", "درخواست زمان دیگر"
        CANCELLED = "cancelled", "لغوشده"

    request = models.ForeignKey(
        ServiceRequest, verbose_name="درخواست", on_delete=models.PROTECT, related_name="appointments"
    )
    unit = optional_fk(OrgUnit, "میز خدمت حضوری", related_name="+")
    counter_office = optional_fk(CounterOffice, "دفتر پیشخوان", related_name="+")
    starts_at = models.DateTimeField("زمان")
    reason = models.CharField("دلیل حضور", max_length=500)
    documents_to_bring = models.TextField("مدارک همراه", blank=True)
    status = models.CharField("وضعیت", max_length=20, choices=Status.choices, default=Status.PROPOSED)
    applicant_note = models.CharField("پیام متقاضی", max_length=500, blank=True)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="رزروکننده", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("ایجاد", auto_now_add=True)

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = "نوبت حضور"
        verbose_name_plural = "نوبت‌های حضور"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(unit__isnull=False, counter_office__isnull=True)
                | models.Q(unit__isnull=True, counter_office__isnull=False),
                name="desk_appointment_one_place",
            )
        ]

    def __str__(self) -> str:
        return f"{self.request.tracking_code} @ {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def place(self):
        return self.unit or self.counter_office


FEEDBACK_REASONS = [
    ("speed", "سرعت انجام کار"),
    ("clarity", "روشنی راهنما و فرم‌ها"),
    ("staff", "رفتار و پاسخگویی کارشناسان"),
    ("result", "نتیجه و کیفیت پاسخ"),
    ("system", "سهولت کار با سامانه"),
]


class Feedback(models.Model):
    """The applicant's one survey per closed request (D9)."""

    request = models.OneToOneField(
        ServiceRequest, verbose_name="درخواست", on_delete=models.PROTECT, related_name="feedback"
    )
    score = models.PositiveSmallIntegerField(
        "امتیاز", validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    reasons = models.JSONField("دلایل", default=list, blank=True)
    comment = models.TextField("توضیح", blank=True)
    created_at = models.DateTimeField("زمان")

    class Meta:
        verbose_name = "نظر متقاضی"
        verbose_name_plural = "نظرهای متقاضیان"
        constraints = [
            models.CheckConstraint(condition=models.Q(score__gte=1, score__lte=5), name="desk_feedback_score")
        ]

    def __str__(self) -> str:
        return f"{self.request.tracking_code}: {self.score}"


class StaffAlertPreference(models.Model):
    """How a staff member wants the desk's alerts (new request, applicant's reply, due tomorrow,
    overdue, escalation): always on their workbench, and by SMS, email or both if they choose.
    No row: on the workbench only."""

    class Channels(models.TextChoices):
        IN_APP = "in_app", "فقط در سامانه"
        SMS = "sms", "در سامانه و با پیامک"
        EMAIL = "email", "در سامانه و با رایانامه"
        BOTH = "both", "در سامانه، با پیامک و رایانامه"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="کاربر",
        on_delete=models.CASCADE,
        related_name="desk_alert_preference",
    )
    channels = models.CharField(
        "راه آگاه‌شدن", max_length=8, choices=Channels.choices, default=Channels.IN_APP
    )
    updated_at = models.DateTimeField("آخرین تغییر", auto_now=True)

    class Meta:
        verbose_name = "تنظیم اعلان کارکنان"
        verbose_name_plural = "تنظیم‌های اعلان کارکنان"

    def __str__(self) -> str:
        return f"{self.user}: {self.get_channels_display()}"

    @property
    def notify_channels(self) -> tuple[str, ...]:
        """The channels of `notifications.notify` this choice asks for (besides the workbench)."""
        return {"sms": ("sms",), "email": ("email",), "both": ("sms", "email")}.get(self.channels, ())


class RequestSearch(models.Model):
    """The request's search document (D5 search), kept by `desk.search.refresh` in the same
    transaction as the change: normalised words of its identifiers and names (`head`), form
    answers and messages. PostgreSQL adds a weighted `tsvector` column with a GIN index and a
    trigram index on `head`; SQLite an FTS5 table kept by triggers (migration 0002)."""

    request = models.OneToOneField(
        ServiceRequest,
        verbose_name="درخواست",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search",
    )
    head = models.TextField("شناسه‌ها و نام‌ها", blank=True)
    answers = models.TextField("پاسخ‌های فرم", blank=True)
    messages = models.TextField("پیام‌ها", blank=True)
    # The request's unit, copied here so that a search is narrowed to the user's units inside the
    # index (PostgreSQL: a `u<id>` word in the tsvector; SQLite: an index; migration 0003) rather
    # than after fetching every match. Kept by `desk.search.refresh` and `desk.search.moved`.
    unit_id = models.BigIntegerField("واحد رسیدگی‌کننده", null=True, editable=False)

    class Meta:
        verbose_name = "سند جست‌وجوی درخواست"
        verbose_name_plural = "سندهای جست‌وجوی درخواست"

    def __str__(self) -> str:
        return str(self.request_id)
