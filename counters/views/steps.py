"""The licence holder's wizard: one page per step of the self-declaration file, each step's
form, scans, board members, staff, violations and the final confirmation."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from core.bodylimit import accepts_files
from core.outcome import perform, perform_in_form
from core.params import parse_id
from core.policy import client_ip
from counters import conf, forms, scoring, selectors, services, wizard
from counters.models import Declaration, DeclarationDocument
from counters.views.common import _file_context, refusing


def _first_open_step(declaration) -> str:
    for status in wizard.status(declaration):
        if status.open and not status.done:
            return status.step.slug
    return "confirm"


def _step_context(declaration, step: str, **extra) -> dict:
    statuses = wizard.status(declaration)
    current = next(s for s in statuses if s.step.slug == step)
    index = [s.step.slug for s in statuses].index(step)
    following = statuses[index + 1].step.slug if index + 1 < len(statuses) else None
    notes = declaration.notes.filter(review_round=declaration.review_round, section=step)
    return {
        "declaration": declaration,
        "steps": statuses,
        "current": current,
        "next_step": following,
        "step_notes": notes if declaration.state == Declaration.State.RETURNED else [],
        **extra,
    }


@require_http_methods(["GET", "POST"])
@refusing
@accepts_files(lambda request, pk, step: conf.max_upload_bytes() if step == "documents" else 0)
def step_view(request, pk: int, step: str):
    declaration = selectors.access_declaration_for_holder(request.user, pk)
    if step not in wizard.STEP_TITLES or step not in [s.slug for s in wizard.steps_for(declaration)]:
        raise Http404
    if not declaration.holder_may_edit:
        messages.error(request, "پس از تأیید نهایی، پرونده قابل ویرایش نیست.")
        return redirect("counters:declaration", pk=pk)
    if not wizard.is_open(declaration, step):
        messages.error(
            request, f"مرحله «{wizard.STEP_TITLES[step]}» هنوز باز نیست؛ نخست مراحل پیش از آن را کامل کنید."
        )
        return redirect("counters:step", pk=pk, step=_first_open_step(declaration))
    handler = {
        "documents": _documents_step,
        "staff": _staff_step,
        "legal": _legal_step,
        "ranking": _ranking_step,
        "confirm": _confirm_step,
    }.get(step, _form_step)
    return handler(request, declaration, step)


def _saved(request, declaration, step):
    messages.success(request, f"مرحله «{wizard.STEP_TITLES[step]}» ثبت شد.")
    declaration.refresh_from_db()
    if wizard.problems(declaration, step):
        return redirect("counters:step", pk=declaration.pk, step=step)
    return redirect("counters:step", pk=declaration.pk, step=_first_open_step(declaration))


def _save_step(request, form, declaration, step):
    """Save a step's fields from its valid form: on to the next step, or None with the refusal on
    the form."""
    values = {name: form.cleaned_data.get(name) for name in services.STEP_FIELDS[step]}
    facilities = form.cleaned_data.get("facilities") if step == "details" else None
    arguments = {"declaration": declaration, "step": step, "values": values, "facilities": facilities}
    if perform_in_form(form, services.save_step, by_field=True, actor=request.user, **arguments):
        return _saved(request, declaration, step)
    return None


def _form_step(request, declaration, step):
    form_class = forms.STEP_FORMS[step]
    form = form_class(request.POST or None, instance=declaration)
    saved = request.method == "POST" and form.is_valid() and _save_step(request, form, declaration, step)
    if saved:
        return saved
    extra = {}
    if step == "location":
        extra = {"tile_url": conf.tile_url(), "tile_attribution": conf.tile_attribution()}
    return render(request, f"counters/step_{step}.html", _step_context(declaration, step, form=form, **extra))


def _documents_step(request, declaration, step):
    form = forms.DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        if perform_in_form(
            form,
            services.upload_document,
            by_field=True,
            declaration=declaration,
            kind=form.cleaned_data["kind"],
            upload=form.cleaned_data["file"],
            actor=request.user,
        ):
            messages.success(request, "مدرک بارگذاری شد.")
            return redirect("counters:step", pk=declaration.pk, step=step)
    have = {d.kind: d for d in declaration.documents.all()}
    kinds = [(kind, label, have.get(kind)) for kind, label in DeclarationDocument.Kind.choices]
    return render(
        request, "counters/step_documents.html", _step_context(declaration, step, form=form, kinds=kinds)
    )


def _remove_member(request, declaration, step, remove):
    """The board member or staff row named by the POST leaves the file; back to the step."""
    member_id = parse_id(request.POST.get("member")) or 0
    perform(request, remove, declaration=declaration, member_id=member_id, actor=request.user)
    return redirect("counters:step", pk=declaration.pk, step=step)


def _added(request, form, add, declaration, step, success: str):
    """A board member or staff row from its valid form: back to the step with `success`, or None
    with the refusal on the form."""
    if perform_in_form(
        form, add, by_field=True, declaration=declaration, actor=request.user, **form.cleaned_data
    ):
        messages.success(request, success)
        return redirect("counters:step", pk=declaration.pk, step=step)
    return None


def _legal_step(request, declaration, step):
    adding = request.method == "POST" and request.POST.get("action") == "member"
    removing = request.method == "POST" and request.POST.get("action") == "remove"
    form = forms.LegalForm(
        request.POST if request.method == "POST" and not (adding or removing) else None, instance=declaration
    )
    member_form = forms.BoardMemberForm(request.POST if adding else None)
    if removing:
        return _remove_member(request, declaration, step, services.remove_board_member)
    if adding and member_form.is_valid():
        added = _added(
            request, member_form, services.add_board_member, declaration, step, "عضو هیئت مدیره افزوده شد."
        )
        if added:
            return added
    if request.method == "POST" and not (adding or removing):
        if form.is_valid() and (saved := _save_step(request, form, declaration, step)):
            return saved
    context = _step_context(
        declaration, step, form=form, member_form=member_form, members=declaration.board_members.all()
    )
    return render(request, "counters/step_legal.html", context)


def _staff_step(request, declaration, step):
    removing = request.method == "POST" and request.POST.get("action") == "remove"
    form = forms.StaffForm(request.POST if request.method == "POST" and not removing else None)
    if removing:
        return _remove_member(request, declaration, step, services.remove_staff)
    if request.method == "POST" and form.is_valid():
        added = _added(request, form, services.add_staff, declaration, step, "کارمند افزوده شد.")
        if added:
            return added
    staff = declaration.staff.select_related("discipline")
    return render(
        request, "counters/step_staff.html", _step_context(declaration, step, form=form, staff=staff)
    )


def _ranking_step(request, declaration, step):
    form = forms.ViolationsForm(request.POST or None, declaration=declaration)
    if request.method == "POST" and form.is_valid():
        if perform_in_form(
            form,
            services.save_violation_answers,
            by_field=True,
            declaration=declaration,
            answers=form.answers(),
            actor=request.user,
        ):
            return _saved(request, declaration, step)
    context = _step_context(declaration, step, form=form, score=scoring.compute(declaration))
    return render(request, "counters/step_ranking.html", context)


def _confirm_step(request, declaration, step):
    form = forms.ConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if perform_in_form(
            form,
            services.confirm,
            by_field=True,
            declaration=declaration,
            actor=request.user,
            agree=form.cleaned_data["agree"],
            ip=client_ip(request),
        ):
            messages.success(request, "پرونده تأیید نهایی شد و برای بررسی به منطقه رفت.")
            return redirect("counters:declaration", pk=declaration.pk)
    context = _file_context(declaration, holder=True)
    context.update(_step_context(declaration, step, form=form))
    return render(request, "counters/step_confirm.html", context)
