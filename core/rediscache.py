"""Django's Redis cache with an `incr` that is one atomic step (decision 0138).

Every rate limit (`core.policy.over_limit`, django-ratelimit) counts with `cache.add` and then
`cache.incr`. Django's Redis backend does `incr` as two round trips, `EXISTS` and then `INCRBY`;
if the key expires between the two, `INCRBY` makes a new key without an expiry, left in Redis for
good. Here `incr` is one Lua script on the server (`EXISTS` and `INCRBY` together): the same
answers, a `ValueError` for a missing key as Django gives, one round trip fewer on every counted
request, and no key left without its expiry.

`get_client` hands out one `redis.Redis` per connection pool instead of a new one per call:
making one copies redis-py's ~170 response callbacks into a case-insensitive dict, ~0.1 ms, and
Django made one for every cache call (three in a public tracking lookup, issue 18). A client is
safe to share between threads: it holds no connection of its own, only the pool's.

`RedisCacheOrLocal` (the default cache: rate limits, cached definitions and PDFs) goes on through
a Redis outage (decision 0148): an operation that cannot reach Redis is done on a local-memory
cache of this process instead (Django's `LocMemCache`), and a warning is logged once a minute. A
rate limit then counts per process (each worker gives its own allowance) until Redis answers
again; nothing is lost but counts and cached copies, which Redis never had to keep. The sessions'
cache stays `RedisCache`: a session must not live in one process only (`core.sessions`). Both
pause a server that failed for PAUSE_SECONDS (below), so a hung Redis is not waited on by every
request.
"""

import logging
import sys
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient

logger = logging.getLogger(__name__)

WARN_EVERY_SECONDS = 60
# When each way of going on without Redis was last logged by this process (`warn_unreachable`).
LAST_WARNINGS: dict[str, float] = {}
# Enough for the rate-limit counters of a busy outage; LocMemCache culls a third when full.
LOCAL_MAX_ENTRIES = 10_000
# Once an operation finds a Redis server unreachable, this process does not try it again for
# PAUSE_SECONDS: its operations fail at once instead (and fall back), so a Redis that hangs costs one
# request a timeout every few seconds, not every request one per operation (decision 0148).
PAUSE_SECONDS = 5
PAUSED_UNTIL: dict[str, float] = {}  # server (LOCATION) → monotonic time of the next try


def redis_unreachable(error: BaseException | None) -> bool:
    """Whether `error` (or what caused it) is redis-py's "cannot reach Redis" (`ConnectionError`,
    `TimeoutError`: its own errors, not Django's). redis is looked up, not imported: a process
    without Redis (a developer's) never loads it for this."""
    exceptions = sys.modules.get("redis.exceptions")
    while error is not None and exceptions is not None:
        if isinstance(error, (exceptions.ConnectionError, exceptions.TimeoutError)):
            return True
        error = error.__cause__ or error.__context__
    return False


def warn_unreachable(error: BaseException, meanwhile: str) -> None:
    """Log that Redis is unreachable and what this process does `meanwhile`: once a minute for
    each, not once a request, so an outage does not flood the log."""
    now = time.monotonic()
    if now - LAST_WARNINGS.get(meanwhile, float("-inf")) >= WARN_EVERY_SECONDS:
        LAST_WARNINGS[meanwhile] = now
        logger.warning("Redis is unreachable (%s: %s): %s", type(error).__name__, error, meanwhile)


def answers(cache) -> bool:
    """Whether `cache` answers: Redis itself is asked (`ping`), since `RedisCacheOrLocal` goes on
    without it; a local-memory cache (a developer's single process) is read. For /readyz and
    /metrics."""
    try:
        if hasattr(cache, "ping"):
            cache.ping()
        else:
            cache.get("miz:readyz")
    except Exception:  # redis-py's errors are not Django's: any failure means "does not answer"
        logger.exception("cache unreachable")
        return False
    return True


INCR_IF_PRESENT = """
if redis.call('EXISTS', KEYS[1]) == 1 then
  return redis.call('INCRBY', KEYS[1], ARGV[1])
end
return false
"""


class AtomicIncrClient(RedisCacheClient):
    _script = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients.setdefault(pool, self._client(connection_pool=pool))
        return client

    def incr(self, key, delta):
        client = self.get_client(key, write=True)
        if self._script is None:
            self._script = client.register_script(INCR_IF_PRESENT)  # EVALSHA, loaded once
        value = self._script(keys=[key], args=[delta], client=client)
        if value is None:
            raise ValueError(f"Key '{key}' not found.")
        return value


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = AtomicIncrClient
        self._location = str(server)

    def _redis(self, name, *args, **kwargs):
        """Django's operation `name`, unless this server failed less than PAUSE_SECONDS ago."""
        if time.monotonic() < PAUSED_UNTIL.get(self._location, 0.0):
            # redis-py is loaded: an operation failed on it.
            raise sys.modules["redis.exceptions"].ConnectionError(
                f"Redis was unreachable less than {PAUSE_SECONDS} s ago; not tried"
            )
        try:
            return getattr(DjangoRedisCache, name)(self, *args, **kwargs)
        except Exception as error:
            if redis_unreachable(error):
                PAUSED_UNTIL[self._location] = time.monotonic() + PAUSE_SECONDS
            raise

    def ping(self):
        """Whether Redis itself answers (readiness): raises as redis-py does when it does not."""
        return self._cache.get_client().ping()


class RedisCacheOrLocal(RedisCache):
    """`RedisCache`, or this process's memory while Redis cannot be reached (module docstring)."""

    def __init__(self, server, params):
        super().__init__(server, params)
        local = {
            name: params[name]
            for name in ("TIMEOUT", "KEY_PREFIX", "VERSION", "KEY_FUNCTION")
            if name in params
        }
        self._local = LocMemCache(
            f"miz-redis-fallback:{server}", {**local, "OPTIONS": {"MAX_ENTRIES": LOCAL_MAX_ENTRIES}}
        )

    def _unreachable(self, error):
        warn_unreachable(error, "this process counts and caches in its own memory until it answers")
        return self._local

    def _redis(self, name, *args, **kwargs):
        try:
            return super()._redis(name, *args, **kwargs)
        except Exception as error:
            if not redis_unreachable(error):
                raise
            return getattr(self._unreachable(error), name)(*args, **kwargs)


def _operation(name):
    def operation(self, *args, **kwargs):
        return self._redis(name, *args, **kwargs)

    operation.__name__ = operation.__qualname__ = name
    operation.__doc__ = f"Django's `{name}` on Redis, through `_redis` (the pause, and the fallback)."
    return operation


# Every operation of Django's cache API that reads or writes keys (`get_or_set`, `decr` and the
# rest are built on these); `clear` and `ping` are left alone: an operator's command, and the
# readiness probe, which must ask Redis itself.
for _name in (
    "add",
    "get",
    "set",
    "touch",
    "delete",
    "get_many",
    "has_key",
    "incr",
    "set_many",
    "delete_many",
):
    setattr(RedisCache, _name, _operation(_name))
