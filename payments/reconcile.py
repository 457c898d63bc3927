"""The daily reconciliation of payments (issue 16 item 5): a Jalali day's payments totalled by
service, handling unit and gateway, and the mismatches both ways between Miz and each gateway's
own list of that day (`Gateway.transactions`), read through the reader's scope (`reports.scope`:
HQ everything, a province manager their province's units); and the staff's inquiry of one payment
the gateway holds as paid while Miz has not settled it (the inquiry job's fix, on demand).

Counting conventions (also in docs/payments.md): a day's payments are those started or settled
that day (`selectors.payments_of_day`, as the CSV contract); «settled» counts the payments whose
verify succeeded that day, refunded ones included; «returned» counts the day's payments now
reversed (a duplicate the gateway took) or refunded. Amounts are rials."""

import datetime as dt
from dataclasses import dataclass, field, fields, replace

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.module_loading import import_string

from accounts.models import Role
from accounts.selectors import roles_at
from core.text import ltr_code, persian_sort_key
from payments import selectors, services
from payments.backends import BACKENDS, GatewayError, get_gateway
from payments.backends.base import GatewayTxn, NotSupported
from payments.models import Payment, PaymentEvent
from reports import scope as report_scope

P = Payment.State
NO_READER = (
    "گزارش تطبیق پرداخت‌ها برای مدیران است: مدیر کل استان، رئیس واحد، برنامه‌ریز ستاد، بازرس و مدیر سامانه."
)
# Who may ask the gateway about a payment from the report: the readers, less the auditor (who
# reads and does not act).
INQUIRERS = frozenset(str(role) for role in report_scope.READER_ROLES if role != Role.AUDITOR)
RETURNED = (P.REVERSED, P.REFUNDED)

NOT_SETTLED, NOT_REPORTED, AMOUNT = "not_settled", "not_reported", "amount"
KINDS = {
    NOT_SETTLED: "درگاه پرداخت‌شده می‌داند، میز تسویه نکرده است",
    NOT_REPORTED: "میز تسویه کرده، درگاه پرداختی گزارش نمی‌کند",
    AMOUNT: "مبلغ درگاه با مبلغ میز یکی نیست",
}


@dataclass(frozen=True)
class Line:
    """One row of a breakdown: its key (code), Persian name and figures."""

    key: str
    name: str
    count: int
    settled_count: int
    settled_rials: int
    returned_count: int
    returned_rials: int


@dataclass(frozen=True)
class Mismatch:
    kind: str
    gateway: str
    gateway_label: str
    authority: str
    payment: Payment | None  # None: the gateway reports a transaction Miz never opened
    miz_rials: int | None
    gateway_rials: int | None
    gateway_reference: str = ""

    @property
    def label(self) -> str:
        return KINDS[self.kind]

    @property
    def fixable(self) -> bool:
        """The inquiry job would settle it: the gateway holds the money, Miz's payment is open."""
        return self.kind == NOT_SETTLED and self.payment is not None and self.payment.state in Payment.OPEN


@dataclass(frozen=True)
class Unavailable:
    gateway: str
    label: str
    message: str


@dataclass
class DayReport:
    day: dt.date
    by_service: list[Line] = field(default_factory=list)
    by_unit: list[Line] = field(default_factory=list)
    by_gateway: list[Line] = field(default_factory=list)
    total: Line | None = None
    mismatches: list[Mismatch] = field(default_factory=list)
    unavailable: list[Unavailable] = field(default_factory=list)


def reader_scope(user) -> report_scope.Scope:
    """The units `user` may reconcile (as the managers' reports); PermissionDenied for others."""
    scope = report_scope.scope_for(user)
    if scope is None:
        raise PermissionDenied(NO_READER)
    return scope


def gateway_label(code: str) -> str:
    """A gateway's Persian name from its class, without building it (no configuration needed)."""
    try:
        return import_string(BACKENDS.get(code, code)).label or code
    except ImportError:
        return code


def _bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_current_timezone())
    return start, start + dt.timedelta(days=1)


def _in_scope(payments: QuerySet[Payment], scope: report_scope.Scope) -> QuerySet[Payment]:
    if scope.everything:
        return payments
    return payments.filter(charge__request__unit_id__in=scope.unit_ids)


