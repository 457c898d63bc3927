"""Lines' helpers of `core.tests.demo_forms.FORMS` for the profile, the applicant's requests, the
counter, the licence holder and the staff's desk: a `before` that puts back what the keyboard pass
changed (the mouse pass runs next on the same data) and an `effect` that reads back from the
database that the submission took effect, so a form that refuses a valid submission (with a Persian
page) fails the journey. The regulator's review, planning and the 1517 line are in `oversight`."""

from collections.abc import Callable

from core.tests.demo_forms.base import NOTE, _counts
from core.tests.demo_forms.public import _keep_in_session, _no_codes
from core.text import to_persian_digits
from core.validators import legal_id_with_check_digit
from desk.views._common import COUNTER_KEY


def _when_free(step: Callable) -> Callable:
    """`step` again while the live server's thread still reads the table it writes (the page's
    scans load after the navigation): the suite's in-memory SQLite refuses at once ("table is
    locked") where a database would wait."""

    def run(user):
        import time

        from django.db import OperationalError

        for _ in range(50):
            try:
                return step(user)
            except OperationalError as error:
                if "locked" not in str(error):
                    raise
                time.sleep(0.1)
        return step(user)

    return run


def _both(*steps: Callable) -> Callable:
    """One `before` running `steps` in turn."""

    def before(user) -> None:
        for step in steps:
            step(user)

    return before


def _session_values(user, key: str) -> list:
    """What `key` holds in each live session of `user` (the browser's, signed in as them)."""
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    rows = Session.objects.filter(expire_date__gt=timezone.now())
    return [
        data.get(key)
        for data in (row.get_decoded() for row in rows)
        if data.get("_auth_user_id") == str(user.pk)
    ]


def _code_waits(mobile: str, purpose: str) -> str:
    from accounts.models import OneTimeCode

    waiting = OneTimeCode.objects.filter(mobile=mobile, purpose=purpose, used_at__isnull=True)
    return "" if waiting.exists() else f"no {purpose} code waits for {mobile}"


# --- the profile ----------------------------------------------------------------------------------

CONTACT_EMAIL, CONTACT_POSTAL = "kbd@example.com", "1234567890"
CONTACT = {"id_contact-email": CONTACT_EMAIL, "id_contact-postal_code": "۱۲۳۴۵۶۷۸۹۰"}


def _no_contact(user) -> None:
    from accounts.models import User

    User.objects.filter(pk=user.pk).update(email="", postal_code="")


def _contact_kept(user) -> str:
    user.refresh_from_db()
    if (user.email, user.postal_code) != (CONTACT_EMAIL, CONTACT_POSTAL):
        return f"the profile holds {user.email!r} and {user.postal_code!r}"
    return ""


CHANGED_MOBILE = "+989123456789"
MOBILE = {"id_mobile-mobile": "۰۹۱۲۳۴۵۶۷۸۹"}


def _mobile_unsent(user) -> None:
    """No code for the new mobile yet (the resend wait counts the last pass's), no step kept."""
    from accounts.profile import MOBILE_KEY

    _no_codes(CHANGED_MOBILE)
    _keep_in_session(user, MOBILE_KEY, None)


def _mobile_step(user) -> str:
    """A code for the new mobile waits, and the session keeps the change for its second step."""
    from accounts.models import OneTimeCode
    from accounts.profile import MOBILE_KEY

    kept = {"user": user.pk, "mobile": CHANGED_MOBILE}
    if kept not in _session_values(user, MOBILE_KEY):
        return f"the session keeps {_session_values(user, MOBILE_KEY)}, not {kept}"
    return _code_waits(CHANGED_MOBILE, OneTimeCode.Purpose.CONFIRM)


NEW_COMPANY = legal_id_with_check_digit("1415000077")  # a company the demo does not know
COMPANY = {"id_company-national_id": NEW_COMPANY, "id_company-name": "شرکت آزمون"}


def _without_company(user) -> None:
    """The company-form line's request gone: asked again by its next pass, and never confirmed by
    a later line's reset (the person would represent two companies)."""
    from accounts.models import CompanyMembership

    CompanyMembership.objects.filter(user=user, company__national_id=NEW_COMPANY).delete()


def _company_asked(user) -> str:
    from accounts.models import CompanyMembership

    asked = CompanyMembership.objects.filter(
        user=user, company__national_id=NEW_COMPANY, status=CompanyMembership.Status.PENDING
    )
    return "" if asked.exists() else f"no pending membership of {user} in {NEW_COMPANY}"


