"""Role scope (issue 17 item 8): the role a user holds in the unit that owns the request (or, for
a head, above it) decides what they may do to it; a role held in another unit never does."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import Role
from accounts.selectors import ROLE_REACH, SUBTREE, UNIT
from desk import selectors, services
from desk.models import ServiceRequest
from desk.tests.factories import add_membership
from orgs.models import OrgUnit, Province

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_unit(db):
    province = Province.objects.create(code="IR-98", name="استان دوم", phone_area_code="098")
    return OrgUnit.objects.create(code="IR-98", name="اداره کل دوم", kind="province", province=province)


@pytest.fixture
def mixed(make_user, unit, second_unit):
    """Unit head in the first province, expert in the second."""
    user = make_user(role=Role.UNIT_HEAD, scope={"org_unit": unit}, first_name="دوپست")
    add_membership(user, Role.STAFF_EXPERT, org_unit=second_unit)
    return user


@pytest.fixture
def routed(service, second_unit, other_unit):
    service.responsible_units.add(second_unit, other_unit)
    return service


def test_a_head_elsewhere_cannot_send_a_request_of_the_unit_where_they_are_an_expert(
    routed, submit, mixed, second_unit, other_unit
):
    request = submit(unit=second_unit)
    with pytest.raises(ValidationError, match="فقط رئیس واحد"):
        services.reassign_unit(request=request, unit=other_unit, by=mixed)
    request.refresh_from_db()
    assert request.unit == second_unit
    assert not request.events.filter(name="assign_unit", actor=mixed).exists()


def test_in_their_own_unit_the_head_may(routed, submit, mixed, unit, other_unit):
    request = submit(unit=unit)
    services.reassign_unit(request=request, unit=other_unit, by=mixed)
    assert ServiceRequest.objects.get(pk=request.pk).unit == other_unit
    assert request.events.get(name="assign_unit", actor=mixed).actor_role == Role.UNIT_HEAD


def test_the_log_names_the_role_held_where_the_request_is(routed, submit, mixed, second_unit):
    request = submit(unit=second_unit)
    event = services.transition(request=request, name="accept", user=mixed)
    assert event.actor_role == Role.STAFF_EXPERT


def test_a_head_above_the_unit_may_send_its_request(make_user, routed, submit, other_unit, second_unit):
    """The scoping rule of the code: a head's role reaches the units below theirs."""
    hq = OrgUnit.objects.create(code="HQ-T", name="ستاد آزمون", kind="hq")
    second_unit.parent = hq
    second_unit.save()
    head_above = make_user(role=Role.UNIT_HEAD, scope={"org_unit": hq})
    request = submit(unit=second_unit)
    services.reassign_unit(request=request, unit=other_unit, by=head_above)
    assert ServiceRequest.objects.get(pk=request.pk).unit == other_unit


def test_the_page_refuses_the_head_from_elsewhere(client, routed, submit, mixed, second_unit, other_unit):
    request = submit(unit=second_unit)
    client.force_login(mixed)
    page = client.post(
        reverse("desk:reassign_unit", args=[request.tracking_code]), {"unit": str(other_unit.pk)}, follow=True
    )
    assert "فقط رئیس واحد رسیدگی‌کننده" in page.content.decode()
    assert ServiceRequest.objects.get(pk=request.pk).unit == second_unit


def test_the_request_page_offers_sending_elsewhere_to_the_head_alone(
    client, service, submit, expert, head, other_unit
):
    """An expert of the unit is refused the move (only its head may), so their page has no such form."""
    service.responsible_units.add(other_unit)
    request = submit()
    path = reverse("desk:detail", args=[request.tracking_code])
    client.force_login(expert)
    page = client.get(path).content.decode()
    assert "staff-actions" in page and "reassign-unit-form" not in page
    client.force_login(head)
    assert "reassign-unit-form" in client.get(path).content.decode()


# --- the rule for every role, unit and request ------------------------------------------------------


@pytest.fixture
def tree(db):
    from orgs.services import seed_reference_data

    seed_reference_data()
    return list(OrgUnit.objects.order_by("pk"))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_role_in_one_unit_acts_exactly_within_that_units_reach(data, tree, applicant, make_user):
    """A user with role R only in unit U may act on a request iff the request's unit lies in U's
    reach for R: U itself for an expert, U and the units below it for a head or a manager."""
    role = data.draw(st.sampled_from([Role.STAFF_EXPERT, Role.UNIT_HEAD, Role.PROVINCE_MANAGER]))
    held_in = data.draw(st.sampled_from(tree))
    request_unit = data.draw(st.sampled_from(tree))
    user = make_user(role=role, scope={"org_unit": held_in})
    request = ServiceRequest(unit=request_unit, applicant=applicant, form_data={})
    reach = {held_in.pk} if ROLE_REACH[role] == UNIT else held_in.descendant_ids()
    assert ROLE_REACH[role] in (UNIT, SUBTREE)
    assert selectors.can_work_on(user, request) == (request_unit.pk in reach)
