"""`core.prepared.Prepared`: a query compiled once answers as the ORM would, in one query, for any
parameters; a query it cannot prepare is refused when first compiled, not run wrongly."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.prepared import Prepared

pytestmark = pytest.mark.django_db

PERMISSION = Prepared(
    lambda codename: (
        Permission.objects.select_related("content_type").filter(codename=codename).order_by("pk")
    ),
    Permission,
    codename=str,
)
GROUP_HAS = Prepared(
    lambda group_id, permission_id: Group.objects.filter(pk=group_id, permissions=permission_id),
    "auth.Group",
    group_id=int,
    permission_id=int,
)
PERSON_JOINED = Prepared(
    lambda national_code: (
        get_user_model().objects.filter(national_code=national_code).order_by("pk").values_list("date_joined")
    ),
    "accounts.User",
    national_code=str,
)


def test_an_object_and_what_it_selects_are_those_of_the_orm():
    for codename in ("add_group", "change_permission", "view_user"):
        expected = Permission.objects.select_related("content_type").get(codename=codename)
        with CaptureQueriesContext(connection) as queries:
            found = PERMISSION.first_object(codename=codename)
            content_type = found.content_type  # selected with it: no second query
        assert len(queries) == 1
        assert (found.pk, found.name, found.codename) == (expected.pk, expected.name, expected.codename)
        assert (content_type.app_label, content_type.model) == (
            expected.content_type.app_label,
            expected.content_type.model,
        )
        assert found._state.adding is False and found._state.db == "default"
    assert PERMISSION.first_object(codename="no_such_permission") is None


def test_exists_follows_the_data_at_each_call():
    group = Group.objects.create(name="prepared")
    permission = Permission.objects.get(codename="add_group")
    assert GROUP_HAS.exists(group_id=group.pk, permission_id=permission.pk) is False
    group.permissions.add(permission)
    with CaptureQueriesContext(connection) as queries:
        assert GROUP_HAS.exists(group_id=group.pk, permission_id=permission.pk) is True
    assert len(queries) == 1
    other = Permission.objects.get(codename="change_group")
    assert GROUP_HAS.exists(group_id=group.pk, permission_id=other.pk) is False


def test_a_value_comes_back_converted_as_the_orm_gives_it():
    from accounts.tests.factories import UserFactory

    person = UserFactory()
    expected = get_user_model().objects.filter(pk=person.pk).values_list("date_joined", flat=True).first()
    joined = PERSON_JOINED.first_value(national_code=person.national_code)
    assert joined == expected and joined.tzinfo is not None
    assert PERSON_JOINED.first_value(national_code="0000000000") is None


def test_the_converters_found_once_serve_every_later_row():
    """The compiled query keeps its converters: each call's row is converted, not only the first."""
    from accounts.tests.factories import UserFactory

    people = [UserFactory() for _ in range(3)]
    for person in people:
        joined = PERSON_JOINED.first_value(national_code=person.national_code)
        assert joined == person.date_joined and joined.tzinfo is not None


def test_a_parameter_the_orm_changes_is_refused_when_compiled():
    starts = Prepared(lambda code: Permission.objects.filter(codename__startswith=code), Permission, code=str)
    with pytest.raises(ValueError, match="cannot prepare"):
        starts.exists(code="add_")


def test_the_parameters_are_those_declared():
    with pytest.raises(TypeError):
        PERMISSION.first_object(name="add_group")
    with pytest.raises(TypeError):
        Prepared(lambda when: Permission.objects.all(), Permission, when=float)


def test_a_query_that_reads_the_clock_is_refused_when_compiled():
    """`timezone.localdate()` read by the query's builder would be the same day for the life of
    the process: refused, loudly."""
    from django.utils import timezone

    joined_today = Prepared(
        lambda national_code: get_user_model().objects.filter(
            national_code=national_code, date_joined__date=timezone.localdate()
        ),
        get_user_model(),
        national_code=str,
    )
    with pytest.raises(ValueError, match="cannot prepare"):
        joined_today.exists(national_code="0012345678")
