"""Who sees what (E5): every lookup by id or code goes through `desk.selectors.request_for`."""

import pytest
from django.http import Http404
from django.urls import reverse

from accounts.models import Role
from desk import selectors, services
from desk.models import ServiceRequest
from desk.tests.factories import make_service, pdf_file
from orgs.tests.factories import CounterOfficeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(make_user, applicant, other_applicant, expert, other_expert, operator, unit):
    return {
        "applicant": applicant,
        "other_applicant": other_applicant,
        "expert": expert,
        "other_expert": other_expert,
        "operator": operator,
        "hq_auditor": make_user(role=Role.AUDITOR),
        "hq_planner": make_user(role=Role.HQ_PLANNER, scope={"org_unit": unit}),
    }


def can_see(user, request) -> bool:
    try:
        selectors.request_for(user, request.tracking_code)
    except Http404:
        return False
    return True


def test_who_sees_an_online_request(people, submit):
    request = submit()
    seen = {name for name, user in people.items() if can_see(user, request)}
    # An HQ planner's membership is scoped to a unit and is not a staff role of the desk.
    assert seen == {"applicant", "expert", "hq_auditor"}


def test_lookup_by_id_and_by_code_agree(people, submit):
    request = submit()
    for user in people.values():
        by_code = can_see(user, request)
        try:
            selectors.request_for(user, request.pk)
            by_id = True
        except Http404:
            by_id = False
        assert by_code == by_id
    assert not can_see(None, request)


def test_pages_of_another_users_request_are_404(client, people, submit):
    request = submit()
    document = request.documents.get()
    urls = [
        reverse("desk:detail", args=[request.tracking_code]),
        reverse("desk:detail", args=[request.pk]),
        reverse("desk:receipt", args=[request.tracking_code]),
        reverse("desk:receipt_pdf", args=[request.tracking_code]),
        reverse("desk:document", args=[document.pk]),
    ]
    for name in ("other_applicant", "other_expert", "operator"):
        client.force_login(people[name])
        for url in urls:
            assert client.get(url).status_code == 404, (name, url)
    client.force_login(people["applicant"])
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_another_users_attachment_url_is_404_and_nothing_changes(client, people, submit):
    request = submit()
    message = services.post_message(
        request=request, author=people["applicant"], body="پیوست", files=[pdf_file("mine.pdf")]
    )
    attachment = message.attachments.get()
    client.force_login(people["other_applicant"])
    response = client.get(reverse("desk:document", args=[attachment.pk]))
    assert response.status_code == 404
    assert request.events.count() == 3  # submit, assign_unit, message: the attempt left no trace


def test_operator_sees_only_their_office(people, submit, office, make_user, province):

    mine = submit(
        channel="counter", counter_office=office, actor=people["operator"], actor_role="counter_operator"
    )
    other_office = CounterOfficeFactory(code="9901-01-02", name="دفتر دوم", province=province)
    other_operator = make_user(role=Role.COUNTER_OPERATOR, scope={"counter_office": other_office})
    assert can_see(people["operator"], mine)
    assert not can_see(other_operator, mine)


def test_staff_only_their_units_queue(people, submit, other_unit):
    foreign = submit(svc=make_service([other_unit]))
    assert can_see(people["other_expert"], foreign) and not can_see(people["expert"], foreign)
    assert list(selectors.queue(people["expert"])) == []


def test_hq_roles_are_configurable(people, submit, settings):
    request = submit()
    settings.MIZ_DESK_HQ_ROLES = ["administrator"]
    assert not can_see(people["hq_auditor"], request)


def test_unknown_ids_are_404(people):
    for value in ("999999", "0512345678903", "../etc/passwd", ""):
        with pytest.raises(Http404):
            selectors.request_for(people["hq_auditor"], value)
    assert ServiceRequest.objects.count() == 0
