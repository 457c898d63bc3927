"""The WSGI entry point production serves: `gunicorn … miz.wsgi:application` (docs/operations.md)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "miz.settings")

application = get_wsgi_application()
