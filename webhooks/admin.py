"""The administrators' screens for webhooks: subscriptions (added with their secret shown once,
the secret rotated by an action) and the deliveries with their status, re-sent by an action."""

from django import forms
from django.contrib import admin, messages
from django.template.response import TemplateResponse

from core.admin import MizModelAdmin, ReadOnlyAdminMixin
from core.forms import MizModelForm
from core.jalali import format_datetime
from webhooks import services
from webhooks.events import event_choices
from webhooks.models import Delivery, Subscription


class SubscriptionForm(MizModelForm):
    url = forms.URLField(
        label="نشانی دریافت",
        max_length=500,
        assume_scheme="https",
        help_text=Subscription._meta.get_field("url").help_text,
    )
    events = forms.MultipleChoiceField(
        label="رویدادها", choices=event_choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Subscription
        fields = ["client", "url", "events", "is_active"]


@admin.register(Subscription)
class SubscriptionAdmin(MizModelAdmin):
    form = SubscriptionForm
    list_display = ["client", "url", "event_list", "is_active", "created"]
    list_filter = ["is_active", "client"]
    search_fields = ["url", "client__name"]
    list_select_related = ["client"]
    actions = ["rotate_secret"]

    @admin.display(description="رویدادها")
    def event_list(self, obj):
        return "، ".join(obj.events or [])

    @admin.display(description="ایجاد", ordering="created_at")
    def created(self, obj):
        return format_datetime(obj.created_at)

    def has_delete_permission(self, request, obj=None):
        return False  # its deliveries refer to it; switch it off instead

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        obj.secret = services.new_secret()
        obj.save()
        request.webhook_secret = obj.secret

    def response_add(self, request, obj, post_url_continue=None):
        return self.secret_page(request, obj, request.webhook_secret)

    def secret_page(self, request, subscription, secret):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"کلید امضای «{subscription}»",
            "subscription": subscription,
            "secret": secret,
        }
        # Rendered straight into this response: the secret is shown this once.
        return TemplateResponse(request, "admin/webhooks/secret_issued.html", context)

    @admin.action(description="کلید امضای تازه (کلید پیشین همین حالا از کار می‌افتد)")
    def rotate_secret(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, "برای کلید تازه فقط یک اشتراک را برگزینید.", messages.ERROR)
            return None
        subscription = queryset.get()
        return self.secret_page(request, subscription, services.rotate_secret(subscription=subscription))


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdminMixin, MizModelAdmin):
    list_display = [
        "id",
        "created",
        "event",
        "subscription",
        "status",
        "attempts",
        "last_status",
        "next",
        "delivered",
    ]
    list_filter = ["status", "event", "subscription__client"]
    search_fields = ["delivery_id", "source", "subscription__url"]
    date_hierarchy = "created_at"
    list_select_related = ["subscription__client"]
    actions = ["resend"]
    exclude = ["subscription"]
    readonly_fields = [
        "delivery_id", "event", "source", "status", "attempts", "last_status", "last_error", "payload",
        "created_at", "next_attempt_at", "delivered_at",
    ]  # fmt: skip

    def has_resend_permission(self, request) -> bool:
        return request.user.has_perm("webhooks.change_delivery")

    @admin.display(description="ایجاد", ordering="created_at")
    def created(self, obj):
        return format_datetime(obj.created_at)

    @admin.display(description="تلاش بعدی", ordering="next_attempt_at")
    def next(self, obj):
        waiting = obj.status in (Delivery.Status.PENDING, Delivery.Status.RETRYING)
        return format_datetime(obj.next_attempt_at) if waiting else "—"

    @admin.display(description="تحویل", ordering="delivered_at")
    def delivered(self, obj):
        return format_datetime(obj.delivered_at) if obj.delivered_at else "—"

    @admin.action(description="ارسال دوباره همین حالا", permissions=["resend"])
    def resend(self, request, queryset):
        count = services.resend(queryset)
        self.message_user(request, f"{count} تحویل دوباره در صف ارسال قرار گرفت.", messages.SUCCESS)
