"""Per-request observation: the request id, one structured log line and the latency sample.

`RequestLogMiddleware` goes first in MIDDLEWARE, so it sees every request, the redirects and
refusals of the middleware after it included. It binds the request id (`core.requestid`) for the
request, then writes one line on the `miz.request` logger with the resolved view (the URL name,
never the path: paths carry tracking codes), the method, the status, the duration and the user
id when the request loaded one, and observes `miz_http_request_duration_seconds`
(`core.metrics`). The health check and the metrics endpoint, polled every few seconds, are logged
at DEBUG and the metrics endpoint is left out of its own histogram.
"""

import logging
import time

from core import metrics, requestid

logger = logging.getLogger("miz.request")

QUIET_VIEWS = frozenset({"healthz", "metrics"})


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = requestid.accepted(request.META.get(requestid.META_KEY)) or requestid.new_id()
        request.request_id = request_id
        started = time.perf_counter()
        with requestid.bind(request_id, request):
            response = self.get_response(request)
            seconds = time.perf_counter() - started
            view = metrics.view_label(request)
            if view != "metrics":
                metrics.observe_request(
                    view=view, method=request.method, status=response.status_code, seconds=seconds
                )
            logger.log(
                logging.DEBUG if view in QUIET_VIEWS else logging.INFO,
                "%s %s %s %.1f ms",
                request.method,
                view,
                response.status_code,
                seconds * 1000,
                extra={
                    "view": view,
                    "method": request.method,
                    "status": response.status_code,
                    "duration_ms": round(seconds * 1000, 1),
                },
            )
        response[requestid.HEADER] = request_id
        return response
