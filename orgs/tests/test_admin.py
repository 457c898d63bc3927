"""The organisation tree in the admin: pages load, Persian input is normalised, mapping is editable."""

import pytest
from django.urls import reverse

from orgs.models import OrgUnit, Province, Region
from orgs.services import seed_reference_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    seed_reference_data()


@pytest.mark.parametrize("model", ["region", "province", "orgunit", "counteroffice"])
def test_changelists_and_add_pages_load(admin_client, seeded, model):
    assert admin_client.get(reverse(f"admin:orgs_{model}_changelist")).status_code == 200
    assert admin_client.get(reverse(f"admin:orgs_{model}_add")).status_code == 200


def test_region_page_lists_its_provinces(admin_client, seeded):
    west = Region.objects.get(code="west")
    html = admin_client.get(reverse("admin:orgs_region_change", args=[west.pk])).content.decode()
    assert "لرستان" in html and "همدان" in html


def test_province_region_is_editable_from_the_list(admin_client, seeded):
    provinces = list(Province.objects.order_by("name"))
    central = Region.objects.get(code="central")
    form = {
        "form-TOTAL_FORMS": str(len(provinces)),
        "form-INITIAL_FORMS": str(len(provinces)),
        "_save": "ذخیره",
    }
    for i, province in enumerate(provinces):
        form[f"form-{i}-id"] = str(province.pk)
        form[f"form-{i}-region"] = str(central.pk if province.code == "IR-15" else province.region_id)
    response = admin_client.post(reverse("admin:orgs_province_changelist"), form)
    assert response.status_code == 302
    assert Province.objects.get(code="IR-15").region == central


def test_org_unit_added_in_the_admin_is_normalised_and_cycle_checked(admin_client, seeded):
    hq = OrgUnit.objects.get(code="HQ")
    url = reverse("admin:orgs_orgunit_add")
    response = admin_client.post(
        url,
        {"code": "HQ-TEST", "name": "دفتر آزمايشي كيفيت", "kind": "hq_office", "parent": hq.pk, "order": 0},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    unit = OrgUnit.objects.get(code="HQ-TEST")
    assert unit.name == "دفتر آزمایشی کیفیت"

    change = reverse("admin:orgs_orgunit_change", args=[hq.pk])
    response = admin_client.post(
        change,
        {"code": "HQ", "name": hq.name, "kind": "hq", "parent": unit.pk, "order": 1, "is_active": "on"},
    )
    assert response.status_code == 200
    assert "واحد نمی‌تواند زیرمجموعه خودش باشد." in response.content.decode()
    hq.refresh_from_db()
    assert hq.parent.code == "INSO"
