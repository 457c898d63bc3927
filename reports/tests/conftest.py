"""Report test fixtures: a small organisation (two provinces, an HQ office, a counter office) with
two services, staff in every unit and three applicants."""

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone

from accounts.models import Role
from desk.tests.factories import make_service
from orgs.models import OrgUnit
from orgs.tests.factories import CounterOfficeFactory, OrgUnitFactory, ProvinceFactory
from reports import summary
from reports.models import DAY_TABLES, MARGIN_TABLES, MONTH_TABLES


def pytest_collection_modifyitems(items):
    """In the page tests, those that read the module's generated requests go after the others
    (decision 0135; pytest calls this hook with the whole session's tests)."""
    from core.testing import shared_last

    shared_last(items, "generated", under=Path(__file__).parent / "test_pages.py")


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@pytest.fixture
def world(db):
    return build_world()


def build_world() -> dict:
    """The organisation of these tests (for a module-wide fixture too: no fixture is needed)."""
    from accounts.tests.factories import make_user

    first = ProvinceFactory(code="IR-97", name="استان یکم", phone_area_code="097")
    second = ProvinceFactory(code="IR-98", name="استان دوم", phone_area_code="098")
    units = [
        OrgUnitFactory(code=f"IR-T{n}", name=f"اداره کل {n}", kind=OrgUnit.Kind.PROVINCE, province=p)
        for n, p in enumerate((first, second))
    ]
    units.append(OrgUnitFactory(code="HQ-TEST", name="دفتر ستادی آزمون", kind=OrgUnit.Kind.HQ_OFFICE))
    services = [
        make_service(units, steps=2, title="پروانه آزمون"),
        make_service(units[:2], steps=1, title="گواهی آزمون", documents=True, channel_in_person=False),
    ]
    # The licence's second step is HQ's: entering it hands the request over (decision 0078).
    services[0].steps.filter(order=2).update(responsible_unit=units[2])
    return {
        "units": units,
        "services": services,
        "office": CounterOfficeFactory(province=first),
        "experts": {u.pk: make_user(role=Role.STAFF_EXPERT, scope={"org_unit": u}) for u in units},
        "heads": {u.pk: make_user(role=Role.UNIT_HEAD, scope={"org_unit": u}) for u in units},
        "applicants": [make_user(role=Role.APPLICANT) for _ in range(3)],
    }


def summary_rows() -> tuple[set, ...]:
    """Every non-zero row of the summary's tables, then of its month rollup's, then of the
    month margins' (decision 0114)."""
    found = []
    for day, duration, reason, key in (DAY_TABLES, MONTH_TABLES, MARGIN_TABLES):
        found.append(
            {tuple(row) for row in day.objects.values_list(*key, *summary.COUNTS) if any(row[len(key) :])}
        )
        found.append(
            {tuple(row) for row in duration.objects.values_list(*key, "measure", "days", "tally") if row[-1]}
        )
        found.append({tuple(row) for row in reason.objects.values_list(*key, "reason", "ratings") if row[-1]})
    return tuple(found)


# The SMS gateway refusing every message for good (as for a blacklisted number).
REFUSING_GATEWAY = "notifications.tests.conftest.RejectingSmsBackend"
