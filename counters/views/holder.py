"""The licence holder's pages outside the wizard: the offices home, starting a file once the holder
name and office code are confirmed (or reporting a mismatch), the file's read-only page, the
objection, and a scan (also shown to an expert of the office's region)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from core.downloads import file_response
from core.jalali import current_jalali_year
from core.outcome import errors_to_messages, perform_valid
from core.policy import client_ip
from counters import forms, selectors, services
from counters.views.common import _file_context, refusing
from counters.views.steps import _first_open_step


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
                "fines": selectors.office_fines(office),
                "identity": selectors.identity_on_record(office),
                "mismatch": selectors.open_identity_report(office),
                # Each office's report form has its own ids: a holder may have two offices to start.
                "mismatch_form": forms.IdentityMismatchForm(auto_id=f"id_mismatch-{office.pk}-%s"),
            }
        )
    context = {"rows": rows}
    return render(request, "counters/home.html", context)


@require_POST
@refusing
def start(request, office_id: int):
    office = selectors.office_for_holder(request.user, office_id)
    try:
        declaration = services.start_with_confirmed_identity(
            office=office,
            actor=request.user,
            confirmed=request.POST.get("confirm_identity") == "1",
            ip=client_ip(request),
        )
    except ValidationError as exc:
        errors_to_messages(request, exc)
        return redirect("counters:home")
    return redirect("counters:declaration", pk=declaration.pk)


@require_POST
@refusing
def mismatch_view(request, office_id: int):
    """The holder reports that the holder name or office code shown is not theirs (P8)."""
    office = selectors.office_for_holder(request.user, office_id)
    perform_valid(
        request,
        forms.IdentityMismatchForm(request.POST),
        services.report_identity_mismatch,
        fields=("text",),
        invalid="بنویسید کدام مشخصات نادرست است و درست آن چیست.",
        success="گزارش مغایرت به کارشناسان منطقه رسید؛ پس از رسیدگی، خوداظهاری را آغاز کنید.",
        office=office,
        actor=request.user,
    )
    return redirect("counters:home")


@refusing
def declaration_view(request, pk: int):
    declaration = selectors.access_declaration_for_holder(request.user, pk)
    if declaration.holder_may_edit:
        return redirect("counters:step", pk=pk, step=_first_open_step(declaration))
    return render(request, "counters/declaration.html", _file_context(declaration, holder=True))


@require_POST
@refusing
def objection_view(request, pk: int):
    declaration = selectors.access_declaration_for_holder(request.user, pk)
    perform_valid(
        request,
        forms.ObjectionForm(request.POST),
        services.submit_objection,
        fields=("text",),
        invalid="متن اعتراض را بنویسید.",
        success="اعتراض شما ثبت شد و به منطقه رفت.",
        declaration=declaration,
        actor=request.user,
        ip=client_ip(request),
    )
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
