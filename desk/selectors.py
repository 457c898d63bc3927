"""Reads of the desk, all filtered by who asks (E5). Every lookup of a request by id or tracking
code goes through `request_for`; every list through `visible_requests`."""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import OuterRef, Q, QuerySet, Subquery, prefetch_related_objects
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership, Role
from accounts.selectors import roles_at
from core.calendar import get_calendar
from core.geo import distance_km
from core.text import persian_sort_key, to_persian_digits
from desk import tracking
from desk.models import OPEN_STATES, Document, PastUnit, RequestEvent, ServiceRequest, State
from desk.sla import DUE_SOON_WORKING_DAYS
from orgs.models import CounterOffice, OrgUnit, subtree_ids, unit_children

# Staff who work on requests of their unit (a unit head and a province manager: the subtree).
STAFF_ROLES = (Role.STAFF_EXPERT, Role.UNIT_HEAD, Role.PROVINCE_MANAGER)
SUBTREE_ROLES = (Role.UNIT_HEAD, Role.PROVINCE_MANAGER)
# Roles that see every request when their membership has no unit (read-only for auditors).
HQ_ROLES_DEFAULT = (Role.AUDITOR, Role.ADMINISTRATOR)


def _hq_roles() -> tuple[str, ...]:
    return tuple(getattr(settings, "MIZ_DESK_HQ_ROLES", HQ_ROLES_DEFAULT))


def _scopes(user) -> dict:
    """The user's desk scopes, computed once per user object (that is, once per HTTP request)."""
    cached = getattr(user, "_desk_scopes", None)
    if cached is not None:
        return cached
    staff: set[int] = set()
    audited: set[int] = set()
    memberships = list(
        Membership.objects.filter(user=user, is_active=True).select_related("org_unit").order_by("pk")
    )
    tree = None
    for m in memberships:
        if m.org_unit_id is None or m.role not in (*STAFF_ROLES, Role.AUDITOR):
            continue
        if m.role in SUBTREE_ROLES or m.role == Role.AUDITOR:
            tree = tree or unit_children()
            ids = subtree_ids(tree, m.org_unit_id)
        else:
            ids = {m.org_unit_id}
        (audited if m.role == Role.AUDITOR else staff).update(ids)
    unscoped = any(
        m.role in _hq_roles() and not (m.org_unit_id or m.counter_office_id or m.region_id)
        for m in memberships
    )
    scopes = {
        "staff": staff,
        "audited": audited,
        "everything": bool(user.is_superuser or unscoped),
        "offices": {
            m.counter_office_id
            for m in memberships
            if m.role == Role.COUNTER_OPERATOR and m.counter_office_id
        },
    }
    user._desk_scopes = scopes
    return scopes


