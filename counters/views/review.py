"""The region's experts: the workbench of files to review (and of holders' identity mismatch
reports) and the review page of one file (return for correction, approve with scores, answer an
objection, correct the violations list by the committee's ruling)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from core.outcome import errors_to_form, perform
from core.policy import client_ip
from counters import forms, selectors, services
from counters.models import Declaration
from counters.services.corrections import HOLDER_EDITING
from counters.views.common import _file_context, refusing
from orgs.models import Region


@refusing
def workbench_view(request):
    if not selectors.expert_region_ids(request.user):
        raise PermissionDenied("کارتابل ارزیابی دفاتر فقط برای کارشناسان منطقه است.")
    state = request.GET.get("state", "")
    if state not in Declaration.State.values:
        state = ""
    files = selectors.workbench(request.user, state=state)
    overdue = request.GET.get("overdue") == "1"
    today = timezone.localdate()
    if overdue:
        files = files.filter(due_on__lt=today)
    files = list(files)
    for declaration in files:
        declaration.days_left = (declaration.due_on - today).days if declaration.due_on else None
    regions = Region.objects.filter(pk__in=selectors.expert_region_ids(request.user))
    return render(
        request,
        "counters/workbench.html",
        {
            "files": files,
            "state": state,
            "overdue": overdue,
            "states": [s for s in Declaration.State.choices if s[0] != Declaration.State.DRAFT],
            "regions": regions,
            "identity_reports": list(selectors.identity_reports(request.user)),
        },
    )


@require_POST
@refusing
def resolve_mismatch_view(request, pk: int):
    report = selectors.access_identity_report_for_expert(request.user, pk)
    perform(
        request,
        services.resolve_identity_mismatch,
        success="گزارش مغایرت رسیدگی‌شده ثبت شد.",
        report=report,
        actor=request.user,
    )
    return redirect("counters:workbench")


@require_http_methods(["GET", "POST"])
@refusing
def review_view(request, pk: int):
    declaration = selectors.access_declaration_for_expert(request.user, pk)
    State = Declaration.State
    action = request.POST.get("action") if request.method == "POST" else None
    return_form = forms.ReturnForm(request.POST if action == "return" else None, declaration=declaration)
    approve_form = forms.ApproveForm(
        request.POST if action == "approve" else None,
        initial={
            "recipients_score": declaration.recipients_score,
            "association_score": declaration.association_score,
        },
    )
    answer_form = forms.AnswerObjectionForm(request.POST if action == "answer" else None)
    correct_form = forms.CorrectionForm(
        request.POST if action == "correct" else None, declaration=declaration
    )
    kwargs = {"declaration": declaration, "actor": request.user, "ip": client_ip(request)}
    try:
        if action == "return" and return_form.is_valid():
            services.return_for_correction(notes=return_form.notes(), **kwargs)
            messages.success(request, "پرونده با یادداشت‌ها برای اصلاح به دفتر عودت شد.")
            return redirect("counters:review", pk=pk)
        if action == "approve" and approve_form.is_valid():
            services.approve(**approve_form.cleaned_data, **kwargs)
            messages.success(request, "پرونده تأیید شد و امتیاز نهایی برای دارنده پروانه پیامک شد.")
            return redirect("counters:review", pk=pk)
        if action == "answer" and answer_form.is_valid():
            services.answer_objection(**answer_form.cleaned_data, **kwargs)
            messages.success(request, "به اعتراض پاسخ داده شد و رتبه قطعی شد.")
            return redirect("counters:review", pk=pk)
        if action == "correct" and correct_form.is_valid():
            services.correct_violation(**correct_form.values(), **kwargs)
            messages.success(request, "اصلاح به حکم کمیته کشوری ثبت شد و برای دارنده پروانه پیامک شد.")
            return redirect("counters:review", pk=pk)
    except ValidationError as exc:
        forms_by_action = {"return": return_form, "approve": approve_form, "answer": answer_form}
        form = {**forms_by_action, "correct": correct_form}[action]
        errors_to_form(form, exc, by_field=True)
    context = _file_context(declaration, holder=False)
    refusal = selectors.review_refusal(request.user, declaration)
    context.update(
        return_form=return_form,
        approve_form=approve_form,
        answer_form=answer_form,
        correct_form=correct_form,
        may_correct=not refusal and declaration.state not in HOLDER_EDITING,
        review_refusal=refusal,
        may_review=not refusal and declaration.state in (State.SUBMITTED, State.RESUBMITTED),
        may_answer=not refusal and declaration.state == State.OBJECTED,
        is_head=selectors.is_region_head(request.user, declaration.office.province.region_id),
    )
    return render(request, "counters/review.html", context)
