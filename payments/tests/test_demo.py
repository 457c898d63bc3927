"""`seed_demo`'s payments: at least two paid services (a fixed fee, a fee per unit); idempotent."""

import io

import pytest

from payments import demo
from payments.models import FeeRule

pytestmark = pytest.mark.django_db


def seed() -> str:
    from catalogue import demo as catalogue_demo
    from orgs import demo as orgs_demo

    out = io.StringIO()
    orgs_demo.seed(stdout=out, debug=False)
    catalogue_demo.seed(stdout=out, debug=False)
    demo.seed(stdout=out, debug=False)
    return out.getvalue()


def test_demo_has_two_paid_services():
    assert "payments: 2 fee rules created" in seed()
    rules = {r.service.service_id: r for r in FeeRule.objects.select_related("service")}
    assert rules["10031900023"].kind == FeeRule.Kind.FIXED and rules["10031900023"].deposit_id
    nozzles = rules["10031900025"]
    assert nozzles.unit_field in set(nozzles.service.fields.values_list("name", flat=True))
    out = io.StringIO()
    demo.seed(stdout=out, debug=False)
    assert "payments: 0 fee rules created" in out.getvalue()
