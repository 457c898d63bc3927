"""The reference data: 31 provinces, 9 regions, the organisation tree; idempotent, keeping edits."""

import re
from io import StringIO

import pytest

from orgs import data, selectors
from orgs.demo import seed as demo_seed
from orgs.models import OrgUnit, Province, Region
from orgs.services import seed_reference_data

pytestmark = pytest.mark.django_db

# Seed 004's "عملکرد و برنامه مدیریت های ستاد" section and table of contents name 17 HQ offices.
HQ_OFFICE_COUNT = 17
# The organisation, HQ, the research institute, the HQ offices and 31 provincial directorates.
ORG_UNIT_COUNT = 3 + HQ_OFFICE_COUNT + 31


def counts() -> dict[str, int]:
    return {
        "regions": Region.objects.count(),
        "provinces": Province.objects.count(),
        "org_units": OrgUnit.objects.count(),
    }


def test_seed_creates_the_reference_data():
    created = seed_reference_data()
    assert created == {"regions": 9, "provinces": 31, "org_units": ORG_UNIT_COUNT}
    assert counts() == created
    assert len(data.HQ_OFFICES) == HQ_OFFICE_COUNT
    assert OrgUnit.objects.filter(kind=OrgUnit.Kind.HQ_OFFICE).count() == HQ_OFFICE_COUNT
    assert OrgUnit.objects.filter(kind=OrgUnit.Kind.PROVINCE).count() == 31
    assert set(Region.objects.values_list("code", flat=True)) == {r[0] for r in data.REGIONS}


def test_the_tree_has_one_root_and_the_right_parents():
    seed_reference_data()
    root = OrgUnit.objects.get(parent__isnull=True)
    assert root.kind == OrgUnit.Kind.ORGANISATION and root.name == "سازمان ملی استاندارد ایران"
    hq = OrgUnit.objects.get(kind=OrgUnit.Kind.HQ)
    research = OrgUnit.objects.get(kind=OrgUnit.Kind.RESEARCH)
    assert hq.parent == root and research.parent == root
    assert set(hq.children.values_list("kind", flat=True)) == {OrgUnit.Kind.HQ_OFFICE}
    assert hq.children.count() == HQ_OFFICE_COUNT
    assert root.children.filter(kind=OrgUnit.Kind.PROVINCE).count() == 31
    assert root.descendant_ids() == set(OrgUnit.objects.values_list("pk", flat=True))
    assert hq.descendant_ids() == {hq.pk, *hq.children.values_list("pk", flat=True)}


def test_provinces_have_codes_area_codes_regions_and_directorates():
    seed_reference_data()
    tehran = Province.objects.get(code="IR-23")
    assert tehran.name == "تهران" and tehran.phone_area_code == "021"
    assert tehran.directorate.name == "اداره کل استاندارد استان تهران"
    assert selectors.province_directorates().count() == 31
    for province in selectors.provinces_with_regions():
        assert re.fullmatch(r"IR-\d\d", province.code)
        assert re.fullmatch(r"0\d\d", province.phone_area_code)
        assert province.region is not None
        assert province.directorate.kind == OrgUnit.Kind.PROVINCE
        assert "ي" not in province.name and "ك" not in province.name
    assert len({p.phone_area_code for p in Province.objects.all()}) == 31
    assert all(r.provinces.exists() for r in Region.objects.all())  # no empty region


def test_region_expert_phones_are_stored_e164():
    seed_reference_data()
    north = Region.objects.get(code="north")
    assert north.phone == "+982189662853"
    assert north.expert_title.startswith("کارشناس دفاتر پیشخوان")
    assert all(re.fullmatch(r"\+98\d{10}", p) for p in Region.objects.values_list("phone", flat=True))


def test_seed_twice_gives_the_same_counts():
    seed_reference_data()
    before = counts()
    assert seed_reference_data() == {"regions": 0, "provinces": 0, "org_units": 0}
    assert counts() == before


def test_second_run_keeps_edits_made_in_the_admin():
    seed_reference_data()
    lorestan = Province.objects.get(code="IR-15")
    central = Region.objects.get(code="central")
    assert lorestan.region.code == "west"
    lorestan.region = central
    lorestan.save()
    north = Region.objects.get(code="north")
    north.phone = "+982188888888"
    north.save()
    hq = OrgUnit.objects.get(code="HQ")
    hq.short_name = "ستاد مرکزی"
    hq.save()

    seed_reference_data()

    lorestan.refresh_from_db()
    north.refresh_from_db()
    hq.refresh_from_db()
    assert lorestan.region == central
    assert north.phone == "+982188888888"
    assert hq.short_name == "ستاد مرکزی"


def test_a_deleted_hq_office_comes_back_on_the_next_run():
    seed_reference_data()
    OrgUnit.objects.filter(code="HQ-ICT").delete()
    assert seed_reference_data()["org_units"] == 1
    assert OrgUnit.objects.get(code="HQ-ICT").parent.code == "HQ"


def test_demo_seed_reports_what_it_created():
    out = StringIO()
    demo_seed(stdout=out, debug=False)
    assert f"orgs: 9 regions, 31 provinces, {ORG_UNIT_COUNT} org units created" in out.getvalue()
    out = StringIO()
    demo_seed(stdout=out, debug=False)
    assert "orgs: 0 regions, 0 provinces, 0 org units created" in out.getvalue()


def test_hq_units_selector():
    seed_reference_data()
    assert selectors.hq_units().count() == 1 + HQ_OFFICE_COUNT
