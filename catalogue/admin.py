"""The catalogue editors' workbench: a service with its form, documents, steps and SLAs inline."""

import datetime as dt

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.utils import timezone
from django.utils.html import format_html

from catalogue.models import (
    RequiredDocument,
    Service,
    ServiceField,
    ServiceLevelAgreement,
    WorkflowStep,
    overlap_message,
)
from core.admin import MizModelAdmin, MizStackedInline, MizTabularInline
from core.forms import MizModelForm
from core.jalali import format_date
from core.text import to_persian_digits

EXPIRY_WINDOW_DAYS = 30


class ValidityFilter(admin.SimpleListFilter):
    title = "اعتبار"
    parameter_name = "validity"

    def lookups(self, request, model_admin):
        return [
            ("in_force", "معتبر امروز"),
            ("expiring", f"رو به انقضا (تا {to_persian_digits(EXPIRY_WINDOW_DAYS)} روز آینده)"),
            ("expired", "منقضی"),
            ("future", "آینده"),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        value = self.value()
        if value == "in_force":
            return queryset.in_force(today)
        if value == "expiring":
            return queryset.expiring_within(EXPIRY_WINDOW_DAYS, today)
        if value == "expired":
            return queryset.expired(today)
        if value == "future":
            return queryset.filter(valid_from__gt=today)
        return queryset


def _validity_badge(agreement: ServiceLevelAgreement, today: dt.date) -> str:
    if agreement.is_expired(today):
        return format_html('<span class="miz-badge-expired">{}</span>', "منقضی")
    if agreement.expires_within(EXPIRY_WINDOW_DAYS, today):
        return format_html('<span class="miz-badge-expiring">{}</span>', "رو به انقضا")
    if agreement.is_in_force(today):
        return "معتبر"
    return "آینده"


class AgreementInlineFormSet(BaseInlineFormSet):
    """Versions added or edited together in one save must not overlap each other either."""

    def clean(self):
        super().clean()
        rows = []
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            data = form.cleaned_data
            scope = (data.get("provider_unit"), data.get("province"))
            rows.append((scope, data.get("valid_from"), data.get("valid_until"), form))
        for i, (unit, start, end, _form) in enumerate(rows):
            for other_unit, other_start, other_end, other_form in rows[i + 1 :]:
                if unit[0] is None or unit != other_unit:
                    continue
                if (end is None or other_start is None or other_start <= end) and (
                    start is None or other_end is None or other_end >= start
                ):
                    if other_form.instance.pk and other_form.instance.version:
                        raise ValidationError(overlap_message(other_form.instance))
                    raise ValidationError("بازه اعتبار دو نسخه توافقنامه همین خدمت و واحد هم‌پوشانی دارد.")


# Tabular rows hold several text inputs side by side: keep each narrow so a row fits the screen.
NARROW = {
    models.CharField: {"widget": forms.TextInput(attrs={"class": "miz-narrow"})},
    models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "class": "miz-narrow"})},
}


class ServiceFieldInline(MizTabularInline):
    formfield_overrides = NARROW
    model = ServiceField
    form = MizModelForm
    extra = 0
    fields = ["order", "name", "label", "kind", "choices", "required", "help_text"]


class RequiredDocumentInline(MizTabularInline):
    formfield_overrides = NARROW
    model = RequiredDocument
    form = MizModelForm
    extra = 0
    fields = ["order", "title", "description", "accepted_formats", "max_size_bytes", "required"]


class WorkflowStepInline(MizTabularInline):
    formfield_overrides = NARROW
    model = WorkflowStep
    form = MizModelForm
    extra = 0
    fields = [
        "order",
        "title",
        "responsible_role",
        "responsible_unit",
        "run_by",
        "external_party",
        "target_working_days",
        "target_is_sample",
        "may_need_presence",
    ]
    autocomplete_fields = ["responsible_unit", "external_party"]


