"""Lines of `core.tests.demo_forms.FORMS` for the desk and payment forms a request shows only in
a given state, or after a step before: the counter's confirmation by the applicant's one-time code
(after the counter's start), the staff's response (an approved request), the extra fee (a request
in work), a laboratory's answer (a request at the step it runs), the applicant's payment and the
sandbox gateway's page (a request awaiting its fee), the counter's payment (a counter request
awaiting its fee), the refund (a paid request rejected before review) and the managers' inquiry
from the daily reconciliation (a payment the gateway holds and Miz has not settled). Each page is
readied afresh at each pass, on a request of its own filed and moved through the services
(`desk.services`, `payments.services`), and each effect reads back what the submission saved.
`work_pages` (core/tests/test_demo_pages_browser.py) readies the same pages for the walk."""

import itertools
import re

from accounts.models import Role
from core.tests.demo_forms.base import NOTE, UPLOAD_JPEG, Choose, DemoForm, _counts

HALLMARK = "10031900023"  # آزمون انگ فلزات گرانبها: a fixed fee of 500,000 rials (payments.demo)
WEIGHING = "10031900024"  # آزمون و پلمپ‌گذاری وسایل توزین: free, counter channel
_serial = itertools.count(1)
# The readers of the daily reconciliation who may inquire (the auditor reads it only).
MANAGERS = (Role.HQ_PLANNER, Role.PROVINCE_MANAGER, Role.UNIT_HEAD, Role.ADMINISTRATOR)


class _Fill(dict):
    """A line's filling whose values may be read at each pass: a function of nothing giving the
    text (a receipt's reference unique to the pass's request, a code just sent by SMS)."""

    def get(self, key, default=None):
        value = super().get(key, default)
        return value() if callable(value) else value


def _person(role: Role):
    from accounts.demo import DEMO_PEOPLE
    from accounts.models import User
    from core.validators import national_code_with_check_digit

    nine = next(n for r, _first, _last, n, _mobile in DEMO_PEOPLE if r == role)
    return User.objects.get(national_code=national_code_with_check_digit(nine))


def _file(service_id: str, **extra):
    """A new request of the demo applicant in the Lorestan directorate (the demo staff's unit),
    filed through `desk.services.submit_request` with the form the demo fills and a scanned
    picture for each required document."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from catalogue.models import Service
    from counters.demo import JPEG
    from desk import services
    from desk.demo import _form
    from orgs.models import OrgUnit

    service = Service.objects.get(service_id=service_id)
    files = {
        d.pk: SimpleUploadedFile("کارت-ملی.jpg", JPEG, content_type="image/jpeg")
        for d in service.documents.filter(required=True)
    }
    applicant = _person(Role.APPLICANT)
    request, _created = services.submit_request(
        service=service,
        applicant=applicant,
        form_data=_form(service),
        files=files,
        idempotency_key=f"keyboard-{next(_serial)}",
        actor=extra.pop("actor", applicant),
        unit=OrgUnit.objects.get(code="IR-15"),
        **extra,
    )
    return request


def _moved(request, *names) -> None:
    from desk import services

    for name in names:
        services.transition(request=request, name=name, user=_person(Role.STAFF_EXPERT))


def _request(key: str):
    from desk.models import ServiceRequest

    return ServiceRequest.objects.get(tracking_code=_counts[key])


def _approved(user) -> str:
    """A request reviewed and approved, its response not issued yet."""
    request = _file(WEIGHING)
    _moved(request, "accept", "start_review", "advance", "advance", "approve")
    _counts["response"] = request.tracking_code
    return f"/desk/r/{request.tracking_code}/"


def _response_issued(user) -> str:
    response = getattr(_request("response"), "response", None)
    if response is None or response.text != NOTE:
        return f"the response issued is {response and response.text!r}"
    return ""


def _in_work(user) -> str:
    """A request accepted by the unit (an extra fee is raised on a request in work)."""
    request = _file(WEIGHING)
    _moved(request, "accept")
    _counts["extra fee"] = request.tracking_code
    return f"/payments/r/{request.tracking_code}/fee/"


EXTRA_FEE = {"id_amount": "۲٬۵۰۰٬۰۰۰", "id_reason": NOTE}


def _fee_raised(user) -> str:
    from desk.models import State
    from payments.models import Charge

    request = _request("extra fee")
    charge = Charge.objects.filter(request=request).order_by("-pk").first()
    if charge is None or charge.amount_rials != 2_500_000 or NOTE not in charge.explanation:
        return f"the charge raised is {charge and (charge.amount_rials, charge.explanation)}"
    return "" if request.state == State.AWAITING_PAYMENT else f"the request is {request.state}"


def _awaiting_payment(key: str, **extra):
    """A new hallmark request (a fixed fee) awaiting its payment."""
    from desk.models import State

    request = _file(HALLMARK, **extra)
    assert request.state == State.AWAITING_PAYMENT, request.state
    _counts[key] = request.tracking_code
    return request


def _pay_page(user) -> str:
    return f"/payments/r/{_awaiting_payment('pay').tracking_code}/pay/"


def _payment_started(user) -> str:
    from payments.models import Payment

    started = Payment.objects.filter(charge__request=_request("pay"), payer=user).exclude(authority="")
    return "" if started.exists() else "no payment was opened at the gateway"


def _started(request):
    """The applicant's payment of `request` opened at the sandbox gateway; (payment, its page)."""
    from django.urls import reverse

    from payments import services

    return services.start_payment(
        request=request,
        payer=request.applicant,
        callback_url=lambda p: reverse("payments:callback", args=[p.pk]),
    )


