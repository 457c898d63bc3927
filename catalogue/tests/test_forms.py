"""The application form built from a service's fields: their order, Persian input normalised, bad
values refused in Persian."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from catalogue.forms import build_application_form, document_field_name
from catalogue.models import RequiredDocument
from catalogue.tests.factories import RequiredDocumentFactory, ServiceFieldFactory, make_service
from core import formfields
from core.forms import MizForm
from core.validators import national_code_with_check_digit

pytestmark = pytest.mark.django_db

KINDS = [
    ("title", "text", ""),
    ("details", "long_text", ""),
    ("count", "number", ""),
    ("start", "jalali_date", ""),
    ("grade", "choice", "الف\nب"),
    ("imported", "yes_no", ""),
    ("ceo", "national_code", ""),
    ("company", "legal_id", ""),
    ("mobile", "mobile", ""),
]


@pytest.fixture
def service():
    service = make_service()
    for order, (name, kind, choices) in enumerate(KINDS):
        ServiceFieldFactory(
            service=service, name=name, label=f"برچسب {name}", kind=kind, choices=choices, order=order
        )
    ServiceFieldFactory(service=service, name="note", label="یادداشت", kind="text", required=False, order=99)
    return service


def test_one_form_field_per_service_field_in_order_with_core_fields(service):
    form_class = build_application_form(service)
    assert issubclass(form_class, MizForm)
    form = form_class()
    assert list(form.fields) == [name for name, _, _ in KINDS] + ["note"]
    assert isinstance(form.fields["ceo"], formfields.NationalCodeField)
    assert isinstance(form.fields["company"], formfields.LegalIdField)
    assert isinstance(form.fields["mobile"], formfields.MobileField)
    assert isinstance(form.fields["start"], formfields.JalaliDateField)
    assert form.fields["note"].required is False
    assert form.fields["title"].label == "برچسب title"
    assert form_class.catalogue_service == service


def test_the_built_form_normalises_persian_input(service):
    code = national_code_with_check_digit("007312456")
    data = {
        "title": "كالاي نمونه",
        "details": "شرح",
        "count": "۱۲٫۵",
        "start": "۱۴۰۳/۱۲/۲۹",
        "grade": "ب",
        "imported": "no",
        "ceo": code.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")),
        "company": "۱۰۱۰۰۰۰۰۰۰۶",
        "mobile": "۰۹۱۲ ۱۲۳ ۴۵۶۷",
    }
    form = build_application_form(service)(data)
    assert form.is_valid(), form.errors
    cleaned = form.cleaned_data
    assert cleaned["title"] == "کالای نمونه"
    assert cleaned["count"] == Decimal("12.5")
    assert cleaned["start"] == dt.date(2025, 3, 19)
    assert cleaned["imported"] is False
    assert cleaned["ceo"] == code
    assert cleaned["company"] == "10100000006"
    assert cleaned["mobile"] == "+989121234567"


def test_the_built_form_refuses_bad_values_in_persian(service):
    form = build_application_form(service)({"ceo": "1234567890", "grade": "ج", "imported": ""})
    assert not form.is_valid()
    assert "کد ملی" in form.errors["ceo"][0]
    assert "title" in form.errors and "imported" in form.errors and "grade" in form.errors


def test_document_fields_check_format_and_size():
    service = make_service()
    doc = RequiredDocumentFactory(
        service=service, title="کارت ملی", accepted_formats="pdf,jpeg", max_size_bytes=10
    )
    form_class = build_application_form(service, include_documents=True)
    name = document_field_name(doc)
    ok = form_class({}, {name: SimpleUploadedFile("card.JPG", b"12345", content_type="image/jpeg")})
    assert ok.is_valid(), ok.errors
    wrong = form_class({}, {name: SimpleUploadedFile("card.exe", b"12345")})
    assert not wrong.is_valid() and "قالب" in wrong.errors[name][0]
    big = form_class({}, {name: SimpleUploadedFile("card.pdf", b"x" * 11)})
    assert not big.is_valid() and "حجم" in big.errors[name][0]
    missing = form_class({}, {})
    assert not missing.is_valid() and name in missing.errors


@pytest.mark.django_db
def test_a_number_asked_of_the_applicant_is_never_negative():
    from catalogue.forms import build_application_form
    from catalogue.tests.factories import make_service

    service = make_service()
    ServiceFieldFactory(service=service, name="pieces", label="تعداد قطعات", kind="number", order=1)
    form_class = build_application_form(service)
    assert not form_class({"pieces": "-3"}).is_valid()
    assert form_class({"pieces": "۰"}).is_valid() and form_class({"pieces": "12"}).is_valid()


@pytest.mark.django_db
def test_deadlines_sizes_and_fees_have_their_domain_minimum():
    from django.core.exceptions import ValidationError

    from catalogue.models import ServiceLevelAgreement, WorkflowStep
    from catalogue.tests.factories import make_service, make_unit

    service = make_service()
    cases = [
        WorkflowStep(
            service=service, order=1, title="گام", responsible_role="staff_expert", target_working_days=0
        ),
        RequiredDocument(service=service, title="مدرک", accepted_formats="pdf", max_size_bytes=0),
        ServiceLevelAgreement(service=service, provider_unit=make_unit(), response_working_days=0),
    ]
    for obj in cases:
        with pytest.raises(ValidationError):
            obj.full_clean()
    service.fee_rials, service.duration_working_days = -1, 0
    with pytest.raises(ValidationError) as info:
        service.full_clean()
    assert {"fee_rials", "duration_working_days"} <= set(info.value.message_dict)
