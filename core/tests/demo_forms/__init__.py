"""Issue 13, «every form submittable by mouse and by keyboard»: every POST form on the demo's pages,
one line of `FORMS` each (who gets it, where, how the test fills it), and the walk that finds the
forms the demo shows, so a form missing from the list fails `test_every_demo_form_is_in_the_list`
(core/tests/test_forms_keyboard_browser.py runs the journeys). A form is named by its `id`, or else
by the URL name its `action` posts to; the journeys run as the first role listed.
"""

from collections.abc import Callable

from accounts.models import CompanyMembership, Role
from core.tests.demo_forms import effects as fx
from core.tests.demo_forms import oversight as ov
from core.tests.demo_forms.base import (
    CHECK,
    NOTE,
    UPLOAD,
    UPLOAD_COMPLAINT,
    UPLOAD_JPEG,
    UPLOAD_LICENCES,
    UPLOAD_PLAN,
    UPLOAD_VALUES,
    UPLOADS,
    Choose,
    DemoForm,
    _counts,
    form_key,
    forms_on_demo_pages,
    listed,
    upload_file,
)
from core.tests.demo_forms.counter_flows import COUNTER_FLOWS
from core.tests.demo_forms.desk_flows import DESK_FLOWS
from core.tests.demo_forms.public import ACCOUNT_FLOWS
from core.tests.demo_forms.regulator import (
    PLAN,
    RENEWED,
    VISIT_DAY,
    _back_to_draft,
    _licence_as_seeded,
    _licence_now,
    _licence_page,
    _plan_draft_page,
    _plan_saved,
    _planned_visits,
    _proposed,
    _renewed,
    _visit_kept,
    _visit_recorded,
    _visit_today,
)
from core.tests.demo_forms.wizard import WIZARD, _documents_step, _holder_file, _review
from desk.models import OPEN_STATES, State

__all__ = ["CHECK", "FORMS", "UPLOAD", "UPLOAD_JPEG", "Choose", "DemoForm", "form_key", "forms_on_demo_pages"]
__all__ += ["UPLOADS", "listed", "upload_file"]

ALL_ROLES = tuple(Role)
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


COMPLAINT_TEXT = "رفتار نامناسب در پیشخوان"


def _my_complaints(user):
    from desk.models import ServiceRequest

    return ServiceRequest.objects.filter(applicant=user, complaint__isnull=False)


def _complaint_kept(last) -> str:
    complaint = last.complaint
    if last.form_data.get("details") != COMPLAINT_TEXT or complaint.complained_unit_id is None:
        return f"the complaint holds {last.form_data} about {complaint.complained_unit}"
    return ""


ONLINE_SERVICE = "10031900023"  # آزمون انگ فلزات گرانبها: for people, online, one document


def _my_applications(user):
    from desk.models import ServiceRequest

    return ServiceRequest.objects.filter(applicant=user, service__service_id=ONLINE_SERVICE)


def _counted(name: str, rows: Callable) -> Callable:
    """Before a form that adds a row: how many `rows(user)` there are, for the effect to compare."""

    def before(user) -> None:
        _counts[name] = rows(user).count()

    return before


def _added_one(name: str, rows: Callable, check: Callable) -> Callable:
    """One row more among `rows(user)` than `_counted` saw, the newest passing `check` (a mismatch
    said, or "")."""

    def effect(user) -> str:
        mine = rows(user)
        if mine.count() != _counts[name] + 1:
            return f"{mine.count() - _counts[name]} {name} added, not one"
        return check(mine.order_by("-pk").first())

    return effect


def _application_kept(last) -> str:
    if last.form_data.get("pieces") != 3 or not last.documents.filter(original_name="کارت-ملی.jpg").exists():
        return f"the request holds {last.form_data} and {list(last.documents.values_list('original_name'))}"
    return ""


def _alerts_by_default(user) -> None:
    """No preference saved: on the workbench only, the first radio chosen."""
    from desk.models import StaffAlertPreference

    StaffAlertPreference.objects.filter(user=user).delete()


def _alerts_by_sms(user) -> str:
    from desk.services.alerts import preference_for

    chosen = preference_for(user)
    return "" if chosen == "sms" else f"the alerts go by {chosen}, not sms"


