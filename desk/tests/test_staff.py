"""The unit's queue (filters, bulk assignment), the staff's request page and transitions."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from desk.models import ServiceRequest, State
from desk.tests.factories import add_membership, make_service
from orgs.tests.factories import OrgUnitFactory

pytestmark = pytest.mark.django_db


def queue_codes(client, **params):
    response = client.get(reverse("desk:queue"), params)
    assert response.status_code == 200
    return {r.tracking_code for r in response.context["reqs"]}


def test_queue_filters(client, expert, submit, service, unit, applicant):
    other_service = make_service([unit], title="خدمت دوم")
    a = submit()
    b = submit(svc=other_service)
    c = submit()
    ServiceRequest.objects.filter(pk=c.pk).update(channel="counter")
    closed = submit()
    ServiceRequest.objects.filter(pk=closed.pk).update(state=State.CLOSED)
    today = timezone.localdate()
    ServiceRequest.objects.filter(pk=a.pk).update(due_date=today - dt.timedelta(days=1))
    ServiceRequest.objects.filter(pk=b.pk).update(due_date=today)
    ServiceRequest.objects.filter(pk=c.pk).update(due_date=today + dt.timedelta(days=30))
    client.force_login(expert)
    assert queue_codes(client) == {a.tracking_code, b.tracking_code, c.tracking_code}
    assert queue_codes(client, state="closed") == {closed.tracking_code}
    assert queue_codes(client, state="") == {
        a.tracking_code,
        b.tracking_code,
        c.tracking_code,
        closed.tracking_code,
    }
    assert queue_codes(client, service=str(other_service.pk)) == {b.tracking_code}
    assert queue_codes(client, channel="counter") == {c.tracking_code}
    assert queue_codes(client, due="overdue") == {a.tracking_code}
    assert queue_codes(client, due="soon") == {b.tracking_code}
    # Each row says it in words too, not only by its colour.
    rows = {
        row.split('class="code">', 1)[1].split("<", 1)[0]: row
        for row in client.get(reverse("desk:queue")).content.decode().split('<tr class="queue-row')[1:]
    }
    assert "گذشته از موعد" in rows[a.tracking_display] and "نزدیک به موعد" not in rows[a.tracking_display]
    assert "نزدیک به موعد" in rows[b.tracking_display] and "گذشته از موعد" not in rows[b.tracking_display]
    assert "موعد</span>" not in rows[c.tracking_display]


def test_a_paused_request_is_neither_overdue_nor_due_soon(client, expert, submit):
    request = submit()
    ServiceRequest.objects.filter(pk=request.pk).update(
        due_date=timezone.localdate() - dt.timedelta(days=3),
        clock_paused=True,
        state=State.AWAITING_APPLICANT,
    )
    client.force_login(expert)
    assert queue_codes(client, due="overdue") == set()


def test_queue_shows_only_the_units_requests(client, other_expert, submit):
    submit()
    client.force_login(other_expert)
    assert queue_codes(client) == set()


def test_applicant_has_no_queue(client, applicant):
    client.force_login(applicant)
    assert client.get(reverse("desk:queue")).status_code == 403


def test_bulk_assign(client, head, expert, submit):
    reqs = [submit() for _ in range(3)]
    client.force_login(head)
    response = client.post(
        reverse("desk:queue"),
        {"selected": [str(r.pk) for r in reqs[:2]], "expert": str(expert.pk), "back": ""},
    )
    assert response.status_code == 302
    assigned = set(ServiceRequest.objects.filter(assignee=expert).values_list("pk", flat=True))
    assert assigned == {reqs[0].pk, reqs[1].pk}
    event = reqs[0].events.get(name="assign_expert")
    assert event.actor == head and event.payload["expert"] == expert.pk and not event.public
    client.force_login(expert)
    assert queue_codes(client, mine="on") == {reqs[0].tracking_code, reqs[1].tracking_code}


def test_bulk_assign_controls_show_only_when_there_are_rows_to_select(client, head, submit):
    client.force_login(head)
    empty = client.get(reverse("desk:queue")).content.decode()
    assert "درخواستی با این پالایه نیست." in empty
    assert 'id="assign-selected"' not in empty and 'name="expert"' not in empty
    submit()
    listed = client.get(reverse("desk:queue")).content.decode()
    assert 'id="assign-selected"' in listed and 'name="expert"' in listed
    filtered_out = client.get(reverse("desk:queue"), {"state": "closed"}).content.decode()
    assert 'id="assign-selected"' not in filtered_out


def test_the_queue_search_says_what_it_looks_in_beside_the_box_not_in_a_placeholder(client, expert):
    client.force_login(expert)
    html = client.get(reverse("desk:queue")).content.decode()
    box = html.split('id="queue-q"', 1)[1].split(">", 1)[0]
    assert 'aria-describedby="queue-q-hint"' in box and "placeholder" not in box
    hint = html.split('id="queue-q-hint">', 1)[1].split("<", 1)[0]
    assert "کد رهگیری" in hint and "شماره همراه" in hint and "شناسه ملی شرکت" in hint


def test_bulk_assign_refuses_another_units_request_and_changes_nothing(
    client, head, expert, submit, other_unit, applicant
):
    mine = submit()
    foreign_service = make_service([other_unit])
    foreign = submit(svc=foreign_service)
    client.force_login(head)
    response = client.post(
        reverse("desk:queue"), {"selected": [str(mine.pk), str(foreign.pk)], "expert": str(expert.pk)}
    )
    assert response.status_code == 404
    assert not ServiceRequest.objects.filter(assignee__isnull=False).exists()


def test_assign_to_someone_outside_the_unit_is_refused(client, head, other_expert, submit):
    request = submit()
    client.force_login(head)
    client.post(reverse("desk:assign", args=[request.tracking_code]), {"expert": str(other_expert.pk)})
    request.refresh_from_db()
    assert request.assignee is None


def test_staff_request_page_and_transition_buttons(client, expert, submit):
    request = submit()
    client.force_login(expert)
    page = client.get(reverse("desk:detail", args=[request.tracking_code]))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="do-accept"' in html and 'id="do-reject"' in html and 'id="do-approve"' not in html
    response = client.post(reverse("desk:transition", args=[request.tracking_code, "accept"]))
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.state == State.ACCEPTED
    event = request.events.get(name="accept")
    assert event.ip == "127.0.0.1" and event.actor == expert


def test_transition_not_allowed_via_http_shows_persian_error_and_changes_nothing(client, expert, submit):
    request = submit()
    client.force_login(expert)
    response = client.post(reverse("desk:transition", args=[request.tracking_code, "approve"]), follow=True)
    assert "«تأیید» در وضعیت «ثبت‌شده» مجاز نیست." in response.content.decode()
    request.refresh_from_db()
    assert request.state == State.SUBMITTED and request.events.count() == 2


def test_an_unknown_transition_via_http_is_refused_not_a_server_error(client, expert, submit):
    request = submit()
    client.force_login(expert)
    response = client.post(reverse("desk:transition", args=[request.tracking_code, "assign"]), follow=True)
    assert response.status_code == 200
    assert any(m.level_tag == "error" for m in response.context["messages"])
    request.refresh_from_db()
    assert request.state == State.SUBMITTED and request.events.count() == 2


def test_province_manager_sees_the_subtree(client, make_user, unit, submit):

    child = OrgUnitFactory(code="IR-99-A", name="اداره شهرستان", kind="hq_office", parent=unit)
    service = make_service([child])
    request = submit(svc=service)
    manager = make_user(role=Role.PROVINCE_MANAGER, scope={"org_unit": unit})
    client.force_login(manager)
    assert queue_codes(client) == {request.tracking_code}


def test_auditor_reads_everything_but_cannot_act(client, make_user, submit):
    request = submit()
    auditor = make_user(role=Role.AUDITOR)
    client.force_login(auditor)
    assert queue_codes(client) == {request.tracking_code}
    client.post(reverse("desk:transition", args=[request.tracking_code, "accept"]))
    request.refresh_from_db()
    assert request.state == State.SUBMITTED


def test_membership_helper(expert, unit):
    add_membership(expert, Role.UNIT_HEAD, org_unit=unit)
    assert set(expert.memberships.values_list("role", flat=True)) == {"staff_expert", "unit_head"}


def test_unit_head_sends_a_request_to_another_responsible_unit(
    client, head, expert, other_expert, submit, service, other_unit
):
    service.responsible_units.add(other_unit)
    request = submit()
    from desk import services

    services.assign_expert(requests=[request], expert=expert, by=head)
    client.force_login(expert)
    client.post(reverse("desk:reassign_unit", args=[request.tracking_code]), {"unit": str(other_unit.pk)})
    request.refresh_from_db()
    assert request.unit != other_unit  # an expert may not
    client.force_login(head)
    response = client.post(
        reverse("desk:reassign_unit", args=[request.tracking_code]), {"unit": str(other_unit.pk)}
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.unit == other_unit and request.assignee is None
    assert request.events.filter(name="assign_unit", actor=head).exists()
    client.force_login(other_expert)
    assert queue_codes(client) == {request.tracking_code}


def test_a_unit_that_does_not_provide_the_service_is_refused(head, submit, other_unit):
    from django.core.exceptions import ValidationError

    from desk import services

    request = submit()
    with pytest.raises(ValidationError, match="مسئول این خدمت نیست"):
        services.reassign_unit(request=request, unit=other_unit, by=head)
    request.refresh_from_db()
    assert request.unit != other_unit


def test_queue_costs_a_fixed_number_of_queries(client, head, expert, submit, django_assert_max_num_queries):
    from desk import services

    client.force_login(head)
    services.assign_expert(requests=[submit()], expert=expert, by=head)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(reverse("desk:queue"))
    for _ in range(11):
        services.assign_expert(requests=[submit()], expert=expert, by=head)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(reverse("desk:queue"))
    assert len(response.context["reqs"]) == 12
    assert len(one.captured_queries) <= 13  # with the menu's unread-notices badge (one count)


def test_admin_lists_requests_with_their_read_only_event_log(admin_client, submit):
    request = submit()
    assert admin_client.get(reverse("admin:desk_servicerequest_changelist")).status_code == 200
    page = admin_client.get(reverse("admin:desk_servicerequest_change", args=[request.pk]))
    assert page.status_code == 200 and "submit" in page.content.decode()
    assert admin_client.get(reverse("admin:desk_servicerequest_add")).status_code == 403


def test_queue_flags_requests_where_the_applicant_spoke_last(client, expert, applicant, submit):
    from desk import services

    quiet, answered = submit(), submit()
    for request in (quiet, answered):
        services.transition(request=request, name="accept", user=expert)
    services.post_message(request=answered, author=applicant, body="سؤالی دارم")
    client.force_login(expert)
    html = client.get(reverse("desk:queue")).content.decode()
    rows = {r.tracking_code: r for r in client.get(reverse("desk:queue")).context["reqs"]}
    assert rows[answered.tracking_code].last_actor_role == Role.APPLICANT
    assert rows[quiet.tracking_code].last_actor_role == Role.STAFF_EXPERT
    assert rows[answered.tracking_code].applicant_spoke_last
    assert not rows[quiet.tracking_code].applicant_spoke_last
    assert html.count("پیام تازه متقاضی") == 1