def staff_unit_ids(user) -> set[int]:
    """The units whose requests this user works on."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(_scopes(user)["staff"])


def sees_everything(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return _scopes(user)["everything"]


def auditor_unit_ids(user) -> set[int]:
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(_scopes(user)["audited"])


def operator_offices(user) -> QuerySet[CounterOffice]:
    """Active counter offices where this user is an operator."""
    if not getattr(user, "is_authenticated", False):
        return CounterOffice.objects.none()
    return CounterOffice.objects.filter(
        is_active=True,
        memberships__user=user,
        memberships__role=Role.COUNTER_OPERATOR,
        memberships__is_active=True,
    ).distinct()


@dataclass(frozen=True)
class FilingOffice:
    office: CounterOffice
    distance_km: float | None = None
    same_province: bool = False


def filing_offices(service, *, province=None, point: tuple[float, float] | None = None) -> list[FilingOffice]:
    """The active counter offices that may file `service` now, as the intake itself decides
    (`desk.services.counter_office_refusal`: the registered rules, a licence in good standing and
    the service delegated to the office), nearest first: the applicant's `province` first, then by
    distance from `point` (offices without a location after those with one), then by province,
    city and code. One check per active office: fine for the hundreds of offices a service has."""
    from desk.services.counter import counter_office_refusal

    if not service.channel_counter:
        return []
    offices = CounterOffice.objects.filter(is_active=True).select_related("province__region")
    found = []
    for office in offices:
        if counter_office_refusal(office, service):
            continue
        distance = None
        if point is not None and office.latitude is not None and office.longitude is not None:
            distance = distance_km(point, (office.latitude, office.longitude))
        same = province is not None and office.province_id == province.pk
        found.append(FilingOffice(office, distance, same))
    return sorted(
        found,
        key=lambda f: (
            not f.same_province,
            f.distance_km is None,
            f.distance_km or 0,
            f.office.province.name,
            f.office.city,
            f.office.code,
        ),
    )


def intake_services(user, candidates) -> list:
    """Of `candidates` (services offered at counters or in person), those this user may file for
    an applicant somewhere: every one at an in-person desk of a unit they clerk for; at a counter
    office, only a counter service the office may file (`counter_office_refusal`)."""
    from desk.services.counter import counter_office_refusal

    if clerk_units(user).exists():
        return list(candidates)
    offices = list(operator_offices(user).select_related("province__region"))
    return [
        s
        for s in candidates
        if s.channel_counter and any(not counter_office_refusal(office, s) for office in offices)
    ]


def clerk_units(user) -> QuerySet[OrgUnit]:
    """Units at whose in-person desk this user may receive applicants (a desk clerk)."""
    return OrgUnit.objects.filter(pk__in=staff_unit_ids(user), is_active=True)


def visible_requests(user) -> QuerySet[ServiceRequest]:
    qs = ServiceRequest.objects.select_related("service", "unit", "assignee", "applicant", "counter_office")
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if sees_everything(user):
        return qs
    condition = Q(applicant=user)
    office_ids = _scopes(user)["offices"]
    if office_ids:
        condition |= Q(counter_office_id__in=office_ids)
    unit_ids = staff_unit_ids(user) | auditor_unit_ids(user)
    if unit_ids:
        # Requests their unit handles, those its in-person desk filed for applicants, and those
        # it held at an earlier step (read only: `can_work_on` asks for the unit holding it).
        condition |= (
            Q(unit_id__in=unit_ids)
            | Q(intake_unit_id__in=unit_ids)
            | Q(pk__in=PastUnit.objects.filter(unit_id__in=unit_ids).values("request_id"))
        )
    return qs.filter(condition)


def held_before(user, request: ServiceRequest) -> bool:
    """Whether a unit of this user's (staff or auditor) held the request before it moved on."""
    unit_ids = staff_unit_ids(user) | auditor_unit_ids(user)
    return bool(unit_ids) and request.past_units.filter(unit_id__in=unit_ids).exists()


def applicant_requests(user) -> QuerySet[ServiceRequest]:
    """The requests `user` filed (or were filed for them), newest first: their «my requests» list."""
    if not getattr(user, "is_authenticated", False):
        return ServiceRequest.objects.none()
    return (
        ServiceRequest.objects.filter(applicant=user)
        .select_related("service", "unit")
        .order_by("-submitted_at", "-pk")
    )


def filed_for_others(user) -> QuerySet[ServiceRequest]:
    """Requests this user's counter office or in-person desk filed for applicants (D11): the
    operator's follow-up list. Only what `visible_requests` already allows."""
    if not getattr(user, "is_authenticated", False):
        return ServiceRequest.objects.none()
    offices = _scopes(user)["offices"]
    units = staff_unit_ids(user)
    if not (offices or units):
        return ServiceRequest.objects.none()
    here = Q(counter_office_id__in=offices) | Q(intake_unit_id__in=units)
    return visible_requests(user).filter(here).exclude(applicant=user).select_related("intake_unit")


