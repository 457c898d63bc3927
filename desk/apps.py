"""Desk app config: menu, notice texts, capabilities, search signals, notice links, a metric."""

from django.apps import AppConfig


class DeskConfig(AppConfig):
    name = "desk"
    verbose_name = "میز خدمت الکترونیکی"

    def ready(self) -> None:
        from core.metrics import register_count_by
        from desk import capabilities, navigation, notices, search, selectors
        from desk.models import ServiceRequest, State
        from notifications.selectors import register_notice_links

        navigation.register()
        notices.register_texts()
        capabilities.register()
        search.connect_signals()
        register_notice_links(ServiceRequest, selectors.request_links)
        register_count_by(
            name="miz_desk_requests",
            documentation="Service requests by workflow state.",
            queryset=ServiceRequest.objects.all,
            field="state",
            values=State.values,
        )
