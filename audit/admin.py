"""The sign-in log in the admin: read only, like the log itself."""

from django.contrib import admin

from audit.models import SignInRecord
from core.admin import MizModelAdmin, ReadOnlyAdminMixin


@admin.register(SignInRecord)
class SignInRecordAdmin(ReadOnlyAdminMixin, MizModelAdmin):
    list_display = ["at", "outcome", "method", "national_code", "user", "ip", "reason"]
    list_filter = ["outcome", "method"]
    search_fields = ["national_code", "ip"]
    date_hierarchy = "at"
