"""Service records: ids and fees checked, digits of any script stored ASCII, refusals in Persian
with nothing saved."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from catalogue import services
from catalogue.models import RequiredDocument, Service, ServiceField, ServiceLevelAgreement, clean_service_id
from catalogue.tests.factories import make_service, make_unit
from core.text import to_persian_digits

pytestmark = pytest.mark.django_db


def _create(**overrides):
    fields = {"title": "خدمت نو", "area": "metrology", "fee_rials": 0, **overrides}
    return services.create_service(**fields)


@pytest.mark.parametrize("bad", ["1003194000", "100319400001", "1003194000a", ""])
def test_service_id_of_wrong_length_is_refused_in_persian_and_nothing_saved(bad):
    with pytest.raises(ValidationError) as exc:
        _create(service_id=bad)
    message = " ".join(exc.value.message_dict["service_id"])
    assert "شناسه خدمت" in message
    assert Service.objects.count() == 0


def test_ten_digit_id_message_counts_the_digits_in_persian():
    with pytest.raises(ValidationError) as exc:
        clean_service_id("1003194000")
    assert "۱۰ رقم وارد شده" in exc.value.messages[0]


def test_persian_and_arabic_digits_are_stored_ascii():
    service = _create(service_id=to_persian_digits("10031940000"))
    assert service.service_id == "10031940000"
    other = _create(service_id="١٠٠٣١٩٤٠٠٠١")
    assert Service.objects.get(pk=other.pk).service_id == "10031940001"


def test_duplicate_id_is_refused_even_typed_in_another_script():
    _create(service_id="10031940000")
    with pytest.raises(ValidationError) as exc:
        _create(service_id="۱۰۰۳۱۹۴۰۰۰۰", title="دیگری")
    assert exc.value.message_dict["service_id"] == ["خدمتی با این شناسه پیش‌تر ثبت شده است."]
    assert Service.objects.count() == 1


def test_negative_fee_is_refused_and_nothing_saved():
    with pytest.raises(ValidationError) as exc:
        _create(service_id="10031940000", fee_rials=-1)
    assert "هزینه خدمت نمی‌تواند منفی باشد." in exc.value.message_dict["fee_rials"]
    assert Service.objects.count() == 0


def test_free_service_cannot_carry_a_fee():
    with pytest.raises(ValidationError) as exc:
        _create(service_id="10031940000", is_free=True, fee_rials=5000)
    assert "رایگان" in exc.value.message_dict["fee_rials"][0]


def test_service_needs_a_channel_and_an_applicant_type():
    with pytest.raises(ValidationError) as exc:
        _create(
            service_id="10031940000",
            channel_online=False,
            channel_counter=False,
            channel_in_person=False,
            for_natural_persons=False,
            for_legal_persons=False,
        )
    assert set(exc.value.message_dict) == {"channel_online", "for_natural_persons"}


@given(st.text(alphabet="0123456789", min_size=1, max_size=14))
def test_clean_service_id_accepts_exactly_eleven_digits_not_starting_with_zero(text):
    ok = len(text) == 11 and text[0] != "0"
    try:
        assert clean_service_id(to_persian_digits(text)) == text
        assert ok
    except ValidationError:
        assert not ok


def test_search_key_follows_title_description_and_id():
    service = make_service(title="صدور پروانه كاربرد علامت استاندارد", description="توضيح")
    assert "کاربرد" in service.search_key and "ك" not in service.search_key
    assert service.service_id in service.search_key
    service.title = "عنوان تازه"
    service.save(update_fields=["title"])
    service.refresh_from_db()
    assert service.search_key.startswith("عنوانتازه")


def test_choice_field_needs_two_choices():
    service = make_service()
    field = ServiceField(service=service, name="grade", label="درجه", kind="choice", choices="الف")
    with pytest.raises(ValidationError) as exc:
        field.full_clean()
    assert "choices" in exc.value.message_dict


def test_field_name_must_be_a_latin_key():
    field = ServiceField(service=make_service(), name="نام", label="نام", kind="text")
    with pytest.raises(ValidationError) as exc:
        field.full_clean()
    assert "name" in exc.value.message_dict


def test_document_formats_are_normalised_to_a_set():
    doc = RequiredDocument(service=make_service(), title="کارت ملی", accepted_formats="PDF، jpg ,jpeg png")
    doc.full_clean()
    assert doc.accepted_formats == "pdf,jpeg,png"
    assert doc.formats == {"pdf", "jpeg", "png"}
    assert ".jpg" in doc.extensions
    bad = RequiredDocument(service=doc.service, title="x", accepted_formats="exe")
    with pytest.raises(ValidationError) as exc:
        bad.full_clean()
    assert "قالب" in exc.value.message_dict["accepted_formats"][0]


# --- service-level agreements -----------------------------------------------------------


def _sla(service, unit, start, end, **extra):
    return services.create_agreement(
        service=service, provider_unit=unit, valid_from=start, valid_until=end, goals="هدف", **extra
    )


def test_agreement_versions_number_themselves_per_service_and_unit():
    service, unit = make_service(), make_unit()
    first = _sla(service, unit, dt.date(2024, 3, 20), dt.date(2025, 3, 20))
    second = _sla(service, unit, dt.date(2025, 3, 21), None)
    other_unit = _sla(service, make_unit("U-2", "دیگر"), dt.date(2024, 3, 20), None)
    assert (first.version, second.version, other_unit.version) == (1, 2, 1)


def test_valid_until_before_valid_from_is_refused_in_model_clean_and_service():
    service, unit = make_service(), make_unit()
    with pytest.raises(ValidationError) as exc:
        _sla(service, unit, dt.date(2025, 1, 10), dt.date(2025, 1, 9))
    assert exc.value.message_dict["valid_until"] == [
        "تاریخ پایان اعتبار نمی‌تواند پیش از تاریخ آغاز اعتبار باشد."
    ]
    agreement = ServiceLevelAgreement(
        service=service, provider_unit=unit, valid_from=dt.date(2025, 1, 10), valid_until=dt.date(2025, 1, 1)
    )
    with pytest.raises(ValidationError):
        agreement.clean()
    assert ServiceLevelAgreement.objects.count() == 0


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (dt.date(2025, 3, 1), dt.date(2025, 4, 1)),  # overlaps the end
        (dt.date(2024, 1, 1), dt.date(2024, 3, 20)),  # touches the first day
        (None, dt.date(2024, 6, 1)),  # open start
        (dt.date(2024, 5, 1), None),  # open end
        (dt.date(2024, 5, 1), dt.date(2024, 6, 1)),  # inside
    ],
)
def test_overlapping_version_is_refused_and_nothing_saved(start, end):
    service, unit = make_service(), make_unit()
    _sla(service, unit, dt.date(2024, 3, 20), dt.date(2025, 3, 20))
    with pytest.raises(ValidationError) as exc:
        _sla(service, unit, start, end)
    assert "هم‌پوشانی" in exc.value.messages[0]
    assert ServiceLevelAgreement.objects.count() == 1


def test_adjacent_versions_and_other_units_do_not_overlap():
    service, unit = make_service(), make_unit()
    _sla(service, unit, dt.date(2024, 3, 20), dt.date(2025, 3, 20))
    _sla(service, unit, dt.date(2025, 3, 21), dt.date(2026, 3, 20))
    _sla(service, make_unit("U-3", "سوم"), dt.date(2024, 3, 20), dt.date(2026, 3, 20))
    assert ServiceLevelAgreement.objects.count() == 3


def test_updating_an_agreement_into_an_overlap_is_refused():
    service, unit = make_service(), make_unit()
    _sla(service, unit, dt.date(2024, 3, 20), dt.date(2025, 3, 20))
    later = _sla(service, unit, dt.date(2025, 3, 21), dt.date(2026, 3, 20))
    with pytest.raises(ValidationError):
        services.update_agreement(later, valid_from=dt.date(2025, 1, 1))
    later.refresh_from_db()
    assert later.valid_from == dt.date(2025, 3, 21)


def test_in_force_expired_and_expiring():
    service, unit = make_service(), make_unit()
    old = _sla(service, unit, dt.date(2024, 3, 20), dt.date(2025, 3, 20))
    new = _sla(service, unit, dt.date(2025, 3, 21), dt.date(2025, 5, 1))
    on = dt.date(2025, 4, 15)
    assert list(ServiceLevelAgreement.objects.in_force(on=on)) == [new]
    assert list(ServiceLevelAgreement.objects.expired(on=on)) == [old]
    assert list(ServiceLevelAgreement.objects.expiring_within(30, on=on)) == [new]
    assert list(ServiceLevelAgreement.objects.expiring_within(10, on=on)) == []
    assert old.is_expired(on) and not new.is_expired(on) and new.expires_within(30, on)
    assert service.agreement_in_force(on) == new
    assert service.agreement_in_force(dt.date(2026, 1, 1)) is None


def test_target_working_days_prefers_the_sla_resolution_target():
    service, unit = make_service(duration_working_days=12), make_unit()
    assert service.target_working_days() == 12
    _sla(service, unit, None, None, resolution_working_days=7)
    assert Service.objects.get(pk=service.pk).target_working_days() == 7
