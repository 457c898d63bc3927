"""Small builders for catalogue tests."""

import itertools

from catalogue.models import Service
from orgs.models import OrgUnit
from orgs.tests.factories import OrgUnitFactory

_ids = itertools.count(1)


def next_service_id() -> str:
    return f"{20000000000 + next(_ids):011d}"


def make_unit(code: str = "U-TEST", name: str = "واحد آزمون") -> OrgUnit:
    return OrgUnitFactory(code=code, name=name)


def make_service(**fields) -> Service:
    values = {
        "service_id": next_service_id(),
        "title": "خدمت آزمون",
        "description": "شرح خدمت آزمون",
        "area": "conformity_assessment",
        "fee_rials": 1000,
        "duration_working_days": 10,
        "contact": "۰۲۱-۱۱۱۱",
        "legal_basis": "قانون آزمون",
    }
    values.update(fields)
    service = Service(**values)
    service.full_clean()
    service.save()
    return service
