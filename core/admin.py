"""Admin base class (every Miz admin form normalises Persian input), the holiday admin, the
periodic jobs' ledger with each job's last success, last failure and next run, and the lists of
two third-party apps (background jobs, the change log) with their columns named in Persian."""

from auditlog.admin import LogEntryAdmin
from auditlog.models import LogEntry
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminSplitDateTime, AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.html import format_html
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from core import admin_dates, formfields, modelfields, scheduler, widgets
from core.forms import EMPTY_LABEL, MizModelForm
from core.jalali import format_datetime
from core.models import Holiday, ScheduledRun
from core.text import normalize_digits, normalize_text, to_persian_digits


# Django's admin gives every DateField its Gregorian calendar widget; a date picked there
# (2025-11-24) would reach the Jalali field as the year 2025. The Jalali picker's script is
# loaded by templates/admin/base_site.html.
class LabelledSplitDateTime(AdminSplitDateTime):
    """Django's date and time boxes of a date-time column, each named by a `<label>`: Django shows
    «تاریخ:» and «زمان:» as bare text, and the field's own label points at neither (a MultiWidget
    has no id for a label), so a screen reader named neither box and a click on a word reached
    nothing."""

    template_name = "core/admin/split_datetime.html"


JALALI_FORMFIELD_OVERRIDES = {
    modelfields.JalaliDateField: {
        "form_class": formfields.JalaliDateField,
        "widget": widgets.JalaliDateInput,
    },
    models.DateTimeField: {"widget": LabelledSplitDateTime},
}


class _SafeAutocomplete:
    """Django's autocomplete widget looks the submitted ids up again to redisplay a refused form,
    and fails (a server error) on an id that is not a number; drop such values first."""

    def optgroups(self, name, value, attr=None):
        model_field = self.field.remote_field.model._meta.get_field(
            getattr(self.field.remote_field, "field_name", None)
            or self.field.remote_field.model._meta.pk.name
        )
        kept = []
        for item in value:
            try:
                cleaned = model_field.to_python(item)
            except (ValidationError, ValueError, TypeError):
                continue
            if isinstance(cleaned, int) and not -(2**63) <= cleaned < 2**63:
                continue
            kept.append(item)
        return super().optgroups(name, kept, attr)


class SafeAutocompleteSelect(_SafeAutocomplete, AutocompleteSelect):
    pass


class SafeAutocompleteSelectMultiple(_SafeAutocomplete, AutocompleteSelectMultiple):
    pass


class SafeAutocompleteMixin:
    """Every admin (and inline) of Miz uses the safe autocomplete widgets."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and type(field.widget) is AutocompleteSelect:
            field.widget.__class__ = SafeAutocompleteSelect
        return field

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if field is not None and type(field.widget) is AutocompleteSelectMultiple:
            field.widget.__class__ = SafeAutocompleteSelectMultiple
        return field


class ReadOnlyAdminMixin:
    """For a record kept as it was written (a log, a sent message, a reviewed file): the admin
    shows it and never adds, changes or deletes it."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RecordAdminMixin:
    """For a record only the application writes (a request, an appointment, feedback): the admin
    shows every field read-only and never adds one; deleting stays the admin class's choice."""

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False


