"""The file import from a national complaint system (R8): CSV or Excel, row-by-row Persian
errors, a dry run that writes nothing, all or nothing, idempotent by the system's reference."""

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from accounts.models import User
from complaints import imports
from complaints.models import Complaint, ExternalSystem, Source
from core.validators import national_code_with_check_digit
from desk.models import ServiceRequest

pytestmark = pytest.mark.django_db

PERSON_A = national_code_with_check_digit("111222333")
PERSON_B = national_code_with_check_digit("222333444")


def row(
    reference, *, system="سامد", code=PERSON_A, mobile="09121110001", subject="سایر", unit="", text="شرح"
):
    return [system, reference, code, mobile, "علی", "رضایی", subject, unit, text]


ROWS = [
    row("SAMAD-1001", subject="کالا یا خدمت غیراستاندارد", text="بخاری بدون نشان استاندارد"),
    row("۱۰۰۲", system="sina", code=PERSON_B, mobile="۰۹۱۲۱۱۱۰۰۰۲", unit="IR-99", text="پاسخ نگرفتم"),
]


def csv_file(rows, name="samad.csv"):
    out = io.StringIO()
    csv.writer(out).writerows([imports.HEADER, *rows])
    return SimpleUploadedFile(name, out.getvalue().encode("utf-8-sig"), content_type="text/csv")


def xlsx_file(rows):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for line in [imports.HEADER, *rows]:
        sheet.append(line)
    data = io.BytesIO()
    book.save(data)
    return SimpleUploadedFile("samad.xlsx", data.getvalue())


def upload(client, file, *, dry_run=False):
    data = {"file": file}
    if dry_run:
        data["dry_run"] = "on"
    return client.post(reverse("complaints:import"), data)


def test_a_dry_run_checks_every_row_and_writes_nothing(client, importer, complaint_service, directorate):
    client.force_login(importer)
    assert client.get(reverse("complaints:import")).status_code == 200
    response = upload(client, csv_file(ROWS), dry_run=True)
    page = response.content.decode()
    assert "بررسی بی‌خطا بود: ۲ شکایت ثبت خواهد شد" in page
    assert not ServiceRequest.objects.exists() and not Complaint.objects.exists()
    assert not User.objects.filter(national_code__in=[PERSON_A, PERSON_B]).exists()


def test_an_import_files_each_row_and_a_reimport_files_nothing(
    client, importer, complaint_service, directorate, inspection
):
    client.force_login(importer)
    page = upload(client, csv_file(ROWS)).content.decode()
    assert "۲ شکایت ثبت شد" in page
    first = Complaint.objects.get(external_reference="SAMAD-1001")
    assert first.source == Source.NATIONAL_SYSTEM and first.external_system == ExternalSystem.SAMAD
    assert first.request.applicant.national_code == PERSON_A and first.request.unit == inspection
    second = Complaint.objects.get(external_reference="1002")  # Persian digits stored as ASCII
    assert second.external_system == ExternalSystem.SINA and second.complained_unit == directorate
    assert second.request.unit == inspection  # never the directorate complained about
    assert second.request.events.get(name="submit").actor == importer
    assert f'href="{reverse("desk:detail", args=[second.request.tracking_code])}"' in page
    page = upload(client, csv_file(ROWS)).content.decode()
    assert "۰ شکایت ثبت شد و ۲ ردیف پیش‌تر وارد شده بود" in page
    assert Complaint.objects.count() == 2 and ServiceRequest.objects.count() == 2


def test_an_excel_file_is_imported_too(client, importer, complaint_service, directorate):
    client.force_login(importer)
    upload(client, xlsx_file(ROWS))
    assert Complaint.objects.count() == 2
    upload(client, csv_file(ROWS))  # the same complaints by CSV: already on file
    assert Complaint.objects.count() == 2


def test_bad_rows_are_listed_and_nothing_is_filed(client, importer, complaint_service, hq, directorate):
    client.force_login(importer)
    rows = [
        ROWS[0],
        row("2001", subject="موضوعی ناشناخته"),
        row("2002", code="1234567890", mobile="12345"),
        row("2003", system="نامعلوم"),
        row("2004", unit="HQ"),  # against HQ: no unit outside it may take it
        row("2005", code=PERSON_B, mobile="09121110009"),  # PERSON_B is filed above... with another mobile
        row("", text="بی شماره"),
    ]
    rows.insert(1, row("2000", code=PERSON_B, mobile="09121110002"))
    page = upload(client, csv_file(rows)).content.decode()
    assert "هیچ شکایتی ثبت نشد" in page
    assert "ردیف ۴: موضوع «موضوعی ناشناخته» در فهرست موضوعات شکایت نیست." in page
    assert "ردیف ۵: " in page and "کد ملی" in page
    assert "ردیف ۶: سامانه «نامعلوم» شناخته نیست" in page
    assert "ردیف ۷: واحد دیگری جز «ستاد»" in page
    assert "ردیف ۸: این شماره همراه با حساب این کد ملی نمی‌خواند" in page
    assert "ردیف ۹: شماره پیگیری سامانه ملی خالی" in page
    assert not Complaint.objects.exists() and not ServiceRequest.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xff\xfe\x00bad", "پرونده CSV (UTF-8) یا Excel"),
        (b"a,b,c\n1,2,3\n", "سطر نخست باید این ستون‌ها باشد"),
        (b"PK\x03\x04not really a zip", "پرونده CSV (UTF-8) یا Excel"),
        (b"", "پرونده"),
    ],
)
def test_a_bad_file_is_refused_in_persian(client, importer, complaint_service, content, message):
    client.force_login(importer)
    response = upload(client, SimpleUploadedFile("x.csv", content))
    assert response.status_code == 200 and message in response.content.decode()
    assert not Complaint.objects.exists()


def test_only_permitted_staff_may_import(client, inspector, complaint_service):
    client.force_login(inspector)
    assert client.get(reverse("complaints:import")).status_code == 403
    assert upload(client, csv_file(ROWS)).status_code == 403
    assert not Complaint.objects.exists()


@settings(max_examples=40, deadline=None)
@given(name=st.text(max_size=12))
def test_any_unknown_system_name_is_refused_in_persian(name):
    known = {code for code, _ in ExternalSystem.choices} | {
        label.split(" ")[0] for _, label in ExternalSystem.choices
    }
    known |= {label for _, label in ExternalSystem.choices}
    try:
        system = imports._system(name)
    except ValidationError as exc:
        assert "شناخته نیست" in exc.messages[0]
        assert name.lower() not in known and name not in known
    else:
        assert system in {code for code, _ in ExternalSystem.choices}
