"""Data entry: who may enter what, bottom-up approval with its event log, locking after approval
or an expiry date with recorded exceptions, and the Excel upload with every bad input."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from performance import entry, upload
from performance.models import DataValue, DataValueAudit, Measure, SubmissionEvent
from performance.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(make_user):
    activity = f.activity(code="P900", title="صدور پروانه آزمایشی")
    version = f.plan_version(1400, "1400-v2")
    tehran, yazd = f.province("تهران"), f.province("یزد")
    return {
        "activity": activity,
        "version": version,
        "year": f.year(1400),
        "tehran": tehran,
        "yazd": yazd,
        "head": make_user(role="unit_head", scope={"org_unit": tehran}),
        "manager": make_user(role="province_manager", scope={"org_unit": tehran}),
        "planner": make_user(role="hq_planner"),
    }


def xlsx(rows, header=upload.HEADER) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_units_enter_actuals_planners_enter_plans(setup):
    s = setup
    assert entry.can_enter(s["head"], s["tehran"], Measure.ACTUAL)
    assert not entry.can_enter(s["head"], s["tehran"], Measure.PLAN)
    assert not entry.can_enter(s["head"], s["yazd"], Measure.ACTUAL)
    assert entry.can_enter(s["planner"], s["yazd"], Measure.PLAN)
    with pytest.raises(PermissionDenied):
        entry.enter_value(user=s["head"], activity=s["activity"], unit=s["yazd"], period=s["year"],
                          measure=Measure.ACTUAL, value=1)  # fmt: skip


def test_approval_goes_unit_province_hq_and_locks(setup):
    s = setup
    args = {"unit": s["tehran"], "period": s["year"]}
    entry.enter_value(user=s["head"], activity=s["activity"], measure=Measure.ACTUAL, value=5, **args)
    with pytest.raises(ValidationError, match="رفت"):
        entry.move(user=s["head"], to="province_approved", **args)  # no skipping the submit
    entry.move(user=s["head"], to="submitted", **args)
    with pytest.raises(ValidationError, match="ارسال شده"):
        entry.enter_value(user=s["head"], activity=s["activity"], measure=Measure.ACTUAL, value=6, **args)
    with pytest.raises(PermissionDenied):
        entry.move(user=s["head"], to="province_approved", **args)
    entry.move(user=s["manager"], to="province_approved", **args)
    with pytest.raises(ValidationError, match="علت"):
        entry.move(user=s["planner"], to="draft", **args)
    entry.move(user=s["planner"], to="approved", **args)
    assert "قفل" in entry.lock_reason(s["tehran"], s["year"])
    with pytest.raises(ValidationError):
        entry.move(user=s["planner"], to="draft", note="اصلاح", **args)
    events = list(SubmissionEvent.objects.values_list("from_state", "to_state", "actor"))
    assert events == [
        ("draft", "submitted", s["head"].pk),
        ("submitted", "province_approved", s["manager"].pk),
        ("province_approved", "approved", s["planner"].pk),
    ]


def test_return_to_the_unit_needs_a_reason_and_reopens(setup):
    s = setup
    args = {"unit": s["tehran"], "period": s["year"]}
    entry.move(user=s["head"], to="submitted", **args)
    entry.move(user=s["manager"], to="draft", note="رقم اسفند جا افتاده", **args)
    assert entry.lock_reason(s["tehran"], s["year"]) is None
    assert SubmissionEvent.objects.last().note == "رقم اسفند جا افتاده"


def test_expiry_locks_and_a_recorded_exception_reopens(setup):
    s = setup
    year = s["year"]
    year.lock_after = dt.date(2022, 4, 20)
    year.save()
    assert "مهلت" in entry.lock_reason(s["tehran"], year)
    with pytest.raises(PermissionDenied):
        entry.grant_exception(user=s["head"], unit=s["tehran"], period=year, valid_until=dt.date(2099, 1, 1),
                              reason="اصلاح")  # fmt: skip
    entry.grant_exception(user=s["planner"], unit=s["tehran"], period=year, valid_until=dt.date(2099, 1, 1),
                          reason="نامه ۱۲۳ معاونت")  # fmt: skip
    entry.enter_value(user=s["head"], activity=s["activity"], unit=s["tehran"], period=year,
                      measure=Measure.ACTUAL, value=7)  # fmt: skip
    assert DataValueAudit.objects.get().reason == "با استثنای قفل: نامه ۱۲۳ معاونت"
    assert "مهلت" in entry.lock_reason(s["yazd"], year)  # the exception is for Tehran only


# --- Excel upload: every bad input of the issue -----------------------------------------------


def good(n=0):
    return ["P900", "", "total", "", "تهران", 1400, 100 + n, 90]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            ["P900", "", "total", "", "تهران", 1400, "صد", 90],
            "در ستون «برنامه» عدد لازم است، «صد» نوشته شده است",
        ),
        (["P900", "", "total", "", "تهرانستان", 1400, 100, 90], "واحد یا استان «تهرانستان» وجود ندارد"),
        (["P900", "", "total", "", "تهران", 1400, 100, -3], "مقدار منفی"),
        (["P999", "", "total", "", "تهران", 1400, 100, 90], "فعالیت «P999» شناخته نیست"),
        (["P900", "", "total", "IR-99", "", 1400, 100, None], "واحد یا استان «IR-99» وجود ندارد"),
    ],
)
def test_bad_rows_are_reported_in_persian_with_their_row(setup, row, message):
    result = upload.read(user=setup["planner"], content=xlsx([good(), row]))
    assert [r.number for r in result.bad_rows] == [3]
    assert message in " ".join(result.bad_rows[0].errors)
    assert result.bad_rows[0].errors[0].startswith("ردیف ۳:")


def test_duplicate_row(setup):
    result = upload.read(user=setup["planner"], content=xlsx([good(), good(1)]))
    assert "تکراری است؛ همین فعالیت، واحد و سال در ردیف ۲ آمده است" in result.bad_rows[0].errors[0]


def test_value_for_a_locked_period(setup):
    s = setup
    entry.move(user=s["head"], unit=s["tehran"], period=s["year"], to="submitted")
    result = upload.read(user=s["planner"], content=xlsx([good()]))
    assert "برای تأیید ارسال شده" in result.bad_rows[0].errors[0]


def test_a_unit_user_cannot_upload_plans_or_other_units(setup):
    result = upload.read(
        user=setup["head"], content=xlsx([good(), ["P900", "", "total", "", "یزد", 1400, None, 5]])
    )
    errors = [e for r in result.bad_rows for e in r.errors]
    assert any("اجازه ثبت برنامه" in e for e in errors)
    assert any("یزد" in e and "اجازه ثبت عملکرد" in e for e in errors)


@pytest.mark.parametrize("content", [b"%PDF-1.4 not a workbook", b"", "کد,عنوان\n".encode()])
def test_a_file_that_is_not_excel(setup, content):
    result = upload.apply(user=setup["planner"], content=content)
    assert "Excel" in result.file_error
    assert not DataValue.objects.exists()


def test_nothing_is_imported_from_a_file_with_errors_unless_only_good_rows(setup):
    content = xlsx([good(), ["P900", "", "total", "", "یزد", 1400, "abc", 1]])
    result = upload.apply(user=setup["planner"], content=content)
    assert result.imported == 0 and not DataValue.objects.exists()
    result = upload.apply(user=setup["planner"], content=content, only_good_rows=True)
    assert result.imported == 2
    assert {(v.org_unit.province.name, v.measure, v.value) for v in DataValue.objects.all()} == {
        ("تهران", "plan", Decimal(100)),
        ("تهران", "actual", Decimal(90)),
    }
    assert set(DataValueAudit.objects.values_list("source", flat=True)) == {"excel"}


def test_persian_digits_and_separators_are_read(setup):
    result = upload.apply(
        user=setup["planner"], content=xlsx([["P900", "", "total", "IR-23", "", "۱۴۰۰", "۱٬۲۳۴", "۹۸۷"]])
    )
    assert not result.has_errors and result.imported == 2
    assert DataValue.objects.get(measure="plan").value == 1234


def test_template_then_upload_round_trip_through_the_pages(setup, client):
    client.force_login(setup["planner"])
    response = client.get(reverse("performance:entry_template"), {"year": 1400})
    wb = load_workbook(io.BytesIO(response.content))
    ws = wb.active
    assert ws.sheet_view.rightToLeft
    assert [c.value for c in ws[1]] == upload.HEADER
    rows = [r for r in ws.iter_rows(min_row=2) if r[0].value == "P900" and r[4].value == "تهران"]
    rows[0][6].value, rows[0][7].value = 50, "پنجاه"
    out = io.BytesIO()
    wb.save(out)
    preview = client.post(
        reverse("performance:entry") + "?year=1400",
        {"file": io.BytesIO(out.getvalue()), "preview": "1"},
        format="multipart",
    )
    assert "در ستون «عملکرد» عدد لازم است" in preview.content.decode()
    assert not DataValue.objects.exists()
    rows[0][7].value = 45
    out = io.BytesIO()
    wb.save(out)
    out.name = "plan.xlsx"
    out.seek(0)
    done = client.post(reverse("performance:entry") + "?year=1400", {"file": out, "import": "1"})
    body = done.content.decode()
    assert "۲ مقدار ثبت شد" in body, body[body.find("<main") :][:3000]
    assert DataValue.objects.get(measure="actual", org_unit=setup["tehran"]).value == 45


def test_entry_page_is_for_planners_and_unit_managers(setup, client, make_user):
    client.force_login(make_user())
    assert client.get(reverse("performance:entry")).status_code == 403
    client.force_login(setup["head"])
    page = client.get(reverse("performance:entry"))
    assert page.status_code == 200
    assert 'data-unit="IR-23"' in page.content.decode()
    assert 'data-unit="IR-21"' not in page.content.decode()


def test_one_value_typed_on_screen(setup, client):
    client.force_login(setup["head"])
    url = reverse("performance:entry_value")
    client.post(
        url, {"activity": "p900", "unit": "IR-23", "year": "۱۴۰۰", "measure": "actual", "value": "۱۲"}
    )
    assert DataValue.objects.get(measure="actual").value == 12
    base = {"activity": "P900", "unit": "IR-23", "year": "1400"}
    page = client.post(url, {**base, "measure": "plan", "value": "5"}, follow=True)
    assert "اجازه ثبت برنامه" in page.content.decode()
    entry.move(user=setup["head"], unit=setup["tehran"], period=setup["year"], to="submitted")
    page = client.post(url, {**base, "measure": "actual", "value": "13"}, follow=True)
    assert "ارسال شده" in page.content.decode()
    assert DataValue.objects.get(measure="actual").value == 12


def test_codes_copied_from_a_page_in_persian_digits_are_understood(setup, client):
    """The pages print codes with Persian digits (P۹۰۰, IR-۲۳; the form's own hint says «IR-۲۳»):
    typed or pasted back, they must name the same activity and unit."""
    client.force_login(setup["head"])
    client.post(
        reverse("performance:entry_value"),
        {"activity": "p۹۰۰", "unit": "ir-۲۳", "year": "۱۴۰۰", "measure": "actual", "value": "۱۲"},
    )
    assert DataValue.objects.get(measure="actual").value == 12
    result = upload.apply(
        user=setup["planner"], content=xlsx([["P۹۰۰", "", "total", "IR-۲۳", "", "۱۴۰۰", "۲۰", "۱۸"]])
    )
    assert not result.has_errors and result.imported == 2
    assert DataValue.objects.get(measure="actual").value == 18
    client.force_login(setup["planner"])
    client.post(
        reverse("performance:entry_exception"),
        {"unit": "IR-۲۳", "year": "1400", "valid_until": "1499/01/01", "reason": "نامه ۱۲"},
    )
    assert entry.LockException.objects.get().org_unit == setup["tehran"]


def test_a_dry_run_writes_nothing_not_even_a_new_year(setup):
    """Issue 21 item 5: reading a file that names a year not stored yet used to create the period."""
    from performance.models import Period

    periods = set(Period.objects.values_list("code", flat=True))
    row = ["P900", "", "total", "", "تهران", 1409, None, 90]
    result = upload.read(user=setup["head"], content=xlsx([row]))
    assert not result.file_error and not result.bad_rows, result.bad_rows[0].errors if result.bad_rows else ""
    assert set(Period.objects.values_list("code", flat=True)) == periods
    assert DataValue.objects.count() == 0

    result = upload.apply(user=setup["head"], content=xlsx([row]))
    assert result.imported == 1
    assert set(Period.objects.values_list("code", flat=True)) == periods | {"1409"}
    assert DataValue.objects.get().period.code == "1409"


def test_a_refused_lock_exception_leaves_no_new_year(setup, client):
    """Drift bug (issue 21 item 5): the page made the year's period before the service refused a
    non-planner's exception, so a refusal wrote a period."""
    from performance.models import Period

    form = {"unit": "IR-23", "year": "1405", "valid_until": "1499/01/01", "reason": "نامه ۱۲"}
    client.force_login(setup["head"])
    page = client.post(reverse("performance:entry_exception"), form, follow=True).content.decode()
    assert "فقط برنامه‌ریز ستاد" in page
    assert not Period.objects.filter(code="1405").exists()
    assert not entry.LockException.objects.exists()
    client.force_login(setup["planner"])
    client.post(reverse("performance:entry_exception"), form)
    assert entry.LockException.objects.get().period == Period.objects.get(code="1405", kind=Period.Kind.YEAR)


def test_a_value_typed_for_a_new_month_makes_its_period_only_when_accepted(setup, client):
    from performance.models import Period

    client.force_login(setup["head"])
    url = reverse("performance:entry_value")
    base = {"activity": "P900", "unit": "IR-23", "year": "1402", "period": "1402-03", "value": "4"}
    page = client.post(url, {**base, "measure": "plan"}, follow=True).content.decode()
    assert "اجازه ثبت برنامه" in page
    assert not Period.objects.filter(year=1402).exists()
    client.post(url, {**base, "measure": "actual"})
    assert DataValue.objects.get().period == Period.objects.get(year=1402, kind=Period.Kind.MONTH, number=3)


def test_only_someone_who_enters_figures_starts_an_upload_job(setup, make_user):
    """Every write service checks its actor itself (issue 21 item 5), not only the page."""
    from performance import uploadjobs

    args = dict(file_name="a.xlsx", content=xlsx([]), rows=1, import_rows=True, only_good_rows=False)
    with pytest.raises(PermissionDenied, match="ورود داده"):
        uploadjobs.start(user=make_user(), **args)
    assert not uploadjobs.UploadJob.objects.exists()
    assert uploadjobs.start(user=setup["head"], **args).user == setup["head"]
