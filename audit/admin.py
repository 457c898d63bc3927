"""The sign-in log in the admin: read only, like the log itself."""

from django.contrib import admin

from audit.models import SignInRecord


@admin.register(SignInRecord)
class SignInRecordAdmin(admin.ModelAdmin):
    list_display = ["at", "outcome", "method", "national_code", "user", "ip", "reason"]
    list_filter = ["outcome", "method"]
    search_fields = ["national_code", "ip"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
