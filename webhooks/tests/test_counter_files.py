"""A counter office's self-declaration file returned for correction or ranked becomes an event for
the clients of that office (or its province), and for nobody else."""

# ruff: noqa: F811 (the fixtures imported below are the arguments of the tests)

import pytest

from apiclients.tests.factories import make_client
from counters import services as counters
from counters.tests.conftest import (  # noqa: F401
    _uploads_in_tmp,
    declaration,
    expert,
    filled,
    holder,
    make_expert,
    make_office,
    office,
    reference,
    submitted,
)
from webhooks import services
from webhooks.models import Delivery

pytestmark = pytest.mark.django_db
EVENTS = ["counter_file.returned", "counter_file.ranked"]


def subscriber(**places):
    client, _token = make_client("events:receive", **places)
    return services.subscribe(client=client, url="https://assoc.example/hook", events=EVENTS)[0]


def test_a_return_reaches_the_offices_client_and_its_provinces_only(submitted, expert, office, make_office):
    own = subscriber(offices=[office])
    provincial = subscriber(provinces=[office.province])
    subscriber(offices=[make_office(province="IR-07")])  # another office, in another province
    counters.return_for_correction(declaration=submitted, actor=expert, notes={"contact": "تلفن درست نیست"})
    rows = list(Delivery.objects.order_by("pk"))
    assert {r.subscription for r in rows} == {own, provincial}
    assert {r.event for r in rows} == {"counter_file.returned"}
    data = rows[0].payload["data"]
    assert (data["office_code"], data["state"], data["sections"]) == (office.code, "returned", ["contact"])


def test_approval_sends_the_rank(submitted, expert, office):
    subscriber(offices=[office])
    approved = counters.approve(
        declaration=submitted, actor=expert, recipients_score=90, association_score=70
    )
    [row] = Delivery.objects.all()
    assert row.event == "counter_file.ranked"
    assert row.payload["data"]["rank"] == approved.rank and row.payload["data"]["state"] == "approved"
    assert row.payload["data"]["final_score"] == str(approved.final_score)
