"""Site visits for the region's experts (P8): the list of visits with the planning form, and the
page a visit is recorded on from a phone (what was found, photos from the camera)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from core.downloads import file_response
from core.outcome import errors_to_form
from core.policy import client_ip
from counters import conf, forms, selectors, services
from counters.views.common import refusing


def _expert_only(user) -> None:
    if not selectors.expert_region_ids(user):
        raise PermissionDenied("بازدید دفاتر فقط برای کارشناسان منطقه است.")


@require_http_methods(["GET", "POST"])
@refusing
def visits_view(request):
    _expert_only(request.user)
    offices = selectors.visitable_offices(request.user)
    form = forms.PlanVisitForm(request.POST or None, offices=offices)
    if request.method == "POST" and form.is_valid():
        try:
            visit = services.plan_visit(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, "بازدید برنامه‌ریزی شد.")
            return redirect("counters:visit", pk=visit.pk)
    visits = list(selectors.expert_visits(request.user))
    return render(request, "counters/visits.html", {"form": form, "visits": visits})


@require_http_methods(["GET", "POST"])
@refusing
def visit_view(request, pk: int):
    visit = selectors.access_visit_for_expert(request.user, pk)
    declaration = visit.declaration
    form = forms.RecordVisitForm(request.POST or None, declaration=declaration)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_visit(
                visit=visit,
                actor=request.user,
                found_facilities=form.cleaned_data["facilities"],
                found_staff=form.cleaned_data["staff"],
                photos=request.FILES.getlist("photos"),
                note=form.cleaned_data["note"],
                ip=client_ip(request),
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, "نتیجه بازدید ثبت شد؛ مغایرت‌ها در یادداشت‌های پرونده آمد.")
            return redirect("counters:visit", pk=pk)
    context = {
        "visit": visit,
        "declaration": declaration,
        "form": form,
        "findings": list(visit.findings.all()),
        "photos": list(visit.photos.all()),
        "refusal": selectors.review_refusal(request.user, declaration),
        "max_photo_bytes": conf.max_visit_photo_bytes(),
        "max_photos": conf.max_visit_photos(),
    }
    return render(request, "counters/visit.html", context)


@refusing
def visit_photo_view(request, pk: int, photo_id: int):
    visit = selectors.access_visit_for_expert(request.user, pk)
    photo = visit.photos.filter(pk=photo_id).first()
    if photo is None:
        raise Http404
    return file_response(photo.file.open("rb"), name="visit", content_type=photo.content_type, inline=True)
