"""Factories for payments tests: a service's fee rule and the sandbox gateway's transactions."""

import factory

from catalogue.tests.factories import ServiceFactory
from payments.models import FeeRule, SandboxTransaction


class FeeRuleFactory(factory.django.DjangoModelFactory):
    """A fixed fee unless told otherwise (the caller gives the amount)."""

    class Meta:
        model = FeeRule

    service = factory.SubFactory(ServiceFactory)
    kind = FeeRule.Kind.FIXED


class SandboxTransactionFactory(factory.django.DjangoModelFactory):
    """A transaction the sandbox gateway holds (a payment the gateway saw, paid unless told)."""

    class Meta:
        model = SandboxTransaction

    authority = factory.Sequence(lambda n: f"S{n:09d}")
    callback_url = "/"
    state = SandboxTransaction.State.PAID
