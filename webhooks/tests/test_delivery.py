"""The real path: committed events, the database task backend, its worker and a local HTTP
receiver in a thread. Signed, retried with backoff while the receiver is down, each event received
exactly once when it is back; out of attempts, failed and re-sent."""

import json
import random
from collections import Counter

import pytest
from django.db import transaction
from hypothesis import given
from hypothesis import strategies as st

from accounts.models import Role
from apiclients.tests.factories import make_client
from core.testing import run_due_tasks
from desk import services as desk
from webhooks import services
from webhooks.models import Delivery
from webhooks.tests.conftest import verify

pytestmark = pytest.mark.django_db(transaction=True)
Status = Delivery.Status


@pytest.fixture
def subscription(office, receiver):
    client, _token = make_client("events:receive", offices=[office])
    row, secret = services.subscribe(
        client=client, url=receiver.url, events=["request.accepted", "request.decided"]
    )
    receiver.secret = secret
    return row


@pytest.fixture
def file_requests(submit, operator, office, expert):
    def do(count):
        requests = []
        for _ in range(count):
            request = submit(
                channel="counter", counter_office=office, actor=operator, actor_role=Role.COUNTER_OPERATOR
            )
            with transaction.atomic():
                desk.transition(request=request, name="accept", user=expert)
            requests.append(request)
        return requests

    return do


def drain(clock, settings, *, rounds=30):
    """Run the worker until nothing is waiting, moving the clock past each backoff."""
    for _ in range(rounds):
        run_due_tasks()
        if not Delivery.objects.filter(status__in=[Status.PENDING, Status.RETRYING, Status.SENDING]).exists():
            return
        clock.shift(seconds=settings.MIZ_WEBHOOK_BACKOFF_MAX_SECONDS)
    raise AssertionError("deliveries never settled")


def test_a_delivery_is_signed_and_carries_its_id_and_event(subscription, receiver, file_requests):
    [request] = file_requests(1)
    run_due_tasks()
    [(headers, body)] = receiver.posts
    row = Delivery.objects.get()
    assert row.status == Status.DELIVERED and row.attempts == 1 and row.last_status == 200
    assert headers["Miz-Event"] == "request.accepted"
    assert headers["Miz-Delivery-Id"] == str(row.delivery_id)
    assert verify(receiver.secret, headers["Miz-Signature"], body) and receiver.bad_signatures == 0
    assert not verify("whsec_another", headers["Miz-Signature"], body)
    assert not verify(receiver.secret, headers["Miz-Signature"], body.replace(b"accepted", b"rejected"))
    payload = json.loads(body)
    assert (
        payload["event"] == "request.accepted" and payload["data"]["tracking_code"] == request.tracking_code
    )


def test_a_receiver_down_for_a_while_gets_every_event_exactly_once_after(
    subscription, receiver, file_requests, clock, settings
):
    receiver.stop()  # down: its port is closed
    file_requests(6)
    for _ in range(3):  # three rounds of attempts while it is down
        run_due_tasks()
        clock.shift(seconds=settings.MIZ_WEBHOOK_BACKOFF_MAX_SECONDS)
    rows = list(Delivery.objects.all())
    assert {r.status for r in rows} == {Status.RETRYING} and {r.attempts for r in rows} == {3}
    assert all("Connection" in r.last_error or "refused" in r.last_error for r in rows)
    receiver.start()  # back, on the same address
    drain(clock, settings)
    assert set(Delivery.objects.values_list("status", flat=True)) == {Status.DELIVERED}
    ids = Counter(headers["Miz-Delivery-Id"] for headers, _body in receiver.posts)
    assert len(ids) == 6 and set(ids.values()) == {1}  # each delivered once, none twice
    assert set(receiver.processed) == {str(r.delivery_id) for r in rows}


def test_an_answer_too_late_is_retried_with_the_same_id_and_processed_once(
    subscription, receiver, file_requests, clock, settings
):
    settings.MIZ_WEBHOOK_TIMEOUT_SECONDS = 0.3
    receiver.delay = 1.0  # it takes each post, but answers after Miz stopped waiting
    file_requests(2)
    run_due_tasks()
    assert set(Delivery.objects.values_list("status", flat=True)) == {Status.RETRYING}
    receiver.delay = 0
    drain(clock, settings)
    ids = Counter(headers["Miz-Delivery-Id"] for headers, _body in receiver.posts)
    assert len(ids) == 2 and set(ids.values()) == {2}  # posted twice each, same id
    assert len(receiver.processed) == 2  # the receiver acted once on each


def test_out_of_attempts_it_is_failed_and_resent_from_the_admin_later(
    subscription, receiver, file_requests, clock, settings
):
    settings.MIZ_WEBHOOK_MAX_ATTEMPTS = 3
    receiver.status = 503
    file_requests(1)
    drain(clock, settings)
    row = Delivery.objects.get()
    assert (row.status, row.attempts, row.last_status) == (Status.FAILED, 3, 503)
    receiver.status = 200
    assert services.resend(Delivery.objects.all()) == 1
    run_due_tasks()
    row.refresh_from_db()
    assert (row.status, row.attempts, row.last_status) == (Status.DELIVERED, 1, 200)
    assert len(receiver.processed) == 1 and len(receiver.posts) == 4


def test_a_delivery_stuck_in_sending_is_swept_back_and_sent_once(
    subscription, receiver, file_requests, clock, settings
):
    file_requests(1)
    row = Delivery.objects.get()
    # A worker claimed it and died before posting: the row says "sending", its job is gone.
    Delivery.objects.filter(pk=row.pk).update(status=Status.SENDING, claimed_at=row.created_at, attempts=1)
    run_due_tasks()  # its own job finds nothing to claim
    assert receiver.posts == []
    clock.shift(seconds=settings.MIZ_WEBHOOK_SENDING_TIMEOUT_SECONDS + 1)
    assert services.sweep() == {"stuck": 1, "enqueued": 1}
    run_due_tasks()
    row.refresh_from_db()
    assert row.status == Status.DELIVERED and len(receiver.posts) == 1


@pytest.mark.django_db(transaction=False)
@given(attempts=st.integers(min_value=1, max_value=40), seed=st.integers())
def test_backoff_doubles_with_jitter_up_to_its_cap(attempts, seed):
    from django.conf import settings

    delay = services.backoff_seconds(attempts, rng=random.Random(seed))
    ceiling = min(
        settings.MIZ_WEBHOOK_BACKOFF_SECONDS * 2 ** (attempts - 1), settings.MIZ_WEBHOOK_BACKOFF_MAX_SECONDS
    )
    assert ceiling / 2 <= delay <= ceiling
