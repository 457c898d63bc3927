"""Back-office for people and roles. Passwords are never set here: owners set them by SMS code."""

from django.contrib import admin, messages
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from accounts import companies
from accounts.models import Company, CompanyMembership, Membership, OneTimeCode, User
from core.admin import MizModelAdmin, MizTabularInline
from core.text import to_persian_digits

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
    ordering = ["national_code"]  # the list and the autocomplete's pages in one stable order
    readonly_fields = ["date_joined", "last_login", "failed_login_count"]
    fieldsets = [
        (None, {"fields": ["national_code", "first_name", "last_name", "mobile", "email"]}),
        ("نشانی", {"fields": ["postal_address", "postal_code"]}),
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


class CompanyMembershipInline(MizTabularInline):
    model = CompanyMembership
    extra = 0
    fields = ["user", "role", "status", "requested_at", "decided_by", "decided_at"]
    readonly_fields = ["user", "role", "status", "requested_at", "decided_by", "decided_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # people ask from their profile; staff confirm in «عضویت‌ها در شرکت‌ها»


@admin.register(Company)
class CompanyAdmin(MizModelAdmin):
    list_display = ["name", "national_id", "registration_number", "registration_place"]
    search_fields = ["name", "national_id", "registration_number"]
    fields = ["national_id", "name", "registration_number", "registration_place", "created_at"]
    readonly_fields = ["created_at"]
    inlines = [CompanyMembershipInline]


@admin.register(CompanyMembership)
class CompanyMembershipAdmin(MizModelAdmin):
    """The staff's screen for people who ask to act for a company: check the company's registration
    (its representative's signing authority) and confirm or refuse, with the actions above the list."""

    list_display = ["user", "company", "company_national_id", "role", "status", "requested_at", "decided_by"]
    list_filter = ["status", "role"]
    search_fields = ["user__national_code", "user__last_name", "company__national_id", "company__name"]
    list_select_related = ["user", "company", "decided_by"]
    readonly_fields = ["user", "company", "role", "status", "requested_at", "decided_by", "decided_at"]
    actions = ["confirm_selected", "revoke_selected"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="شناسه ملی شرکت", ordering="company__national_id")
    def company_national_id(self, obj: CompanyMembership) -> str:
        return obj.company.national_id

    def _decide(self, request, queryset, action, done: str) -> None:
        count = 0
        for membership in queryset:
            try:
                action(actor=request.user, membership_id=membership.pk)
            except ValidationError as exc:
                self.message_user(request, f"{membership}: {' '.join(exc.messages)}", messages.ERROR)
            else:
                count += 1
        if count:
            self.message_user(request, f"{to_persian_digits(count)} عضویت {done}.", messages.SUCCESS)

    @admin.action(description="تأیید عضویت‌های انتخاب‌شده", permissions=["change"])
    def confirm_selected(self, request, queryset):
        self._decide(request, queryset, companies.confirm_membership, "تأیید شد")

    @admin.action(description="لغو یا رد عضویت‌های انتخاب‌شده", permissions=["change"])
    def revoke_selected(self, request, queryset):
        self._decide(request, queryset, companies.revoke_membership, "لغو شد")


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
