"""The licence registry for the regulator's staff (issue 19): the offices of the user's region (HQ:
every region) with their licences, an office's licence page (create, renew, suspend, reinstate,
revoke, and its log), and the import of the licence system's export."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from core import excel
from core.bodylimit import accepts_files
from core.outcome import perform_in_form
from core.paging import page_notice, paginate
from core.params import parse_id
from core.policy import client_ip
from counters import forms, licence_import, selectors
from counters.models import Licence
from counters.services import licences as registry
from counters.views.common import refusing

STATUS_ACTIONS = {
    "suspend": "پروانه تعلیق شد؛ دارنده از همین لحظه نمی‌تواند وارد شود یا درخواست ثبت کند.",
    "reinstate": "تعلیق پروانه برداشته شد.",
    "revoke": "پروانه لغو شد؛ دارنده از همین لحظه نمی‌تواند وارد شود یا درخواست ثبت کند.",
}


def _scope_or_refuse(user) -> None:
    if selectors.licence_region_scope(user) == set():
        raise PermissionDenied("ثبت پروانه دفاتر پیشخوان برای کارشناسان منطقه و ستاد سازمان است.")


@refusing
def licences_view(request):
    _scope_or_refuse(request.user)
    status = request.GET.get("status", "")
    if status not in (*Licence.Status.values, "none"):
        status = ""
    expiring = parse_id(request.GET.get("expiring"))
    offices = selectors.licence_offices(
        request.user, query=request.GET.get("q", ""), status=status, expiring_days=expiring
    )
    page, query = paginate(request, offices, 50)
    return render(
        request,
        "counters/licences.html",
        {
            "page": page,
            "query_string": query,
            "page_notice": page_notice(request, page),
            "q": request.GET.get("q", ""),
            "status": status,
            "expiring": expiring,
            "statuses": Licence.Status.choices,
            "may_import": selectors.licence_region_scope(request.user, write=True) != set(),
        },
    )


@require_http_methods(["GET", "POST"])
@refusing
def licence_office_view(request, office_id: int):
    office = selectors.access_office_for_licences(request.user, office_id)
    licence = getattr(office, "licence", None)
    action = request.POST.get("action") if request.method == "POST" else None
    refusal = selectors.licence_refusal_for_staff(request.user, office)
    if action and refusal:
        raise PermissionDenied(refusal)
    bound = {"data": request.POST} if action else {}
    create_form = forms.LicenceCreateForm(**bound if action == "create" else {})
    renew_form = forms.LicenceRenewForm(**bound if action == "renew" else {}, prefix="renew")
    status_forms = {
        name: forms.LicenceStatusForm(**bound if action == name else {}, prefix=name)
        for name in STATUS_ACTIONS
    }
    common = {"actor": request.user, "ip": client_ip(request)}
    if licence is not None and action in registry.LICENCE_WORKFLOW.transitions:
        # A form sent twice, or from a page left open: the licence has moved on since.
        if problem := registry.LICENCE_WORKFLOW.refusal(licence, action, actor_kind=registry.STAFF):
            messages.error(request, problem.messages[0])
            return redirect("counters:licence_office", office_id=office.pk)
    done = ""
    if action == "create" and licence is None and create_form.is_valid():
        data = create_form.cleaned_data
        if perform_in_form(
            create_form, registry.create_licence_for_holder, by_field=True, office=office, **data, **common
        ):
            done = "پروانه ثبت شد و دارنده آن می‌تواند وارد شود."
    elif action == "renew" and licence is not None and renew_form.is_valid():
        if perform_in_form(
            renew_form,
            registry.renew_licence,
            by_field=True,
            licence=licence,
            **renew_form.cleaned_data,
            **common,
        ):
            done = "پروانه تمدید شد."
    elif action in STATUS_ACTIONS and licence is not None and status_forms[action].is_valid():
        form = status_forms[action]
        if perform_in_form(
            form,
            registry.change_licence_status,
            by_field=True,
            licence=licence,
            action=action,
            **form.cleaned_data,
            **common,
        ):
            done = STATUS_ACTIONS[action]
    if done:
        messages.success(request, done)
        return redirect("counters:licence_office", office_id=office.pk)
    available = (
        {t.name for t in registry.LICENCE_WORKFLOW.available(licence, actor_kind=registry.STAFF)}
        if licence is not None and not refusal
        else set()
    )
    return render(
        request,
        "counters/licence_office.html",
        {
            "office": office,
            "licence": licence,
            "refusal_reason": licence.refusal_reason() if licence else "",
            "events": list(office.licence_events.select_related("actor")),
            "action_labels": registry.LICENCE_ACTIONS,
            "may_write": not refusal,
            "create_form": create_form,
            "renew_form": renew_form if "renew" in available else None,
            "status_forms": [
                (name, registry.LICENCE_ACTIONS[name], form)
                for name, form in status_forms.items()
                if name in available
            ],
            "action": action,
        },
    )


@require_http_methods(["GET", "POST"])
@accepts_files(licence_import.MAX_BYTES)
@refusing
def licence_import_view(request):
    """A region expert or HQ uploads the licence system's export; a dry run shows what would change."""
    if selectors.licence_region_scope(request.user, write=True) == set():
        raise PermissionDenied("ورود پروانه‌ها برای کارشناسان منطقه و ستاد سازمان است.")
    if request.GET.get("format") == "xlsx":
        return excel.xlsx_response(licence_import.template(), "licences-template.xlsx")
    form = forms.LicenceImportForm(request.POST or None, request.FILES or None)
    outcome = {}

    def run(**arguments):
        outcome["result"] = licence_import.import_licences(**arguments)

    if request.method == "POST" and form.is_valid():
        perform_in_form(
            form,
            run,
            user=request.user,
            upload=form.cleaned_data["file"],
            dry_run=form.cleaned_data["dry_run"],
            ip=client_ip(request),
        )
    return render(
        request,
        "counters/licence_import.html",
        {"form": form, "result": outcome.get("result"), "header": licence_import.HEADER},
    )
