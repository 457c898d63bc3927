"""The summary is exact: after a random mix of the desk's real operations over weeks (submit in
every channel, review, pause and answer, lapse and reopen, withdraw, reassign, decide, respond,
close, rate; holidays deleted on the way), every figure of the report, by every grouping and for
several periods, equals a direct computation over the raw requests (first responses against the
SLA's first-response target, the medians in calendar days and the reasons chosen in ratings
included), periods of whole Jalali months read from the month rollup included; and a rebuild from
scratch gives the same summary (and month rollup) as the one the events kept."""

import datetime as dt
import random
import statistics
from collections import Counter, defaultdict

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

from catalogue.tests.factories import ServiceLevelAgreementFactory
from core.calendar import get_calendar
from core.models import Holiday
from desk import services, sla, workflow
from desk.models import (
    FEEDBACK_REASONS,
    OPEN_STATES,
    Appointment,
    Message,
    RequestEvent,
    ServiceRequest,
    State,
)
from desk.services import alerts
from desk.tests.factories import pdf_file, submit_request
from notifications import services as notification_services
from notifications.models import Notification
from reports import compliance, measure, months, summary
from reports.selectors import (
    BY,
    Figures,
    Places,
    Where,
    desk_report,
    desk_report_and_total,
    report_total,
    row_of,
)
from reports.tests.conftest import REFUSING_GATEWAY, at, summary_rows
from reports.tests.direct_compliance import direct_compliance

START = dt.date(2025, 2, 22)  # 1403/12/04
ESFAND = dt.date(2025, 2, 19)  # 1403/12/01
DAYS = 40
ANSWERED = (State.APPROVED, State.REJECTED, State.RESPONSE_ISSUED, State.CLOSED)


