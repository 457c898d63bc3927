"""Builders for API client tests: a client with scopes and places, and its bearer token."""

import itertools

from apiclients import services
from apiclients.models import ApiClient

_names = itertools.count(1)


def make_client(*scopes: str, kind=ApiClient.Kind.ASSOCIATION, offices=(), units=(), provinces=(), **fields):
    """A registered client holding `scopes`, and its one token (returns both)."""
    client = services.create_client(
        name=fields.pop("name", f"client-{next(_names)}"),
        kind=kind,
        scopes=list(scopes),
        offices=offices,
        units=units,
        provinces=provinces,
    )
    if fields:
        ApiClient.objects.filter(pk=client.pk).update(**fields)
        client.refresh_from_db()
    _row, token = services.issue_token(client=client)
    return client, token


def bearer(token: str) -> dict:
    """Keyword arguments of Django's test client that send the token."""
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}
