"""Complaint subjects are edited here; complaints themselves are read here and worked on the desk."""

from django.contrib import admin

from complaints.models import Complaint, ComplaintSubject
from core.admin import MizModelAdmin, RecordAdminMixin


@admin.register(ComplaintSubject)
class ComplaintSubjectAdmin(MizModelAdmin):
    list_display = ["title", "order", "is_active"]
    list_editable = ["order", "is_active"]
    search_fields = ["title"]


@admin.register(Complaint)
class ComplaintAdmin(RecordAdminMixin, MizModelAdmin):
    list_display = [
        "request",
        "subject",
        "complained_unit",
        "source",
        "external_system",
        "external_reference",
    ]
    list_filter = ["source", "external_system", "subject"]
    search_fields = ["request__tracking_code", "external_reference"]

    def has_delete_permission(self, request, obj=None):
        return False
