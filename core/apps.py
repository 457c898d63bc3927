from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "پایه"

    def ready(self) -> None:
        from core import converters, nav, policy  # noqa: F401 (policy registers its deploy check)

        converters.register()

        nav.register_nav("خانه", "core:home", roles={nav.PUBLIC}, order=0)
