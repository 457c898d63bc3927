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


class JsonLog:
    """The log lines the production handler would write (settings.LOGGING's JSON formatter and
    context filter) while the block runs, parsed: `with JsonLog() as log: …; log.lines`."""

    def __enter__(self):
        import io
        import logging

        from django.conf import settings
        from django.utils.module_loading import import_string

        from core.requestid import LogContextFilter

        spec = dict(settings.LOGGING["formatters"]["json"])
        formatter = import_string(spec.pop("()"))(**spec)
        self.stream = io.StringIO()
        self.handler = logging.StreamHandler(self.stream)
        self.handler.setFormatter(formatter)
        self.handler.addFilter(LogContextFilter())
        logging.getLogger().addHandler(self.handler)
        return self

    def __exit__(self, *exc):
        import logging

        logging.getLogger().removeHandler(self.handler)

    @property
    def lines(self) -> list[dict]:
        import json

        return [json.loads(line) for line in self.stream.getvalue().splitlines() if line]

    def of(self, logger: str) -> list[dict]:
        return [line for line in self.lines if line["logger"] == logger]


def scrape_gauge(client, settings, name: str, label: str = "state") -> dict[str, float]:
    """GET /metrics as the monitoring system and return one labelled metric as {label value: value}."""
    from prometheus_client.parser import text_string_to_metric_families

    settings.MIZ_METRICS_TOKEN = "test-metrics-token"  # noqa: S105
    response = client.get("/metrics", headers={"Authorization": "Bearer test-metrics-token"})
    assert response.status_code == 200
    (family,) = [f for f in text_string_to_metric_families(response.content.decode()) if f.name == name]
    return {sample.labels[label]: sample.value for sample in family.samples}
