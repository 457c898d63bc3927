"""A web worker does not import the heavy libraries only some requests need (issue 18: a warm
worker under 80 MB, `bench/worker_memory.py`): openpyxl (~18 MB, Excel), qrcode and Pillow (PDFs,
image uploads), WeasyPrint, holidays (the calendar's seeding), boto3, pypdf and cryptography (the
PDF check, which runs in a child process: decision 0126), django-ninja and pydantic (the API,
mounted lazily), python-stdnum and pydoc (decision 0151). They are imported inside the functions
that use them; a module-level import of one of them on the path of Django's start or of the URL
configuration, or on the way of the main pages or of filing a service with a PDF, fails here. So
does loading the admin's registry on those pages (`core.adminsite`)."""

import json

from core.testing import python_process

# Apps whose URL modules the root URLconf includes lazily (miz.urls): their pages are the back
# office's (counter offices' oversight, performance, reports, the audit trail).
BACK_OFFICE = ("counters", "performance", "reports", "audit")

# django-ninja and pydantic (~17 MB with the API's schemas): on a worker's first API call only
# (`core.lazyurls`, `miz.api_urls`).
HEAVY = (
    "openpyxl",
    "qrcode",
    "PIL",
    "weasyprint",
    "holidays",
    "boto3",
    "pypdf",
    "cryptography",
    "ninja",
    "pydantic",
    # python-stdnum: its package's `__init__` imports `stdnum.util`, which imports pydoc and maps
    # Unicode at import, ~1.2 MB of every worker for the tracking code's check digit (now ours,
    # checked against it in the tests: decision 0151).
    "stdnum",
    "pydoc",
)

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


# Serving the pages most visitors see, in a fresh process on a database of its own: the public
# pages, a tracking lookup, the applicant's list and a service's form, filing it with a PDF and
# its receipt (with its QR code), the staff queue and a request's page. The data and the PDF are
# made by another process first (the test factories make PDFs and images with pypdf and Pillow).
MAKE = """
import json, sys
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from accounts.models import Membership, Role, User
from core.validators import national_code_with_check_digit
from catalogue.forms import document_field_name
from core.tests.upload_corpus import make_pdf
from desk.tests.factories import make_service, submit_request
from orgs.models import OrgUnit

unit = OrgUnit.objects.create(code="L-1", name="واحد سبک", kind=OrgUnit.Kind.HQ_OFFICE)
applicant, expert = (
    User.objects.create_user(
        national_code_with_check_digit(f"00123456{n}"), f"+98912000000{n}", None,
        first_name="سنجش", last_name=str(n),
    )
    for n in (1, 2)
)
Membership.objects.create(user=applicant, role=Role.APPLICANT)
Membership.objects.create(user=expert, role=Role.STAFF_EXPERT, org_unit=unit)
service = make_service([unit])
request = submit_request(service, applicant)
open(sys.argv[1], "wb").write(make_pdf())
field = document_field_name(service.documents.get(required=True))
print(json.dumps([applicant.pk, expert.pk, service.service_id, service.title, request.tracking_code, field]))
"""
PAGES = f"""
import json, sys
import miz.wsgi  # Django starts as in a web worker: the admin's registry on demand (core.adminsite)
from django.conf import settings
settings.STORAGES = {{
    **settings.STORAGES,
    "staticfiles": {{"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}},
}}
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from accounts.models import User

applicant_pk, expert_pk, service_id, title, code, field = json.loads(sys.argv[1])
pdf = open(sys.argv[2], "rb").read()
applicant = User.objects.get(pk=applicant_pk)
public, mine, staff = Client(), Client(), Client()
mine.force_login(applicant)
staff.force_login(User.objects.get(pk=expert_pk))
answers = [
    public.get("/"),
    public.get("/services/"),
    public.get("/desk/track/"),
    public.post("/desk/track/", {{"code": code, "identifier": applicant.national_code}}),
    public.get("/accounts/login/"),
    public.get("/api/guide/"),
    public.get("/api/guide/association/"),
    mine.get("/desk/my/"),
    mine.get(f"/desk/apply/{{service_id}}/"),
    staff.get("/desk/queue/"),
    staff.get(f"/desk/r/{{code}}/"),
    mine.post(f"/desk/apply/{{service_id}}/", {{
        "idempotency_key": "lean-imports-1", "product_name": "شیر",
        field: SimpleUploadedFile("scan.pdf", pdf, "application/pdf"),
    }}),
]
assert [a.status_code for a in answers] == [200] * 11 + [302], [a.status_code for a in answers]
assert title.encode() in answers[3].content
assert "/receipt/" in answers[11]["Location"], answers[11].content[:2000]
receipt = mine.get(answers[11]["Location"])
assert receipt.status_code == 200 and b"data:image/png;base64," in receipt.content
from django.contrib import admin
seen = {{
    "heavy": [name for name in {HEAVY!r} if name in sys.modules],
    "back_office": [app for app in {BACK_OFFICE!r} if app + ".urls" in sys.modules],
    "admins": sorted(name for name in sys.modules if name.endswith(".admin") and "django" not in name),
    "registered": len(admin.site._registry),
}}
seen["back_office_pages"] = [
    staff.get(path).status_code for path in ("/counters/", "/performance/report/", "/reports/", "/audit/")
]
User.objects.filter(pk=expert_pk).update(is_staff=True, is_superuser=True)
index = staff.get("/admin/")
seen["admin_index"] = [index.status_code, "پایه" in index.content.decode()]
seen["holidays"] = staff.get("/admin/core/holiday/").status_code
seen["registered_after"] = len(admin.site._registry)
seen["hierarchies"] = [str(each) for each in admin.site._registry.values() if each.date_hierarchy]
print(json.dumps(seen))
"""


def test_serving_the_main_pages_imports_no_heavy_library(tmp_path):
    env = {
        "MIZ_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'pages.sqlite3'}",  # never the tests' own database
        "DEBUG": "0",
        "SECRET_KEY": "lean-imports-" + "x" * 50,
        "ALLOWED_HOSTS": "testserver",
        "SECURE_SSL_REDIRECT": "0",
        "MIZ_UPLOAD_PDF_CHECK_IN_PROCESS": "0",  # the PDF check in its child process (decision 0126)
    }
    drop = {"REDIS_URL", "MIZ_S3_BUCKET"}
    pdf = str(tmp_path / "scan.pdf")
    made = python_process("-c", MAKE, pdf, env=env, drop=drop, timeout=300).splitlines()[-1]
    output = python_process("-c", PAGES, made, pdf, env=env, drop=drop, timeout=300)
    seen = json.loads(output.splitlines()[-1])
    assert seen["heavy"] == []
    # The back-office apps' URL modules are not imported by these pages (miz.urls: about 2 MB)...
    assert seen["back_office"] == []
    # ...but their pages answer as before (a staff expert: refused or sent on, never a 404).
    assert all(status in (200, 302, 403) for status in seen["back_office_pages"]), seen["back_office_pages"]
    # The admin's registry is not loaded by these pages (core.adminsite: about 2.3 MB a worker)...
    assert (seen["admins"], seen["registered"]) == ([], 0)
    # ...but on the first admin page, whole, with the Jalali date filter in place of every hierarchy.
    assert (seen["admin_index"], seen["holidays"]) == ([200, True], 200)
    assert seen["registered_after"] > 40
    assert seen["hierarchies"] == []
