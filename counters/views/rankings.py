"""Rankings of counter offices for the organisation's experts and managers, on a page or as Excel."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render

from accounts.models import Role
from accounts.selectors import has_role
from core.params import parse_id
from counters import selectors, supervision
from counters.views.common import refusing, xlsx_url
from orgs.models import Region
from orgs.selectors import provinces_with_regions

RANKING_ROLES = (Role.REGION_EXPERT, Role.PROVINCE_MANAGER, Role.HQ_PLANNER, Role.AUDITOR, Role.ADMINISTRATOR)


@refusing
def rankings_view(request):
    if not any(has_role(request.user, role) for role in RANKING_ROLES):
        raise PermissionDenied("رتبه‌بندی دفاتر برای کارشناسان و مدیران سازمان است.")
    province_id = parse_id(request.GET.get("province"))
    region_id = parse_id(request.GET.get("region"))
    rows = selectors.rankings(province_id=province_id, region_id=region_id)
    if request.GET.get("format") == "xlsx":
        return _excel(rows)
    return render(
        request,
        "counters/rankings.html",
        {
            "rows": rows,
            "provinces": provinces_with_regions(),
            "regions": Region.objects.all(),
            "province_id": province_id,
            "region_id": region_id,
            "export_url": xlsx_url(request, "counters:rankings"),
            "rank_titles": _rank_titles(),
            "history_ids": supervision.history_office_ids(request.user, [d.office for d in rows]),
        },
    )


def _rank_titles() -> dict[int, str]:
    from counters.models import RankThreshold

    return dict(RankThreshold.objects.values_list("rank", "title"))


def _excel(rows) -> HttpResponse:
    from core import excel

    titles = _rank_titles()
    book, sheet = excel.new_workbook("رتبه‌بندی دفاتر")
    header = ["ردیف", "کد دفتر", "نام دفتر", "نوع", "استان", "منطقه", "سال", "امتیاز نهایی", "رتبه", "وضعیت"]
    excel.header_row(sheet, header, fill=False)
    for number, d in enumerate(rows, start=1):
        region = d.office.province.region
        sheet.append(
            [
                number,
                d.office.code,
                d.office.name,
                d.office.get_kind_display(),
                d.office.province.name,
                region.name if region else "",
                d.year,
                float(d.final_score) if d.final_score is not None else None,
                titles.get(d.rank, d.rank),
                d.get_state_display(),
            ]
        )
    excel.column_widths(sheet, [6, 12, 32, 20, 18, 16, 8, 12, 8, 20])
    return excel.xlsx_response(excel.workbook_bytes(book), "counter-office-rankings.xlsx")
