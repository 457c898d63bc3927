"""A complaint about a unit is never routed to that unit (R8): not when filed, not when a unit
head sends it on; the service layer refuses it whichever path asks."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from complaints import routing
from complaints.models import Complaint
from desk import services as desk
from desk.models import RequestEvent
from orgs.models import OrgUnit
from orgs.tests.factories import OrgUnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def complaint(client, applicant, complaint_service, subject, directorate):
    """A complaint about the directorate, handled by HQ's inspection unit."""
    client.force_login(applicant)
    client.post(
        reverse("complaints:file"),
        {
            "subject": subject.pk,
            "complained_unit": directorate.pk,
            "text": "پاسخ نداد",
            "idempotency_key": "k",
        },
    )
    return Complaint.objects.select_related("request").get()


def test_a_head_cannot_send_a_complaint_to_the_unit_it_is_about(
    client, complaint, inspection_head, directorate, inspection
):
    request = complaint.request
    assert request.unit == inspection
    events = request.events.count()
    client.force_login(inspection_head)
    url = reverse("desk:reassign_unit", args=[request.tracking_code])
    response = client.post(url, {"unit": directorate.pk})
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "شکایت از «اداره کل آزمون» به خود این واحد فرستاده نمی‌شود" in page
    request.refresh_from_db()
    assert request.unit == inspection and request.events.count() == events


def test_the_service_refuses_it_too(complaint, inspection_head, directorate):
    with pytest.raises(ValidationError) as refused:
        desk.reassign_unit(request=complaint.request, unit=directorate, by=inspection_head)
    assert "به خود این واحد فرستاده نمی‌شود" in refused.value.messages[0]
    assert not RequestEvent.objects.filter(name="assign_unit", actor=inspection_head).exists()


def test_a_complaint_may_go_to_another_unit(complaint, inspection_head, complaint_service, make_user):
    other = OrgUnitFactory(code="IR-98", name="اداره کل دیگر", kind=OrgUnit.Kind.HQ_OFFICE)
    complaint_service.responsible_units.add(other)
    desk.reassign_unit(request=complaint.request, unit=other, by=inspection_head)
    complaint.request.refresh_from_db()
    assert complaint.request.unit == other


def test_other_requests_are_not_affected(complaint, directorate, inspection):
    # The check answers only for complaints: an ordinary request may go anywhere it is served.
    assert routing.receiving_unit_refusal(complaint.request, inspection) == ""
    assert routing.receiving_unit_refusal(complaint.request, directorate) != ""


# --- the rule, over any tree ------------------------------------------------------------------


@st.composite
def trees(draw):
    """A tree of up to 8 units (parents drawn among earlier ones), which of them are responsible,
    and which one the complaint is about."""
    size = draw(st.integers(min_value=2, max_value=8))
    parents = [None] + [draw(st.one_of(st.none(), st.integers(0, i - 1))) for i in range(1, size)]
    responsible = draw(st.sets(st.integers(0, size - 1), min_size=1))
    about = draw(st.integers(0, size - 1))
    return parents, responsible, about


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tree=trees())
def test_a_complaint_is_never_routed_to_its_unit_or_below_it(complaint_service, tree):
    parents, responsible, about = tree
    OrgUnit.objects.filter(code__startswith="P-").update(parent=None)
    units = []
    for n, parent in enumerate(parents):
        unit, _ = OrgUnit.objects.update_or_create(
            code=f"P-{n}", defaults={"name": f"واحد {n}", "kind": OrgUnit.Kind.HQ_OFFICE, "parent": None}
        )
        if parent is not None:
            unit.parent = units[parent]
            unit.save()
        units.append(unit)
    complaint_service.responsible_units.set([units[i] for i in responsible])
    complained = units[about]
    below = complained.descendant_ids()
    try:
        chosen = routing.complaint_unit(complaint_service, complained_unit=complained)
    except ValidationError:
        assert {units[i].pk for i in responsible} <= below  # refused only when nobody else may
    else:
        assert chosen.pk not in below and chosen.pk in {units[i].pk for i in responsible}
        above = [u.pk for u in complained.ancestors()]
        responsible_above = [pk for pk in above if pk in {units[i].pk for i in responsible}]
        if responsible_above:
            assert chosen.pk == responsible_above[0]  # the nearest supervisor


def test_a_workflow_step_cannot_hand_it_to_the_unit_it_is_about(complaint, inspection_head, directorate):
    # A step of the complaint service naming the complained unit (a catalogue slip): entering that
    # step is refused through the same receiving-unit check, and the request stays where it is.
    step = complaint.request.service.steps.get()
    step.responsible_unit = directorate
    step.save()
    request = complaint.request
    desk.transition(request=request, name="accept", user=inspection_head)
    events = request.events.count()
    with pytest.raises(ValidationError) as refused:
        desk.transition(request=request, name="start_review", user=inspection_head)
    assert "به خود این واحد فرستاده نمی‌شود" in refused.value.messages[0]
    request.refresh_from_db()
    assert request.unit.code == complaint.request.unit.code and request.events.count() == events
    assert request.state == "accepted"