def request_links(user, ids: list[str]) -> dict[str, str]:
    """{id: page} of the requests among `ids` that `user` may open (links of their notices)."""
    pks = [int(pk) for pk in ids if str(pk).isdigit()]
    rows = visible_requests(user).filter(pk__in=pks).values_list("pk", "tracking_code")
    return {str(pk): reverse("desk:detail", args=[code]) for pk, code in rows}


def request_for(user, id_or_code, *, identity: tuple[str, str] | None = None) -> ServiceRequest:
    """The request with this id or tracking code if `user` may see it; otherwise 404.

    The public tracking page passes `identity` = ("national_code" | "mobile", value): then the
    tracking code must belong to an applicant with that national code or mobile, whoever asks.
    """
    if identity is not None:
        kind, value = identity
        if kind not in ("national_code", "mobile") or not value:
            raise Http404("درخواست یافت نشد.")
        qs = ServiceRequest.objects.select_related("service", "unit").filter(**{f"applicant__{kind}": value})
        id_or_code = tracking.normalize(id_or_code)
        if len(id_or_code) != tracking.LENGTH:
            raise Http404("درخواست یافت نشد.")
    else:
        qs = visible_requests(user)
    text = tracking.normalize(id_or_code)
    if isinstance(id_or_code, int):
        lookup = Q(pk=id_or_code)
    elif len(text) == tracking.LENGTH and text.isdigit():
        lookup = Q(tracking_code=text)
    elif text.isdigit() and len(text) < 12:
        lookup = Q(pk=int(text))
    else:
        raise Http404("درخواست یافت نشد.")
    try:
        return qs.get(lookup)
    except ServiceRequest.DoesNotExist as exc:
        raise Http404("درخواست یافت نشد.") from exc


def request_for_places(code, *, office_ids, unit_ids, province_ids) -> ServiceRequest:
    """The request with this tracking code if it was filed at one of these counter offices (or
    an office in one of these provinces), taken in or handled by one of these units; otherwise
    404, the same answer whether the code is unknown or another system's (the API's
    `requests:read`, with the places of `apiclients.selectors.places_of`)."""
    text = tracking.normalize(code)
    if len(text) != tracking.LENGTH or not text.isdigit():
        raise Http404("درخواستی با این کد رهگیری در مکان‌های این سامانه یافت نشد.")
    where = (
        Q(counter_office_id__in=office_ids)
        | Q(counter_office__province_id__in=province_ids)
        | Q(intake_unit_id__in=unit_ids)
        | Q(unit_id__in=unit_ids)
    )
    try:
        request = (
            ServiceRequest.objects.select_related("service", "counter_office", "intake_unit", "unit")
            .filter(where)
            .get(tracking_code=text)
        )
    except ServiceRequest.DoesNotExist as exc:
        raise Http404("درخواستی با این کد رهگیری در مکان‌های این سامانه یافت نشد.") from exc
    prefetch_related_objects([request], "service__steps")
    return request


def in_places(request: ServiceRequest, *, office_ids, unit_ids, province_ids) -> bool:
    """Whether the request is at these places by `request_for_places`' rule (its counter office,
    that office's province, its intake unit or the unit holding it): what a client system hears
    of through webhooks. Reads `counter_office` (select it with the request)."""
    office = request.counter_office
    return bool(
        (office is not None and (office.pk in office_ids or office.province_id in province_ids))
        or request.intake_unit_id in unit_ids
        or request.unit_id in unit_ids
    )


def request_page(user, id_or_code, *, identity: tuple[str, str] | None = None) -> ServiceRequest:
    """`request_for`, with its service's workflow steps fetched in the same go: a request's page
    (staff, applicant, public tracking) reads them for the clock, the timeline, the progress and
    the current step, a query each otherwise (docs/performance-desk.md, «Queries per page»)."""
    from django.db.models import Prefetch

    from catalogue.models import WorkflowStep

    request = request_for(user, id_or_code, identity=identity)
    steps = WorkflowStep.objects.select_related("responsible_unit", "external_party")
    prefetch_related_objects([request], Prefetch("service__steps", queryset=steps))
    return request


