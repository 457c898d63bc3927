"""The API's URLs, mounted lazily by `miz.urls` (`core.lazyurls`): a worker imports django-ninja,
pydantic and the API's modules on its first API call, not at its start."""

from miz.api import urls

urlpatterns, APP_NAME, NAMESPACE = urls()
