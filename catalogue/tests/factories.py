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


def make_service(*, clean: bool = True, **fields) -> Service:
    """A service (catalogue owns the model, so every app's tests build it here): the fields given
    over plain defaults; validated as the admin would unless `clean=False` (tests that build an
    unusual service on purpose)."""
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
    if clean:
        service.full_clean()
    service.save()
    return service


def service_admin_post(**fields) -> dict:
    """The admin's add/change form of a service as a browser posts it: the given fields, the
    usual switches on, and the four inline formsets empty."""
    data = {
        "is_active": "on",
        "for_natural_persons": "on",
        "channel_online": "on",
        "electronic_response": "on",
    }
    for prefix in ("fields", "documents", "steps", "agreements"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    data.update(fields)
    return data
