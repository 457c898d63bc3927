"""Issue 13 item 5: a template downloaded from the entry page, with the actuals filled in and
nothing else touched, is accepted whole; a cell the uploader may not change is ignored while it
holds what the template was filled with, and refused, on its own row, once it is changed."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core.text import to_persian_digits
from performance import upload
from performance.models import DataValue, Measure
from performance.services import set_value
from performance.tests import factories as f

pytestmark = pytest.mark.django_db

PLAN, ACTUAL = 6, 7  # columns of upload.HEADER


@pytest.fixture
def province(make_user):
    """Tehran's manager, five typed activities with plans set by HQ, one fed by the desk."""
    tehran = f.province("تهران")
    year, version = f.year(1400), f.plan_version(1400, "1400-v1")
    planner = make_user(role="hq_planner")
    typed = [f.activity(code=f"P{n}", title=f"فعالیت {n}") for n in range(801, 806)]
    desk = f.activity(code="P899", title="صدور پروانه (از میز خدمت)", desk_service_code="10031900011")
    for n, activity in enumerate([*typed, desk]):
        set_value(activity=activity, org_unit=tehran, period=year, measure=Measure.PLAN,
                  value=Decimal(100 + n) / 4, plan_version=version, user=planner)  # fmt: skip
    set_value(activity=desk, org_unit=tehran, period=year, measure=Measure.ACTUAL, value=7, source="desk")
    manager = make_user(role="province_manager", scope={"org_unit": tehran})
    return {"tehran": tehran, "typed": typed, "desk": desk, "manager": manager}


def download(client):
    response = client.get(reverse("performance:entry_template"), {"year": 1400, "unit": "IR-23"})
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


def send(client, wb, action):
    out = io.BytesIO()
    wb.save(out)
    out.name = "template.xlsx"
    out.seek(0)
    return client.post(reverse("performance:entry") + "?year=1400", {"file": out, action: "1"})


def fill_actuals(wb) -> dict[str, int]:
    """Type an actual wherever the template left one empty, as a province does."""
    typed = {}
    for n, row in enumerate(wb.active.iter_rows(min_row=2), start=1):
        if row[ACTUAL].value is None:
            row[ACTUAL].value = 10 * n
            typed[row[0].value] = 10 * n
    return typed


def test_a_downloaded_template_filled_with_actuals_is_accepted_whole(province, client):
    client.force_login(province["manager"])
    wb = download(client)
    rows = list(wb.active.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 6 and all(r[PLAN] is not None for r in rows)  # plans came prefilled
    typed = fill_actuals(wb)
    assert set(typed) == {a.code for a in province["typed"]}  # the desk's actual came prefilled

    preview = send(client, wb, "preview").content.decode()
    assert "۶ ردیف خوانده شد: ۶ بی‌خطا، ۰ با خطا" in preview
    done = send(client, wb, "import").content.decode()
    assert "۵ مقدار ثبت شد" in done
    actuals = DataValue.objects.filter(measure=Measure.ACTUAL, org_unit=province["tehran"])
    assert {v.activity.code: int(v.value) for v in actuals} == {**typed, "P899": 7}
    assert DataValue.objects.filter(measure=Measure.PLAN).count() == 6  # plans untouched


@pytest.mark.parametrize(
    ("column", "code", "message"),
    [
        (PLAN, "P803", "ستون «برنامه» تغییر کرده است؛ شما اجازه ثبت برنامه"),
        (ACTUAL, "P899", "ستون «عملکرد» تغییر کرده است؛ عملکرد «صدور پروانه (از میز خدمت)» از درخواست"),
    ],
)
def test_a_changed_cell_the_uploader_may_not_change_refuses_exactly_its_row(
    province, client, column, code, message
):
    client.force_login(province["manager"])
    wb = download(client)
    fill_actuals(wb)
    row = next(r for r in wb.active.iter_rows(min_row=2) if r[0].value == code)
    row[column].value = 999
    out = io.BytesIO()
    wb.save(out)
    result = upload.read(user=province["manager"], content=out.getvalue())
    assert [r.number for r in result.bad_rows] == [row[0].row]
    (error,) = result.bad_rows[0].errors
    assert error.startswith(f"ردیف {to_persian_digits(row[0].row)}: {message}")
    assert len(result.good_rows) == 5
    page = send(client, wb, "import").content.decode()
    assert "پرونده خطا دارد و چیزی ثبت نشد" in page
    assert not DataValue.objects.filter(measure=Measure.ACTUAL, value=999).exists()
