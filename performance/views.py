"""Performance pages: the data-quality page, the annual report (screen, Excel, PDF), dashboards,
data entry. Views parse input, call one selector or service, render."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.bodylimit import accepts_files
from core.excel import xlsx_response
from core.jalali import current_jalali_year
from core.paging import paginate
from core.params import parse_id
from core.text import to_persian_digits
from orgs.models import OrgUnit
from performance import entry, selectors, upload, uploadjobs
from performance.forms import MAX_UPLOAD_BYTES, LockExceptionForm, UploadForm, ValueForm
from performance.models import (
    Period,
    PlanVersion,
    Submission,
    ValidationRule,
    ValidationRun,
)
from performance.report import build_report, table_html
from performance.services import get_or_create_period
from performance.validation import results as findings
from performance.validation import run_rules

DQ_PAGE_SIZE = 100


def _years(request) -> list[int]:
    if not hasattr(request, "_performance_years"):
        request._performance_years = selectors.years()
    return request._performance_years


def _reader(request):
    if not selectors.can_read(request.user):
        raise PermissionDenied("این صفحه برای مدیران و برنامه‌ریزان است.")


def _year(request) -> int:
    years = _years(request)
    try:
        year = int(request.GET.get("year") or 0)
    except ValueError:
        year = 0
    return year if year in years else (years[-1] if years else 0)


@login_required
def data_quality(request):
    _reader(request)
    year = _year(request)
    rule_code, importance = request.GET.get("rule", ""), request.GET.get("importance", "")
    results = findings.findings(year=year, rule_code=rule_code, importance=importance)
    page, querystring = paginate(request, results, DQ_PAGE_SIZE)
    return render(
        request,
        "performance/data_quality.html",
        {
            "year": year,
            "years": _years(request),
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
    _reader(request)
    year = _year(request)
    content = findings.findings_workbook(
        year=year, rule_code=request.GET.get("rule", ""), importance=request.GET.get("importance", "")
    )
    return xlsx_response(content, f"performance-findings-{year}.xlsx")


@login_required
@require_POST
def data_quality_run(request):
    if not selectors.is_planner(request.user):
        raise PermissionDenied("اجرای قواعد کیفیت با برنامه‌ریز ستاد است.")
    year = _year(request) if request.GET.get("year") else (parse_id(request.POST.get("year")) or 0)
    if year not in _years(request):
        raise PermissionDenied("برای این سال داده‌ای نیست.")
    run = run_rules(year=year, trigger=ValidationRun.Trigger.DEMAND, user=request.user)
    messages.success(request, f"قواعد کیفیت داده اجرا شد: {to_persian_digits(run.findings)} یافته.")
    return redirect(f"{reverse('performance:dq')}?year={year}")


def _report_args(request):
    _reader(request)
    year = _year(request)
    version = selectors.plan_version_for(
        year, request.GET.get("version") or None
    ) or selectors.plan_version_for(year)
    return year, version


def _period_args(request):
    """(year, plan version, period, error): `?period=1401Q1` (or a month, in any digits) picks a
    quarter or month and its year; a period that does not exist is a Persian error and the
    page shows the year instead (status 400)."""
    from performance import periods

    year, version = _report_args(request)
    text = request.GET.get("period")
    if not text:
        return year, version, None, None
    try:
        key = periods.parse(text)
    except ValidationError as exc:
        return year, version, None, " ".join(exc.messages)
    chosen = request.GET.get("version") or None
    version = selectors.plan_version_for(key.year, chosen) or selectors.plan_version_for(key.year)
    return key.year, version, (None if key.kind == Period.Kind.YEAR else key), None


def _query(year, version, period) -> str:
    return urlencode(
        {"year": year, "version": version.code if version else ""}
        | ({"period": period.code} if period else {})
    )


def _with_html(report):
    for table in report.summary:
        table.html = table_html(table)
    for section in report.sections:
        for table in section.tables:
            table.html = table_html(table)
    return report


@login_required
def annual_report(request):
    year, version, period, error = _period_args(request)
    report = _with_html(build_report(year=year, plan_version=version, period=period))
    return render(
        request,
        "performance/report.html",
        {
            "report": report,
            "summary": report.summary,
            "sections": report.sections,
            "years": _years(request),
            "versions": PlanVersion.objects.filter(year=year, state__in=selectors.REPORTED_STATES),
            "query": _query(year, version, period),
            "period_error": error,
        },
        status=400 if error else 200,
    )


@login_required
def annual_report_xlsx(request):
    from performance.excel import workbook

    year, version, period, error = _period_args(request)
    if error:
        return HttpResponse(error, status=400, content_type="text/plain; charset=utf-8")
    content = workbook(build_report(year=year, plan_version=version, period=period))
    return xlsx_response(content, f"performance-{period.code if period else year}.xlsx")


@login_required
def annual_report_pdf(request, section: str):
    from weasyprint import HTML

    year, version, period, error = _period_args(request)
    if error:
        return HttpResponse(error, status=400, content_type="text/plain; charset=utf-8")
    report = build_report(year=year, plan_version=version, period=period)
    titles = dict(report.section_keys)
    if section not in titles:
        raise Http404("این بخش در گزارش نیست.")
    report = _with_html(build_report(year=year, plan_version=version, section=section, period=period))
    html = render_to_string(
        "performance/report_pdf.html",
        {
            "report": report,
            "summary": report.summary,
            "sections": report.sections,
            "section_title": titles[section],
            "font_dir": (settings.BASE_DIR / "static" / "vendor" / "vazirmatn-33.0.3" / "ttf").as_uri(),
            "miz_organisation_name": settings.MIZ_ORGANISATION_NAME,
        },
    )
    pdf = HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    name = period.code if period else year
    response["Content-Disposition"] = f'inline; filename="performance-{name}-{section}.pdf"'
    return response


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
    year, version, period, period_error = _period_args(request)
    matrix = selectors.province_matrix(year=year, plan_version=version, period=period)
    activity = next((a for a in matrix["activities"] if a.code == request.GET.get("activity")), None)
    activity = activity or (matrix["activities"][0] if matrix["activities"] else None)
    ranking = selectors.ranking(matrix, activity) if activity else []
    previous = None
    if activity and year - 1 in _years(request):
        prev_matrix = selectors.province_matrix(
            year=year - 1,
            plan_version=selectors.plan_version_for(year - 1),
            period=period.previous_year() if period else None,
        )
        previous = {r["unit"].pk: r for r in selectors.ranking(prev_matrix, activity)}
    chart = {
        "labels": [r["unit"].province.name for r in ranking],
        "plan": [float(r["plan"]) if r["plan"] is not None else None for r in ranking],
        "actual": [float(r["actual"]) if r["actual"] is not None else None for r in ranking],
        "percent": [float(r["percent"]) if r["percent"] is not None else None for r in ranking],
        "previous": [
            float(previous[r["unit"].pk]["percent"])
            if previous and previous.get(r["unit"].pk, {}).get("percent") is not None
            else None
            for r in ranking
        ]
        if previous
        else None,
        "year": year,
    }
    for r in ranking:
        r["previous"] = previous.get(r["unit"].pk, {}).get("percent") if previous else None
    return render(
        request,
        "performance/dashboard.html",
        {
            "year": year,
            "years": _years(request),
            "activity": activity,
            "activities": matrix["activities"],
            "heatmap": _heatmap_html(matrix, year),
            "ranking": ranking,
            "chart": chart,
            "has_previous": previous is not None,
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

    year, version, period, period_error = _period_args(request)
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
            "years": _years(request),
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


def _entry_units(user) -> list[OrgUnit]:
    from accounts.selectors import org_unit_ids_for

    if selectors.is_planner(user):
        return list(OrgUnit.objects.exclude(kind=OrgUnit.Kind.ORGANISATION).select_related("province"))
    ids = org_unit_ids_for(user, *entry.UNIT_ROLES)
    return list(
        OrgUnit.objects.filter(pk__in=ids).exclude(kind=OrgUnit.Kind.ORGANISATION).select_related("province")
    )


def _entry_user(request):
    if not _entry_units(request.user):
        raise PermissionDenied("ورود داده برای برنامه‌ریزان ستاد و مدیران واحدهاست.")


@login_required
@accepts_files(MAX_UPLOAD_BYTES)
def data_entry(request):
    _entry_user(request)
    units = _entry_units(request.user)
    years = _years(request) or [current_jalali_year()]
    try:
        year = int(request.GET.get("year") or years[-1])
    except ValueError:
        year = years[-1]
    if not 1300 <= year <= 1500:
        year = years[-1]
    result = None
    form = UploadForm()
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            content = form.cleaned_data["file"].data
            _error, rows = upload.inspect(content)
            if rows > upload.inline_rows():
                job = uploadjobs.start(
                    user=request.user,
                    file_name=form.cleaned_data["file"].original_name,
                    content=content,
                    rows=rows,
                    import_rows="import" in request.POST,
                    only_good_rows=form.cleaned_data["only_good_rows"],
                )
                return redirect("performance:upload_job", job.pk)
            if "import" in request.POST:
                result = upload.apply(
                    user=request.user, content=content, only_good_rows=form.cleaned_data["only_good_rows"]
                )
                if result.imported:
                    messages.success(request, f"{to_persian_digits(result.imported)} مقدار ثبت شد.")
                elif result.has_errors:
                    messages.error(request, "پرونده خطا دارد و چیزی ثبت نشد.")
            else:
                result = upload.read(user=request.user, content=content)
    period = Period.objects.filter(code=str(year)).first()
    submissions = {}
    if period:
        submissions = {s.org_unit_id: s for s in Submission.objects.filter(period=period)}
    rows = [
        {
            "unit": u,
            "submission": submissions.get(u.pk),
            "lock": entry.lock_reason(u, period) if period else None,
            "moves": entry.available_moves(request.user, u, submissions.get(u.pk)),
        }
        for u in units
        if u.kind in (OrgUnit.Kind.PROVINCE, OrgUnit.Kind.HQ_OFFICE, OrgUnit.Kind.RESEARCH)
    ]
    return render(
        request,
        "performance/entry.html",
        {
            "year": year,
            "years": years,
            "form": form,
            "result": result,
            "rows": rows,
            "states": Submission.State,
            "is_planner": selectors.is_planner(request.user),
            "exception_form": LockExceptionForm(),
            "value_form": ValueForm(initial={"year": year}),
        },
    )


@login_required
def entry_template(request):
    _entry_user(request)
    try:
        year = int(request.GET.get("year") or current_jalali_year())
    except ValueError:
        year = current_jalali_year()
    units = [
        u for u in _entry_units(request.user) if u.kind in (OrgUnit.Kind.PROVINCE, OrgUnit.Kind.HQ_OFFICE)
    ]
    code = request.GET.get("unit")
    if code:
        units = [u for u in units if u.code == code]
    content = upload.template(user=request.user, year=year, units=units)
    return xlsx_response(content, f"performance-template-{year}.xlsx")


@login_required
@require_POST
def entry_move(request):
    unit = OrgUnit.objects.filter(code=request.POST.get("unit", "")).first()
    period = Period.objects.filter(code=request.POST.get("year", "")).first()
    if unit is None or period is None:
        raise Http404("واحد یا دوره پیدا نشد.")
    try:
        entry.move(
            user=request.user,
            unit=unit,
            period=period,
            to=request.POST.get("to", ""),
            note=request.POST.get("note", ""),
        )
        messages.success(request, "وضعیت ثبت شد.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    return redirect(f"{reverse('performance:entry')}?year={period.year}")


@login_required
@require_POST
def entry_exception(request):
    form = LockExceptionForm(request.POST)
    if form.is_valid():
        unit = OrgUnit.objects.filter(code=form.cleaned_data["unit"]).first()
        if unit is None:
            messages.error(request, "واحد پیدا نشد.")
        else:
            period = get_or_create_period(kind=Period.Kind.YEAR, year=form.cleaned_data["year"])
            try:
                entry.grant_exception(
                    user=request.user,
                    unit=unit,
                    period=period,
                    valid_until=form.cleaned_data["valid_until"],
                    reason=form.cleaned_data["reason"],
                )
                messages.success(request, "استثنای قفل ثبت شد.")
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            except PermissionDenied as exc:
                messages.error(request, str(exc))
    else:
        messages.error(request, "فرم استثنا کامل نیست.")
    return redirect(reverse("performance:entry"))


@login_required
@require_POST
def entry_value(request):
    """One value typed on screen (the same service as the Excel upload)."""
    from performance.models import Activity

    _entry_user(request)
    form = ValueForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(reverse("performance:entry"))
    data = form.cleaned_data
    activity = Activity.objects.filter(code=data["activity"].upper()).first()
    unit = OrgUnit.objects.filter(code=data["unit"].upper()).first()
    if activity is None or unit is None:
        messages.error(request, "فعالیت یا واحد شناخته نیست.")
        return redirect(f"{reverse('performance:entry')}?year={data['year']}")
    key = data["period_key"]
    version = selectors.plan_version_for(data["year"]) if data["measure"] == "plan" else None
    try:
        if data["measure"] == "plan" and version is None:
            raise ValidationError("برای این سال نسخه برنامه تعریف نشده است.")
        # one transaction: a refused value (a month of a locked year) leaves no new period behind
        with transaction.atomic():
            entry.enter_value(
                user=request.user,
                activity=activity,
                unit=unit,
                period=get_or_create_period(kind=key.kind, year=key.year, number=key.number),
                measure=data["measure"],
                value=data["value"],
                plan_version=version,
            )
        messages.success(request, "مقدار ثبت شد.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    return redirect(f"{reverse('performance:entry')}?year={data['year']}")
