"""The annual report of a year, quarter or month: on screen, as an Excel workbook and as a PDF per
section."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render

from core.excel import xlsx_response
from core.pdf import render_pdf
from performance import selectors
from performance.models import PlanVersion
from performance.report import build_report, table_html
from performance.views.common import known_years, period_args, report_query


def _with_html(report):
    for table in report.summary:
        table.html = table_html(table)
    for section in report.sections:
        for table in section.tables:
            table.html = table_html(table)
    return report


@login_required
def annual_report(request):
    year, version, period, error = period_args(request)
    report = _with_html(build_report(year=year, plan_version=version, period=period))
    return render(
        request,
        "performance/report.html",
        {
            "report": report,
            "summary": report.summary,
            "sections": report.sections,
            "years": known_years(request),
            "versions": PlanVersion.objects.filter(year=year, state__in=selectors.REPORTED_STATES),
            "query": report_query(year, version, period),
            "period_error": error,
        },
        status=400 if error else 200,
    )


@login_required
def annual_report_xlsx(request):
    from performance.excel import workbook

    year, version, period, error = period_args(request)
    if error:
        return HttpResponse(error, status=400, content_type="text/plain; charset=utf-8")
    content = workbook(build_report(year=year, plan_version=version, period=period))
    return xlsx_response(content, f"performance-{period.code if period else year}.xlsx")


@login_required
def annual_report_pdf(request, section: str):
    year, version, period, error = period_args(request)
    if error:
        return HttpResponse(error, status=400, content_type="text/plain; charset=utf-8")
    report = build_report(year=year, plan_version=version, period=period)
    titles = dict(report.section_keys)
    if section not in titles:
        raise Http404("این بخش در گزارش نیست.")
    report = _with_html(build_report(year=year, plan_version=version, section=section, period=period))
    pdf = render_pdf(
        "performance/report_pdf.html",
        {
            "report": report,
            "summary": report.summary,
            "sections": report.sections,
            "section_title": titles[section],
        },
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    name = period.code if period else year
    response["Content-Disposition"] = f'inline; filename="performance-{name}-{section}.pdf"'
    return response
