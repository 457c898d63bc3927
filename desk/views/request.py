"""One request's page and every action on it: transitions, messages, notes, the response,
appointments, feedback and files."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from catalogue.models import ServiceField
from core.bodylimit import accepts_files
from core.jalali import format_date
from core.outcome import form_errors_to_messages, perform, perform_valid
from core.policy import client_ip
from desk import forms, selectors, services, uploads, workflow
from desk.models import Appointment, Document, RequestEvent, State
from desk.views._common import _file_response
from orgs.models import CounterOffice, OrgUnit


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
    req = selectors.request_page(request.user, code)
    user = request.user
    staff = selectors.can_work_on(user, req)
    staff_reader = staff or selectors.staff_may_read(user, req)
    applicant = selectors.is_applicant(user, req)
    msgs = selectors.visible_messages(user, req)
    documents = req.documents.filter(kind=Document.Kind.INTAKE).select_related("required_document")
    events = selectors.page_events(req)
    context = {
        "req": req,
        "clock": workflow.clock_for(req, events=events),
        "timeline": selectors.timeline(req, staff=staff_reader, events=events),
        "steps": selectors.steps_progress(req, events=events),
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
        "payment": services.payment_summary(req),
        "show_pay": applicant,
    }
    if staff_reader and any(step.is_external for step in req.service.steps.all()):
        context["external_answers"] = req.events.filter(kind=RequestEvent.Kind.EXTERNAL).order_by("at", "id")
    if staff:
        step = req.current_step()
        at_external = req.state == State.IN_REVIEW and step is not None and step.is_external
        context.update(
            external_form=forms.ExternalAnswerForm(initial={"at_step": req.step_number})
            if at_external and not workflow.external_answered(req)
            else None,
            staff_actions=workflow.available(req, actor_kind=workflow.STAFF),
            note_form=forms.NoteForm(auto_id="id_note_%s"),  # the message form has id_body
            response_form=forms.ResponseForm() if req.state in (State.APPROVED, State.REJECTED) else None,
            appointment_form=forms.AppointmentForm(places=_places(req)) if req.is_open else None,
            assign_form=forms.AssignForm(experts=selectors.unit_staff(req.unit_id)) if req.is_open else None,
            # Only the unit's head may send it elsewhere: an expert is not shown a form always refused.
            other_units=[u for u in services.units_for(req.service) if u.pk != req.unit_id]
            if req.is_open and services.heads_unit_of(request.user, req)
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


@login_required
@require_POST
def transition(request, code: str, name: str):
    req = selectors.request_for(request.user, code)
    form = forms.TransitionForm(request.POST)
    form.is_valid()
    perform(
        request,
        services.transition,
        # Named after the service has accepted `name`: an unknown one is its Persian refusal.
        success=lambda event: f"«{workflow.TRANSITIONS[name].label}» انجام شد.{_moved_to(event)}",
        request=req,
        name=name,
        user=request.user,
        ip=client_ip(request),
        note=form.cleaned_data.get("note", ""),
        at_step=form.cleaned_data.get("at_step"),
    )
    return redirect("desk:detail", req.tracking_code)


def _moved_to(event) -> str:
    unit = (event.payload or {}).get("to_unit_name")
    return f" درخواست به «{unit}» رفت و در صف آن واحد است." if unit else ""


@login_required
@require_POST
@accepts_files(uploads.ATTACHMENT_MAX_BYTES)
def external_answer(request, code: str):
    req = selectors.request_for(request.user, code)
    form = forms.ExternalAnswerForm(request.POST, request.FILES)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return redirect("desk:detail", req.tracking_code)
    perform(
        request,
        services.record_external_answer,
        success="پاسخ طرف بیرونی با مدرکش ثبت شد.",
        request=req,
        user=request.user,
        upload=form.cleaned_data["document"],
        note=form.cleaned_data.get("note", ""),
        at_step=form.cleaned_data.get("at_step"),
        ip=client_ip(request),
    )
    return redirect("desk:detail", req.tracking_code)


@login_required
@require_POST
@accepts_files(uploads.ATTACHMENT_MAX_BYTES)
def post_message(request, code: str):
    req = selectors.request_for(request.user, code)
    form = forms.MessageForm(request.POST, request.FILES)
    if form.is_valid():
        files = [form.cleaned_data["attachment"]] if form.cleaned_data.get("attachment") else []
        perform(
            request,
            services.post_message,
            success="پیام فرستاده شد.",
            request=req,
            author=request.user,
            body=form.cleaned_data["body"],
            files=files,
            ip=client_ip(request),
        )
    else:
        messages.error(request, "متن پیام را بنویسید.")
    return redirect("desk:detail", req.tracking_code)


@login_required
@require_POST
def post_note(request, code: str):
    req = selectors.request_for(request.user, code)
    perform_valid(
        request,
        forms.NoteForm(request.POST),
        services.post_message,
        fields=("body",),
        success="یادداشت داخلی ثبت شد.",
        request=req,
        author=request.user,
        internal=True,
        ip=client_ip(request),
    )
    return redirect("desk:detail", req.tracking_code)


@login_required
@require_POST
@accepts_files(uploads.RESPONSE_MAX_BYTES)
def issue_response(request, code: str):
    req = selectors.request_for(request.user, code)
    form = forms.ResponseForm(request.POST, request.FILES)
    if form.is_valid():
        perform(
            request,
            services.issue_response,
            success="پاسخ خدمت صادر شد.",
            request=req,
            user=request.user,
            text=form.cleaned_data["text"],
            upload=form.cleaned_data.get("upload") or None,
            ip=client_ip(request),
            base_url=request.build_absolute_uri("/"),
        )
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
        form_errors_to_messages(request, form)
        return redirect("desk:detail", req.tracking_code)
    data = form.cleaned_data
    kind, _, pk = data["place"].partition(":")
    starts_at = timezone.make_aware(dt.datetime.combine(data["day"], data["time"]))
    perform(
        request,
        services.book_appointment,
        success="نوبت حضور ثبت و به متقاضی اطلاع داده شد.",
        request=req,
        user=request.user,
        starts_at=starts_at,
        reason=data["reason"],
        documents_to_bring=data["documents_to_bring"],
        unit=OrgUnit.objects.filter(pk=pk).first() if kind == "unit" else None,
        counter_office=CounterOffice.objects.filter(pk=pk).first() if kind == "office" else None,
        ip=client_ip(request),
    )
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
    perform(
        request,
        services.answer_appointment,
        success="پاسخ شما به نوبت ثبت شد.",
        appointment=appointment,
        user=request.user,
        confirm=request.POST.get("answer") == "confirm",
        note=form.cleaned_data.get("note", ""),
        ip=client_ip(request),
    )
    return redirect("desk:detail", req.tracking_code)


@login_required
@require_POST
def feedback(request, code: str):
    req = selectors.request_for(request.user, code)
    perform_valid(
        request,
        forms.FeedbackForm(request.POST),
        services.submit_feedback,
        fields=("score", "reasons", "comment"),
        invalid="امتیازی از ۱ تا ۵ برگزینید.",
        success="از اینکه نظر خود را ثبت کردید سپاسگزاریم.",
        request=req,
        user=request.user,
        ip=client_ip(request),
    )
    return redirect("desk:detail", req.tracking_code)


@login_required
def document_download(request, pk: int):
    document = selectors.document_for(request.user, pk)
    if document.kind == Document.Kind.RESPONSE:
        services.record_response_download(request=document.request, user=request.user, ip=client_ip(request))
    return _file_response(document)
