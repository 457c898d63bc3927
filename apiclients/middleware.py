"""Logs every call of a client-authenticated API endpoint (marked by `apiclients.auth`) with its
client, token, address, path and status, after the response is known."""

from apiclients.models import ApiCall
from core.policy import client_ip
from core.prepared import PreparedInsert

# A row per call: compiled once per process (decision 0131).
_CALL = PreparedInsert(ApiCall)


class ApiCallLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        call = getattr(request, "miz_api_call", None)
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
        return response
