"""The whole report in one file (issue 20 item 4): the PDF with its contents and page numbers,
the charts in both files, the cache that holds until the data change, the build's pages and who
may see them."""

import io
import itertools
import re
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from performance.fullreport import builds, charts, pdf
from performance.models import Measure, PlanVersion, ReportBuild

pytestmark = pytest.mark.django_db

DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": []}}


@pytest.fixture(autouse=True)
def _storage(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    settings.TASKS = DUMMY_TASKS


@pytest.fixture
def planner(make_user):
    return make_user(role="hq_planner")


def _built(user, kind="pdf", version="1400-v2") -> ReportBuild:
    build = builds.request_build(
        user=user, year=1400, plan_version=PlanVersion.objects.get(code=version), kind=kind
    )
    assert builds.run(build.pk) == "done"
    build.refresh_from_db()
    return build


def _read(build: ReportBuild) -> bytes:
    with builds.open_file(build) as handle:
        return handle.read()


def _digits(text: str) -> str:
    """pypdf gives each line in visual order (a run of digits comes out reversed) and drops the
    zero-width non-joiner."""
    return re.sub(r"[۰-۹]+", lambda m: m.group()[::-1], text)


def _plain(text: str) -> str:
    return text.replace("\u200c", "")


def test_the_pdf_has_every_section_and_a_contents_page_whose_numbers_are_the_real_pages(small_year, planner):
    build = _built(planner)
    pages = [_digits(p.extract_text()) for p in PdfReader(io.BytesIO(_read(build))).pages]
    assert build.pages == len(pages) and build.size > 0 and build.seconds is not None
    assert "گزارش عملکرد سال ۱۴۰۰" in pages[0] and "ویرایش دوم" in pages[0]
    contents = pages[1]
    assert contents.startswith("فهرست") or "فهرست" in contents.splitlines()[0]
    for heading in ("نمودارها", "رتبه استان‌ها", "خلاصه عملکرد", "استان‌ها: استانداردسازی", "فعالیت A1"):
        words = _plain(heading).split()  # a Latin code comes out on the other side of the line
        line = next(line for line in contents.splitlines() if all(w in line for w in words))
        number = int(re.search(r"[۰-۹]+", line).group().translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")))
        # the page it names holds the heading (and the page's own number at its foot)
        assert all(w in pages[number - 1] for w in words), (heading, number)
    text = "\n".join(pages)
    # every table of the report: Tehran's A1 row (plan 20, actual 15, 75%) and the charts' figures
    assert "۲۰۱۵۷۵" in text.replace(" ", "")
    assert "برنامه و عملکرد: استانداردسازی" in text and _plain("به برنامه رسیده") in text


def test_the_html_of_the_1400_report_holds_every_section_table_and_chart(imported):
    from performance import selectors
    from performance.report import build_report

    version = PlanVersion.objects.get()
    report = build_report(year=1400, plan_version=version)
    areas = charts.area_charts(report)
    ranking = charts.province_ranking(selectors.province_matrix(year=1400, plan_version=version))
    html = pdf.document_html(report, areas, ranking, built_at="امروز")
    tables = len(report.summary) + sum(len(s.tables) for s in report.sections)
    assert tables > 70 and len(report.sections) > 5
    links = re.findall(r'<li class="(?:part|item)"><a href="#([^"]+)"', html)
    assert len(links) == len(set(links)) == 1 + len(areas) + 1 + 1 + tables + len(report.sections)
    for anchor in links:  # each entry of the contents points at a heading that is there
        assert f'id="{anchor}"' in html, anchor
    for section in report.sections:
        assert f'<h2 id="s-{section.key}">{section.title}</h2>' in html
    assert "target-counter(attr(href), page, persian)" in html
    assert len(areas) == len(report.summary) and html.count('<figure class="chart"') == len(areas) + 1
    assert len(ranking) == 31 and [r.rank for r in ranking] == list(range(1, 32))
    assert all(
        (a.share, a.median_percent) >= (b.share, b.median_percent) for a, b in itertools.pairwise(ranking)
    )
    assert html.count("<svg") > 31 + sum(len(c.bars) for c in areas)


def test_area_chart_takes_the_organisations_line_and_ranking_counts_plans_reached(small_year):
    from performance import selectors
    from performance.report import build_report

    version = PlanVersion.objects.get(code="1400-v2")
    report = build_report(year=1400, plan_version=version)
    (area,) = charts.area_charts(report)
    a1 = next(b for b in area.bars if b.label == "فعالیت A1")
    assert (a1.plan, a1.actual, a1.percent) == (60, 40, 67)  # provinces 20 + 40, 15 + 25
    ranking = charts.province_ranking(selectors.province_matrix(year=1400, plan_version=version))
    planned = ranking
    # Tehran: 15 of 20 (75%) in each of three activities, Yazd 25 of 40 (63%): neither reached
    # plan, Tehran's median is higher
    assert [(r.rank, r.name, r.met, r.planned, r.median_percent) for r in planned] == [
        (1, "تهران", 0, 3, 75),
        (2, "یزد", 0, 3, 63),
    ]
    assert len(ranking) == 2  # a province without a planned activity is not ranked


def test_the_workbook_has_native_charts_and_every_table(small_year, planner):
    build = _built(planner, kind="xlsx")
    content = _read(build)
    names = zipfile.ZipFile(io.BytesIO(content)).namelist()
    assert len([n for n in names if n.startswith("xl/charts/chart")]) == 2  # one area, the ranking
    wb = load_workbook(io.BytesIO(content))
    assert wb.sheetnames[:3] == ["فهرست", "نمودار حوزه‌ها", "رتبه استان‌ها"]
    assert {"A1", "A2", "A3"} <= set(wb.sheetnames)
    rows = list(wb["نمودار حوزه‌ها"].values)
    assert ("فعالیت A1", "تعداد", 60, 40, 100, 67) in [r[:6] for r in rows]
    ranking = {r[1]: r for r in wb["رتبه استان‌ها"].values if r[1] in ("تهران", "یزد")}
    assert ranking["تهران"][:5] == (1, "تهران", 0, 0, 3)


def test_a_second_request_returns_the_cached_file_until_the_data_change(small_year, planner):
    from performance.services import set_value
    from performance.tests import factories as f

    first = _built(planner)
    again = builds.request_build(
        user=planner, year=1400, plan_version=PlanVersion.objects.get(code="1400-v2"), kind="pdf"
    )
    assert again.pk == first.pk and again.state == "done"
    # another plan version or the Excel is another file
    other = builds.request_build(
        user=planner, year=1400, plan_version=PlanVersion.objects.get(code="1400-v1"), kind="pdf"
    )
    assert other.pk != first.pk and other.state == "queued"
    # one value changes: the next request builds again, and the new file replaces the old
    activity = f.activity(code="A9", title="فعالیت تازه")
    set_value(
        activity=activity, org_unit=f.province("یزد"), period=f.year(1400), measure=Measure.ACTUAL, value=3
    )
    fresh = _built(planner)
    assert fresh.pk != first.pk and fresh.fingerprint != first.fingerprint
    assert not ReportBuild.objects.filter(pk=first.pk).exists() and not default_storage.exists(
        first.stored_name
    )
    assert "فعالیت تازه" in "".join(p.extract_text() for p in PdfReader(io.BytesIO(_read(fresh))).pages)


def test_the_fingerprint_follows_values_titles_and_names_but_not_other_years(small_year):
    from orgs.models import OrgUnit
    from performance.models import Activity, DataValue
    from performance.services import set_value
    from performance.tests import factories as f

    version = PlanVersion.objects.get(code="1400-v2")
    seen = {builds.fingerprint(1400, version)}

    def changed() -> bool:
        now = builds.fingerprint(1400, version)
        new = now not in seen
        seen.add(now)
        return new

    DataValue.objects.filter(measure=Measure.ACTUAL).update(value=99)  # a bulk edit (no timestamps)
    assert changed()
    Activity.objects.filter(code="A2").update(title="عنوان تازه")
    assert changed()
    OrgUnit.objects.filter(province__name="یزد").update(name="یزد (ویرایش)")
    assert changed()
    DataValue.objects.filter(measure=Measure.ACTUAL).first().delete()
    assert changed()
    set_value(activity=Activity.objects.get(code="A1"), org_unit=f.province("یزد"), period=f.year(1401),
              measure=Measure.ACTUAL, value=5)  # fmt: skip
    assert not changed()  # another year's value
    assert builds.fingerprint(1400, PlanVersion.objects.get(code="1400-v1")) not in seen


def test_pdf_layout_reports_its_progress_page_by_page(small_year):
    from performance.report import build_report

    report = build_report(year=1400, plan_version=PlanVersion.objects.get(code="1400-v2"))
    seen = []
    content, pages = pdf.render(pdf.document_html(report, charts.area_charts(report), [], "امروز"),
                                lambda percent, stage: seen.append((percent, stage)), pages=4)  # fmt: skip
    assert content.startswith(b"%PDF") and pages >= 4
    stages = [s for _p, s in seen]
    assert (
        "صفحه‌آرایی: صفحه ۱" in stages and "صفحه‌آرایی: صفحه ۴" in stages and stages[-1] == "نوشتن پرونده PDF"
    )
    percents = [p for p, _s in seen]
    assert percents[0] == 12 and 80 <= max(percents) <= 88


def test_the_report_page_starts_a_build_whose_page_polls_until_the_download(
    small_year, committing_client, planner
):
    from django_tasks import default_task_backend

    client = committing_client
    client.force_login(planner)
    page = client.get(reverse("performance:report"), {"year": 1400, "version": "1400-v2"}).content.decode()
    assert "ساخت گزارش کامل (PDF)" in page and "ساخت گزارش کامل (Excel)" in page
    response = client.post(
        reverse("performance:report_full_start"), {"year": "۱۴۰۰", "version": "1400-v2", "kind": "pdf"}
    )
    build = ReportBuild.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "performance:report_full", args=[build.pk]
    )
    assert [r.args for r in default_task_backend.results] == [[build.pk]]
    page = client.get(response["Location"]).content.decode()
    assert 'hx-trigger="every 2s"' in page and "در صف" in page and "report-build-download" not in page
    assert client.get(reverse("performance:report_full_file", args=[build.pk])).status_code == 404
    builds.run(build.pk)  # what the worker does with the job
    status = client.get(reverse("performance:report_full_status", args=[build.pk])).content.decode()
    assert "hx-get" not in status and "۱۰۰٪" in status and "performance-1400-1400-v2-full.pdf" in status
    download = client.get(reverse("performance:report_full_file", args=[build.pk]))
    assert download["Content-Type"] == "application/pdf" and "attachment" in download["Content-Disposition"]
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    # asked again with the same data: the same build, nothing queued
    again = client.post(
        reverse("performance:report_full_start"), {"year": "1400", "version": "1400-v2", "kind": "pdf"}
    )
    assert again["Location"] == response["Location"] and len(default_task_backend.results) == 1


@pytest.mark.parametrize(
    "data", [{"year": "1300", "kind": "pdf"}, {"year": "1400", "kind": "docx"}, {"kind": "pdf"}]
)
def test_a_wrong_year_or_kind_is_refused_in_persian_and_builds_nothing(small_year, data):
    response = small_year.post(reverse("performance:report_full_start"), data, follow=True)
    assert "سال یا نوع پرونده گزارش کامل درست نیست" in response.content.decode()
    assert not ReportBuild.objects.exists()


def test_only_readers_of_the_annual_report_start_see_or_download_a_build(
    small_year, planner, client, make_user
):
    build = _built(planner)
    names = ("performance:report_full", "performance:report_full_status", "performance:report_full_file")
    urls = [reverse(name, args=[build.pk]) for name in names]
    for role in (None, "applicant"):
        client.force_login(make_user(role=role) if role else make_user())
        assert (
            client.post(reverse("performance:report_full_start"), {"year": 1400, "kind": "pdf"}).status_code
            == 403
        )
        assert [client.get(url).status_code for url in urls] == [403, 403, 403]
    client.force_login(make_user(role="auditor"))  # a reader: shares the planner's build
    assert [client.get(url).status_code for url in urls] == [200, 200, 200]
    assert client.get(reverse("performance:report_full", args=[build.pk + 1])).status_code == 404
    client.logout()
    assert client.get(urls[0]).status_code == 302
