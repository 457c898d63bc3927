"""The admin: a subscription added with its secret shown once (and kept out of the audit trail),
the secret rotated, the deliveries listed with their Persian status and re-sent."""

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from apiclients.tests.factories import make_client
from webhooks import services
from webhooks.models import Delivery, Subscription

pytestmark = pytest.mark.django_db
ADD = reverse("admin:webhooks_subscription_add")


def form(client, **extra):
    return {
        "client": client.pk,
        "url": "https://assoc.example/hook",
        "events": ["request.accepted"],
        "is_active": "on",
        **extra,
    }


def test_adding_a_subscription_shows_its_secret_once(admin_client, admin_user):
    client, _token = make_client("events:receive")
    page = admin_client.post(ADD, form(client))
    assert page.status_code == 200
    row = Subscription.objects.get()
    html = page.content.decode()
    assert row.secret.startswith("whsec_") and row.secret in html and "فقط همین یک بار" in html
    assert (
        row.secret
        not in admin_client.get(reverse("admin:webhooks_subscription_change", args=[row.pk])).content.decode()
    )
    entry = LogEntry.objects.get_for_object(row).get()
    assert entry.actor == admin_user and row.secret not in str(entry.changes)


def test_a_client_without_the_scope_or_a_bad_address_is_refused_in_persian(admin_client):
    client, _token = make_client("requests:read")
    page = admin_client.post(ADD, form(client)).content.decode()
    assert "events:receive" in page and "ندارد" in page
    able, _token = make_client("events:receive")
    page = admin_client.post(ADD, form(able, url="ftp://assoc.example/")).content.decode()
    assert "نشانی" in page
    assert not Subscription.objects.exists()


def test_rotating_shows_a_new_secret(admin_client):
    client, _token = make_client("events:receive")
    row, old = services.subscribe(client=client, url="https://assoc.example/hook", events=["request.decided"])
    changelist = reverse("admin:webhooks_subscription_changelist")
    page = admin_client.post(changelist, {"action": "rotate_secret", "_selected_action": [row.pk]})
    row.refresh_from_db()
    assert row.secret != old and row.secret in page.content.decode()


def test_deliveries_listed_with_status_and_a_failed_one_resent(admin_client):
    client, _token = make_client("events:receive")
    sub, _secret = services.subscribe(
        client=client, url="https://assoc.example/hook", events=["request.decided"]
    )
    failed = Delivery.objects.create(
        subscription=sub, event="request.decided", source="desk.requestevent:1", payload={},
        status=Delivery.Status.FAILED, attempts=15, last_status=503, last_error="HTTP 503",
    )  # fmt: skip
    changelist = reverse("admin:webhooks_delivery_changelist")
    page = admin_client.get(changelist).content.decode()
    assert "ناموفق (پایان تلاش‌ها)" in page and "https://assoc.example/hook" in page
    assert admin_client.get(reverse("admin:webhooks_delivery_change", args=[failed.pk])).status_code == 200
    response = admin_client.post(
        changelist, {"action": "resend", "_selected_action": [failed.pk]}, follow=True
    )
    assert "1 تحویل دوباره در صف" in response.content.decode()
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (Delivery.Status.PENDING, 0)
    assert DBTaskResult.objects.filter(task_path="webhooks.tasks.deliver_webhook").count() == 1
