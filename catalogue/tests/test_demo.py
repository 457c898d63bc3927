"""The demo catalogue: idempotent, real services, seed 002 as written, invented figures marked as
samples."""

import importlib
import io

import pytest
from django.urls import reverse

from catalogue import demo, seed002
from catalogue.models import Service, ServiceLevelAgreement
from core.jalali import parse_date
from orgs.services import seed_reference_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    seed_reference_data()
    demo.seed(stdout=io.StringIO(), debug=False)


def test_demo_catalogue_is_idempotent_and_has_at_least_fifteen_real_services(seeded):
    counts = (Service.objects.count(), ServiceLevelAgreement.objects.count())
    demo.seed(stdout=io.StringIO(), debug=False)
    assert (Service.objects.count(), ServiceLevelAgreement.objects.count()) == counts
    assert Service.objects.exclude(service_id=seed002.SERVICE_ID).count() >= 15
    for title in [
        "صدور پروانه کاربرد علامت استاندارد اجباری",
        "تمدید پروانه کاربرد علامت استاندارد اجباری",
        "صدور گواهینامه آسانسور",
        "آزمون انگ فلزات گرانبها",
        "تأیید صلاحیت آزمایشگاه همکار بر اساس استاندارد ISO/IEC 17025",
    ]:
        assert Service.objects.filter(title=title).exists(), title


def test_invented_figures_are_marked_as_samples(seeded):
    for service in Service.objects.exclude(service_id=seed002.SERVICE_ID):
        assert service.service_id_is_sample and service.duration_is_sample
        assert service.fee_is_sample or service.is_free
        assert all(step.target_is_sample for step in service.steps.all())
        assert all(a.is_sample for a in service.agreements.all())
        assert service.fields.exists() and service.documents.exists() and service.steps.exists()


def test_seed_002_service_is_as_written(seeded):
    service = Service.objects.get(service_id="10031940000")
    assert service.is_free and not service.has_sample_figures
    assert list(service.responsible_units.values_list("code", flat=True)) == ["IR-15"]
    agreement = service.agreements.get()
    assert agreement.provider_unit.code == "IR-15"
    assert agreement.valid_until == parse_date("1403/12/29")
    assert agreement.title == "توافقنامه سطح خدمت ترویج و فرهنگ سازی استاندارد"
    assert agreement.fees_and_payments.startswith("بابت این خدمت هزینه دریافت نمی شود")
    assert not agreement.is_sample


def test_seed_002_agreement_page_shows_its_seed_text(client, seeded):
    agreement = ServiceLevelAgreement.objects.get(service__service_id="10031940000")
    html = client.get(reverse("catalogue:agreement", args=[agreement.pk])).content.decode()
    for text in [
        "اداره کل استاندارد استان لرستان",
        "توافقنامه سطح خدمت ترویج و فرهنگ سازی استاندارد",
        "۱۰۰۳۱۹۴۰۰۰۰",
        "ماده ۲۴ سند سیاستهای کلی اقتصاد مقاومتی",  # introduction (the seed prints it reversed, «۴۲»)
        "دوم دی ماه سال ۱۳۹۷",  # the law's date (the seed prints it reversed, «۷۹۳۱»)
        "هدف برنامه ترویج فرهنگ عمومی کیفیت و استاندارد",  # goals
        "مسئولیت اجرای این خدمت بر عهده روابط عمومی و اداره آموزش و ترویج است",  # responsibility
        "دفتر مشق برای کودکان حاوی شعارهای استاندارد",  # obligations
        "بابت این خدمت هزینه دریافت نمی شود",  # fees
        "اجرای این خدمت منوط به تخصیص بودجه",  # performance period
        "کلیه موارد ذکر شده به تایید دفتر روابط عمومی آموزش و ترویج رسیده است.",  # termination
        "۱۴۰۳/۱۲/۲۹",
    ]:
        assert text in html, text
    assert "۷۹۳۱" not in html and "ماده ۴۲" not in html


def test_rows_stored_with_the_seeds_reversed_numbers_are_mended(seeded):
    """Migration 0004 puts right what an earlier demo stored verbatim; edited text is left alone."""
    from django.apps import apps

    mend = importlib.import_module("catalogue.migrations.0004_seed002_reversed_numbers").mend
    service = Service.objects.get(service_id=seed002.SERVICE_ID)
    agreement = service.agreements.get()
    as_printed = seed002.INTRODUCTION
    for printed, shown in seed002.REVERSED_IN_SEED:
        as_printed = as_printed.replace(shown, printed)
    Service.objects.filter(pk=service.pk).update(legal_basis=as_printed)
    ServiceLevelAgreement.objects.filter(pk=agreement.pk).update(introduction=as_printed)
    edited = Service.objects.exclude(pk=service.pk).first()
    Service.objects.filter(pk=edited.pk).update(legal_basis="قانون سال ۷۹۳۱")
    mend(apps, None)
    service.refresh_from_db()
    agreement.refresh_from_db()
    edited.refresh_from_db()
    assert service.legal_basis == agreement.introduction == seed002.INTRODUCTION
    assert "۱۳۹۷" in service.legal_basis and "۷۹۳۱" not in service.legal_basis
    assert edited.legal_basis == "قانون سال ۷۹۳۱"


def test_seed_002_service_page_flags_its_expired_agreement(client, seeded):
    html = client.get(reverse("catalogue:detail", args=["10031940000"])).content.decode()
    assert 'id="sla-expired"' in html and "۱۴۰۳/۱۲/۲۹" in html
    assert "رایگان" in html
