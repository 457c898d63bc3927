"""`seed_demo`'s performance part: the 1400 report, its data-quality findings, the desk binding."""

import io

import pytest

from desk.tests.factories import make_service
from performance import demo
from performance.models import Activity, DataValue, ValidationResult
from performance.tests import factories as f

pytestmark = pytest.mark.django_db


def test_demo_loads_the_report_checks_it_and_binds_the_desk_service():
    make_service([f.province()], service_id="10031900011")
    out = io.StringIO()
    demo.seed(stdout=out, debug=True)
    demo.seed(stdout=out, debug=True)
    assert DataValue.objects.count() > 6000
    assert ValidationResult.objects.count() > 300
    assert Activity.objects.get(code="P018").desk_service_code == "10031900011"
    assert "0 new" in out.getvalue().splitlines()[-1]
