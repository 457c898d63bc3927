"""Audit test fixtures: an organisation-wide auditor, and one event in each trail."""

import datetime as dt

import pytest
from django.utils import timezone

from accounts.models import Role
from counters.tests.factories import DeclarationFactory

# The desk's request builders (a unit, a service with its documents, an applicant, `submit`).
from desk.tests.conftest import _private_media, applicant, province, service, submit, unit  # noqa: F401
from performance.tests.factories import SubmissionFactory


@pytest.fixture
def auditor(make_user):
    return make_user(role=Role.AUDITOR, first_name="نرگس", last_name="یزدانی")


@pytest.fixture
def auditor_client(client, auditor):
    client.force_login(auditor)
    return client


@pytest.fixture
def declaration_event(db, province, make_user):  # noqa: F811 (fixture from the desk)
    from counters.models import DeclarationEvent
    from orgs.models import CounterOffice

    office = CounterOffice.objects.create(
        code="9901-01-07", name="دفتر آزمون", kind="counter", province=province
    )
    declaration = DeclarationFactory(office=office, year=1404)
    return DeclarationEvent.objects.create(
        declaration=declaration,
        action="create",
        to_state="draft",
        actor=make_user(role=Role.LICENCE_HOLDER, scope={"counter_office": office}),
        ip="192.0.2.44",
    )


@pytest.fixture
def submission_event(db, unit, make_user):  # noqa: F811 (fixture from the desk)
    from performance.models import Period, SubmissionEvent

    period = Period.objects.create(
        code="1404", kind="year", year=1404, start=dt.date(2025, 3, 21), end=dt.date(2026, 3, 20)
    )
    submission = SubmissionFactory(org_unit=unit, period=period, state="submitted")
    return SubmissionEvent.objects.create(
        submission=submission,
        from_state="draft",
        to_state="submitted",
        actor=make_user(role=Role.UNIT_HEAD, scope={"org_unit": unit}),
        note="ارسال",
    )


def days_ago(n: int) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=n)
