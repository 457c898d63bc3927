"""Every write of the holder's checks its actor itself (issue 21, item 5): the wizard, the final
confirmation, an objection and the identity check refuse anyone but the holder of the office's
licence, whatever page or script calls them; settling an identity report refuses anyone but an
expert of the office's region. A refusal changes nothing."""

import pytest
from django.core.exceptions import PermissionDenied

from counters import services
from counters.models import BoardMember, Declaration, IdentityMismatch, StaffMember
from counters.tests.conftest import JPEG, upload
from orgs.models import Region

pytestmark = pytest.mark.django_db
State = Declaration.State

WIZARD = {
    "save_step": lambda d, who: services.save_step(
        declaration=d, step="contact", values={"phone": "02612345678"}, actor=who
    ),
    "upload_document": lambda d, who: services.upload_document(
        declaration=d, kind="signboard", upload=upload("sign.jpg", JPEG), actor=who
    ),
    "add_board_member": lambda d, who: services.add_board_member(
        declaration=d, actor=who, first_name="علی", last_name="رضایی", national_code="0012345679"
    ),
    "remove_board_member": lambda d, who: services.remove_board_member(declaration=d, member_id=1, actor=who),
    "add_staff": lambda d, who: services.add_staff(
        declaration=d, actor=who, first_name="علی", last_name="رضایی", national_code="0012345679"
    ),
    "remove_staff": lambda d, who: services.remove_staff(declaration=d, member_id=1, actor=who),
    "save_violation_answers": lambda d, who: services.save_violation_answers(
        declaration=d, answers={}, actor=who
    ),
    "confirm": lambda d, who: services.confirm(declaration=d, actor=who, agree=True),
}


@pytest.fixture
def strangers(make_office, expert):
    """The holder of another office, and the region's own expert: neither holds this licence."""
    return [make_office().licence.holder, expert]


@pytest.mark.parametrize("write", sorted(WIZARD))
def test_the_wizard_refuses_anyone_but_the_holder(write, filled, strangers):
    before = Declaration.objects.filter(pk=filled.pk).values().get()
    documents = sorted(filled.documents.values_list("pk", "kind", "size"))
    for who in strangers:
        with pytest.raises(PermissionDenied, match="از آنِ شما نیست"):
            WIZARD[write](filled, who)
    assert Declaration.objects.filter(pk=filled.pk).values().get() == before
    assert sorted(filled.documents.values_list("pk", "kind", "size")) == documents
    assert not BoardMember.objects.filter(declaration=filled, national_code="0012345679").exists()
    assert not StaffMember.objects.filter(declaration=filled, national_code="0012345679").exists()


def test_a_file_is_started_only_by_the_holder(office, strangers):
    for who in strangers:
        with pytest.raises(PermissionDenied):
            services.start_declaration(office=office, actor=who)
        with pytest.raises(PermissionDenied):
            services.start_with_confirmed_identity(office=office, actor=who, confirmed=True)
    assert not Declaration.objects.filter(office=office).exists()


def test_an_objection_is_made_only_by_the_holder(submitted, expert, strangers):
    services.approve(declaration=submitted, actor=expert, recipients_score=50, association_score=50)
    for who in strangers:
        with pytest.raises(PermissionDenied, match="از آنِ شما نیست"):
            services.submit_objection(declaration=submitted, actor=who, text="امتیاز کم است.")
    assert Declaration.objects.get(pk=submitted.pk).state == State.APPROVED


def test_an_identity_report_is_made_by_the_holder_and_settled_by_the_region(
    office, holder, strangers, expert, make_expert
):
    for who in strangers:
        with pytest.raises(PermissionDenied, match="از آنِ شما نیست"):
            services.report_identity_mismatch(office=office, actor=who, text="نام نادرست است.")
    assert not IdentityMismatch.objects.exists()
    report = services.report_identity_mismatch(office=office, actor=holder, text="نام نادرست است.")
    other_region = Region.objects.exclude(pk=office.province.region_id).first()
    for who in (holder, make_expert(other_region)):
        with pytest.raises(PermissionDenied, match="در منطقه شما نیست"):
            services.resolve_identity_mismatch(report=report, actor=who)
    assert IdentityMismatch.objects.get(pk=report.pk).resolved_at is None
    services.resolve_identity_mismatch(report=report, actor=expert)
    assert IdentityMismatch.objects.get(pk=report.pk).resolved_by == expert