class AgreementInline(MizStackedInline):
    model = ServiceLevelAgreement
    form = MizModelForm
    formset = AgreementInlineFormSet
    extra = 0
    classes = ["collapse"]
    readonly_fields = ["version"]
    autocomplete_fields = ["provider_unit"]
    fields = [
        ("provider_unit", "province", "version"),
        "title",
        ("valid_from", "valid_until"),
        ("response_working_days", "resolution_working_days", "targets_are_sample", "is_sample"),
        "introduction",
        "goals",
        "responsibility",
        "applicant_obligations",
        "agency_obligations",
        "fees_and_payments",
        "performance_period",
        "termination",
    ]


@admin.register(Service)
class ServiceAdmin(MizModelAdmin):
    list_display = [
        "title",
        "service_id",
        "area",
        "fee_display",
        "duration_working_days",
        "sample_figures",
        "channel_list",
        "is_active",
    ]
    list_filter = [
        "area",
        "is_active",
        "channel_online",
        "channel_counter",
        "channel_in_person",
        "fee_is_sample",
        "duration_is_sample",
        "service_id_is_sample",
    ]
    search_fields = ["title", "service_id", "search_key"]
    autocomplete_fields = ["responsible_units"]  # a labelled, keyboard-reachable list (select2), as elsewhere
    inlines = [ServiceFieldInline, RequiredDocumentInline, WorkflowStepInline, AgreementInline]
    fieldsets = [
        (
            None,
            {"fields": [("service_id", "service_id_is_sample"), "title", "area", "description", "is_active"]},
        ),
        (
            "واحد مسئول و متقاضیان",
            {"fields": ["responsible_units", ("for_natural_persons", "for_legal_persons")]},
        ),
        (
            "مجراها و پاسخ",
            {"fields": [("channel_online", "channel_counter", "channel_in_person"), "electronic_response"]},
        ),
        (
            "هزینه، مدت و مبنای قانونی",
            {
                "fields": [
                    ("is_free", "fee_rials", "fee_is_sample"),
                    "fee_note",
                    ("duration_working_days", "duration_is_sample"),
                    "legal_basis",
                    "contact",
                ]
            },
        ),
    ]

    def get_search_results(self, request, queryset, search_term):
        # Editors search like the public does: ی/ي, ک/ك, ZWNJ and digit script do not matter.
        if not search_term:
            return queryset, False
        return queryset.search(search_term), False

    @admin.display(description="هزینه")
    def fee_display(self, obj: Service) -> str:
        if obj.is_free:
            return "رایگان"
        if obj.fee_rials is None:
            return "—"
        return f"{obj.fee_rials:,} ریال"

    @admin.display(description="مجراها")
    def channel_list(self, obj: Service) -> str:
        short = {"online": "برخط", "counter": "پیشخوان", "in_person": "حضوری"}
        return "، ".join(short[c.value] for c in obj.channels)

    @admin.display(description="ارقام نمونه", boolean=True)
    def sample_figures(self, obj: Service) -> bool:
        return obj.has_sample_figures


@admin.register(ServiceLevelAgreement)
class ServiceLevelAgreementAdmin(MizModelAdmin):
    list_display = [
        "__str__",
        "service",
        "provider_unit",
        "scope",
        "version",
        "valid_from_jalali",
        "valid_until_jalali",
        "validity",
        "is_sample",
    ]
    list_filter = [ValidityFilter, "is_sample", "province", "provider_unit"]
    list_select_related = ["service", "provider_unit", "province"]
    search_fields = ["title", "service__title", "service__service_id"]
    autocomplete_fields = ["service", "provider_unit"]
    readonly_fields = ["version"]
    ordering = ["valid_until"]

    @admin.display(description="دامنه", ordering="province")
    def scope(self, obj):
        return f"استان {obj.province}" if obj.province_id else "ملی"

    @admin.display(description="معتبر از", ordering="valid_from")
    def valid_from_jalali(self, obj):
        return format_date(obj.valid_from) if obj.valid_from else "آغاز"

    @admin.display(description="معتبر تا", ordering="valid_until")
    def valid_until_jalali(self, obj):
        return format_date(obj.valid_until) if obj.valid_until else "بی‌پایان"

    @admin.display(description="وضعیت")
    def validity(self, obj):
        return _validity_badge(obj, timezone.localdate())
