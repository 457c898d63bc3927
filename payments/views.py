"""Pages of payments: the applicant's pay page, the gateway's callback, the sandbox gateway's page,
the payment receipt (page and PDF) and the staff's refund."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from core.outcome import perform
from desk import selectors as desk_selectors
from payments import forms, pdf, selectors, services
from payments.backends import get_gateway
from payments.backends import sandbox as sandbox_backend
from payments.models import SandboxTransaction
from payments.reconcile import gateway_label


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def pay(request, code: str):
    charge = selectors.charge_for(request.user, code)
    if request.method == "POST":
        gateway_page: list[str] = []  # the gateway's page, when the payment started
        started = perform(
            request,
            services.start_payment,
            success=lambda result: gateway_page.append(result[1]) or "",
            request=charge.request,
            payer=request.user,
            callback_url=lambda p: request.build_absolute_uri(reverse("payments:callback", args=[p.pk])),
        )
        return redirect(gateway_page[0]) if started else redirect("payments:pay", code)
    return render(request, "payments/pay.html", {"charge": charge, "gateway": get_gateway().label})


@never_cache
@csrf_exempt  # the gateway posts back from its own site; nothing is trusted before verify
@require_http_methods(["GET", "POST"])
def callback(request, pk: int):
    data = request.POST if request.method == "POST" else request.GET
    outcome = services.handle_callback(payment_id=pk, data=data, user=request.user)
    mine = outcome.payment is not None and request.user.pk == outcome.payment.payer_id
    return render(request, "payments/result.html", {"outcome": outcome, "mine": mine})


def _sandbox_tx(authority: str) -> SandboxTransaction:
    tx = SandboxTransaction.objects.filter(authority=authority[:40]).first()
    if getattr(settings, "PAYMENT_BACKEND", "sandbox") != "sandbox" or tx is None:
        raise Http404("تراکنش یافت نشد.")
    return tx


@never_cache
@require_http_methods(["GET", "POST"])
def sandbox(request, authority: str):
    tx = _sandbox_tx(authority)
    if request.method == "GET" or tx.state != SandboxTransaction.State.PENDING:
        return render(request, "payments/sandbox.html", {"tx": tx, "scenarios": forms.SANDBOX_SCENARIOS})
    scenario = request.POST.get("scenario", "")
    if scenario not in dict(forms.SANDBOX_SCENARIOS):
        raise Http404("گزینه ناشناخته است.")
    tx = sandbox_backend.pay(tx.authority, scenario=scenario)
    if scenario == "close_tab":
        return render(request, "payments/sandbox_closed.html", {"tx": tx})
    status = "NOK" if scenario == "cancel" else "OK"
    query = urlencode({"Authority": tx.authority, "Status": status, "Amount": tx.amount_rials})
    return redirect(f"{tx.callback_url}?{query}")


@login_required
def receipt(request, pk: int):
    payment = selectors.payment_for(request.user, pk)
    return render(request, "payments/receipt.html", _receipt_context(request, payment))


def _receipt_context(request, payment) -> dict:
    context = {"payment": payment, "req": payment.charge.request, "charge": payment.charge}
    context["gateway_label"] = gateway_label(payment.gateway)
    if desk_selectors.is_unit_staff(request.user, payment.charge.request):  # `refund` checks again
        context["refund_form"] = forms.RefundForm()
    return context


@login_required
def receipt_pdf(request, pk: int):
    payment = selectors.payment_for(request.user, pk)
    data = pdf.receipt_pdf(payment, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="payment-{payment.charge.request.tracking_code}.pdf"'
    return response


@login_required
@require_POST
def refund(request, pk: int):
    payment = selectors.payment_for(request.user, pk)
    form = forms.RefundForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    perform(
        request,
        services.refund,
        payment=payment,
        actor=request.user,
        reason=reason,
        success="هزینه بازپرداخت شد.",
    )
    return redirect("payments:receipt", payment.pk)
