"""Data entry: the units' submissions of a year, the Excel upload and template, a value typed on
screen, the submission's moves and the lock exceptions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.bodylimit import accepts_files
from core.excel import xlsx_response
from core.jalali import current_jalali_year
from core.outcome import form_errors_to_messages, perform
from core.text import to_persian_digits
from orgs.models import OrgUnit
from performance import entry, selectors, upload, uploadjobs
from performance.forms import MAX_UPLOAD_BYTES, LockExceptionForm, UploadForm, ValueForm
from performance.models import Period, Submission
from performance.views.common import REFUSALS, known_years


def _entry_user(request):
    entry.check_enterer(request.user)


@login_required
@accepts_files(MAX_UPLOAD_BYTES)
def data_entry(request):
    _entry_user(request)
    units = entry.entry_units(request.user)
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
        u
        for u in entry.entry_units(request.user)
        if u.kind in (OrgUnit.Kind.PROVINCE, OrgUnit.Kind.HQ_OFFICE)
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
    perform(
        request,
        entry.move,
        user=request.user,
        unit=unit,
        period=period,
        to=request.POST.get("to", ""),
        note=request.POST.get("note", ""),
        success="وضعیت ثبت شد.",
        refusals=REFUSALS,
    )
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
            perform(
                request,
                entry.grant_exception,
                user=request.user,
                unit=unit,
                year=form.cleaned_data["year"],
                valid_until=form.cleaned_data["valid_until"],
                reason=form.cleaned_data["reason"],
                success="استثنای قفل ثبت شد.",
                refusals=REFUSALS,
            )
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
        form_errors_to_messages(request, form)
        return redirect(reverse("performance:entry"))
    data = form.cleaned_data
    activity = Activity.objects.filter(code=data["activity"].upper()).first()
    unit = OrgUnit.objects.filter(code=data["unit"].upper()).first()
    if activity is None or unit is None:
        messages.error(request, "فعالیت یا واحد شناخته نیست.")
        return redirect(f"{reverse('performance:entry')}?year={data['year']}")
    perform(
        request,
        entry.enter_typed,
        user=request.user,
        activity=activity,
        unit=unit,
        period_key=data["period_key"],
        measure=data["measure"],
        value=data["value"],
        success="مقدار ثبت شد.",
        refusals=REFUSALS,
    )
    return redirect(f"{reverse('performance:entry')}?year={data['year']}")
