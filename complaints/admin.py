"""Complaint subjects are edited here; complaints are read here and worked on the desk; national
systems are linked to their API clients here, and the complaints a pull refused are read here."""

from django import forms
from django.contrib import admin

from complaints.models import Complaint, ComplaintSubject, PullRefusal, SystemLink
from core.admin import MizModelAdmin, ReadOnlyAdminMixin, RecordAdminMixin
from core.forms import MizModelForm


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


class SystemLinkForm(MizModelForm):
    """The remote's token is typed, never shown again; left blank, the stored one stays."""

    pull_url = forms.URLField(
        label="نشانی دریافت شکایات",
        required=False,
        assume_scheme="https",
        help_text=SystemLink._meta.get_field("pull_url").help_text,
    )
    pull_token = forms.CharField(
        label="توکن سامانه ملی",
        required=False,
        max_length=200,
        widget=forms.PasswordInput(render_value=False),
        help_text="خالی بگذارید تا توکن ذخیره‌شده بماند.",
    )

    class Meta:
        model = SystemLink
        fields = ["client", "system", "pull_url", "pull_token", "cursor"]

    def clean_pull_token(self):
        return self.cleaned_data["pull_token"] or self.instance.pull_token


@admin.register(SystemLink)
class SystemLinkAdmin(MizModelAdmin):
    """Which client speaks for which national system, where Miz pulls from and how far it got."""

    form = SystemLinkForm
    list_display = ["system", "client", "pull_url", "last_pulled_at", "last_error_at", "last_error"]
    readonly_fields = ["last_pulled_at", "last_error", "last_error_at"]
    fields = ["client", "system", "pull_url", "pull_token", "cursor", *readonly_fields]


@admin.register(PullRefusal)
class PullRefusalAdmin(ReadOnlyAdminMixin, MizModelAdmin):
    """Complaints a pull read but could not land, kept whole with the reason."""

    list_display = ["at", "link", "external_reference", "reason"]
    list_filter = ["link"]
    search_fields = ["external_reference"]
