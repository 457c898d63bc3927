"""django-auditlog's middleware with Miz's rule for the client's address.

The library's `AuditlogMiddleware` records the first `X-Forwarded-For` entry whenever the header
is present, which any client can forge when Miz is reachable directly. Here the address is the
project's `client_ip` (REMOTE_ADDR, or behind MIZ_PROXY_COUNT trusted proxies the entry the
outermost of them added), and the port is not taken from a header a client may write. The actor
is looked up only when a log entry is actually written.
"""

from auditlog.middleware import AuditlogMiddleware
from django.utils.functional import SimpleLazyObject

from core.policy import client_ip


class MizAuditlogMiddleware(AuditlogMiddleware):
    @staticmethod
    def _get_remote_addr(request):
        return client_ip(request)

    @staticmethod
    def _get_remote_port(request):
        return None

    def get_extra_data(self, request):
        return {
            "remote_addr": self._get_remote_addr(request),
            "remote_port": None,
            # Most requests change nothing that is logged: do not load the user for them.
            "actor": SimpleLazyObject(lambda: self._get_actor(request)),
        }
