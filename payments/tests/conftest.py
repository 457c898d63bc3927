"""Payments fixtures: a unit, a paid service (fixed fee) and a per-unit one, their applicant, staff,
and helpers that drive the sandbox gateway as a payer's browser would."""

import itertools
from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse

from accounts.models import Role
from catalogue.models import Channel
from catalogue.tests.factories import ServiceFieldFactory
from desk.models import State
from desk.tests.factories import make_service, submit_request
from orgs.models import OrgUnit
from orgs.tests.factories import CounterOfficeFactory, OrgUnitFactory, ProvinceFactory
from payments import services
from payments.backends import sandbox
from payments.models import FeeRule
from payments.tests.factories import FeeRuleFactory

_keys = itertools.count(1)


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    settings.PAYMENT_BACKEND = "sandbox"


@pytest.fixture
def unit(db):
    return OrgUnitFactory(
        code="IR-98", name="اداره کل پرداخت", kind=OrgUnit.Kind.PROVINCE, province=ProvinceFactory()
    )


@pytest.fixture
def paid_service(unit):
    service = make_service([unit], documents=False, fee_rials=1_200_000, title="آزمون پولی")
    FeeRuleFactory(service=service, kind=FeeRule.Kind.FIXED, amount_rials=1_200_000, deposit_id="3360512345")
    return service


@pytest.fixture
def per_unit_service(unit):
    service = make_service([unit], documents=False, title="آزمون به ازای نمونه")
    ServiceFieldFactory(service=service, name="samples", label="تعداد نمونه", kind="integer", order=3)
    FeeRuleFactory(
        service=service,
        kind=FeeRule.Kind.PER_UNIT,
        amount_rials=300_000,
        unit_field="samples",
        unit_label="نمونه",
    )
    return service


@pytest.fixture
def free_service(unit):
    return make_service([unit], documents=False, is_free=True, fee_rials=None, title="خدمت رایگان")


@pytest.fixture
def file_request(applicant):
    def do(service, *, who=None, form_data=None):
        return submit_request(service, who or applicant, form_data=form_data, key=f"pay-{next(_keys)}")

    return do


def callback_url(payment) -> str:
    return reverse("payments:callback", args=[payment.pk])


@pytest.fixture
def start(applicant):
    """Start a payment of the request by its applicant; returns the payment."""

    def do(request, *, payer=None):
        payment, _url = services.start_payment(
            request=request, payer=payer or applicant, callback_url=callback_url
        )
        return payment

    return do


def press(payment, scenario="pay") -> dict:
    """The payer presses a sandbox button; returns the callback's query the gateway sends back."""
    tx = sandbox.pay(payment.authority, scenario=scenario)
    status = "NOK" if scenario == "cancel" else "OK"
    return {"Authority": tx.authority, "Status": status, "Amount": str(tx.amount_rials)}


def come_back(client, payer, payment, query: dict) -> str:
    """The payer's browser comes back from the gateway with its `query`: the callback page's text."""
    client.force_login(payer)
    return client.get(callback_url(payment), query).content.decode()


def query_of(url: str) -> dict:
    return {k: v[0] for k, v in parse_qs(urlparse(url).query).items()}


# --- a counter office that files requests and takes their fees (issue 16, item 3) ---


@pytest.fixture
def office(unit):
    return CounterOfficeFactory(province=unit.province)


@pytest.fixture
def other_operator(make_user, unit):
    office = CounterOfficeFactory(code="9901-01-02", name="دفتر دیگر", province=unit.province)
    return make_user(role=Role.COUNTER_OPERATOR, scope={"counter_office": office}, first_name="دیگری")


def file_at(office, operator, service, applicant, key="counter-pay-1"):
    """A request of `service` the office's operator files for the applicant."""
    return submit_request(
        service,
        applicant,
        key=key,
        with_documents=False,
        actor=operator,
        actor_role=Role.COUNTER_OPERATOR,
        channel=Channel.COUNTER,
        counter_office=office,
    )


@pytest.fixture
def filed(paid_service, applicant, office, operator):
    """A paid service's request filed at the counter office, awaiting its 1,200,000 rials."""
    request = file_at(office, operator, paid_service, applicant)
    assert request.state == State.AWAITING_PAYMENT
    return request
