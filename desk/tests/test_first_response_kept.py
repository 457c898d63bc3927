"""The request keeps its first response to the applicant (decision 0096): the target of the SLA in
force at submission for the handling unit's province, and the event that first answered the
applicant, set once (a later answer, the applicant's own message, a note change nothing); the
backfill reads the same values from the log and the agreements."""

import pytest

from catalogue import services as catalogue_services
from catalogue.models import ServiceLevelAgreement
from desk import services
from desk.first_response import fill_from_logs
from desk.models import RequestEvent, ServiceRequest
from desk.tests.factories import make_service
from orgs.models import OrgUnit
from orgs.tests.factories import OrgUnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hq(db):
    return OrgUnitFactory(code="HQ-FR", name="دفتر ستادی", kind=OrgUnit.Kind.HQ_OFFICE)


@pytest.fixture
def agreed(unit, hq, province):
    """A national first-response target of 5 working days and the province's own of 2."""
    service = make_service([unit, hq], steps=1)
    catalogue_services.create_agreement(service=service, provider_unit=hq, response_working_days=5)
    catalogue_services.create_agreement(
        service=service, provider_unit=unit, province=province, response_working_days=2
    )
    return service


def kept(request):
    return ServiceRequest.objects.values_list(
        "first_response_target", "first_response_event_id", "first_responded_at"
    ).get(pk=request.pk)


def test_submission_keeps_the_first_response_target_of_the_handling_units_province(agreed, unit, hq, submit):
    assert kept(submit(svc=agreed, unit=unit))[0] == 2
    assert kept(submit(svc=agreed, unit=hq))[0] == 5


def test_a_service_with_no_first_response_target_keeps_none(service, submit):
    assert kept(submit(svc=service)) == (None, None, None)


def test_the_first_staff_message_is_kept_once(agreed, unit, submit, expert, applicant):
    request = submit(svc=agreed, unit=unit)
    services.post_message(request=request, author=expert, body="یادداشت", internal=True)
    services.post_message(request=request, author=applicant, body="پرسش متقاضی")
    assert kept(request)[1:] == (None, None)
    services.post_message(request=request, author=expert, body="پاسخ کارشناس")
    first = RequestEvent.objects.get(request=request, kind="message", actor=expert)
    assert kept(request) == (2, first.pk, first.at)
    for name in ("accept", "start_review"):
        services.transition(request=request, name=name, user=expert)
    services.transition(request=request, name="request_more", user=expert, note="مدرک")
    assert kept(request) == (2, first.pk, first.at)


def test_a_decision_as_the_first_response_is_kept(agreed, unit, submit, expert):
    request = submit(svc=agreed, unit=unit)
    services.transition(request=request, name="reject", user=expert, note="ناقص")
    event = RequestEvent.objects.get(request=request, name="reject")
    assert kept(request) == (2, event.pk, event.at)
    assert (request.first_response_event_id, request.first_responded_at) == (event.pk, event.at)


def test_a_stale_copy_of_the_request_does_not_claim_a_second_first_response(agreed, unit, submit, expert):
    request = submit(svc=agreed, unit=unit)
    stale = ServiceRequest.objects.get(pk=request.pk)
    services.post_message(request=request, author=expert, body="نخست")
    services.post_message(request=stale, author=expert, body="دوم")
    first = RequestEvent.objects.filter(request=request, kind="message").earliest("pk")
    assert kept(request)[1] == first.pk and stale.first_response_event_id == first.pk


def test_the_backfill_reads_the_same_values_from_the_log(agreed, unit, hq, submit, expert):
    answered = submit(svc=agreed, unit=unit)
    services.post_message(request=answered, author=expert, body="پاسخ")
    services.transition(request=answered, name="accept", user=expert)
    waiting = submit(svc=agreed, unit=hq)
    before = {r.pk: kept(r) for r in (answered, waiting)}
    ServiceRequest.objects.update(
        first_response_target=None, first_response_event=None, first_responded_at=None
    )
    assert fill_from_logs(ServiceRequest, RequestEvent, ServiceLevelAgreement, OrgUnit, batch=1) == 2
    assert {r.pk: kept(r) for r in (answered, waiting)} == before
    assert before[answered.pk][1] is not None and before[waiting.pk] == (5, None, None)
