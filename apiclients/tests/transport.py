"""An httpx transport that hands each request to Django's test client, so the generated API
client (`miz_client`) talks to this app in the test's own database transaction, through every
middleware, with each request's on-commit callbacks run (SMS, tasks: `core.testing.CommittingClient`)."""

import httpx

from core.testing import CommittingClient

# Headers the test client sets itself from its own arguments.
OWN_HEADERS = {"host", "content-length", "content-type"}


class DjangoTransport(httpx.BaseTransport):
    def __init__(self, client=None):
        self.client = client or CommittingClient()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        answer = self.client.generic(
            request.method,
            request.url.raw_path.decode("ascii"),
            data=request.read(),
            content_type=request.headers.get("content-type", ""),
            headers={k: v for k, v in request.headers.items() if k.lower() not in OWN_HEADERS},
        )
        return httpx.Response(answer.status_code, headers=list(answer.items()), content=answer.content)


def api_client(token: str | None = None):
    """The generated client (authenticated with `token` when given) over `DjangoTransport`:
    exactly what a client system writes, with the transport in place of the network."""
    from miz_client import AuthenticatedClient, Client

    args = {"base_url": "http://testserver", "httpx_args": {"transport": DjangoTransport()}}
    return Client(**args) if token is None else AuthenticatedClient(token=token, **args)
