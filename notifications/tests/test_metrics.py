"""Notifications in the metrics, by delivery state."""

import pytest

from core.testing import scrape_gauge
from notifications.models import Notification
from notifications.services import notify


@pytest.mark.django_db
def test_the_notifications_gauge_counts_rows_by_state(client, settings, make_user):
    for n in range(3):
        notify(event="desk.receipt", text="رسید", user=make_user(email=f"n{n}@example.com"), key=f"r{n}")
    Notification.objects.filter(channel="email").update(status=Notification.Status.SENT)
    Notification.objects.filter(channel="sms").order_by("pk").first().delete()
    gauge = scrape_gauge(client, settings, "miz_notifications")
    assert gauge["sent"] == 3
    assert gauge["queued"] == 2
    assert gauge["failed"] == 0
