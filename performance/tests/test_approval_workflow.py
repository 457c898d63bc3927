"""The approval workflow of a unit's figures (issue 17 item 6): each move declared per kind of
unit with who makes it, approved figures locked for good, nobody approving their own round, and
a refused move that changes nothing and runs no validation."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from core.testing import at_once, shared_by_threads
from orgs.models import OrgUnit
from performance import entry
from performance.models import Submission, SubmissionEvent, ValidationRun
from performance.tests import factories as f
from performance.tests.factories import SubmissionFactory

STATES = [s.value for s in Submission.State]
ROLES = ["unit_head", "province_manager", "hq_planner", "staff_expert", "auditor", "applicant"]


@pytest.fixture
def hq(db, make_user):
    f.org_tree()
    office = OrgUnit.objects.filter(kind=OrgUnit.Kind.HQ_OFFICE).order_by("pk").first()
    return {
        "office": office,
        "year": f.year(1400),
        "head": make_user(role="unit_head", scope={"org_unit": office}),
        "planner": make_user(role="hq_planner", scope={"org_unit": office.parent}),
    }


def approved(s):
    entry.move(user=s["head"], unit=s["office"], period=s["year"], to="submitted")
    entry.move(user=s["planner"], unit=s["office"], period=s["year"], to="approved")


def test_an_hq_unit_head_cannot_move_approved_figures_back_and_no_validation_reruns(hq):
    approved(hq)
    runs = ValidationRun.objects.count()
    for _ in range(3):
        with pytest.raises(ValidationError, match="توان رفت"):
            entry.move(user=hq["head"], unit=hq["office"], period=hq["year"], to="submitted")
    submission = Submission.objects.get(org_unit=hq["office"])
    assert submission.state == Submission.State.APPROVED
    assert ValidationRun.objects.count() == runs
    assert "قفل" in entry.lock_reason(hq["office"], hq["year"])


def test_nobody_moves_approved_figures_anywhere(hq, admin_user):
    approved(hq)
    for user in (hq["head"], hq["planner"], admin_user):
        for to in STATES:
            with pytest.raises((ValidationError, PermissionDenied)):
                entry.move(user=user, unit=hq["office"], period=hq["year"], to=to, note="بازگشایی")
    assert Submission.objects.get(org_unit=hq["office"]).state == Submission.State.APPROVED


def test_a_double_submit_is_refused_and_validates_once(hq):
    runs = ValidationRun.objects.count()
    entry.move(user=hq["head"], unit=hq["office"], period=hq["year"], to="submitted")
    with pytest.raises(ValidationError, match="توان رفت"):
        entry.move(user=hq["head"], unit=hq["office"], period=hq["year"], to="submitted")
    assert ValidationRun.objects.count() == runs + 1
    assert SubmissionEvent.objects.count() == 1


def test_nobody_approves_their_own_submission(db, make_user, admin_user):
    tehran = f.province("تهران")
    year = f.year(1400)
    # A province manager may submit their province's figures, but then not approve them
    manager = make_user(role="province_manager", scope={"org_unit": tehran})
    entry.move(user=manager, unit=tehran, period=year, to="submitted")
    with pytest.raises(PermissionDenied, match="خودتان"):
        entry.move(user=manager, unit=tehran, period=year, to="province_approved")
    # nor an administrator, who may make any step, approve a round they took part in
    other_manager = make_user(role="province_manager", scope={"org_unit": tehran})
    entry.move(user=other_manager, unit=tehran, period=year, to="draft", note="اصلاح")
    entry.move(user=admin_user, unit=tehran, period=year, to="submitted")
    with pytest.raises(PermissionDenied, match="خودتان"):
        entry.move(user=admin_user, unit=tehran, period=year, to="province_approved")
    entry.move(user=other_manager, unit=tehran, period=year, to="province_approved")
    with pytest.raises(PermissionDenied, match="خودتان"):
        entry.move(user=admin_user, unit=tehran, period=year, to="approved")
    assert Submission.objects.get(org_unit=tehran).state == Submission.State.PROVINCE_APPROVED


def test_a_new_round_after_a_return_is_judged_afresh(db, make_user):
    """The four-eyes rule looks at the current round only: after a return, whoever approved the
    earlier round may approve the next one if someone else submitted it."""
    tehran = f.province("تهران")
    year = f.year(1400)
    head = make_user(role="unit_head", scope={"org_unit": tehran})
    manager = make_user(role="province_manager", scope={"org_unit": tehran})
    entry.move(user=head, unit=tehran, period=year, to="submitted")
    entry.move(user=manager, unit=tehran, period=year, to="draft", note="رقم اسفند جا افتاده")
    entry.move(user=head, unit=tehran, period=year, to="submitted")
    entry.move(user=manager, unit=tehran, period=year, to="province_approved")
    assert Submission.objects.get(org_unit=tehran).state == Submission.State.PROVINCE_APPROVED


def test_a_role_held_in_another_unit_takes_no_step(db, make_user):
    tehran, yazd = f.province("تهران"), f.province("یزد")
    year = f.year(1400)
    # Head in Tehran, manager in Yazd: may submit Tehran, may not approve it as a manager
    mixed = make_user(role="unit_head", scope={"org_unit": tehran})
    mixed.memberships.create(role="province_manager", org_unit=yazd)
    head = make_user(role="unit_head", scope={"org_unit": tehran})
    entry.move(user=head, unit=tehran, period=year, to="submitted")
    with pytest.raises(PermissionDenied, match="با شما نیست"):
        entry.move(user=mixed, unit=tehran, period=year, to="province_approved")
    assert Submission.objects.get(org_unit=tehran).state == Submission.State.SUBMITTED


def test_the_page_refuses_reopening_approved_figures_in_persian(hq, client):
    approved(hq)
    runs = ValidationRun.objects.count()
    client.force_login(hq["head"])
    page = client.post(
        reverse("performance:entry_move"),
        {"unit": hq["office"].code, "year": "1400", "to": "submitted"},
        follow=True,
    )
    assert page.status_code == 200
    assert "نمی‌توان رفت" in page.content.decode()
    assert Submission.objects.get(org_unit=hq["office"]).state == Submission.State.APPROVED
    assert ValidationRun.objects.count() == runs


# --- the declaration itself, for every kind of unit and every set of roles -----------------------


@given(kind=st.sampled_from([k.value for k in OrgUnit.Kind]), to=st.sampled_from(STATES))
def test_nothing_leaves_approved_for_any_kind_of_unit(kind, to):
    assert ("approved", to) not in Submission.transitions_for(OrgUnit(kind=kind))


@given(
    kind=st.sampled_from([k.value for k in OrgUnit.Kind]),
    pair=st.tuples(st.sampled_from(STATES), st.sampled_from(STATES)),
    roles=st.sets(st.sampled_from(ROLES)),
)
def test_a_step_is_taken_only_by_the_role_declared_for_it(kind, pair, roles):
    needed = Submission.transitions_for(OrgUnit(kind=kind)).get(pair)
    allowed = needed is not None and entry.may_take_step(roles, needed)
    if allowed:
        # approvals and returns belong to the level above the unit; submitting to the unit
        assert (needed == Submission.UNIT) == (pair == ("draft", "submitted"))
        assert needed in roles or (needed == Submission.UNIT and roles & {"unit_head", "province_manager"})
    if roles <= {"unit_head", "staff_expert", "auditor", "applicant"}:
        # a unit head alone never approves or returns anything, in a province or at HQ
        assert not allowed or pair == ("draft", "submitted")


@given(kind=st.sampled_from([k.value for k in OrgUnit.Kind]))
def test_a_province_step_exists_only_for_a_province(kind):
    pairs = Submission.transitions_for(OrgUnit(kind=kind))
    has_province_step = any(to == "province_approved" for _, to in pairs)
    assert has_province_step == (kind == OrgUnit.Kind.PROVINCE)


def test_the_entry_page_offers_only_the_moves_the_user_may_make(hq, client):
    def buttons(user):
        client.force_login(user)
        html = client.get(reverse("performance:entry"), {"year": 1400}).content.decode()
        row = html.split(f'data-unit="{hq["office"].code}"', 1)[1].split("</tr>", 1)[0]
        return {
            value
            for value in ("submitted", "province_approved", "approved", "draft")
            if f'value="{value}"' in row
        }

    assert buttons(hq["head"]) == {"submitted"}
    entry.move(user=hq["head"], unit=hq["office"], period=hq["year"], to="submitted")
    assert buttons(hq["head"]) == set()
    assert buttons(hq["planner"]) == {"approved", "draft"}  # an HQ office has no province step
    entry.move(user=hq["planner"], unit=hq["office"], period=hq["year"], to="approved")
    assert buttons(hq["head"]) == set() and buttons(hq["planner"]) == set()


@pytest.mark.django_db(transaction=True)
def test_simultaneous_submits_are_made_once(make_user, tmp_path):
    """Four threads (own database connections) submit the same figures at the same moment."""
    f.org_tree()
    office = OrgUnit.objects.filter(kind=OrgUnit.Kind.HQ_OFFICE).order_by("pk").first()
    year = f.year(1400)
    head = make_user(role="unit_head", scope={"org_unit": office})
    SubmissionFactory(org_unit=office, period=year)

    def work():
        try:
            entry.move(user=head, unit=office, period=year, to="submitted")
        except ValidationError:
            return "refused"
        return "moved"

    with shared_by_threads(tmp_path):
        outcomes = at_once(*[work] * 4)
        assert sorted(outcomes) == ["moved", "refused", "refused", "refused"]
        assert SubmissionEvent.objects.count() == 1
        assert ValidationRun.objects.filter(trigger=ValidationRun.Trigger.SUBMIT).count() == 1
