"""Back-office for people and roles. Passwords are never set here: owners set them by SMS code."""

from django.contrib import admin
from django.contrib.auth.models import Group

from accounts.models import Membership, OneTimeCode, User
from core.admin import MizModelAdmin, MizTabularInline

admin.site.unregister(Group)


class MembershipInline(MizTabularInline):
    model = Membership
    extra = 0
    fields = ["role", "org_unit", "counter_office", "region", "is_head", "is_active"]
    autocomplete_fields = ["org_unit", "counter_office", "region"]


@admin.register(User)
class UserAdmin(MizModelAdmin):
    list_display = ["national_code", "get_full_name", "mobile", "person_type", "is_active", "is_staff"]
    list_filter = ["person_type", "is_active", "is_staff", "memberships__role"]
    search_fields = ["national_code", "first_name", "last_name", "mobile", "legal_name"]
    readonly_fields = ["date_joined", "last_login", "failed_login_count"]
    fieldsets = [
        (None, {"fields": ["national_code", "first_name", "last_name", "mobile", "email"]}),
        ("شخص حقوقی", {"fields": ["person_type", "legal_national_id", "legal_name"]}),
        (
            "دسترسی",
            {"fields": ["is_active", "is_staff", "is_superuser", "locked_until", "failed_login_count"]},
        ),
        ("تاریخ‌ها", {"fields": ["date_joined", "last_login"]}),
    ]
    inlines = [MembershipInline]

    @admin.display(description="نام")
    def get_full_name(self, obj: User) -> str:
        return obj.get_full_name()

    def save_model(self, request, obj, form, change):
        if not change and not obj.password:
            obj.set_unusable_password()  # the person sets it through «بازیابی رمز»
        super().save_model(request, obj, form, change)


@admin.register(Membership)
class MembershipAdmin(MizModelAdmin):
    list_display = ["user", "role", "org_unit", "counter_office", "region", "is_head", "is_active"]
    list_filter = ["role", "is_active", "is_head"]
    search_fields = ["user__national_code", "user__last_name"]
    autocomplete_fields = ["user", "org_unit", "counter_office", "region"]


@admin.register(OneTimeCode)
class OneTimeCodeAdmin(admin.ModelAdmin):
    """Read-only audit of codes sent (only hashes are stored)."""

    list_display = ["mobile", "purpose", "created_at", "expires_at", "used_at", "attempts"]
    list_filter = ["purpose"]
    search_fields = ["mobile"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
