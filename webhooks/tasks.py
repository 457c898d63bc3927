"""Background jobs on the "webhooks" queue (run by `manage.py miz_worker`)."""

from django_tasks import task

from webhooks import services


@task(queue_name="webhooks")
def deliver_webhook(delivery_id: int) -> str:
    """Post one delivery; never raises, the outcome is stored on the row."""
    return services.deliver(delivery_id)
