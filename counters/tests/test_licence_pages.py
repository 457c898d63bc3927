"""The licence registry's pages and its import from the licence system, request by request: who
sees what, bad input shown in Persian with nothing changed, the dry run, re-import changes nothing,
a row of another region's office refused."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.models import Role
from core import excel
from counters import licence_import
from counters.models import Licence, LicenceEvent
from orgs.models import CounterOffice, Province
from orgs.tests.factories import CounterOfficeFactory

HEADER = licence_import.HEADER


@pytest.fixture
def signed_expert(client, expert):
    client.force_login(expert)
    return client


def office_page(office):
    return reverse("counters:licence_office", args=[office.pk])


def state(office):
    licence = Licence.objects.get(office=office)
    return (
        licence.status,
        licence.expires_on,
        licence.renewed_on,
        LicenceEvent.objects.filter(office=office).count(),
    )


def test_the_list_shows_the_experts_region_only(signed_expert, office, make_office):
    far = make_office(province="IR-07")
    page = signed_expert.get(reverse("counters:licences")).content.decode()
    assert office.code in page and far.code not in page
    assert signed_expert.get(office_page(far)).status_code == 403
    before = state(far)
    response = signed_expert.post(
        office_page(far),
        {"action": "revoke", "revoke-effective_on": "۱۴۰۵/۰۹/۰۱", "revoke-reason": "آزمون لغو"},
    )
    assert response.status_code == 403 and "در منطقه شما نیست" in response.content.decode()
    assert state(far) == before


def test_an_applicant_or_holder_is_refused_the_registry(client, office, make_user):
    for user in (office.licence.holder, make_user(role=Role.APPLICANT)):
        client.force_login(user)
        assert client.get(reverse("counters:licences")).status_code == 403
        assert client.get(office_page(office)).status_code == 403
        assert client.post(reverse("counters:licence_import")).status_code == 403


def test_the_auditor_reads_every_office_but_writes_none(client, office, make_user):
    client.force_login(make_user(role=Role.AUDITOR))
    assert client.get(office_page(office)).status_code == 200
    before = state(office)
    response = client.post(
        office_page(office),
        {"action": "suspend", "suspend-effective_on": "۱۴۰۵/۰۹/۰۱", "suspend-reason": "آزمون"},
    )
    assert response.status_code == 403 and state(office) == before


def test_renewal_with_persian_or_arabic_digits_is_read(signed_expert, office):
    licence = office.licence
    new_expiry = licence.expires_on + dt.timedelta(days=365)
    from core.jalali import format_date

    typed = format_date(new_expiry)  # Persian digits
    arabic = typed.translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹", "٠١٢٣٤٥٦٧٨٩"))
    today = format_date(timezone.localdate())
    response = signed_expert.post(
        office_page(office),
        {"action": "renew", "renew-renewed_on": today, "renew-expires_on": arabic, "renew-reason": "تمديد"},
    )
    assert response.status_code == 302
    licence.refresh_from_db()
    assert licence.expires_on == new_expiry
    assert licence.events.get(action="renew").reason == "تمدید"  # Arabic ي normalised


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"renew-renewed_on": "۱۴۰۲/۰۱/۰۱", "renew-expires_on": "۱۴۱۰/۰۱/۰۱"}, "پیش از تاریخ صدور پروانه"),
        ({"renew-renewed_on": "2026/12/01", "renew-expires_on": "۱۴۱۰/۰۱/۰۱"}, "سال ۲۰۲۶ پذیرفتنی نیست"),
        (
            {"renew-renewed_on": "۱۴۰۵/۱۳/۰۱", "renew-expires_on": "۱۴۱۰/۰۱/۰۱"},
            "ماه باید عددی از ۱ تا ۱۲ باشد",
        ),
        ({"renew-renewed_on": "۱۴۰۵/٠٩/xx", "renew-expires_on": "۱۴۱۰/۰۱/۰۱"}, "سال/ماه/روز شمسی"),
    ],
)
def test_a_bad_renewal_is_refused_in_persian_and_changes_nothing(signed_expert, office, fields, message):
    licence = office.licence
    licence.issued_on = dt.date(2024, 3, 20)  # ۱۴۰۳/۰۱/۰۱
    licence.save()
    before = state(office)
    response = signed_expert.post(office_page(office), {"action": "renew", **fields})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert state(office) == before


def test_suspend_then_reinstate_from_the_page_with_the_log(signed_expert, office):
    today = "۱۴۰۵/۰۹/۱۰"
    response = signed_expert.post(
        office_page(office),
        {"action": "suspend", "suspend-effective_on": today, "suspend-reason": "نبود کارشناس فنی در بازدید"},
        follow=True,
    )
    page = response.content.decode()
    assert "پروانه تعلیق شد" in page and "نبود کارشناس فنی در بازدید" in page
    assert Licence.objects.get(office=office).status == Licence.Status.SUSPENDED
    signed_expert.post(
        office_page(office),
        {"action": "reinstate", "reinstate-effective_on": today, "reinstate-reason": "کارشناس فنی آمد"},
    )
    assert list(office.licence_events.values_list("action", flat=True)) == ["suspend", "reinstate"]
    assert Licence.objects.get(office=office).status == Licence.Status.ACTIVE


def test_a_double_submitted_suspension_is_refused_the_second_time(signed_expert, office):
    data = {"action": "suspend", "suspend-effective_on": "۱۴۰۵/۰۹/۱۰", "suspend-reason": "بازدید ناموفق"}
    assert signed_expert.post(office_page(office), data).status_code == 302
    again = signed_expert.post(office_page(office), data, follow=True).content.decode()
    assert "«تعلیق پروانه» در وضعیت «تعلیق‌شده» مجاز نیست" in again
    assert office.licence_events.count() == 1


def test_an_expert_creates_a_licence_for_a_new_office_of_their_region(signed_expert, expert, reference):
    from accounts.models import User

    new = CounterOfficeFactory(code="2202-02-02", province=Province.objects.get(code="IR-30"))
    data = {
        "action": "create",
        "number": "PL-۹۹۰۰۱",
        "national_code": "۰۰۱۳۵۴۲۴۱۹",
        "mobile": "۰۹۱۲۱۲۳۴۵۶۷",
        "issued_on": "۱۴۰۴/۰۱/۱۵",
        "expires_on": "۱۴۰۹/۰۱/۱۴",
    }
    # A holder without an account needs a name: refused, and no account is left behind.
    response = signed_expert.post(office_page(new), data)
    assert "نام و نام خانوادگی دارنده تازه پروانه را بنویسید" in response.content.decode()
    assert not Licence.objects.filter(office=new).exists()
    assert not User.objects.filter(national_code="0013542419").exists()
    response = signed_expert.post(office_page(new), {**data, "first_name": "علی", "last_name": "رضایی"})
    assert response.status_code == 302
    licence = Licence.objects.get(office=new)
    assert (licence.number, licence.holder.national_code) == ("PL-99001", "0013542419")
    assert licence.events.get().action == "create"


# Import -------------------------------------------------------------------------------------------


def csv_file(rows, name="licences.csv") -> SimpleUploadedFile:
    out = io.StringIO()
    excel.csv_writer(out).writerows([HEADER, *rows])
    return SimpleUploadedFile(name, out.getvalue().encode("utf-8-sig"), content_type="text/csv")


def xlsx_file(rows) -> SimpleUploadedFile:
    book, sheet = excel.new_workbook("پروانه‌ها")
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    return SimpleUploadedFile("licences.xlsx", excel.workbook_bytes(book))


@pytest.fixture
def offices(reference):
    alborz = Province.objects.get(code="IR-30")
    return [
        CounterOfficeFactory(code="2301-01-01", name="دفتر یک", province=alborz),
        CounterOfficeFactory(code="2301-01-02", name="دفتر دو", province=alborz),
        CounterOfficeFactory(
            code="2301-01-03", name="دفتر فارس", province=Province.objects.get(code="IR-07")
        ),
    ]


ROWS = [
    [
        "2301-01-01",
        "PL-50001",
        "0012345679",
        "09121234567",
        "علی",
        "رضایی",
        "1403/01/15",
        "1408/01/14",
        "معتبر",
    ],
    [
        "۲۳۰۱۰۱۰۲",
        "PL-50002",
        "0013542419",
        "09121234568",
        "زهرا",
        "احمدی",
        "۱۴۰۳/۰۲/۰۱",
        "۱۴۰۸/۰۲/۰۱",
        "تعلیق",
    ],
]


FARS_ROW = [
    "2301-01-03",
    "PL-50003",
    "0084575948",
    "09121234569",
    "حسن",
    "فارسی",
    "1403/01/15",
    "1408/01/14",
    "",
]  # an office of the south region


def post_import(client, upload, dry_run):
    data = {"file": upload}
    if dry_run:
        data["dry_run"] = "on"
    return client.post(reverse("counters:licence_import"), data)


@pytest.mark.parametrize("build", [csv_file, xlsx_file])
def test_import_dry_run_then_real_then_again_changes_nothing(signed_expert, offices, build):
    dry = post_import(signed_expert, build(ROWS), dry_run=True).content.decode()
    assert "۲ پروانه تازه ثبت" in dry and not Licence.objects.filter(office__in=offices).exists()
    real = post_import(signed_expert, build(ROWS), dry_run=False).content.decode()
    assert "۲ پروانه تازه ثبت" in real
    second = Licence.objects.get(office=offices[1])
    assert second.status == Licence.Status.SUSPENDED and second.expires_on == dt.date(2029, 4, 20)
    events = LicenceEvent.objects.count()
    assert events == 3  # two created, one of them then suspended as the file says
    again = post_import(signed_expert, build(ROWS), dry_run=False).content.decode()
    assert "۲ ردیف با ثبت کنونی یکی بود" in again
    assert LicenceEvent.objects.count() == events


def test_an_import_updates_a_changed_expiry_and_logs_before_and_after(signed_expert, offices):
    post_import(signed_expert, csv_file(ROWS), dry_run=False)
    changed = [[*ROWS[0][:7], "1409/01/14", "معتبر"]]
    page = post_import(signed_expert, csv_file(changed), dry_run=False).content.decode()
    assert "۱ پروانه به‌روز شد" in page
    event = LicenceEvent.objects.filter(action="import", office=offices[0]).get()
    assert event.data["before"] == {"expires_on": "2029-04-02"} and event.data["row"] == 2


def test_a_row_of_another_regions_office_refuses_the_whole_file(signed_expert, offices):
    rows = [
        *ROWS,
        FARS_ROW,
    ]
    page = post_import(signed_expert, csv_file(rows), dry_run=False).content.decode()
    assert "ردیف ۴" in page and "در منطقه شما نیست" in page
    assert "هیچ پروانه‌ای ثبت نشد" in page
    assert not Licence.objects.filter(office__in=offices).exists()


def test_per_row_persian_errors(signed_expert, offices):
    rows = [
        [
            "2301-01-01",
            "PL-50001",
            "0012345678",
            "09121234567",
            "علی",
            "رضایی",
            "1403/01/15",
            "1408/01/14",
            "",
        ],
        [
            "2301-01-02",
            "PL-50002",
            "0013542419",
            "09121234568",
            "زهرا",
            "احمدی",
            "1403/02/01",
            "1402/02/01",
            "باطل",
        ],
        [
            "9999-99-99",
            "PL-50009",
            "0013542419",
            "09121234568",
            "زهرا",
            "احمدی",
            "1403/02/01",
            "1408/02/01",
            "",
        ],
        [
            "2301-01-01",
            "PL-50004",
            "0013542419",
            "09121234568",
            "زهرا",
            "احمدی",
            "1403/02/01",
            "1408/02/01",
            "",
        ],
    ]
    page = post_import(signed_expert, csv_file(rows), dry_run=True).content.decode()
    assert "ردیف ۲: کد ملی" in page
    assert "تاریخ انقضا باید پس از تاریخ صدور باشد" in page and "وضعیت «باطل» شناخته نیست" in page
    assert "ردیف ۴: دفتری با کد" in page
    assert "ردیف ۵: دفتر" in page and "در ردیف ۲ هم آمده است" in page
    assert not Licence.objects.filter(office__in=offices).exists()


def test_a_file_with_another_header_or_not_a_table_is_refused(signed_expert, offices):
    fake = SimpleUploadedFile("licences.xlsx", b"PK\x03\x04 not really a workbook")
    page = post_import(signed_expert, fake, dry_run=False).content.decode()
    assert "CSV (UTF-8) یا Excel (xlsx)" in page
    wrong = SimpleUploadedFile("x.csv", "نام,کد\nا,ب\n".encode(), content_type="text/csv")
    assert (
        "سطر نخست باید این ستون‌ها باشد" in post_import(signed_expert, wrong, dry_run=False).content.decode()
    )
    assert not Licence.objects.filter(office__in=offices).exists()


def test_hq_imports_for_every_region(client, offices, make_user):
    client.force_login(make_user(role=Role.HQ_PLANNER))
    rows = [
        *ROWS,
        FARS_ROW,
    ]
    assert "۳ پروانه تازه ثبت" in post_import(client, csv_file(rows), dry_run=False).content.decode()
    assert Licence.objects.filter(office__code="2301-01-03").exists()


def test_the_template_download_has_the_header(signed_expert):
    response = signed_expert.get(reverse("counters:licence_import") + "?format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [c.value for c in sheet[1]] == HEADER


def test_an_imported_suspension_blocks_the_holder_at_once(signed_expert, offices):
    from counters import services

    post_import(signed_expert, csv_file(ROWS[:1]), dry_run=False)
    holder = Licence.objects.get(office=offices[0]).holder
    assert services.licence_refusal(holder) == ""
    post_import(signed_expert, csv_file([[*ROWS[0][:8], "لغو"]]), dry_run=False)
    assert "لغوشده" in services.licence_refusal(holder)
    assert "لغوشده" in services.counter_office_refusal(CounterOffice.objects.get(pk=offices[0].pk))


def test_the_auditor_finds_a_licence_change_in_the_audit_trail(signed_expert, office, client, make_user):
    signed_expert.post(
        office_page(office),
        {"action": "revoke", "revoke-effective_on": "۱۴۰۵/۰۹/۱۰", "revoke-reason": "تخلف مکرر در بازدید"},
    )
    client.force_login(make_user(role=Role.AUDITOR))
    url = reverse("audit:trail", args=["counters-licences"])
    page = client.get(url, {"object_id": office.code}).content.decode()
    assert "لغو پروانه" in page and "تخلف مکرر در بازدید" in page
    assert "تخلف مکرر" not in client.get(url, {"action": "renew"}).content.decode()
