"""Desk-fed actuals (item 7): an activity bound to a catalogue service takes its actual from the
desk's completed requests, created here through the desk's own services."""

import itertools
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from accounts.models import Role
from core.jalali import current_jalali_year
from desk import services as desk
from desk.tests.factories import make_service, pdf_file
from performance import entry, providers
from performance.models import DataValue, DataValueAudit, Measure, Period
from performance.services import get_or_create_period
from performance.tests import factories as f

pytestmark = pytest.mark.django_db
_keys = itertools.count(1)


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"


@pytest.fixture
def world(make_user):
    tehran, yazd = f.province("تهران"), f.province("یزد")
    service = make_service([tehran, yazd], steps=2)
    activity = f.activity(
        code="P918", title="صدور پروانه (از میز خدمت)", desk_service_code=service.service_id
    )
    return {
        "tehran": tehran,
        "yazd": yazd,
        "service": service,
        "activity": activity,
        "applicant": make_user(role=Role.APPLICANT),
        "expert_tehran": make_user(role=Role.STAFF_EXPERT, scope={"org_unit": tehran}),
        "expert_yazd": make_user(role=Role.STAFF_EXPERT, scope={"org_unit": yazd}),
    }


def request_in(world, unit, *, outcome: str):
    files = {d.pk: pdf_file() for d in world["service"].documents.filter(required=True)}
    request, _ = desk.submit_request(
        service=world["service"],
        applicant=world["applicant"],
        form_data={"product_name": "شیر"},
        files=files,
        idempotency_key=f"perf-{next(_keys)}",
        actor=world["applicant"],
        unit=unit,
    )
    expert = world["expert_tehran"] if unit == world["tehran"] else world["expert_yazd"]
    if outcome == "open":
        return request
    for name in ("accept", "start_review", "advance", outcome):
        desk.transition(request=request, name=name, user=expert, note="مدارک ناقص است.")
    if outcome in ("approve", "reject"):
        desk.issue_response(request=request, user=expert, text="پاسخ صادر شد.")
    return request


def test_actual_is_the_count_of_approved_responses(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        request_in(world, world["tehran"], outcome="approve")
        request_in(world, world["tehran"], outcome="approve")
        request_in(world, world["tehran"], outcome="reject")  # a refusal is no licence
        request_in(world, world["tehran"], outcome="open")  # not answered yet
        request_in(world, world["yazd"], outcome="approve")
    year = get_or_create_period(kind=Period.Kind.YEAR, year=current_jalali_year())
    providers.refresh_actuals(period=year)
    values = {
        v.org_unit.province.name: v.value
        for v in DataValue.objects.filter(activity=world["activity"], period=year, measure=Measure.ACTUAL)
    }
    assert values["تهران"] == 2 and values["یزد"] == 1
    assert values["اصفهان"] == 0
    assert set(DataValueAudit.objects.filter(new_value=2).values_list("source", flat=True)) == {"desk"}
    # a month without responses counts nothing; the previous year neither
    last_year = get_or_create_period(kind=Period.Kind.YEAR, year=current_jalali_year() - 1)
    assert providers.compute_actual(world["activity"], world["tehran"], last_year) == 0
    # recomputing changes nothing and writes no audit row
    audits = DataValueAudit.objects.count()
    call_command("performance_desk_actuals", "--year", str(current_jalali_year()))
    assert DataValueAudit.objects.count() == audits


def test_a_desk_fed_actual_cannot_be_typed(world, make_user):
    planner = make_user(role="hq_planner")
    with pytest.raises(ValidationError, match="دستی ثبت"):
        entry.enter_value(
            user=planner,
            activity=world["activity"],
            unit=world["tehran"],
            period=f.year(current_jalali_year()),
            measure=Measure.ACTUAL,
            value=5,
        )
    f.plan_version(current_jalali_year(), "current")
    entry.enter_value(
        user=planner,
        activity=world["activity"],
        unit=world["tehran"],
        period=f.year(current_jalali_year()),
        measure=Measure.PLAN,
        value=5,
        plan_version=f.plan_version(current_jalali_year(), "current"),
    )  # the plan is still typed


def test_the_registry_takes_any_provider(db):
    f.org_tree()
    activity = f.activity(code="P919", desk_service_code="10031900011")
    saved = providers.get(providers.DESK)
    try:
        providers.register(providers.DESK, lambda code, unit, start, end: Decimal(len(unit.code)))
        providers.refresh_actuals(period=f.year(1401), activities=[activity])
        assert DataValue.objects.get(activity=activity, org_unit__code="IR-23").value == 5
        providers.unregister(providers.DESK)
        assert not providers.is_computed(activity)
        assert providers.compute_actual(activity, f.province(), f.year(1401)) is None
    finally:
        providers.register(providers.DESK, saved)


def test_issued_at_boundaries_follow_the_jalali_period(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        request = request_in(world, world["tehran"], outcome="approve")
    today = timezone.localdate()
    month = get_or_create_period(
        kind="month", year=current_jalali_year(), number=__import__("jdatetime").date.today().month
    )
    assert month.start <= today <= month.end
    assert providers.compute_actual(world["activity"], world["tehran"], month) == 1
    assert request.response.decision == "approved"
