"""Separation of duties (issue 17 item 7): nobody acts as staff on a request they filed or that
concerns them or their company, whatever staff role they hold; they follow it as its applicant."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from catalogue.tests.factories import ServiceFieldFactory
from desk import selectors, services, workflow
from desk.models import Message, ServiceRequest, State

pytestmark = pytest.mark.django_db

STAFF_TRANSITIONS = sorted(t.name for t in workflow.TRANSITIONS.values() if t.actor == workflow.STAFF)

# For each staff transition: the state another member of staff brings the request to first.
PREPARE = {
    "accept": [],
    "reject": [],
    "start_review": ["accept"],
    "request_more": ["accept"],
    "advance": ["accept", "start_review"],
    "approve": ["accept", "start_review", "advance"],
    "issue_response": ["accept", "start_review", "advance", "approve"],
    "close": ["accept", "start_review", "advance", "approve", "issue_response"],
    "reopen": ["accept", "request_more", "lapse"],
}


def prepare(request, name, by):
    for step in PREPARE[name]:
        if step == "issue_response":
            services.issue_response(request=request, user=by, text="گواهی صادر شد.")
        elif step == "lapse":  # the daily job's (desk.services.alerts), never a person's
            workflow.apply(request, "lapse", actor=None, actor_kind=workflow.SYSTEM)
        else:
            services.transition(request=request, name=step, user=by, note="توضیح")


def act(request, name, user):
    if name == "issue_response":
        return services.issue_response(request=request, user=user, text="گواهی صادر شد.")
    return services.transition(request=request, name=name, user=user, note="توضیح")


def test_every_staff_transition_is_covered():
    assert sorted(PREPARE) == STAFF_TRANSITIONS


@pytest.mark.parametrize("name", STAFF_TRANSITIONS)
def test_a_staff_expert_cannot_act_on_their_own_request(name, submit, expert, head):
    request = submit(who=expert)
    prepare(request, name, head)
    before = (request.state, request.step_number, request.events.count())
    with pytest.raises(ValidationError) as refused:
        act(request, name, expert)
    assert refused.value.code == "conflict_of_interest"
    assert "خودتان ثبت کرده‌اید" in refused.value.messages[0]
    request.refresh_from_db()
    assert (request.state, request.step_number, request.events.count()) == before


def test_an_administrator_is_no_exception(submit, admin_user, head):
    request = submit(who=admin_user)
    with pytest.raises(ValidationError, match="خودتان"):
        services.transition(request=request, name="accept", user=admin_user)
    assert not selectors.can_work_on(admin_user, request)


def test_the_other_staff_actions_on_ones_own_request_are_refused(submit, expert, head, service, other_unit):
    service.responsible_units.add(other_unit)
    own = submit(who=head)
    for attempt in (
        lambda: services.assign_expert(requests=[own], expert=head, by=head),
        lambda: services.reassign_unit(request=own, unit=other_unit, by=head),
        lambda: services.post_message(request=own, author=head, body="یادداشت", internal=True),
        lambda: services.book_appointment(
            request=own,
            user=head,
            starts_at=timezone.now() + timezone.timedelta(days=7),
            reason="بازدید",
            unit=own.unit,
        ),
    ):
        with pytest.raises(ValidationError):
            attempt()
    own.refresh_from_db()
    assert own.unit_id != other_unit.pk and own.assignee is None
    assert not Message.objects.filter(internal=True).exists()
    # and nobody assigns a request to the expert who filed it
    with pytest.raises(ValidationError, match="مربوط است"):
        services.assign_expert(requests=[submit(who=expert)], expert=expert, by=head)
    # As its applicant they still write to the unit, as an applicant
    message = services.post_message(request=own, author=head, body="پرسش درباره درخواستم")
    assert not message.from_staff


def company(make_user, *, mobile):
    return make_user(
        role=Role.APPLICANT,
        person_type=User.PersonType.LEGAL,
        legal_national_id="10380284790",
        legal_name="شرکت نمونه",
        mobile=mobile,
    )


def test_a_request_of_the_company_whose_account_they_hold_is_refused(submit, expert, head, make_user):
    """The company's account sends its one-time codes to the expert's mobile: the expert acts for
    the company, so its requests are not theirs to handle."""
    request = submit(who=company(make_user, mobile=expert.mobile))
    with pytest.raises(ValidationError, match="شرکتی که به شما وابسته است"):
        services.transition(request=request, name="accept", user=expert)
    services.transition(request=request, name="accept", user=head)  # a colleague does it
    assert request.state == State.ACCEPTED


def test_a_request_that_names_them_is_refused(service, expert, head, make_user):
    """A company's request that names the expert (as its CEO or representative, by national code)."""
    from desk.tests.factories import pdf_file

    ServiceFieldFactory(service=service, name="ceo_code", label="کد ملی مدیر", kind="national_code")

    applicant = company(make_user, mobile="+989135559999")
    request, _ = services.submit_request(
        service=service,
        applicant=applicant,
        form_data={"product_name": "شیر", "ceo_code": expert.national_code},
        files={d.pk: pdf_file() for d in service.documents.filter(required=True)},
        idempotency_key="company-1",
        actor=applicant,
    )
    assert selectors.conflict_of_interest(expert, request)
    assert not selectors.conflict_of_interest(head, request)
    with pytest.raises(ValidationError, match="مربوط است"):
        services.transition(request=request, name="reject", user=expert, note="خیر")


def test_colleagues_and_applicants_are_unaffected(submit, expert, head, applicant):
    request = submit()
    assert selectors.conflict_of_interest(expert, request) == ""
    assert selectors.can_work_on(expert, request) and not selectors.can_work_on(applicant, request)
    # an applicant who is no member of staff is told they are not staff, not about a conflict
    with pytest.raises(ValidationError, match="کارشناس واحد"):
        services.transition(request=request, name="accept", user=applicant)


# --- through the pages ----------------------------------------------------------------------------


def test_the_page_shows_no_staff_action_on_ones_own_request_and_refuses_one(client, submit, expert, head):
    own = submit(who=expert)
    theirs = submit()
    client.force_login(expert)
    page = client.get(reverse("desk:detail", args=[own.tracking_code]))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="do-accept"' not in html and page.context["is_applicant"] and not page.context["is_staff"]
    other_page = client.get(reverse("desk:detail", args=[theirs.tracking_code]))
    assert 'id="do-accept"' in other_page.content.decode()
    page = client.post(reverse("desk:transition", args=[own.tracking_code, "accept"]), follow=True)
    assert "خودتان ثبت کرده‌اید" in page.content.decode()
    assert ServiceRequest.objects.get(pk=own.pk).state == State.SUBMITTED
    # the queue lists the unit's work, not their own request (that is under "my requests")
    queue = client.get(reverse("desk:queue"))
    assert {r.tracking_code for r in queue.context["reqs"]} == {theirs.tracking_code}
    mine = client.get(reverse("desk:my_requests")).content.decode()
    assert own.tracking_display in mine


def test_the_page_refuses_issuing_a_certificate_on_ones_own_request(client, submit, expert, head):
    own = submit(who=expert)
    prepare(own, "issue_response", head)
    client.force_login(expert)
    page = client.post(reverse("desk:response", args=[own.tracking_code]), {"text": "گواهی"}, follow=True)
    assert "خودتان ثبت کرده‌اید" in page.content.decode()
    own.refresh_from_db()
    assert own.state == State.APPROVED and not hasattr(own, "response")
