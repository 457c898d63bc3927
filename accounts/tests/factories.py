"""Factories for people: users with a valid national code and mobile, their role memberships, and
the companies they act for."""

import factory

from accounts.models import Company, CompanyMembership, Membership, User
from core.testing import PASSWORD
from core.validators import legal_id_with_check_digit, national_code_with_check_digit


class UserFactory(factory.django.DjangoModelFactory):
    """A user created through `User.objects.create_user` (so validated and with a hashed password)."""

    class Meta:
        model = User

    national_code = factory.Sequence(lambda n: national_code_with_check_digit(f"{123456000 + n:09d}"))
    mobile = factory.Sequence(lambda n: f"+98912{4000000 + n % 6000000:07d}")
    password = PASSWORD
    first_name = "آزمون"
    last_name = factory.Sequence(lambda n: f"کاربر {n}")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        manager = cls._get_manager(model_class)
        national_code, mobile = kwargs.pop("national_code"), kwargs.pop("mobile")
        return manager.create_user(national_code, mobile, kwargs.pop("password", None), **kwargs)


class MembershipFactory(factory.django.DjangoModelFactory):
    """A role held by a user; the scope (org unit, counter office or region) comes from the caller."""

    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)


def make_user(*, role=None, scope=None, mobile=None, **extra) -> User:
    """A user with a valid generated national code and (optionally) a role held in `scope` (the
    root conftest's `make_user` fixture; also for fixtures wider than one test)."""
    if mobile:
        extra["mobile"] = mobile
    user = UserFactory(**extra)
    if role:
        MembershipFactory(user=user, role=role, **(scope or {}))
    return user


class CompanyFactory(factory.django.DjangoModelFactory):
    """A company with a valid 11-digit national ID."""

    class Meta:
        model = Company

    national_id = factory.Sequence(lambda n: legal_id_with_check_digit(f"{1030000000 + n:010d}"))
    name = factory.Sequence(lambda n: f"شرکت آزمون {n}")


class CompanyMembershipFactory(factory.django.DjangoModelFactory):
    """A person's membership of a company: a pending representative unless told otherwise."""

    class Meta:
        model = CompanyMembership

    user = factory.SubFactory(UserFactory)
    company = factory.SubFactory(CompanyFactory)
    role = CompanyMembership.Role.REPRESENTATIVE
    status = CompanyMembership.Status.PENDING
