"""The ASGI entry point, for an ASGI server (production serves `miz.wsgi` with gunicorn)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "miz.settings")

application = get_asgi_application()
