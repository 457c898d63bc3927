"""Read-mostly admin for requests: the event log, messages and files are never edited here."""

from django.contrib import admin

from core.admin import MizModelAdmin, MizTabularInline, RecordAdminMixin
from desk.models import Appointment, Feedback, RequestEvent, ServiceRequest, StaffAlertPreference


class EventInline(MizTabularInline):
    model = RequestEvent
    extra = 0
    can_delete = False
    fields = ["at", "name", "from_state", "to_state", "step_number", "actor", "actor_role", "ip", "payload"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ServiceRequest)
class ServiceRequestAdmin(RecordAdminMixin, MizModelAdmin):
    list_display = ["tracking_code", "service", "applicant", "channel", "unit", "state", "due_date"]
    list_filter = ["state", "channel", "clock_paused"]
    search_fields = ["tracking_code", "applicant__national_code", "service__title"]
    inlines = [EventInline]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Appointment)
class AppointmentAdmin(RecordAdminMixin, MizModelAdmin):
    list_display = ["request", "starts_at", "status"]
    list_filter = ["status"]


@admin.register(Feedback)
class FeedbackAdmin(RecordAdminMixin, MizModelAdmin):
    list_display = ["request", "score", "created_at"]
    list_filter = ["score"]


@admin.register(StaffAlertPreference)
class StaffAlertPreferenceAdmin(MizModelAdmin):
    list_display = ["user", "channels", "updated_at"]
    list_filter = ["channels"]
    search_fields = ["user__national_code", "user__last_name"]
    autocomplete_fields = ["user"]
