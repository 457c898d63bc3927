"""The lines of `core.tests.demo_forms.FORMS` for the counter offices' forms that need a state the
seeded demo does not hold: the licence holder's start of a file and identity mismatch report (an
office with no file this year), the region's settling of a mismatch report, its answer to an
objection, and HQ's reinstatement of a suspended licence and creation of an office's first licence.
Each `before` readies the state through `counters.services`, afresh at each pass (an office or file
that a submission moved on is not reused: their logs are append-only), and each `effect` reads back
what the submission saved."""

from accounts.models import Role
from core.tests.demo_forms.base import CHECK, NOTE, DemoForm, _counts

FRESH = "9901"  # the holder's offices these lines add, each with last year's file and none this year
OBJECTED = "9902"  # offices of the region expert's region whose file is approved, then objected to
UNLICENSED = "9903"  # offices with no licence yet, for HQ to create one


def _new_office(prefix: str, province: str, city: str):
    """A new office of code `prefix`-00-NN (the next NN)."""
    from counters.demo import _office
    from orgs.models import CounterOffice

    n = CounterOffice.objects.filter(code__startswith=f"{prefix}-").count() + 1
    return _office(f"{prefix}-00-{n:02d}", f"دفتر پیشخوان آزمون {n}", "counter", province, city)


def _fresh_office(user):
    """The holder's office with no file this year and no mismatch report waiting: its identity check
    shows on the holder's home. One is added (licensed to the holder, with last year's file, so the
    demo walk starts no draft for it) once a previous pass started its file or reported it."""
    import datetime as dt

    from core.jalali import current_jalali_year
    from counters import selectors
    from counters.services import gate, start_declaration

    year = current_jalali_year()
    for office in selectors.holder_offices(user).filter(code__startswith=f"{FRESH}-"):
        if not office.declarations.filter(year=year).exists() and not selectors.open_identity_report(office):
            return office
    office = _new_office(FRESH, "IR-30", "کرج")
    gate.register_licence(
        office=office,
        holder=user,
        number=f"1403-{office.code}",
        issued_on=dt.date(2023, 4, 1),
        expires_on=dt.date(2028, 3, 19),
    )
    start_declaration(office=office, actor=user, year=year - 1)
    return office


def _holder_home(user) -> str:
    """The holder's home, where the fresh office is the only one to start: the others have this
    year's file (`work_pages` starts the draft of the demo's new office, as the wizard's lines do)."""
    from core.tests.test_demo_pages_browser import work_pages

    work_pages(Role.LICENCE_HOLDER, user)
    _counts["fresh_office"] = _fresh_office(user).pk
    return "/counters/"


def _mismatch_open(user) -> str:
    """The report form waits in a closed «این مشخصات از آنِ من نیست»: a link into it opens it (as
    Chromium opens a closed `details` a link leads into)."""
    path, office = _holder_home(user), _counts["fresh_office"]
    # The query tells this office's page from the home the previous pass left the browser on (a
    # link differing only by its fragment would not load the page afresh).
    return f"{path}?office={office}#mismatch-{office}"


def _started(user) -> str:
    from core.jalali import current_jalali_year
    from counters.models import Declaration

    started = Declaration.objects.filter(office_id=_counts["fresh_office"], year=current_jalali_year())
    if not started.exists():
        return "no file of this year was started"
    if not started.first().events.filter(data__identity_confirmed__isnull=False).exists():
        return "the file's first event does not keep the identity confirmed"
    return ""


def _reported(user) -> str:
    from counters.models import IdentityMismatch

    reported = IdentityMismatch.objects.filter(
        office_id=_counts["fresh_office"], reported_by=user, resolved_at__isnull=True, text=NOTE
    )
    return "" if reported.exists() else "no mismatch report with the text was recorded"


MISMATCH_OFFICE = "1701-60-12"  # of the region expert's region, not the demo holder's


def _workbench_with_report(user) -> str:
    """The region's workbench with a mismatch report waiting (the office's holder reports one when
    none waits); the first shown is the one the line settles."""
    from counters import selectors, services
    from orgs.models import CounterOffice

    if not selectors.identity_reports(user).exists():
        office = CounterOffice.objects.get(code=MISMATCH_OFFICE)
        services.report_identity_mismatch(office=office, actor=office.licence.holder, text=NOTE)
    _counts["report"] = selectors.identity_reports(user).first().pk
    return "/counters/region/"


def _resolved(user) -> str:
    from counters.models import IdentityMismatch

    report = IdentityMismatch.objects.get(pk=_counts["report"])
    if report.resolved_at is None or report.resolved_by != user:
        return f"the report is not settled by {user} (settled at {report.resolved_at})"
    return ""


def _objected_file(user) -> str:
    """A file of the region expert's region whose holder objected to its approved score: one is made
    (a new office, its file filled, confirmed and approved through the services) when no file waits
    on an answer."""
    import datetime as dt

    from counters import selectors, services
    from counters.demo import _advance, _person
    from counters.models import Declaration
    from counters.services import gate

    waiting = [d for d in selectors.workbench(user) if d.state == Declaration.State.OBJECTED]
    if waiting:
        declaration = waiting[0]
    else:
        office = _new_office(OBJECTED, "IR-15", "خرم‌آباد")
        n = int(office.code[-2:])
        holder = _person(f"{390000000 + n:09d}", "دارنده", f"آزمون {n}", f"+98935190{n:04d}")
        gate.register_licence(
            office=office,
            holder=holder,
            number=f"1403-{office.code}",
            issued_on=dt.date(2023, 4, 1),
            expires_on=dt.date(2028, 3, 19),
        )
        declaration = services.start_declaration(office=office, actor=holder)
        _advance(declaration, "approved", 80)
        services.submit_objection(declaration=declaration, actor=holder, text="امتیاز کم شمرده شده است.")
    _counts["objection answered"] = declaration.pk
    return f"/counters/region/file/{declaration.pk}/"


