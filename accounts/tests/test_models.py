"""The user model, the password rule about national codes, memberships and their scopes."""

import pytest
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts import selectors
from accounts.models import Membership, Role, User
from accounts.password_validation import NotNationalCodeValidator
from core.text import to_persian_digits
from core.validators import national_code_with_check_digit

CODE = "0084575948"
VALID_LEGAL_ID = "10861234565"  # check digit worked by hand: (1+8)*29 + … + (6+8)*17 = 2612 ≡ 5 (mod 11)


def new_user(**extra):
    fields = {"first_name": "سارا", "last_name": "محمدی", **extra}
    return User.objects.create_user(
        fields.pop("national_code", CODE),
        fields.pop("mobile", "09123456789"),
        fields.pop("password", None),
        **fields,
    )


# --- the user -----------------------------------------------------------------------------


def test_national_code_is_the_username():
    assert get_user_model() is User
    assert User.USERNAME_FIELD == "national_code"
    assert "mobile" in User.REQUIRED_FIELDS


@pytest.mark.django_db
def test_create_user_stores_canonical_national_code_and_mobile():
    user = new_user(national_code="۰۰۸-۴۵۷۵۹۴-۸", mobile="۰۹۱۲ ۳۴۵ ۶۷۸۹")
    user.refresh_from_db()
    assert user.national_code == CODE
    assert user.mobile == "+989123456789"
    assert user.get_username() == CODE


@pytest.mark.django_db
@pytest.mark.parametrize("password", [None, ""])
def test_create_user_without_password_cannot_sign_in_by_password(password):
    user = new_user(password=password)
    user.refresh_from_db()
    assert not user.has_usable_password()
    # No default or derived password: neither the national code, the mobile nor nothing works.
    for guess in ["", CODE, "09123456789", "+989123456789", "123456"]:
        assert not user.check_password(guess)


@pytest.mark.django_db
def test_create_user_with_password_sets_a_hash():
    user = new_user(password="a-Strong-Pass-123")
    user.refresh_from_db()
    assert user.password != "a-Strong-Pass-123"
    assert user.check_password("a-Strong-Pass-123")


@pytest.mark.django_db
def test_create_user_refuses_an_invalid_national_code():
    with pytest.raises(ValidationError) as info:
        new_user(national_code="0084575949")
    assert "national_code" in info.value.message_dict
    assert not User.objects.exists()


@pytest.mark.django_db
def test_create_superuser_needs_a_password():
    with pytest.raises(ValueError, match="password"):
        User.objects.create_superuser(CODE, "09123456789", None, first_name="الف", last_name="ب")
    admin = User.objects.create_superuser(
        CODE, "09123456789", "a-Strong-Pass-123", first_name="الف", last_name="ب"
    )
    assert admin.is_superuser and admin.is_staff


@pytest.mark.django_db
def test_full_name_and_str():
    user = new_user(first_name="علی", last_name="کریمی")
    assert user.get_full_name() == "علی کریمی"
    assert user.get_short_name() == "علی"
    assert str(user) == "علی کریمی"


# --- never the national code as password ---------------------------------------------------


@pytest.mark.django_db
def test_password_equal_to_national_code_is_refused_by_the_validators():
    user = new_user()
    with pytest.raises(ValidationError) as info:
        password_validation.validate_password(CODE, user)
    assert "رمز عبور نباید کد ملی یا شامل آن باشد." in info.value.messages
    with pytest.raises(ValidationError) as info:
        NotNationalCodeValidator().validate(CODE, user)
    assert info.value.code == "password_contains_national_code"


@pytest.mark.django_db
def test_password_that_contains_the_national_code_in_persian_digits_is_refused():
    user = new_user()
    # Only our validator objects: long enough, not numeric, not common.
    with pytest.raises(ValidationError) as info:
        password_validation.validate_password(f"Pass-{to_persian_digits(CODE)}-x", user)
    assert info.value.messages == ["رمز عبور نباید کد ملی یا شامل آن باشد."]


@pytest.mark.django_db
def test_good_password_passes_every_validator():
    password_validation.validate_password("a-Strong-Pass-123", new_user())


_nine_digits = st.text(alphabet="0123456789", min_size=9, max_size=9).filter(lambda s: len(set(s)) > 1)
_wrapping = st.text(alphabet="abcXYZ-_!", max_size=6)


@given(nine=_nine_digits, before=_wrapping, after=_wrapping, persian=st.booleans())
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_password_containing_the_national_code_is_refused(nine, before, after, persian):
    code = national_code_with_check_digit(nine)
    user = User(national_code=code)
    shown = to_persian_digits(code) if persian else code
    with pytest.raises(ValidationError):
        NotNationalCodeValidator().validate(before + shown + after, user)


