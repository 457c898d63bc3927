"""Fixtures of the benchmarks that pytest runs (`bench_desk.py`, `bench_capacity.py`)."""

import pytest


@pytest.fixture
def bench_unit(db, settings, tmp_path):
    """The benchmarks' province office (IR-98) in its province; uploads are kept under `tmp_path`."""
    from orgs.models import OrgUnit, Province

    settings.MEDIA_ROOT = tmp_path
    province = Province.objects.create(code="IR-98", name="استان سنجش", phone_area_code="098")
    return OrgUnit.objects.create(code="IR-98", name="اداره سنجش", kind="province", province=province)
