"""Factories for desk tests: real upload files, a service ready for requests (form fields, documents
and steps, built with catalogue's factories), a request submitted through the service, appointments."""

import io
import itertools
import zipfile

import factory
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Role
from accounts.tests.factories import MembershipFactory
from catalogue.models import Service
from catalogue.tests.factories import (
    RequiredDocumentFactory,
    ServiceFactory,
    ServiceFieldFactory,
    WorkflowStepFactory,
)
from core.tests.upload_corpus import make_jpeg, make_pdf, make_png
from desk.models import Appointment, ServiceRequest

# Real files: uploads are decoded and parsed, not only recognised by their first bytes.
PDF_BYTES = make_pdf()
JPEG_BYTES = make_jpeg()
PNG_BYTES = make_png()

_keys = itertools.count(1)


def pdf_file(name="doc.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def make_service(units, *, steps=2, documents=True, **fields) -> Service:
    """A service of `units` open on every channel, with the form's two fields (product name,
    optional mobile), two documents (a required PDF report, an optional label image) unless
    `documents=False`, and `steps` expert steps."""
    values = {
        "service_id": f"{30000000000 + next(_keys):011d}",
        "title": "پروانه آزمون",
        "description": "شرح",
        "duration_working_days": 5,
        "channel_online": True,
        "channel_counter": True,
        "channel_in_person": True,
    }
    values.update(fields)
    service = ServiceFactory(clean=False, units=units, **values)
    ServiceFieldFactory(service=service, name="product_name", label="نام کالا", order=1)
    ServiceFieldFactory(
        service=service, name="applicant_mobile", label="همراه", kind="mobile", required=False, order=2
    )
    if documents:
        RequiredDocumentFactory(service=service, title="گزارش آزمون", accepted_formats="pdf", order=1)
        RequiredDocumentFactory(
            service=service, title="نمونه برچسب", accepted_formats="jpeg,png", required=False, order=2
        )
    for n in range(1, steps + 1):
        WorkflowStepFactory(
            service=service, order=n, responsible_role=Role.STAFF_EXPERT, target_working_days=2
        )
    return service


def submit_request(
    service, applicant, *, form_data=None, key=None, with_documents=True, **extra
) -> ServiceRequest:
    """A request of `service` submitted through the desk's service (so every rule runs) with its
    required documents as PDFs; `extra` reaches `submit_request` (actor, channel, counter office…)."""
    from desk import services

    files = {d.pk: pdf_file() for d in service.documents.filter(required=True)} if with_documents else {}
    request, _created = services.submit_request(
        service=service,
        applicant=applicant,
        form_data=form_data or {"product_name": "شیر"},
        files=files,
        idempotency_key=key or f"key-{next(_keys)}",
        actor=extra.pop("actor", applicant),
        **extra,
    )
    return request


def add_membership(user, role, **scope):
    return MembershipFactory(user=user, role=role, **scope)


class AppointmentFactory(factory.django.DjangoModelFactory):
    """A proposed appointment at the request's unit (the caller gives the request, time and booker)."""

    class Meta:
        model = Appointment

    unit = factory.LazyAttribute(lambda appointment: appointment.request.unit)
    reason = "بازدید"
