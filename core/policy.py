"""Request policy: who the client is (`client_ip`) and how often it may try (`over_limit`).

Every view that records an address or limits attempts goes through this module, so the proxy
setting and the shared counters are applied the same way everywhere (docs/decisions/0043).

- `client_ip`: REMOTE_ADDR, unless Miz sits behind MIZ_PROXY_COUNT reverse proxies that append
  to X-Forwarded-For; then the entry the outermost trusted proxy added. Entries before it were
  written by the client and can be forged, so they are never read; with MIZ_PROXY_COUNT=0 (the
  app reachable directly) the header is ignored altogether.
- `over_limit`: django-ratelimit's fixed-window counter in the default cache; when over, the
  seconds until the window ends, for the answer's `Retry-After` (`retry_after_header`). Production sets
  REDIS_URL, so every gunicorn worker counts in the same place (a per-process cache would give
  each worker its own allowance); the deploy check `core.E001` refuses a per-process cache.
"""

import ipaddress

from django.conf import settings
from django.core import checks
from django_ratelimit import ALL
from django_ratelimit.core import get_usage

TOO_MANY_TRIES = "تعداد تلاش‌های شما از حد مجاز گذشت؛ چند دقیقه دیگر دوباره تلاش کنید."

# Addresses the counters of which fall together: an IPv6 client controls a whole /64.
IPV6_PREFIX = 64


def forwarded_for(header: str) -> list[str]:
    """The X-Forwarded-For entries in order, blanks dropped (as proxies write `a, b, c`)."""
    return [part.strip() for part in header.split(",") if part.strip()]


def client_ip(request) -> str | None:
    """The client's address, as trusted as the deployment allows (see the module docstring)."""
    proxies = getattr(settings, "MIZ_PROXY_COUNT", 0)
    if proxies > 0:
        forwarded = forwarded_for(request.META.get("HTTP_X_FORWARDED_FOR", ""))
        if len(forwarded) >= proxies:
            try:
                return str(ipaddress.ip_address(forwarded[-proxies]))
            except ValueError:
                pass
    remote = request.META.get("REMOTE_ADDR") or ""
    try:
        return str(ipaddress.ip_address(remote))
    except ValueError:
        return None


def address_key(group: str, request) -> str:
    """The rate-limit key of the client's address (IPv6 by its /64 network)."""
    address = client_ip(request)
    if address is None:
        return "unknown"
    parsed = ipaddress.ip_address(address)
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/{IPV6_PREFIX}", strict=False).network_address)
    return address


def over_limit(request, *, group: str, limit: int, window: int, key=None, increment: bool = True) -> int:
    """Count one attempt of `group` by this client (or by `key`, a string such as an account)
    in a fixed window of `window` seconds. 0 (false) while within `limit`; once more were made,
    the seconds until the window ends (at least 1): the answer's `Retry-After`."""
    if key is None:
        key_fn = address_key
    else:
        value = f"{group}:{key}"

        def key_fn(_group, _request):
            return value

    usage = get_usage(request, group=group, key=key_fn, rate=(limit, window), method=ALL, increment=increment)
    if usage is None or not usage["should_limit"]:
        return 0
    # django-ratelimit's window ends at `time_left` and its counter resets the second after;
    # time_left is -1 when the cache could not count: then wait a whole window.
    left = usage["time_left"]
    return min(left + 1, window) if left >= 0 else window


def retry_after_header(response, seconds: int):
    """Tell the client when to try again (RFC 9110 `Retry-After`, in whole seconds)."""
    response["Retry-After"] = str(max(int(seconds), 1))
    return response


@checks.register(checks.Tags.caches, deploy=True)
def check_shared_cache(app_configs, **kwargs):
    """Rate limits counted per process would multiply by the number of workers."""
    backend = settings.CACHES.get(getattr(settings, "RATELIMIT_USE_CACHE", "default"), {}).get("BACKEND", "")
    if backend.endswith(("LocMemCache", "DummyCache", "FileBasedCache", "DatabaseCache")):
        return [
            checks.Error(
                f"The cache ({backend}) is not shared atomically by every worker: rate limits "
                "would be counted per process.",
                hint="Set REDIS_URL (e.g. redis://127.0.0.1:6379/0).",
                id="core.E001",
            )
        ]
    return []
