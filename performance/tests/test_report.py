"""The annual report from the data: on screen, as Excel (opened and read back) and as PDF
(opened and its text read back)."""

import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def planner_client(client, make_user, imported):
    client.force_login(make_user(role="hq_planner"))
    return client


def test_only_managers_see_the_report(client, make_user, imported):
    client.force_login(make_user())
    assert client.get(reverse("performance:report")).status_code == 403


def test_report_screen_in_the_structure_of_seed_004(planner_client):
    page = planner_client.get(reverse("performance:report"), {"year": 1400})
    assert page.status_code == 200
    text = page.content.decode()
    assert 'dir="rtl"' in text
    assert "تدوین و تجدیدنظر استاندارد ملی توسط دبیران استانها" in text
    # Tehran: plan 70, actual 199, 284%; the province total computed from the 31 rows
    assert (
        '<th scope="row">تهران</th><td class="num">۷۰</td><td class="num">۱۹۹</td><td class="num">۲۸۴</td>'
        in text
    )
    assert (
        '<th scope="row">جمع کل</th><td class="num">۴۳۰</td><td class="num">۶۵۸</td><td class="num">۱۵۳</td>'
        in text
    )
    assert "دفتر تدوین استانداردهای ملی" in text  # an HQ office's table
    assert "4,531" not in text and "۴٬۵۳۱" in text  # Persian digits and separators


def test_report_excel_has_a_right_to_left_sheet_per_table(planner_client):
    response = planner_client.get(reverse("performance:report_xlsx"), {"year": 1400})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(io.BytesIO(response.content))
    assert len(wb.sheetnames) > 60
    sheet = wb["P009"]
    assert sheet.sheet_view.rightToLeft
    rows = {r[0]: r[1:4] for r in sheet.iter_rows(min_row=4, values_only=True)}
    assert rows["تهران"] == (70, 199, 284)
    assert rows["جمع کل"] == (430, 658, 153)
    assert sheet["B4"].number_format == "#,##0"
    assert wb["فهرست"]["A1"].value == "گزارش عملکرد سال 1400"
    contents = {
        r[0].value: r[0].hyperlink.location for r in wb["فهرست"].iter_rows(min_row=4) if r[0].hyperlink
    }
    assert contents["P009"] == "'P009'!A1" and len(contents) == len(wb.sheetnames) - 1


def test_report_pdf_per_section_opens_and_reads(planner_client):
    from pypdf import PdfReader

    response = planner_client.get(
        reverse("performance:report_pdf", args=["area-standardisation"]), {"year": 1400}
    )
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) >= 2
    text = "".join(page.extract_text() for page in reader.pages)
    fonts = str(reader.pages[0]["/Resources"]["/Font"])
    assert "Vazirmatn" in fonts or any(
        "Vazirmatn" in str(f.get_object().get("/BaseFont"))
        for f in reader.pages[0]["/Resources"]["/Font"].values()
    )
    # text comes out in visual order: each line's run of digits is reversed; put it back
    lines = [re.sub(r"[۰-۹٬-]+", lambda m: m.group()[::-1], line) for line in text.splitlines()]
    assert any("گزارش عملکرد سال ۱۴۰۰" in line for line in lines)
    # Tehran in the first table: plan 70, actual 199, 284% (cells run together in the text)
    assert any(line.startswith("تهران") and "۷۰۱۹۹۲۸۴" in line for line in lines)
    assert any(line.startswith("جمع کل") or line.endswith("جمع کل") for line in lines)


def test_unknown_pdf_section_is_404(planner_client):
    assert planner_client.get(reverse("performance:report_pdf", args=["nothing"])).status_code == 404


def test_pdf_prints_each_total_once_under_its_own_table(planner_client):
    """A table that runs over a page must not print «جمع کل» under the first page's rows (a
    repeated footer made a page's few provinces look like the whole table)."""
    from pypdf import PdfReader

    from performance.models import PlanVersion
    from performance.report import build_report

    section = "area-standardisation"
    report = build_report(year=1400, plan_version=PlanVersion.objects.get(), section=section)
    tables = report.sections[0].tables
    response = planner_client.get(reverse("performance:report_pdf", args=[section]), {"year": 1400})
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages]
    assert sum(text.count("جمع کل") for text in pages) == len(tables) == 5
    # each page ends its table with the total: no page holds a table's rows without it
    for text in pages:
        assert text.count("تهران") == text.count("جمع کل")


@pytest.fixture
def small_year(make_user, client):
    """Two provinces, a programme in two editions, three activities that aggregate differently."""
    from performance.models import Activity, Measure
    from performance.services import set_value
    from performance.tests import factories as f

    tehran, yazd = f.province("تهران"), f.province("یزد")
    year = f.year(1400)
    first, second = f.plan_version(1400, "1400-v1"), f.plan_version(1400, "1400-v2")
    first.title, second.title = "ویرایش اول", "ویرایش دوم"
    first.state, second.state = "superseded", "in_force"  # the second edition replaced the first
    first.save(), second.save()
    made = {}
    for code, aggregation in (("A1", "sum"), ("A2", "average"), ("A3", "none")):
        activity = f.activity(code=code, title=f"فعالیت {code}", aggregation=aggregation)
        made[code] = activity
        for unit, plan1, plan2, actual in ((tehran, 10, 20, 15), (yazd, 30, 40, 25)):
            set_value(activity=activity, org_unit=unit, period=year, measure=Measure.ACTUAL, value=actual)
            for version, plan in ((first, plan1), (second, plan2)):
                set_value(activity=activity, org_unit=unit, period=year, measure=Measure.PLAN, value=plan,
                          plan_version=version)  # fmt: skip
    assert Activity.objects.count() == 3
    client.force_login(make_user(role="hq_planner"))
    return client