class LabelledRowForm(MizModelForm):
    """A row of a list's editable columns: each box is named by its column (Django's list shows
    the name only in the table's header, so each box had no label for a screen reader or axe)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            # A foreign key's box comes wrapped (add / change links); the label goes on the box.
            widget = getattr(field.widget, "widget", field.widget)
            widget.attrs.setdefault("aria-label", str(field.label))


class MizModelAdmin(SafeAutocompleteMixin, admin.ModelAdmin):
    """Normalises Persian input, and shows Jalali date columns with the Jalali field and picker."""

    form = MizModelForm
    formfield_overrides = JALALI_FORMFIELD_OVERRIDES

    def __init__(self, model, admin_site):
        super().__init__(model, admin_site)
        admin_dates.replace_date_hierarchy(self)

    def get_action_choices(self, request, default_choices=None):
        return super().get_action_choices(request, default_choices=[("", EMPTY_LABEL)])

    def get_changelist_form(self, request, **kwargs):
        # Django builds the list_editable rows from a plain ModelForm, not from `form`.
        kwargs.setdefault("form", LabelledRowForm)
        return super().get_changelist_form(request, **kwargs)

    def get_search_results(self, request, queryset, search_term):
        """Search with Persian letters (علي finds علی) and in either digits: identifiers (and most
        imported text) are stored with ASCII digits, free text as typed (a holiday's «۱۵ خرداد»)."""
        term = normalize_text(search_term or "")
        found, duplicates = super().get_search_results(request, queryset, term)
        ascii_term = normalize_digits(term)
        for other in dict.fromkeys((ascii_term, to_persian_digits(ascii_term))):
            if other != term:
                more, more_duplicates = super().get_search_results(request, queryset, other)
                found, duplicates = found | more, duplicates or more_duplicates
        return found, duplicates


class MizTabularInline(SafeAutocompleteMixin, admin.TabularInline):
    """An inline with the same Persian normalisation and Jalali dates as `MizModelAdmin`."""

    form = MizModelForm
    formfield_overrides = JALALI_FORMFIELD_OVERRIDES


class MizStackedInline(SafeAutocompleteMixin, admin.StackedInline):
    form = MizModelForm
    formfield_overrides = JALALI_FORMFIELD_OVERRIDES


@admin.register(Holiday)
class HolidayAdmin(MizModelAdmin):
    list_display = ["date", "title", "is_estimate", "is_active", "source"]  # date: Jalali (admin_dates)
    list_filter = ["is_estimate", "is_active", "source"]
    search_fields = ["title"]
    date_hierarchy = "date"
    actions = ["confirm_dates"]

    @admin.action(description="تأیید تاریخ‌های انتخاب‌شده (دیگر تخمینی نیستند)")
    def confirm_dates(self, request, queryset):
        # Row by row, not queryset.update(): each change is saved, so it reaches the audit trail.
        count = 0
        for holiday in queryset.filter(is_estimate=True):
            holiday.is_estimate = False
            holiday.save(update_fields=["is_estimate", "updated_at"])
            count += 1
        self.message_user(request, f"{count} تعطیل تأیید شد.", messages.SUCCESS)


@admin.register(ScheduledRun)
class ScheduledRunAdmin(MizModelAdmin):
    """Read-only: the scheduler and the worker write these rows. The list opens with one line per
    job (schedule, last success, last failure, next run, late or not)."""

    change_list_template = "admin/core/scheduledrun/change_list.html"
    list_display = ["job", "period", "state", "attempts", "started", "finished", "short_error"]
    list_filter = ["job", "state"]
    search_fields = ["job", "error", "output"]
    fields = [
        "job",
        "period",
        "state",
        "attempts",
        "enqueued",
        "started",
        "finished",
        "scheduler",
        "task_id",
        "output",
        "error",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="آغاز دوره", ordering="period_start")
    def period(self, obj: ScheduledRun) -> str:
        return format_datetime(obj.period_start)

    @admin.display(description="ورود به صف", ordering="enqueued_at")
    def enqueued(self, obj: ScheduledRun) -> str:
        return format_datetime(obj.enqueued_at)

    @admin.display(description="آغاز اجرا", ordering="started_at")
    def started(self, obj: ScheduledRun) -> str:
        return format_datetime(obj.started_at)

    @admin.display(description="پایان اجرا", ordering="finished_at")
    def finished(self, obj: ScheduledRun) -> str:
        return format_datetime(obj.finished_at)

    @admin.display(description="خطا")
    def short_error(self, obj: ScheduledRun) -> str:
        lines = obj.error.strip().splitlines()
        return lines[-1][:120] if lines else ""

    def changelist_view(self, request, extra_context=None):
        rows = [
            {
                "name": status.job.name,
                "title": status.job.title,
                "cron": status.job.cron or "خاموش",
                "last_success": format_datetime(status.last_success and status.last_success.finished_at),
                "last_failure": format_datetime(status.last_failure and status.last_failure.finished_at),
                "last_error": self.short_error(status.last_failure) if status.last_failure else "",
                "next_run": format_datetime(status.next_run),
                "late": status.late,
                "off": not status.job.cron,
            }
            for status in scheduler.job_statuses()
        ]
        return super().changelist_view(request, {**(extra_context or {}), "job_statuses": rows})


admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class TaskResultAdmin(DBTaskResultAdmin):
    """django-tasks-db's read-only list of background jobs, its columns named in Persian (the
    package names two by their attributes, which no translation reaches)."""

    list_display = (
        "job_id",
        "job_name",
        "status",
        "enqueued_at",
        "started_at",
        "finished_at",
        "priority",
        "queue_name",
    )

    @admin.display(description="شناسهٔ کار", ordering="id")
    def job_id(self, result):
        return format_html('<code dir="ltr">{}</code>', result.id)

    @admin.display(description="کار")
    def job_name(self, result):
        return format_html('<code dir="ltr">{}</code>', result.task_name)


admin.site.unregister(LogEntry)


@admin.register(LogEntry)
class ChangeLogAdmin(LogEntryAdmin):
    """django-auditlog's list of configuration changes; its correlation-id column is named in
    Persian (the package leaves that one name out of translation; the rest is in locale/fa)."""

    @admin.display(description="شناسهٔ همبستگی")
    def cid_url(self, obj):
        return super().cid_url(obj)
