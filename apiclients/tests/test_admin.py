"""The admin: register a client with scopes and places, issue a token shown once, revoke, and
read the call log (which cannot be added to, changed or deleted)."""

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from apiclients import services
from apiclients.models import ApiCall, ApiClient, ApiToken
from apiclients.tests.factories import bearer, make_client
from orgs.tests.factories import CounterOfficeFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:apiclients_apiclient_changelist")


def test_pages_load_in_persian(admin_client):
    make_client("services:read")
    page = admin_client.get(CHANGELIST).content.decode()
    assert "سامانه‌های متصل" in page and "services:read" in page
    add = admin_client.get(reverse("admin:apiclients_apiclient_add")).content.decode()
    assert "خواندن فهرست خدمات" in add and "سقف درخواست در دقیقه" in add
    assert admin_client.get(reverse("admin:apiclients_apicall_changelist")).status_code == 200


def test_an_administrator_registers_a_client_with_scopes_and_offices(admin_client, admin_user):
    office = CounterOfficeFactory(code="1108-40-72")
    response = admin_client.post(
        reverse("admin:apiclients_apiclient_add"),
        {
            "name": "assoc",
            "title": "انجمن صنفی دفاتر",
            "kind": "association",
            "scopes": ["services:read", "requests:read"],
            "offices": [office.pk],
            "calls_per_minute": "۶۰",
            "is_active": "on",
            "tokens-TOTAL_FORMS": "0",
            "tokens-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    client = ApiClient.objects.get(name="assoc")
    assert client.scopes == ["services:read", "requests:read"] and list(client.offices.all()) == [office]
    assert client.calls_per_minute == 60 and not client.tokens.exists()
    # Who granted what is kept in the configuration trail (audit.registry).
    entry = LogEntry.objects.get_for_object(client).get(action=LogEntry.Action.CREATE)
    assert entry.actor == admin_user and "services:read" in str(entry.changes)


def test_a_client_without_scopes_is_refused_in_persian(admin_client):
    response = admin_client.post(
        reverse("admin:apiclients_apiclient_add"),
        {"name": "x", "kind": "association", "calls_per_minute": "60", "tokens-TOTAL_FORMS": "0",
         "tokens-INITIAL_FORMS": "0"},
    )  # fmt: skip
    assert response.status_code == 200 and "این فیلد لازم است" in response.content.decode()
    assert not ApiClient.objects.exists()


def test_issuing_a_token_shows_it_once_and_it_works(admin_client, client):
    api_client, old = make_client("services:read")
    response = admin_client.post(CHANGELIST, {"action": "issue_token", "_selected_action": [api_client.pk]})
    assert response.status_code == 200
    page = response.content.decode()
    row = ApiToken.objects.get(client=api_client, revoked_at__isnull=True)
    token = page.split('id="token">', 1)[1].split("<", 1)[0]
    assert token.startswith(f"miz_{row.key_id}_") and "فقط همین یک بار" in page
    assert client.get("/api/catalogue/services", **bearer(token)).status_code == 200
    assert client.get("/api/catalogue/services", **bearer(old)).status_code == 401
    # Nowhere to be read again: the client's page shows the key id only.
    change = admin_client.get(
        reverse("admin:apiclients_apiclient_change", args=[api_client.pk])
    ).content.decode()
    assert row.key_id in change and token not in change


def test_revoking_from_the_list(admin_client):
    api_client, token = make_client("services:read")
    admin_client.post(CHANGELIST, {"action": "revoke_tokens", "_selected_action": [api_client.pk]})
    row = services.find_token(token)
    assert "باطل" in row.refusal()
    revoked = LogEntry.objects.get_for_object(row).filter(action=LogEntry.Action.UPDATE).get()
    assert "revoked_at" in revoked.changes and "digest" not in str(revoked.changes)


def test_the_call_log_is_read_only_in_the_admin(admin_client, client):
    client.get("/api/catalogue/services")
    call = ApiCall.objects.get()
    assert admin_client.get(reverse("admin:apiclients_apicall_add")).status_code == 403
    page = admin_client.get(reverse("admin:apiclients_apicall_change", args=[call.pk])).content.decode()
    assert "/api/catalogue/services" in page and 'name="_save"' not in page
    assert admin_client.post(reverse("admin:apiclients_apicall_delete", args=[call.pk])).status_code == 403
    assert ApiCall.objects.filter(pk=call.pk).exists()
