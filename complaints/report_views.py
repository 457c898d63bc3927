"""The complaints report page (R8) and its Excel/CSV export: parse the period and place, ask
`complaints.report`, render or write."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from complaints import forms
from complaints.report import Report, Row, Scope, complaints_report, report_scope
from core import excel
from core.jalali import current_jalali_year, format_date, jalali_year_bounds

COLUMNS = [
    "دریافتی",
    "پاسخ‌داده",
    "باز",
    "انصراف یا بسته‌شده",
    "درصد پاسخ",
    "درصد پاسخ در مهلت",
    "میانگین روز کاری تا پاسخ",
    "میانه روز کاری",
    "میانگین روز تقویمی تا پاسخ",
    "میانه روز تقویمی",
]


def _scope_or_refuse(user) -> Scope:
    scope = report_scope(user)
    if scope is None:
        raise PermissionDenied("گزارش شکایات برای مدیران کل استان‌ها، ستاد و بازرسان است.")
    return scope


@login_required
@require_GET
def report(request):
    scope = _scope_or_refuse(request.user)
    today = timezone.localdate()
    year_start, _ = jalali_year_bounds(current_jalali_year(today))
    form = forms.ReportForm(
        request.GET or {"start": format_date(year_start), "end": format_date(today)},
        province_ids=None if scope.everywhere else scope.province_ids,
    )
    result = None
    if form.is_valid():
        province = form.cleaned_data["province"]
        if province is not None and not scope.allows(province.pk):
            raise PermissionDenied("گزارش این استان در حوزه دسترسی شما نیست.")
        result = complaints_report(
            start=form.cleaned_data["start"], end=form.cleaned_data["end"], scope=scope, province=province
        )
        export = request.GET.get("export")
        if export in ("xlsx", "csv"):
            return _export(result, export)
    return render(
        request,
        "complaints/report.html",
        {"form": form, "report": result, "columns": COLUMNS, "export_query": _query_without_export(form)},
    )


def _query_without_export(form) -> str:
    query = QueryDict(mutable=True)
    query.update({key: form.data[key] for key in ("start", "end", "province") if form.data.get(key)})
    return query.urlencode()


def _figures(row: Row) -> list:
    return [
        row.received,
        row.answered,
        row.open,
        row.withdrawn,
        row.answered_percent,
        row.within_sla_percent,
        row.avg_working_days,
        row.median_working_days,
        row.avg_calendar_days,
        row.median_calendar_days,
    ]


def _sections(report: Report):
    """(sheet title, header, rows) for each table of the page."""
    yield "موضوع", ["موضوع", *COLUMNS], [[r.label, *_figures(r)] for r in report.by_subject]
    yield "مجرا", ["مجرا", *COLUMNS], [[r.label, *_figures(r)] for r in report.by_channel]
    against = ["شکایت از واحدهای استان"] if report.shows_against else []
    yield (
        "استان",
        ["استان", *COLUMNS, *against],
        [[r.label, *_figures(r), *([r.against] if against else [])] for r in report.by_province],
    )
    yield (
        "رتبه استان‌ها",
        ["رتبه", "استان", *COLUMNS],
        [[r.rank, r.label, *_figures(r)] for r in report.ranking],
    )


def _csv_rows(report: Report):
    """Every table one after another, each row led by its table's name."""
    for title, header, rows in _sections(report):
        yield ["جدول", *header]
        for row in rows:
            yield [title, *row]


def _export(report: Report, fmt: str) -> HttpResponse:
    filename = f"complaints-{report.start:%Y%m%d}-{report.end:%Y%m%d}"
    if fmt == "csv":
        return excel.csv_response(_csv_rows(report), filename)
    book = None
    for title, header, rows in _sections(report):
        if book is None:
            book, sheet = excel.new_workbook(title)
        else:
            sheet = excel.add_sheet(book, title)
        excel.header_row(sheet, header)
        for row in rows:
            sheet.append(row)
        excel.column_widths(sheet, [28, *[14] * (len(header) - 1)])
    return excel.xlsx_response(excel.workbook_bytes(book), f"{filename}.xlsx")