class Desk:
    """Random operations through the desk's services; a refused one changes nothing."""

    def __init__(self, world, rng):
        self.w, self.rng, self.keys = world, rng, iter(range(10**6))

    def requests(self, *states):
        return list(ServiceRequest.objects.filter(state__in=states).order_by("pk"))

    def pick(self, *states):
        found = self.requests(*states)
        return self.rng.choice(found) if found else None

    def expert(self, request):
        return self.w["experts"][request.unit_id]

    def submit(self):
        w, rng = self.w, self.rng
        service = rng.choice(w["services"])
        channel = rng.choice(
            ["online", "counter", "in_person"] if service.channel_in_person else ["online", "counter"]
        )
        place = {"counter_office": w["office"]} if channel == "counter" else {}
        if channel == "in_person":
            place = {"intake_unit": rng.choice(w["units"][:2])}
        applicant = rng.choice(w["applicants"])
        submit_request(
            service,
            applicant,
            form_data={"product_name": "کالا"},
            key=f"k{next(self.keys)}",
            channel=channel,
            unit=rng.choice([None, *service.responsible_units.all()]),
            **place,
        )

    def progress(self):
        request = self.pick(State.SUBMITTED, State.ACCEPTED, State.IN_REVIEW, State.APPROVED, State.REJECTED)
        if request is None:
            return
        expert, rng = self.expert(request), self.rng
        if request.state == State.SUBMITTED:
            name = "reject" if rng.random() < 0.15 else "accept"
        elif request.state == State.ACCEPTED:
            name = "start_review"
        elif request.state == State.IN_REVIEW:
            possible = {t.name for t in workflow.available(request, actor_kind=workflow.STAFF)}
            name = "advance" if "advance" in possible else "approve" if rng.random() < 0.8 else "reject"
        else:
            services.issue_response(request=request, user=expert, text="پاسخ", upload=pdf_file())
            return
        services.transition(request=request, name=name, user=expert, note="توضیح")

    def deliver(self):
        request = self.pick(State.RESPONSE_ISSUED)
        if request:
            services.record_response_download(request=request, user=request.applicant)

    def rate(self):
        request = self.pick(State.CLOSED)
        if request and not hasattr(request, "feedback"):
            reasons = self.rng.sample([code for code, _label in FEEDBACK_REASONS], self.rng.randint(0, 3))
            services.submit_feedback(
                request=request, user=request.applicant, score=self.rng.randint(1, 5), reasons=reasons
            )

    def message(self):
        """A message to the applicant (a first response if staff had not answered yet), or an
        internal note (never one)."""
        request = self.pick(State.SUBMITTED, State.ACCEPTED, State.IN_REVIEW, State.AWAITING_APPLICANT)
        if request:
            internal = self.rng.random() < 0.3
            services.post_message(
                request=request, author=self.expert(request), body="پیام", internal=internal
            )

    def pause(self):
        request = self.pick(State.ACCEPTED, State.IN_REVIEW)
        if request:
            services.transition(request=request, name="request_more", user=self.expert(request), note="مدرک")

    def answer(self):
        request = self.pick(State.AWAITING_APPLICANT)
        if request:
            services.post_message(request=request, author=request.applicant, body="پیوست شد")

    def withdraw(self):
        request = self.pick(*OPEN_STATES)
        if request:
            services.transition(request=request, name="withdraw", user=request.applicant)

    def reopen(self):
        lapsed = ServiceRequest.objects.filter(state=State.WITHDRAWN, events__name="lapse").distinct()
        request = self.rng.choice(list(lapsed.order_by("pk"))) if lapsed else None
        if request:
            services.transition(request=request, name="reopen", user=self.expert(request))

    def reassign(self):
        request = self.pick(*OPEN_STATES)
        if request:
            others = [u for u in request.service.responsible_units.all() if u.pk != request.unit_id]
            services.reassign_unit(
                request=request, unit=self.rng.choice(others), by=self.w["heads"][request.unit_id]
            )

    def book(self):
        """A visit booked by staff at a unit's desk or a counter office, a few days on (it cancels
        the request's visits not yet confirmed)."""
        rng = self.rng
        waiting = (Appointment.Status.PROPOSED, Appointment.Status.RESCHEDULE)
        pending = Appointment.objects.filter(status__in=waiting, request__state__in=OPEN_STATES)
        if pending.exists() and rng.random() < 0.5:  # booked again: the pending visit is cancelled
            request = rng.choice(list(pending.order_by("pk"))).request
        else:
            request = self.pick(*OPEN_STATES)
        if request:
            place = {"unit": request.unit} if rng.random() < 0.6 else {"counter_office": self.w["office"]}
            day = timezone.localdate() + dt.timedelta(days=rng.randint(1, 6))
            services.book_appointment(
                request=request,
                user=self.expert(request),
                starts_at=at(day, 10),
                reason="دیدن اصل مدرک",
                **place,
            )

    def answer_visit(self):
        proposed = list(Appointment.objects.filter(status=Appointment.Status.PROPOSED).order_by("pk"))
        if proposed:
            visit = self.rng.choice(proposed)
            confirm = self.rng.random() < 0.6
            services.answer_appointment(
                appointment=visit,
                user=visit.request.applicant,
                confirm=confirm,
                note="" if confirm else "عصر",
            )

    def fail_receipt(self):
        """The gateway refuses a request's receipt messages: the outbox gives up on them."""
        request = self.pick(*OPEN_STATES)
        if request:
            with override_settings(SMS_BACKEND=REFUSING_GATEWAY):
                for pk in (
                    _receipts_of(request)
                    .exclude(status=Notification.Status.FAILED)
                    .values_list("pk", flat=True)
                ):
                    notification_services.deliver(pk)

    def retry_receipt(self):
        """Staff send a failed receipt again (the outbox's «retry now»)."""
        failed = list(Notification.objects.filter(event="desk.receipt", status=Notification.Status.FAILED))
        if failed:
            notification_services.retry_now(Notification.objects.filter(pk=self.rng.choice(failed).pk))

    def delete_holiday(self, today):
        past = list(Holiday.objects.filter(date__lt=today).order_by("date"))
        if past:
            self.rng.choice(past).delete()


WEIGHTS = {"submit": 7, "progress": 12, "deliver": 2, "rate": 2, "pause": 2, "answer": 1, "withdraw": 1}
WEIGHTS |= {"reopen": 2, "reassign": 1, "message": 3}
WEIGHTS |= {"book": 2, "answer_visit": 1, "fail_receipt": 1, "retry_receipt": 1}


def _receipts_of(request):
    return Notification.objects.filter(event="desk.receipt", related_id=str(request.pk))


def agreements(world) -> None:
    """First-response targets: the licence's national one; the certificate's national one and the
    first province's own, tighter (a request is measured by the version of its routed province)."""
    licence, certificate = world["services"]
    first, second, _hq = world["units"]
    ServiceLevelAgreementFactory(
        service=licence, provider_unit=first, response_working_days=2, resolution_working_days=5
    )
    ServiceLevelAgreementFactory(service=certificate, provider_unit=second, response_working_days=3)
    ServiceLevelAgreementFactory(
        service=certificate, provider_unit=first, province=first.province, response_working_days=1
    )


def simulate(world, time_machine, seed: int) -> dt.date:
    rng = random.Random(seed)
    desk = Desk(world, rng)
    agreements(world)
    for offset in (3, 9, 10, 17, 24, 31):
        Holiday.objects.create(date=START + dt.timedelta(days=offset), title="تعطیل آزمون")
    for offset in range(DAYS):
        today = START + dt.timedelta(days=offset)
        for hour in sorted(rng.sample(range(8, 20), rng.randint(2, 8))):
            time_machine.move_to(at(today, hour), tick=False)
            name = rng.choices(list(WEIGHTS), weights=list(WEIGHTS.values()))[0]
            try:
                getattr(desk, name)()
            except ValidationError:
                pass  # refused (a guard, separation of duties): nothing changed
        if offset in (20, 33):
            desk.delete_holiday(today)
        time_machine.move_to(at(today, 23), tick=False)
        alerts.sweep(today=today)  # the nightly sweep: reminders and lapses
    return today


