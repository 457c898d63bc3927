"""Issue 13, «every form submittable by mouse and by keyboard»: every POST form on the demo's pages,
one line of `FORMS` each (who gets it, where, how the test fills it), and the walk that finds the
forms the demo shows, so a form missing from the list fails `test_every_demo_form_is_in_the_list`
(core/tests/test_forms_keyboard_browser.py runs the journeys). A form is named by its `id`, or else
by the URL name its `action` posts to; the journeys run as the first role listed.
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
_counts: dict[str, int] = {}  # what a line's `before` saw, for its `effect` to compare


@dataclass(frozen=True)
class DemoForm:
    roles: tuple  # every role whose pages show the form; the journey runs as the first
    page: str | Callable  # a path, or a function of the user giving one (evaluated at each pass)
    key: str  # the form's id, or the URL name its action posts to
    fill: dict = field(
        default_factory=dict
    )  # control id, name or "[type=…]" -> text, Choose(n), CHECK, UPLOAD…
    pick: str = ""  # a CSS condition choosing among the page's forms of this key, e.g. ":has(textarea)"
    submit: str = ""  # the button pressed, a CSS selector inside the form (else its first submit)
    before: Callable | None = None  # puts back what the previous pass changed, given the user
    effect: Callable | None = None  # given the user, what the submission failed to do ("" if done)

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


def _closed_request(user):
    from desk.models import ServiceRequest

    return ServiceRequest.objects.filter(applicant=user, state=State.CLOSED).order_by("pk").first()


def _unrated(user) -> None:
    from desk.models import Feedback

    Feedback.objects.filter(request=_closed_request(user)).delete()


def _rated(user) -> str:
    """The rating (four of five, the second option) and every reason ticked were saved."""
    from desk.models import Feedback

    feedback = Feedback.objects.filter(request=_closed_request(user)).first()
    if feedback is None:
        return "no rating was saved"
    if feedback.score != 4 or not feedback.reasons or feedback.comment != NOTE:
        return f"the rating saved is {feedback.score} {feedback.reasons} {feedback.comment!r}"
    return ""


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


def _draft(user):
    from counters.models import Declaration
    from counters.selectors import holder_offices

    work_pages(Role.LICENCE_HOLDER, user)  # starts a draft where an office has no file yet
    mine = Declaration.objects.filter(office__in=holder_offices(user), state=Declaration.State.DRAFT)
    return mine.order_by("pk").first()


def _wizard_step(slug: str, before: str) -> Callable:
    """The draft's step `slug`, the steps up to `before` completed through the services first
    (as `counters.demo.fill` does) unless the step is open already."""

    def path(user) -> str:
        from counters import wizard
        from counters.demo import fill

        declaration = _draft(user)
        if not wizard.is_open(declaration, slug):
            fill(declaration, until=before)
        return f"/counters/file/{declaration.pk}/step/{slug}/"

    return path


def _saved_field(name: str, value) -> Callable:
    def effect(user) -> str:
        saved = getattr(_draft(user), name)
        return "" if saved == value else f"{name} is {saved!r}, not {value!r}"

    return effect


MEMBER_CODE = "۰۰۱۲۳۴۵۶۷۹"  # a valid national code (check digit 9)


def _without_member(user) -> None:
    from core.text import normalize_digits

    _draft(user).board_members.filter(national_code=normalize_digits(MEMBER_CODE)).delete()


def _member_added(user) -> str:
    from core.text import normalize_digits

    added = _draft(user).board_members.filter(national_code=normalize_digits(MEMBER_CODE)).exists()
    return "" if added else "the board member was not added"


def _with_member(user) -> None:
    from core.text import normalize_digits
    from counters import services

    declaration = _draft(user)
    if not declaration.board_members.filter(national_code=normalize_digits(MEMBER_CODE)).exists():
        services.add_board_member(
            declaration=declaration,
            actor=user,
            first_name="رضا",
            last_name="آزمون",
            national_code=normalize_digits(MEMBER_CODE),
            position="عضو",
        )
    _counts["members"] = declaration.board_members.count()


def _member_removed(user) -> str:
    left = _draft(user).board_members.count()
    return "" if left == _counts["members"] - 1 else f"{left} board members left of {_counts['members']}"


# A draft step's form holds only what was saved before: every required field is filled.
LEGAL = {
    "id_company_name": "شرکت خدمات پیشخوان البرز",
    "id_company_national_id": "۱۰۳۸۰۲۸۴۷۹۰",
    "id_registration_number": "۱۲۳۴۵",
    "id_registration_date": "۱۳۹۴/۰۲/۱۱",
    "id_registration_place": "کرج",
    "id_representative_first_name": "مریم",
    "id_representative_last_name": "کریمی",
    "id_representative_national_code": MEMBER_CODE,
    "id_representative_mobile": "۰۹۱۲۳۴۵۶۷۸۹",
    "id_representative_position": "مدیرعامل",
}
CONTACT = {
    "id_address": "کرج، خیابان آزمون، پلاک ۱",
    "id_postal_code": "۳۱۵۸۷۶۵۴۳۲",
    "id_phone": "۰۲۶۳۲۲۲۳۳۴۴",
    "id_contact_mobile": "۰۹۱۲۳۴۵۶۷۸۹",
}
HOLDER = (Role.LICENCE_HOLDER,)
LEGAL_STEP = _wizard_step("legal", "details")
MEMBER = {
    "id_first_name": "رضا",
    "id_last_name": "آزمون",
    "id_national_code": MEMBER_CODE,
    "id_position": "عضو",
}
REMOVE = ":has([value=remove])"  # a row's remove button


def _review(user) -> str:
    from counters.models import Declaration
    from counters.selectors import workbench

    waiting = (Declaration.State.SUBMITTED, Declaration.State.RESUBMITTED)
    return f"/counters/region/file/{next(d for d in workbench(user) if d.state in waiting).pk}/"


UPLOAD = "upload"  # choose a file (a small table no form accepts): Space, or a click, opens the chooser
UPLOAD_JPEG = "upload-jpeg"  # choose a picture (a scanned document the desk accepts)


def upload_file(how: str = UPLOAD) -> dict:
    if how == UPLOAD_JPEG:
        from counters.demo import JPEG

        return {"name": "کارت-ملی.jpg", "mimeType": "image/jpeg", "buffer": JPEG}
    return {"name": "جدول.csv", "mimeType": "text/csv", "buffer": "کد,مقدار\n۱,۲\n".encode()}


ONLINE_SERVICE = "10031900023"  # آزمون انگ فلزات گرانبها: for people, online, one document


def _my_applications(user):
    from desk.models import ServiceRequest

    return ServiceRequest.objects.filter(applicant=user, service__service_id=ONLINE_SERVICE)


def _before_applying(user) -> None:
    _counts["applications"] = _my_applications(user).count()


def _applied(user) -> str:
    mine = _my_applications(user)
    if mine.count() != _counts["applications"] + 1:
        return f"{mine.count() - _counts['applications']} requests filed, not one"
    last = mine.order_by("-pk").first()
    if last.form_data.get("pieces") != 3 or not last.documents.filter(original_name="کارت-ملی.jpg").exists():
        return f"the request holds {last.form_data} and {list(last.documents.values_list('original_name'))}"
    return ""


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
        (Role.APPLICANT,),
        f"/desk/apply/{ONLINE_SERVICE}/",
        "apply-form",
        {"id_metal": Choose(1), "id_pieces": "۳", "[type=file]": UPLOAD_JPEG},
        before=_before_applying,
        effect=_applied,
    ),
    DemoForm(
        (Role.APPLICANT,),
        lambda user: f"/desk/r/{_closed_request(user).tracking_code}/",
        "feedback-form",
        {"score": Choose(1), "reasons": CHECK, "id_comment": NOTE},
        before=_unrated,
        effect=_rated,
    ),
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
    DemoForm(
        (Role.LICENCE_HOLDER,),
        _wizard_step("manager", "documents"),
        "step-form",
        {"id_manager_first_name": "کیوان"},
        effect=_saved_field("manager_first_name", "کیوان"),
    ),
    DemoForm(
        (Role.LICENCE_HOLDER,),
        _wizard_step("details", "manager"),
        "step-form",
        {
            "id_person_type": Choose(2),
            "id_staff_count": "۲",
            "id_disabled_staff_count": "۱",
            "id_contracts_count": "۵",
        },
        effect=_saved_field("contracts_count", 5),
    ),
    DemoForm(
        (Role.LICENCE_HOLDER,),
        _wizard_step("legal", "details"),
        "step-form",
        LEGAL,
        effect=_saved_field("registration_place", "کرج"),
    ),
    DemoForm(HOLDER, LEGAL_STEP, "member-form", MEMBER, before=_without_member, effect=_member_added),
    DemoForm(HOLDER, LEGAL_STEP, "counters:step", pick=REMOVE, before=_with_member, effect=_member_removed),
    DemoForm(
        (Role.LICENCE_HOLDER,),
        _wizard_step("contact", "legal"),
        "step-form",
        CONTACT,
        effect=_saved_field("phone", "+982632223344"),
    ),
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
