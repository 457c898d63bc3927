"""Months and quarters as people type them (any digits), the periods that do not exist, a month of
a locked year, and a province's quarterly report card with the same quarter a year earlier."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from performance import entry, periods
from performance.models import DataValue, DataValueAudit, Measure, Period
from performance.services import get_or_create_period, set_value
from performance.tests import factories as f

PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")

years = st.integers(1300, 1500)


@given(years, st.integers(1, 12), st.sampled_from(["", "-", "/"]), st.sampled_from([None, PERSIAN, ARABIC]))
def test_a_month_in_any_digits_and_separator_is_that_month(year, month, sep, digits):
    text = f"{year}{sep}{month:02d}"
    key = periods.parse(text.translate(digits) if digits else text)
    assert (key.kind, key.year, key.number) == ("month", year, month)
    assert key.code == f"{year}{month:02d}"


@given(years, st.integers(1, 4), st.sampled_from(["Q", "q", "-Q"]), st.sampled_from([None, PERSIAN, ARABIC]))
def test_a_quarter_in_any_digits_is_that_quarter(year, quarter, mark, digits):
    text = f"{year}{mark}{quarter}"
    key = periods.parse(text.translate(digits) if digits else text)
    assert (key.kind, key.year, key.number) == ("quarter", year, quarter)
    assert [k.code for k in key.containing()] == [str(year)]


@given(years, st.integers(1, 12))
def test_a_month_lies_in_its_quarter_and_year_and_compares_with_the_same_month_a_year_earlier(year, month):
    key = periods.check("month", year, month)
    quarter, whole = key.containing()
    assert 3 * quarter.number - 2 <= month <= 3 * quarter.number and whole.code == str(year)
    assert key.previous_year().code == f"{year - 1}{month:02d}"


@given(years, st.integers(13, 99))
def test_month_13_and_beyond_do_not_exist(year, month):
    with pytest.raises(ValidationError) as caught:
        periods.parse(f"{year}-{month}".translate(PERSIAN))
    assert f"ماه {str(month).translate(PERSIAN)} وجود ندارد" in caught.value.messages[0]


@pytest.mark.parametrize("text", ["1400Q5", "۱۴۰۰Q۵", "1400Q0", "١٤٠٠q٩"])
def test_quarter_5_does_not_exist(text):
    with pytest.raises(ValidationError) as caught:
        periods.parse(text)
    assert "وجود ندارد؛ فصل باید از ۱ تا ۴ باشد" in caught.value.messages[0]


@pytest.mark.parametrize("text", ["", "14", "1400-00-01", "سال ۱۴۰۰", "1400Q", "<script>", "1400 03"])
def test_text_that_is_no_period_is_a_persian_error(text):
    with pytest.raises(ValidationError) as caught:
        periods.parse(text)
    assert "شناخته نیست؛ مانند ۱۴۰۰ (سال)" in caught.value.messages[0]


def test_month_0_and_year_1600_do_not_exist():
    with pytest.raises(ValidationError, match="ماه ۰ وجود ندارد"):
        periods.parse("1400-۰")
    with pytest.raises(ValidationError, match="سال ۱۶۰۰ پذیرفته نیست"):
        periods.parse("1600")


# --- entering a month or a quarter on screen -------------------------------------------------------


@pytest.fixture
def setup(db, make_user):
    tehran = f.province("تهران")
    return {
        "activity": f.activity(code="Q900", title="بازرسی فصلی"),
        "tehran": tehran,
        "year": f.year(1400),
        "head": make_user(role="unit_head", scope={"org_unit": tehran}),
    }


def _post(client, **fields):
    base = {"activity": "Q900", "unit": "IR-23", "year": "1400", "measure": "actual", "value": "5"}
    return client.post(reverse("performance:entry_value"), {**base, **fields}, follow=True).content.decode()


def test_a_monthly_value_typed_in_persian_digits_is_stored_for_its_month(setup, client):
    client.force_login(setup["head"])
    page = _post(client, period="۱۴۰۰-۰۳", value="۷")
    assert "مقدار ثبت شد" in page
    stored = DataValue.objects.get()
    assert (stored.period.kind, stored.period.number, stored.value) == ("month", 3, 7)
    _post(client, period="۱۴۰۰Q۲", value="4")
    assert DataValue.objects.get(period__code="1400Q2").value == 4


def test_a_monthly_value_for_a_locked_year_is_refused_and_nothing_changes(setup, client):
    s = setup
    client.force_login(s["head"])
    entry.move(user=s["head"], unit=s["tehran"], period=s["year"], to="submitted")
    periods_before = set(Period.objects.values_list("code", flat=True))
    page = _post(client, period="1400-03")
    assert "برای تأیید ارسال شده" in page and "ثبت داده برای ۱۴۰۰/۰۳ هم بسته است" in page
    assert not DataValue.objects.exists() and not DataValueAudit.objects.exists()
    assert set(Period.objects.values_list("code", flat=True)) == periods_before  # no month left behind
    # the year's own lock date closes its quarters too, for every unit
    Period.objects.filter(code="1400").update(lock_after="2000-01-01")
    quarter = get_or_create_period(kind="quarter", year=1400, number=1)
    assert "مهلت ورود داده برای سال ۱۴۰۰ گذشته" in entry.lock_reason(f.province("یزد"), quarter)
    with pytest.raises(ValidationError, match="ثبت داده برای فصل ۱ ۱۴۰۰ هم بسته است"):
        quarter = get_or_create_period(kind="quarter", year=1400, number=1)
        entry.enter_value(user=s["head"], activity=s["activity"], unit=s["tehran"], measure=Measure.ACTUAL,
                          period=quarter, value=1)  # fmt: skip


@pytest.mark.parametrize(
    ("period", "message"),
    [
        ("1400-13", "ماه ۱۳ وجود ندارد"),
        ("۱۴۰۰Q۵", "فصل ۵ وجود ندارد"),
        ("1401-02", "دوره باید در همان سالی باشد"),
        ("فروردین", "شناخته نیست"),
    ],
)
def test_a_period_that_does_not_exist_is_refused_in_persian_and_nothing_changes(
    setup, client, period, message
):
    client.force_login(setup["head"])
    periods_before = Period.objects.count()
    assert message in _post(client, period=period)
    assert not DataValue.objects.exists() and Period.objects.count() == periods_before


# --- a province's quarterly report ---------------------------------------------------------------


@pytest.fixture
def quarters(db, make_user, client):
    tehran, yazd = f.province("تهران"), f.province("یزد")
    version = f.plan_version(1401, "1401-v1")
    counted = f.activity(code="Q1", title="پروانه صادره")
    for year, figures in ((1400, (2, 3, 5)), (1401, (4, 6, 10))):
        for month, value in enumerate(figures, start=1):
            period = get_or_create_period(kind="month", year=year, number=month)
            for unit, factor in ((tehran, 1), (yazd, 2)):
                set_value(activity=counted, org_unit=unit, period=period, measure=Measure.ACTUAL,
                          value=value * factor)  # fmt: skip
    quarter = get_or_create_period(kind="quarter", year=1401, number=1)
    for unit, plan in ((tehran, 16), (yazd, 50)):
        set_value(activity=counted, org_unit=unit, period=quarter, measure=Measure.PLAN, value=plan,
                  plan_version=version)  # fmt: skip
    # a month of the next quarter is not in the first quarter
    fourth = get_or_create_period(kind="month", year=1401, number=4)
    set_value(activity=counted, org_unit=tehran, period=fourth, measure=Measure.ACTUAL, value=1000)
    client.force_login(make_user(role="hq_planner"))
    return client, tehran


def test_a_province_quarterly_report_compares_with_the_same_quarter_a_year_earlier(quarters):
    client, tehran = quarters
    url = reverse("performance:province", args=[tehran.code])
    page = client.get(url, {"period": "۱۴۰۱Q۱"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "فصل ۱ ۱۴۰۱" in html and "عملکرد فصل ۱ ۱۴۰۰" in html
    row = html[html.index('data-activity="Q1"') :]
    row = row[: row.index("</tr>")]
    # Tehran, 1401Q1: plan 16, actual 4 + 6 + 10 = 20 → 125 %, ranked 1st of 2 (Yazd 40 / 50 = 80 %);
    # the same quarter of 1400: 2 + 3 + 5 = 10, so this quarter is 200 % of it
    cells = [c.split(">")[-1] for c in row.split("</td>")[:-1]]
    assert cells == ["۱۶", "۲۰", "۱۲۵", "۱ از ۲", "۱۰", "۲۰۰"]
    month = client.get(url, {"period": "1401-02"}).content.decode()
    row = month[month.index('data-activity="Q1"') :]
    assert [c.split(">")[-1] for c in row[: row.index("</tr>")].split("</td>")[:-1]][:2] == ["-", "۶"]


@pytest.mark.parametrize(
    ("period", "message"), [("1401Q5", "فصل ۵ وجود ندارد"), ("۱۴۰۱-۱۳", "ماه ۱۳ وجود ندارد")]
)
def test_a_quarter_that_does_not_exist_in_the_url_is_a_persian_error(quarters, period, message):
    client, tehran = quarters
    page = client.get(reverse("performance:province", args=[tehran.code]), {"period": period})
    assert page.status_code == 400
    assert message in page.content.decode()


def test_the_report_excel_and_dashboard_of_a_quarter(quarters):
    import io

    from openpyxl import load_workbook

    client, _tehran = quarters
    html = client.get(reverse("performance:report"), {"period": "1401Q1"}).content.decode()
    assert "گزارش عملکرد فصل ۱ ۱۴۰۱" in html
    row = '<th scope="row">تهران</th><td class="num">۱۶</td><td class="num">۲۰</td><td class="num">۱۲۵</td>'
    assert row in html
    assert "xlsx?year=1401&amp;version=1401-v1&amp;period=1401Q1" in html
    workbook = client.get(reverse("performance:report_xlsx"), {"period": "۱۴۰۱Q۱"}).content
    wb = load_workbook(io.BytesIO(workbook))
    assert wb["فهرست"]["A1"].value == "گزارش عملکرد فصل ۱ ۱۴۰۱"
    assert {r[0]: r[1:] for r in wb["Q1"].values}["تهران"] == (16, 20, 125)
    board = client.get(reverse("performance:dashboard"), {"period": "1401Q1", "activity": "Q1"})
    text = board.content.decode()
    assert "داشبورد عملکرد فصل ۱ ۱۴۰۱" in text and "درصد فصل ۱ ۱۴۰۰" in text
    assert "?year=1401&amp;period=1401Q1" in text  # a province's card keeps the quarter


@pytest.mark.parametrize("name", ["performance:report", "performance:dashboard", "performance:report_xlsx"])
def test_a_period_that_does_not_exist_on_the_report_pages_is_a_400_in_persian(quarters, name):
    client, _tehran = quarters
    page = client.get(reverse(name), {"period": "1401Q5"})
    assert page.status_code == 400
    assert "فصل ۵ وجود ندارد" in page.content.decode()


# --- the Excel upload ---------------------------------------------------------------------------


def _xlsx(rows) -> bytes:
    from performance.tests.test_entry import xlsx

    return xlsx(rows)


def test_an_upload_row_names_a_month_or_quarter_in_its_year_cell(setup):
    from performance import upload

    rows = [
        ["Q900", "", "total", "IR-23", "", "۱۴۰۰-۰۳", None, 7],
        ["Q900", "", "total", "IR-23", "", "1400Q2", None, 4],
        ["Q900", "", "total", "IR-23", "", 1400, None, 30],
    ]
    result = upload.apply(user=setup["head"], content=_xlsx(rows))
    assert not result.has_errors and result.imported == 3
    assert dict(DataValue.objects.values_list("period__code", "value")) == {
        "140003": 7,
        "1400Q2": 4,
        "1400": 30,
    }


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("1400-13", "ماه ۱۳ وجود ندارد"),
        ("۱۴۰۰Q۵", "فصل ۵ وجود ندارد"),
        ("فروردین", "شناخته نیست"),
        (None, "سال را"),
    ],
)
def test_an_upload_row_with_a_period_that_does_not_exist_is_refused_with_its_row(setup, cell, message):
    from performance import upload

    rows = [
        ["Q900", "", "total", "IR-23", "", "1400-01", None, 1],
        ["Q900", "", "total", "IR-23", "", cell, None, 2],
    ]
    result = upload.apply(user=setup["head"], content=_xlsx(rows))
    assert [r.number for r in result.bad_rows] == [3]
    assert result.bad_rows[0].errors[0].startswith("ردیف ۳:") and message in result.bad_rows[0].errors[0]
    assert not DataValue.objects.exists() and not Period.objects.filter(kind="month").exists()


def test_an_uploaded_month_of_a_locked_year_is_refused_and_nothing_changes(setup):
    from performance import upload

    entry.move(user=setup["head"], unit=setup["tehran"], period=setup["year"], to="submitted")
    result = upload.apply(
        user=setup["head"], content=_xlsx([["Q900", "", "total", "IR-23", "", "1400-05", None, 3]])
    )
    assert "ثبت داده برای ۱۴۰۰/۰۵ هم بسته است" in result.bad_rows[0].errors[0]
    assert not DataValue.objects.exists() and not Period.objects.filter(kind="month").exists()


def test_the_period_hints_keep_their_codes_left_to_right(setup, client):
    # After Persian letters «۱۴۰۰-۰۳» showed as «۰۳-۱۴۰۰» (a browser check, December 2026): the
    # hints of the entry form and of the workbook's empty «سال» cell put them between LRM marks.
    from performance.upload import Row, read_period

    client.force_login(setup["head"])
    page = client.get(reverse("performance:entry")).content.decode()
    assert "\u200e۱۴۰۰-۰۳\u200e" in page and "\u200e۱۴۰۰Q۲\u200e" in page
    row = Row(number=3)
    assert read_period("", row) is None
    assert "\u200e۱۴۰۰-۰۳\u200e" in row.errors[0] and "\u200e۱۴۰۰Q۲\u200e" in row.errors[0]
