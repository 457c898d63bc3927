"""The desk's side of paid services: a hook the payments app registers (`fee_providers`), asked
for a service's fee before submission and on the receipt, and told when a request owes one; the
request waits in «در انتظار پرداخت» (clock paused) until `payment_received`, called only by the
payments app after a verified payment. With no provider registered every service is free here."""

from dataclasses import dataclass, field
from typing import Protocol

from django.db import transaction

from core.registry import Registry
from core.workflow import SYSTEM
from desk import notices, workflow
from desk.models import ServiceRequest, State
from desk.services.access import _staff_role

fee_providers = Registry("fee providers")


@dataclass(frozen=True)
class FeeQuote:
    """What a request of a service costs, in rials, and how it was reckoned (Persian)."""

    amount_rials: int
    explanation: str
    deposit_id: str = ""  # the rule's deposit ID, carried to the charge (the rule is read once)


@dataclass(frozen=True)
class PaymentSummary:
    """What the receipt and the request page show about a request's fee."""

    lines: list[tuple[str, str]] = field(default_factory=list)  # (label, value) rows
    pay_url: str = ""  # where the applicant pays, while the request awaits payment
    receipt_url: str = ""  # the payment receipt, once paid


class FeeProvider(Protocol):
    def describe(self, service) -> str: ...  # the fee rule in Persian, or "" for a free service

    def quote(self, service, form_data: dict) -> FeeQuote | None: ...

    def open_charge(self, request: ServiceRequest, quote: FeeQuote) -> str: ...  # returns the pay URL

    def summary(self, request: ServiceRequest) -> PaymentSummary | None: ...


def register_fee_provider(key: str, provider: FeeProvider) -> None:
    fee_providers.register(key, provider)


def fee_description(service) -> str:
    """The service's fee rule as shown before submission ("" when it collects no fee online)."""
    return next((text for p in fee_providers.values() if (text := p.describe(service))), "")


def fee_quote(service, form_data: dict) -> tuple[FeeProvider, FeeQuote] | None:
    for provider in fee_providers.values():
        quote = provider.quote(service, form_data)
        if quote is not None and quote.amount_rials > 0:
            return provider, quote
    return None


def payment_summary(request: ServiceRequest) -> PaymentSummary | None:
    return next((s for p in fee_providers.values() if (s := p.summary(request)) is not None), None)


def charge_if_due(request: ServiceRequest, *, ip: str | None = None) -> None:
    """In the intake's transaction: a request whose service collects a fee owes it and waits for
    it (the clock paused), and the applicant is told how to pay. A free service: nothing happens."""
    found = fee_quote(request.service, request.form_data)
    if found is None:
        return
    provider, quote = found
    pay_url = provider.open_charge(request, quote)
    workflow.apply(
        request,
        "await_payment",
        actor=None,
        actor_kind=SYSTEM,
        ip=ip,
        payload={"amount_rials": quote.amount_rials, "explanation": quote.explanation},
    )
    notices.payment_due(request, amount_rials=quote.amount_rials, pay_url=pay_url)


@transaction.atomic
def payment_received(request: ServiceRequest, *, payment_reference: str, amount_rials: int) -> None:
    """A verified payment settled the request's fee: it moves on from «در انتظار پرداخت» (a request
    already moved on, or withdrawn meanwhile, is left as it is: the payment stays on record)."""
    locked = ServiceRequest.objects.select_for_update().get(pk=request.pk)
    if locked.state != State.AWAITING_PAYMENT:
        return
    _system_apply(locked, "payment_received", reference=payment_reference, amount_rials=amount_rials)
    request.state = locked.state


def _system_apply(locked: ServiceRequest, name: str, *, actor_role: str = "", **payload):
    """The system performs transition `name` on the request whose row the caller has locked."""
    return workflow.WORKFLOW.apply(
        locked,
        name,
        actor=None,
        actor_kind=SYSTEM,
        locked=True,
        actor_role=actor_role,
        ip=None,
        payload=payload,
    ).event


def extra_fee_due(
    request: ServiceRequest,
    *,
    actor,
    amount_rials: int,
    reason: str,
    pay_url: str,
    notice_key: str,
    ip: str | None = None,
) -> None:
    """In the caller's transaction, after it checked `actor` is staff of the request's unit: the
    request in work owes an extra fee and waits for it (clock paused), remembering where it was;
    the applicant is told how to pay. Refused, changing nothing, from any other state."""
    workflow.apply(
        request,
        "await_payment",
        actor=actor,
        actor_kind=SYSTEM,
        actor_role=_staff_role(actor, request),
        ip=ip,
        payload={"amount_rials": amount_rials, "explanation": reason, "extra": True},
    )
    notices.payment_due(request, amount_rials=amount_rials, pay_url=pay_url, once_per=notice_key)


def payment_lapse(request: ServiceRequest, *, since_event_id: int, working_days_waited: int) -> None:
    """In the caller's transaction, the request's row locked: still unpaid after its reminder, the
    request is withdrawn (`payment_lapse`, clock stopped) and the applicant told."""
    event = _system_apply(
        request,
        "payment_lapse",
        actor_role=SYSTEM,
        since=since_event_id,
        working_days_waited=working_days_waited,
    )
    notices.payment_lapsed(request, event.pk)
