"""The desk registers what it provides with the catalogue's compliance matrix (D13)."""

import pytest
from django.urls import reverse

from catalogue import compliance

pytestmark = pytest.mark.django_db


def test_desk_capabilities_replace_unknown(service):
    results = compliance.evaluate(service)
    for code in ("tracking_code", "step_tracking", "interaction", "electronic_response", "feedback"):
        assert results[code] is True, code
    assert results["reports"] is None
    service.is_active = False
    assert compliance.evaluate(service)["feedback"] is False


def test_matrix_page_shows_feedback_met(admin_client, service):
    response = admin_client.get(reverse("catalogue:compliance"))
    assert response.status_code == 200
    row = next(r for r in response.context["rows"] if r["service"].pk == service.pk)
    cells = {c.code: v for c, v in row["cells"]}
    assert cells["feedback"] is True
