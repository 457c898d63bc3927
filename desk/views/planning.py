"""Work planning pages: an expert's «درخواست بعدی» button and a unit head's workload page with its
rebalance form (issue 14 item 6). Rules in `desk.services.planning`, numbers in `selectors.unit_load`."""

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import User
from core.outcome import errors_to_messages, perform
from core.params import parse_id
from core.policy import client_ip
from core.text import ltr_code, to_persian_digits
from desk import selectors, services
from orgs.models import OrgUnit


def take_token() -> str:
    """A fresh token for one «درخواست بعدی» form: the same token twice takes one request."""
    return secrets.token_urlsafe(16)


@login_required
@require_POST
def take_next(request):
    try:
        taken = services.take_next(
            expert=request.user, ip=client_ip(request), token=(request.POST.get("token") or "")[:64]
        )
    except ValidationError as exc:
        errors_to_messages(request, exc)
        return redirect("desk:queue")
    messages.success(request, f"درخواست {ltr_code(taken.tracking_display)} به شما سپرده شد.")
    return redirect("desk:detail", taken.tracking_code)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def workload(request):
    unit_ids = selectors.head_unit_ids(request.user)
    if not unit_ids:
        raise PermissionDenied("این صفحه برای رئیس واحد است.")
    if request.method == "POST":
        _rebalance(request, unit_ids)
        return redirect("desk:workload")
    return render(request, "desk/workload.html", {"units": selectors.unit_load(unit_ids)})


def _rebalance(request, unit_ids: set[int]) -> None:
    unit = OrgUnit.objects.filter(pk__in=unit_ids, pk=parse_id(request.POST.get("unit")) or 0).first()
    people = User.objects.in_bulk(
        [
            pk
            for pk in (parse_id(request.POST.get("from_expert")), parse_id(request.POST.get("to_expert")))
            if pk
        ]
    )
    from_expert = people.get(parse_id(request.POST.get("from_expert")))
    to_expert = people.get(parse_id(request.POST.get("to_expert")))
    if unit is None or from_expert is None or to_expert is None:
        messages.error(request, "واحد، کارشناس مبدأ و کارشناس مقصد را برگزینید.")
        return
    selected = [pk for pk in map(parse_id, request.POST.getlist("selected")) if pk]
    seen = request.POST.get("seen")
    perform(
        request,
        services.rebalance,
        success=lambda n: (
            f"{to_persian_digits(n)} درخواست از {from_expert.get_full_name()} "
            f"به {to_expert.get_full_name()} سپرده شد."
        ),
        unit=unit,
        from_expert=from_expert,
        to_expert=to_expert,
        by=request.user,
        count=parse_id(request.POST.get("count")) if not selected else None,
        seen=None if seen in (None, "") else (parse_id(seen) or 0),
        request_ids=selected or None,
        ip=client_ip(request),
    )
