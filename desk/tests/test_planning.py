"""Work planning (issue 14 item 6): «درخواست بعدی» for an expert, the unit head's workload page and
rebalancing, through the pages."""

import datetime as dt
import threading
import time

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from core.testing import at_once, shared_by_threads
from desk import services
from desk.models import RequestEvent, ServiceRequest, State
from desk.services.planning import NOT_AN_EXPERT, NOTHING_TO_TAKE
from desk.tests.factories import make_service

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_expert(make_user, unit):
    return make_user(role=Role.STAFF_EXPERT, scope={"org_unit": unit}, first_name="مریم")


def due(request, days: int, **extra):
    ServiceRequest.objects.filter(pk=request.pk).update(
        due_date=timezone.localdate() + dt.timedelta(days=days), **extra
    )


def take(client, token="t-1", **kwargs):  # noqa: S107 - a form token, not a secret
    return client.post(reverse("desk:take_next"), {"token": token}, **kwargs)


def test_take_next_gives_the_most_urgent_unassigned_request_of_the_unit(
    client, expert, second_expert, submit, other_unit
):
    later, urgent, same_day_newer = submit(), submit(), submit()
    due(later, 9)
    due(urgent, 2)
    due(same_day_newer, 2)
    ServiceRequest.objects.filter(pk=same_day_newer.pk).update(
        submitted_at=urgent.submitted_at + dt.timedelta(minutes=5)
    )
    assigned = submit()
    due(assigned, -5, assignee=second_expert)
    paused = submit()
    due(paused, -5, state=State.AWAITING_APPLICANT, clock_paused=True)
    foreign = submit(svc=make_service([other_unit]))
    due(foreign, -9)

    client.force_login(expert)
    page = client.get(reverse("desk:queue")).content.decode()
    assert 'id="take-next"' in page and "درخواست بعدی" in page
    response = take(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("desk:detail", args=[urgent.tracking_code])
    urgent.refresh_from_db()
    assert urgent.assignee == expert
    event = urgent.events.get(name="assign_expert")
    assert event.actor == expert and event.payload["take_next"] and event.payload["expert"] == expert.pk
    assert event.ip == "127.0.0.1" and not event.public
    # The next press (a new form) takes the next one: same due date, submitted later.
    assert take(client, token="t-2")["Location"] == reverse(
        "desk:detail", args=[same_day_newer.tracking_code]
    )
    assert take(client, token="t-3")["Location"] == reverse("desk:detail", args=[later.tracking_code])
    # Nothing else is this expert's to take: another unit's, another expert's, awaiting the applicant.
    response = take(client, token="t-4", follow=True)
    assert response.redirect_chain[-1][0] == reverse("desk:queue")
    assert NOTHING_TO_TAKE in response.content.decode()
    for untouched, who in ((assigned, second_expert), (paused, None), (foreign, None)):
        untouched.refresh_from_db()
        assert untouched.assignee == who


def test_take_next_skips_the_experts_own_request(client, make_user, unit, service, submit):
    expert = make_user(role=Role.STAFF_EXPERT, scope={"org_unit": unit})
    own = submit(who=expert)
    due(own, -3)
    theirs = submit()
    due(theirs, 5)
    client.force_login(expert)
    assert take(client)["Location"] == reverse("desk:detail", args=[theirs.tracking_code])
    own.refresh_from_db()
    assert own.assignee is None


def test_the_same_take_form_submitted_twice_takes_one_request(client, expert, submit):
    first, second = submit(), submit()
    due(first, 1)
    due(second, 2)
    client.force_login(expert)
    one = take(client, token="same")
    again = take(client, token="same")
    assert one["Location"] == again["Location"] == reverse("desk:detail", args=[first.tracking_code])
    assert list(ServiceRequest.objects.filter(assignee=expert).values_list("pk", flat=True)) == [first.pk]
    assert RequestEvent.objects.filter(name="assign_expert").count() == 1


def test_someone_who_is_no_expert_cannot_take(client, applicant, submit, make_user, other_unit):
    submit()
    auditor = make_user(role=Role.AUDITOR, scope={"org_unit": other_unit})
    for user in (applicant, auditor):
        client.force_login(user)
        response = take(client, follow=True)
        assert NOT_AN_EXPERT in response.content.decode()
    assert not ServiceRequest.objects.filter(assignee__isnull=False).exists()
    assert 'id="take-next"' not in client.get(reverse("desk:queue")).content.decode()


@pytest.mark.django_db(transaction=True)
def test_two_experts_pressing_at_once_never_get_the_same_request(expert, second_expert, submit, tmp_path):
    """The first expert's take holds its transaction open a moment (a slow commit); the second
    presses meanwhile, on its own connection. Without the row lock both would read the first
    request as unassigned and take it."""
    first, second = submit(), submit()
    due(first, 1)
    due(second, 2)
    holding = threading.Event()

    def first_connection():
        with transaction.atomic():
            taken = services.take_next(expert=expert)
            holding.set()
            time.sleep(1.5)
        return taken.pk

    def second_connection():
        assert holding.wait(timeout=30)
        return services.take_next(expert=second_expert).pk

    with shared_by_threads(tmp_path):
        a, b = at_once(first_connection, second_connection)
        assert {a, b} == {first.pk, second.pk}
        assert a == first.pk
        rows = dict(ServiceRequest.objects.values_list("pk", "assignee_id"))
        assert rows == {first.pk: expert.pk, second.pk: second_expert.pk}
        assert RequestEvent.objects.filter(name="assign_expert").count() == 2


def workload_rows(response, unit):
    (block,) = [u for u in response.context["units"] if u["unit"] == unit]
    return {e["expert"].pk: (e["open"], e["overdue"], e["soon"]) for e in block["experts"]}, block


def test_workload_counts_each_experts_open_overdue_and_due_soon(
    client, clock, head, expert, second_expert, submit, unit
):
    early = [submit() for _ in range(2)]  # their due dates are past once a month has gone by
    services.assign_expert(requests=early[:1], expert=expert, by=head)
    clock.shift(days=30)
    fresh = [submit() for _ in range(4)]
    services.assign_expert(requests=fresh[:3], expert=expert, by=head)
    soon = fresh[1]
    due(soon, 0)  # due today: due soon, not yet overdue
    waiting = fresh[2]
    services.transition(request=waiting, name="accept", user=expert)
    services.transition(request=waiting, name="request_more", user=expert, note="مدرک")
    ServiceRequest.objects.filter(pk=waiting.pk).update(due_date=timezone.localdate() - dt.timedelta(days=3))
    done = submit()
    services.assign_expert(requests=[done], expert=second_expert, by=head)
    ServiceRequest.objects.filter(pk=done.pk).update(state=State.CLOSED)

    client.force_login(head)
    response = client.get(reverse("desk:workload"))
    assert response.status_code == 200
    experts, block = workload_rows(response, unit)
    # expert: early[0] overdue, fresh[0] on time, soon, waiting (paused: open, neither overdue nor soon).
    assert experts[expert.pk] == (4, 1, 1)
    assert experts[second_expert.pk] == (0, 0, 0)  # closed work is no load
    assert experts[head.pk] == (0, 0, 0)
    assert block["unassigned"] == {"open": 2, "overdue": 1, "soon": 0}  # early[1], fresh[3]
    html = response.content.decode()
    row = html.split(f'data-expert="{expert.pk}"', 1)[1].split("</tr>", 1)[0]
    assert '<td class="load-open" data-label="درخواست باز">۴</td>' in row
    assert '<td class="load-overdue" data-label="گذشته از موعد">۱</td>' in row


def test_only_a_unit_head_sees_the_workload_page(client, expert, applicant, make_user, other_unit):
    for user in (expert, applicant, make_user(role=Role.AUDITOR, scope={"org_unit": other_unit})):
        client.force_login(user)
        assert client.get(reverse("desk:workload")).status_code == 403
        assert client.post(reverse("desk:workload"), {}).status_code == 403
    client.logout()
    assert client.get(reverse("desk:workload")).status_code == 302


@pytest.fixture
def load_of_three(head, expert, submit):
    reqs = [submit() for _ in range(3)]
    for days, r in zip((4, 1, 7), reqs, strict=True):
        due(r, days)
    services.assign_expert(requests=reqs, expert=expert, by=head)
    return reqs


def rebalance(client, unit, from_expert, to_expert, **fields):
    data = {"unit": unit.pk, "from_expert": from_expert.pk, "to_expert": to_expert.pk, **fields}
    return client.post(reverse("desk:workload"), data, follow=True)


def assignees(reqs):
    return [ServiceRequest.objects.get(pk=r.pk).assignee_id for r in reqs]


def test_rebalance_moves_the_most_urgent_requests(client, head, expert, second_expert, unit, load_of_three):
    client.force_login(head)
    page = client.get(reverse("desk:workload")).content.decode()
    assert 'class="d-flex flex-wrap gap-2 rebalance-form"' in page
    response = rebalance(client, unit, expert, second_expert, count="۲", seen="3")
    assert "۲ درخواست از" in response.content.decode()
    assert assignees(load_of_three) == [second_expert.pk, second_expert.pk, expert.pk]
    event = load_of_three[1].events.filter(name="assign_expert").latest("id")
    assert event.actor == head and event.payload == {
        "rebalanced_from": expert.pk,
        "expert": second_expert.pk,
        "expert_name": second_expert.get_full_name(),
    }
    experts, _ = workload_rows(response, unit)
    assert experts[expert.pk][0] == 1 and experts[second_expert.pk][0] == 2


def test_rebalance_moves_the_selected_requests(client, head, expert, second_expert, unit, load_of_three):
    client.force_login(head)
    rebalance(client, unit, expert, second_expert, selected=[load_of_three[2].pk])
    assert assignees(load_of_three) == [expert.pk, expert.pk, second_expert.pk]


def test_the_same_rebalance_form_submitted_twice_moves_once(
    client, head, expert, second_expert, unit, load_of_three
):
    client.force_login(head)
    rebalance(client, unit, expert, second_expert, count="1", seen="3")
    response = rebalance(client, unit, expert, second_expert, count="1", seen="3")
    assert "صفحه را دوباره ببینید" in response.content.decode()
    assert assignees(load_of_three) == [expert.pk, second_expert.pk, expert.pk]


def test_rebalance_refuses_an_expert_of_another_unit(client, head, expert, other_expert, unit, load_of_three):
    client.force_login(head)
    response = rebalance(client, unit, expert, other_expert, count="1", seen="3")
    assert f"{other_expert.get_full_name()} کارشناس واحد {unit} نیست." in response.content.decode()
    assert assignees(load_of_three) == [expert.pk] * 3


def test_rebalance_refuses_another_units_request(
    client, head, expert, second_expert, unit, other_unit, submit, load_of_three, make_user
):
    foreign = submit(svc=make_service([other_unit]))
    foreign_expert = make_user(role=Role.STAFF_EXPERT, scope={"org_unit": other_unit})
    ServiceRequest.objects.filter(pk=foreign.pk).update(assignee=expert)  # even assigned to the same person
    client.force_login(head)
    response = rebalance(client, unit, expert, second_expert, selected=[load_of_three[0].pk, foreign.pk])
    assert "در کار باز" in response.content.decode()
    assert assignees([*load_of_three, foreign]) == [expert.pk] * 4
    # Nor can the head name the other unit itself: it is not one of theirs.
    response = rebalance(client, other_unit, expert, foreign_expert, selected=[foreign.pk])
    assert "واحد، کارشناس مبدأ و کارشناس مقصد را برگزینید." in response.content.decode()
    assert assignees([foreign]) == [expert.pk]


def test_rebalance_refuses_someone_who_is_not_the_head(expert, second_expert, unit, load_of_three):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        services.rebalance(unit=unit, from_expert=expert, to_expert=second_expert, by=second_expert, count=1)
    assert refused.value.code == "not_head"
    assert assignees(load_of_three) == [expert.pk] * 3


def test_head_sees_the_workload_link_on_the_queue_and_in_the_menu(client, head, expert):
    from core import nav

    assert "desk:workload" in [i.url_name for i in nav.items_for(head)]
    assert "desk:workload" not in [i.url_name for i in nav.items_for(expert)]
    client.force_login(head)
    assert 'id="workload-link"' in client.get(reverse("desk:queue")).content.decode()
    client.force_login(expert)
    assert 'id="workload-link"' not in client.get(reverse("desk:queue")).content.decode()
