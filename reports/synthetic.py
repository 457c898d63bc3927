"""Synthetic desk requests for benchmarks and report tests (`manage.py desk_generate`): N requests
over two years, 31 provinces, every active service and each channel it allows, with pauses,
lapses, reopenings, decisions, responses, withdrawals and ratings. Written in bulk, but keeping
the desk's invariants: valid tracking codes of the year of submission, an event log that replays
to the stored state (the transitions of `desk.workflow`), due dates and paused flags from the
desk's clock (`desk.sla` over the business calendar), search documents, and the summary
(`reports.summary`). Deterministic: the same seed on the same reference data (and the same
`end`) gives the same requests. For test and benchmark databases only (decision 0068). Written by
`reports.bulk` with ids reserved ahead, the first response and the summary's share computed from
what was generated rather than read back (decision 0111)."""

import datetime as dt
import random
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from catalogue.models import Channel, Service, ServiceLevelAgreement
from core.calendar import get_calendar
from core.jalali import to_jalali
from core.validators import legal_id_is_valid, national_code_with_check_digit
from desk import first_response, search, sla, tracking
from desk.models import (
    FEEDBACK_REASONS,
    Decision,
    RequestEvent,
    ServiceRequest,
    State,
    applicant_sort_key,
)
from desk.workflow import CLOCK_EFFECTS
from orgs.models import CounterOffice, OrgUnit
from reports import bulk

Kind = RequestEvent.Kind
YEARS = 2
CHANNEL_WEIGHTS = {Channel.ONLINE: 6, Channel.COUNTER: 3, Channel.IN_PERSON: 2}
FIRST = "علی محمد حسین رضا مهدی زهرا فاطمه مریم سارا نرگس حمید سعید امیر کاوه شیرین".split()
LAST = "محمدی حسینی رضایی کریمی موسوی احمدی جعفری صادقی رحیمی نوری قاسمی عباسی".split()


@dataclass
class Life:
    """One request's life as it is generated: its events and where it ended."""

    events: list = field(default_factory=list)
    state: str = State.SUBMITTED
    step: int | None = None
    resume: str = ""
    decided_at: dt.datetime | None = None
    closed_at: dt.datetime | None = None
    decision: str | None = None
    feedback: tuple | None = None


def _refuse(message: str) -> ValidationError:
    return ValidationError(message, code="generate")


def _prefix(seed: int) -> str:
    return f"synthetic-{seed}-"


def check(*, count: int, seed: int) -> None:
    if count < 1 or count > 10_000_000:
        raise _refuse("شمار درخواست‌ها باید از ۱ تا ۱۰٬۰۰۰٬۰۰۰ باشد.")
    if ServiceRequest.objects.filter(idempotency_key__startswith=_prefix(seed)).exists():
        raise _refuse("با این seed پیش‌تر درخواست ساخته شده است؛ seed دیگری بدهید.")


