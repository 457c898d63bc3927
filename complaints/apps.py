from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "complaints"
    verbose_name = "شکایات و پاسخگویی"

    def ready(self) -> None:
        from complaints import navigation, routing
        from desk.services import register_receiving_unit_check

        register_receiving_unit_check(routing.receiving_unit_refusal)
        navigation.register()
