"""The staff queue: filters, alert counts, bulk and single assignment, reassignment to another unit;
the staff member's alert settings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import User
from core.calendar import get_calendar
from core.outcome import perform, perform_in_form
from core.paging import keyset_paginate
from core.params import parse_id
from core.policy import client_ip
from core.text import to_persian_digits
from desk import forms, search, selectors, services
from desk.services import alerts
from desk.sla import DUE_SOON_WORKING_DAYS
from desk.views.planning import take_token
from orgs.models import OrgUnit

QUEUE_PAGE_SIZE = 50


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
    form = forms.QueueFilterForm(request.GET or None, services=search.queue_services(user))
    filters = None
    q = request.GET.get("q", "")
    if form.is_bound:
        # A refused filter (`form.dropped`) is left out; the others apply. An empty «state» chosen
        # on purpose means every state; no «state» (or a refused one), the open ones (a search,
        # every state).
        form.is_valid()
        chose_state = "state" in form.cleaned_data and request.GET.get("state") is not None
        filters = {**form.cleaned_data, "all_states": chose_state or bool(q.strip())}
    sort_key = request.GET.get("sort")
    qs, search_error, search_notice = search.search_queue(user, q=q, filters=filters, sort_key=sort_key)
    # Keyset pages (`?cursor=`): the cost of a page does not grow with how far down the queue it is.
    # A search's order (relevance, or a column, among its matches) comes from no index: its page's
    # ids are sorted first, and only those rows read with their joins.
    rows_of = selectors.queue_rows if q.strip() and not search_error else None
    page, querystring = keyset_paginate(
        request, selectors.page_rows(qs), QUEUE_PAGE_SIZE, salt="desk.queue", rows_of=rows_of
    )
    notices = [*form.dropped(), search.sort_error(sort_key), page.notice]
    unit_ids = selectors.staff_unit_ids(user)
    experts = selectors.unit_staff_many(unit_ids) if unit_ids else []
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
            "querystring": querystring,
            "q": q[: search.MAX_QUERY_CHARS],
            "search_error": search_error,
            "search_notice": search_notice,
            "input_notices": [n for n in notices if n],
            "columns": search.sort_links(request.GET, sort_key),
            "can_take": bool(selectors.expert_unit_ids(user)),
            "take_token": take_token(),
            "heads_units": bool(selectors.head_unit_ids(user)),
            "alerts": selectors.alert_counts(user),
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
    perform(
        request,
        services.assign_expert,
        success=lambda count: f"{to_persian_digits(count)} درخواست به {expert.get_full_name()} ارجاع شد.",
        requests=reqs,
        expert=expert,
        by=request.user,
        ip=client_ip(request),
    )
    return redirect(target)


@login_required
@require_POST
def assign_one(request, code: str):
    req = selectors.request_for(request.user, code)
    expert = User.objects.filter(pk=parse_id(request.POST.get("expert")) or 0, is_active=True).first()
    if expert is None:
        messages.error(request, "کارشناس را برگزینید.")
    else:
        perform(
            request,
            services.assign_expert,
            success=f"درخواست به {expert.get_full_name()} ارجاع شد.",
            requests=[req],
            expert=expert,
            by=request.user,
            ip=client_ip(request),
        )
    return redirect("desk:detail", req.tracking_code)


@login_required
@require_POST
def reassign_unit(request, code: str):
    req = selectors.request_for(request.user, code)
    unit = OrgUnit.objects.filter(pk=parse_id(request.POST.get("unit")) or 0, is_active=True).first()
    if unit is None:
        messages.error(request, "واحد را برگزینید.")
        return redirect("desk:detail", req.tracking_code)
    moved = perform(
        request,
        services.reassign_unit,
        success=f"درخواست به {unit} فرستاده شد.",
        request=req,
        unit=unit,
        by=request.user,
        ip=client_ip(request),
    )
    if not moved or selectors.can_work_on(request.user, req):
        return redirect("desk:detail", req.tracking_code)
    return redirect("desk:queue")


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def alert_settings(request):
    """How a staff member is told of the desk's alerts (always on the workbench; SMS, email)."""
    if not alerts.is_alerted_staff(request.user):
        raise PermissionDenied("تنظیم اعلان‌ها فقط برای کارکنان واحدهاست.")
    form = forms.AlertPreferenceForm(
        request.POST or None, initial={"channels": alerts.preference_for(request.user)}
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and perform_in_form(
            form, alerts.set_preference, user=request.user, channels=form.cleaned_data["channels"]
        )
    ):
        messages.success(request, "تنظیم اعلان‌ها ذخیره شد.")
        return redirect("desk:alert_settings")
    return render(request, "desk/alert_settings.html", {"form": form})
