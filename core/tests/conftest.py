"""Fixtures of core's tests: the seeded demo the page and form tests of every role walk."""

import io

import pytest
from django.core.management import call_command

from accounts.demo import DEMO_PEOPLE
from accounts.models import User
from core.testing import PASSWORD
from core.validators import national_code_with_check_digit


@pytest.fixture
def demo(monkeypatch, tmp_path):
    """The demo, with every demo person's password known to the test."""
    from accounts import demo as accounts_demo

    monkeypatch.setattr(accounts_demo, "CREDENTIALS_FILE", tmp_path / "demo_credentials.json")
    # The complaint subjects come from a data migration, which a transactional test before this
    # one emptied: without them no complaint can be filed.
    from complaints.models import ComplaintSubject
    from complaints.tests.conftest import SEEDED_SUBJECTS

    for order, (title, description) in enumerate(SEEDED_SUBJECTS, start=1):
        ComplaintSubject.objects.get_or_create(
            title=title, defaults={"description": description, "order": order}
        )
    call_command("seed_demo", stdout=io.StringIO())
    people = {}
    for role, _first, _last, nine, _mobile in DEMO_PEOPLE:
        user = User.objects.get(national_code=national_code_with_check_digit(nine))
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
        people[role] = user
    return people
