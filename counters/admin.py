"""Admin: licences (the registry's licence side), the scoring and delegation configuration, and a
read-only view of files with their append-only event log."""

from django import forms
from django.contrib import admin

from core.admin import MizModelAdmin, MizStackedInline, MizTabularInline, ReadOnlyAdminMixin
from core.forms import MizModelForm
from counters import scoring
from counters.models import (
    Criterion,
    Declaration,
    DeclarationEvent,
    DelegationRule,
    Discipline,
    Facility,
    Licence,
    RankThreshold,
    ViolationItem,
)
from orgs.admin import CounterOfficeAdmin
from orgs.models import CounterOffice, clean_office_code


def _give_holder_role(licence: Licence) -> None:
    from counters.services import sync_holder_role

    sync_holder_role(licence)


class LicenceInline(MizStackedInline):
    model = Licence
    extra = 0
    max_num = 1
    can_delete = False
    autocomplete_fields = ["holder"]


# The registry entry lives in orgs; its admin page gets the office's licence inline here, so the
# office and its licence are edited on one page without orgs knowing about counters.
admin.site.unregister(CounterOffice)


class CounterOfficeForm(MizModelForm):
    class Meta:
        model = CounterOffice
        fields = "__all__"

    def clean_code(self):
        # `۱۱۰۸-۴۰-۷۲`, `11084072` … → `1108-40-72` (seed 000's format).
        return clean_office_code(self.cleaned_data.get("code", ""))


@admin.register(CounterOffice)
class CounterOfficeWithLicenceAdmin(CounterOfficeAdmin):
    form = CounterOfficeForm
    inlines = [LicenceInline]
    list_display = [*CounterOfficeAdmin.list_display, "licence_expiry"]

    @admin.display(description="انقضای پروانه", ordering="licence__expires_on")
    def licence_expiry(self, obj):
        from core.jalali import format_date

        licence = getattr(obj, "licence", None)
        return format_date(licence.expires_on) if licence else "—"

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        for licence in Licence.objects.filter(office=form.instance):
            _give_holder_role(licence)


@admin.register(Licence)
class LicenceAdmin(MizModelAdmin):
    list_display = ["number", "office", "holder", "status", "expires_on", "file_complete"]
    list_filter = ["status", "file_complete", "office__kind", "office__province__region", "office__province"]
    search_fields = ["number", "office__code", "office__name", "holder__national_code", "holder__last_name"]
    autocomplete_fields = ["office", "holder"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        _give_holder_role(obj)


@admin.register(Discipline)
class DisciplineAdmin(MizModelAdmin):
    list_display = ["name", "code", "order"]
    search_fields = ["name", "code"]


@admin.register(Facility)
class FacilityAdmin(MizModelAdmin):
    list_display = ["title", "code", "order", "is_active"]
    list_editable = ["order", "is_active"]


@admin.register(ViolationItem)
class ViolationItemAdmin(MizModelAdmin):
    list_display = ["number", "title", "penalty_points", "fine_rials", "is_active"]
    list_editable = ["title", "penalty_points", "fine_rials", "is_active"]
    search_fields = ["title"]


class CriterionForm(MizModelForm):
    computation = forms.ChoiceField(label="روش محاسبه", choices=scoring.computation_choices)

    class Meta:
        model = Criterion
        fields = "__all__"


@admin.register(Criterion)
class CriterionAdmin(MizModelAdmin):
    form = CriterionForm
    list_display = ["title", "computation", "parameter", "points", "max_points", "is_active", "order"]
    list_filter = ["is_active"]


@admin.register(RankThreshold)
class RankThresholdAdmin(MizModelAdmin):
    list_display = ["rank", "title", "min_score"]
    list_editable = ["title", "min_score"]


@admin.register(DelegationRule)
class DelegationRuleAdmin(MizModelAdmin):
    list_display = ["service", "max_rank", "discipline", "is_active"]
    list_filter = ["discipline", "max_rank", "is_active"]
    autocomplete_fields = ["service"]


class EventInline(MizTabularInline):
    model = DeclarationEvent
    fields = ["at", "action", "from_state", "to_state", "actor", "ip", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Declaration)
class DeclarationAdmin(ReadOnlyAdminMixin, MizModelAdmin):
    """Files change only through the workflow (the workbench); here they are read."""

    list_display = ["office", "year", "state", "due_on", "is_late", "is_escalated", "final_score", "rank"]
    list_filter = ["state", "is_late", "is_escalated", "year", "office__province__region"]
    search_fields = ["office__code", "office__name"]
    inlines = [EventInline]
