"""Pages anyone may open: public tracking by code, verification of a response, in-person visit booking."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from catalogue.models import Service
from core.policy import over_limit
from core.text import normalize_identifier
from desk import forms, selectors, services, workflow
from desk.models import Appointment, Response


@never_cache
@require_http_methods(["GET", "POST"])
def track(request):
    """Public tracking: tracking code + national code or mobile → steps, state and due date."""
    form = forms.TrackForm(request.POST or None, initial={"code": request.GET.get("code", "")})
    found = None
    status = 200
    if request.method == "POST":
        if over_limit(
            request,
            group="desk:track",
            limit=settings.MIZ_DESK_TRACK_LIMIT,
            window=settings.MIZ_DESK_TRACK_WINDOW_SECONDS,
        ):
            form.add_error(None, "تعداد جست‌وجوهای شما از حد مجاز گذشت؛ چند دقیقه دیگر دوباره تلاش کنید.")
            status = 429
        elif form.is_valid():
            try:
                found = selectors.request_page(
                    None, form.cleaned_data["code"], identity=form.cleaned_data["identifier"]
                )
            except Http404:
                form.add_error(None, "درخواستی با این کد رهگیری و این کد ملی یا شماره همراه یافت نشد.")
    # The public page names no one (`show_actor`, said here: a name the template looks up and does
    # not find costs the engine its failed lookups on every step and event row).
    context = {"form": form, "req": found, "show_actor": False}
    if found is not None:
        events = selectors.page_events(found, transitions_only=True, actors=False)
        context.update(
            clock=workflow.clock_for(found, events=events),
            timeline=selectors.timeline(found, transitions_only=True, events=events),
            steps=selectors.steps_progress(found, events=events),
        )
    return render(request, "desk/track.html", context, status=status)


def verify(request, token: str):
    response = (
        Response.objects.select_related("request__service", "request__applicant", "request__unit")
        .filter(verification_token=token)
        .first()
    )
    if response is None:
        raise Http404("سندی با این نشانی صادر نشده است.")
    return render(request, "desk/verify.html", {"response": response, "req": response.request})


def book_visit(request):
    """From a service's page: where in-person service is given (D11) and the applicant's visits."""
    service = None
    if request.GET.get("service"):
        service = (
            Service.objects.active().filter(service_id=normalize_identifier(request.GET["service"])).first()
        )
    appointments = []
    if request.user.is_authenticated:
        appointments = (
            Appointment.objects.filter(request__applicant=request.user)
            .exclude(status=Appointment.Status.CANCELLED)
            .select_related("request__service", "unit", "counter_office")
            .order_by("-starts_at")
        )
    return render(
        request,
        "desk/book_visit.html",
        {
            "service": service,
            "units": services.units_for(service) if service else [],
            "refusal": services.visit_refusal(service, request.user) if service else None,
            "appointments": appointments,
            "answer_form": forms.AppointmentAnswerForm(),
        },
    )