@given(nine=_nine_digits, password=st.text(alphabet="abcdefXYZ-_!0123", min_size=10, max_size=20))
@settings(max_examples=60, deadline=None)
def test_passwords_without_the_national_code_pass_that_validator(nine, password):
    code = national_code_with_check_digit(nine)
    if code in password:  # possible in principle; the claim is only about the other passwords
        return
    NotNationalCodeValidator().validate(password, User(national_code=code))


# --- legal persons -------------------------------------------------------------------------


@pytest.mark.django_db
def test_legal_person_needs_legal_id_and_legal_name():
    with pytest.raises(ValidationError) as info:
        new_user(person_type=User.PersonType.LEGAL)
    errors = info.value.message_dict
    assert "شناسه ملی" in errors["legal_national_id"][0]
    assert "نام شرکت" in errors["legal_name"][0]

    with pytest.raises(ValidationError) as info:
        new_user(person_type=User.PersonType.LEGAL, legal_national_id=VALID_LEGAL_ID)
    assert set(info.value.message_dict) == {"legal_name"}
    assert not User.objects.exists()


@pytest.mark.django_db
def test_legal_id_check_digit_is_enforced():
    wrong = VALID_LEGAL_ID[:-1] + "4"
    with pytest.raises(ValidationError) as info:
        new_user(person_type=User.PersonType.LEGAL, legal_national_id=wrong, legal_name="شرکت نمونه")
    assert "رقم کنترل" in info.value.message_dict["legal_national_id"][0]

    with pytest.raises(ValidationError):
        new_user(person_type=User.PersonType.LEGAL, legal_national_id="1086123456", legal_name="شرکت نمونه")


@pytest.mark.django_db
def test_legal_person_with_valid_id_and_name_is_created():
    user = new_user(
        person_type=User.PersonType.LEGAL, legal_national_id="۱۰۸۶۱۲۳۴۵۶۵", legal_name="شرکت نمونه"
    )
    user.refresh_from_db()
    assert user.legal_national_id == VALID_LEGAL_ID


@pytest.mark.django_db
def test_natural_person_cannot_carry_legal_fields():
    with pytest.raises(ValidationError) as info:
        new_user(legal_national_id=VALID_LEGAL_ID, legal_name="شرکت نمونه")
    assert "person_type" in info.value.message_dict


@pytest.mark.django_db
def test_legal_id_is_unique():
    new_user(person_type=User.PersonType.LEGAL, legal_national_id=VALID_LEGAL_ID, legal_name="شرکت یک")
    with pytest.raises(ValidationError) as info:
        new_user(
            national_code=national_code_with_check_digit("049937089"),
            person_type=User.PersonType.LEGAL,
            legal_national_id=VALID_LEGAL_ID,
            legal_name="شرکت دو",
        )
    assert "legal_national_id" in info.value.message_dict


# --- memberships and scopes ----------------------------------------------------------------

SCOPED = [
    (Role.COUNTER_OPERATOR, "counter_office"),
    (Role.LICENCE_HOLDER, "counter_office"),
    (Role.STAFF_EXPERT, "org_unit"),
    (Role.UNIT_HEAD, "org_unit"),
    (Role.PROVINCE_MANAGER, "org_unit"),
    (Role.HQ_PLANNER, "org_unit"),
    (Role.REGION_EXPERT, "region"),
]
SCOPE_OBJECT = {"counter_office": "office", "org_unit": "org_unit", "region": "region"}


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "field"), SCOPED)
def test_scoped_role_needs_its_scope(make_user, scopes, role, field):
    user = make_user()
    with pytest.raises(ValidationError) as info:
        Membership(user=user, role=role).full_clean()
    assert "باید به یک" in info.value.message_dict[field][0]
    Membership(user=user, role=role, **{field: scopes[SCOPE_OBJECT[field]]}).full_clean()


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "field"), SCOPED)
def test_scoped_role_refuses_a_scope_of_another_kind(make_user, scopes, role, field):
    user = make_user()
    wrong = next(f for f in SCOPE_OBJECT if f != field)
    membership = Membership(
        user=user, role=role, **{field: scopes[SCOPE_OBJECT[field]], wrong: scopes[SCOPE_OBJECT[wrong]]}
    )
    with pytest.raises(ValidationError) as info:
        membership.full_clean()
    assert "وابسته نیست" in " ".join(info.value.messages)


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.APPLICANT, Role.ADMINISTRATOR])
def test_unscoped_roles_take_no_scope(make_user, scopes, role):
    user = make_user()
    Membership(user=user, role=role).full_clean()
    for field, key in SCOPE_OBJECT.items():
        with pytest.raises(ValidationError) as info:
            Membership(user=user, role=role, **{field: scopes[key]}).full_clean()
        assert "آن را خالی بگذارید" in " ".join(info.value.messages)


