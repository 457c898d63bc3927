"""The fee rule in the catalogue's information package (issue 16, item 1): the fixed amount or
the amount per unit with its label, and the treasury deposit ID; nothing for a free service."""

import pytest

from payments.models import FeeRule

pytestmark = pytest.mark.django_db


def page(client, service) -> str:
    response = client.get(f"/services/{service.service_id}/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_fixed_fee_and_its_deposit_id(client, paid_service):
    body = page(client, paid_service)
    assert 'id="online-fee"' in body and "۱٬۲۰۰٬۰۰۰ ریال." in body
    assert "شناسه واریز خزانه" in body and "۳۳۶۰۵۱۲۳۴۵" in body


def test_a_fee_per_unit_with_its_label(client, per_unit_service):
    body = page(client, per_unit_service)
    assert "۳۰۰٬۰۰۰ ریال به ازای هر نمونه." in body and 'id="fee-deposit-id"' not in body


def test_no_online_fee_for_a_free_or_inactive_rule(client, free_service, paid_service):
    assert 'id="online-fee"' not in page(client, free_service)
    FeeRule.objects.filter(service=paid_service).update(is_active=False)
    assert 'id="online-fee"' not in page(client, paid_service)
