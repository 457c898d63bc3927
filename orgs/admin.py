"""Admin pages of the organisation: regions with their provinces, units, counter offices and
external parties."""

from django.contrib import admin

from core.admin import MizModelAdmin, MizTabularInline
from orgs.models import CounterOffice, ExternalParty, OrgUnit, Province, Region


class ProvinceInline(MizTabularInline):
    model = Province
    fields = ["name", "code", "phone_area_code"]
    readonly_fields = ["name", "code", "phone_area_code"]
    extra = 0
    can_delete = False
    show_change_link = True


@admin.register(Region)
class RegionAdmin(MizModelAdmin):
    list_display = ["name", "expert_title", "phone", "order"]
    search_fields = ["name"]
    inlines = [ProvinceInline]


@admin.register(Province)
class ProvinceAdmin(MizModelAdmin):
    list_display = ["name", "code", "phone_area_code", "region"]
    list_editable = ["region"]
    list_filter = ["region"]
    search_fields = ["name", "code"]


@admin.register(OrgUnit)
class OrgUnitAdmin(MizModelAdmin):
    list_display = ["name", "code", "kind", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "short_name", "code"]
    autocomplete_fields = ["parent"]


@admin.register(CounterOffice)
class CounterOfficeAdmin(MizModelAdmin):
    list_display = ["code", "name", "kind", "province", "is_active"]
    list_filter = ["kind", "is_active", "province__region", "province"]
    search_fields = ["code", "name", "city", "address"]


@admin.register(ExternalParty)
class ExternalPartyAdmin(MizModelAdmin):
    list_display = ["name", "kind", "phone", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]
