"""Issue 13, «every form submittable by mouse and by keyboard»: the list of every POST form on the
demo's pages, one line each (who gets it, where, and how the test fills it), and the walk that
finds the forms the demo really shows, so that a form missing from the list fails
`test_every_demo_form_is_in_the_list` (core/tests/test_forms_keyboard_browser.py, which runs
the journeys). A new form is one line of `FORMS`.

A form is named by its `id`, or else by the URL name its `action` posts to (its own page's when
it posts back). The journeys run as the first role listed; the other roles see the same template.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve, reverse

from accounts.models import CompanyMembership, Role
from core.tests.test_demo_pages_browser import work_pages
from desk.models import OPEN_STATES, State

ALL_ROLES = tuple(Role)


@dataclass(frozen=True)
class Choose:
    """Pick option `index` (0 is the first) of a list, or radio `index` of a group, none chosen
    before: ArrowDown `index` times by keyboard, the option or its label by mouse."""

    index: int = 1


CHECK = "check"  # tick a checkbox: Space by keyboard, a click on its label by mouse


@dataclass(frozen=True)
class DemoForm:
    roles: tuple  # every role whose pages show the form; the journey runs as the first
    page: str | Callable  # a path, or a function of the user giving one (evaluated at each pass)
    key: str  # the form's id, or the URL name its action posts to
    fill: dict = field(default_factory=dict)  # control id (or name) -> text, Choose(n) or CHECK
    pick: str = ""  # a CSS condition choosing among the page's forms of this key, e.g. ":has(textarea)"
    submit: str = ""  # the button pressed, a CSS selector inside the form (else its first submit)
    before: Callable | None = None  # puts back what the previous pass changed, given the user

    def path(self, user) -> str:
        if self.before:
            self.before(user)
        return self.page if isinstance(self.page, str) else self.page(user)


def form_key(page_view: str, form_id: str | None, action: str | None) -> str:
    """A form's name in the list: its id, or the URL name its action posts to."""
    if form_id:
        return form_id
    path = urlsplit(action or "").path
    if not path:
        return page_view
    try:
        return resolve(path).view_name
    except Resolver404:
        return path


class _PostForms(HTMLParser):
    """The POST forms of a page (id, action) but the shell's sign-out, and its main menu's links."""

    def __init__(self):
        super().__init__()
        self.forms, self.links, self._in_nav = [], [], False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            if attrs.get("action") != reverse("accounts:logout"):
                self.forms.append((attrs.get("id"), attrs.get("action")))
        elif tag == "nav" and attrs.get("aria-label") == "فهرست اصلی":
            self._in_nav = True
        elif tag == "a" and self._in_nav and (attrs.get("href") or "").startswith("/"):
            self.links.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag == "nav":
            self._in_nav = False


def post_forms(html: str) -> _PostForms:
    parsed = _PostForms()
    parsed.feed(html)
    return parsed


def forms_on_demo_pages(client, role, user, pages: list[str]) -> set[tuple]:
    """(role, page's URL name, form key) of every POST form on `pages` and on the links of the
    role's main menu, as `client` signed in as `user` sees them."""
    client.force_login(user)
    links = post_forms(client.get("/").content.decode()).links
    found = set()
    for path in dict.fromkeys(["/", *links, *pages]):
        if path.startswith("/admin/"):
            continue
        view = resolve(urlsplit(path).path).view_name
        for form_id, action in post_forms(client.get(path).content.decode()).forms:
            found.add((role, view, form_key(view, form_id, action)))
    client.logout()
    return found


def listed(forms: list[DemoForm], users: dict) -> set[tuple]:
    """(role, page's URL name, form key) of every line of the list."""
    out = set()
    for form in forms:
        view = resolve(urlsplit(form.path(users[form.roles[0]])).path).view_name
        out |= {(role, view, form.key) for role in form.roles}
    return out


STAFF = (Role.STAFF_EXPERT, Role.UNIT_HEAD, Role.PROVINCE_MANAGER)
PLANNERS = (Role.HQ_PLANNER, Role.ADMINISTRATOR)
ENTRY = (*PLANNERS, Role.PROVINCE_MANAGER, Role.UNIT_HEAD)


