"""Background jobs on the "notifications" queue (run by `manage.py miz_worker`)."""

from django_tasks import task

from notifications import services


@task(queue_name="notifications")
def send_notification(notification_id: int) -> str:
    """Deliver one notification; never raises, the outcome is stored on the row."""
    return services.deliver(notification_id)


@task(queue_name="notifications")
def sweep_notifications() -> dict:
    """Re-enqueue notifications whose job was lost and free the ones stuck in "sending"."""
    return services.sweep()
