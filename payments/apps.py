"""Payments app config: the fee provider of the desk, the payments menu and a metric of payments."""

from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "payments"
    verbose_name = "پرداخت‌ها"

    def ready(self) -> None:
        from core.metrics import register_count_by
        from desk.services import register_fee_provider
        from payments import navigation
        from payments.fees import Fees
        from payments.models import Payment

        register_fee_provider("payments", Fees())
        navigation.register()
        register_count_by(
            name="miz_payments",
            documentation="Payments by state",
            queryset=Payment.objects.all,
            field="state",
            values=Payment.State.values,
        )
