"""Desk timings: `.venv/bin/pytest bench/bench_desk.py -s` (not collected by `make test`).

Measures one online submission (form data, one PDF, tracking code, events, notifications), the
unit queue with 5,000 requests in the unit, the request page and the public tracking lookup."""

import statistics

import pytest
from _setup import timed_runs
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from desk.models import ServiceRequest
from desk.tests.factories import make_service, submit_request

pytestmark = pytest.mark.django_db

N_QUEUE = 5000


def timed(fn, repeat):
    times, _cpu = timed_runs(fn, repeat)
    return statistics.median(times), max(times)


def test_desk_timings(client, make_user, settings, bench_unit):
    unit = bench_unit
    service = make_service([unit], steps=3)
    applicant = make_user(role=Role.APPLICANT)
    expert = make_user(role=Role.STAFF_EXPERT, scope={"org_unit": unit})
    keys = iter(range(10**6))

    def submit():
        submit_request(service, applicant, form_data={"product_name": "کالا"}, key=f"b{next(keys)}")

    submit_ms = timed(submit, 50)
    template = ServiceRequest.objects.first()
    today = timezone.localdate()
    rows = []
    for i in range(N_QUEUE):
        template.pk = None
        template.tracking_code = f"05{i:010d}0"
        template.idempotency_key = f"bulk{i}"
        template.due_date = today
        rows.append(
            ServiceRequest(**{f.attname: getattr(template, f.attname) for f in ServiceRequest._meta.fields})
        )
    ServiceRequest.objects.bulk_create(rows, batch_size=500)
    client.force_login(expert)
    url = reverse("desk:queue")
    executed = []

    def count(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url)
    assert response.status_code == 200 and len(response.context["reqs"]) == 50
    queue_ms = timed(lambda: client.get(url), 10)
    overdue_ms = timed(lambda: client.get(url, {"due": "soon", "state": "submitted"}), 10)
    request = ServiceRequest.objects.order_by("pk").first()
    detail_ms = timed(lambda: client.get(reverse("desk:detail", args=[request.tracking_code])), 10)
    settings.MIZ_DESK_TRACK_LIMIT = 10**6
    track = lambda: client.post(  # noqa: E731
        reverse("desk:track"), {"code": request.tracking_code, "identifier": applicant.national_code}
    )
    track_ms = timed(track, 20)
    print(f"\n{connection.vendor}: {ServiceRequest.objects.count()} requests in the unit")
    print(f"submit (1 PDF, events, notifications): median {submit_ms[0]:.1f} ms, max {submit_ms[1]:.1f} ms")
    print(f"queue page (50 of {N_QUEUE}+): median {queue_ms[0]:.1f} ms, {len(executed)} queries")
    print(f"queue page filtered (due soon, submitted): median {overdue_ms[0]:.1f} ms")
    print(f"request page (staff): median {detail_ms[0]:.1f} ms")
    print(f"public tracking lookup: median {track_ms[0]:.1f} ms")
    assert len(executed) <= 12
