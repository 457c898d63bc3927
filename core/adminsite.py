"""The admin site's registry: loaded as a process starts or, in a web worker, on demand (issue 18).

Django's admin app imports every app's `admin.py` as it starts (`autodiscover`): about 2.3 MB of
a web worker's memory for the back office, which the pages most people use never need. Miz
installs the admin as `AdminConfig` below (Django's `SimpleAdminConfig`, which does not discover)
and discovers at start as Django would (manage.py, the task worker, the tests) in every process
except one that calls `on_demand()` before Django starts: the WSGI worker (`miz.wsgi`). There the
registry is loaded by `miz.admin_urls`, the admin's URL module, which the root URLconf includes
lazily (`core.lazyurls`): on the first admin page, or the first reverse of an `admin:` name (the
administrator's menu entry). `load()` also puts the Jalali dates (`core.admin_dates`) over every
registered admin; it runs once a process, whichever thread comes first.
"""

import threading

from django.contrib.admin.apps import SimpleAdminConfig

_state = {"on_demand": False, "loaded": False}
# Re-entrant: an admin module that reversed an `admin:` name as it is imported would call `load()`
# again from the same thread (through `miz.admin_urls`); a plain lock would wait on itself.
_lock = threading.RLock()


def on_demand() -> None:
    """This process loads the registry when the admin is first needed (call before Django starts)."""
    _state["on_demand"] = True


def load() -> None:
    """Import every app's admin module and put the Jalali dates over what they registered."""
    with _lock:
        if _state["loaded"]:
            return
        from django.contrib import admin

        from core import admin_dates

        admin.autodiscover()
        admin_dates.install()
        _state["loaded"] = True


class AdminConfig(SimpleAdminConfig):
    """Django's admin app, its registry loaded at start unless this process loads it on demand."""

    def ready(self) -> None:
        super().ready()
        if not _state["on_demand"]:
            load()
