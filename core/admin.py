"""Admin base class (every Miz admin form normalises Persian input) and the holiday admin."""

from django.contrib import admin, messages

from core import formfields, modelfields, widgets
from core.forms import MizModelForm
from core.jalali import format_date
from core.models import Holiday

# Django's admin gives every DateField its Gregorian calendar widget; a date picked there
# (2025-11-24) would reach the Jalali field as the year 2025. The Jalali picker's script is
# loaded by templates/admin/base_site.html.
JALALI_FORMFIELD_OVERRIDES = {
    modelfields.JalaliDateField: {
        "form_class": formfields.JalaliDateField,
        "widget": widgets.JalaliDateInput,
    },
}


class MizModelAdmin(admin.ModelAdmin):
    """Normalises Persian input, and shows Jalali date columns with the Jalali field and picker."""

    form = MizModelForm
    formfield_overrides = JALALI_FORMFIELD_OVERRIDES


class MizTabularInline(admin.TabularInline):
    """An inline with the same Persian normalisation and Jalali dates as `MizModelAdmin`."""

    form = MizModelForm
    formfield_overrides = JALALI_FORMFIELD_OVERRIDES


class MizStackedInline(admin.StackedInline):
    form = MizModelForm
    formfield_overrides = JALALI_FORMFIELD_OVERRIDES


@admin.register(Holiday)
class HolidayAdmin(MizModelAdmin):
    list_display = ["jalali", "date", "title", "is_estimate", "is_active", "source"]
    list_filter = ["is_estimate", "is_active", "source"]
    search_fields = ["title"]
    date_hierarchy = "date"
    actions = ["confirm_dates"]

    @admin.display(description="تاریخ شمسی", ordering="date")
    def jalali(self, obj: Holiday) -> str:
        return format_date(obj.date)

    @admin.action(description="تأیید تاریخ‌های انتخاب‌شده (دیگر تخمینی نیستند)")
    def confirm_dates(self, request, queryset):
        count = queryset.update(is_estimate=False)
        from core.calendar import clear_cache

        clear_cache()
        self.message_user(request, f"{count} تعطیل تأیید شد.", messages.SUCCESS)
