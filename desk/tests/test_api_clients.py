"""Request-level: a client system reads the status and steps of requests filed at its places
(scope `requests:read`), and nothing of any other place's request."""

import pytest

from accounts.models import Role
from apiclients.models import ApiClient
from apiclients.tests.factories import bearer, make_client
from core.text import to_persian_digits
from desk.tests.factories import make_service
from orgs.models import OrgUnit
from orgs.tests.factories import CounterOfficeFactory, OrgUnitFactory, ProvinceFactory

pytestmark = pytest.mark.django_db

NOT_HERE = "درخواستی با این کد رهگیری در مکان‌های این سامانه یافت نشد."


def url(code: str) -> str:
    return f"/api/desk/requests/{code}"


@pytest.fixture
def filed_at(submit, operator):
    """A request filed by a counter office's operator at `office`."""

    def do(office):
        return submit(
            channel="counter", counter_office=office, actor=operator, actor_role=Role.COUNTER_OPERATOR
        )

    return do


@pytest.fixture
def other_office(db):
    return CounterOfficeFactory(code="9902-02-02", province=ProvinceFactory(code="IR-98", name="استان دیگر"))


def test_status_and_steps_of_a_request_filed_at_the_clients_office(client, filed_at, office, expert):
    from desk import services

    request = filed_at(office)
    services.transition(request=request, name="accept", user=expert)
    _api_client, token = make_client("requests:read", offices=[office])
    response = client.get(url(request.tracking_code), **bearer(token))
    assert response.status_code == 200
    data = response.json()
    assert data["tracking_code"] == request.tracking_code and data["state"] == "accepted"
    assert data["channel"] == "counter" and data["counter_office_code"] == office.code
    assert [(s["order"], s["title"], s["status"]) for s in data["steps"]] == [
        (1, "گام 1", "pending"),
        (2, "گام 2", "pending"),
    ]
    assert data["events"][-1]["label"] == "پذیرش درخواست" and data["ended"] == ""


def test_the_code_may_be_written_with_dashes_and_persian_digits(client, filed_at, office):
    request = filed_at(office)
    _api_client, token = make_client("requests:read", offices=[office])
    response = client.get(url(to_persian_digits(request.tracking_display)), **bearer(token))
    assert response.status_code == 200 and response.json()["tracking_code"] == request.tracking_code


def test_one_associations_token_cannot_read_a_request_of_another_associations_office(
    client, filed_at, office, other_office
):
    mine = filed_at(office)
    theirs = filed_at(other_office)
    _a, token_a = make_client("requests:read", offices=[office])
    _b, token_b = make_client("requests:read", offices=[other_office])
    assert client.get(url(mine.tracking_code), **bearer(token_a)).status_code == 200
    refused = client.get(url(theirs.tracking_code), **bearer(token_a))
    assert refused.status_code == 404 and refused.json() == {"detail": NOT_HERE}
    assert client.get(url(theirs.tracking_code), **bearer(token_b)).status_code == 200
    assert client.get(url(mine.tracking_code), **bearer(token_b)).status_code == 404


def test_an_online_request_is_no_offices_and_an_unknown_code_reads_the_same(client, submit, office):
    online = submit()
    _api_client, token = make_client("requests:read", offices=[office])
    assert client.get(url(online.tracking_code), **bearer(token)).json() == {"detail": NOT_HERE}
    assert client.get(url("1234567890123"), **bearer(token)).json() == {"detail": NOT_HERE}
    assert client.get(url("not-a-code"), **bearer(token)).status_code == 404


def test_a_provincial_system_reads_its_provinces_offices_and_units(
    client, filed_at, submit, operator, office, other_office, other_unit, province, unit
):
    at_office = filed_at(office)
    online = submit()  # handled by `unit`, the directorate of `province`
    # Filed at another province's office for a service another unit handles: none of its business.
    elsewhere = submit(
        svc=make_service([other_unit]),
        channel="counter",
        counter_office=other_office,
        actor=operator,
        actor_role=Role.COUNTER_OPERATOR,
    )
    _api_client, token = make_client("requests:read", kind=ApiClient.Kind.PROVINCIAL, provinces=[province])
    assert client.get(url(at_office.tracking_code), **bearer(token)).status_code == 200
    assert client.get(url(online.tracking_code), **bearer(token)).status_code == 200
    assert client.get(url(elsewhere.tracking_code), **bearer(token)).status_code == 404


def test_a_unit_client_reads_requests_of_the_unit_and_the_units_under_it(client, submit, service, unit):
    parent = OrgUnitFactory(code="HQ-PARENT", name="ستاد آزمون", kind=OrgUnit.Kind.HQ)
    OrgUnit.objects.filter(pk=unit.pk).update(parent=parent)
    request = submit()
    _above, token_above = make_client("requests:read", kind=ApiClient.Kind.COMPLAINTS, units=[parent])
    _beside, token_beside = make_client(
        "requests:read", kind=ApiClient.Kind.COMPLAINTS, units=[OrgUnitFactory(code="HQ-BESIDE")]
    )
    assert client.get(url(request.tracking_code), **bearer(token_above)).status_code == 200
    assert client.get(url(request.tracking_code), **bearer(token_beside)).status_code == 404


def test_the_services_scope_does_not_read_requests(client, filed_at, office):
    request = filed_at(office)
    _api_client, token = make_client("services:read", offices=[office])
    response = client.get(url(request.tracking_code), **bearer(token))
    assert response.status_code == 403 and "requests:read" in response.json()["detail"]
    assert client.get(url(request.tracking_code)).status_code == 401


def test_messages_without_staff_notes_and_the_response(client, filed_at, office, expert, applicant):
    from desk import services

    request = filed_at(office)
    _api_client, token = make_client("requests:read", offices=[office])
    assert client.get(url(request.tracking_code), **bearer(token)).json()["response"] is None
    for name in ("accept", "start_review"):
        services.transition(request=request, name=name, user=expert)
    services.post_message(request=request, author=expert, body="برچسب کالا را هم بفرستید.")
    services.post_message(request=request, author=expert, body="یادداشت داخلی کارشناس", internal=True)
    services.post_message(request=request, author=applicant, body="فرستادم.")
    for name in ("advance", "approve"):
        services.transition(request=request, name=name, user=expert)
    issued = services.issue_response(request=request, user=expert, text="پروانه صادر شد.")
    data = client.get(url(request.tracking_code), **bearer(token)).json()
    assert [(m["from_staff"], m["body"]) for m in data["messages"]] == [
        (True, "برچسب کالا را هم بفرستید."),
        (False, "فرستادم."),
    ]
    assert data["response"]["decision"] == "approved" and data["response"]["decision_label"] == "تأیید"
    assert data["response"]["text"] == "پروانه صادر شد."
    assert data["response"]["verification_token"] == issued.verification_token
    assert data["state"] == "response_issued" and [s["status"] for s in data["steps"]] == ["done", "done"]
