"""Desk test fixtures: a unit with its staff, a service with fields, documents and steps, people."""

import pytest

from accounts.models import Role
from catalogue.models import WorkflowStep
from catalogue.tests.factories import WorkflowStepFactory
from desk.tests.factories import (
    make_service,
    submit_request,
)
from orgs.models import OrgUnit
from orgs.tests.factories import CounterOfficeFactory, ExternalPartyFactory, OrgUnitFactory, ProvinceFactory


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"


@pytest.fixture
def province(db):
    return ProvinceFactory()


@pytest.fixture
def unit(db, province):
    return OrgUnitFactory(code="IR-99", name="اداره کل آزمون", kind=OrgUnit.Kind.PROVINCE, province=province)


@pytest.fixture
def other_unit(db):
    return OrgUnitFactory(code="HQ-OTHER", name="دفتر دیگر")


@pytest.fixture
def office(db, province):
    return CounterOfficeFactory(province=province)


@pytest.fixture
def service(unit):
    return make_service([unit])


@pytest.fixture
def lab(db):
    return ExternalPartyFactory(name="آزمون‌گستر")


@pytest.fixture
def routed(unit, other_unit, lab):
    """Four steps: the first unit checks, the second evaluates, a laboratory tests, the first
    unit's head decides."""
    service = make_service([unit], steps=0)
    rows = [
        ("بررسی مدارک", {"responsible_unit": unit, "responsible_role": Role.STAFF_EXPERT}),
        ("ارزیابی فنی", {"responsible_unit": other_unit, "responsible_role": Role.STAFF_EXPERT}),
        ("آزمون نمونه", {"run_by": WorkflowStep.RunBy.EXTERNAL, "external_party": lab}),
        ("تصمیم نهایی", {"responsible_unit": unit, "responsible_role": Role.UNIT_HEAD}),
    ]
    for order, (title, extra) in enumerate(rows, start=1):
        WorkflowStepFactory(
            service=service, order=order, title=title, target_working_days=2, clean=True, **extra
        )
    return service


@pytest.fixture
def in_review(routed, submit, expert, head, unit):
    """A request of the routed service at its first step, assigned to the first unit's expert."""
    from desk import services

    request = submit(svc=routed)
    services.transition(request=request, name="accept", user=expert)
    services.transition(request=request, name="start_review", user=expert)
    services.assign_expert(requests=[request], expert=expert, by=head)
    request.refresh_from_db()
    assert (request.step_number, request.unit_id, request.assignee_id) == (1, unit.pk, expert.pk)
    return request


@pytest.fixture
def applicant(make_user):
    return make_user(role=Role.APPLICANT, first_name="سارا", email="sara@example.com", mobile="+989135550001")


@pytest.fixture
def head(make_user, unit):
    return make_user(role=Role.UNIT_HEAD, scope={"org_unit": unit}, first_name="زهرا")


@pytest.fixture
def other_expert(make_user, other_unit):
    return make_user(role=Role.STAFF_EXPERT, scope={"org_unit": other_unit}, first_name="کارشناس دیگر")


@pytest.fixture
def submit(service, applicant):
    """Submit a request (service call) with its required document; returns the request."""

    def do(*, who=None, key=None, svc=None, **extra):
        return submit_request(svc or service, who or applicant, key=key, **extra)

    return do


@pytest.fixture(autouse=True)
def _desk_rules_only():
    """The desk's own tests file for counter offices under the desk's rules alone: the counters app
    adds its licence and delegation checks through `register_counter_office_check`, and its own
    tests (counters/tests/test_desk_gate.py) prove them through the desk."""
    from desk.services import counter_office_checks

    with counter_office_checks.isolated():
        yield
