"""Factories for the catalogue (it owns the models, so every app's tests build them here): services,
their form fields, required documents, workflow steps and SLAs; and the admin form of a service."""

import factory

from catalogue.models import RequiredDocument, Service, ServiceField, ServiceLevelAgreement, WorkflowStep
from orgs.models import OrgUnit
from orgs.tests.factories import OrgUnitFactory


class ServiceFactory(factory.django.DjangoModelFactory):
    """A service over plain defaults, validated as the admin would (`clean=False` skips that, for
    tests that build an unusual service on purpose); `units=[…]` sets its responsible units."""

    class Meta:
        model = Service
        skip_postgeneration_save = True

    service_id = factory.Sequence(lambda n: f"{20000000000 + n + 1:011d}")
    title = "خدمت آزمون"
    description = "شرح خدمت آزمون"
    area = "conformity_assessment"
    fee_rials = 1000
    duration_working_days = 10
    contact = "۰۲۱-۱۱۱۱"
    legal_basis = "قانون آزمون"

    @classmethod
    def _create(cls, model_class, *args, clean=True, **kwargs):
        service = model_class(*args, **kwargs)
        if clean:
            service.full_clean()
        service.save()
        return service

    @factory.post_generation
    def units(self, create, extracted, **kwargs):
        if create and extracted:
            self.responsible_units.set(extracted)


class ServiceFieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceField

    service = factory.SubFactory(ServiceFactory)
    name = factory.Sequence(lambda n: f"field_{n}")
    label = factory.Sequence(lambda n: f"فیلد {n}")


class RequiredDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RequiredDocument

    service = factory.SubFactory(ServiceFactory)
    title = factory.Sequence(lambda n: f"مدرک {n}")


class WorkflowStepFactory(factory.django.DjangoModelFactory):
    """A step of a service (the caller gives its order); `clean=True` validates it first."""

    class Meta:
        model = WorkflowStep

    service = factory.SubFactory(ServiceFactory)
    title = factory.LazyAttribute(lambda step: f"گام {step.order}")

    @classmethod
    def _create(cls, model_class, *args, clean=False, **kwargs):
        step = model_class(*args, **kwargs)
        if clean:
            step.full_clean()
        step.save()
        return step


class ServiceLevelAgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceLevelAgreement

    service = factory.SubFactory(ServiceFactory)


def make_unit(code: str = "U-TEST", name: str = "واحد آزمون") -> OrgUnit:
    return OrgUnitFactory(code=code, name=name)


def make_service(*, clean: bool = True, **fields) -> Service:
    """A service: the fields given over `ServiceFactory`'s defaults (the name older tests call)."""
    return ServiceFactory(clean=clean, **fields)


def service_admin_post(**fields) -> dict:
    """The admin's add/change form of a service as a browser posts it: the given fields, the
    usual switches on, and the four inline formsets empty."""
    data = {
        "is_active": "on",
        "for_natural_persons": "on",
        "channel_online": "on",
        "electronic_response": "on",
    }
    for prefix in ("fields", "documents", "steps", "agreements"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    data.update(fields)
    return data