def _applicant_request(user) -> str:
    from desk.models import ServiceRequest

    mine = ServiceRequest.objects.filter(applicant=user).order_by("pk")
    return f"/desk/r/{next(r for r in mine if r.is_open).tracking_code}/"


def _staff_request(user, states=OPEN_STATES) -> str:
    from desk.models import ServiceRequest

    seen = ServiceRequest.objects.filter(unit__code="IR-15", state__in=states).order_by("pk")
    return f"/desk/r/{seen.first().tracking_code}/"


def _reviewed(user) -> str:
    """A request the staff may send back or reject (its transition forms take a note)."""
    return _staff_request(user, (State.SUBMITTED, State.IN_REVIEW))


def _with_appointment(user) -> str:
    from desk.models import Appointment

    booked = Appointment.objects.filter(request__applicant=user).order_by("pk").first()
    return f"/desk/r/{booked.request.tracking_code}/"


def _proposed_again(user) -> None:
    from desk.models import Appointment

    Appointment.objects.filter(request__applicant=user).update(status=Appointment.Status.PROPOSED)


def _confirmed_again(user) -> None:
    CompanyMembership.objects.filter(user=user).update(status=CompanyMembership.Status.CONFIRMED)


def _holder_file(user) -> str:
    from counters.models import Declaration
    from counters.selectors import holder_offices

    return f"/counters/file/{Declaration.objects.filter(office__in=holder_offices(user)).first().pk}/"


def _documents_step(user) -> str:
    from counters.models import Declaration
    from counters.selectors import holder_offices

    work_pages(Role.LICENCE_HOLDER, user)  # starts a draft where an office has no file yet
    mine = Declaration.objects.filter(office__in=holder_offices(user), state=Declaration.State.DRAFT)
    return f"/counters/file/{mine.order_by('pk').first().pk}/step/documents/"


def _review(user) -> str:
    from counters.models import Declaration
    from counters.selectors import workbench

    waiting = (Declaration.State.SUBMITTED, Declaration.State.RESUBMITTED)
    return f"/counters/region/file/{next(d for d in workbench(user) if d.state in waiting).pk}/"


UPLOAD = "upload"  # choose a file (a small table no form accepts): Space, or a click, opens the chooser


def upload_file() -> dict:
    return {"name": "جدول.csv", "mimeType": "text/csv", "buffer": "کد,مقدار\n۱,۲\n".encode()}


