from django.apps import AppConfig


class DeskConfig(AppConfig):
    name = "desk"
    verbose_name = "میز خدمت الکترونیکی"

    def ready(self) -> None:
        from desk import capabilities, navigation, search

        navigation.register()
        capabilities.register()
        search.connect_signals()
