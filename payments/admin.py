"""Admin pages of payments: fee rules are edited; charges, payments and their events are read only."""

from django.contrib import admin

from core.admin import MizModelAdmin, ReadOnlyAdminMixin
from payments.models import Charge, FeeRule, Payment, PaymentEvent


@admin.register(FeeRule)
class FeeRuleAdmin(MizModelAdmin):
    list_display = ["service", "kind", "amount_rials", "unit_field", "deposit_id", "is_active"]
    list_filter = ["kind", "is_active"]
    autocomplete_fields = ["service"]


@admin.register(Charge)
class ChargeAdmin(ReadOnlyAdminMixin, MizModelAdmin):
    list_display = ["request", "amount_rials", "explanation", "created_at"]


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdminMixin, MizModelAdmin):
    list_display = ["charge", "gateway", "amount_rials", "state", "reference", "created_at", "settled_at"]
    list_filter = ["state", "gateway"]


@admin.register(PaymentEvent)
class PaymentEventAdmin(ReadOnlyAdminMixin, MizModelAdmin):
    list_display = ["payment", "name", "at"]
