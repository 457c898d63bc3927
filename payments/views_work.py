"""Pages of the work on a request's fees: staff of its unit raise an extra fee with its reason; an
operator of the counter office that filed it records the fee paid at the counter."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from core.outcome import perform_in_form
from core.policy import client_ip
from desk import selectors as desk_selectors
from desk.models import State
from payments import counter, extra, forms, selectors


def _posted(http_request, form, action, /, **arguments):
    """When a valid form is posted: `action(**arguments, **form.cleaned_data)`'s result, or None
    with its Persian refusal shown in the form (and None on a GET or an invalid form)."""
    if http_request.method != "POST" or not form.is_valid():
        return None
    done: list = []
    call = lambda **kw: done.append(action(**kw))  # noqa: E731
    return done[0] if perform_in_form(form, call, **arguments, **form.cleaned_data) else None


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def extra_fee(request, code: str):
    """Staff of the request's unit raise an extra fee with its reason (others: 404, or 403)."""
    req = desk_selectors.request_for(request.user, code)
    if not desk_selectors.is_unit_staff(request.user, req):
        raise PermissionDenied("فقط کارکنان واحد رسیدگی‌کننده هزینه اضافی تعیین می‌کنند.")
    form = forms.ExtraFeeForm(request.POST or None)
    if _posted(request, form, extra.raise_fee, request=req, actor=request.user, ip=client_ip(request)):
        messages.success(request, "هزینه اضافی ثبت شد و پیام پرداخت آن برای متقاضی فرستاده شد.")
        return redirect("desk:detail", req.tracking_code)
    context = {"req": req, "form": form, "unpaid": selectors.due_charge(req)}
    context["in_work"] = req.state in extra.RAISABLE_STATES  # else the form could only refuse
    return render(request, "payments/extra_fee.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def counter_payment(request, code: str):
    """An operator of the filing counter office records the fee paid at the counter."""
    req = desk_selectors.request_for(request.user, code)
    if not counter.is_filing_operator(request.user, req):
        raise PermissionDenied("فقط دفتر پیشخوانی که درخواست را ثبت کرده هزینه را در دفتر دریافت می‌کند.")
    form = forms.CounterPaymentForm(request.POST or None)
    payment = _posted(request, form, counter.record_counter_payment, request=req, operator=request.user)
    if payment is not None:
        messages.success(request, "پرداخت در دفتر ثبت شد و درخواست به جریان افتاد.")
        return redirect("payments:receipt", payment.pk)
    context = {"req": req, "form": form, "charge": selectors.due_charge(req)}
    if not (context["charge"] and req.state == State.AWAITING_PAYMENT):  # else the form could only refuse
        context["paid"] = selectors.last_paid(request.user, req)
    return render(request, "payments/counter_payment.html", context)
