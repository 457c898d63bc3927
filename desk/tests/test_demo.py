"""`make demo` shows desk requests in several states, through the same services as the pages."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import demo as accounts_demo
from catalogue import demo as catalogue_demo
from desk import demo
from desk.models import ServiceRequest
from orgs.services import seed_reference_data

pytestmark = pytest.mark.django_db


def test_demo_requests_in_several_states_idempotent(client, monkeypatch, tmp_path):
    monkeypatch.setattr(accounts_demo, "CREDENTIALS_FILE", tmp_path / "creds.json")
    seed_reference_data()
    out = io.StringIO()
    accounts_demo.seed(stdout=out, debug=False)
    catalogue_demo.seed(stdout=out, debug=False)
    demo.seed(stdout=out, debug=False)
    states = set(ServiceRequest.objects.values_list("state", flat=True))
    assert {"submitted", "accepted", "in_review", "awaiting_applicant", "closed", "response_issued"} <= states
    assert ServiceRequest.objects.filter(channel="counter").exists()
    # One is overdue, so the queue and the request page show the breach.
    today = timezone.localdate()
    late = ServiceRequest.objects.get(state="in_review", due_date__lt=today)
    assert late.events.order_by("at").first().at.date() < today - dt.timedelta(days=20)
    assert not late.clock_paused
    count = ServiceRequest.objects.count()
    demo.seed(stdout=out, debug=False)
    assert ServiceRequest.objects.count() == count
    # The demo expert's queue shows them.
    expert = ServiceRequest.objects.filter(assignee__isnull=False).first().assignee
    client.force_login(expert)
    assert len(client.get(reverse("desk:queue")).context["reqs"]) >= 3
