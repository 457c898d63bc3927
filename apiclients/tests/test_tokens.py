"""Tokens: stored only as a digest, found by key id and compared whole, expiring, rotated, revoked."""

import datetime as dt

import pytest
from django.utils import timezone
from hypothesis import assume, given
from hypothesis import strategies as st

from apiclients import services
from apiclients.models import ApiCall, ApiClient, ApiToken
from apiclients.tests.factories import make_client
from core.eventlog import AppendOnlyError

pytestmark = pytest.mark.django_db


def test_the_token_is_stored_only_as_its_sha256_digest():
    client, token = make_client("services:read")
    row = ApiToken.objects.get(client=client)
    assert token.startswith(f"miz_{row.key_id}_") and len(token) == len("miz_") + 12 + 1 + 43
    assert row.digest == services.digest(token) and token not in row.digest
    stored = {str(v) for v in ApiToken.objects.values_list(flat=False).get()}
    # The secret is what follows the key id: urlsafe base64, which may itself hold «_».
    secret = token.split("_", 2)[2]
    assert token not in stored and secret not in " ".join(stored)
    assert services.find_token(token) == row


def test_a_token_with_the_right_key_id_and_one_changed_character_is_unknown():
    _client, token = make_client("services:read")
    last = "A" if token[-1] != "A" else "B"
    assert services.find_token(token[:-1] + last) is None
    assert services.find_token(token + "x") is None


def test_no_other_value_is_the_token_even_with_its_key_id():
    _client, token = make_client("services:read")
    key_id = services.split_token(token)

    # Property: whatever follows the real key id (or is sent whole) finds nothing but the token.
    @given(secret=st.text(max_size=60), whole=st.text(max_size=80))
    def check(secret, whole):
        candidate = f"miz_{key_id}_{secret}"
        assume(candidate != token and whole != token)
        assert services.find_token(candidate) is None
        assert services.find_token(whole) is None

    check()
    assert services.find_token(token) is not None


def test_rotating_revokes_the_earlier_tokens_and_the_new_one_works():
    client, first = make_client("services:read")
    row, second = services.issue_token(client=client)
    assert services.find_token(first).refusal() and "باطل" in services.find_token(first).refusal()
    assert services.find_token(second) == row and row.refusal() == ""


def test_expiry_and_revocation_and_an_inactive_client_are_each_named():
    client, token = make_client("services:read")
    row = services.find_token(token)
    assert "منقضی" in row.refusal(now=row.expires_at + dt.timedelta(seconds=1))
    ApiClient.objects.filter(pk=client.pk).update(is_active=False)
    assert "غیرفعال" in services.find_token(token).refusal()
    assert services.revoke_tokens(client=client) == 1
    assert "باطل" in services.find_token(token).refusal()
    assert services.revoke_tokens(client=client) == 0


def test_token_lifetime_follows_the_setting(settings):
    settings.MIZ_API_TOKEN_DAYS = 30
    _client, token = make_client("services:read")
    row = services.find_token(token)
    assert abs(row.expires_at - (timezone.now() + dt.timedelta(days=30))) < dt.timedelta(minutes=1)


def test_unknown_scope_is_refused_in_persian():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        services.create_client(name="x", kind="association", scopes=["requests:write-all"])
    assert "دسترسی ناشناخته" in " ".join(caught.value.messages)
    assert not ApiClient.objects.exists()


def test_the_call_log_is_append_only():
    client, _token = make_client("services:read")
    call = ApiCall.objects.create(client=client, method="GET", path="/api/x", status=200)
    with pytest.raises(AppendOnlyError):
        call.save()
    with pytest.raises(AppendOnlyError):
        ApiCall.objects.all().delete()


def test_an_endpoint_cannot_ask_for_a_scope_that_is_not_declared():
    from apiclients.auth import ClientBearer

    with pytest.raises(ValueError, match="requests:delete"):
        ClientBearer("requests:delete")
    assert ClientBearer("requests:read").scope == "requests:read"
