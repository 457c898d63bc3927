"""The dashboards: the province by activity heat map with the ranking of a year or period beside
the year before, and a province's report card."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from orgs.models import OrgUnit
from performance import selectors
from performance.models import Period
from performance.views.common import known_years, period_args

HEAT_CLASSES = [(50, "heat-0", "▼▼"), (100, "heat-1", "▼"), (150, "heat-2", "▲"), (None, "heat-3", "▲▲")]


def _heat(pct) -> tuple[str, str]:
    if pct is None:
        return "heat-none", ""
    for limit, css, mark in HEAT_CLASSES:
        if limit is None or pct < limit:
            return css, mark
    return "heat-none", ""


def _heatmap_html(matrix, year: int) -> str:
    """The province × activity table of percent realised; every cell prints its percent and a
    mark (▼▼ under 50, ▼ under 100, ▲ up to 150, ▲▲ above), so colour is never the only cue."""
    from django.utils.html import escape
    from django.utils.safestring import mark_safe

    from performance.report import fa_num

    head = "".join(
        f'<th scope="col" class="heat-head"><a href="?year={year}&amp;activity={escape(a.code)}"'
        f' title="{escape(a.title)}">'
        f"{escape(a.code)}</a></th>"
        for a in matrix["activities"]
    )
    rows = []
    for unit in matrix["provinces"]:
        cells = []
        for a in matrix["activities"]:
            pct = matrix["cells"].get((a.pk, unit.pk), {}).get("percent")
            css, mark = _heat(pct)
            cells.append(f'<td class="{css}">{fa_num(pct) if pct is not None else "-"}{mark}</td>')
        link = reverse("performance:province", args=[unit.code]) + f"?year={year}"
        rows.append(
            f'<tr><th scope="row"><a href="{link}">{escape(unit.province.name)}</a></th>{"".join(cells)}</tr>'
        )
    return mark_safe(  # noqa: S308 - every text above is escaped
        '<table class="table table-sm table-bordered miz-heat" id="heatmap">'
        f'<thead><tr><th scope="col">استان</th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


@login_required
def dashboard(request):
    """The heat map and the ranking of a year, or of a quarter or month (`?period=1401Q1`), with
    the same period of the year before beside it."""
    year, version, period, period_error = period_args(request)
    board = selectors.dashboard(
        year=year,
        plan_version=version,
        period=period,
        activity_code=request.GET.get("activity"),
        with_previous=year - 1 in known_years(request),
    )
    matrix = board["matrix"]
    return render(
        request,
        "performance/dashboard.html",
        {
            "year": year,
            "years": known_years(request),
            "activity": board["activity"],
            "activities": matrix["activities"],
            "heatmap": _heatmap_html(matrix, year),
            "ranking": board["ranking"],
            "chart": board["chart"],
            "has_previous": board["has_previous"],
            "period": period,
            "previous_period": period.previous_year() if period else None,
            "period_error": period_error,
        },
        status=400 if period_error else 200,
    )


@login_required
def province_profile(request, code: str):
    """A province's report card for a year, a quarter or a month (`?period=1400Q2`), with the
    same period of the year before beside it."""
    from performance import periods

    year, version, period, period_error = period_args(request)
    unit = OrgUnit.objects.filter(code=code, kind=OrgUnit.Kind.PROVINCE).select_related("province").first()
    if unit is None:
        raise Http404("این استان پیدا نشد.")
    if period is None and year:
        period = periods.check(Period.Kind.YEAR, year)
    rows = selectors.province_card(unit=unit, period=period, plan_version=version) if period else []
    chart = {
        "labels": [r["activity"].code for r in rows],
        "titles": [r["activity"].title for r in rows],
        "percent": [float(r["percent"]) if r["percent"] is not None else None for r in rows],
    }
    return render(
        request,
        "performance/province.html",
        {
            "year": year,
            "years": known_years(request),
            "unit": unit,
            "rows": rows,
            "indicators": selectors.province_indicators(unit=unit, period=period, plan_version=version)
            if period
            else [],
            "chart": chart,
            "period": period,
            "previous": period.previous_year() if period else None,
            "period_error": period_error,
        },
        status=400 if period_error else 200,
    )
