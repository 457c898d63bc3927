"""The WSGI entry point production serves: `gunicorn … miz.wsgi:application` (docs/operations.md).

Each worker imports this module once. It loads the URLconf (the views and their modules) before
the first request, then moves everything loaded so far out of the garbage collector's
generations (`gc.freeze`): Django, the apps and their modules live as long as the worker, so the
collector's full passes need not walk them. Those passes then walk only what requests left, and
come often enough to free the reference cycles a request leaves behind (the request object and its
lazy user, model instances that cache each other) before they pile up: a worker taking filings
held 93 MB without it and 90 MB with it, once the raw bodies were let go as well
(`core.middleware.release_body`; issue 18, docs/performance-desk.md, decision 0144).

The admin's registry (every app's `admin.py`) is not loaded at the start but on the worker's first
admin page (`core.adminsite`): the back office is a few people's, its 2.3 MB every worker's.
"""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "miz.settings")

from core import adminsite

adminsite.on_demand()  # before Django starts, so that its admin app does not discover
application = get_wsgi_application()


def _settle() -> None:
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports the views now, not in the first request
    gc.collect()
    gc.freeze()


_settle()
