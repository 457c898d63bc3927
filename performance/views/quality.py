"""The data-quality page: the findings of the validation rules, their Excel file, and a planner's
run of the rules on demand."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.excel import xlsx_response
from core.paging import paginate
from core.params import parse_id
from core.text import to_persian_digits
from performance import selectors
from performance.models import ValidationRule, ValidationRun
from performance.validation import results as findings
from performance.validation import run_rules
from performance.views.common import chosen_year, known_years, require_reader

DQ_PAGE_SIZE = 100


@login_required
def data_quality(request):
    require_reader(request)
    year = chosen_year(request)
    rule_code, importance = request.GET.get("rule", ""), request.GET.get("importance", "")
    results = findings.findings(year=year, rule_code=rule_code, importance=importance)
    page, querystring = paginate(request, results, DQ_PAGE_SIZE)
    return render(
        request,
        "performance/data_quality.html",
        {
            "year": year,
            "years": known_years(request),
            "page": page,
            "results": list(page.object_list),
            "counts": findings.counts(year=year),
            "unread_rows": list(findings.unread_rows(year=year)),
            "rule": rule_code,
            "importance": importance,
            "importances": ValidationRule.Importance.choices,
            "last_run": ValidationRun.objects.filter(year=year).first(),
            "can_run": selectors.is_planner(request.user),
            "querystring": querystring,
        },
    )


@login_required
def data_quality_xlsx(request):
    require_reader(request)
    year = chosen_year(request)
    content = findings.findings_workbook(
        year=year, rule_code=request.GET.get("rule", ""), importance=request.GET.get("importance", "")
    )
    return xlsx_response(content, f"performance-findings-{year}.xlsx")


@login_required
@require_POST
def data_quality_run(request):
    if not selectors.is_planner(request.user):
        raise PermissionDenied("اجرای قواعد کیفیت با برنامه‌ریز ستاد است.")
    year = chosen_year(request) if request.GET.get("year") else (parse_id(request.POST.get("year")) or 0)
    if year not in known_years(request):
        raise PermissionDenied("برای این سال داده‌ای نیست.")
    run = run_rules(year=year, trigger=ValidationRun.Trigger.DEMAND, user=request.user)
    messages.success(request, f"قواعد کیفیت داده اجرا شد: {to_persian_digits(run.findings)} یافته.")
    return redirect(f"{reverse('performance:dq')}?year={year}")
