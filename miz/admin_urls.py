"""The admin's URLs, included lazily by `miz.urls` (`core.lazyurls`): a web worker loads the
admin's registry (every app's `admin.py`) on its first admin page, not at its start
(`core.adminsite`)."""

from django.contrib import admin

from core import adminsite

adminsite.load()
urlpatterns = admin.site.get_urls()
