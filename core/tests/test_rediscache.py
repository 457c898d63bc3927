"""`core.rediscache.RedisCache`: Django's Redis cache whose `incr` is one atomic step, so a rate
limit's counter is never recreated without its expiry (decision 0138). Needs Redis: CI runs it; elsewhere the
tests are skipped unless CI is set, where a missing Redis is a failure (as core/tests/test_policy.py)."""

import threading
import uuid

import pytest
from django.core.cache import caches
from django.test import RequestFactory

from core.policy import over_limit
from core.testing import TEST_REDIS_URL, live_redis

REDIS_URL = TEST_REDIS_URL


@pytest.fixture
def redis_cache(settings):
    live_redis(REDIS_URL)
    settings.CACHES = {
        "default": {"BACKEND": "core.rediscache.RedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": "t-incr"}
    }
    caches.close_all()
    yield caches["default"]
    caches.close_all()


def test_incr_counts_a_present_key_and_refuses_a_missing_one_as_djangos_does(redis_cache):
    key = f"n-{uuid.uuid4().hex}"
    redis_cache.set(key, 5, 60)
    assert [redis_cache.incr(key), redis_cache.incr(key, 10)] == [6, 16]
    assert redis_cache.get(key) == 16
    with pytest.raises(ValueError, match="not found"):
        redis_cache.incr(f"missing-{uuid.uuid4().hex}")
    assert redis_cache.get(f"missing-{uuid.uuid4().hex}") is None


def test_a_redis_that_lost_its_scripts_is_given_the_script_again(redis_cache):
    """A Redis restarted (or `SCRIPT FLUSH`) no longer knows the script by its hash: the next
    count loads it again instead of failing."""
    key = f"n-{uuid.uuid4().hex}"
    redis_cache.set(key, 1, 60)
    assert redis_cache.incr(key) == 2
    redis_cache._cache.get_client(write=True).script_flush()
    assert redis_cache.incr(key) == 3
    redis_cache.delete(key)


def test_a_counter_expiring_while_it_is_counted_never_stays_without_its_expiry(redis_cache):
    """Keys that expire a millisecond after they are set, counted by two threads: Django's own
    `incr` (EXISTS, then INCRBY) sometimes recreates such a key with no expiry at all, left in
    Redis for good; the script's EXISTS and INCRBY are one step, so no key is ever left so."""
    raw = redis_cache._cache.get_client(write=True)
    keys = [f"race-{uuid.uuid4().hex}-{n}" for n in range(1500)]

    def count(offset):
        for key in keys[offset::2]:
            raw.set(redis_cache.make_key(key), 1, px=1)
            for _ in range(3):
                try:
                    redis_cache.incr(key)
                except ValueError:
                    break

    threads = [threading.Thread(target=count, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    left_forever = [key for key in keys if raw.ttl(redis_cache.make_key(key)) == -1]
    raw.delete(*[redis_cache.make_key(key) for key in keys])
    assert left_forever == []


def test_a_rate_limit_counts_through_it_and_its_window_keeps_its_expiry(redis_cache):
    raw = redis_cache._cache.get_client()
    counters = f"{redis_cache.key_prefix}:*rl:*"
    before = set(raw.keys(counters))
    request = RequestFactory().post("/", REMOTE_ADDR="198.51.100.77")
    group = f"t-{uuid.uuid4().hex}"
    assert [bool(over_limit(request, group=group, limit=3, window=600)) for _ in range(5)] == [
        False,
        False,
        False,
        True,
        True,
    ]
    (key,) = set(raw.keys(counters)) - before
    assert int(raw.get(key)) == 5
    assert 0 < raw.ttl(key) <= 600 + 60
    raw.delete(key)


def test_one_client_serves_every_call_of_a_pool(redis_cache):
    """Django made a `redis.Redis` per call (~0.1 ms each); one per pool serves them all."""
    backend = redis_cache._cache
    assert backend.get_client(write=True) is backend.get_client(write=False) is backend.get_client("k")
    key = f"n-{uuid.uuid4().hex}"
    redis_cache.set(key, 1, 60)
    assert redis_cache.add(key, 1, 60) is False
    assert redis_cache.incr(key) == 2
    assert redis_cache.get_many([key]) == {key: 2}
    redis_cache.delete(key)
