"""Which events reach which subscriber: the desk's transitions become events in their own
transaction, only for clients that may act for the request's place and subscribed to the event."""

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from accounts.models import Role
from apiclients.tests.factories import make_client
from desk import services as desk
from orgs.tests.factories import CounterOfficeFactory, OrgUnitFactory, ProvinceFactory
from webhooks import services
from webhooks.events import EVENTS
from webhooks.models import Delivery

pytestmark = pytest.mark.django_db
TASK = "webhooks.tasks.deliver_webhook"


def subscriber(*, events=tuple(EVENTS), url="https://receiver.example/hook", **places):
    client, _token = make_client("events:receive", **places)
    subscription, _secret = services.subscribe(client=client, url=url, events=list(events))
    return subscription


@pytest.fixture
def filed(submit, operator, office):
    return submit(channel="counter", counter_office=office, actor=operator, actor_role=Role.COUNTER_OPERATOR)


def test_accepting_a_request_writes_a_delivery_and_its_job_with_the_event(filed, expert, office):
    subscription = subscriber(offices=[office])
    event = desk.transition(request=filed, name="accept", user=expert)
    [row] = Delivery.objects.all()
    assert (row.subscription, row.event, row.status) == (subscription, "request.accepted", "pending")
    assert row.source == f"desk.requestevent:{event.pk}"
    assert row.payload["delivery_id"] == str(row.delivery_id)
    assert row.payload["data"]["tracking_code"] == filed.tracking_code
    assert (
        row.payload["data"]["state"] == "accepted"
        and row.payload["data"]["counter_office_code"] == office.code
    )
    [job] = DBTaskResult.objects.filter(task_path=TASK)
    assert job.args_kwargs["args"] == [row.pk]


def test_an_event_rolled_back_leaves_no_delivery_and_no_job(filed, expert, office):
    subscriber(offices=[office])
    with pytest.raises(RuntimeError), transaction.atomic():
        desk.transition(request=filed, name="accept", user=expert)
        raise RuntimeError("the caller's transaction fails after the event")
    assert not Delivery.objects.exists()
    assert not DBTaskResult.objects.filter(task_path=TASK).exists()


def test_a_client_of_another_office_or_province_hears_nothing(filed, expert, office):
    elsewhere = ProvinceFactory(code="IR-88", name="استان دور")
    subscriber(offices=[CounterOfficeFactory(code="8801-01-01", province=elsewhere)])
    subscriber(provinces=[elsewhere])
    subscriber(units=[OrgUnitFactory(code="HQ-FAR", name="واحد دور")])
    desk.transition(request=filed, name="accept", user=expert)
    assert not Delivery.objects.exists()


def test_clients_of_the_office_its_province_and_the_handling_unit_each_hear_it(filed, expert, office, unit):
    by_office = subscriber(offices=[office])
    by_province = subscriber(provinces=[office.province])
    by_unit = subscriber(units=[unit])
    desk.transition(request=filed, name="accept", user=expert)
    assert set(Delivery.objects.values_list("subscription", flat=True)) == {
        by_office.pk,
        by_province.pk,
        by_unit.pk,
    }


def test_only_the_events_subscribed_to_and_only_while_active(filed, expert, office):
    decided_only = subscriber(offices=[office], events=["request.decided"])
    switched_off = subscriber(offices=[office])
    switched_off.is_active = False
    switched_off.save()
    lost_scope = subscriber(offices=[office])
    lost_scope.client.scopes = ["requests:read"]
    lost_scope.client.save()
    desk.transition(request=filed, name="accept", user=expert)
    desk.transition(request=filed, name="reject", user=expert, note="مدارک ناقص است")
    [row] = Delivery.objects.all()
    assert (row.subscription, row.event) == (decided_only, "request.decided")
    assert row.payload["data"]["decision"] == "rejected" and row.payload["data"]["state"] == "rejected"


def test_more_needed_approved_and_response_issued(submit, operator, office, expert):
    subscriber(offices=[office])
    asked, approved = (
        submit(channel="counter", counter_office=office, actor=operator, actor_role=Role.COUNTER_OPERATOR)
        for _ in range(2)
    )
    desk.transition(request=asked, name="accept", user=expert)
    desk.transition(request=asked, name="request_more", user=expert, note="تصویر پروانه را بفرستید")
    for name in ("accept", "start_review", "advance", "approve"):
        desk.transition(request=approved, name=name, user=expert)
    desk.issue_response(request=approved, user=expert, text="پروانه صادر شد.")
    by_request = {
        code: [(e, d.get("decision")) for e, d in rows]
        for code in (asked.tracking_code, approved.tracking_code)
        for rows in [
            [
                (row.event, row.payload["data"])
                for row in Delivery.objects.order_by("pk")
                if row.payload["data"]["tracking_code"] == code
            ]
        ]
    }
    assert by_request[asked.tracking_code] == [("request.accepted", None), ("request.more_needed", None)]
    assert by_request[approved.tracking_code] == [
        ("request.accepted", None),
        ("request.decided", "approved"),
        ("request.response_issued", None),
    ]


def test_subscribing_needs_the_scope_and_a_web_address(office):
    from django.core.exceptions import ValidationError

    client, _token = make_client("requests:read", offices=[office])
    with pytest.raises(ValidationError) as refused:
        services.subscribe(client=client, url="https://receiver.example/hook", events=["request.accepted"])
    assert "events:receive" in " ".join(refused.value.messages)
    client, _token = make_client("events:receive", offices=[office])
    for url, events in [
        ("ftp://receiver.example/", ["request.accepted"]),
        ("https://r.example/", ["request.lost"]),
    ]:
        with pytest.raises(ValidationError):
            services.subscribe(client=client, url=url, events=events)
    assert not client.webhook_subscriptions.exists()
