"""The regulator's supervision (issue 19 item 6): HQ's page of every region's workload, deadlines
and average scores over the years, and an office's history on one page (HQ, and the experts of the
office's region)."""

from django.shortcuts import render

from counters import supervision
from counters.models import Declaration
from counters.views.common import refusing
from counters.views.rankings import _rank_titles


@refusing
def hq_view(request):
    supervision.refuse_unless_hq(request.user)
    rows, totals = supervision.workload()
    region_years, by_region = supervision.scores_by_year(by="region")
    province_years, by_province = supervision.scores_by_year(by="province")
    return render(
        request,
        "counters/hq.html",
        {
            "states": Declaration.State.choices,
            "rows": rows,
            "totals": totals,
            "late": list(supervision.late_reviews()),
            "late_limit": supervision.LATE_LISTED,
            "region_years": region_years,
            "by_region": by_region,
            "province_years": province_years,
            "by_province": by_province,
        },
    )


@refusing
def office_history_view(request, office_id: int):
    office = supervision.access_office_for_history(request.user, office_id)
    return render(
        request,
        "counters/office_history.html",
        {
            "office": office,
            "years": supervision.office_history(office),
            "rank_titles": _rank_titles(),
            "is_hq": supervision.region_scope(request.user) is None,
        },
    )