def can_work_on(user, request: ServiceRequest) -> bool:
    """Staff of the request's unit (or an administrator) may act on it; auditors only read; and
    nobody acts as staff on a request that is their own (`conflict_of_interest`). Every staff
    action in `desk.services` and every staff button on the pages asks this."""
    return is_unit_staff(user, request) and not conflict_of_interest(user, request)


def is_unit_staff(user, request: ServiceRequest) -> bool:
    """Staff of the request's unit (a role held there or, for a head, above it) or an
    administrator, whoever the request is about. Roles held in other units never count."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser or Role.ADMINISTRATOR in user.role_codes():
        return True
    return bool(roles_at(user, request.unit) & set(STAFF_ROLES))


OWN_REQUEST = "این درخواست را خودتان ثبت کرده‌اید؛ کارکنان دیگر واحد به آن رسیدگی می‌کنند."
OWN_COMPANY = (
    "این درخواست به خود شما یا شرکتی که به شما وابسته است مربوط است؛ کارکنان دیگر واحد به آن رسیدگی می‌کنند."
)


def _identifiers(user) -> set[str]:
    return {v for v in (user.national_code, getattr(user, "legal_national_id", None)) if v}


def _company_ids(user) -> set[int]:
    """The companies the user acts for or asked to (a pending membership is a tie all the same)."""
    from accounts.models import CompanyMembership

    return set(
        CompanyMembership.objects.filter(user=user)
        .exclude(status=CompanyMembership.Status.REVOKED)
        .values_list("company_id", flat=True)
    )


def conflict_of_interest(user, request: ServiceRequest) -> str:
    """Why `user` may not act as staff on `request` (separation of duties), or "".

    The request is theirs when they are its applicant; it concerns them or their company when its
    applicant is an account whose one-time codes go to their mobile (they act for it), when it was
    filed for a company they belong to (or asked to), or when the request names them: their
    national code or legal id is an answer in its form (a company's request names its CEO or
    representative by national code)."""
    if not getattr(user, "is_authenticated", False):
        return ""
    if request.applicant_id == user.pk:
        return OWN_REQUEST
    applicant = request.applicant
    if applicant.mobile and applicant.mobile == user.mobile:
        return OWN_COMPANY
    if request.company_id and request.company_id in _company_ids(user):
        return OWN_COMPANY
    mine = _identifiers(user)
    answers = {tracking.normalize(str(v)) for v in (request.form_data or {}).values() if v not in (None, "")}
    if mine & answers:
        return OWN_COMPANY
    return ""


def is_applicant(user, request: ServiceRequest) -> bool:
    return getattr(user, "is_authenticated", False) and request.applicant_id == user.pk


def document_for(user, pk: int) -> Document:
    """A file of a request the user may see; staff-only attachments stay hidden from others."""
    try:
        document = Document.objects.select_related("request", "message").get(pk=pk)
    except Document.DoesNotExist as exc:
        raise Http404("پرونده یافت نشد.") from exc
    request = request_for(user, document.request_id)
    if document.visible_to_applicant or staff_may_read(user, request):
        return document
    raise Http404("پرونده یافت نشد.")


def staff_may_read(user, request: ServiceRequest) -> bool:
    """Staff-side readers: the unit's staff, HQ roles, unit-scoped auditors; never on a request
    that is their own (they read it as its applicant)."""
    if conflict_of_interest(user, request):
        return False
    if can_work_on(user, request) or sees_everything(user):
        return True
    return request.unit_id in auditor_unit_ids(user) or held_before(user, request)


def queue(user, *, unit_ids: set[int] | None = None) -> QuerySet[ServiceRequest]:
    """The staff queue: requests of the user's units (HQ roles: all), without the user's own
    (they follow those as applicant; `conflict_of_interest` refuses the rest one by one)."""
    if not getattr(user, "is_authenticated", False):
        return ServiceRequest.objects.none()
    from accounts.models import User

    same_mobile = User.objects.filter(mobile=user.mobile).values("pk")
    if sees_everything(user):
        qs = visible_requests(user)
        qs = qs if unit_ids is None else qs.filter(unit_id__in=unit_ids)
    else:
        units = staff_unit_ids(user) | auditor_unit_ids(user)
        if unit_ids is not None:
            units &= unit_ids
        # `visible_requests` grants every request of these units, so the unit alone decides: one
        # index range (unit, state, due date) instead of an OR over applicant, unit and desk.
        qs = ServiceRequest.objects.select_related(
            "service", "unit", "assignee", "applicant", "counter_office"
        ).filter(unit_id__in=units)
    # The user's own requests, and those of accounts on their mobile, by a subquery on the few
    # such accounts rather than a join of every row with its applicant.
    return qs.exclude(applicant=user).exclude(applicant_id__in=same_mobile)


# The queue's `decided` filter: the states of requests answered, or withdrawn (decided_at is then
# the day of the decision or of the withdrawal; a reopened request has none).
DECIDED_STATES = {
    "answered": (State.APPROVED, State.REJECTED, State.RESPONSE_ISSUED, State.CLOSED),
    "withdrawn": (State.WITHDRAWN,),
}


def filtered_queue(user, *, filters: dict | None = None, today=None) -> QuerySet[ServiceRequest]:
    """The queue page's rows, most urgent first: the user's `queue` narrowed by the filter form's
    cleaned data (open requests unless a state, or every state, is asked for), each annotated
    with `last_actor_role`, the role of whoever spoke last in public (work waits for staff when
    it is the applicant)."""
    qs = queue(user)
    f = filters or {}
    if f.get("decided"):
        qs = qs.filter(state__in=DECIDED_STATES[f["decided"]])
    elif f.get("state"):
        qs = qs.filter(state=f["state"])
    elif not f.get("all_states"):
        qs = qs.filter(state__in=OPEN_STATES)
    if f.get("service"):
        qs = qs.filter(service_id=f["service"])
    if f.get("channel"):
        qs = qs.filter(channel=f["channel"])
    qs = _place_and_days(qs, f)
    today = today or timezone.localdate()
    if f.get("due") == "overdue":
        qs = qs.filter(state__in=OPEN_STATES, clock_paused=False, due_date__lt=today)
    elif f.get("due") == "soon":
        soon = get_calendar().add_working_days(today, DUE_SOON_WORKING_DAYS)
        qs = qs.filter(state__in=OPEN_STATES, clock_paused=False, due_date__gte=today, due_date__lte=soon)
    if f.get("mine"):
        qs = qs.filter(assignee=user)
    last_role = (
        RequestEvent.objects.filter(request=OuterRef("pk"), public=True)
        .exclude(kind=RequestEvent.Kind.DOWNLOAD)
        .order_by("-at", "-id")
        .values("actor_role")[:1]
    )
    return qs.annotate(last_actor_role=Subquery(last_role)).order_by("due_date", "submitted_at")


def _place_and_days(qs, f: dict):
    """The filters a report's figure links with (reports.views): a unit and the units below it, a
    counter office, and the days of acceptance or of the decision (Jalali, both included)."""
    if f.get("unit"):
        unit = OrgUnit.objects.filter(code=f["unit"]).values_list("pk", flat=True).first()
        qs = qs.filter(unit_id__in=subtree_ids(unit_children(), unit) if unit else [])
    if f.get("office"):
        qs = qs.filter(counter_office__code=f["office"])
    days = (("since", "submitted_at__gte", 0), ("until", "submitted_at__lt", 1))
    days += (("decided_since", "decided_at__gte", 0), ("decided_until", "decided_at__lt", 1))
    for name, lookup, shift in days:
        if f.get(name):
            day = f[name] + dt.timedelta(days=shift)
            qs = qs.filter(**{lookup: timezone.make_aware(dt.datetime.combine(day, dt.time()))})
    return qs


def alert_counts(user, *, today=None) -> dict[str, int] | None:
    """The workbench's alerts for staff of units: new requests, overdue and due soon in their
    units, counted as the queue's filters count them (one aggregate on the queue's index); None
    for anyone else (an HQ role reads the whole country through the filters instead)."""
    from django.db.models import Count

    if not staff_unit_ids(user) or sees_everything(user):
        return None
    today = today or timezone.localdate()
    soon = get_calendar().add_working_days(today, DUE_SOON_WORKING_DAYS)
    running = Q(clock_paused=False)
    return (
        queue(user)
        .filter(state__in=OPEN_STATES)
        .order_by()
        .aggregate(
            new=Count("pk", filter=Q(state="submitted")),
            overdue=Count("pk", filter=running & Q(due_date__lt=today)),
            soon=Count("pk", filter=running & Q(due_date__gte=today, due_date__lte=soon)),
        )
    )


def visible_messages(user, request: ServiceRequest):
    """The request's messages this user may read: staff who work on or may read the request see
    internal notes too; the applicant and everyone else only the public messages."""
    if can_work_on(user, request) or staff_may_read(user, request):
        return request.messages.select_related("author").prefetch_related("attachments")
    return public_messages(request)


def public_messages(request: ServiceRequest):
    """The messages the applicant reads (no staff notes), with their attachments: what the
    applicant's page shows and what a client system acting for the applicant's place reads."""
    return request.messages.filter(internal=False).select_related("author").prefetch_related("attachments")


def unit_staff(unit_id: int):
    from accounts.models import User

    return User.objects.filter(
        memberships__org_unit_id=unit_id,
        memberships__role__in=[Role.STAFF_EXPERT, Role.UNIT_HEAD],
        memberships__is_active=True,
        is_active=True,
    ).distinct()


EVENT_LABELS = {
    "submit": "ثبت درخواست و صدور کد رهگیری",
    "assign_unit": "ارجاع به واحد رسیدگی‌کننده",
    "assign_expert": "ارجاع به کارشناس",
    "message": "پیام",
    "note": "یادداشت داخلی",
    "book_appointment": "تعیین نوبت حضور",
    "confirm_appointment": "تأیید نوبت از سوی متقاضی",
    "ask_another_time": "درخواست زمان دیگر برای نوبت",
    "download_response": "دریافت پاسخ از سوی متقاضی",
    "feedback": "ثبت نظر متقاضی",
    "escalate_head": "ارجاع دیرکرد به رئیس واحد",
    "escalate_province": "ارجاع دیرکرد به مدیر کل استان",
    "remind_applicant": "یادآوری به متقاضی برای پاسخ",
    "payment_reminder": "یادآوری پرداخت هزینه به متقاضی",
    "external_answer": "ثبت پاسخ طرف بیرونی",
}


def event_label(event) -> str:
    from desk.workflow import TRANSITIONS

    payload = event.payload or {}
    if event.name == "await_payment" and payload.get("extra"):  # a fee staff raised in the work
        return f"در انتظار پرداخت هزینه اضافی: {payload.get('explanation', '')}".rstrip(": ")
    if event.name in TRANSITIONS:
        return TRANSITIONS[event.name].label
    label = EVENT_LABELS.get(event.name, event.name)
    if event.kind == RequestEvent.Kind.ESCALATION:
        names = "، ".join(payload.get("told_names") or []) or "کسی در این نقش نیست"
        label = f"{label}: {names}"
    return label


def timeline(request: ServiceRequest, *, staff: bool = False, transitions_only: bool = False) -> list[dict]:
    """The request's events for display; the applicant and the public see only public ones."""
    events = request.events.select_related("actor").order_by("at", "id")
    if not staff:
        events = events.filter(public=True)
    if transitions_only:
        events = events.filter(kind__in=["transition", "assign_unit", "appointment"])
    step_titles = {s.order: s.title for s in request.service.steps.all()}
    return [
        {
            "event": e,
            "label": event_label(e),
            "step_title": step_titles.get(e.step_number) if e.to_state == "in_review" else "",
            # Staff read where the request went (a step of another unit) and who answered outside.
            "detail": ((e.payload or {}).get("to_unit_name") or (e.payload or {}).get("party_name") or "")
            if staff
            else "",
        }
        for e in events
    ]