def _one_revoked(user) -> str:
    """One of the person's memberships (all confirmed before) withdrawn by them."""
    from accounts.models import CompanyMembership

    revoked = CompanyMembership.objects.filter(
        user=user, status=CompanyMembership.Status.REVOKED, decided_by=user
    ).count()
    return "" if revoked == 1 else f"{revoked} memberships withdrawn, not one"


# --- the applicant's requests -----------------------------------------------------------------


def _answered(status: str, note: str = "") -> Callable:
    """One of the person's appointments (all proposed before) answered `status`, with `note`."""

    def effect(user) -> str:
        from desk.models import Appointment

        answered = Appointment.objects.filter(request__applicant=user, status=status, applicant_note=note)
        count = answered.count()
        return "" if count == 1 else f"{count} appointments {status} with {note!r}, not one"

    return effect


def _my_messages(user):
    from desk.models import Message

    return Message.objects.filter(author=user)


def _message_kept(message) -> str:
    return "" if (message.body, message.internal) == (NOTE, False) else f"the message is {message.body!r}"


def _message_kept_internal(message) -> str:
    return "" if (message.body, message.internal) == (NOTE, True) else f"the note is {message.body!r}"


def _withdrawn_put_back(user) -> None:
    """The request the previous pass withdrew open again, as it was; the first open one noted."""
    from desk.models import ServiceRequest

    if "withdrawn" in _counts:
        pk, state = _counts["withdrawn"]
        ServiceRequest.objects.filter(pk=pk).update(state=state, decided_at=None)
    mine = ServiceRequest.objects.filter(applicant=user).order_by("pk")
    first = next(r for r in mine if r.is_open)
    _counts["withdrawn"] = (first.pk, first.state)


def _withdrawn(user) -> str:
    from desk.models import ServiceRequest, State

    request = ServiceRequest.objects.get(pk=_counts["withdrawn"][0])
    return "" if request.state == State.WITHDRAWN else f"{request.tracking_code} is {request.state}"


TRACK = {}  # a real request's tracking code and its applicant's national code, filled by `_to_track`


def _to_track(user) -> None:
    """The applicant's first request to look up, by its code and the applicant's national code."""
    from desk.models import ServiceRequest

    first = ServiceRequest.objects.filter(applicant=user).order_by("pk").first()
    TRACK["id_code"] = to_persian_digits(first.tracking_code)
    TRACK["id_identifier"] = to_persian_digits(user.national_code)


# --- the counter and the licence holder --------------------------------------------------------

APPLICANT_MOBILE = "+989121000001"  # the demo applicant's, whose national code the operator types


def intake_step(key: str, field: str, value: str, mobile: str) -> dict:
    """A line whose form sends a one-time code to `mobile` and keeps the person in the session
    under `key` for its second step (the counter's intake, the 1517 line's caller): before it, no
    code waits and the session keeps nobody; after it, the session keeps the person whose `field`
    is `value`, and their code waits."""

    def before(user) -> None:
        _no_codes(mobile)
        _keep_in_session(user, key, None)

    def effect(user) -> str:
        from accounts.models import OneTimeCode

        kept = [v for v in _session_values(user, key) if v and v.get(field) == value]
        if not kept:
            return f"the session keeps {_session_values(user, key)}"
        return _code_waits(mobile, OneTimeCode.Purpose.COUNTER_INTAKE)

    return {"before": before, "effect": effect}


def _holder_declaration(user):
    from counters.models import Declaration
    from counters.selectors import holder_offices

    return Declaration.objects.filter(office__in=holder_offices(user)).first()


@_when_free
def _objection_open(user) -> None:
    """The file the previous pass objected to approved again (its objection window open), the
    objection gone (a file has one)."""
    from counters.models import Declaration, Objection

    declaration = _holder_declaration(user)
    if "holder objected" in _counts:
        state, due_on = _counts["holder objected"]
        Objection.objects.filter(declaration=declaration).delete()
        Declaration.objects.filter(pk=declaration.pk).update(state=state, due_on=due_on)
    else:
        _counts["holder objected"] = (declaration.state, declaration.due_on)


def _objected(user) -> str:
    from counters.models import Declaration, Objection

    declaration = _holder_declaration(user)
    made = Objection.objects.filter(declaration=declaration, created_by=user).first()
    if made is None or made.text != NOTE or declaration.state != Declaration.State.OBJECTED:
        return f"the file is {declaration.state}, its objection {made and made.text!r}"
    return ""


def _draft_documents(user):
    from core.tests.demo_forms.wizard import _draft

    return _draft(user).documents.all()


