"""The Excel upload against memory bombs and hostile XML: sizes and rows are judged from the
archive before openpyxl reads it, a DOCTYPE is a Persian refusal (not a server error), and a
large file is read by a background job whose progress the page polls."""

import io
import zipfile

import pytest
from django.urls import reverse

from core.tests.upload_corpus import xlsx_with_doctype
from performance import upload
from performance.models import DataValue
from performance.tests import factories as f
from performance.tests.test_entry import good, xlsx
from performance.uploadjobs import UploadJob

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(make_user):
    f.activity(code="P900", title="صدور پروانه آزمایشی")
    f.plan_version(1400, "1400-v2")
    f.province("تهران"), f.province("یزد"), f.year(1400)
    return {"planner": make_user(role="hq_planner")}


def _with_sheet(sheet_xml: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(xlsx([good()])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            data = sheet_xml if name == "xl/worksheets/sheet1.xml" else source.read(name)
            target.writestr(name, data)
    return out.getvalue()


def _post(client, content: bytes, **extra):
    upload_file = io.BytesIO(content)
    upload_file.name = "plan.xlsx"
    return client.post(reverse("performance:entry") + "?year=1400", {"file": upload_file, **extra})


def test_a_small_file_that_inflates_to_hundreds_of_megabytes_is_refused_unread(setup, client, monkeypatch):
    sheet = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    bomb = _with_sheet(sheet + b" " * (300 * 1024 * 1024) + b"</sheetData></worksheet>")
    assert len(bomb) < 1024 * 1024
    monkeypatch.setattr("openpyxl.load_workbook", lambda *a, **k: pytest.fail("openpyxl read the bomb"))
    result = upload.read(user=setup["planner"], content=bomb)
    assert "Excel" in result.file_error and not result.rows
    client.force_login(setup["planner"])
    response = _post(client, bomb, preview="1")
    assert response.status_code == 200 and "پذیرفته نیست" in response.content.decode()


def test_a_workbook_with_a_doctype_is_a_persian_refusal_not_a_server_error(setup, client):
    client.force_login(setup["planner"])
    response = _post(client, xlsx_with_doctype(), **{"import": "1"})
    assert response.status_code == 200
    assert "DOCTYPE" in response.content.decode()
    assert not DataValue.objects.exists()


def test_a_sheet_that_declares_more_rows_than_allowed_is_refused_before_reading(setup, monkeypatch):
    sheet = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<dimension ref="A1:H30000"/><sheetData/></worksheet>'
    )
    monkeypatch.setattr("openpyxl.load_workbook", lambda *a, **k: pytest.fail("openpyxl read the sheet"))
    result = upload.read(user=setup["planner"], content=_with_sheet(sheet))
    assert "ردیف دارد" in result.file_error


def test_a_large_file_is_read_by_a_background_job_whose_page_polls_its_progress(
    setup, committing_client, make_user, settings
):
    settings.MIZ_PERFORMANCE_INLINE_ROWS = 2
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": []}}
    client = committing_client
    client.force_login(setup["planner"])
    rows = [
        good(),
        ["P900", "", "total", "", "یزد", 1400, 10, 5],
        ["P900", "", "total", "", "نیست", 1400, 1, 1],
    ]
    response = _post(client, xlsx(rows), **{"import": "1", "only_good_rows": "on"})
    job = UploadJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "performance:upload_job", args=[job.pk]
    )
    assert (
        job.state == "queued" and job.import_rows and job.rows_total == 4 and not DataValue.objects.exists()
    )
    page = client.get(response["Location"]).content.decode()
    assert 'hx-trigger="every 2s"' in page and "در صف" in page
    assert upload.run_job(job.pk) == "done"  # what `manage.py db_worker` does with the job
    job.refresh_from_db()
    assert (
        job.state == "done" and job.result["imported"] == 4 and job.result["bad"] == 1 and job.content == b""
    )
    status = client.get(reverse("performance:upload_job_status", args=[job.pk])).content.decode()
    assert "hx-get" not in status and "۴ مقدار ثبت شد" in status and "نیست" in status
    client.force_login(make_user(role="hq_planner"))
    assert client.get(response["Location"]).status_code == 404


def test_the_job_is_enqueued_when_the_upload_commits(setup, committing_client, settings):
    from django_tasks import default_task_backend

    settings.MIZ_PERFORMANCE_INLINE_ROWS = 0
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": []}}
    committing_client.force_login(setup["planner"])
    _post(committing_client, xlsx([good()]), preview="1")
    job = UploadJob.objects.get()
    assert [r.args for r in default_task_backend.results] == [[job.pk]]