@pytest.mark.django_db
def test_auditor_may_be_scoped_to_a_unit_or_to_nothing(make_user, scopes):
    user = make_user()
    Membership(user=user, role=Role.AUDITOR).full_clean()
    Membership(user=user, role=Role.AUDITOR, org_unit=scopes["org_unit"]).full_clean()
    with pytest.raises(ValidationError):
        Membership(user=user, role=Role.AUDITOR, region=scopes["region"]).full_clean()


@pytest.mark.django_db
def test_duplicate_unscoped_membership_is_refused_by_the_database(make_user):
    user = make_user(role=Role.APPLICANT)
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=user, role=Role.APPLICANT)
    assert user.memberships.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "field"),
    [
        (Role.STAFF_EXPERT, "org_unit"),
        (Role.COUNTER_OPERATOR, "counter_office"),
        (Role.REGION_EXPERT, "region"),
    ],
)
def test_duplicate_scoped_membership_is_refused_by_the_database(make_user, scopes, role, field):
    scope = {field: scopes[SCOPE_OBJECT[field]]}
    user = make_user(role=role, scope=scope)
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=user, role=role, **scope)
    assert user.memberships.count() == 1


@pytest.mark.django_db
def test_same_role_in_two_scopes_and_two_roles_in_one_scope_are_allowed(make_user, scopes):
    user = make_user(role=Role.STAFF_EXPERT, scope={"org_unit": scopes["org_unit"]})
    Membership.objects.create(user=user, role=Role.STAFF_EXPERT, org_unit=scopes["other_unit"])
    Membership.objects.create(user=user, role=Role.UNIT_HEAD, org_unit=scopes["org_unit"])
    Membership.objects.create(user=user, role=Role.APPLICANT)
    other = make_user()
    Membership.objects.create(user=other, role=Role.STAFF_EXPERT, org_unit=scopes["org_unit"])
    assert user.memberships.count() == 4


@pytest.mark.django_db
def test_full_clean_reports_a_duplicate_membership(make_user, scopes):
    user = make_user(role=Role.UNIT_HEAD, scope={"org_unit": scopes["org_unit"]})
    with pytest.raises(ValidationError):
        Membership(user=user, role=Role.UNIT_HEAD, org_unit=scopes["org_unit"]).full_clean()


@pytest.mark.django_db
def test_membership_str_names_role_and_scope(make_user, scopes):
    user = make_user(first_name="زهرا", last_name="حسینی")
    membership = Membership.objects.create(user=user, role=Role.UNIT_HEAD, org_unit=scopes["org_unit"])
    assert str(membership) == "زهرا حسینی — رئیس واحد (اداره کل آزمون)"


# --- role codes ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_role_codes_lists_active_roles_once(make_user, scopes):
    user = make_user(role=Role.STAFF_EXPERT, scope={"org_unit": scopes["org_unit"]})
    Membership.objects.create(user=user, role=Role.STAFF_EXPERT, org_unit=scopes["other_unit"])
    Membership.objects.create(user=user, role=Role.APPLICANT)
    Membership.objects.create(user=user, role=Role.AUDITOR, is_active=False)
    fresh = User.objects.get(pk=user.pk)
    assert fresh.role_codes() == {"staff_expert", "applicant"}
    assert make_user().role_codes() == set()


@pytest.mark.django_db
def test_superuser_counts_as_administrator(make_user):
    user = make_user(is_superuser=True)
    assert user.role_codes() == {Role.ADMINISTRATOR}


@pytest.mark.django_db
def test_role_codes_are_cached_on_the_instance(make_user):
    user = make_user(role=Role.APPLICANT)
    assert user.role_codes() == {"applicant"}
    Membership.objects.create(user=user, role=Role.ADMINISTRATOR)
    assert user.role_codes() == {"applicant"}  # same request, same answer
    assert User.objects.get(pk=user.pk).role_codes() == {"applicant", "administrator"}


@pytest.mark.django_db
def test_selectors(make_user, scopes):
    expert = make_user(role=Role.STAFF_EXPERT, scope={"org_unit": scopes["org_unit"]})
    Membership.objects.create(user=expert, role=Role.APPLICANT, is_active=False)
    applicant = make_user(role=Role.APPLICANT)
    assert selectors.has_role(expert, Role.STAFF_EXPERT)
    assert not selectors.has_role(expert, Role.APPLICANT)
    assert list(selectors.users_with_role(Role.APPLICANT)) == [applicant]
    assert [m.role for m in selectors.active_memberships(expert)] == [Role.STAFF_EXPERT]
    assert selectors.org_unit_ids_for(expert, Role.STAFF_EXPERT) == {scopes["org_unit"].pk}
    assert selectors.org_unit_ids_for(expert, Role.UNIT_HEAD) == set()