@dataclass(frozen=True)
class StepsProgress:
    """The service's workflow steps as this request went through them.

    `rows`: one per step, `{"step", "status", "label"}` with status `done` (passed), `current`
    (being worked on now), `pending` (still ahead), `stopped` (where the request ended: rejected or
    withdrawn there) or `skipped` (never reached because it ended earlier). `ended`: a sentence
    saying where a request that will pass no more steps stopped, or "" while it goes on or after
    it was approved."""

    rows: list[dict]
    ended: str = ""

    def __bool__(self) -> bool:
        return bool(self.rows)

    @property
    def summary(self) -> str:
        """The applicant's one line: which step of how many, and whether it is done, being worked
        on or still ahead; no unit or outside party is named (they are the staff's business)."""
        total = to_persian_digits(len(self.rows))
        if self.ended:
            return self.ended
        for n, row in enumerate(self.rows, start=1):
            if row["status"] == "current":
                return f"گام {to_persian_digits(n)} از {total}: «{row['step'].title}» در حال انجام است."
        if all(row["status"] == "done" for row in self.rows):
            return f"هر {total} گام انجام شد."
        done = sum(row["status"] == "done" for row in self.rows)
        if done:
            return f"{to_persian_digits(done)} گام از {total} گام انجام شد؛ گام بعد در نوبت است."
        return f"بررسی هنوز آغاز نشده است؛ {total} گام در پیش است."

    def __iter__(self):
        return iter(self.rows)


