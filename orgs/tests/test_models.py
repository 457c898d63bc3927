"""Province names, office codes, the tree's integrity rules."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from core.text import to_persian_digits
from orgs import data
from orgs.models import CounterOffice, OrgUnit, Province, Region, clean_office_code, validate_office_code
from orgs.services import canonical_province_name

# --- province names -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("تهران", "تهران"),
        ("چهارمحال بختیاری", "چهارمحال و بختیاری"),
        ("چهارمحال و بختیاری", "چهارمحال و بختیاری"),
        ("کهگیلویه و بویراحمند", "کهگیلویه و بویراحمد"),
        ("کهکیلویه و بویراحمد", "کهگیلویه و بویراحمد"),
        ("سیستان وبلوچستان", "سیستان و بلوچستان"),
        ("آذربایجان‌شرقی", "آذربایجان شرقی"),
        ("آذربايجان غربي", "آذربایجان غربی"),  # Arabic yeh
        ("كرمانشاه", "کرمانشاه"),  # Arabic kaf
        ("  خراسان   رضوی ", "خراسان رضوی"),
        ("خراسان‌رضوی", "خراسان رضوی"),
        ("\u200fیزد\u200e", "یزد"),
    ],
)
def test_canonical_province_name_maps_variants(typed, canonical):
    assert canonical_province_name(typed) == canonical


@pytest.mark.parametrize("typed", ["", None, "پاریس", "خراسان", "آذربایجان"])
def test_unknown_province_names_give_none(typed):
    assert canonical_province_name(typed) is None


def test_every_alias_points_at_a_province_and_every_name_is_canonical():
    names = {name for _, name, _, _ in data.PROVINCES}
    assert len(names) == 31
    assert set(data.PROVINCE_ALIASES.values()) <= names
    for name in names:
        assert canonical_province_name(name) == name


# --- office codes -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed", ["۱۱۰۸-۴۰-۷۲", "11084072", "1108-40-72", "١١٠٨٤٠٧٢", " 1108 40 72 ", "۱۱۰۸/۴۰/۷۲"]
)
def test_office_codes_are_normalised(typed):
    assert clean_office_code(typed) == "1108-40-72"


@pytest.mark.parametrize(
    "typed", ["", "1108407", "110840722", "1108-40-7", "11O84072", "۱۱۰۸-۴۰", "abcdefgh"]
)
def test_bad_office_codes_are_refused_in_persian(typed):
    with pytest.raises(ValidationError) as exc_info:
        clean_office_code(typed)
    assert exc_info.value.messages == ["کد دفتر باید ۸ رقم به شکل \u200e۱۱۰۸-۴۰-۷۲\u200e باشد."]


def test_superscript_digits_are_not_office_code_digits():
    assert "²".isdigit()
    with pytest.raises(ValidationError):
        clean_office_code("1108407²")


@given(st.text("0123456789", min_size=8, max_size=8))
def test_any_eight_digits_in_any_script_make_an_office_code(digits):
    code = clean_office_code(to_persian_digits(digits))
    assert code == f"{digits[:4]}-{digits[4:6]}-{digits[6:]}"
    validate_office_code(code)
    assert clean_office_code(code) == code


@given(st.text("0123456789", max_size=12).filter(lambda s: len(s) != 8))
def test_other_lengths_are_refused(digits):
    with pytest.raises(ValidationError):
        clean_office_code(digits)


@pytest.mark.django_db
def test_counter_office_model_validates_its_code():
    region = Region.objects.create(code="r", name="منطقه")
    province = Province.objects.create(code="IR-15", name="لرستان", phone_area_code="066", region=region)
    office = CounterOffice(code="11084072", name="دفتر", kind=CounterOffice.Kind.RURAL_ICT, province=province)
    with pytest.raises(ValidationError) as exc_info:
        office.full_clean()
    assert "code" in exc_info.value.message_dict
    office.code = clean_office_code("۱۵۲۰-۰۱-۰۱")
    office.full_clean()
    office.save()
    assert office.region == region
    assert str(office) == "دفتر (\u200e۱۵۲۰-۰۱-۰۱\u200e)"


# --- the tree -----------------------------------------------------------------------------


@pytest.fixture
def tree(db):
    root = OrgUnit.objects.create(code="ROOT", name="سازمان", kind=OrgUnit.Kind.ORGANISATION)
    hq = OrgUnit.objects.create(code="HQ", name="ستاد", kind=OrgUnit.Kind.HQ, parent=root)
    office = OrgUnit.objects.create(code="HQ-1", name="دفتر", kind=OrgUnit.Kind.HQ_OFFICE, parent=hq)
    research = OrgUnit.objects.create(code="R", name="پژوهشگاه", kind=OrgUnit.Kind.RESEARCH, parent=root)
    return {"root": root, "hq": hq, "office": office, "research": research}


def test_clean_refuses_a_unit_under_itself(tree):
    hq = tree["hq"]
    hq.parent = hq
    with pytest.raises(ValidationError) as exc_info:
        hq.clean()
    assert exc_info.value.message_dict["parent"] == ["واحد نمی‌تواند زیرمجموعه خودش باشد."]


def test_clean_refuses_a_cycle_through_descendants(tree):
    root = tree["root"]
    root.parent = tree["office"]  # office → hq → root → office …
    with pytest.raises(ValidationError) as exc_info:
        root.full_clean()
    assert "parent" in exc_info.value.message_dict


def test_clean_accepts_a_legal_move(tree):
    office = tree["office"]
    office.parent = tree["research"]
    office.full_clean()
    office.save()
    assert tree["research"].descendant_ids() == {tree["research"].pk, office.pk}
    assert tree["hq"].descendant_ids() == {tree["hq"].pk}


def test_province_directorate_needs_a_province(tree):
    unit = OrgUnit(code="IR-99", name="اداره کل", kind=OrgUnit.Kind.PROVINCE, parent=tree["root"])
    with pytest.raises(ValidationError) as exc_info:
        unit.full_clean()
    assert exc_info.value.message_dict["province"] == ["اداره کل استان باید به یک استان وصل باشد."]


def test_province_directorate_without_province_is_refused_by_the_database(tree):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        OrgUnit.objects.create(code="IR-98", name="اداره کل", kind=OrgUnit.Kind.PROVINCE)


def test_descendant_ids_and_ancestors(tree):
    root, hq, office, research = tree["root"], tree["hq"], tree["office"], tree["research"]
    assert root.descendant_ids() == {root.pk, hq.pk, office.pk, research.pk}
    assert hq.descendant_ids() == {hq.pk, office.pk}
    assert office.descendant_ids() == {office.pk}
    assert office.ancestors() == [hq, root]
    assert root.ancestors() == []
    assert str(hq) == "ستاد"


def test_descendant_ids_take_one_query(tree, django_assert_num_queries):
    with django_assert_num_queries(1):
        tree["root"].descendant_ids()


@pytest.mark.django_db
def test_region_phone_is_normalised_by_full_clean():
    region = Region(code="test", name="منطقه آزمون", phone="۰۲۱-۸۹۶۶۲۸۵۳")
    region.full_clean()
    assert region.phone == "+982189662853"
    region.phone = "09123"
    with pytest.raises(ValidationError) as exc_info:
        region.full_clean()
    assert "phone" in exc_info.value.message_dict


@pytest.mark.django_db
@pytest.mark.parametrize("depth", [1, 3, 4, 5, 9])
def test_a_unit_works_in_the_province_of_the_nearest_directorate_above_it(depth, django_assert_num_queries):
    from orgs.tests.factories import OrgUnitFactory, ProvinceFactory

    province = ProvinceFactory()
    root = OrgUnitFactory(code="HQ-ROOT", kind=OrgUnit.Kind.HQ)
    directorate = OrgUnitFactory(code="IR-99", kind=OrgUnit.Kind.PROVINCE, province=province, parent=root)
    node = directorate
    for level in range(depth):
        node = OrgUnitFactory(code=f"IR-99-{level}", parent=node)
    node = OrgUnit.objects.get(pk=node.pk)
    # Four units above it a query: a unit nine levels down is placed with three reads.
    with django_assert_num_queries((depth - 1) // 4 + 1):
        assert node.province_id_above() == province.pk
    assert directorate.province_id_above() == province.pk
    assert root.province_id_above() is None
    hq_office = OrgUnitFactory(code="HQ-OFFICE", parent=OrgUnitFactory(code="HQ-DEPT", parent=root))
    assert OrgUnit.objects.get(pk=hq_office.pk).province_id_above() is None
