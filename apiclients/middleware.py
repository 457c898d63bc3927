"""Logs every call of a client-authenticated API endpoint (marked by `apiclients.auth`) with its
client, token, address, path and status, after the response is known; and every other call to the
API that carries a client's credential, with the client and token it names: one refused before any
view runs (a body over its limit, a NUL: `core.bodylimit`, `core.middleware`, which stand inside
this one) or one to an endpoint open to all (the tracking endpoint, the schema)."""

import logging

from django.db import DatabaseError

from apiclients import services
from apiclients.models import ApiCall
from core.policy import client_ip
from core.prepared import PreparedInsert

# A row per call: compiled once per process (decision 0131).
_CALL = PreparedInsert(ApiCall)

API_PREFIX = "/api/"

log = logging.getLogger(__name__)


def credential(request) -> str:
    """The client's token as the request carries it: `Authorization: Bearer …`, or Open311's
    `api_key` in the query string (the body is not read: refusing it may be why we are here)."""
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return request.GET.get("api_key", "").strip()


def refused_call(request) -> dict | None:
    """Who made a call to the API that no endpoint's authentication saw: the client and token its
    credential names (both None for a token that is no one's), or None without a credential."""
    if not request.path.startswith(API_PREFIX):
        return None
    token = credential(request)
    if not token:
        return None
    stored = services.find_token(token)
    return {"client": stored.client if stored else None, "token": stored}


class ApiCallLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        try:
            call = getattr(request, "miz_api_call", None) or refused_call(request)
            if call is not None:
                _CALL.insert(
                    ApiCall(
                        client=call["client"],
                        token=call["token"],
                        ip=client_ip(request),
                        method=request.method[:10],
                        path=request.path[:500],
                        status=response.status_code,
                    )
                )
        except DatabaseError:
            # The database went away after the answer was made (or before a refusal that needed
            # none): the answer stands, and the call is in the application's log instead of the table.
            log.warning(
                "API call not logged (database unavailable): %s %s -> %s",
                request.method,
                request.path[:500],
                response.status_code,
                exc_info=True,
            )
        return response