STEP_STATUS_LABELS = {
    "done": "انجام شد",
    "current": "در حال انجام",
    "pending": "در نوبت",
    "stopped": "پایان در این گام",
    "skipped": "انجام نشد",
}
_ENDINGS = {"approve": "", "reject": "رد شد", "withdraw": "با انصراف متقاضی پایان یافت"}


def _in_review(request: ServiceRequest) -> bool:
    """In review, or waiting (for the applicant or for a fee raised in review) to go back to it."""
    if request.state in (State.IN_REVIEW, State.AWAITING_APPLICANT):
        return True
    return request.state == State.AWAITING_PAYMENT and request.resume_state == State.IN_REVIEW


def steps_progress(request: ServiceRequest) -> StepsProgress:
    """Only the steps the request actually passed are done: all of them once it was approved
    (approval needs the last step), those before its step while it is in review, and those before
    the step where it was rejected or withdrawn; the log says which of the three ended it (the
    state alone does not once the response is issued or the request closed)."""
    steps = list(request.service.steps.all())
    ending = ""
    if request.state not in OPEN_STATES:
        ending = (
            request.events.filter(kind=RequestEvent.Kind.TRANSITION, name__in=_ENDINGS)
            .order_by("-at", "-pk")
            .values_list("name", flat=True)
            .first()
        ) or ""
    at = request.step_number
    rows = []
    for step in steps:
        if ending == "approve":
            status = "done"
        elif at is not None and step.order < at:
            status = "done"
        elif ending:
            status = "stopped" if step.order == at else "skipped"
        elif step.order == at and _in_review(request):
            status = "current"
        else:
            status = "pending"
        rows.append({"step": step, "status": status, "label": STEP_STATUS_LABELS[status]})
    ended = ""
    if ending and ending != "approve":
        stopped = next((row["step"] for row in rows if row["status"] == "stopped"), None)
        if stopped is None:
            ended = f"درخواست پیش از آغاز گام‌های بررسی {_ENDINGS[ending]}؛ هیچ گامی انجام نشد."
        else:
            ended = f"درخواست در گام «{stopped.title}» {_ENDINGS[ending]}؛ گام‌های پس از آن انجام نشد."
    return StepsProgress(rows=rows, ended=ended)


