"""Data entry: the units' submissions of a year, the Excel upload and template, a value typed on
screen, the submission's moves and the lock exceptions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.bodylimit import accepts_files
from core.excel import xlsx_response
from core.jalali import current_jalali_year
from core.text import to_persian_digits
from orgs.models import OrgUnit
from performance import entry, selectors, upload, uploadjobs
from performance.forms import MAX_UPLOAD_BYTES, LockExceptionForm, UploadForm, ValueForm
from performance.models import Period, Submission
from performance.services import get_or_create_period
from performance.views.common import known_years


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
    years = known_years(request) or [current_jalali_year()]
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
            "exception_form": LockExceptionForm(auto_id="id_exception_%s"),  # beside value_form's ids
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