class Generator:
    def __init__(self, *, seed: int, end: dt.datetime):
        self.rng = random.Random(seed)
        self.seed, self.end = seed, end
        self.calendar = get_calendar()
        self.provinces = list(
            OrgUnit.objects.filter(kind=OrgUnit.Kind.PROVINCE, is_active=True)
            .select_related("province")
            .order_by("code")
        )
        self.services = list(
            Service.objects.filter(is_active=True)
            .prefetch_related("steps", "responsible_units")
            .order_by("pk")
        )
        if not self.provinces or not self.services:
            raise _refuse(
                "واحدهای استانی یا خدمت فعالی نیست؛ نخست داده‌های پایه را بارگذارید (manage.py seed_demo)."
            )
        self.own_units = {
            s.pk: [u for u in s.responsible_units.all() if u.is_active and u.kind != OrgUnit.Kind.PROVINCE]
            for s in self.services
        }
        self.steps = {s.pk: sorted(st.order for st in s.steps.all()) for s in self.services}
        self.targets = {s.pk: s.target_working_days(end.date()) or 10 for s in self.services}
        self.offices = self._offices()
        self.staff = self._staff()
        self.today = timezone.localdate()
        self.first_response_target = first_response.Targets(ServiceLevelAgreement, OrgUnit)

    # ---- reference data the requests need ------------------------------------------------

    def _offices(self) -> dict[int, list[CounterOffice]]:
        """Counter offices by province; one synthetic office where a province has none."""
        offices: dict[int, list[CounterOffice]] = {}
        for n, unit in enumerate(self.provinces):
            found = list(
                CounterOffice.objects.filter(province=unit.province, is_active=True).order_by("code")
            )
            if not found:
                found = [
                    CounterOffice.objects.get_or_create(
                        code=f"9{n:03d}-00-01",
                        defaults={
                            "name": f"دفتر پیشخوان نمونه {unit.province.name}",
                            "kind": CounterOffice.Kind.GOVERNMENT_COUNTER,
                            "province": unit.province,
                        },
                    )[0]
                ]
            offices[unit.pk] = found
        return offices

    def _staff(self) -> User:
        code = national_code_with_check_digit("999000001")
        return User.objects.filter(national_code=code).first() or User.objects.create_user(
            code, "+989129990001", None, first_name="کارشناس", last_name="نمونه"
        )

    def applicants(self, count: int) -> dict[str, list[User]]:
        """A pool of applicants (one in ten a company) for this seed, created if missing."""
        size = max(20, min(count // 4, 90_000))
        people = []
        for i in range(size):
            nine = f"{7 + self.seed % 2}{self.seed % 1000:03d}{i:05d}"
            legal = i % 10 == 9
            people.append(
                User(
                    national_code=national_code_with_check_digit(nine),
                    mobile=f"+98935{self.seed % 100:02d}{i:05d}",
                    first_name=FIRST[i % len(FIRST)],
                    last_name=LAST[(i // len(FIRST)) % len(LAST)],
                    person_type=User.PersonType.LEGAL if legal else User.PersonType.NATURAL,
                    legal_national_id=_legal_id(nine) if legal else None,
                    legal_name=f"شرکت نمونه {i}" if legal else "",
                    password="!",  # noqa: S106 - an unusable password, as set_unusable_password writes
                )
            )
        User.objects.bulk_create(people, batch_size=2000, ignore_conflicts=True)
        codes = [p.national_code for p in people]
        stored = User.objects.filter(national_code__in=codes).order_by("national_code")
        pool = {"natural": [], "legal": []}
        for user in stored:
            pool[user.person_type].append(user)
        return pool

    # ---- one request ---------------------------------------------------------------------

    def when(self, start: dt.datetime, max_days: float) -> dt.datetime:
        return start + dt.timedelta(days=self.rng.uniform(0, max_days), minutes=self.rng.randint(5, 600))

    def life(self, service: Service, submitted_at: dt.datetime, target: int) -> Life:
        life, rng, t = Life(), self.rng, submitted_at
        steps = self.steps[service.pk]

        def go(name, to, at, **extra):
            nonlocal t
            if at > self.end:
                return False
            t = at
            life.events.append((name, life.state, to, at, life.step, extra))
            life.state = to
            return True

        roll = rng.random()
        if roll < 0.03:
            if go("withdraw", State.WITHDRAWN, self.when(t, 3)):
                life.decided_at = t
            return life
        if roll < 0.07:
            if go("reject", State.REJECTED, self.when(t, 4)):
                life.decided_at, life.decision = t, Decision.REJECTED
                self.respond(life, go)
            return life
        if not go("accept", State.ACCEPTED, self.when(t, 2)):
            return life
        life.step = steps[0] if steps else None
        if not go("start_review", State.IN_REVIEW, self.when(t, 2)):
            life.step = None
            return life
        if rng.random() < 0.25:
            if not go("request_more", State.AWAITING_APPLICANT, self.when(t, target / 2)):
                return life
            life.resume = State.IN_REVIEW
            pause = rng.random()
            if pause < 0.08:
                if go("withdraw", State.WITHDRAWN, self.when(t, 10)):
                    life.decided_at = t
                return life
            if pause < 0.2:
                if not go("lapse", State.WITHDRAWN, t + dt.timedelta(days=rng.randint(15, 25))):
                    return life
                life.decided_at = t
                if rng.random() < 0.6 or not go("reopen", State.IN_REVIEW, self.when(t, 5)):
                    return life
                life.decided_at = None
            elif not go("applicant_answer", State.IN_REVIEW, self.when(t, 10)):
                return life
            life.resume = ""
        for later in steps[1:]:
            before, life.step = life.step, later  # the event carries the step it moves to
            if not go("advance", State.IN_REVIEW, self.when(t, target / (len(steps) + 1))):
                life.step = before
                return life
        # Most answers come within the target, some late (about one in six).
        spent = target * (1.6 if rng.random() < 0.17 else 0.7)
        if rng.random() < 0.02:
            if go("withdraw", State.WITHDRAWN, self.when(t, spent)):
                life.decided_at = t
            return life
        approve = rng.random() < 0.85
        name, to = ("approve", State.APPROVED) if approve else ("reject", State.REJECTED)
        if go(name, to, self.when(t, spent)):
            life.decided_at, life.decision = t, Decision.APPROVED if approve else Decision.REJECTED
            self.respond(life, go)
        return life

    def respond(self, life: Life, go) -> None:
        rng = self.rng
        at = life.decided_at
        if not go("issue_response", State.RESPONSE_ISSUED, self.when(at, 1)):
            return
        life.events[-1][5]["response"] = True
        if not go("close", State.CLOSED, self.when(life.events[-1][3], 4)):
            return
        life.closed_at = life.events[-1][3]
        if rng.random() < 0.45:
            rated = self.when(life.closed_at, 5)
            if rated <= self.end:
                score = rng.choices([1, 2, 3, 4, 5], weights=[1, 1, 3, 6, 6])[0]
                reasons = sorted(rng.sample([c for c, _ in FEEDBACK_REASONS], rng.randint(0, 2)))
                life.feedback = (score, reasons, rated)

    def request(self, i: int, pool: dict) -> tuple[ServiceRequest, Life]:
        rng = self.rng
        service = self.services[rng.randrange(len(self.services))]
        channels = [
            c
            for c, ok in (
                (Channel.ONLINE, service.channel_online),
                (Channel.COUNTER, service.channel_counter),
                (Channel.IN_PERSON, service.channel_in_person),
            )
            if ok
        ] or [Channel.ONLINE]
        channel = rng.choices(channels, weights=[CHANNEL_WEIGHTS[c] for c in channels])[0]
        home = self.provinces[min(int(rng.paretovariate(1.2)) - 1, len(self.provinces) - 1)]
        home = self.provinces[rng.randrange(len(self.provinces))] if rng.random() < 0.6 else home
        own = self.own_units[service.pk]
        unit = own[rng.randrange(len(own))] if own and rng.random() < 0.25 else home
        kinds = [
            k
            for k, ok in (("natural", service.for_natural_persons), ("legal", service.for_legal_persons))
            if ok
        ]
        people = pool[kinds[rng.randrange(len(kinds))]] if kinds else pool["natural"]
        applicant = people[rng.randrange(len(people))]
        span = dt.timedelta(days=365 * YEARS)
        submitted_at = self.end - span * rng.random()
        target = self.targets[service.pk]
        life = self.life(service, submitted_at, target)
        office = self.offices[home.pk] if channel == Channel.COUNTER else None
        request = ServiceRequest(
            tracking_code=self.tracking_code(submitted_at),
            service=service,
            applicant=applicant,
            channel=channel,
            counter_office=office[rng.randrange(len(office))] if office else None,
            intake_unit=home if channel == Channel.IN_PERSON else None,
            unit=unit,
            state=life.state,
            step_number=life.step,
            resume_state=life.resume,
            form_data={"product_name": f"کالای نمونه {i}"},
            idempotency_key=f"{_prefix(self.seed)}{i}",
            target_working_days=target,
            submitted_at=submitted_at,
            decided_at=life.decided_at,
            closed_at=life.closed_at,
            applicant_sort=applicant_sort_key(applicant),
            service_sort=service.title,
        )
        clock = self.clock(request, life)
        request.due_date, request.clock_paused = clock.due_date, clock.paused
        request.first_response_target = self.first_response_target(
            service.pk, timezone.localtime(submitted_at).date(), unit.pk
        )
        return request, life

    def search_document(self, request: ServiceRequest) -> dict:
        return search.document_for(
            tracking_code=request.tracking_code,
            applicant=request.applicant,
            form_data=request.form_data,
            bodies=[],
        )

    def tracking_code(self, submitted_at: dt.datetime) -> str:
        body = (
            f"{to_jalali(submitted_at).year % 100:02d}{self.rng.randrange(10**tracking.RANDOM_DIGITS):010d}"
        )
        return body + tracking.verhoeff_check_digit(body)

    def clock(self, request: ServiceRequest, life: Life) -> sla.Clock:
        local = timezone.localtime
        return sla.compute(
            calendar=self.calendar,
            start=local(request.submitted_at).date(),
            target=request.target_working_days,
            events=[
                sla.ClockEvent(local(e[3]).date(), CLOCK_EFFECTS[e[0]])
                for e in life.events
                if e[0] in CLOCK_EFFECTS
            ],
            today=timezone.localdate(),
        )


def _legal_id(nine: str) -> str:
    for last in "0123456789":
        candidate = f"1{nine}{last}"
        if legal_id_is_valid(candidate):
            return candidate
    raise RuntimeError("no legal id")  # pragma: no cover - one of ten last digits always fits


def generate(
    *,
    count: int,
    seed: int,
    end: dt.datetime | None = None,
    batch: int = 2000,
    progress=None,
    summary: bool = True,
) -> int:
    """Add `count` synthetic requests; returns how many were added. With `summary` false the
    report summary is left as it was (a generator a third faster), for `desk_summary_rebuild`."""
    check(count=count, seed=seed)
    end = end or timezone.now()
    with transaction.atomic():
        maker = Generator(seed=seed, end=end)
        units = {u.pk for u in maker.provinces}
        for service in maker.services:  # the provincial directorates provide every service here
            service.responsible_units.add(*units)
        pool = maker.applicants(count)
        done = 0
        while done < count:
            part = [maker.request(done + n, pool) for n in range(min(batch, count - done))]
            bulk.store(maker, part, summary=summary)
            done += min(batch, count - done)
            if progress:
                progress(done)
    return done