NOTE = "توضیح آزمون صفحه‌کلید"
VALUE = {
    "id_activity": "۱",
    "id_unit": "IR-15",
    "id_measure": Choose(1),
    "id_value": "۱۲",
    "id_period": "۱۴۰۰",
}
EXCEPTION = {
    "id_exception_unit": "IR-15",
    "id_exception_year": "۱۴۰۰",
    "id_exception_valid_until": "۱۴۰۵/۱۲/۲۹",
    "id_exception_reason": NOTE,
}
FORMS = [
    DemoForm(ALL_ROLES, "/desk/track/", "track-form", {"id_code": "۱۲۳۴", "id_identifier": "۰۰۱۲۳"}),
    DemoForm(
        ALL_ROLES,
        "/complaints/new/",
        "complaint-form",
        {"id_subject": Choose(1), "id_complained_unit": Choose(1), "id_text": "رفتار نامناسب در پیشخوان"},
    ),
    DemoForm(
        ALL_ROLES,
        "/accounts/profile/",
        "contact-form",
        {"id_contact-email": "kbd@example.com", "id_contact-postal_code": "۱۲۳۴۵۶۷۸۹۰"},
    ),
    DemoForm(ALL_ROLES, "/accounts/profile/", "mobile-form", {"id_mobile-mobile": "۰۹۱۲۳۴۵۶۷۸۹"}),
    DemoForm(
        ALL_ROLES,
        "/accounts/profile/",
        "company-form",
        {"id_company-national_id": "۱۲۳", "id_company-name": "شرکت آزمون"},
    ),
    DemoForm((Role.APPLICANT,), "/accounts/profile/", "accounts:revoke_membership", before=_confirmed_again),
    DemoForm((Role.APPLICANT,), "/desk/visit/", "desk:answer_appointment", before=_proposed_again),
    DemoForm(
        (Role.APPLICANT,),
        _with_appointment,
        "desk:answer_appointment",
        {"note": "عصر"},
        submit="[value=other]",
        before=_proposed_again,
    ),
    DemoForm((Role.APPLICANT, *STAFF), _applicant_request, "message-form", {"id_body": NOTE}),
    DemoForm((Role.APPLICANT,), _applicant_request, "desk:transition"),
    DemoForm(
        (Role.COUNTER_OPERATOR, Role.STAFF_EXPERT, Role.UNIT_HEAD),
        "/desk/counter/",
        "counter-start",
        {"id_service": Choose(1), "id_national_code": "۰۰۷۳۱۲۴۵۶۷", "id_mobile": "۰۹۱۲۱۰۰۰۰۰۱"},
    ),
    DemoForm((Role.LICENCE_HOLDER,), _holder_file, "objection-form"),
    DemoForm(
        (Role.LICENCE_HOLDER,), _documents_step, "upload-form", {"id_kind": Choose(1), "id_file": UPLOAD}
    ),
    DemoForm(STAFF[:2], "/desk/queue/", "take-next"),
    DemoForm(
        (*STAFF, Role.ADMINISTRATOR),
        "/desk/queue/",
        "bulk-assign",
        {"selected": CHECK, "id_expert": Choose(1)},
    ),
    DemoForm(STAFF, _reviewed, "desk:transition", pick=":has(textarea)"),
    DemoForm(STAFF, _staff_request, "desk:assign", {"id_expert": Choose(1)}),
    DemoForm(STAFF, _staff_request, "note-form", {"id_note_body": NOTE}),
    DemoForm(
        STAFF,
        _staff_request,
        "appointment-form",
        {"id_day": "۱۴۰۵/۱۰/۲۰", "id_time": "۱۰:۳۰", "id_reason": "بازدید", "id_place": Choose(1)},
    ),
    DemoForm(STAFF, _staff_request, "reassign-unit-form"),
    DemoForm((Role.UNIT_HEAD,), "/desk/workload/", "desk:workload", {"count": "۱"}),
    DemoForm((*ENTRY, Role.AUDITOR), "/performance/report/", "full-report"),
    DemoForm(ENTRY, "/performance/entry/", "performance:entry_value", VALUE),
    DemoForm(
        ENTRY, "/performance/entry/", "performance:entry", {"id_file": UPLOAD, "id_only_good_rows": CHECK}
    ),
    DemoForm(
        (*ENTRY[2:], Role.ADMINISTRATOR),
        "/performance/entry/",
        "performance:entry_move",
        {"note": NOTE},
        pick=":has(button)",
    ),
    DemoForm(PLANNERS, "/performance/entry/", "performance:entry_exception", EXCEPTION),
    DemoForm(PLANNERS, "/performance/plans/", "performance:plan_start", {"id_title": "برنامه آزمون"}),
    DemoForm(PLANNERS, "/performance/data-quality/", "performance:dq_run"),
    DemoForm((Role.REGION_EXPERT,), _review, "return-form"),
    DemoForm((Role.REGION_EXPERT,), _review, "approve-form", {"id_recipients_score": "۹۹۹"}),
    DemoForm(
        (Role.REGION_EXPERT,),
        _review,
        "correct-form",
        {"id_correct-item": Choose(1), "id_correct-reason": NOTE},
    ),
    DemoForm((Role.ADMINISTRATOR,), "/complaints/phone/", "phone-start", {"id_national_code": "۱۲۳"}),
    DemoForm(
        (Role.ADMINISTRATOR,),
        "/complaints/import/",
        "complaint-import",
        {"id_file": UPLOAD, "id_dry_run": CHECK},
    ),
]