def _lines(payments: QuerySet[Payment], day: dt.date, key: str, name: str) -> list[Line]:
    """The payments grouped by `key` (a field path) and counted in the database."""
    start, end = _bounds(day)
    settled = Q(settled_at__gte=start, settled_at__lt=end)
    returned = Q(state__in=RETURNED)
    fields = [key] if key == name else [key, name]
    rows = (
        payments.order_by()
        .values(*fields)
        .annotate(
            n=Count("id"),
            settled_n=Count("id", filter=settled),
            settled_sum=Sum("amount_rials", filter=settled, default=0),
            returned_n=Count("id", filter=returned),
            returned_sum=Sum("amount_rials", filter=returned, default=0),
        )
    )
    return [
        Line(
            str(row[key]),
            str(row[name]),
            row["n"],
            row["settled_n"],
            row["settled_sum"],
            row["returned_n"],
            row["returned_sum"],
        )
        for row in rows
    ]


def _sum(lines: list[Line]) -> Line:
    figures = [f.name for f in fields(Line) if f.name not in ("key", "name")]
    return Line("", "جمع", *(sum(getattr(line, name) for line in lines) for name in figures))


def day_report(*, day: dt.date, scope: report_scope.Scope) -> DayReport:
    """Everything the page and the exports show for `day`, limited to `scope`."""
    payments = _in_scope(selectors.payments_of_day(day), scope)
    report = DayReport(day=day)
    report.by_service = sorted(
        _lines(payments, day, "charge__request__service_id", "charge__request__service__title"),
        key=lambda line: persian_sort_key(line.name),
    )
    report.by_unit = sorted(
        _lines(payments, day, "charge__request__unit__code", "charge__request__unit__name"),
        key=lambda line: line.key,
    )
    report.by_gateway = [
        replace(line, name=gateway_label(line.key))
        for line in sorted(_lines(payments, day, "gateway", "gateway"), key=lambda line: line.key)
    ]
    report.total = _sum(report.by_service)
    report.mismatches, report.unavailable = mismatches(day=day, scope=scope)
    return report


def _current_code() -> str:
    name = getattr(settings, "PAYMENT_BACKEND", "sandbox")
    return import_string(BACKENDS.get(name, name)).code or name


def _gateway_lists(code: str, day: dt.date, earlier: set[dt.date]) -> tuple[list[GatewayTxn], dict]:
    """The gateway's list of `day`, and every transaction of `day` and the `earlier` days by
    authority (raises GatewayError or ImproperlyConfigured)."""
    gateway = get_gateway(code)
    today = gateway.transactions(day)
    listed: dict[str, GatewayTxn] = {}
    for other in sorted(earlier - {day}):
        listed.update((txn.authority, txn) for txn in gateway.transactions(other))
    listed.update((txn.authority, txn) for txn in today)
    return today, listed


def _unavailable(code: str, exc: Exception) -> Unavailable:
    label = gateway_label(code)
    if isinstance(exc, NotSupported):
        message = (
            f"درگاه «{label}» فهرست تراکنش‌های روز را در اختیار نمی‌گذارد؛ پرداخت‌های این درگاه را "
            "با گزارش روزانه پنل پذیرنده آن تطبیق دهید."
        )
    elif isinstance(exc, ImproperlyConfigured):
        message = f"درگاه «{label}» در این سامانه پیکربندی نشده است و فهرست آن خوانده نشد."
    else:
        message = f"درگاه «{label}» به درخواست فهرست تراکنش‌ها پاسخ نداد؛ کمی بعد دوباره بکوشید."
    return Unavailable(code, label, message)


def mismatches(*, day: dt.date, scope: report_scope.Scope) -> tuple[list[Mismatch], list[Unavailable]]:
    """The day's disagreements between Miz and each gateway in use, both ways: a transaction the
    gateway holds as paid that Miz has not settled (or never opened: shown to HQ only, as it has
    no unit), and a payment Miz settled that day that the gateway does not hold as paid or holds
    with another amount. A gateway that cannot list its day is reported as unavailable."""
    start, end = _bounds(day)
    day_payments = list(
        _in_scope(selectors.payments_of_day(day), scope).select_related(
            "charge__request__service", "charge__request__unit"
        )
    )
    found: dict[tuple[str, str], Mismatch] = {}
    unavailable = []
    for code in sorted({p.gateway for p in day_payments} | {_current_code()}):
        if not import_string(BACKENDS.get(code, code)).online:
            continue  # a counter office's payments: nothing on a bank side to compare
        settled = [
            p
            for p in day_payments
            if p.gateway == code and p.state == P.SETTLED and start <= p.settled_at < end
        ]
        # A payment settled today may have been opened the day before: read that day's list too.
        opened = {timezone.localtime(p.created_at).date() for p in settled}
        try:
            today, listed = _gateway_lists(code, day, opened)
        except (GatewayError, ImproperlyConfigured) as exc:
            unavailable.append(_unavailable(code, exc))
            continue
        for mismatch in [*_paid_not_settled(code, today, scope), *_settled_not_paid(code, settled, listed)]:
            found.setdefault((code, mismatch.authority), mismatch)
    return sorted(found.values(), key=lambda m: (m.kind, m.gateway, m.authority)), unavailable


