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
