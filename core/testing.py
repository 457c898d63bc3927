"""Test helpers shared by every app's tests (imported by the root conftest.py, never by app code)."""

from django.test import Client, TestCase


class EndlessBody:
    """A request body (`wsgi.input`) that never ends, counting what was read from it."""

    def __init__(self, chunk=b"-" * 65536):
        self.chunk = chunk
        self.read_bytes = 0

    def read(self, size=-1):
        size = len(self.chunk) if size is None or size < 0 else min(size, len(self.chunk))
        self.read_bytes += size
        return self.chunk[:size]

    readline = read


def post_endless(client, path, *, content_length: int = 1000 * 1024 * 1024, **extra):
    """POST an endless multipart body declaring `content_length` bytes; returns (response, body)."""
    body = EndlessBody()
    response = client.generic(
        "POST",
        path,
        data=b"",
        **{
            "CONTENT_TYPE": "multipart/form-data; boundary=xyz",
            "CONTENT_LENGTH": str(content_length),
            "wsgi.input": body,
            **extra,
        },
    )
    return response, body


class CommittingClient(Client):
    """A test client that runs each request's on-commit callbacks when the request ends.

    Outside tests every request commits; inside pytest-django's test transaction (a plain `db`
    test) nothing does, so SMS and tasks sent with `transaction.on_commit` would never fire.
    """

    def request(self, **request):
        with TestCase.captureOnCommitCallbacks(execute=True):
            return super().request(**request)
