"""Admin: the activity catalogue (with its desk binding), plan versions, periods, data-quality
rules, lock exceptions; values and their audit rows are read-only here."""

from django.contrib import admin

from core.admin import MizModelAdmin, MizTabularInline, ReadOnlyAdminMixin
from performance.models import (
    Activity,
    Area,
    Breakdown,
    DataValue,
    DataValueAudit,
    LockException,
    Period,
    PlanVersion,
    Submission,
    ValidationRule,
)


class BreakdownInline(MizTabularInline):
    model = Breakdown
    extra = 0


@admin.register(Area)
class AreaAdmin(MizModelAdmin):
    list_display = ("code", "title", "order")
    search_fields = ("code", "title")


@admin.register(Activity)
class ActivityAdmin(MizModelAdmin):
    list_display = ("code", "title", "area", "unit_of_measure", "scope", "desk_service_code", "is_active")
    list_filter = ("scope", "area", "is_active")
    search_fields = ("code", "title", "desk_service_code")
    inlines = [BreakdownInline]


@admin.register(PlanVersion)
class PlanVersionAdmin(MizModelAdmin):
    list_display = ("code", "title", "year", "state")
    readonly_fields = ("state", "based_on")

    def save_model(self, request, obj, form, change):
        """A year's first version is in force; a later one starts as a draft, and only the
        revision workflow (`performance.plans`, «نسخه‌های برنامه») puts it in force."""
        if not change:
            in_force = PlanVersion.objects.filter(year=obj.year, state=PlanVersion.State.IN_FORCE)
            obj.state = PlanVersion.State.DRAFT if in_force.exists() else PlanVersion.State.IN_FORCE
        super().save_model(request, obj, form, change)


@admin.register(Period)
class PeriodAdmin(MizModelAdmin):
    list_display = ("code", "kind", "year", "number", "start", "end", "lock_after")
    list_filter = ("kind", "year")


@admin.register(ValidationRule)
class ValidationRuleAdmin(MizModelAdmin):
    list_display = ("code", "name", "kind", "operator", "importance", "missing_value_strategy", "is_active")
    list_filter = ("kind", "importance", "is_active")
    search_fields = ("code", "name", "left", "right")

    def save_model(self, request, obj, form, change):
        from performance.validation import validate_expression

        validate_expression(obj.left)
        validate_expression(obj.right)
        super().save_model(request, obj, form, change)


@admin.register(LockException)
class LockExceptionAdmin(MizModelAdmin):
    list_display = ("org_unit", "period", "valid_until", "reason", "granted_by", "granted_at")


@admin.register(Submission)
class SubmissionAdmin(MizModelAdmin):
    list_display = ("org_unit", "period", "state", "updated_at")
    list_filter = ("state",)

    def has_change_permission(self, request, obj=None):
        return False  # states move only through the approval steps (performance.entry.move)


@admin.register(DataValue)
class DataValueAdmin(MizModelAdmin):
    list_display = (
        "activity",
        "breakdown",
        "org_unit",
        "period",
        "measure",
        "plan_version",
        "value",
        "source",
    )
    list_filter = ("measure", "source", "period")
    search_fields = ("activity__code", "activity__title")
    list_select_related = ("activity", "breakdown", "org_unit", "period", "plan_version")

    def has_change_permission(self, request, obj=None):
        return False  # values change only through services, which write the audit row

    def has_add_permission(self, request):
        return False


@admin.register(DataValueAudit)
class DataValueAuditAdmin(ReadOnlyAdminMixin, MizModelAdmin):
    list_display = ("key", "old_value", "new_value", "changed_by", "changed_at", "source")
    search_fields = ("key",)
