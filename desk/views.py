"""Desk pages. Views parse input, call one service or selector, and render; every request or
file is fetched through `desk.selectors` (access-checked)."""

import copy
import datetime as dt

from django import forms as django_forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import OuterRef, Q, Subquery
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import User
from catalogue.forms import build_application_form, document_field_name
from catalogue.models import Channel, Service, ServiceField
from core.bodylimit import accepts_files
from core.calendar import get_calendar
from core.downloads import file_response
from core.jalali import format_date
from core.params import parse_id
from core.policy import client_ip, over_limit
from core.text import normalize_identifier, to_persian_digits
from desk import forms, pdf, selectors, services, uploads, workflow
from desk.models import OPEN_STATES, Appointment, Document, RequestEvent, Response, ServiceRequest, State
from desk.sla import DUE_SOON_WORKING_DAYS
from orgs.models import CounterOffice, OrgUnit


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
                found = selectors.request_for(
                    None, form.cleaned_data["code"], identity=form.cleaned_data["identifier"]
                )
            except Http404:
                form.add_error(None, "درخواستی با این کد رهگیری و این کد ملی یا شماره همراه یافت نشد.")
    context = {"form": form, "req": found}
    if found is not None:
        context.update(
            clock=workflow.clock_for(found),
            timeline=selectors.timeline(found, transitions_only=True),
            steps=selectors.steps_progress(found),
        )
    return render(request, "desk/track.html", context, status=status)


# --- helpers ------------------------------------------------------------------------------------


