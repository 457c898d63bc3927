"""Desk test fixtures: a unit with its staff, a service with fields, documents and steps, people."""

import io
import itertools
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Membership, Role
from catalogue.models import RequiredDocument, Service, ServiceField, WorkflowStep
from catalogue.tests import factories as catalogue_factories
from core.tests.upload_corpus import make_jpeg, make_pdf, make_png
from orgs.models import ExternalParty, OrgUnit
from orgs.tests.factories import CounterOfficeFactory, OrgUnitFactory, ProvinceFactory

# Real files: uploads are decoded and parsed, not only recognised by their first bytes.
PDF_BYTES = make_pdf()
JPEG_BYTES = make_jpeg()
PNG_BYTES = make_png()

_ids = itertools.count(1)


def pdf_file(name="doc.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"


@pytest.fixture
def province(db):
    return ProvinceFactory()


@pytest.fixture
def unit(db, province):
    return OrgUnitFactory(code="IR-99", name="اداره کل آزمون", kind=OrgUnit.Kind.PROVINCE, province=province)


@pytest.fixture
def other_unit(db):
    return OrgUnitFactory(code="HQ-OTHER", name="دفتر دیگر")


@pytest.fixture
def office(db, province):
    return CounterOfficeFactory(province=province)


def make_service(units, *, steps=2, documents=True, **fields) -> Service:
    values = {
        "service_id": f"{30000000000 + next(_ids):011d}",
        "title": "پروانه آزمون",
        "description": "شرح",
        "area": "conformity_assessment",
        "fee_rials": 1000,
        "duration_working_days": 5,
        "channel_online": True,
        "channel_counter": True,
        "channel_in_person": True,
    }
    values.update(fields)
    service = catalogue_factories.make_service(clean=False, **values)
    service.responsible_units.set(units)
    ServiceField.objects.create(service=service, name="product_name", label="نام کالا", kind="text", order=1)
    ServiceField.objects.create(
        service=service, name="applicant_mobile", label="همراه", kind="mobile", required=False, order=2
    )
    if documents:
        RequiredDocument.objects.create(service=service, title="گزارش آزمون", accepted_formats="pdf", order=1)
        RequiredDocument.objects.create(
            service=service, title="نمونه برچسب", accepted_formats="jpeg,png", required=False, order=2
        )
    for n in range(1, steps + 1):
        WorkflowStep.objects.create(
            service=service,
            order=n,
            title=f"گام {n}",
            responsible_role=Role.STAFF_EXPERT,
            target_working_days=2,
        )
    return service


@pytest.fixture
def service(unit):
    return make_service([unit])


@pytest.fixture
def lab(db):
    return ExternalParty.objects.create(name="آزمون‌گستر", kind=ExternalParty.Kind.LABORATORY)


@pytest.fixture
def routed(unit, other_unit, lab):
    """Four steps: the first unit checks, the second evaluates, a laboratory tests, the first
    unit's head decides."""
    service = make_service([unit], steps=0)
    rows = [
        ("بررسی مدارک", {"responsible_unit": unit, "responsible_role": Role.STAFF_EXPERT}),
        ("ارزیابی فنی", {"responsible_unit": other_unit, "responsible_role": Role.STAFF_EXPERT}),
        ("آزمون نمونه", {"run_by": WorkflowStep.RunBy.EXTERNAL, "external_party": lab}),
        ("تصمیم نهایی", {"responsible_unit": unit, "responsible_role": Role.UNIT_HEAD}),
    ]
    for order, (title, extra) in enumerate(rows, start=1):
        step = WorkflowStep(service=service, order=order, title=title, target_working_days=2, **extra)
        step.full_clean()
        step.save()
    return service


@pytest.fixture
def in_review(routed, submit, expert, head, unit):
    """A request of the routed service at its first step, assigned to the first unit's expert."""
    from desk import services

    request = submit(svc=routed)
    services.transition(request=request, name="accept", user=expert)
    services.transition(request=request, name="start_review", user=expert)
    services.assign_expert(requests=[request], expert=expert, by=head)
    request.refresh_from_db()
    assert (request.step_number, request.unit_id, request.assignee_id) == (1, unit.pk, expert.pk)
    return request


@pytest.fixture
def applicant(make_user):
    return make_user(role=Role.APPLICANT, first_name="سارا", email="sara@example.com", mobile="+989135550001")


@pytest.fixture
def other_applicant(make_user):
    return make_user(role=Role.APPLICANT, first_name="نیما")


@pytest.fixture
def expert(make_user, unit):
    return make_user(role=Role.STAFF_EXPERT, scope={"org_unit": unit}, first_name="حسین")


@pytest.fixture
def head(make_user, unit):
    return make_user(role=Role.UNIT_HEAD, scope={"org_unit": unit}, first_name="زهرا")


@pytest.fixture
def other_expert(make_user, other_unit):
    return make_user(role=Role.STAFF_EXPERT, scope={"org_unit": other_unit}, first_name="کارشناس دیگر")


@pytest.fixture
def operator(make_user, office):
    return make_user(role=Role.COUNTER_OPERATOR, scope={"counter_office": office}, first_name="اپراتور")


@pytest.fixture
def submit(service, applicant):
    """Submit a request (service call) with its required document; returns the request."""
    from desk import services

    def do(*, who=None, key=None, svc=None, **extra):
        svc = svc or service
        who = who or applicant
        files = {d.pk: pdf_file() for d in svc.documents.filter(required=True)}
        request, _created = services.submit_request(
            service=svc,
            applicant=who,
            form_data={"product_name": "شیر"},
            files=files,
            idempotency_key=key or f"key-{next(_ids)}",
            actor=extra.pop("actor", who),
            **extra,
        )
        return request

    return do


def add_membership(user, role, **scope):
    return Membership.objects.create(user=user, role=role, **scope)


@pytest.fixture(autouse=True)
def _desk_rules_only():
    """The desk's own tests file for counter offices under the desk's rules alone: the counters app
    adds its licence and delegation checks through `register_counter_office_check`, and its own
    tests (counters/tests/test_desk_gate.py) prove them through the desk."""
    from desk.services import counter_office_checks

    with counter_office_checks.isolated():
        yield
