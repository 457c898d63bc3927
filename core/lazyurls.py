"""An include whose URL module is imported only when it is first needed (issue 18: a web worker
that serves no API call does not import django-ninja, pydantic and the API's schemas, ~17 MB).

Django's root resolver populates every child resolver when it is itself first populated (the
first `reverse()`, which nearly every page makes), and that imports the child's module. A
`LazyResolver` is namespaced, so the root only records its namespace; its module is imported when
a path under its prefix is resolved or one of its own names is reversed (`reverse("api:…")`), and
Django's URL checks (`manage.py check`) still see it."""

from django.urls import URLResolver
from django.urls.resolvers import RoutePattern
from django.utils.translation import get_language


class LazyResolver(URLResolver):
    def _populate(self):
        """Called by the parent resolver as it populates: not yet (see the module's docstring)."""

    def _populate_now(self) -> None:
        if get_language() not in self._reverse_dict:
            URLResolver._populate(self)

    @property
    def reverse_dict(self):
        self._populate_now()
        return self._reverse_dict[get_language()]

    @property
    def namespace_dict(self):
        self._populate_now()
        return self._namespace_dict[get_language()]

    @property
    def app_dict(self):
        self._populate_now()
        return self._app_dict[get_language()]

    def _is_callback(self, name):
        self._populate_now()
        return name in self._callback_strs


def lazy_include(route: str, module: str, *, app_name: str, namespace: str) -> LazyResolver:
    """`path(route, include((module, app_name), namespace))`, imported on first need."""
    return LazyResolver(
        RoutePattern(route, is_endpoint=False), module, app_name=app_name, namespace=namespace
    )