def _scans_seen(user) -> None:
    """The newest scan of the draft before the upload (a scan of a kind replaces the one before)."""
    newest = _draft_documents(user).order_by("-pk").first()
    _counts["scan"] = newest.pk if newest else 0


def _scan_kept(user) -> str:
    kept = _draft_documents(user).filter(pk__gt=_counts["scan"], original_name="کارت-ملی.jpg")
    return "" if kept.exists() else "no new scan kept on the draft"


# --- the staff's desk ------------------------------------------------------------------------------


def _events(user, name: str, **more):
    """The events `name` (any, when "") the person logged, narrowed by `more`."""
    from desk.models import RequestEvent

    return RequestEvent.objects.filter(actor=user, **({"name": name} if name else {}), **more)


def _events_seen(name: str, **more) -> Callable:
    """Before: how many events `name` the person logged so far."""

    def before(user) -> None:
        _counts[f"events {name}"] = _events(user, name, **more).count()

    return before


def _events_logged(name: str, *, exactly: int | None = 1, **more) -> Callable:
    """`exactly` events `name` more by the person than `_events_seen` saw (None: at least one)."""

    def effect(user) -> str:
        added = _events(user, name, **more).count() - _counts[f"events {name}"]
        if added == exactly or (exactly is None and added > 0):
            return ""
        return f"{added} events {name} logged, not {exactly or 'one or more'}"

    return effect


def _put_back(field: str, requests: Callable) -> Callable:
    """A `before`: the request the previous pass changed has its `field` back; the one this pass
    works on (the first of `requests(user)`, as the line's page picks it) noted with its value."""

    def before(user) -> None:
        from desk.models import ServiceRequest

        if f"put back {field}" in _counts:
            pk, value = _counts[f"put back {field}"]
            ServiceRequest.objects.filter(pk=pk).update(**{field: value})
        first = requests(user).first()
        _counts[f"put back {field}"] = (first.pk, getattr(first, field))

    return before


def _changed(field: str) -> Callable:
    def effect(user) -> str:
        from desk.models import ServiceRequest

        pk, value = _counts[f"put back {field}"]
        now = getattr(ServiceRequest.objects.get(pk=pk), field)
        return "" if now != value else f"the request's {field} is still {value}"

    return effect


def _staff_requests(user, states=None):
    from desk.models import OPEN_STATES, ServiceRequest

    return ServiceRequest.objects.filter(unit__code="IR-15", state__in=states or OPEN_STATES).order_by("pk")


def _reviewed_requests(user):
    from desk.models import State

    return _staff_requests(user, (State.SUBMITTED, State.IN_REVIEW))


def _my_notes(user):
    from desk.models import Message

    return Message.objects.filter(author=user, internal=True)


def _my_appointments(user):
    from desk.models import Appointment

    return Appointment.objects.filter(booked_by=user)


def _appointment_kept(appointment) -> str:
    return "" if appointment.reason == "بازدید" else f"the appointment is for {appointment.reason!r}"


def _all(*effects: Callable) -> Callable:
    """Every one of `effects` done (the first failure said)."""

    def effect(user) -> str:
        return next((said for said in (check(user) for check in effects) if said), "")

    return effect


# What a line's `before` and `effect` are (`DemoForm(..., **CONTACT_KEPT)`).
CONTACT_KEPT = {"before": _no_contact, "effect": _contact_kept}
MOBILE_SENT = {"before": _mobile_unsent, "effect": _mobile_step}
COMPANY_ASKED = {"before": _without_company, "effect": _company_asked}
WITHDRAWN = {"before": _withdrawn_put_back, "effect": _withdrawn}
COUNTER_STARTED = intake_step(COUNTER_KEY, "mobile", APPLICANT_MOBILE, APPLICANT_MOBILE)
OBJECTED = {"before": _objection_open, "effect": _objected}
SCAN_KEPT = {"before": _scans_seen, "effect": _scan_kept}
ASSIGNED = {"before": _events_seen("assign_expert"), "effect": _events_logged("assign_expert")}
ASSIGNED_SOME = {
    "before": _events_seen("assign_expert"),
    "effect": _events_logged("assign_expert", exactly=None),
}
SENT_BACK = {  # the request sent back or rejected, with the note the applicant reads
    "before": _both(
        _put_back("state", _reviewed_requests), _events_seen("", kind="transition", payload__note=NOTE)
    ),
    "effect": _all(_changed("state"), _events_logged("", kind="transition", payload__note=NOTE)),
}
SENT_ELSEWHERE = {"before": _put_back("unit_id", _staff_requests), "effect": _changed("unit_id")}