def _errors_to_messages(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _add_errors(form, exc: ValidationError) -> None:
    for message in exc.messages:
        form.add_error(None, message)


def _prefill(service, user) -> dict:
    """What Miz already knows (D1): identity fields from the account, and this applicant's
    answers to fields of the same name in their latest earlier request."""
    known = {
        ServiceField.Kind.NATIONAL_CODE: user.national_code,
        ServiceField.Kind.MOBILE: user.mobile,
        ServiceField.Kind.LEGAL_ID: user.legal_national_id or "",
    }
    earlier: dict = {}
    for data in (
        ServiceRequest.objects.filter(applicant=user)
        .order_by("-submitted_at")
        .values_list("form_data", flat=True)[:5]
    ):
        for key, value in (data or {}).items():
            earlier.setdefault(key, value)
    initial = {}
    for item in service.fields.all():
        if item.name in earlier and earlier[item.name] not in (None, ""):
            value = earlier[item.name]
            if item.kind == ServiceField.Kind.JALALI_DATE:
                try:
                    value = dt.date.fromisoformat(value)
                except (TypeError, ValueError):
                    continue
            elif item.kind == ServiceField.Kind.YES_NO:
                value = "yes" if value else "no"
            initial[item.name] = value
        elif known.get(item.kind):
            initial[item.name] = known[item.kind]
    return initial


def _application_form_class(service, *, with_unit: bool, applicant=None):
    base = build_application_form(service, include_documents=True)
    attrs = {"idempotency_key": django_forms.CharField(widget=django_forms.HiddenInput, max_length=64)}
    units = services.units_for(service)
    if with_unit and len(units) > 1:
        attrs["unit"] = django_forms.ChoiceField(
            label="واحد رسیدگی‌کننده", choices=[(str(u.pk), u.name) for u in units]
        )
    order = []
    for name in base.base_fields:
        order.append(name)
        document = next((d for d in service.documents.all() if document_field_name(d) == name), None)
        earlier = services.earlier_documents(applicant, document) if document is not None else []
        if earlier:
            # D1: offer the files this applicant already sent for a document of the same title.
            file_field = copy.deepcopy(base.base_fields[name])
            file_field.required = False
            attrs[name] = file_field
            attrs[f"reuse_{document.pk}"] = django_forms.ChoiceField(
                label=f"یا همان «{document.title}» که پیش‌تر فرستاده‌اید",
                required=False,
                choices=[("", "— پرونده تازه بارگذاری می‌کنم —")]
                + [(str(d.pk), f"{d.original_name} ({format_date(d.uploaded_at)})") for d in earlier],
                initial=str(earlier[0].pk),
            )
            order.append(f"reuse_{document.pk}")
    attrs["field_order"] = order
    return type("DeskApplicationForm", (base,), attrs)


def _split_form(service, form) -> tuple[dict, dict, object]:
    data, files = {}, {}
    field_names = {item.name for item in service.fields.all()}
    for name, value in form.cleaned_data.items():
        if name in field_names:
            data[name] = value
    for document in service.documents.all():
        upload = form.cleaned_data.get(document_field_name(document))
        reuse = form.cleaned_data.get(f"reuse_{document.pk}")
        if upload:
            files[document.pk] = upload
        elif reuse:
            # Checked by the service: it must be one of this applicant's earlier files.
            files[document.pk] = Document.objects.filter(pk=reuse).first()
    unit = None
    if form.cleaned_data.get("unit"):
        unit = OrgUnit.objects.filter(pk=form.cleaned_data["unit"]).first()
    return data, files, unit


def _service_or_404(service_id: str) -> Service:
    try:
        return (
            Service.objects.active()
            .prefetch_related("fields", "documents", "steps", "responsible_units", "agreements")
            .get(service_id=normalize_identifier(service_id))
        )
    except Service.DoesNotExist as exc:
        raise Http404("خدمت یافت نشد.") from exc


# --- online intake -------------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
@accepts_files(lambda request, service_id: uploads.service_files_bytes(service_id))
def apply(request, service_id: str):
    service = _service_or_404(service_id)
    if request.GET.get("channel") == Channel.COUNTER:
        # Anyone may read where to go; operators and desk clerks go straight to counter intake.
        if selectors.operator_offices(request.user).exists() or selectors.clerk_units(request.user).exists():
            return redirect(f"{reverse('desk:counter_start')}?service={service.service_id}")
        return render(
            request,
            "desk/counter_info.html",
            {
                "service": service,
                "offices": CounterOffice.objects.filter(is_active=True).select_related("province"),
            },
        )
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not service.channel_online:
        messages.info(request, "این خدمت برخط ارائه نمی‌شود؛ راه‌های دیگر دریافت آن را ببینید.")
        return redirect("catalogue:detail", service.service_id)
    try:
        services.check_applicant_type(service, request.user)
    except ValidationError as exc:
        return render(request, "desk/apply.html", {"service": service, "refused": exc.messages}, status=403)
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
                )
            except ValidationError as exc:
                _add_errors(form, exc)
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
    return render(request, "desk/apply.html", {"service": service, "form": form})


def _receipt_context(req) -> dict:
    return {
        "req": req,
        "documents": req.documents.filter(kind=Document.Kind.INTAKE).select_related("required_document"),
        "accepted_at": req.submitted_at,
        "place": req.place,
    }


@login_required
def receipt(request, code: str):
    req = selectors.request_for(request.user, code)
    context = _receipt_context(req)
    context["qr"] = pdf.qr_data_uri(pdf.tracking_url(req, request.build_absolute_uri("/")))
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


# --- the applicant's list and the request page ---------------------------------------------------


@login_required
def my_requests(request):
    reqs = (
        ServiceRequest.objects.filter(applicant=request.user)
        .select_related("service", "unit")
        .order_by("-submitted_at")
    )
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
        {"reqs": reqs, "appointments": appointments, "filed": filed},
    )


def _places(req) -> list[tuple[str, str]]:
    places = [(f"unit:{req.unit_id}", f"میز خدمت حضوری {req.unit}")]
    for unit in services.units_for(req.service):
        if unit.pk != req.unit_id:
            places.append((f"unit:{unit.pk}", f"میز خدمت حضوری {unit}"))
    offices = CounterOffice.objects.filter(is_active=True)
    province_id = req.unit.province_id or (req.counter_office.province_id if req.counter_office_id else None)
    offices = (
        offices.filter(Q(pk=req.counter_office_id) | Q(province_id=province_id))
        if province_id
        else (offices.filter(pk=req.counter_office_id))
    )
    places += [(f"office:{o.pk}", str(o)) for o in offices.order_by("code")[:50]]
    return places