VALUE = {
    "id_activity": "P009",  # the plan's first activity (the demo's year 1400)
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
    # The request's status is shown only when the code and the national code match a request.
    DemoForm(ALL_ROLES, "/desk/track/", "track-form", fx.TRACK, before=fx._to_track, shows="#request-status"),
    DemoForm(
        ALL_ROLES,
        "/complaints/new/",
        "complaint-form",
        {"id_subject": Choose(1), "id_complained_unit": Choose(1), "id_text": COMPLAINT_TEXT},
        before=_counted("complaints", _my_complaints),
        effect=_added_one("complaints", _my_complaints, _complaint_kept),
    ),
    DemoForm(ALL_ROLES, "/accounts/profile/", "contact-form", fx.CONTACT, **fx.CONTACT_KEPT),
    DemoForm(ALL_ROLES, "/accounts/profile/", "mobile-form", fx.MOBILE, **fx.MOBILE_SENT),
    DemoForm(ALL_ROLES, "/accounts/profile/", "company-form", fx.COMPANY, **fx.COMPANY_ASKED),
    DemoForm(
        (Role.APPLICANT,),
        "/accounts/profile/",
        "accounts:revoke_membership",
        before=fx._both(_confirmed_again, fx._without_company),
        effect=fx._one_revoked,
    ),
    DemoForm(
        (Role.APPLICANT,),
        "/desk/visit/",
        "desk:answer_appointment",
        before=_proposed_again,
        effect=fx._answered("confirmed"),
    ),
    DemoForm(
        (Role.APPLICANT,),
        _with_appointment,
        "desk:answer_appointment",
        {"note": "عصر"},
        submit="[value=other]",
        before=_proposed_again,
        effect=fx._answered("reschedule", "عصر"),
    ),
    DemoForm(
        (Role.APPLICANT, *STAFF),
        _applicant_request,
        "message-form",
        {"id_body": NOTE},
        before=_counted("messages", fx._my_messages),
        effect=_added_one("messages", fx._my_messages, fx._message_kept),
    ),
    DemoForm((Role.APPLICANT,), _applicant_request, "desk:transition", **fx.WITHDRAWN),
    DemoForm(
        (Role.APPLICANT,),
        f"/desk/apply/{ONLINE_SERVICE}/",
        "apply-form",
        {"id_metal": Choose(1), "id_pieces": "۳", "[type=file]": UPLOAD_JPEG},
        before=_counted("applications", _my_applications),
        effect=_added_one("applications", _my_applications, _application_kept),
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
        **fx.COUNTER_STARTED,
    ),
    DemoForm((Role.LICENCE_HOLDER,), _holder_file, "objection-form", {"id_text": NOTE}, **fx.OBJECTED),
    DemoForm(
        (Role.LICENCE_HOLDER,),
        _documents_step,
        "upload-form",
        {"id_kind": Choose(1), "id_file": UPLOAD_JPEG},
        **fx.SCAN_KEPT,
    ),
    DemoForm(STAFF[:2], "/desk/queue/", "take-next", **fx.ASSIGNED),
    DemoForm(
        STAFF[:1],
        "/desk/alerts/",
        "alert-settings",
        {"channels": Choose(1)},
        before=_alerts_by_default,
        effect=_alerts_by_sms,
    ),
    DemoForm(
        (*STAFF, Role.ADMINISTRATOR),
        "/desk/queue/",
        "bulk-assign",
        {"selected": CHECK, "id_expert": Choose(1)},
        **fx.ASSIGNED_SOME,
    ),
    # Sending back or rejecting says why to the applicant: the note is written.
    DemoForm(STAFF, _reviewed, "desk:transition", {"note": NOTE}, pick=":has(textarea)", **fx.SENT_BACK),
    DemoForm(STAFF, _staff_request, "desk:assign", {"id_expert": Choose(1)}, **fx.ASSIGNED),
    DemoForm(
        STAFF,
        _staff_request,
        "note-form",
        {"id_note_body": NOTE},
        before=_counted("notes", fx._my_notes),
        effect=_added_one("notes", fx._my_notes, fx._message_kept_internal),
    ),
    DemoForm(
        STAFF,
        _staff_request,
        "appointment-form",
        {"id_day": "۱۴۰۵/۱۰/۲۰", "id_time": "۱۰:۳۰", "id_reason": "بازدید", "id_place": Choose(1)},
        before=_counted("appointments", fx._my_appointments),
        effect=_added_one("appointments", fx._my_appointments, fx._appointment_kept),
    ),
    # The unit's head sends a request elsewhere (an expert's page has no such form).
    DemoForm(STAFF[1:], _staff_request, "reassign-unit-form", **fx.SENT_ELSEWHERE),
    DemoForm((Role.UNIT_HEAD,), "/desk/workload/", "desk:workload", {"count": "۱"}, **fx.ASSIGNED),
    DemoForm((*ENTRY, Role.AUDITOR), "/performance/report/", "full-report", **ov.BUILD_REQUESTED),
    DemoForm(ENTRY, "/performance/entry/", "performance:entry_value", VALUE, **ov.VALUE_TYPED),
    DemoForm(
        ENTRY,
        "/performance/entry/",
        "performance:entry",
        {"id_file": UPLOAD_VALUES, "id_only_good_rows": CHECK},
        submit="[name=import]",  # «ثبت», not the preview
        **ov.VALUES_IMPORTED,
    ),
    DemoForm(
        (*ENTRY[2:], Role.ADMINISTRATOR),
        "/performance/entry/",
        "performance:entry_move",
        {"note": NOTE},
        pick=":has(button)",
        **ov.ROUND_SENT,
    ),
    DemoForm(
        PLANNERS, "/performance/entry/", "performance:entry_exception", EXCEPTION, **ov.EXCEPTION_GRANTED
    ),
    DemoForm(
        PLANNERS,
        "/performance/plans/",
        "performance:plan_start",
        {"id_title": ov.REVISION},
        **ov.REVISION_STARTED,
    ),
    DemoForm(PLANNERS, "/performance/data-quality/", "performance:dq_run", **ov.RUN),
    DemoForm((Role.HQ_PLANNER,), _plan_draft_page, "performance:plan_value", PLAN, effect=_plan_saved),
    DemoForm(
        (Role.HQ_PLANNER,),
        _plan_draft_page,
        "performance:plan_upload",
        {"id_file": UPLOAD_PLAN},
        **ov.PLAN_UPLOADED,
    ),
    DemoForm(
        (Role.HQ_PLANNER,),
        _plan_draft_page,
        "performance:plan_move",
        {"note": NOTE},
        before=_back_to_draft,
        effect=_proposed,
    ),
    *WIZARD,
    *DESK_FLOWS,
    DemoForm((Role.REGION_EXPERT,), _review, "return-form", ov.RETURN, **ov.RETURNED),
    DemoForm(
        (Role.REGION_EXPERT,),
        "/counters/region/visits/",
        "plan-form",
        {"id_office": Choose(1), "id_planned_on": VISIT_DAY},
        before=_counted("visits", _planned_visits),
        effect=_added_one("visits", _planned_visits, _visit_kept),
    ),
    DemoForm(
        (Role.REGION_EXPERT,),
        _visit_today,
        "visit-form",
        {"id_note": NOTE, "id_photos": UPLOAD_JPEG},
        effect=_visit_recorded,
    ),
    DemoForm((Role.REGION_EXPERT,), _review, "approve-form", ov.APPROVE, **ov.APPROVED),
    DemoForm((Role.REGION_EXPERT,), _review, "correct-form", ov.CORRECT, **ov.CORRECTED),
    DemoForm((Role.ADMINISTRATOR,), "/complaints/phone/", "phone-start", ov.CALLER, **ov.CALLER_IDENTIFIED),
    DemoForm(
        (Role.ADMINISTRATOR,),
        "/complaints/import/",
        "complaint-import",
        {"id_file": UPLOAD_COMPLAINT, "id_dry_run": CHECK},  # the dry run (ticked at first) unticked
        **ov.COMPLAINT_IMPORTED,
    ),
    DemoForm(
        (Role.HQ_PLANNER,),
        _licence_page,
        "licence-renew-form",
        RENEWED,
        before=_licence_as_seeded,
        effect=_renewed,
    ),
    *(
        DemoForm(
            (Role.HQ_PLANNER,),
            _licence_page,
            f"licence-{action}-form",
            {f"id_{action}-effective_on": "۱۴۰۵/۰۱/۰۱", f"id_{action}-reason": NOTE},
            before=_licence_as_seeded,
            effect=_licence_now(status),
        )
        for action, status in (("suspend", "suspended"), ("revoke", "revoked"))
    ),
    DemoForm(
        (Role.HQ_PLANNER,),
        "/counters/licences/import/",
        "licence-import",
        {"id_file": UPLOAD_LICENCES, "id_dry_run": CHECK},  # the dry run (ticked at first) unticked
        before=_licence_as_seeded,
        effect=ov._licence_imported,
    ),
    *ACCOUNT_FLOWS,
    *COUNTER_FLOWS,
]
