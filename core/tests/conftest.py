"""Fixtures of core's tests: the seeded demo the page and form tests of every role walk."""

import io

import pytest
from django.core.management import call_command

from accounts.demo import DEMO_PEOPLE
from accounts.models import User
from core.testing import PASSWORD
from core.validators import national_code_with_check_digit

# The seeded demo of this test process (decision 0135), taken the first time a transactional test
# seeds it: (engine, database) → snapshot.
_SEEDED: dict = {}


@pytest.fixture
def demo(monkeypatch, tmp_path):
    """The demo, with every demo person's password known to the test.

    The first transactional test of a process to ask for it seeds it and keeps a snapshot of the
    database (and of the files the seed stored); every later one gets that snapshot back, which
    takes 0.15 s on SQLite and 0.33 s on PostgreSQL here instead of seeding again. A test inside
    a transaction that will be rolled back (`db`) gets the snapshot if there is one, and seeds
    otherwise without keeping it: its seed's on-commit work never runs, so it is not the demo a
    committed seed leaves."""
    from django.db import connection

    from core.tests import snapshot

    key = (connection.vendor, connection.settings_dict["NAME"])
    if key in _SEEDED:
        snapshot.restore(_SEEDED[key])
    else:
        keep = not connection.in_atomic_block
        before = snapshot.media_names() if keep else set()
        _seed(monkeypatch, tmp_path)
        if keep:
            _SEEDED[key] = snapshot.take(files=snapshot.media_files(snapshot.media_names() - before))
    return {
        role: User.objects.get(national_code=national_code_with_check_digit(nine))
        for role, _first, _last, nine, _mobile in DEMO_PEOPLE
    }


def _seed(monkeypatch, tmp_path) -> None:
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
    for _role, _first, _last, nine, _mobile in DEMO_PEOPLE:
        user = User.objects.get(national_code=national_code_with_check_digit(nine))
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
