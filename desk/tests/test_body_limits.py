"""Desk views that take files accept what their own file limits allow, and no more (core.bodylimit)."""

import pytest
from django.urls import reverse

from core.bodylimit import FILE_MARGIN
from core.testing import post_endless
from desk.tests.factories import make_service, pdf_file

pytestmark = pytest.mark.django_db


def test_upload_views_accept_their_own_file_limits_and_no_more(client, make_user, unit, settings):
    settings.MIZ_REQUEST_MAX_BYTES = 64 * 1024
    service = make_service([unit])
    documents = list(service.documents.all())
    document = documents[0]
    allowed = FILE_MARGIN * sum(d.max_size_bytes for d in documents) + settings.MIZ_REQUEST_MAX_BYTES
    applicant = make_user()
    client.force_login(applicant)
    apply = reverse("desk:apply", args=[service.service_id])
    big = pdf_file("big.pdf", content=b"%PDF-1.4\n" + b"0" * (200 * 1024))  # over the bare allowance
    data = {"idempotency_key": "k-big", "product_name": "شیر", f"document_{document.pk}": big}
    response = client.post(apply, data)
    assert response.status_code != 413  # within what this service's documents allow
    big.seek(0)
    assert client.post(reverse("desk:track"), {"code": "1", "file": big}).status_code == 413
    response, body = post_endless(client, apply, content_length=allowed + 1)
    assert response.status_code == 413 and body.read_bytes == 0


def test_counter_confirm_allows_the_chosen_services_files(client, operator, office, unit, settings):
    from desk.tests.test_counter import start

    settings.MIZ_REQUEST_MAX_BYTES = 64 * 1024
    service = make_service([unit], channel_counter=True)
    files = sum(service.documents.values_list("max_size_bytes", flat=True))
    allowed = FILE_MARGIN * files + settings.MIZ_REQUEST_MAX_BYTES
    client.force_login(operator)
    start(client, service, f"office:{office.pk}")
    confirm = reverse("desk:counter_confirm")
    response, body = post_endless(client, confirm, content_length=allowed)
    assert response.status_code != 413 and body.read_bytes > 0  # within the limit: read as usual
    response, body = post_endless(client, confirm, content_length=allowed + 1)
    assert response.status_code == 413 and body.read_bytes == 0
