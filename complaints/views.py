"""Complaint pages: filing online, the 1517 operator's two steps, the national-system file import."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from complaints import forms, imports, services
from core.bodylimit import accepts_files
from core.outcome import errors_to_form, perform_in_form
from core.policy import client_ip
from desk.services import new_idempotency_key

PHONE_KEY = "miz_complaints_phone_caller"
DOCUMENT_BYTES = 5 * 1024 * 1024  # the complaint's one optional file (the demo service allows 5 MB)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
@accepts_files(DOCUMENT_BYTES)
def file(request):
    """An applicant files a complaint: subject, the unit it is about, text and an optional file."""
    form = forms.OnlineComplaintForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            req, created = services.file_complaint(
                applicant=request.user,
                actor=request.user,
                subject=data["subject"],
                complained_unit=data["complained_unit"],
                text=data["text"],
                document=data["document"],
                idempotency_key=data["idempotency_key"],
                ip=client_ip(request),
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            if created:
                messages.success(request, "شکایت شما ثبت شد؛ کد رهگیری را نگه دارید.")
            return redirect("desk:detail", req.tracking_code)
    elif request.method == "GET":
        form = forms.OnlineComplaintForm(initial={"idempotency_key": new_idempotency_key()})
    return render(request, "complaints/file.html", {"form": form})


def _operator(request) -> None:
    if not request.user.has_perm("complaints.file_by_phone"):
        raise PermissionDenied("ثبت شکایت تلفنی فقط کار اپراتوران ۱۵۱۷ است.")


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def phone_start(request):
    """The 1517 operator identifies the caller; the caller gets a code by SMS."""
    _operator(request)
    form = forms.CallerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if perform_in_form(
            form,
            services.start_phone_complaint,
            operator=request.user,
            national_code=data["national_code"],
            mobile=data["mobile"],
        ):
            request.session[PHONE_KEY] = {
                "national_code": data["national_code"],
                "mobile": data["mobile"],
                "first_name": data["first_name"],
                "last_name": data["last_name"],
                "key": new_idempotency_key(),
            }
            messages.info(request, "کد تأیید به شماره همراه تماس‌گیرنده پیامک شد.")
            return redirect("complaints:phone_confirm")
    return render(request, "complaints/phone_start.html", {"form": form})


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def phone_confirm(request):
    """The operator writes the complaint and the code the caller reads back."""
    _operator(request)
    caller = request.session.get(PHONE_KEY)
    if not caller:
        messages.warning(request, "نخست تماس‌گیرنده را شناسایی کنید.")
        return redirect("complaints:phone_start")
    form = forms.PhoneComplaintForm(request.POST or None, initial={"idempotency_key": caller["key"]})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            req, _created = services.phone_complaint(
                operator=request.user,
                national_code=caller["national_code"],
                mobile=caller["mobile"],
                first_name=caller["first_name"],
                last_name=caller["last_name"],
                otp=data["otp"],
                subject=data["subject"],
                complained_unit=data["complained_unit"],
                text=data["text"],
                idempotency_key=data["idempotency_key"],
                ip=client_ip(request),
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            del request.session[PHONE_KEY]
            messages.success(request, "شکایت تماس‌گیرنده ثبت شد؛ کد رهگیری به او پیامک شد.")
            return redirect("desk:receipt", req.tracking_code)
    return render(request, "complaints/phone_confirm.html", {"form": form, "caller": caller})


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
@accepts_files(lambda request: imports.MAX_BYTES)
def import_file(request):
    """Staff upload a national complaint system's file; a dry run shows what would be filed."""
    if not request.user.has_perm("complaints.import_complaints"):
        raise PermissionDenied("ورود شکایات از سامانه ملی فقط کار کارکنان مجاز است.")
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = imports.import_complaints(
                user=request.user,
                upload=form.cleaned_data["file"],
                dry_run=form.cleaned_data["dry_run"],
                ip=client_ip(request),
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
    return render(
        request, "complaints/import.html", {"form": form, "result": result, "header": imports.HEADER}
    )