def unit_staff_many(unit_ids):
    from accounts.models import User

    return (
        User.objects.filter(
            memberships__org_unit_id__in=list(unit_ids),
            memberships__role__in=[Role.STAFF_EXPERT, Role.UNIT_HEAD],
            memberships__is_active=True,
            is_active=True,
        )
        .distinct()
        .order_by("last_name", "first_name")
    )


def expert_unit_ids(user) -> set[int]:
    """The units where `user` may be assigned requests (`selectors.unit_staff`): their own unit,
    not the units below it."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    return set(
        Membership.objects.filter(
            user=user,
            is_active=True,
            role__in=[Role.STAFF_EXPERT, Role.UNIT_HEAD],
            org_unit__isnull=False,
        ).values_list("org_unit_id", flat=True)
    )


def head_unit_ids(user) -> set[int]:
    """The units this user heads (a unit-head membership there): the units of their workload page."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    return set(
        Membership.objects.filter(
            user=user, is_active=True, role=Role.UNIT_HEAD, org_unit__isnull=False
        ).values_list("org_unit_id", flat=True)
    )


def unit_load(unit_ids, *, today=None) -> list[dict]:
    """Each unit's open work: per expert (every active expert or head of the unit, and anyone still
    holding its requests) the open requests assigned, how many are overdue and due soon (as the
    queue's filters count them: open, clock running, due date before today / within
    `DUE_SOON_WORKING_DAYS` working days); and the unassigned ones. Units by name, experts by name."""
    from django.db.models import Count

    from accounts.models import User

    today = today or timezone.localdate()
    soon = get_calendar().add_working_days(today, DUE_SOON_WORKING_DAYS)
    running = Q(clock_paused=False)
    counts = (
        ServiceRequest.objects.filter(unit_id__in=list(unit_ids), state__in=OPEN_STATES)
        .order_by()
        .values("unit_id", "assignee_id")
        .annotate(
            open=Count("pk"),
            overdue=Count("pk", filter=running & Q(due_date__lt=today)),
            soon=Count("pk", filter=running & Q(due_date__gte=today, due_date__lte=soon)),
        )
    )
    by_unit: dict[int, dict[int | None, dict]] = {}
    for row in counts:
        by_unit.setdefault(row["unit_id"], {})[row["assignee_id"]] = row
    staff = (
        Membership.objects.filter(
            org_unit_id__in=list(unit_ids),
            role__in=[Role.STAFF_EXPERT, Role.UNIT_HEAD],
            is_active=True,
            user__is_active=True,
        )
        .order_by()
        .values_list("org_unit_id", "user_id")
    )
    members: dict[int, set[int]] = {}
    for unit_id, user_id in staff:
        members.setdefault(unit_id, set()).add(user_id)
    people = User.objects.in_bulk(
        {pk for ids in members.values() for pk in ids}
        | {pk for rows in by_unit.values() for pk in rows if pk is not None}
    )
    empty = {"open": 0, "overdue": 0, "soon": 0}
    result = []
    units = sorted(OrgUnit.objects.filter(pk__in=list(unit_ids)), key=lambda u: persian_sort_key(u.name))
    for unit in units:
        rows = by_unit.get(unit.pk, {})
        ids = members.get(unit.pk, set()) | {pk for pk in rows if pk is not None}
        experts = [
            {
                "expert": people[pk],
                "in_unit": pk in members.get(unit.pk, set()),
                **{k: rows.get(pk, empty)[k] for k in empty},
            }
            for pk in ids
        ]
        experts.sort(
            key=lambda e: (
                persian_sort_key(e["expert"].last_name),
                persian_sort_key(e["expert"].first_name),
                e["expert"].pk,
            )
        )
        result.append(
            {
                "unit": unit,
                "experts": experts,
                "unassigned": {k: rows.get(None, empty)[k] for k in empty},
            }
        )
    return result