def _gateway_page(user) -> str:
    payment, page = _started(_awaiting_payment("sandbox"))
    _counts["sandbox payment"] = payment.pk
    return page


def _paid_online(user) -> str:
    from desk.models import State
    from payments.models import Payment

    payment = Payment.objects.get(pk=_counts["sandbox payment"])
    request = _request("sandbox")
    if payment.state != Payment.State.SETTLED or request.state == State.AWAITING_PAYMENT:
        return f"the payment is {payment.state}, the request {request.state}"
    return ""


def _counter_fee(user) -> str:
    """A hallmark request the operator filed at their office, awaiting its fee there."""
    from desk import selectors

    office = selectors.operator_offices(user).first()
    at_office = {"actor": user, "actor_role": Role.COUNTER_OPERATOR, "counter_office": office}
    request = _awaiting_payment("counter payment", channel="counter", **at_office)
    return f"/payments/r/{request.tracking_code}/counter/"


# The office refuses a receipt's reference it recorded before: each pass's is its request's code.
COUNTER_PAID = _Fill(id_amount="۵۰۰٬۰۰۰", id_reference=lambda: _counts["counter payment"][-8:])


def _paid_at_counter(user) -> str:
    from desk.models import State
    from payments.models import Payment

    request = _request("counter payment")
    paid = Payment.objects.filter(charge__request=request, state=Payment.State.SETTLED).first()
    if paid is None or request.state == State.AWAITING_PAYMENT:
        return f"no settled payment; the request is {request.state}"
    return ""


def _settled(request):
    """`request`'s fee paid at the sandbox gateway and settled, as the callback would."""
    from payments import services
    from payments.backends import sandbox

    payment, _page = _started(request)
    sandbox.pay(payment.authority, scenario="pay")
    services.settle(payment_id=payment.pk, via="callback", callback_ok=True)
    payment.refresh_from_db()
    return payment


def _refundable(user) -> str:
    """A paid request the unit rejected before its review began: its receipt offers the refund."""
    from desk import services

    request = _awaiting_payment("refund")
    payment = _settled(request)
    services.transition(request=request, name="reject", user=user, note="خارج از دامنه خدمت")
    _counts["refund payment"] = payment.pk
    return f"/payments/{payment.pk}/receipt/"


def _refunded(user) -> str:
    from payments.models import Payment

    payment = Payment.objects.get(pk=_counts["refund payment"])
    if payment.state != Payment.State.REFUNDED or payment.refund_reason != NOTE:
        return f"the payment is {payment.state} ({payment.refund_reason!r})"
    return ""


def _unsettled(user) -> str:
    """A payment the gateway took but Miz never heard of (the payer closed the tab before coming
    back): today's reconciliation lists it, with the managers' inquiry that settles it."""
    from payments.backends import sandbox

    payment, _page = _started(_awaiting_payment("inquiry"))
    sandbox.pay(payment.authority, scenario="close_tab")
    _counts["inquiry payment"] = payment.pk
    return "/payments/reconcile/"


def _inquired(user) -> str:
    from payments.models import Payment

    payment = Payment.objects.get(pk=_counts["inquiry payment"])
    return "" if payment.state == Payment.State.SETTLED else f"the payment is {payment.state}, not settled"


def _counter_intake_started(user) -> str:
    """The counter's first step done for a new applicant: the operator's office checked and the
    applicant's one-time code sent by `desk.services.start_counter_intake`, and what the start
    page keeps in the operator's session for the confirming page put in each of the operator's
    sessions (the browser's, or the walk's client's)."""
    from django.conf import settings
    from django.contrib.sessions.models import Session
    from django.utils import timezone
    from django.utils.module_loading import import_string

    from catalogue.models import Service
    from core import sms
    from core.validators import national_code_with_check_digit
    from desk import selectors, services
    from desk.views._common import COUNTER_KEY

    serial = next(_serial)
    national_code, mobile = national_code_with_check_digit(f"7770{serial:05d}"), f"0935{serial:07d}"
    office = selectors.operator_offices(user).first()
    service = Service.objects.get(service_id=HALLMARK)
    services.start_counter_intake(
        operator=user, national_code=national_code, mobile=mobile, counter_office=office, service=service
    )
    sent = next(m for m in reversed(sms.outbox) if m.to.endswith(mobile[1:]))  # sent on commit
    _counts["otp"] = re.search(r"کد: (\d{6})", sent.text).group(1)
    _counts["counter applicant"] = national_code
    pending = {
        "service": HALLMARK,
        "national_code": national_code,
        "mobile": mobile,
        "first_name": "مینا",
        "last_name": "کاظمی",
        "place": f"office:{office.pk}",
        "key": services.new_idempotency_key(),
    }
    store = import_string(f"{settings.SESSION_ENGINE}.SessionStore")
    for row in Session.objects.filter(expire_date__gt=timezone.now()):
        if row.get_decoded().get("_auth_user_id") == str(user.pk):
            session = store(session_key=row.session_key)
            session[COUNTER_KEY] = pending
            session.save()
    return "/desk/counter/confirm/"


