"""Plan-version pages: the versions of each year, one version (its values' changes, its history,
its workflow buttons, the edit form of a draft) and the differences between two versions.
Views parse input, call `performance.plans` or a selector, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.bodylimit import accepts_files
from core.excel import xlsx_response
from core.outcome import form_errors_to_messages, perform
from core.text import to_persian_digits
from orgs.models import OrgUnit
from performance import plan_files, plans, selectors
from performance.forms import PlanUploadForm, PlanValueForm, RevisionForm
from performance.models import Activity, Breakdown, PlanVersion
from performance.views.common import REFUSALS, require_reader

DIFF_ROWS_SHOWN = 500


def _version(code: str) -> PlanVersion:
    version = PlanVersion.objects.select_related("based_on").filter(code=code).first()
    if version is None:
        raise Http404("این نسخه برنامه نیست.")
    return version


@login_required
def version_list(request):
    require_reader(request)
    versions = PlanVersion.objects.select_related("based_on").order_by("-year", "created_at")
    in_force_years = sorted({v.year for v in versions if v.is_current}, reverse=True)
    return render(
        request,
        "performance/plans.html",
        {
            "versions": versions,
            "form": RevisionForm(initial={"year": in_force_years[0] if in_force_years else None}),
            "may_start": selectors.is_planner(request.user),
            "in_force_years": in_force_years,
        },
    )


@login_required
@require_POST
def version_start(request):
    require_reader(request)
    form = RevisionForm(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return redirect(reverse("performance:plans"))
    started = []
    if not perform(
        request,
        lambda: started.append(plans.start_revision(user=request.user, **form.cleaned_data)),
        success=lambda _: f"پیش‌نویس «{started[0].title}» از روی نسخه جاری ساخته شد.",
        refusals=REFUSALS,
    ):
        return redirect(reverse("performance:plans"))
    return redirect(reverse("performance:plan_version", args=[started[0].code]))


@login_required
def version_page(request, code: str):
    require_reader(request)
    version = _version(code)
    diff = selectors.version_diff(version.based_on, version) if version.based_on else []
    return render(
        request,
        "performance/plan_version.html",
        {
            "version": version,
            "events": version.events.select_related("actor"),
            "moves": plans.available_moves(request.user, version),
            "may_edit": version.is_editable and selectors.is_planner(request.user),
            "form": PlanValueForm(),
            "upload_form": PlanUploadForm(),
            "diff": diff[:DIFF_ROWS_SHOWN],
            "diff_count": len(diff),
            "lock_reason": plans.year_lock_reason(version.year),
        },
    )


@login_required
@require_POST
def version_move(request, code: str):
    require_reader(request)
    version = _version(code)
    name = request.POST.get("move", "")
    perform(
        request,
        plans.move,
        user=request.user,
        version=version,
        name=name,
        note=request.POST.get("note", ""),
        success=lambda _: f"«{version.title}»: {version.get_state_display()}.",
        refusals=REFUSALS,
    )
    return redirect(reverse("performance:plan_version", args=[version.code]))


@login_required
@require_POST
def version_value(request, code: str):
    require_reader(request)
    version = _version(code)
    back = redirect(reverse("performance:plan_version", args=[version.code]))
    form = PlanValueForm(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return back
    data = form.cleaned_data
    activity = Activity.objects.filter(code=data["activity"]).first()
    unit = OrgUnit.objects.filter(code=data["unit"]).first()
    breakdown = Breakdown.objects.filter(activity=activity, code=data["breakdown"]).first()
    if activity is None or unit is None or breakdown is None:
        messages.error(request, "فعالیت، تفکیک یا واحد شناخته نیست.")
        return back
    perform(
        request,
        plans.set_plan,
        user=request.user,
        version=version,
        activity=activity,
        breakdown=breakdown,
        unit=unit,
        value=data["value"],
        success="برنامه ثبت شد." if data["value"] is not None else "برنامه حذف شد.",
        refusals=REFUSALS,
    )
    return back


@login_required
def version_xlsx(request, code: str):
    require_reader(request)
    version = _version(code)
    return xlsx_response(plan_files.workbook(version), f"plan-{version.code}.xlsx")


@login_required
@require_POST
@accepts_files(plan_files.MAX_BYTES)
def version_upload(request, code: str):
    require_reader(request)
    version = _version(code)
    form = PlanUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        form_errors_to_messages(request, form)
    else:
        perform(
            request,
            plan_files.upload,
            user=request.user,
            version=version,
            upload=form.cleaned_data["file"],
            success=lambda changed: f"پرونده ثبت شد: {to_persian_digits(changed)} مقدار برنامه تغییر کرد.",
            refusals=REFUSALS,
        )
    return redirect(reverse("performance:plan_version", args=[version.code]))


@login_required
def version_diff(request):
    """`?old=<code>&new=<code>`; without `old`, the version `new` was copied from."""
    require_reader(request)
    new = _version(request.GET.get("new", ""))
    old_code = request.GET.get("old") or (new.based_on.code if new.based_on else "")
    old = _version(old_code)
    diff = selectors.version_diff(old, new)
    return render(
        request,
        "performance/plan_diff.html",
        {
            "old": old,
            "new": new,
            "diff": diff[:DIFF_ROWS_SHOWN],
            "diff_count": len(diff),
            "versions": PlanVersion.objects.filter(year=new.year).order_by("created_at"),
        },
    )
