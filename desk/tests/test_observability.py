"""The desk in the metrics (requests by state) and in the logs (a submission's request id follows
it into the job that sends its receipt SMS)."""

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from core.testing import run_due_tasks, scrape_gauge
from desk import services
from desk.models import ServiceRequest
from desk.tests.factories import pdf_file


@pytest.mark.django_db
def test_the_requests_gauge_counts_rows_by_state(client, settings, submit, expert):
    first, second, _third = submit(), submit(), submit()
    services.transition(request=first, name="accept", user=expert)
    services.transition(request=second, name="accept", user=expert)
    gauge = scrape_gauge(client, settings, "miz_desk_requests")
    assert gauge["submitted"] == 1
    assert gauge["accepted"] == 2
    # Every state is published, 0 when empty, so an alert on one never sees "no data".
    assert set(gauge) >= {"closed", "rejected"} and gauge["closed"] == 0
    assert sum(gauge.values()) == ServiceRequest.objects.count() == 3


@pytest.mark.django_db(transaction=True)
def test_a_submissions_request_id_follows_it_into_the_sms_job(client, applicant, service, outbox, json_log):
    client.force_login(applicant)
    document = service.documents.get(required=True)
    response = client.post(
        reverse("desk:apply", args=[service.service_id]),
        {"idempotency_key": "trace", "product_name": "شیر", f"document_{document.pk}": pdf_file()},
        headers={"X-Request-ID": "trace-submit-1"},
    )
    assert response.status_code == 302
    assert response["X-Request-ID"] == "trace-submit-1"
    queued = DBTaskResult.objects.filter(task_path="notifications.tasks.send_notification")
    assert queued.count() == 2  # the receipt by SMS and by email
    assert {task.args_kwargs["request_id"] for task in queued} == {"trace-submit-1"}
    assert not outbox  # nothing leaves before the worker runs the job
    run_due_tasks()
    assert len(outbox) == 1
    sent = [line for line in json_log.of("notifications.services") if " sent " in line["message"]]
    assert len(sent) == 2
    assert {line["request_id"] for line in sent} == {"trace-submit-1"}
    (request_line,) = [line for line in json_log.of("miz.request") if line["view"] == "desk:apply"]
    assert request_line["request_id"] == "trace-submit-1" and request_line["user_id"] == applicant.pk