def direct(start: dt.date, end: dt.date, by: str, keep=lambda request: True) -> list[dict]:
    """The report computed from every request itself (those `keep` takes), with the desk's own
    clock."""
    names, figures = Places(by), defaultdict(Figures)
    today, local = timezone.localdate(), lambda moment: timezone.localtime(moment).date()
    histograms, calendar_histograms, first_histograms = (
        defaultdict(list),
        defaultdict(list),
        defaultdict(list),
    )

    def key(request, day):
        if by == "month":
            return ("month", *workflow_month(day))
        fields = {
            "province": (request.unit_id,),
            "unit": (request.unit_id,),
            "service": (request.service_id,),
            "channel": (request.channel,),
            "office": (request.channel, request.counter_office_id or 0, request.intake_unit_id or 0),
        }[by]
        return names(fields)

    calendar = get_calendar()
    for r in ServiceRequest.objects.select_related("feedback").order_by("pk"):
        if not keep(r):
            continue
        first = first_response_of(r, calendar)
        if first and start <= first[0] <= end:
            day, used, target, within = first
            f = figures[key(r, day)]
            f.first_responses += 1
            f.first_response_days += used
            f.first_response_targeted += target is not None
            f.first_response_within += within
            first_histograms[key(r, day)].append(used)
        accepted_on = local(r.submitted_at)
        if start <= accepted_on <= end:
            f = figures[key(r, accepted_on)]
            f.accepted += 1
            f.open += r.state in OPEN_STATES
            f.overdue += r.state in OPEN_STATES and not r.clock_paused and r.due_date < today
        decided_on = r.decided_at and local(r.decided_at)
        if decided_on and start <= decided_on <= end and r.state == State.WITHDRAWN:
            figures[key(r, decided_on)].withdrawn += 1
        if decided_on and start <= decided_on <= end and r.state in ANSWERED:
            clock = workflow.clock_for(r)
            f = figures[key(r, decided_on)]
            f.answered += 1
            f.working_days += clock.used
            f.calendar_days += (decided_on - local(r.submitted_at)).days
            f.within_sla += not clock.breached
            histograms[key(r, decided_on)].append(clock.used)
            calendar_histograms[key(r, decided_on)].append((decided_on - local(r.submitted_at)).days)
        feedback = getattr(r, "feedback", None)
        if feedback and start <= local(feedback.created_at) <= end:
            f = figures[key(r, local(feedback.created_at))]
            f.ratings += 1
            f.rating_sum += feedback.score
            f.reasons.update(feedback.reasons)
    rows = []
    for k, f in figures.items():
        code, place = names(((k[1], k[2]),)) if by == "month" else k
        row = row_of(code, place, f)
        values = histograms.get(k)
        row["median_working_days"] = f"{statistics.median(values):.1f}" if values else ""
        values = calendar_histograms.get(k)
        row["median_calendar_days"] = f"{statistics.median(values):.1f}" if values else ""
        values = first_histograms.get(k)
        row["median_first_response_days"] = f"{statistics.median(values):.1f}" if values else ""
        rows.append(row)
    return sorted(rows, key=lambda r: r["place_code"])


def first_response_of(r, calendar) -> tuple | None:
    """(day, working days, target, within) of the request's first response, read from its log:
    the first staff message that is not a note (by the message itself), request for more or
    decision; working days by the desk's clock over the log up to it; the target of the SLA in
    force on the day of acceptance for the province of the unit it was routed to."""
    local = lambda moment: timezone.localtime(moment).date()  # noqa: E731
    events = list(r.events.order_by("pk"))
    routed = next(e.payload["unit"] for e in events if e.kind == "assign_unit")

    def responds(e) -> bool:
        if e.kind == "message":
            return Message.objects.get(pk=e.payload["message"]).from_staff
        return e.kind == "transition" and e.name in ("request_more", "approve", "reject")

    index = next((i for i, e in enumerate(events) if responds(e)), None)
    if index is None:
        return None
    e = events[index]
    day = local(e.at)
    province = type(r.unit).objects.get(pk=routed).province_id_above()
    agreement = r.service.agreement_in_force(local(r.submitted_at), province_id=province)
    target = agreement.response_working_days if agreement else None
    pauses = [
        sla.ClockEvent(local(x.at), workflow.CLOCK_EFFECTS[x.name])
        for x in events[:index]
        if x.kind == "transition" and x.name in workflow.CLOCK_EFFECTS
    ]
    clock = sla.compute(
        calendar=calendar,
        start=local(r.submitted_at),
        target=target or 0,
        events=[*pauses, sla.ClockEvent(day, "stop")],
        today=day,
    )
    return day, clock.used, target, target is not None and not clock.breached


