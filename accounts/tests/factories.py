"""Factories for people: users with a valid national code and mobile, and their role memberships."""

import factory

from accounts.models import Membership, User
from core.testing import PASSWORD
from core.validators import national_code_with_check_digit


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
