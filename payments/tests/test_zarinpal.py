"""The Zarinpal v4 adapter against mocked HTTP answers (`responses`): the requests it sends, the
answers it reads, a timeout as an unknown outcome, and its merchant id never in a log or error."""

import json
import logging

import pytest
import requests
import responses
from django.core.exceptions import ImproperlyConfigured

from payments.backends import GatewayError, GatewayTimeout, get_gateway

BASE = "https://zp.test"
SECRET = "a1b2c3d4-secret-merchant-0000"


@pytest.fixture
def gateway(settings):
    settings.PAYMENT_BACKEND = "zarinpal"
    settings.ZARINPAL_MERCHANT_ID = SECRET
    settings.ZARINPAL_BASE_URL = BASE
    settings.ZARINPAL_ACCESS_TOKEN = "tok"
    return get_gateway()


def sent(call) -> dict:
    return json.loads(call.request.body)


@responses.activate
def test_start_sends_rials_and_returns_startpay(gateway):
    responses.post(
        f"{BASE}/pg/v4/payment/request.json", json={"data": {"code": 100, "authority": "A0001"}, "errors": []}
    )
    started = gateway.start(
        amount_rials=1_200_000, callback_url="https://miz/cb/1/", description="هزینه", mobile="09135550001"
    )
    assert started.authority == "A0001"
    assert started.redirect_url == f"{BASE}/pg/StartPay/A0001"
    body = sent(responses.calls[0])
    assert body == {
        "merchant_id": SECRET,
        "amount": 1_200_000,
        "currency": "IRR",
        "callback_url": "https://miz/cb/1/",
        "description": "هزینه",
        "metadata": {"mobile": "09135550001"},
    }


@responses.activate
def test_refused_start_is_an_error(gateway):
    responses.post(
        f"{BASE}/pg/v4/payment/request.json", json={"data": [], "errors": {"code": -9, "message": "x"}}
    )
    with pytest.raises(GatewayError) as caught:
        gateway.start(amount_rials=1000, callback_url="https://miz/cb/1/", description="d")
    assert SECRET not in str(caught.value)


def test_callback_parsing(gateway):
    assert gateway.parse_callback({"Authority": "A1", "Status": "OK"}).ok
    assert not gateway.parse_callback({"Authority": "A1", "Status": "NOK"}).ok
    assert gateway.parse_callback({}).authority == ""


@responses.activate
@pytest.mark.parametrize("code", [100, 101])
def test_verify_ok_and_already_verified(gateway, code):
    responses.post(
        f"{BASE}/pg/v4/payment/verify.json",
        json={"data": {"code": code, "ref_id": 201, "card_pan": "502229******5995"}, "errors": []},
    )
    verified = gateway.verify(authority="A1", amount_rials=5000)
    assert verified.ok and verified.reference == "201" and verified.card_mask == "502229******5995"
    assert sent(responses.calls[0]) == {"merchant_id": SECRET, "authority": "A1", "amount": 5000}


@responses.activate
def test_verify_refused(gateway):
    responses.post(f"{BASE}/pg/v4/payment/verify.json", json={"data": [], "errors": {"code": -51}})
    verified = gateway.verify(authority="A1", amount_rials=5000)
    assert not verified.ok and "-51" in verified.message


@responses.activate
def test_verify_timeout_is_unknown_and_secret_stays_out_of_logs(gateway, caplog):
    responses.post(f"{BASE}/pg/v4/payment/verify.json", body=requests.Timeout("slow"))
    caplog.set_level(logging.DEBUG)
    with pytest.raises(GatewayTimeout) as caught:
        gateway.verify(authority="A1", amount_rials=5000)
    assert SECRET not in caplog.text and SECRET not in str(caught.value) and SECRET not in repr(gateway)


@responses.activate
def test_not_json_is_an_error(gateway):
    responses.post(f"{BASE}/pg/v4/payment/verify.json", body="<html>502</html>", status=502)
    with pytest.raises(GatewayError):
        gateway.verify(authority="A1", amount_rials=5000)


@responses.activate
@pytest.mark.parametrize(
    ("status", "paid"), [("VERIFIED", True), ("PAID", True), ("IN_BANK", None), ("FAILED", False)]
)
def test_inquiry(gateway, status, paid):
    responses.post(
        f"{BASE}/pg/v4/payment/inquiry.json", json={"data": {"code": 100, "status": status}, "errors": []}
    )
    assert gateway.inquiry(authority="A1").paid is paid


@responses.activate
def test_reverse_sends_the_access_token(gateway):
    responses.post(f"{BASE}/pg/v4/payment/reverse.json", json={"data": {"code": 100}, "errors": []})
    assert gateway.reverse(authority="A1") is True
    assert responses.calls[0].request.headers["Authorization"] == "Bearer tok"


def test_missing_merchant_id_is_a_configuration_error(settings):
    settings.ZARINPAL_MERCHANT_ID = ""
    with pytest.raises(ImproperlyConfigured):
        get_gateway("zarinpal")


@responses.activate
@pytest.mark.django_db
def test_full_payment_through_zarinpal(gateway, file_request, paid_service, applicant):
    """The services with Zarinpal: start, an «OK» callback, verify settles the request."""
    from desk.models import State
    from payments import services
    from payments.models import Payment

    responses.post(
        f"{BASE}/pg/v4/payment/request.json", json={"data": {"code": 100, "authority": "A77"}, "errors": []}
    )
    responses.post(
        f"{BASE}/pg/v4/payment/verify.json", json={"data": {"code": 100, "ref_id": 9001}, "errors": []}
    )
    request = file_request(paid_service)
    payment, url = services.start_payment(
        request=request, payer=applicant, callback_url=lambda p: f"https://miz/{p.pk}"
    )
    assert url.endswith("/pg/StartPay/A77") and payment.gateway == "zarinpal"
    outcome = services.handle_callback(
        payment_id=payment.pk, data={"Authority": "A77", "Status": "OK"}, user=applicant
    )
    assert outcome.settled
    assert Payment.objects.get(pk=payment.pk).reference == "9001"
    request.refresh_from_db()
    assert request.state == State.SUBMITTED
    assert sent(responses.calls[1])["amount"] == 1_200_000
