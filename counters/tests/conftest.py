"""Builders for counters tests: reference data, an office with its licence and holder, experts."""

import datetime as dt
import itertools

import pytest
from django.utils import timezone

from accounts.models import Membership, Role
from counters import services
from orgs.models import Province
from orgs.services import seed_reference_data
from orgs.tests.factories import CounterOfficeFactory

_codes = itertools.count(1)


@pytest.fixture
def reference(db):
    """Regions, provinces and the default scoring configuration. The configuration comes from a
    data migration, but a transactional test (the browser's) flushes it: seed it again here."""
    from counters.defaults import seed_configuration

    seed_reference_data()
    seed_configuration()


@pytest.fixture
def make_office(reference, make_user):
    """An office of a province (default Alborz, region "north") with a valid licence and holder."""

    def make(*, province="IR-30", holder=None, expires_on=None, **licence):
        n = next(_codes)
        office = CounterOfficeFactory(
            code=f"1108-{40 + n % 50:02d}-{n % 100:02d}",
            name=f"دفتر پیشخوان آزمون {n}",
            province=Province.objects.get(code=province),
            city="کرج",
        )
        holder = holder or make_user(first_name="مریم", last_name="کریمی")
        services.register_licence(
            office=office,
            holder=holder,
            number=f"PL-{n:05d}",
            expires_on=expires_on or timezone.localdate() + dt.timedelta(days=365),
            **licence,
        )
        return office

    return make


@pytest.fixture
def office(make_office):
    return make_office()


@pytest.fixture
def holder(office):
    return office.licence.holder


@pytest.fixture
def make_expert(make_user):
    def make(region, *, head=False, **extra):
        user = make_user(**extra)
        Membership.objects.create(user=user, role=Role.REGION_EXPERT, region=region, is_head=head)
        return user

    return make


@pytest.fixture
def expert(office, make_expert):
    return make_expert(office.province.region, first_name="رضا", last_name="موسوی")


from counters.demo import JPEG, PDF, TEHRAN, fill, upload  # noqa: E402, F401

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


@pytest.fixture(autouse=True)
def _uploads_in_tmp(settings, tmp_path):
    """Scans uploaded by tests land in a throw-away folder, not in var/uploads."""
    settings.MEDIA_ROOT = tmp_path / "uploads"


@pytest.fixture
def declaration(office, holder):
    return services.start_declaration(office=office, actor=holder)


@pytest.fixture
def filled(declaration):
    return fill(declaration)


@pytest.fixture
def submitted(filled, holder):
    return services.confirm(declaration=filled, actor=holder, agree=True)
