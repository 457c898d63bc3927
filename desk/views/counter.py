"""Counter-office and in-person intake: the clerk starts a request, the applicant's code confirms it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from catalogue.models import Service
from core.bodylimit import accepts_files
from core.outcome import errors_to_form, perform_in_form
from core.policy import client_ip
from core.text import normalize_identifier
from desk import forms, selectors, services, uploads
from desk.views._common import COUNTER_KEY, _application_form_class, _service_or_404, _split_form
from orgs.models import CounterOffice, OrgUnit


def _intake_places(user) -> list[tuple[str, str]]:
    places = [(f"office:{o.pk}", str(o)) for o in selectors.operator_offices(user)]
    places += [(f"unit:{u.pk}", f"میز خدمت حضوری {u}") for u in selectors.clerk_units(user)]
    return places


def _place_objects(value: str):
    kind, _, pk = (value or "").partition(":")
    if kind == "office":
        return CounterOffice.objects.filter(pk=pk).first(), None
    if kind == "unit":
        return None, OrgUnit.objects.filter(pk=pk).first()
    return None, None


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def counter_start(request):
    places = _intake_places(request.user)
    if not places:
        raise PermissionDenied("ثبت درخواست برای متقاضی فقط در دفتر پیشخوان فعال یا میز خدمت حضوری است.")
    channel_services = Service.objects.active().filter(Q(channel_counter=True) | Q(channel_in_person=True))
    form = forms.CounterStartForm(request.POST or None, places=places)
    form.fields["service"] = forms.OfferedChoiceField(
        label="خدمت",
        choices=[(s.service_id, s.title) for s in selectors.intake_services(request.user, channel_services)],
        accepted=[s.service_id for s in channel_services],
    )
    form.fields = {"service": form.fields.pop("service"), **form.fields}
    if request.method == "GET" and request.GET.get("service"):
        form.initial["service"] = normalize_identifier(request.GET["service"])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        office, unit = _place_objects(data["place"])
        if perform_in_form(
            form,
            services.start_counter_intake,
            operator=request.user,
            national_code=data["national_code"],
            mobile=data["mobile"],
            counter_office=office,
            intake_unit=unit,
            service=Service.objects.filter(service_id=data["service"]).first(),
        ):
            request.session[COUNTER_KEY] = {
                "service": data["service"],
                "national_code": data["national_code"],
                "mobile": data["mobile"],
                "first_name": data["first_name"],
                "last_name": data["last_name"],
                "place": data["place"],
                "key": services.new_idempotency_key(),
            }
            messages.info(request, "کد تأیید به شماره همراه متقاضی پیامک شد.")
            return redirect("desk:counter_confirm")
    return render(request, "desk/counter_start.html", {"form": form})


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
@accepts_files(
    lambda request: uploads.service_files_bytes(request.session.get(COUNTER_KEY, {}).get("service"), request)
)
def counter_confirm(request):
    pending = request.session.get(COUNTER_KEY)
    if not pending:
        messages.warning(request, "نخست متقاضی را شناسایی کنید.")
        return redirect("desk:counter_start")
    service = _service_or_404(pending["service"], request)
    form_class = type(
        "CounterApplicationForm",
        (_application_form_class(service, with_unit=False),),
        {"otp": forms.OtpForm.base_fields["otp"]},
    )
    if request.method == "POST":
        form = form_class(request.POST, request.FILES)
        if form.is_valid():
            data, files, _unit = _split_form(service, form)
            office, unit = _place_objects(pending["place"])
            try:
                req, _created = services.counter_intake(
                    operator=request.user,
                    service=service,
                    national_code=pending["national_code"],
                    mobile=pending["mobile"],
                    first_name=pending["first_name"],
                    last_name=pending["last_name"],
                    otp=form.cleaned_data["otp"],
                    form_data=data,
                    files=files,
                    idempotency_key=pending["key"],
                    counter_office=office,
                    intake_unit=unit,
                    ip=client_ip(request),
                )
            except ValidationError as exc:
                errors_to_form(form, exc)
            else:
                del request.session[COUNTER_KEY]
                messages.success(request, "درخواست متقاضی ثبت شد؛ رسید را به او بدهید.")
                return redirect("desk:receipt", req.tracking_code)
    else:
        form = form_class(initial={"idempotency_key": pending["key"]})
    return render(
        request,
        "desk/counter_confirm.html",
        {"form": form, "service": service, "pending": pending},
    )