@login_required
@never_cache
def detail(request, code: str):
    req = selectors.request_for(request.user, code)
    user = request.user
    staff = selectors.can_work_on(user, req)
    staff_reader = staff or selectors.staff_may_read(user, req)
    applicant = selectors.is_applicant(user, req)
    msgs = req.messages.select_related("author").prefetch_related("attachments")
    if not staff_reader:
        msgs = msgs.filter(internal=False)
    documents = req.documents.filter(kind=Document.Kind.INTAKE).select_related("required_document")
    context = {
        "req": req,
        "clock": workflow.clock_for(req),
        "timeline": selectors.timeline(req, staff=staff_reader),
        "steps": selectors.steps_progress(req),
        "show_actor": staff_reader,
        "form_rows": _form_rows(req),
        "documents": documents,
        "messages_list": msgs,
        "appointments": req.appointments.select_related("unit", "counter_office"),
        "response": getattr(req, "response", None),
        "feedback": getattr(req, "feedback", None),
        "is_staff": staff,
        "is_staff_reader": staff_reader,
        "is_applicant": applicant,
        "can_message": (staff or applicant) and req.state not in (State.CLOSED, State.WITHDRAWN),
        "message_form": forms.MessageForm(),
    }
    if staff:
        context.update(
            staff_actions=workflow.available(req, actor_kind=workflow.STAFF),
            note_form=forms.NoteForm(),
            response_form=forms.ResponseForm() if req.state in (State.APPROVED, State.REJECTED) else None,
            appointment_form=forms.AppointmentForm(places=_places(req)) if req.is_open else None,
            assign_form=forms.AssignForm(experts=selectors.unit_staff(req.unit_id)) if req.is_open else None,
            other_units=[u for u in services.units_for(req.service) if u.pk != req.unit_id]
            if req.is_open
            else [],
        )
    if applicant:
        context.update(
            applicant_actions=[
                t
                for t in workflow.available(req, actor_kind=workflow.APPLICANT)
                if t.name != "applicant_answer"
            ],
            feedback_form=forms.FeedbackForm()
            if req.state == State.CLOSED and context["feedback"] is None
            else None,
            answer_form=forms.AppointmentAnswerForm(),
        )
    return render(request, "desk/detail.html", context)


def _form_rows(req) -> list[tuple[str, object]]:
    labels = {f.name: f for f in req.service.fields.all()}
    rows = []
    for name, value in (req.form_data or {}).items():
        field = labels.get(name)
        if field and field.kind == ServiceField.Kind.JALALI_DATE and value:
            try:
                value = format_date(dt.date.fromisoformat(value))
            except ValueError:
                pass
        elif isinstance(value, bool):
            value = "بله" if value else "خیر"
        rows.append((field.label if field else name, value))
    return rows


# --- actions on a request ------------------------------------------------------------------------


@login_required
@require_POST
def transition(request, code: str, name: str):
    req = selectors.request_for(request.user, code)
    form = forms.TransitionForm(request.POST)
    form.is_valid()
    try:
        services.transition(
            request=req,
            name=name,
            user=request.user,
            ip=client_ip(request),
            note=form.cleaned_data.get("note", ""),
        )
    except ValidationError as exc:
        _errors_to_messages(request, exc)
    else:
        messages.success(request, f"«{workflow.TRANSITIONS[name].label}» انجام شد.")
    return redirect("desk:detail", req.tracking_code)


