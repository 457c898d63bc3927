"""The approval workflow of a unit's data for a period: its state, the append-only log of its
moves, and the recorded exceptions that reopen a locked period; the log of a plan version's
moves (`performance.plans`) shares the log line's shape (`MoveEvent`)."""

from django.conf import settings
from django.db import models

from accounts.models import Role
from core.eventlog import AppendOnlyModel
from performance.models.catalogue import Period, PlanVersion


class Submission(models.Model):
    """The approval state of one unit's data for one period: entered by the unit, approved
    bottom-up (province, then the HQ planning office) and locked once approved."""

    class State(models.TextChoices):
        DRAFT = "draft", "در حال ورود"
        SUBMITTED = "submitted", "ارسال‌شده برای تأیید استان"
        PROVINCE_APPROVED = "province_approved", "تأیید استان، در انتظار ستاد"
        APPROVED = "approved", "تأیید نهایی (قفل)"

    # The approval workflow, declared once per kind of unit: (from, to) → who may make the move.
    # "unit": the head of the unit (or a manager above it); "province_manager": the manager of the
    # province the unit is; "hq_planner": the HQ planning office. A province's figures go up
    # through its manager; an HQ office's and the research institute's go straight to HQ planning.
    # Nothing leaves "approved": approved figures are locked, and only a recorded LockException
    # (granted by HQ planning, performance.entry.grant_exception) reopens entry. An approver never
    # approves a round they submitted or approved themselves (performance.entry.check_move).
    UNIT, PROVINCE_MANAGER, HQ_PLANNER = "unit", Role.PROVINCE_MANAGER, Role.HQ_PLANNER
    PROVINCE_TRANSITIONS = {
        ("draft", "submitted"): UNIT,
        ("submitted", "province_approved"): PROVINCE_MANAGER,
        ("province_approved", "approved"): HQ_PLANNER,
        ("submitted", "draft"): PROVINCE_MANAGER,
        ("province_approved", "draft"): HQ_PLANNER,
    }
    HQ_TRANSITIONS = {
        ("draft", "submitted"): UNIT,
        ("submitted", "approved"): HQ_PLANNER,
        ("submitted", "draft"): HQ_PLANNER,
    }
    APPROVALS = ("province_approved", "approved")

    org_unit = models.ForeignKey(
        "orgs.OrgUnit", verbose_name="واحد", on_delete=models.PROTECT, related_name="+"
    )
    period = models.ForeignKey(
        Period, verbose_name="دوره", on_delete=models.PROTECT, related_name="submissions"
    )
    state = models.CharField("وضعیت", max_length=20, choices=State.choices, default=State.DRAFT)
    updated_at = models.DateTimeField("آخرین تغییر", auto_now=True)

    class Meta:
        verbose_name = "ارسال داده"
        verbose_name_plural = "ارسال‌های داده"
        constraints = [models.UniqueConstraint(fields=["org_unit", "period"], name="submission_unique")]

    def __str__(self) -> str:
        return f"{self.org_unit} / {self.period}: {self.get_state_display()}"

    @classmethod
    def transitions_for(cls, unit) -> dict[tuple[str, str], str]:
        from orgs.models import OrgUnit

        return cls.PROVINCE_TRANSITIONS if unit.kind == OrgUnit.Kind.PROVINCE else cls.HQ_TRANSITIONS


class MoveEvent(AppendOnlyModel):
    """Append-only line of a workflow's log: who moved it, when, why (`from_state`/`to_state`
    are the log's own, sized to its states)."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="کاربر", on_delete=models.PROTECT, null=True
    )
    at = models.DateTimeField("زمان", auto_now_add=True)
    note = models.CharField("توضیح", max_length=500, blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_state} → {self.to_state}"

    @classmethod
    def logger(cls, field: str):
        """The `log` of a `core.workflow.Workflow` writing to this model: one row per step, its
        object as `field`, the step's note kept."""

        def log(obj, step):
            return cls.objects.create(
                **{field: obj},
                from_state=step.from_state,
                to_state=step.to_state,
                actor=step.actor,
                note=step.context.get("note", ""),
            )

        return log


class SubmissionEvent(MoveEvent):
    """Append-only log of every state change: who, when, from, to, why."""

    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="events")
    from_state = models.CharField("از", max_length=20)
    to_state = models.CharField("به", max_length=20)

    class Meta(MoveEvent.Meta):
        verbose_name = "رویداد ارسال داده"
        verbose_name_plural = "رویدادهای ارسال داده"


class PlanVersionEvent(MoveEvent):
    """Append-only log of a plan version's moves: started, proposed, returned, approved,
    superseded (`performance.plans`)."""

    version = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="events")
    from_state = models.CharField("از", max_length=12, blank=True)
    to_state = models.CharField("به", max_length=12)

    class Meta(MoveEvent.Meta):
        verbose_name = "رویداد نسخه برنامه"
        verbose_name_plural = "رویدادهای نسخه برنامه"

    @property
    def from_label(self) -> str:
        return PlanVersion.State(self.from_state).label if self.from_state else ""

    @property
    def to_label(self) -> str:
        return PlanVersion.State(self.to_state).label


class LockException(models.Model):
    """A recorded exception that reopens a locked period for one unit until a date."""

    org_unit = models.ForeignKey(
        "orgs.OrgUnit", verbose_name="واحد", on_delete=models.PROTECT, related_name="+"
    )
    period = models.ForeignKey(
        Period, verbose_name="دوره", on_delete=models.PROTECT, related_name="lock_exceptions"
    )
    valid_until = models.DateField("معتبر تا")
    reason = models.CharField("علت", max_length=500)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="اجازه‌دهنده", on_delete=models.PROTECT
    )
    granted_at = models.DateTimeField("زمان", auto_now_add=True)

    class Meta:
        ordering = ["-granted_at"]
        verbose_name = "استثنای قفل"
        verbose_name_plural = "استثناهای قفل"

    def __str__(self) -> str:
        return f"{self.org_unit} / {self.period} تا {self.valid_until}"
