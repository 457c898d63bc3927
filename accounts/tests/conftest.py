"""Helpers for the accounts tests: a client whose requests commit, SMS codes, org scopes."""

import pytest

from accounts.tests.helpers import code_in


@pytest.fixture
def client(committing_client):
    """Every accounts request commits, so the one-time-code SMS reaches the outbox."""
    return committing_client


@pytest.fixture
def issue(outbox, django_capture_on_commit_callbacks):
    """Issue a one-time code through the service and return (row, code as the SMS gave it)."""
    from accounts import services

    def run(*, mobile, purpose, intro=""):
        before = len(outbox)
        with django_capture_on_commit_callbacks(execute=True):
            otp = services.issue_code(mobile=mobile, purpose=purpose, intro=intro)
        assert len(outbox) == before + 1
        return otp, code_in(outbox[-1])

    return run


@pytest.fixture
def scopes(db):
    """One region, a province in it, its directorate and a counter office there."""
    from orgs.models import OrgUnit
    from orgs.tests.factories import CounterOfficeFactory, OrgUnitFactory, ProvinceFactory, RegionFactory

    region = RegionFactory(code="test-region", name="منطقه آزمون")
    province = ProvinceFactory(region=region)
    unit = OrgUnitFactory(code="IR-99", name="اداره کل آزمون", kind=OrgUnit.Kind.PROVINCE, province=province)
    other_unit = OrgUnitFactory(code="HQ-TEST", name="دفتر آزمون ستاد")
    office = CounterOfficeFactory(province=province)
    return {
        "region": region,
        "province": province,
        "org_unit": unit,
        "other_unit": other_unit,
        "office": office,
    }
