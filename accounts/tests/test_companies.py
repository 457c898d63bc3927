"""Companies and the people who act for them (issue 13, D1): adding a company by its national ID,
who confirms whom, and the refusals on bad input (each in Persian, each changing nothing)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from accounts import companies, selectors
from accounts.models import Company, CompanyMembership, Role
from accounts.tests.factories import CompanyMembershipFactory, UserFactory
from accounts.tests.helpers import page_text
from core.text import to_persian_digits
from core.validators import legal_id_with_check_digit

pytestmark = pytest.mark.django_db

Status = CompanyMembership.Status
CompanyRole = CompanyMembership.Role
VALID_ID = "10380284790"
ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@pytest.fixture
def person():
    return UserFactory(first_name="سارا")


@pytest.fixture
def representative():
    """A company with its confirmed registered representative."""
    return CompanyMembershipFactory(status=Status.CONFIRMED, company__national_id=VALID_ID).user


@pytest.fixture
def staff():
    user = UserFactory(first_name="امیر")
    user.memberships.create(role=Role.ADMINISTRATOR)
    return user


def refusal(call, **arguments) -> str:
    with pytest.raises(ValidationError) as info:
        call(**arguments)
    return " ".join(info.value.messages)


# --- adding a company --------------------------------------------------------------------------


def test_the_first_person_of_a_new_company_asks_to_be_its_representative(person):
    membership = companies.add_company(user=person, national_id=VALID_ID, name="شركت نمونه")
    assert membership.role == CompanyRole.REPRESENTATIVE and membership.status == Status.PENDING
    assert membership.company.name == "شرکت نمونه"  # Arabic kaf normalised
    assert list(selectors.confirmed_companies(person)) == []


def test_a_later_person_of_a_represented_company_asks_to_be_an_agent(person, representative):
    membership = companies.add_company(user=person, national_id=VALID_ID)
    assert membership.role == CompanyRole.AGENT and membership.status == Status.PENDING
    assert Company.objects.count() == 1


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("10380284791", "رقم کنترل"),
        ("1038028479", "۱۱ رقم"),
        ("1038O284790", "فقط باید رقم"),
        ("", "وارد کنید"),
    ],
)
def test_a_bad_national_id_is_refused_and_nothing_is_created(person, typed, message):
    assert message in refusal(companies.add_company, user=person, national_id=typed, name="شرکت")
    assert not Company.objects.exists() and not CompanyMembership.objects.exists()


def test_an_unknown_company_needs_its_name(person):
    assert "نام ثبتی" in refusal(companies.add_company, user=person, national_id=VALID_ID, name="  ")
    assert not Company.objects.exists()


@settings(max_examples=25, deadline=None)
@given(st.text("0123456789", min_size=10, max_size=10), st.sampled_from(["persian", "arabic", "dashes"]))
def test_a_national_id_in_any_digits_finds_the_same_company(first_ten, script):
    national_id = legal_id_with_check_digit(first_ten)
    if len(set(national_id)) == 1:
        return
    typed = {
        "persian": to_persian_digits(national_id),
        "arabic": national_id.translate(ARABIC_DIGITS),
        "dashes": f" {national_id[:3]}-{national_id[3:]} ",
    }[script]
    CompanyMembership.objects.all().delete()
    Company.objects.all().delete()
    first, second = UserFactory(), UserFactory()
    companies.add_company(user=first, national_id=national_id, name="شرکت")
    membership = companies.add_company(user=second, national_id=typed)
    assert membership.company.national_id == national_id
    assert Company.objects.count() == 1


def test_adding_the_same_company_twice_is_refused_once_asked(person):
    companies.add_company(user=person, national_id=VALID_ID, name="شرکت نمونه")
    assert "پیش‌تر در فهرست" in refusal(companies.add_company, user=person, national_id=VALID_ID)
    assert CompanyMembership.objects.count() == 1


def test_a_withdrawn_membership_may_be_asked_again(person):
    membership = companies.add_company(user=person, national_id=VALID_ID, name="شرکت نمونه")
    companies.revoke_membership(actor=person, membership_id=membership.pk)
    again = companies.add_company(user=person, national_id=VALID_ID)
    assert again.pk == membership.pk and again.status == Status.PENDING and again.decided_by is None


# --- who confirms whom -------------------------------------------------------------------------


def test_staff_confirm_a_representative(person, staff):
    membership = companies.add_company(user=person, national_id=VALID_ID, name="شرکت نمونه")
    companies.confirm_membership(actor=staff, membership_id=membership.pk)
    membership.refresh_from_db()
    assert membership.status == Status.CONFIRMED and membership.decided_by == staff
    assert membership.decided_at is not None
    assert list(selectors.confirmed_companies(person)) == [membership.company]


def test_the_representative_confirms_an_agent(person, representative):
    membership = companies.add_company(user=person, national_id=VALID_ID)
    assert list(selectors.memberships_to_confirm(representative)) == [membership]
    companies.confirm_membership(actor=representative, membership_id=membership.pk)
    membership.refresh_from_db()
    assert membership.status == Status.CONFIRMED and membership.decided_by == representative


def test_nobody_confirms_themselves(person):
    membership = companies.add_company(user=person, national_id=VALID_ID, name="شرکت نمونه")
    assert "با شما نیست" in refusal(companies.confirm_membership, actor=person, membership_id=membership.pk)
    membership.refresh_from_db()
    assert membership.status == Status.PENDING


def test_a_representative_of_another_company_cannot_confirm(person, representative):
    other = CompanyMembershipFactory(status=Status.CONFIRMED).user  # represents another company
    membership = companies.add_company(user=person, national_id=VALID_ID)
    assert "با شما نیست" in refusal(companies.confirm_membership, actor=other, membership_id=membership.pk)
    membership.refresh_from_db()
    assert membership.status == Status.PENDING


def test_an_agent_cannot_confirm_another_agent(person, representative):
    agent = UserFactory()
    first = companies.add_company(user=agent, national_id=VALID_ID)
    companies.confirm_membership(actor=representative, membership_id=first.pk)
    membership = companies.add_company(user=person, national_id=VALID_ID)
    assert "با شما نیست" in refusal(companies.confirm_membership, actor=agent, membership_id=membership.pk)


def test_a_representative_cannot_confirm_a_second_representative(person):
    """A company's representatives are confirmed by staff only: a second first-comer's claim
    cannot be confirmed by the one whose claim was confirmed before."""
    rival = CompanyMembershipFactory(user=person, company__national_id=VALID_ID)  # pending representative
    first = CompanyMembershipFactory(company=rival.company, status=Status.CONFIRMED).user
    assert "با شما نیست" in refusal(companies.confirm_membership, actor=first, membership_id=rival.pk)


def test_confirming_twice_is_refused_and_keeps_the_first_decision(person, staff, representative):
    membership = companies.add_company(user=person, national_id=VALID_ID)
    companies.confirm_membership(actor=representative, membership_id=membership.pk)
    assert "در انتظار تأیید نیست" in refusal(
        companies.confirm_membership, actor=staff, membership_id=membership.pk
    )
    membership.refresh_from_db()
    assert membership.decided_by == representative


@pytest.mark.parametrize("membership_id", ["999999", "abc", None, "۱۲"])
def test_an_unknown_membership_id_is_refused(staff, membership_id):
    assert "یافت نشد" in refusal(companies.confirm_membership, actor=staff, membership_id=membership_id)


def test_revoked_people_no_longer_act_for_the_company(person, representative):
    membership = companies.add_company(user=person, national_id=VALID_ID)
    companies.confirm_membership(actor=representative, membership_id=membership.pk)
    companies.revoke_membership(actor=representative, membership_id=membership.pk)
    assert list(selectors.confirmed_companies(person)) == []
    assert "پیش‌تر لغو" in refusal(companies.revoke_membership, actor=person, membership_id=membership.pk)


def test_a_stranger_cannot_revoke_someone_elses_membership(person, representative):
    membership = companies.add_company(user=person, national_id=VALID_ID)
    stranger = UserFactory()
    assert "با شما نیست" in refusal(companies.revoke_membership, actor=stranger, membership_id=membership.pk)
    membership.refresh_from_db()
    assert membership.status == Status.PENDING


# --- the profile page ----------------------------------------------------------------------------


def test_the_profile_page_is_for_signed_in_people(client):
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302 and reverse("accounts:login") in response.url


def test_the_profile_is_in_the_menu_and_lists_companies(client, person):
    CompanyMembershipFactory(user=person, company__name="شرکت لبنیات", company__national_id=VALID_ID)
    client.force_login(person)
    html = page_text(client.get(reverse("core:home")))
    assert f'href="{reverse("accounts:profile")}"' in html and "حساب من" in html
    html = page_text(client.get(reverse("accounts:profile")))
    assert "شرکت لبنیات" in html and "در انتظار تأیید" in html and to_persian_digits(VALID_ID) in html


def test_a_company_added_on_the_profile_page_with_persian_digits(client, person):
    client.force_login(person)
    response = client.post(
        reverse("accounts:add_company"),
        {
            "company-national_id": "۱۰۳۸۰۲۸۴۷۹۰",
            "company-name": "شرکت نمونه",
            "company-registration_number": "۱۲۳",
        },
    )
    assert response.status_code == 302
    membership = CompanyMembership.objects.get(user=person)
    assert membership.company.national_id == VALID_ID and membership.company.registration_number == "123"


def test_a_wrong_check_digit_on_the_profile_page_is_shown_under_the_field(client, person):
    client.force_login(person)
    response = client.post(
        reverse("accounts:add_company"), {"company-national_id": "10380284791", "company-name": "شرکت"}
    )
    assert response.status_code == 400
    assert "رقم کنترل" in page_text(response) and 'id="id_company-national_id_error"' in page_text(response)
    assert not Company.objects.exists()


def test_a_double_submit_on_the_profile_page_keeps_one_membership(client, person):
    client.force_login(person)
    data = {"company-national_id": VALID_ID, "company-name": "شرکت نمونه"}
    assert client.post(reverse("accounts:add_company"), data).status_code == 302
    response = client.post(reverse("accounts:add_company"), data)
    assert response.status_code == 400 and "پیش‌تر در فهرست" in page_text(response)
    assert CompanyMembership.objects.count() == 1


def test_a_representative_confirms_on_the_profile_page(client, person, representative):
    membership = companies.add_company(user=person, national_id=VALID_ID)
    client.force_login(representative)
    html = page_text(client.get(reverse("accounts:profile")))
    assert reverse("accounts:confirm_membership", args=[membership.pk]) in html
    response = client.post(reverse("accounts:confirm_membership", args=[membership.pk]), follow=True)
    assert "تأیید شد" in page_text(response)
    membership.refresh_from_db()
    assert membership.status == Status.CONFIRMED


def test_another_users_membership_id_is_refused_on_the_profile_page(client, person, representative):
    membership = companies.add_company(user=person, national_id=VALID_ID)
    stranger = UserFactory()
    client.force_login(stranger)
    for name in ("accounts:confirm_membership", "accounts:revoke_membership"):
        response = client.post(reverse(name, args=[membership.pk]), follow=True)
        assert "یافت نشد یا تصمیم درباره آن با شما نیست" in page_text(response)
    membership.refresh_from_db()
    assert membership.status == Status.PENDING


def test_a_too_long_id_in_the_address_is_a_404(client, person):
    client.force_login(person)
    assert client.post(f"/accounts/profile/companies/{'9' * 25}/confirm/").status_code == 404


def test_staff_confirm_in_the_admin(client, person, staff):
    staff.is_staff = staff.is_superuser = True
    staff.save()
    membership = companies.add_company(user=person, national_id=VALID_ID, name="شرکت نمونه")
    client.force_login(staff)
    changelist = reverse("admin:accounts_companymembership_changelist")
    html = page_text(client.get(changelist, {"status__exact": "pending"}))
    assert "شرکت نمونه" in html and "تأیید عضویت‌های انتخاب‌شده" in html
    response = client.post(
        changelist, {"action": "confirm_selected", "_selected_action": [membership.pk]}, follow=True
    )
    assert "تأیید شد" in page_text(response)
    membership.refresh_from_db()
    assert membership.status == Status.CONFIRMED and membership.decided_by == staff


# --- who is told ---------------------------------------------------------------------------------


def test_the_representative_is_told_when_someone_asks_and_the_person_when_decided(person, representative):
    from notifications.models import Notice, Notification

    membership = companies.add_company(user=person, national_id=VALID_ID)
    told = Notification.objects.get(event="accounts.company_request")
    assert told.user == representative and "سارا" in told.body and "/accounts/profile/" in told.body
    companies.confirm_membership(actor=representative, membership_id=membership.pk)
    decided = Notification.objects.get(event="accounts.company_decision")
    assert decided.user == person and "تأیید شد" in decided.body
    assert Notice.objects.filter(user=person, event="accounts.company_decision").exists()


def test_withdrawing_ones_own_request_tells_nobody(person):
    from notifications.models import Notification

    membership = companies.add_company(user=person, national_id=VALID_ID, name="شرکت نمونه")
    companies.revoke_membership(actor=person, membership_id=membership.pk)
    assert not Notification.objects.exists()  # a first representative's request goes to staff's list


def test_a_confirmation_is_in_the_audit_trail_with_who_decided(person, staff):
    from auditlog.models import LogEntry

    membership = companies.add_company(user=person, national_id=VALID_ID, name="شرکت نمونه")
    companies.confirm_membership(actor=staff, membership_id=membership.pk)
    change = LogEntry.objects.get_for_object(membership).get(action=LogEntry.Action.UPDATE)
    assert change.changes_dict["status"] == ["pending", "confirmed"]
    assert LogEntry.objects.get_for_object(membership.company).filter(action=LogEntry.Action.CREATE).exists()