def _total_row(html: str, key: str) -> str:
    table = html[html.index(f'id="t-{key}"') :]
    return table[table.index("<tfoot>") : table.index("</tfoot>")]


def test_the_total_row_follows_how_the_activity_aggregates(small_year):
    html = small_year.get(
        reverse("performance:report"), {"year": 1400, "version": "1400-v1"}
    ).content.decode()
    # sum: plans 10 + 30, actuals 15 + 25 → 40, 40, 100%
    assert _total_row(html, "A1").endswith('جمع کل</th><td class="num">۴۰</td><td class="num">۴۰</td>'
                                            '<td class="num">۱۰۰</td></tr>')  # fmt: skip
    # average: plans (10 + 30) / 2 = 20, actuals (15 + 25) / 2 = 20 → 100%
    avg = _total_row(html, "A2")
    assert "میانگین استان‌ها" in avg and '<td class="num">۲۰</td><td class="num">۲۰</td>' in avg
    # figures that do not add up: no total, shown «-»
    assert _total_row(html, "A3").count('<td class="num">-</td>') == 3
    wb = load_workbook(io.BytesIO(small_year.get(reverse("performance:report_xlsx"), {"year": 1400}).content))
    assert list(wb["A2"].values)[-1] == ("میانگین استان‌ها", 30, 20, 67)  # second edition: (20 + 40) / 2
    assert list(wb["A3"].values)[-1] == ("جمع (جمع‌پذیر نیست)", "-", "-", "-")


def test_the_report_compares_with_the_chosen_plan_version(small_year, capsys):
    from django.core.management import call_command

    url = reverse("performance:report")
    first = small_year.get(url, {"year": 1400, "version": "1400-v1"}).content.decode()
    second = small_year.get(url, {"year": 1400, "version": "1400-v2"}).content.decode()
    # Tehran, A1: actual 15 against plan 10 (first edition, 150%) or plan 20 (second, 75%)
    assert (
        '<th scope="row">تهران</th><td class="num">۱۰</td><td class="num">۱۵</td><td class="num">۱۵۰</td>'
        in first
    )
    assert (
        '<th scope="row">تهران</th><td class="num">۲۰</td><td class="num">۱۵</td><td class="num">۷۵</td>'
        in second
    )
    assert "مقایسه با «ویرایش اول»" in first and "مقایسه با «ویرایش دوم»" in second
    assert '<option value="1400-v1" selected>' in first and '<option value="1400-v2" selected>' in second
    # the Excel and PDF links carry the chosen edition
    assert "xlsx?year=1400&amp;version=1400-v1" in first
    wb = load_workbook(io.BytesIO(small_year.get(reverse("performance:report_xlsx"),
                                                  {"year": 1400, "version": "1400-v1"}).content))  # fmt: skip
    assert wb["فهرست"]["A2"].value == "مقایسه با: ویرایش اول"
    assert {r[0]: r[1:] for r in wb["A1"].values}["تهران"] == (10, 15, 150)
    call_command("performance_export", year=1400, format="csv", plan_version="1400-v1")
    rows = [line.split(",") for line in capsys.readouterr().out.splitlines()]
    assert [r[7:] for r in rows if r[1] == "A1" and r[6] == "تهران"] == [["10", "15", "150"]]


def test_the_summary_has_no_empty_rows(imported):
    from performance.models import PlanVersion
    from performance.report import build_report

    summary = build_report(year=1400, plan_version=PlanVersion.objects.get(), section="summary").summary
    rows = [r for t in summary for r in t.rows]
    assert len(rows) > 30
    assert not [r["activity_code"] for r in rows if r["cells"][2] is None and r["cells"][3] is None]
    # the national-standards row as in seed 004's summary: provinces 430, 658, 153%
    assert next(r for r in rows if r["label"].startswith("تدوین و تجدیدنظر"))["cells"][1:] == [
        "استان‌ها",
        430,
        658,
        153,
    ]


def test_an_activity_title_typed_as_a_formula_stays_text_in_the_workbook_and_the_csv(small_year, capsys):
    from django.core.management import call_command

    from performance.models import Activity

    Activity.objects.filter(code="A1").update(title="=cmd|' /C calc'!A0")
    wb = load_workbook(io.BytesIO(small_year.get(reverse("performance:report_xlsx"), {"year": 1400}).content))
    assert wb["A1"]["A2"].value == "'=cmd|' /C calc'!A0" and wb["A1"]["A2"].data_type == "s"
    assert all(c.data_type != "f" for ws in wb.worksheets for row in ws.iter_rows() for c in row)
    call_command("performance_export", year=1400, format="csv", plan_version="1400-v1")
    out = capsys.readouterr().out
    assert "'=cmd|' /C calc'!A0" in out and "\n=cmd" not in out and ",=cmd" not in out
