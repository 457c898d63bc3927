"""Read-only list of notifications with their delivery state, and a "retry now" action."""

from django.contrib import admin, messages

from core.admin import MizModelAdmin, ReadOnlyAdminMixin
from core.jalali import format_datetime
from notifications import services
from notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdminMixin, MizModelAdmin):
    list_display = ["id", "created", "event", "channel", "masked", "status", "attempts", "sent", "last_error"]
    list_filter = ["status", "channel", "event"]
    search_fields = ["event", "recipient", "provider_id", "dedupe_key"]
    date_hierarchy = "created_at"
    actions = ["retry_now"]
    list_select_related = ["user"]

    def has_retry_permission(self, request) -> bool:
        # Rows are never edited by hand; sending one again needs the model's change permission.
        return request.user.has_perm("notifications.change_notification")

    @admin.display(description="ایجاد", ordering="created_at")
    def created(self, obj: Notification) -> str:
        return format_datetime(obj.created_at)

    @admin.display(description="ارسال", ordering="sent_at")
    def sent(self, obj: Notification) -> str:
        return format_datetime(obj.sent_at) if obj.sent_at else "—"

    @admin.display(description="گیرنده", ordering="recipient")
    def masked(self, obj: Notification) -> str:
        return obj.masked_recipient

    @admin.action(description="ارسال دوباره همین حالا", permissions=["retry"])
    def retry_now(self, request, queryset):
        count = services.retry_now(queryset)
        self.message_user(request, f"{count} اعلان دوباره در صف ارسال قرار گرفت.", messages.SUCCESS)
