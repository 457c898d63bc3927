"""A web worker does not import the heavy libraries only some requests need (issue 18: a warm
worker under 80 MB, `bench/worker_memory.py`): openpyxl (~18 MB, Excel), qrcode and Pillow (PDFs,
image uploads), WeasyPrint, holidays (the calendar's seeding), boto3, pypdf. They are imported
inside the functions that use them; a module-level import of one of them on the path of Django's
start or of the URL configuration fails here."""

import json

from core.testing import python_process

HEAVY = ("openpyxl", "qrcode", "PIL", "weasyprint", "holidays", "boto3", "pypdf")

CODE = f"""
import json, sys
import django
django.setup()
from django.urls import get_resolver
get_resolver().url_patterns  # imports every view module, as the first request does
print(json.dumps([name for name in {HEAVY!r} if name in sys.modules]))
"""


def test_starting_a_web_worker_imports_no_heavy_library(tmp_path):
    output = python_process("-c", CODE, env={"MIZ_VAR_DIR": str(tmp_path)})
    assert json.loads(output.splitlines()[-1]) == []
