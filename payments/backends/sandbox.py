"""A gateway inside Miz that behaves like a Shaparak one, for `make demo` and the tests: `start`
opens a transaction in `SandboxTransaction` and sends the payer to Miz's sandbox page
(`payments:sandbox`), whose buttons pay, cancel, pay with a verify that will fail or time out,
or pay and «close the tab» (no callback); the callback is a plain redirect the payer may reload
(a callback sent twice); `verify`, `reverse` and `inquiry` read and change the sandbox's ledger."""

import datetime as dt
import secrets

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from payments.backends.base import (
    CallbackData,
    Gateway,
    GatewayTimeout,
    GatewayTxn,
    Inquiry,
    Started,
    Verified,
)
from payments.models import SandboxTransaction

Tx = SandboxTransaction.State


class SandboxGateway(Gateway):
    code = "sandbox"
    label = "درگاه آزمایشی میز"

    def start(self, *, amount_rials: int, callback_url: str, description: str, mobile: str = "") -> Started:
        tx = SandboxTransaction.objects.create(
            authority="S" + secrets.token_hex(12), amount_rials=amount_rials, callback_url=callback_url
        )
        return Started(tx.authority, reverse("payments:sandbox", args=[tx.authority]))

    def parse_callback(self, data) -> CallbackData:
        amount = data.get("Amount")
        return CallbackData(
            authority=str(data.get("Authority", ""))[:100],
            ok=data.get("Status") == "OK",
            amount_rials=int(amount) if amount and str(amount).isascii() and str(amount).isdigit() else None,
        )

    @transaction.atomic
    def verify(self, *, authority: str, amount_rials: int) -> Verified:
        tx = SandboxTransaction.objects.select_for_update().filter(authority=authority).first()
        if tx is None:
            return Verified(False, message="تراکنش در درگاه یافت نشد.")
        if tx.verify_timeout:
            raise GatewayTimeout("sandbox verify timed out")
        if tx.fail_verify:
            return Verified(False, message="درگاه تأیید تراکنش را نپذیرفت.")
        if tx.state == Tx.VERIFIED:  # Shaparak answers «already verified» with the same reference
            return Verified(
                True, reference=tx.reference, amount_rials=tx.amount_rials, card_mask="603799******1234"
            )
        if tx.state != Tx.PAID:
            return Verified(False, message="تراکنش در درگاه پرداخت نشده است.")
        if tx.amount_rials != amount_rials:
            return Verified(
                False, amount_rials=tx.amount_rials, message="مبلغ تراکنش با مبلغ درخواست یکی نیست."
            )
        tx.state = Tx.VERIFIED
        tx.save(update_fields=["state"])
        return Verified(
            True, reference=tx.reference, amount_rials=tx.amount_rials, card_mask="603799******1234"
        )

    def reverse(self, *, authority: str) -> bool:
        changed = SandboxTransaction.objects.filter(
            authority=authority, state__in=[Tx.PAID, Tx.VERIFIED]
        ).update(state=Tx.REVERSED)
        return bool(changed)

    def inquiry(self, *, authority: str) -> Inquiry:
        tx = SandboxTransaction.objects.filter(authority=authority).first()
        if tx is None or tx.state in (Tx.CANCELLED, Tx.REVERSED):
            return Inquiry(False, "تراکنش پرداخت نشده یا برگشت خورده است.")
        if tx.state == Tx.PENDING:
            return Inquiry(None, "تراکنش هنوز باز است.")
        return Inquiry(True)

    def transactions(self, day: dt.date) -> list[GatewayTxn]:
        """The sandbox ledger's transactions opened on `day` (Tehran time): paid while the «bank»
        holds the money (paid or verified), not when pending, cancelled or reversed."""
        start = dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_current_timezone())
        rows = SandboxTransaction.objects.filter(
            created_at__gte=start, created_at__lt=start + dt.timedelta(days=1)
        ).order_by("created_at", "id")
        return [
            GatewayTxn(tx.authority, tx.amount_rials, tx.state in (Tx.PAID, Tx.VERIFIED), tx.reference)
            for tx in rows
        ]


def pay(authority: str, *, scenario: str = "pay") -> SandboxTransaction:
    """The payer pressed a button on the sandbox page: `pay`, `cancel`, `fail_verify`,
    `verify_timeout` or `close_tab` (paid, but the browser never comes back)."""
    with transaction.atomic():
        tx = SandboxTransaction.objects.select_for_update().get(authority=authority)
        if tx.state == Tx.PENDING:
            tx.state = Tx.CANCELLED if scenario == "cancel" else Tx.PAID
            tx.reference = "" if scenario == "cancel" else f"{secrets.randbelow(10**12):012d}"
            tx.fail_verify = scenario == "fail_verify"
            tx.verify_timeout = scenario == "verify_timeout"
            tx.save()
    return tx
