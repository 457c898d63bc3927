"""A filed request's tracking code reaches the person even when the session cannot be saved.

The session is saved after the view, after the request committed. Whether its row was deleted
meanwhile (a sign-out in another tab: Django's 400) or the database went away (a 500), the
answer must still be the view's redirect to the receipt, whose URL carries the code.
"""

import pytest
from django.contrib.sessions.models import Session
from django.db.models.signals import post_save
from django.urls import reverse

from core.tests import session_faults
from desk.models import ServiceRequest
from desk.tests.test_counter import code_from, confirm, start
from desk.tests.test_intake import form_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_out_while_filing(client):
    """When the request row is written, the person's session row disappears (a concurrent sign-out)."""

    def sign_out(sender, instance, created, **kwargs):
        if created:
            Session.objects.filter(session_key=client.session.session_key).delete()

    post_save.connect(sign_out, sender=ServiceRequest, dispatch_uid="test-sign-out")
    yield
    post_save.disconnect(sender=ServiceRequest, dispatch_uid="test-sign-out")


@pytest.fixture
def session_store_down(settings):
    settings.SESSION_ENGINE = "core.tests.session_faults"
    yield session_faults.SessionStore
    session_faults.SessionStore.failing = False


def test_applicant_signed_out_meanwhile_still_gets_the_code(
    client, applicant, service, signed_out_while_filing
):
    client.force_login(applicant)
    response = form_post(client, service)
    request = ServiceRequest.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("desk:receipt", args=[request.tracking_code])
    # Signed out, the receipt asks for the sign-in and then shows the code.
    page = client.get(response.url)
    assert page.status_code == 302 and reverse("accounts:login") in page.url
    client.force_login(applicant)
    assert request.tracking_display in client.get(response.url).content.decode()


def test_applicant_gets_the_code_when_the_session_store_is_down(
    client, applicant, service, session_store_down
):
    client.force_login(applicant)
    session_store_down.failing = True
    response = form_post(client, service)
    request = ServiceRequest.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("desk:receipt", args=[request.tracking_code])
    session_store_down.failing = False
    assert request.tracking_display in client.get(response.url).content.decode()


def test_counter_operator_gets_the_code_when_the_session_store_is_down(
    committing_client, operator, office, service, outbox, session_store_down
):
    client = committing_client
    client.force_login(operator)
    start(client, service, f"office:{office.pk}")
    session_store_down.failing = True
    response = confirm(client, service, code_from(outbox))
    request = ServiceRequest.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("desk:receipt", args=[request.tracking_code])
    session_store_down.failing = False
    assert request.tracking_display in client.get(response.url).content.decode()
