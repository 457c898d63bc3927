"""Lines' helpers of `core.tests.demo_forms.FORMS` for the regulator's pages reached from the
pages walked: the region's visits, an office's licence, a draft of the annual plan; each readies
its page and reads back what the submission saved."""

from collections.abc import Callable

from core.tests.demo_forms.base import NOTE, _counts


def _planned_visits(user):
    from counters.models import Visit

    return Visit.objects.filter(planned_by=user)


VISIT_DAY = "۱۴۱۰/۰۱/۱۵"  # years ahead: a visit is never planned in the past


def _visit_kept(visit) -> str:
    from core.jalali import parse_date

    return "" if visit.planned_on == parse_date(VISIT_DAY) else f"the visit is planned on {visit.planned_on}"


def _visit_today(user) -> str:
    """A visit planned for today (its result is recorded from its day on), afresh at each pass."""
    from django.utils import timezone

    from counters import selectors, services

    office = selectors.visitable_offices(user).first()
    visit = services.plan_visit(office=office, actor=user, planned_on=timezone.localdate())
    _counts["visit"] = visit.pk
    return f"/counters/region/visits/{visit.pk}/"


def _visit_recorded(user) -> str:
    from counters.models import Visit

    visit = Visit.objects.get(pk=_counts["visit"])
    if visit.state != Visit.State.RECORDED or visit.note != NOTE or visit.photos.count() != 1:
        return f"the visit is {visit.state} with {visit.note!r} and {visit.photos.count()} photos"
    return ""


LICENSED = "2101-10-15"  # an office with an active licence, not the demo holder's


def _licence():
    from counters.models import Licence

    return Licence.objects.get(office__code=LICENSED)


def _licence_page(user) -> str:
    return f"/counters/licences/office/{_licence().office_id}/"


def _licence_as_seeded(user) -> None:
    """The previous pass's renewal or suspension put back: active, to its seeded expiry."""
    import datetime as dt

    from counters.models import Licence

    Licence.objects.filter(office__code=LICENSED).update(
        status=Licence.Status.ACTIVE, expires_on=dt.date(2028, 3, 19), renewed_on=None
    )


RENEWED = {"id_renew-renewed_on": "۱۴۰۳/۰۱/۱۵", "id_renew-expires_on": "۱۴۱۰/۰۶/۳۱"}


def _renewed(user) -> str:
    from core.jalali import parse_date

    licence = _licence()
    wanted = (parse_date(RENEWED["id_renew-renewed_on"]), parse_date(RENEWED["id_renew-expires_on"]))
    return "" if (licence.renewed_on, licence.expires_on) == wanted else f"renewed {licence.renewed_on}"


def _licence_now(status: str) -> Callable:
    def effect(user) -> str:
        licence = _licence()
        if licence.status != status or licence.status_reason != NOTE:
            return f"the licence is {licence.status} ({licence.status_reason!r}), not {status}"
        return ""

    return effect


def _plan_draft():
    from performance.models import PlanVersion

    return PlanVersion.objects.filter(state=PlanVersion.State.DRAFT).order_by("pk").first()


def _plan_draft_page(user) -> str:
    """A draft of the plan (a revision of the year in force, started if there is none)."""
    from performance import plans
    from performance.models import PlanVersion

    draft = _plan_draft()
    if draft is None:
        year = max(v.year for v in PlanVersion.objects.all() if v.is_current)
        draft = plans.start_revision(user=user, year=year, title="ویرایش آزمون صفحه‌کلید")
    return f"/performance/plans/{draft.code}/"


def _back_to_draft(user) -> None:
    """The previous pass's move put back: the revision it sent is a draft again."""
    from performance.models import PlanVersion

    PlanVersion.objects.filter(state=PlanVersion.State.PROPOSED).update(state=PlanVersion.State.DRAFT)


def _proposed(user) -> str:
    from performance.models import PlanVersion

    sent = PlanVersion.objects.filter(state=PlanVersion.State.PROPOSED, events__note=NOTE).exists()
    return "" if sent else "no revision was sent for approval with the note"


PLAN = {"id_activity": "P009", "id_unit": "IR-15", "id_value": "۱۲۳"}  # a total the year in force plans


def _plan_saved(user) -> str:
    from performance.models import DataValue, Measure

    plan = {"activity__code": "P009", "org_unit__code": "IR-15", "measure": Measure.PLAN, "value": 123}
    saved = DataValue.objects.filter(plan_version=_plan_draft(), **plan)
    return "" if saved.exists() else "the plan value was not saved in the draft"
