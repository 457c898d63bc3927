"""Demo requests in several states, through the same services the pages use.

Needs the accounts and catalogue demo data. The demo expert and unit head work in the Lorestan
directorate; it is added as a providing unit of three metrology services (provincial directorates
do test weighing instruments, fuel nozzles and hallmarks), so that their queue shows online and
counter-office requests in several states. No person or role is added. Idempotent: each demo
request has its own idempotency key, and a request that already exists is left as it is.
"""

import datetime as dt
from functools import cache
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from accounts.models import Role, User
from catalogue.models import Service
from core.calendar import add_working_days, is_working_day
from core.validators import national_code_with_check_digit
from desk import services
from desk.models import ServiceRequest, State
from orgs.models import CounterOffice, OrgUnit

APPLICANT_NINE, EXPERT_NINE, HEAD_NINE, OPERATOR_NINE = "007312456", "022643893", "032751904", "008425671"


@cache
def _demo_pdf() -> bytes:
    from weasyprint import HTML

    return HTML(string="<p dir='rtl'>مدرک نمونه برای نمایش میز خدمت</p>").write_pdf()


def _person(nine: str) -> User | None:
    return User.objects.filter(national_code=national_code_with_check_digit(nine)).first()


def _files(service: Service) -> dict:
    return {
        d.pk: SimpleUploadedFile(f"demo-{d.pk}.pdf", _demo_pdf(), content_type="application/pdf")
        for d in service.documents.filter(required=True)
        if "pdf" in d.formats
    }


def _form(service: Service) -> dict:
    data = {}
    for field in service.fields.all():
        kind = field.kind
        if kind in ("number", "integer"):
            data[field.name] = 3
        elif kind == "choice":
            data[field.name] = field.choice_list[0]
        elif kind == "yes_no":
            data[field.name] = False
        elif kind == "jalali_date":
            data[field.name] = timezone.localdate() + dt.timedelta(days=30)
        elif kind in ("text", "long_text"):
            data[field.name] = "نمونه"
    return data


def _submit(key, service, applicant, **extra):
    extra.setdefault("unit", OrgUnit.objects.get(code="IR-15"))
    request, created = services.submit_request(
        service=service,
        applicant=applicant,
        form_data=_form(service),
        files=_files(service),
        idempotency_key=f"demo-{key}",
        actor=extra.pop("actor", applicant),
        **extra,
    )
    return request, created


def _as_of(moment: dt.datetime):
    """Run the services as if it were `moment` (the demo's one late request was filed weeks ago:
    its events, submission time and clock all start then)."""
    return mock.patch("django.utils.timezone.now", return_value=moment)


def _weeks_ago() -> dt.datetime:
    day = timezone.localdate() - dt.timedelta(days=35)
    while not is_working_day(day):
        day -= dt.timedelta(days=1)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9, 30)))


def _steps(request, expert, names):
    for name in names:
        note = "لطفاً تصویر فاکتور خرید وسیله را هم بارگذاری کنید." if name == "request_more" else ""
        services.transition(request=request, name=name, user=expert, note=note)


@transaction.atomic
def seed(*, stdout, debug: bool) -> None:
    applicant, expert, head, operator = (
        _person(n) for n in (APPLICANT_NINE, EXPERT_NINE, HEAD_NINE, OPERATOR_NINE)
    )
    lorestan = OrgUnit.objects.filter(code="IR-15").first()
    services_by_id = {s.service_id: s for s in Service.objects.filter(service_id__startswith="100319")}
    if not all([applicant, expert, head, operator, lorestan]) or len(services_by_id) < 5:
        stdout.write("desk: demo people or services missing; run the accounts and catalogue demo first")
        return
    weighing, hallmark, nozzles = (services_by_id[i] for i in ("10031900024", "10031900023", "10031900025"))
    for service in (weighing, hallmark, nozzles):
        service.responsible_units.add(lorestan)
    promotion = services_by_id["10031940000"]
    office = CounterOffice.objects.filter(code="1520-01-01").first()
    created = 0

    _new, made = _submit(1, weighing, applicant)
    created += made

    review, made = _submit(2, hallmark, applicant)
    if made:
        created += 1
        services.assign_expert(requests=[review], expert=expert, by=head)
        _steps(review, expert, ["accept", "start_review"])
        day = add_working_days(timezone.localdate(), 3)
        services.book_appointment(
            request=review,
            user=expert,
            starts_at=timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0))),
            reason="تحویل قطعات برای آزمون عیار",
            documents_to_bring="اصل کارت ملی و فاکتور خرید قطعات",
            unit=lorestan,
        )

    waiting, made = _submit(3, nozzles, applicant)
    if made:
        created += 1
        _steps(waiting, expert, ["accept", "start_review", "request_more"])

    done, made = _submit(4, weighing, applicant)
    if made:
        created += 1
        _steps(done, expert, ["accept", "start_review", "advance", "advance", "approve"])
        services.issue_response(
            request=done, user=expert, text="وسایل توزین آزمون و پلمپ شدند؛ گواهی پیوست است."
        )
        services.record_response_download(request=done, user=applicant)
        services.submit_feedback(request=done, user=applicant, score=5, reasons=["speed", "staff"])

    if office is not None:
        counter, made = _submit(
            5,
            weighing,
            applicant,
            actor=operator,
            actor_role=Role.COUNTER_OPERATOR,
            channel="counter",
            counter_office=office,
        )
        if made:
            created += 1
            _steps(counter, expert, ["accept"])

    rejected, made = _submit(6, promotion, applicant)
    if made:
        created += 1
        if rejected.unit.code == "IR-15":  # the demo unit head works there
            services.transition(
                request=rejected, name="reject", user=head, note="این درخواست در دامنه خدمت ترویج نیست."
            )
            services.issue_response(request=rejected, user=head, text="درخواست شما در دامنه این خدمت نیست.")
    # One request filed weeks ago and still in review: the queue and its page show it overdue.
    with _as_of(_weeks_ago()):
        late, made = _submit(7, nozzles, applicant)
        if made:
            created += 1
            services.assign_expert(requests=[late], expert=expert, by=head)
            _steps(late, expert, ["accept", "start_review"])
    total = ServiceRequest.objects.count()
    states = ", ".join(
        f"{State(s).label}: {ServiceRequest.objects.filter(state=s).count()}"
        for s in ServiceRequest.objects.order_by().values_list("state", flat=True).distinct()
    )
    stdout.write(f"desk: {created} demo requests created ({total} in all; {states})")
