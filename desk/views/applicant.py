"""The applicant's online intake, receipts and list of requests."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from accounts.models import Company
from catalogue.models import Channel
from core.bodylimit import accepts_files
from core.geo import parse_point
from core.outcome import errors_to_form
from core.paging import paginate
from core.policy import client_ip
from core.text import normalize_digits
from desk import pdf, selectors, services, uploads
from desk.models import Appointment, Document
from desk.views._common import _application_form_class, _prefill, _service_or_404, _split_form
from orgs.models import Province
from orgs.selectors import provinces_with_regions


@never_cache
@require_http_methods(["GET", "POST"])
@accepts_files(lambda request, service_id: uploads.service_files_bytes(service_id, request))
def apply(request, service_id: str):
    service = _service_or_404(service_id, request)
    if request.GET.get("channel") == Channel.COUNTER:
        # Anyone may read where to go; operators and desk clerks go straight to counter intake.
        if selectors.operator_offices(request.user).exists() or selectors.clerk_units(request.user).exists():
            return redirect(f"{reverse('desk:counter_start')}?service={service.service_id}")
        return _counter_info(request, service)
    if owner := services.intake_owners.get(service.area):
        return redirect(owner.url_name)  # a service another app files through its own page
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not service.channel_online:
        messages.info(request, "این خدمت برخط ارائه نمی‌شود؛ راه‌های دیگر دریافت آن را ببینید.")
        return redirect("catalogue:detail", service.service_id)
    refusal = services.applicant_type_refusal(service, request.user)
    if refusal:
        return render(request, "desk/apply.html", {"service": service, "refused": [refusal]}, status=403)
    form_class = _application_form_class(service, with_unit=True, applicant=request.user)
    if request.method == "POST":
        form = form_class(request.POST, request.FILES)
        if form.is_valid():
            data, files, unit = _split_form(service, form)
            try:
                created_request, created = services.submit_request(
                    service=service,
                    applicant=request.user,
                    form_data=data,
                    files=files,
                    idempotency_key=form.cleaned_data["idempotency_key"],
                    actor=request.user,
                    unit=unit,
                    ip=client_ip(request),
                    company=_chosen_company(form),
                )
            except ValidationError as exc:
                errors_to_form(form, exc)
            else:
                if created:
                    messages.success(request, "درخواست شما ثبت شد. کد رهگیری را نگه دارید.")
                else:
                    messages.info(request, "این فرم پیش‌تر فرستاده شده بود؛ همان درخواست را می‌بینید.")
                return redirect("desk:receipt", created_request.tracking_code)
    else:
        initial = _prefill(service, request.user)
        initial["idempotency_key"] = services.new_idempotency_key()
        form = form_class(initial=initial)
    return render(
        request,
        "desk/apply.html",
        {"service": service, "form": form, "fee": services.fee_description(service)},
    )


def _chosen_company(form):
    """The company picked in the form (the service checks that the applicant may act for it)."""
    chosen = form.cleaned_data.get("company")
    return Company.objects.filter(pk=chosen).first() if chosen else None


def _counter_info(request, service):
    """Where the applicant can file the service in person: the offices that may file it, their
    province first and, when the browser shared a location (`lat`, `lng`), the nearest first."""
    code = normalize_digits(request.GET.get("province", "")).strip().upper()
    province = Province.objects.filter(code=code).first() if code else None
    point, point_error = parse_point(request.GET.get("lat"), request.GET.get("lng"))
    errors = [point_error] if point_error else []
    if code and province is None:
        errors.append(f"استان «{request.GET['province'][:20]}» شناخته نیست؛ دفاتر همه استان‌ها آمده است.")
    return render(
        request,
        "desk/counter_info.html",
        {
            "service": service,
            "offices": selectors.filing_offices(service, province=province, point=point),
            "provinces": provinces_with_regions(),
            "province": province,
            "point": point,
            "errors": errors,
        },
    )


def _receipt_context(req) -> dict:
    return {
        "req": req,
        "documents": req.documents.filter(kind=Document.Kind.INTAKE).select_related("required_document"),
        "accepted_at": req.submitted_at,
        "place": req.place,
        "payment": services.payment_summary(req),
    }


@login_required
def receipt(request, code: str):
    req = selectors.request_for(request.user, code)
    context = _receipt_context(req)
    context["qr"] = pdf.qr_data_uri(pdf.tracking_url(req, request.build_absolute_uri("/")))
    context["show_pay"] = req.applicant_id == request.user.pk
    return render(request, "desk/receipt.html", context)


@login_required
def receipt_pdf(request, code: str):
    req = selectors.request_for(request.user, code)
    data = pdf.receipt_pdf(
        request=req, context=_receipt_context(req), base_url=request.build_absolute_uri("/")
    )
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="receipt-{req.tracking_code}.pdf"'
    return response


# An applicant (a company) may have filed thousands: the list comes a page at a time.
MY_REQUESTS_PER_PAGE = 50


@login_required
def my_requests(request):
    page, querystring = paginate(request, selectors.applicant_requests(request.user), MY_REQUESTS_PER_PAGE)
    appointments = (
        Appointment.objects.filter(request__applicant=request.user)
        .exclude(status=Appointment.Status.CANCELLED)
        .select_related("request", "unit", "counter_office")
        .order_by("-starts_at")[:20]
    )
    filed = selectors.filed_for_others(request.user).order_by("-submitted_at")[:100]
    return render(
        request,
        "desk/my_requests.html",
        {
            "reqs": list(page.object_list),
            "page": page,
            "querystring": querystring,
            "appointments": appointments,
            "filed": filed,
        },
    )
