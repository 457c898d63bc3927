"""Request bodies over the view's limit are refused (413, Persian) before anything reads them.

Every URL of the project gets a declared 1,000 MB body and must refuse it without reading a
byte; a chunked body without a length is read no further than the limit; views that take files
accept what their own file limits allow and no more.
"""

import re
import urllib.parse

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.exceptions import Resolver404

from core.testing import EndlessBody, post_endless

pytestmark = pytest.mark.django_db


class ChunkedBody:
    """A finished body of known bytes, as a server that decoded chunked encoding hands it over."""

    def __init__(self, data: bytes):
        self.data = data

    def read(self, size=-1):
        size = len(self.data) if size is None or size < 0 else size
        out, self.data = self.data[:size], self.data[size:]
        return out

    readline = read


DUMMY = {"int": "1", "str": "x", "slug": "x", "path": "x", "uuid": "00000000-0000-0000-0000-000000000000"}


def every_path() -> list[str]:
    """One concrete path per URL pattern of the project (admin included)."""
    paths = []

    def walk(patterns, prefix):
        for entry in patterns:
            route = prefix + str(entry.pattern).lstrip("^").rstrip("$").replace("\\Z", "")
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, route)
            elif isinstance(entry, URLPattern):
                path = re.sub(r"<(?:(\w+):)?\w+>", lambda m: DUMMY.get(m.group(1) or "str", "x"), route)
                path = re.sub(r"\(\?P<\w+>[^)]*\)", "x", path)
                if any(c in path for c in "()[]?*+\\"):
                    continue  # a regular expression we cannot fill; counted below
                paths.append("/" + path)

    walk(get_resolver().url_patterns, "")
    return sorted(set(paths))


def resolvable(path: str) -> bool:
    try:
        resolve(urllib.parse.urlsplit(path).path)
    except Resolver404:
        return False
    return True


def test_every_url_refuses_a_declared_thousand_megabytes_without_reading_it():
    client = Client(enforce_csrf_checks=True)
    client.cookies["csrftoken"] = "a" * 32  # an anonymous client holding a CSRF cookie
    paths = [p for p in every_path() if resolvable(p)]
    assert "/desk/track/" in paths and "/desk/apply/x/" in paths and len(paths) > 60
    for path in paths:
        response, body = post_endless(client, path)
        assert response.status_code == 413, path
        assert body.read_bytes == 0, path
    assert "حجم درخواست بیش از اندازه است" in response.content.decode()


def post_chunked(client, body):
    """POST `body` (a wsgi.input) to the tracking form chunked: no Content-Length."""
    return client.generic(
        "POST",
        reverse("desk:track"),
        data=b"",
        **{
            "CONTENT_TYPE": "application/x-www-form-urlencoded",
            "CONTENT_LENGTH": "",
            "HTTP_TRANSFER_ENCODING": "chunked",
            "wsgi.input": body,
            "wsgi.input_terminated": True,
        },
    )


def test_a_chunked_body_without_a_length_is_read_no_further_than_the_limit(settings):
    settings.MIZ_REQUEST_MAX_BYTES = 256 * 1024
    client = Client()
    body = EndlessBody()
    response = post_chunked(client, body)
    assert response.status_code == 413
    assert body.read_bytes <= settings.MIZ_REQUEST_MAX_BYTES + 1


def test_a_small_chunked_body_is_read_as_the_form(client):
    response = post_chunked(client, ChunkedBody(b"code=12&identifier=34"))
    assert response.status_code == 200
    assert 'value="12"' in response.content.decode()  # the form saw the posted code
