"""Who reviews a counter office's file (issue 17 item 8): an expert of the office's own region,
never one of another region, and never one who holds, works at or is named in the office."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts.models import Membership, Role
from counters import services
from counters.models import Declaration
from counters.tests.conftest import fill
from orgs.models import Region

pytestmark = pytest.mark.django_db
State = Declaration.State

REVIEWS = {
    "return": lambda d, who: services.return_for_correction(declaration=d, actor=who, notes={"staff": "x"}),
    "approve": lambda d, who: services.approve(
        declaration=d, actor=who, recipients_score=90, association_score=70
    ),
}


@pytest.mark.parametrize("review", sorted(REVIEWS))
def test_an_expert_of_another_region_cannot_review(review, submitted, make_expert):
    other_region = Region.objects.exclude(pk=submitted.office.province.region_id).first()
    stranger = make_expert(other_region)
    with pytest.raises(PermissionDenied, match="در منطقه شما نیست"):
        REVIEWS[review](submitted, stranger)
    assert Declaration.objects.get(pk=submitted.pk).state == State.SUBMITTED


@pytest.mark.parametrize("review", sorted(REVIEWS))
def test_an_expert_cannot_review_the_office_they_hold(review, make_office, make_expert, reference):
    from orgs.models import Province

    region = Province.objects.get(code="IR-30").region
    expert = make_expert(region)
    office = make_office(holder=expert)
    declaration = services.confirm(
        declaration=fill(services.start_declaration(office=office, actor=expert)), actor=expert, agree=True
    )
    with pytest.raises(PermissionDenied, match="خودتان در آن سهم دارید"):
        REVIEWS[review](declaration, expert)
    assert Declaration.objects.get(pk=declaration.pk).state == State.SUBMITTED
    # a colleague of the same region does it
    REVIEWS[review](declaration, make_expert(region))


def test_an_expert_who_works_at_the_office_or_is_named_in_its_file_cannot_review(submitted, make_expert):
    region = submitted.office.province.region
    operator = make_expert(region)
    Membership.objects.create(user=operator, role=Role.COUNTER_OPERATOR, counter_office=submitted.office)
    named = make_expert(region)
    Declaration.objects.filter(pk=submitted.pk).update(representative_national_code=named.national_code)
    for who in (operator, named):
        with pytest.raises(PermissionDenied, match="خودتان در آن سهم دارید"):
            REVIEWS["approve"](Declaration.objects.get(pk=submitted.pk), who)
    assert Declaration.objects.get(pk=submitted.pk).state == State.SUBMITTED


def test_an_objection_is_answered_by_the_region_without_a_stake(submitted, expert, holder, make_expert):
    services.approve(declaration=submitted, actor=expert, recipients_score=50, association_score=50)
    services.submit_objection(declaration=submitted, actor=holder, text="امتیاز کم است.")
    other_region = Region.objects.exclude(pk=submitted.office.province.region_id).first()
    with pytest.raises(PermissionDenied, match="در منطقه شما نیست"):
        services.answer_objection(declaration=submitted, actor=make_expert(other_region), answer="خیر")
    assert Declaration.objects.get(pk=submitted.pk).state == State.OBJECTED


def test_the_review_page_refuses_a_reviewer_with_a_stake(client, submitted, make_expert):
    region = submitted.office.province.region
    operator = make_expert(region)
    Membership.objects.create(user=operator, role=Role.COUNTER_OPERATOR, counter_office=submitted.office)
    client.force_login(operator)
    url = reverse("counters:review", args=[submitted.pk])
    page = client.get(url).content.decode()
    assert 'id="review-refusal"' in page and 'id="approve-form"' not in page
    response = client.post(url, {"action": "approve", "recipients_score": "90", "association_score": "70"})
    assert response.status_code == 403
    assert "خودتان در آن سهم دارید" in response.content.decode()
    assert Declaration.objects.get(pk=submitted.pk).state == State.SUBMITTED
