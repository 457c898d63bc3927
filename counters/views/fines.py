"""Fines of counter offices (P9) for the regulator: a page per year and region, and its Excel export.
HQ roles see every region; a region expert sees the regions they are an expert of."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render

from accounts.models import Role
from accounts.selectors import has_role
from core.params import parse_id
from counters import selectors
from counters.views.common import refusing, xlsx_url

ALL_REGIONS_ROLES = (Role.HQ_PLANNER, Role.AUDITOR, Role.ADMINISTRATOR)
FINES_ROLES = (Role.REGION_EXPERT, *ALL_REGIONS_ROLES)


def _region_scope(user) -> set[int] | None:
    """None (every region) for HQ roles, else the regions of a region expert; refuses the rest."""
    if any(has_role(user, role) for role in ALL_REGIONS_ROLES):
        return None
    regions = selectors.expert_region_ids(user)
    if not regions:
        raise PermissionDenied("فهرست جریمه‌های دفاتر برای کارشناسان منطقه و ستاد سازمان است.")
    return regions


@refusing
def fines_view(request):
    year = parse_id(request.GET.get("year"))
    rows = selectors.fines_register(region_ids=_region_scope(request.user), year=year)
    if request.GET.get("format") == "xlsx":
        return _excel(rows)
    return render(
        request,
        "counters/fines.html",
        {
            "rows": rows,
            "year": year,
            "total_rials": sum(fines.total_rials for _, fines in rows),
            "export_url": xlsx_url(request, "counters:fines"),
        },
    )


def _excel(rows) -> HttpResponse:
    from core import excel

    book, sheet = excel.new_workbook("جریمه دفاتر")
    header = ["ردیف", "کد دفتر", "نام دفتر", "استان", "منطقه", "سال", "تعداد تخلف تأییدشده", "جریمه (ریال)"]
    excel.header_row(sheet, header, fill=False)
    for number, (office, fines) in enumerate(rows, start=1):
        region = office.province.region
        sheet.append(
            [
                number,
                office.code,
                office.name,
                office.province.name,
                region.name if region else "",
                fines.year,
                fines.count,
                fines.total_rials,
            ]
        )
        sheet.cell(row=sheet.max_row, column=8).number_format = "#,##0"
    excel.column_widths(sheet, [6, 12, 32, 18, 16, 8, 12, 16])
    return excel.xlsx_response(excel.workbook_bytes(book), "counter-office-fines.xlsx")