def _paid_not_settled(code: str, today: list[GatewayTxn], scope: report_scope.Scope):
    """The gateway's paid transactions of the day that Miz has not settled, or settled for another
    amount; one Miz never opened has no unit and is HQ's to see."""
    label = gateway_label(code)
    paid = [txn for txn in today if txn.paid]
    known = {
        p.authority: p
        for p in Payment.objects.filter(
            gateway=code, authority__in=[t.authority for t in paid]
        ).select_related("charge__request__service", "charge__request__unit")
    }
    for txn in paid:
        payment = known.get(txn.authority)
        if payment is None:
            if scope.everything:
                yield Mismatch(
                    NOT_SETTLED, code, label, txn.authority, None, None, txn.amount_rials, txn.reference
                )
            continue
        if not scope.covers({payment.charge.request.unit_id}):
            continue
        if payment.state != P.SETTLED:
            kind = NOT_SETTLED
        elif payment.amount_rials != txn.amount_rials:
            kind = AMOUNT
        else:
            continue
        yield Mismatch(
            kind, code, label, txn.authority, payment, payment.amount_rials, txn.amount_rials, txn.reference
        )


def _settled_not_paid(code: str, settled: list[Payment], listed: dict[str, GatewayTxn]):
    """Payments Miz settled that day that the gateway does not hold as paid, or holds for another
    amount."""
    label = gateway_label(code)
    for payment in settled:
        txn = listed.get(payment.authority)
        if txn is None or not txn.paid:
            kind = NOT_REPORTED
        elif txn.amount_rials != payment.amount_rials:
            kind = AMOUNT
        else:
            continue
        yield Mismatch(
            kind,
            code,
            label,
            payment.authority,
            payment,
            payment.amount_rials,
            txn.amount_rials if txn else None,
            txn.reference if txn else "",
        )


def may_inquire(user, payment: Payment) -> bool:
    """Whether `user` asks the gateway about `payment` (a manager where its request is handled;
    the auditor reads the report and does not inquire)."""
    return bool(roles_at(user, payment.charge.request.unit) & INQUIRERS)


def inquire(*, payment_id: int, actor) -> services.Outcome:
    """Staff ask the gateway about one open payment from the report, as the inquiry job would:
    a paid one is settled by the same verify (`services.settle`); otherwise nothing changes and
    the job closes or expires it in its turn. 404 for a payment outside the actor's scope."""
    payment = (
        _in_scope(Payment.objects.select_related("charge__request__unit"), reader_scope(actor))
        .filter(pk=payment_id)
        .first()
    )
    if payment is None:
        raise Http404("پرداخت یافت نشد.")
    if not may_inquire(actor, payment):
        raise PermissionDenied("استعلام از درگاه با مدیران است؛ بازرس گزارش را می‌خواند و استعلام نمی‌کند.")
    if payment.state not in Payment.OPEN or not payment.authority:
        raise ValidationError(
            f"این پرداخت «{payment.get_state_display()}» است؛ استعلام از درگاه چیزی را در آن تغییر نمی‌دهد.",
            code="not_open",
        )
    try:
        answer = get_gateway(payment.gateway).inquiry(authority=payment.authority)
    except (GatewayError, ImproperlyConfigured) as exc:
        raise ValidationError(
            "درگاه به استعلام پاسخ نداد؛ چیزی تغییر نکرد. کمی بعد دوباره بکوشید.", code="gateway"
        ) from exc
    PaymentEvent.objects.create(
        payment=payment, name="staff_inquiry", detail={"by": actor.pk, "paid": answer.paid}
    )
    if answer.paid:
        outcome = services.settle(payment_id=payment.pk, via="staff_inquiry")
        if outcome.settled:  # the settle's own sentence speaks to the payer
            code = ltr_code(payment.charge.request.tracking_code)
            return services.Outcome(
                True, f"پرداخت درخواست {code} با استعلام از درگاه تسویه شد و درخواست به جریان افتاد.", payment
            )
        return outcome
    return services.Outcome(
        False,
        "درگاه این پرداخت را پرداخت‌شده نمی‌داند؛ چیزی تغییر نکرد و کار استعلام خودکار آن را می‌بندد.",
        payment,
    )