def workflow_month(day: dt.date) -> tuple[int, int]:
    from core.jalali import to_jalali

    jalali = to_jalali(day)
    return jalali.year, jalali.month


@pytest.mark.parametrize("seed", [1, 2])
def test_every_figure_of_the_report_equals_a_direct_count_of_the_requests(
    world, time_machine, settings, seed
):
    settings.MIZ_AWAITING_REMIND_AFTER_DAYS = 1
    settings.MIZ_AWAITING_WITHDRAW_AFTER_DAYS = 3
    last = simulate(world, time_machine, seed)
    requests = ServiceRequest.objects.all()
    assert requests.count() > 25
    happened = Counter(RequestEvent.objects.values_list("name", flat=True))
    reassigned = RequestEvent.objects.filter(name="assign_unit", actor__isnull=False).count()
    print(seed, dict(happened), reassigned, Holiday.objects.count())
    assert reassigned and Holiday.objects.count() < 6
    assert happened.keys() >= {"approve", "reject", "request_more", "applicant_answer", "withdraw", "lapse"}
    assert happened.keys() >= {"reopen", "close", "feedback", "message", "note"}
    firsts = [first_response_of(r, get_calendar()) for r in requests]
    firsts = [f for f in firsts if f]
    # Responses within and past their target, and some with none (the licence's HQ step has no SLA
    # of its own, but the routing decides: every request here has a target; see the page tests).
    assert {f[3] for f in firsts} == {True, False} and len(firsts) > 10
    periods = [(START, last), (START + dt.timedelta(days=9), START + dt.timedelta(days=25)), (last, last)]
    # Whole Jalali months (Esfand 1403; Bahman 1403 to Farvardin 1404), read from the month rollup
    # with the edges from the day rows (decision 0111).
    periods += [(ESFAND, last), (ESFAND - dt.timedelta(days=30), dt.date(2025, 4, 20))]
    assert all(months.split(start, end)[1] is not None for start, end in periods[3:])
    for start, end in periods:
        for by in BY:
            assert desk_report(start=start, end=end, by=by) == direct(start, end, by), (start, end, by)
    # The page's filters (reports.selectors.Where): a place, a service, a channel, a counter office.
    first, second, hq = world["units"]
    wheres = [
        (Where(unit_ids=frozenset({first.pk, hq.pk})), lambda r: r.unit_id in (first.pk, hq.pk)),
        (
            Where(service_ids=frozenset({world["services"][1].pk})),
            lambda r: r.service == world["services"][1],
        ),
        (
            Where(channel="counter", unit_ids=frozenset({second.pk})),
            lambda r: r.channel == "counter" and r.unit == second,
        ),
        (Where(office_id=world["office"].pk), lambda r: r.counter_office_id == world["office"].pk),
    ]
    for where, keep in wheres:
        for by in ("unit", "service", "month"):
            assert desk_report(start=START, end=last, by=by, where=where) == direct(START, last, by, keep), by
        total = report_total(start=START, end=last, where=where)
        for by in BY:  # every grouping's groups add up to the same whole, median included
            assert desk_report_and_total(start=START, end=last, by=by, where=where)[1] == total, by
        channels = direct(START, last, "channel", keep)
        for column in ("accepted", "answered", "open", "overdue", "withdrawn", "ratings", "first_responses"):
            assert total[column] == sum(row[column] for row in channels), column
    assert report_total(start=START, end=last, where=wheres[0][0])["answered"] > 0
    # Directive compliance (decision 0102): every figure of every (unit, service), from the summary,
    # equals a count over the requests, their receipt messages and their visits.
    assert happened.keys() >= {"book_appointment"}
    assert Notification.objects.filter(event="desk.receipt", status=Notification.Status.FAILED).exists()
    assert Appointment.objects.filter(status=Appointment.Status.CANCELLED).exists()
    for start, end in periods:
        for units in (None, frozenset({first.pk, hq.pk})):
            found = compliance._counts(start, end, units)
            assert {k: c for k, c in found.items() if c.active} == direct_compliance(start, end, units)
    kept = summary_rows()
    assert all(kept), "every table of the summary and of its month rollup has rows to compare"
    summary.rebuild()  # the month rows recounted from the day rows: the same as the events kept
    assert summary_rows() == kept
    # What the desk kept of each clock as it went (decision 0145) is what its log says, holidays
    # deleted on the way included: measured again from the logs, not one request changes.
    assert measure.measure(ServiceRequest.objects.all()) == (requests.count(), 0)
    summary.rebuild(remeasure=True)
    assert summary_rows() == kept
