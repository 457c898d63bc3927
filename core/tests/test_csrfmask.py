"""The page's CSRF token (`core.csrfmask`) is a token Django's own check accepts, masked afresh on
every page, and a form posted with it passes while a forged one does not."""

import re
from collections import Counter

import pytest
from django.middleware.csrf import (
    CSRF_ALLOWED_CHARS,
    CSRF_SECRET_LENGTH,
    CSRF_TOKEN_LENGTH,
    _unmask_cipher_token,
    get_token,
)
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from core import csrfmask

SECRETS = st.text(alphabet=CSRF_ALLOWED_CHARS, min_size=CSRF_SECRET_LENGTH, max_size=CSRF_SECRET_LENGTH)


@given(SECRETS)
def test_django_unmasks_the_token_to_the_secret(rf_secret):
    request = _request(rf_secret)
    token = csrfmask.masked_token(request)
    assert len(token) == CSRF_TOKEN_LENGTH and set(token) <= set(CSRF_ALLOWED_CHARS)
    assert _unmask_cipher_token(token) == rf_secret
    assert request.META["CSRF_COOKIE_NEEDS_UPDATE"] is True  # the cookie renewed, as get_token does


def test_every_page_has_a_new_mask():
    request = _request("a" * CSRF_SECRET_LENGTH)
    tokens = {csrfmask.masked_token(request) for _ in range(200)}
    assert len(tokens) == 200


def test_a_new_visitor_gets_djangos_secret_and_cookie():
    request = _request(None)
    token = csrfmask.masked_token(request)
    secret = request.META["CSRF_COOKIE"]
    assert _unmask_cipher_token(token) == secret and request.META["CSRF_COOKIE_NEEDS_UPDATE"]
    assert _unmask_cipher_token(get_token(request)) == secret


@pytest.mark.parametrize("odd", ["short", "!" * CSRF_SECRET_LENGTH])
def test_a_secret_of_another_shape_is_left_to_django(odd, monkeypatch):
    """Django's middleware never leaves one (it replaces a malformed cookie); were it to, the
    token is Django's own, whatever that does."""
    monkeypatch.setattr(csrfmask, "get_token", lambda request: "django's")
    assert csrfmask.masked_token(_request(odd)) == "django's"


def test_the_mask_draws_every_character_evenly(monkeypatch):
    """Bytes 248–255 would favour the first eight characters: they are drawn again."""
    stream = iter([bytes(range(192, 256)), bytes(range(64)), bytes(range(64, 128))])
    monkeypatch.setattr(csrfmask.secrets, "token_bytes", lambda n: next(stream))
    mask = csrfmask._mask()
    expected = [CSRF_ALLOWED_CHARS[b % 62] for b in [*range(192, 248), *range(64)]][:CSRF_SECRET_LENGTH]
    assert mask == "".join(expected)
    counts = Counter(b % 62 for b in range(csrfmask._FAIR))
    assert set(counts.values()) == {4}


def _request(secret):
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    if secret is not None:
        request.META["CSRF_COOKIE"] = secret
    return request


@pytest.mark.django_db
def test_a_form_posted_with_the_pages_token_passes_and_a_forged_one_does_not():
    client = Client(enforce_csrf_checks=True)
    page = client.get(reverse("desk:track")).content.decode()
    tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    header = re.search(r'"X-CSRFToken": "([^"]+)"', page).group(1)
    assert tokens and tokens[0] == header  # one token a page, in the form and for htmx
    answer = client.post(
        reverse("desk:track"), {"code": "1", "identifier": "2", "csrfmiddlewaretoken": tokens[0]}
    )
    assert answer.status_code == 200
    forged = tokens[0][:CSRF_SECRET_LENGTH] + tokens[0][:CSRF_SECRET_LENGTH]
    refused = client.post(
        reverse("desk:track"), {"code": "1", "identifier": "2", "csrfmiddlewaretoken": forged}
    )
    assert refused.status_code == 403
    again = client.get(reverse("desk:track")).content.decode()
    assert re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', again).group(1) != tokens[0]