COUNTER_CONFIRM = _Fill(
    {"id_otp": lambda: _counts["otp"], "id_metal": Choose(1), "id_pieces": "۳", "[type=file]": UPLOAD_JPEG}
)


def _filed_at_counter(user) -> str:
    from desk.models import ServiceRequest

    filed = ServiceRequest.objects.filter(applicant__national_code=_counts["counter applicant"])
    if not filed.filter(channel="counter", counter_office__isnull=False).exists():
        return "no counter request was filed for the applicant who gave the code"
    return ""


EXTERNAL_SERVICE = "39000000001"  # made by the line: the demo's catalogue has no step an outside body runs


def _service_with_a_laboratory():
    """A service of the Lorestan directorate whose first step a laboratory runs (its test report
    recorded by the unit's staff), then the unit's expert decides; made once per demo."""
    from catalogue.models import Service, WorkflowStep
    from catalogue.tests.factories import WorkflowStepFactory
    from desk.tests.factories import make_service
    from orgs.models import OrgUnit
    from orgs.tests.factories import ExternalPartyFactory

    service = Service.objects.filter(service_id=EXTERNAL_SERVICE).first()
    if service is None:
        unit = OrgUnit.objects.get(code="IR-15")
        service = make_service([unit], steps=0, documents=False, service_id=EXTERNAL_SERVICE)
        lab = ExternalPartyFactory(name="آزمایشگاه همکار آزمون‌گستر")
        steps = [
            ("آزمون نمونه", {"run_by": WorkflowStep.RunBy.EXTERNAL, "external_party": lab}),
            ("تصمیم", {"responsible_unit": unit, "responsible_role": Role.STAFF_EXPERT}),
        ]
        for order, (title, extra) in enumerate(steps, start=1):
            WorkflowStepFactory(service=service, order=order, title=title, target_working_days=2, **extra)
    return service


def _at_the_laboratory(user) -> str:
    """A request in review at the step the laboratory runs: its page takes the lab's answer."""
    _service_with_a_laboratory()
    request = _file(EXTERNAL_SERVICE)
    _moved(request, "accept", "start_review")
    _counts["external"] = request.tracking_code
    return f"/desk/r/{request.tracking_code}/"


def _answer_recorded(user) -> str:
    from desk.models import RequestEvent

    request = _request("external")
    answer = request.events.filter(kind=RequestEvent.Kind.EXTERNAL, name="external_answer").first()
    if answer is None or (answer.payload or {}).get("note") != NOTE:
        return f"the answer recorded is {answer and answer.payload}"
    return "" if request.step_number == 2 else f"the request is at step {request.step_number}, not the next"


DESK_FLOWS = [
    DemoForm(
        (Role.COUNTER_OPERATOR,),
        _counter_intake_started,
        "counter-confirm",
        COUNTER_CONFIRM,
        effect=_filed_at_counter,
    ),
    DemoForm((Role.STAFF_EXPERT,), _approved, "response-form", {"id_text": NOTE}, effect=_response_issued),
    DemoForm((Role.STAFF_EXPERT,), _in_work, "extra-fee-form", EXTRA_FEE, effect=_fee_raised),
    DemoForm((Role.APPLICANT,), _pay_page, "pay-form", effect=_payment_started),
    DemoForm((Role.APPLICANT,), _gateway_page, "sandbox-form", submit="#sandbox-pay", effect=_paid_online),
    DemoForm(
        (Role.COUNTER_OPERATOR,), _counter_fee, "counter-payment-form", COUNTER_PAID, effect=_paid_at_counter
    ),
    DemoForm(MANAGERS, _unsettled, "payments:reconcile_inquire", effect=_inquired),
    DemoForm(
        (Role.STAFF_EXPERT,),
        _at_the_laboratory,
        "external-answer-form",
        {"id_document": UPLOAD_JPEG, "id_note": NOTE},
        effect=_answer_recorded,
    ),
    DemoForm((Role.STAFF_EXPERT,), _refundable, "refund-form", {"id_reason": NOTE}, effect=_refunded),
]
