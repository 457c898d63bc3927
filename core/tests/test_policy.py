"""core.policy: the client's address behind (or without) proxies, and rate limits that every
worker shares."""

import ipaddress
import uuid

import pytest
from django.core import checks
from django.core.cache import caches
from hypothesis import given
from hypothesis import strategies as st

from core.policy import address_key, check_shared_cache, client_ip, over_limit
from core.testing import TEST_REDIS_URL, live_redis, python_process

REDIS_URL = TEST_REDIS_URL


def test_client_address_behind_a_trusted_proxy(rf, settings):
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    settings.MIZ_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.1"  # reachable directly: the header is ignored
    settings.MIZ_PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.9"  # the forged first entry is ignored
    settings.MIZ_PROXY_COUNT = 2
    assert client_ip(request) == "6.6.6.6"
    settings.MIZ_PROXY_COUNT = 3  # fewer entries than proxies: the header is not to be trusted
    assert client_ip(request) == "10.0.0.1"
    settings.MIZ_PROXY_COUNT = 1
    assert client_ip(rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="junk")) == "10.0.0.1"
    assert client_ip(rf.get("/", REMOTE_ADDR="10.0.0.1")) == "10.0.0.1"
    assert client_ip(rf.get("/", REMOTE_ADDR="")) is None


_address = st.one_of(st.ip_addresses(v=4), st.ip_addresses(v=6)).map(str)
_entry = st.one_of(_address, st.text(alphabet=" ,.:abcdef0123456789xyz\t", max_size=20))


@given(
    entries=st.lists(_entry, max_size=6),
    proxies=st.integers(min_value=0, max_value=4),
    remote=_address,
)
def test_the_address_is_remote_addr_or_the_entry_the_trusted_proxy_wrote(entries, proxies, remote):
    from django.test import RequestFactory, override_settings

    rf = RequestFactory()
    header = ", ".join(entries)
    request = rf.get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=header)
    with override_settings(MIZ_PROXY_COUNT=proxies):
        found = client_ip(request)
    parts = [p.strip() for p in header.split(",") if p.strip()]
    assert found is not None
    ipaddress.ip_address(found)  # always an address, never the client's free text
    if proxies == 0 or len(parts) < proxies:
        assert found == str(ipaddress.ip_address(remote))
    else:
        # Only the entry the outermost trusted proxy appended is ever believed.
        try:
            expected = str(ipaddress.ip_address(parts[-proxies]))
        except ValueError:
            expected = str(ipaddress.ip_address(remote))
        assert found == expected


def test_ipv6_clients_are_counted_by_their_network(rf):
    one = rf.get("/", REMOTE_ADDR="2001:db8:1:2::1")
    two = rf.get("/", REMOTE_ADDR="2001:db8:1:2:ffff::9")
    other = rf.get("/", REMOTE_ADDR="2001:db8:1:3::1")
    assert address_key("g", one) == address_key("g", two) != address_key("g", other)


def test_limits_count_per_group_and_per_key(rf):
    request = rf.post("/", REMOTE_ADDR="192.0.2.10")
    assert [bool(over_limit(request, group="a", limit=2, window=60)) for _ in range(3)] == [
        False,
        False,
        True,
    ]
    assert not over_limit(request, group="b", limit=2, window=60)
    assert not over_limit(rf.post("/", REMOTE_ADDR="192.0.2.11"), group="a", limit=2, window=60)
    assert [bool(over_limit(request, group="a", key="acct", limit=1, window=60)) for _ in range(2)] == [
        False,
        True,
    ]


@given(
    start=st.integers(min_value=1_700_000_000, max_value=1_900_000_000),
    window=st.sampled_from([1, 7, 60, 900]),
)
def test_over_the_limit_it_says_exactly_how_long_to_wait(start, window):
    """The seconds returned (the answer's Retry-After) are the wait: one second less is still refused."""
    import time_machine
    from django.test import RequestFactory

    caches["default"].clear()
    request = RequestFactory().post("/", REMOTE_ADDR="192.0.2.20")
    with time_machine.travel(start, tick=False) as traveller:
        assert over_limit(request, group="w", limit=1, window=window) == 0
        wait = over_limit(request, group="w", limit=1, window=window)
        assert 1 <= wait <= window
        if wait > 1:
            traveller.move_to(start + wait - 1)
            assert over_limit(request, group="w", limit=1, window=window, increment=False)
        traveller.move_to(start + wait)
        assert over_limit(request, group="w", limit=1, window=window) == 0


def test_the_deploy_check_refuses_a_per_process_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert [e.id for e in check_shared_cache(None)] == ["core.E001"]
    assert all(e.level == checks.ERROR for e in check_shared_cache(None))
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
    assert check_shared_cache(None) == []


@pytest.fixture
def shared_cache(settings):
    """The configured cache as production has it (REDIS_URL). CI runs Redis; elsewhere the test
    is skipped unless CI is set, where a missing Redis is a failure."""
    live_redis(REDIS_URL)
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
    caches.close_all()
    yield
    caches.close_all()


SECOND_WORKER = """
import sys
import django
django.setup()
from django.test import RequestFactory
from core.policy import over_limit
request = RequestFactory().post("/", REMOTE_ADDR=sys.argv[1])
print(bool(over_limit(request, group=sys.argv[2], limit=5, window=600)))
"""


def test_a_limit_is_counted_across_workers(rf, shared_cache, tmp_path):
    """Two processes, as two gunicorn workers: the second sees the attempts of the first."""
    address, group = "198.51.100.23", f"test-{uuid.uuid4().hex}"
    request = rf.post("/", REMOTE_ADDR=address)
    assert [over_limit(request, group=group, limit=5, window=600) for _ in range(5)] == [False] * 5

    output = python_process(
        "-c",
        SECOND_WORKER,
        address,
        group,
        drop={"DATABASE_URL"},
        env={"REDIS_URL": REDIS_URL, "MIZ_VAR_DIR": str(tmp_path)},
    )
    assert output == "True"  # the sixth attempt, made in another process, is over
