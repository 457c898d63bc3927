"""Views of the counters app: the holder's wizard and file, the region's workbench, rankings.

Thin: each parses input, calls one service or selector, renders. A refusal of access renders the
selector's Persian reason with status 403.
"""

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import Role
from accounts.selectors import has_role
from core.bodylimit import accepts_files
from core.downloads import file_response
from core.jalali import current_jalali_year
from core.params import parse_id
from core.policy import client_ip
from counters import conf, forms, scoring, selectors, services, wizard
from counters.models import Declaration, DeclarationDocument
from orgs.models import Province, Region


def refusing(view):
    """Render a PermissionDenied's Persian message as a 403 page."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as exc:
            message = str(exc) or "به این صفحه دسترسی ندارید."
            return render(request, "counters/denied.html", {"message": message}, status=403)

    return login_required(wrapped)


def _apply_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        for message in exc.messages:
            form.add_error(None, message)


def _refuse(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


# --- the licence holder ---------------------------------------------------------------------------


@refusing
def home(request):
    offices = list(selectors.holder_offices(request.user))
    if not offices:
        raise PermissionDenied("شما دارنده پروانه هیچ دفتر پیشخوانی نیستید.")
    rows = []
    for office in offices:
        licence = getattr(office, "licence", None)
        rows.append(
            {
                "office": office,
                "licence": licence,
                "refusal": licence.refusal_reason() if licence else "پروانه ثبت نشده است.",
                "declarations": list(office.declarations.order_by("-year")),
                "current": office.declarations.filter(year=current_jalali_year()).first(),
                "ranked": selectors.latest_rank(office),
                "services": selectors.delegated_services(office),
                "withheld": selectors.withheld_services(office),
            }
        )
    return render(request, "counters/home.html", {"rows": rows})


@require_POST
@refusing
def start(request, office_id: int):
    office = selectors.office_for_holder(request.user, office_id)
    declaration = services.start_declaration(office=office, actor=request.user, ip=client_ip(request))
    return redirect("counters:declaration", pk=declaration.pk)


def _first_open_step(declaration) -> str:
    for status in wizard.status(declaration):
        if status.open and not status.done:
            return status.step.slug
    return "confirm"


@refusing
def declaration_view(request, pk: int):
    declaration = selectors.access_declaration_for_holder(request.user, pk)
    if declaration.holder_may_edit:
        return redirect("counters:step", pk=pk, step=_first_open_step(declaration))
    return render(request, "counters/declaration.html", _file_context(declaration, holder=True))


def _file_context(declaration, *, holder: bool) -> dict:
    score = scoring.compute(declaration)
    notes = list(declaration.notes.select_related("author"))
    return {
        "declaration": declaration,
        "steps": wizard.status(declaration),
        "score": score,
        "approved": declaration.score_breakdown or None,
        "notes": notes,
        "events": list(declaration.events.select_related("actor")),
        "action_labels": services.ACTION_LABELS,
        "documents": list(declaration.documents.all()),
        "staff": list(declaration.staff.select_related("discipline")),
        "board": list(declaration.board_members.all()),
        "answers": list(declaration.violation_answers.select_related("item")),
        "facilities": list(declaration.facilities.all()),
        "objection": getattr(declaration, "objection", None),
        "objection_form": forms.ObjectionForm() if holder else None,
        "section_titles": wizard.STEP_TITLES,
        "holder": holder,
    }


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


def _form_step(request, declaration, step):
    form_class = forms.STEP_FORMS[step]
    form = form_class(request.POST or None, instance=declaration)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data.get(name) for name in services.STEP_FIELDS[step]}
        try:
            services.save_step(
                declaration=declaration,
                step=step,
                values=values,
                actor=request.user,
                facilities=form.cleaned_data.get("facilities") if step == "details" else None,
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            return _saved(request, declaration, step)
    extra = {}
    if step == "location":
        extra = {"tile_url": conf.tile_url(), "tile_attribution": conf.tile_attribution()}
    return render(request, f"counters/step_{step}.html", _step_context(declaration, step, form=form, **extra))


def _documents_step(request, declaration, step):
    form = forms.DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.upload_document(
                declaration=declaration,
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
                actor=request.user,
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, "مدرک بارگذاری شد.")
            return redirect("counters:step", pk=declaration.pk, step=step)
    have = {d.kind: d for d in declaration.documents.all()}
    kinds = [(kind, label, have.get(kind)) for kind, label in DeclarationDocument.Kind.choices]
    return render(
        request, "counters/step_documents.html", _step_context(declaration, step, form=form, kinds=kinds)
    )


def _legal_step(request, declaration, step):
    adding = request.method == "POST" and request.POST.get("action") == "member"
    removing = request.method == "POST" and request.POST.get("action") == "remove"
    form = forms.LegalForm(
        request.POST if request.method == "POST" and not (adding or removing) else None, instance=declaration
    )
    member_form = forms.BoardMemberForm(request.POST if adding else None)
    if removing:
        try:
            services.remove_board_member(
                declaration=declaration,
                member_id=parse_id(request.POST.get("member")) or 0,
                actor=request.user,
            )
        except ValidationError as exc:
            _refuse(request, exc)
        return redirect("counters:step", pk=declaration.pk, step=step)
    if adding and member_form.is_valid():
        try:
            services.add_board_member(declaration=declaration, actor=request.user, **member_form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(member_form, exc)
        else:
            messages.success(request, "عضو هیئت مدیره افزوده شد.")
            return redirect("counters:step", pk=declaration.pk, step=step)
    if request.method == "POST" and not (adding or removing):
        if form.is_valid():
            values = {name: form.cleaned_data.get(name) for name in services.STEP_FIELDS[step]}
            try:
                services.save_step(declaration=declaration, step=step, values=values, actor=request.user)
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                return _saved(request, declaration, step)
    context = _step_context(
        declaration, step, form=form, member_form=member_form, members=declaration.board_members.all()
    )
    return render(request, "counters/step_legal.html", context)


def _staff_step(request, declaration, step):
    removing = request.method == "POST" and request.POST.get("action") == "remove"
    form = forms.StaffForm(request.POST if request.method == "POST" and not removing else None)
    if removing:
        try:
            services.remove_staff(
                declaration=declaration,
                member_id=parse_id(request.POST.get("member")) or 0,
                actor=request.user,
            )
        except ValidationError as exc:
            _refuse(request, exc)
        return redirect("counters:step", pk=declaration.pk, step=step)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_staff(declaration=declaration, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, "کارمند افزوده شد.")
            return redirect("counters:step", pk=declaration.pk, step=step)
    staff = declaration.staff.select_related("discipline")
    return render(
        request, "counters/step_staff.html", _step_context(declaration, step, form=form, staff=staff)
    )


def _ranking_step(request, declaration, step):
    form = forms.ViolationsForm(request.POST or None, declaration=declaration)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_violation_answers(
                declaration=declaration, answers=form.answers(), actor=request.user
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            return _saved(request, declaration, step)
    context = _step_context(declaration, step, form=form, score=scoring.compute(declaration))
    return render(request, "counters/step_ranking.html", context)


def _confirm_step(request, declaration, step):
    form = forms.ConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.confirm(
                declaration=declaration,
                actor=request.user,
                agree=form.cleaned_data["agree"],
                ip=client_ip(request),
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, "پرونده تأیید نهایی شد و برای بررسی به منطقه رفت.")
            return redirect("counters:declaration", pk=declaration.pk)
    context = _file_context(declaration, holder=True)
    context.update(_step_context(declaration, step, form=form))
    return render(request, "counters/step_confirm.html", context)


@require_POST
@refusing
def objection_view(request, pk: int):
    declaration = selectors.access_declaration_for_holder(request.user, pk)
    form = forms.ObjectionForm(request.POST)
    if form.is_valid():
        try:
            services.submit_objection(
                declaration=declaration,
                actor=request.user,
                text=form.cleaned_data["text"],
                ip=client_ip(request),
            )
        except ValidationError as exc:
            _refuse(request, exc)
        else:
            messages.success(request, "اعتراض شما ثبت شد و به منطقه رفت.")
    else:
        messages.error(request, "متن اعتراض را بنویسید.")
    return redirect("counters:declaration", pk=pk)


@refusing
def document_view(request, pk: int, document_id: int):
    """A scan of a file, for its holder or an expert of its region."""
    try:
        declaration = selectors.access_declaration_for_holder(request.user, pk)
    except PermissionDenied:
        if not selectors.expert_region_ids(request.user):
            raise
        declaration = selectors.access_declaration_for_expert(request.user, pk)
    document = declaration.documents.filter(pk=document_id).first()
    if document is None:
        raise Http404
    return file_response(
        document.file.open("rb"), name=document.kind, content_type=document.content_type, inline=True
    )


# --- the region's experts ----------------------------------------------------------------------------


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
        },
    )


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
    except ValidationError as exc:
        form = {"return": return_form, "approve": approve_form, "answer": answer_form}[action]
        _apply_errors(form, exc)
    context = _file_context(declaration, holder=False)
    refusal = selectors.review_refusal(request.user, declaration)
    context.update(
        return_form=return_form,
        approve_form=approve_form,
        answer_form=answer_form,
        review_refusal=refusal,
        may_review=not refusal and declaration.state in (State.SUBMITTED, State.RESUBMITTED),
        may_answer=not refusal and declaration.state == State.OBJECTED,
        is_head=selectors.is_region_head(request.user, declaration.office.province.region_id),
    )
    return render(request, "counters/review.html", context)


# --- rankings -------------------------------------------------------------------------------------------

RANKING_ROLES = (Role.REGION_EXPERT, Role.PROVINCE_MANAGER, Role.HQ_PLANNER, Role.AUDITOR, Role.ADMINISTRATOR)


@refusing
def rankings_view(request):
    if not any(has_role(request.user, role) for role in RANKING_ROLES):
        raise PermissionDenied("رتبه‌بندی دفاتر برای کارشناسان و مدیران سازمان است.")
    province_id = parse_id(request.GET.get("province"))
    region_id = parse_id(request.GET.get("region"))
    rows = selectors.rankings(province_id=province_id, region_id=region_id)
    if request.GET.get("format") == "xlsx":
        return _excel(rows)
    query = request.GET.copy()
    query["format"] = "xlsx"
    return render(
        request,
        "counters/rankings.html",
        {
            "rows": rows,
            "provinces": Province.objects.order_by("name"),
            "regions": Region.objects.all(),
            "province_id": province_id,
            "region_id": region_id,
            "export_url": reverse("counters:rankings") + "?" + query.urlencode(),
            "rank_titles": _rank_titles(),
        },
    )


def _rank_titles() -> dict[int, str]:
    from counters.models import RankThreshold

    return dict(RankThreshold.objects.values_list("rank", "title"))


def _excel(rows) -> HttpResponse:
    from core import excel

    titles = _rank_titles()
    book, sheet = excel.new_workbook("رتبه‌بندی دفاتر")
    header = ["ردیف", "کد دفتر", "نام دفتر", "نوع", "استان", "منطقه", "سال", "امتیاز نهایی", "رتبه", "وضعیت"]
    excel.header_row(sheet, header, fill=False)
    for number, d in enumerate(rows, start=1):
        region = d.office.province.region
        sheet.append(
            [
                number,
                d.office.code,
                d.office.name,
                d.office.get_kind_display(),
                d.office.province.name,
                region.name if region else "",
                d.year,
                float(d.final_score) if d.final_score is not None else None,
                titles.get(d.rank, d.rank),
                d.get_state_display(),
            ]
        )
    excel.column_widths(sheet, [6, 12, 32, 20, 18, 16, 8, 12, 8, 20])
    return excel.xlsx_response(excel.workbook_bytes(book), "counter-office-rankings.xlsx")
