"""The administrators' screens for client systems: register a client with its scopes and places,
issue (rotate) or revoke its tokens, and read the log of its calls."""

from django import forms
from django.contrib import admin, messages
from django.template.response import TemplateResponse

from apiclients import services
from apiclients.models import ApiCall, ApiClient, ApiToken
from apiclients.scopes import scope_choices
from core.admin import MizModelAdmin, ReadOnlyAdminMixin
from core.forms import MizModelForm
from core.jalali import format_datetime


class ApiClientForm(MizModelForm):
    scopes = forms.MultipleChoiceField(
        label="دسترسی‌ها", choices=scope_choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = ApiClient
        fields = "__all__"


class TokenInline(admin.TabularInline):
    """The client's tokens by key id: issued and revoked only through the actions."""

    model = ApiToken
    fields = ["key_id", "created_at", "expires_at", "revoked_at"]
    readonly_fields = fields
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ApiClient)
class ApiClientAdmin(MizModelAdmin):
    form = ApiClientForm
    list_display = ["name", "title", "kind", "scope_list", "calls_per_minute", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "title"]
    autocomplete_fields = ["offices", "units", "provinces"]
    inlines = [TokenInline]
    actions = ["issue_token", "revoke_tokens"]

    @admin.display(description="دسترسی‌ها")
    def scope_list(self, obj):
        return "، ".join(obj.scopes or [])

    @admin.action(description="صدور توکن تازه (توکن‌های پیشین باطل می‌شوند)")
    def issue_token(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, "برای صدور توکن فقط یک سامانه را برگزینید.", messages.ERROR)
            return None
        client = queryset.get()
        row, token = services.issue_token(client=client)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"توکن تازه «{client}»",
            "client": client,
            "token": token,
            "expires": format_datetime(row.expires_at),
        }
        # Rendered straight into this response and kept nowhere: the token is shown this once.
        return TemplateResponse(request, "admin/apiclients/token_issued.html", context)

    @admin.action(description="ابطال همه توکن‌های سامانه")
    def revoke_tokens(self, request, queryset):
        count = sum(services.revoke_tokens(client=client) for client in queryset)
        self.message_user(request, f"{count} توکن باطل شد.", messages.SUCCESS)


@admin.register(ApiCall)
class ApiCallAdmin(ReadOnlyAdminMixin, MizModelAdmin):
    list_display = ["at", "client", "token", "ip", "method", "path", "status"]
    list_filter = ["status", "client"]
    search_fields = ["path", "ip", "client__name"]
    date_hierarchy = "at"
    list_select_related = ["client", "token"]