@login_required
@require_POST
@accepts_files(uploads.ATTACHMENT_MAX_BYTES)
def post_message(request, code: str):
    req = selectors.request_for(request.user, code)
    form = forms.MessageForm(request.POST, request.FILES)
    if form.is_valid():
        files = [form.cleaned_data["attachment"]] if form.cleaned_data.get("attachment") else []
        try:
            services.post_message(
                request=req,
                author=request.user,
                body=form.cleaned_data["body"],
                files=files,
                ip=client_ip(request),
            )
        except ValidationError as exc:
            _errors_to_messages(request, exc)
        else:
            messages.success(request, "پیام فرستاده شد.")
    else:
        messages.error(request, "متن پیام را بنویسید.")
    return redirect("desk:detail", req.tracking_code)


@login_required
@require_POST
def post_note(request, code: str):
    req = selectors.request_for(request.user, code)
    form = forms.NoteForm(request.POST)
    if form.is_valid():
        try:
            services.post_message(
                request=req,
                author=request.user,
                body=form.cleaned_data["body"],
                internal=True,
                ip=client_ip(request),
            )
        except ValidationError as exc:
            _errors_to_messages(request, exc)
        else:
            messages.success(request, "یادداشت داخلی ثبت شد.")
    return redirect("desk:detail", req.tracking_code)


@login_required
@require_POST
@accepts_files(uploads.RESPONSE_MAX_BYTES)
def issue_response(request, code: str):
    req = selectors.request_for(request.user, code)
    form = forms.ResponseForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.issue_response(
                request=req,
                user=request.user,
                text=form.cleaned_data["text"],
                upload=form.cleaned_data.get("upload") or None,
                ip=client_ip(request),
                base_url=request.build_absolute_uri("/"),
            )
        except ValidationError as exc:
            _errors_to_messages(request, exc)
        else:
            messages.success(request, "پاسخ خدمت صادر شد.")
    else:
        messages.error(request, "متن پاسخ را بنویسید.")
    return redirect("desk:detail", req.tracking_code)


@login_required
def download_response(request, code: str):
    req = selectors.request_for(request.user, code)
    response = getattr(req, "response", None)
    if response is None:
        raise Http404("پاسخی صادر نشده است.")
    services.record_response_download(request=req, user=request.user, ip=client_ip(request))
    return _file_response(response.document)


@login_required
@require_POST
def book_appointment(request, code: str):
    req = selectors.request_for(request.user, code)
    form = forms.AppointmentForm(request.POST, places=_places(req))
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("desk:detail", req.tracking_code)
    data = form.cleaned_data
    kind, _, pk = data["place"].partition(":")
    starts_at = timezone.make_aware(dt.datetime.combine(data["day"], data["time"]))
    try:
        services.book_appointment(
            request=req,
            user=request.user,
            starts_at=starts_at,
            reason=data["reason"],
            documents_to_bring=data["documents_to_bring"],
            unit=OrgUnit.objects.filter(pk=pk).first() if kind == "unit" else None,
            counter_office=CounterOffice.objects.filter(pk=pk).first() if kind == "office" else None,
            ip=client_ip(request),
        )
    except ValidationError as exc:
        _errors_to_messages(request, exc)
    else:
        messages.success(request, "نوبت حضور ثبت و به متقاضی اطلاع داده شد.")
    return redirect("desk:detail", req.tracking_code)


@login_required
@require_POST
def answer_appointment(request, pk: int):
    appointment = Appointment.objects.filter(pk=pk).first()
    if appointment is None:
        raise Http404("نوبت یافت نشد.")
    req = selectors.request_for(request.user, appointment.request_id)
    form = forms.AppointmentAnswerForm(request.POST)
    form.is_valid()
    try:
        services.answer_appointment(
            appointment=appointment,
            user=request.user,
            confirm=request.POST.get("answer") == "confirm",
            note=form.cleaned_data.get("note", ""),
            ip=client_ip(request),
        )
    except ValidationError as exc:
        _errors_to_messages(request, exc)
    else:
        messages.success(request, "پاسخ شما به نوبت ثبت شد.")
    return redirect("desk:detail", req.tracking_code)


