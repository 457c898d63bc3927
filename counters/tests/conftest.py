"""Counters fixtures: reference data, an office with its licence and holder, experts, a declaration
at each stage (the builders are in counters.tests.factories)."""

import pytest

from counters import services
from counters.tests.factories import licensed_office, region_expert
from orgs.services import seed_reference_data


@pytest.fixture
def reference(db):
    """Regions, provinces and the default scoring configuration. The configuration comes from a
    data migration, but a transactional test (the browser's) flushes it: seed it again here."""
    from counters.defaults import seed_configuration

    seed_reference_data()
    seed_configuration()


@pytest.fixture
def make_office(reference):
    """An office of a province (default Alborz, region "north") with a valid licence and holder."""
    return licensed_office


@pytest.fixture
def office(make_office):
    return make_office()


@pytest.fixture
def holder(office):
    return office.licence.holder


@pytest.fixture
def make_expert(db):
    return region_expert


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