def _objection_answered(user) -> str:
    from counters.models import Declaration

    declaration = Declaration.objects.get(pk=_counts["objection answered"])
    objection = declaration.objection
    if objection.answer != NOTE or objection.answered_by != user or declaration.state == "objected":
        return f"the file is {declaration.state}, its objection answered {objection.answer!r}"
    return ""


SUSPENDED = "3101-40-11"  # an office with an active licence no other line uses


def _suspended_licence(user) -> str:
    """The licence page of an office whose licence HQ suspended (through the service, again at each
    pass after the previous one reinstated it)."""
    from django.utils import timezone

    from counters.models import Licence
    from counters.services import licences as registry

    licence = Licence.objects.get(office__code=SUSPENDED)
    if licence.status == Licence.Status.ACTIVE:
        registry.change_licence_status(
            actor=user,
            licence=licence,
            action="suspend",
            effective_on=timezone.localdate(),
            reason="تعلیق برای آزمون رفع تعلیق",
        )
    return f"/counters/licences/office/{licence.office_id}/"


def _reinstated(user) -> str:
    from counters.models import Licence

    licence = Licence.objects.get(office__code=SUSPENDED)
    if licence.status != Licence.Status.ACTIVE or licence.status_reason != NOTE:
        return f"the licence is {licence.status} ({licence.status_reason!r}), not reinstated"
    if not licence.events.filter(action="reinstate", reason=NOTE).exists():
        return "no reinstatement in the licence's log"
    return ""


NEW_LICENCE = "1403-30-9903"
NEW_HOLDER = "۳۹۹۰۰۰۰۰۱۲"  # a valid national code (check digit 2) of nobody in the demo
CREATED = {
    "id_number": "۱۴۰۳-۳۰-۹۹۰۳",
    "id_national_code": NEW_HOLDER,
    "id_mobile": "۰۹۳۵۱۹۹۰۰۰۱",
    "id_first_name": "سارا",
    "id_last_name": "آزمون",
    "id_issued_on": "۱۴۰۳/۰۱/۱۰",
    "id_expires_on": "۱۴۰۸/۰۱/۱۰",
}


def _unlicensed_office(user) -> str:
    """The licence page of an office with no licence (a new one at each pass: a licence, once
    logged, stays); the number the line types is freed from the previous pass's licence."""
    from counters.models import Licence
    from orgs.models import CounterOffice

    Licence.objects.filter(number=NEW_LICENCE).update(number=f"{NEW_LICENCE}-{Licence.objects.count()}")
    office = CounterOffice.objects.filter(code__startswith=f"{UNLICENSED}-", licence__isnull=True).first()
    office = office or _new_office(UNLICENSED, "IR-30", "کرج")
    _counts["unlicensed"] = office.pk
    return f"/counters/licences/office/{office.pk}/"


def _licence_created(user) -> str:
    from core.text import normalize_digits
    from counters.models import Licence

    licence = Licence.objects.filter(office_id=_counts["unlicensed"]).first()
    if licence is None:
        return "no licence was recorded for the office"
    if licence.number != NEW_LICENCE or licence.holder.national_code != normalize_digits(NEW_HOLDER):
        return f"the licence {licence.number} is held by {licence.holder.national_code}"
    return ""


COUNTER_FLOWS = [
    DemoForm(
        (Role.LICENCE_HOLDER,),
        _holder_home,
        "counters:start",
        {"confirm_identity": CHECK},
        effect=_started,
    ),
    DemoForm((Role.LICENCE_HOLDER,), _mismatch_open, "counters:mismatch", {"text": NOTE}, effect=_reported),
    DemoForm((Role.REGION_EXPERT,), _workbench_with_report, "counters:resolve_mismatch", effect=_resolved),
    DemoForm(
        (Role.REGION_EXPERT,), _objected_file, "answer-form", {"id_answer": NOTE}, effect=_objection_answered
    ),
    DemoForm(
        (Role.HQ_PLANNER,),
        _suspended_licence,
        "licence-reinstate-form",
        {"id_reinstate-effective_on": "۱۴۰۵/۰۱/۰۱", "id_reinstate-reason": NOTE},
        effect=_reinstated,
    ),
    DemoForm(
        (Role.HQ_PLANNER,),
        _unlicensed_office,
        "licence-create-form",
        CREATED,
        effect=_licence_created,
    ),
]


# The states these lines ready, by the role whose pages show them: the walk of
# `test_every_demo_form_is_in_the_list` readies and visits them too, so that a form they show and
# the list misses fails it (the demo's own pages never hold these states).
STATES = {
    Role.LICENCE_HOLDER: (_holder_home, _mismatch_open),
    Role.REGION_EXPERT: (_workbench_with_report, _objected_file),
    Role.HQ_PLANNER: (_suspended_licence, _unlicensed_office),
}


def state_pages(role, user) -> list[str]:
    """The pages of `role` in the states above, readied for `user`."""
    return [ready(user) for ready in STATES.get(role, ())]