@login_required
@require_POST
def feedback(request, code: str):
    req = selectors.request_for(request.user, code)
    form = forms.FeedbackForm(request.POST)
    if form.is_valid():
        try:
            services.submit_feedback(
                request=req,
                user=request.user,
                score=form.cleaned_data["score"],
                reasons=form.cleaned_data["reasons"],
                comment=form.cleaned_data["comment"],
                ip=client_ip(request),
            )
        except ValidationError as exc:
            _errors_to_messages(request, exc)
        else:
            messages.success(request, "از اینکه نظر خود را ثبت کردید سپاسگزاریم.")
    else:
        messages.error(request, "امتیازی از ۱ تا ۵ برگزینید.")
    return redirect("desk:detail", req.tracking_code)


# --- files ---------------------------------------------------------------------------------------


def _file_response(document: Document):
    try:
        handle = open(uploads.path_of(document.stored_name), "rb")
    except (FileNotFoundError, ValidationError) as exc:
        raise Http404("پرونده یافت نشد.") from exc
    return file_response(handle, name=document.original_name, content_type=document.content_type)


@login_required
def document_download(request, pk: int):
    document = selectors.document_for(request.user, pk)
    if document.kind == Document.Kind.RESPONSE:
        services.record_response_download(request=document.request, user=request.user, ip=client_ip(request))
    return _file_response(document)


# --- staff queue ---------------------------------------------------------------------------------


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def queue(request):
    user = request.user
    if not (
        selectors.staff_unit_ids(user) or selectors.sees_everything(user) or selectors.auditor_unit_ids(user)
    ):
        raise PermissionDenied("کارتابل فقط برای کارکنان واحدهاست.")
    if request.method == "POST":
        return _bulk_assign(request)
    base = selectors.queue(user)
    service_ids = base.values_list("service_id", flat=True).distinct()
    form = forms.QueueFilterForm(request.GET or None, services=Service.objects.filter(pk__in=service_ids))
    qs = base
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["state"]:
            qs = qs.filter(state=data["state"])
        else:
            qs = qs.filter(state__in=OPEN_STATES) if request.GET.get("state") is None else qs
        if data["service"]:
            qs = qs.filter(service_id=data["service"])
        if data["channel"]:
            qs = qs.filter(channel=data["channel"])
        today = timezone.localdate()
        if data["due"] == "overdue":
            qs = qs.filter(state__in=OPEN_STATES, clock_paused=False, due_date__lt=today)
        elif data["due"] == "soon":
            soon = get_calendar().add_working_days(today, DUE_SOON_WORKING_DAYS)
            qs = qs.filter(state__in=OPEN_STATES, clock_paused=False, due_date__gte=today, due_date__lte=soon)
        if data["mine"]:
            qs = qs.filter(assignee=user)
    else:
        qs = qs.filter(state__in=OPEN_STATES)
    # Work waits for staff when the applicant spoke last (an answer, a message): flag it.
    last_role = (
        RequestEvent.objects.filter(request=OuterRef("pk"), public=True)
        .exclude(kind=RequestEvent.Kind.DOWNLOAD)
        .order_by("-at", "-id")
        .values("actor_role")[:1]
    )
    qs = qs.annotate(last_actor_role=Subquery(last_role))
    paginator = Paginator(qs.order_by("due_date", "submitted_at"), 50)
    page = paginator.get_page(request.GET.get("page"))
    unit_ids = selectors.staff_unit_ids(user)
    experts = selectors.unit_staff_many(unit_ids) if unit_ids else []
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "desk/queue.html",
        {
            "form": form,
            "page": page,
            "reqs": list(page.object_list),
            "today": timezone.localdate(),
            "soon": get_calendar().add_working_days(timezone.localdate(), DUE_SOON_WORKING_DAYS),
            "assign_form": forms.AssignForm(experts=experts),
            "can_assign": bool(unit_ids) or user.is_superuser,
            "querystring": params.urlencode(),
        },
    )


