"""Complaint fixtures: HQ with its inspection and complaints unit, a province directorate with an
office under it, the complaint service (with its own SLA) and the people who use it."""

import importlib
import itertools

import pytest
from django.contrib.auth.models import Permission

from accounts.models import Role
from catalogue.tests.factories import RequiredDocumentFactory, ServiceLevelAgreementFactory
from complaints.models import ComplaintSubject
from desk.tests.factories import make_service
from orgs.models import OrgUnit
from orgs.tests.factories import OrgUnitFactory, ProvinceFactory

SEEDED_SUBJECTS = importlib.import_module("complaints.migrations.0002_seed_subjects").SUBJECTS
COMPLAINT_SLA_DAYS = 7


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"


@pytest.fixture
def hq(db):
    return OrgUnitFactory(code="HQ", name="ستاد", kind=OrgUnit.Kind.HQ)


@pytest.fixture
def inspection(hq):
    return OrgUnitFactory(
        code="HQ-INSPECTION", name="حوزه بازرسی و پاسخگویی به شکایات", kind=OrgUnit.Kind.HQ_OFFICE, parent=hq
    )


@pytest.fixture
def directorate(hq):
    return OrgUnitFactory(
        code="IR-99", name="اداره کل آزمون", kind=OrgUnit.Kind.PROVINCE, province=ProvinceFactory(), parent=hq
    )


@pytest.fixture
def county_office(directorate):
    return OrgUnitFactory(code="IR-99-01", name="اداره شهرستان آزمون", parent=directorate)


@pytest.fixture
def other_directorate(hq, complaint_service):
    unit = OrgUnitFactory(
        code="IR-98",
        name="اداره کل دیگر",
        kind=OrgUnit.Kind.PROVINCE,
        province=ProvinceFactory(code="IR-98", name="استان دیگر", phone_area_code="098"),
        parent=hq,
    )
    complaint_service.responsible_units.add(unit)
    return unit


@pytest.fixture
def other_office(other_directorate):
    return OrgUnitFactory(code="IR-98-01", name="اداره شهرستان دیگر", parent=other_directorate)


@pytest.fixture
def complaint_service(inspection, directorate):
    service = make_service(
        [inspection, directorate],
        steps=1,
        documents=False,
        area="complaints",
        title="رسیدگی به شکایات",
        fee_rials=None,
        is_free=True,
    )
    RequiredDocumentFactory(
        service=service, title="مستندات شکایت", accepted_formats="pdf,jpeg,png", required=False, order=1
    )
    ServiceLevelAgreementFactory(
        service=service, provider_unit=inspection, resolution_working_days=COMPLAINT_SLA_DAYS
    )
    return service


@pytest.fixture
def seeded_subjects(db):
    """The subjects of the data migration, seeded again: a transactional (browser) test empties
    the tables after itself, and the next test of the same worker must still find them."""
    for order, (title, description) in enumerate(SEEDED_SUBJECTS, start=1):
        ComplaintSubject.objects.get_or_create(
            title=title, defaults={"description": description, "order": order}
        )
    return list(ComplaintSubject.objects.filter(is_active=True))


@pytest.fixture
def subject(seeded_subjects):
    return ComplaintSubject.objects.get(title="رفتار و پاسخگویی کارکنان")


@pytest.fixture
def inspector(make_user, inspection):
    return make_user(role=Role.STAFF_EXPERT, scope={"org_unit": inspection}, first_name="حسین")


@pytest.fixture
def inspection_head(make_user, inspection):
    return make_user(role=Role.UNIT_HEAD, scope={"org_unit": inspection}, first_name="زهرا")


def with_permission(user, codename: str):
    user.user_permissions.add(Permission.objects.get(content_type__app_label="complaints", codename=codename))
    return type(user).objects.get(pk=user.pk)  # a fresh object: permissions are cached per object


@pytest.fixture
def line_operator(make_user, inspection):
    user = make_user(role=Role.STAFF_EXPERT, scope={"org_unit": inspection}, first_name="اپراتور")
    return with_permission(user, "file_by_phone")


@pytest.fixture
def importer(make_user, inspection):
    user = make_user(role=Role.STAFF_EXPERT, scope={"org_unit": inspection}, first_name="کارشناس")
    return with_permission(user, "import_complaints")


@pytest.fixture
def file_complaint(applicant):
    """File a complaint as the applicant (a service call); returns its desk request."""
    from complaints import services

    keys = itertools.count(1)

    def file(subject, against=None, **extra):
        request, _created = services.file_complaint(
            applicant=applicant,
            actor=applicant,
            subject=subject,
            complained_unit=against,
            text="شکایت",
            idempotency_key=f"complaint-{next(keys)}",
            **extra,
        )
        return request

    return file
