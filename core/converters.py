"""Path converters. `<id:pk>` is the one for database ids: ASCII digits, at most 18 of them, so a
23-digit id is a 404 from the resolver instead of an overflow in the database driver (SQLite
refuses integers past 2⁶³). Every URL pattern uses it instead of Django's unbounded `<int:…>`
(a test walks the resolver to keep it so)."""

from django.urls import register_converter


class IdConverter:
    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(int(value))


def register() -> None:
    register_converter(IdConverter, "id")