def _bulk_assign(request):
    ids = [pk for pk in map(parse_id, request.POST.getlist("selected")) if pk]
    expert = User.objects.filter(pk=parse_id(request.POST.get("expert")) or 0, is_active=True).first()
    back = request.POST.get("back") or ""
    target = reverse("desk:queue") + (f"?{back}" if back and "//" not in back else "")
    if not ids or expert is None:
        messages.error(request, "درخواست‌ها و کارشناس را برگزینید.")
        return redirect(target)
    reqs = [selectors.request_for(request.user, pk) for pk in ids]
    try:
        count = services.assign_expert(requests=reqs, expert=expert, by=request.user, ip=client_ip(request))
    except ValidationError as exc:
        _errors_to_messages(request, exc)
    else:
        messages.success(request, f"{to_persian_digits(count)} درخواست به {expert.get_full_name()} ارجاع شد.")
    return redirect(target)


@login_required
@require_POST
def assign_one(request, code: str):
    req = selectors.request_for(request.user, code)
    expert = User.objects.filter(pk=parse_id(request.POST.get("expert")) or 0, is_active=True).first()
    if expert is None:
        messages.error(request, "کارشناس را برگزینید.")
    else:
        try:
            services.assign_expert(requests=[req], expert=expert, by=request.user, ip=client_ip(request))
        except ValidationError as exc:
            _errors_to_messages(request, exc)
        else:
            messages.success(request, f"درخواست به {expert.get_full_name()} ارجاع شد.")
    return redirect("desk:detail", req.tracking_code)


@login_required
@require_POST
def reassign_unit(request, code: str):
    req = selectors.request_for(request.user, code)
    unit = OrgUnit.objects.filter(pk=parse_id(request.POST.get("unit")) or 0, is_active=True).first()
    if unit is None:
        messages.error(request, "واحد را برگزینید.")
        return redirect("desk:detail", req.tracking_code)
    try:
        services.reassign_unit(request=req, unit=unit, by=request.user, ip=client_ip(request))
    except ValidationError as exc:
        _errors_to_messages(request, exc)
        return redirect("desk:detail", req.tracking_code)
    messages.success(request, f"درخواست به {unit} فرستاده شد.")
    if selectors.can_work_on(request.user, req):
        return redirect("desk:detail", req.tracking_code)
    return redirect("desk:queue")


# --- public verification of a response -----------------------------------------------------------


def verify(request, token: str):
    response = (
        Response.objects.select_related("request__service", "request__applicant", "request__unit")
        .filter(verification_token=token)
        .first()
    )
    if response is None:
        raise Http404("سندی با این نشانی صادر نشده است.")
    return render(request, "desk/verify.html", {"response": response, "req": response.request})


# --- in-person visits ----------------------------------------------------------------------------


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
            "appointments": appointments,
            "answer_form": forms.AppointmentAnswerForm(),
        },
    )


# --- counter-office and in-person intake ---------------------------------------------------------

COUNTER_KEY = "miz_desk_counter_intake"


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
    form.fields["service"] = django_forms.ChoiceField(
        label="خدمت", choices=[(s.service_id, s.title) for s in channel_services]
    )
    form.fields = {"service": form.fields.pop("service"), **form.fields}
    if request.method == "GET" and request.GET.get("service"):
        form.initial["service"] = normalize_identifier(request.GET["service"])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        office, unit = _place_objects(data["place"])
        try:
            services.start_counter_intake(
                operator=request.user,
                national_code=data["national_code"],
                mobile=data["mobile"],
                counter_office=office,
                intake_unit=unit,
                service=Service.objects.filter(service_id=data["service"]).first(),
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
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
    lambda request: uploads.service_files_bytes(request.session.get(COUNTER_KEY, {}).get("service"))
)
def counter_confirm(request):
    pending = request.session.get(COUNTER_KEY)
    if not pending:
        messages.warning(request, "نخست متقاضی را شناسایی کنید.")
        return redirect("desk:counter_start")
    service = _service_or_404(pending["service"])
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
                _add_errors(form, exc)
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
