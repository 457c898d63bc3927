"""Complaints app config: the desk's receiving-unit check, the owner of complaint intake, menu."""

from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "complaints"
    verbose_name = "شکایات و پاسخگویی"

    def ready(self) -> None:
        from catalogue.models import Area
        from complaints import navigation, routing, services
        from desk.services import register_intake_owner, register_receiving_unit_check

        register_receiving_unit_check(routing.receiving_unit_refusal)
        register_intake_owner(Area.COMPLAINTS, services.OWNER)
        navigation.register()
