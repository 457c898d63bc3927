"""The back-office list: read-only, filterable, and a "retry now" action."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from notifications.models import Notification
from notifications.services import notify

pytestmark = pytest.mark.django_db
Status = Notification.Status


@pytest.fixture
def admin_client(client, make_user):
    client.force_login(make_user(is_superuser=True, is_staff=True))
    return client


@pytest.fixture
def failed_row(make_user):
    [row] = notify(event="desk.receipt", text="سلام", user=make_user())
    Notification.objects.filter(pk=row.pk).update(status=Status.FAILED, attempts=12, last_error="503")
    DBTaskResult.objects.all().delete()
    return row


def test_list_filters_and_detail_are_read_only(admin_client, failed_row):
    url = reverse("admin:notifications_notification_changelist")
    response = admin_client.get(
        url, {"status__exact": "failed", "channel__exact": "sms", "event": "desk.receipt"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "desk.receipt" in page
    assert failed_row.recipient not in page  # the list shows masked numbers
    assert failed_row.masked_recipient in page
    detail = admin_client.get(reverse("admin:notifications_notification_change", args=[failed_row.pk]))
    assert detail.status_code == 200
    assert 'name="body"' not in detail.content.decode()
    assert admin_client.get(reverse("admin:notifications_notification_add")).status_code == 403


def test_retry_now_requeues_a_failed_notification(admin_client, failed_row, outbox):
    response = admin_client.post(
        reverse("admin:notifications_notification_changelist"),
        {"action": "retry_now", "_selected_action": [failed_row.pk]},
        follow=True,
    )
    assert response.status_code == 200
    failed_row.refresh_from_db()
    assert (failed_row.status, failed_row.attempts) == (Status.QUEUED, 0)
    [job] = DBTaskResult.objects.all()
    assert job.args_kwargs["args"] == [failed_row.pk]


def test_retry_now_leaves_sent_rows_alone(admin_client, failed_row):
    Notification.objects.filter(pk=failed_row.pk).update(status=Status.SENT)
    admin_client.post(
        reverse("admin:notifications_notification_changelist"),
        {"action": "retry_now", "_selected_action": [failed_row.pk]},
    )
    failed_row.refresh_from_db()
    assert failed_row.status == Status.SENT
    assert not DBTaskResult.objects.exists()


def test_staff_with_view_permission_only_cannot_retry(client, make_user, failed_row):
    viewer = make_user(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_notification"))
    client.force_login(viewer)
    url = reverse("admin:notifications_notification_changelist")
    response = client.get(url)
    assert response.status_code == 200
    assert "retry_now" not in response.content.decode()
    client.post(url, {"action": "retry_now", "_selected_action": [failed_row.pk]})
    failed_row.refresh_from_db()
    assert failed_row.status == Status.FAILED
