from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "پایه"

    def ready(self) -> None:
        from core import checks, converters, nav  # noqa: F401 - checks registers itself

        converters.register()

        nav.register_nav("خانه", "core:home", roles={nav.PUBLIC}, order=0)
