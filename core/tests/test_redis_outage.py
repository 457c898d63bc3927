"""Miz through a Redis outage (decision 0148): the default cache (rate limits, cached definitions)
goes on in the process's memory, a session is read from the database, a sign-out that could be
undone when Redis comes back is refused with a Persian 503, and readiness says "degraded".

The outage is real: a port nothing listens on (connection refused), a socket that accepts and never
answers (a hung Redis), or, for the sessions, the node cut off from a Redis that keeps its data and
comes back (the sessions' cache pointed at the dead port and back). The tests with the live Redis
are skipped without it unless CI is set, where that is a failure (as core/tests/test_rediscache.py).
"""

import json
import logging
import socket
import time
import uuid

import pytest
from django.conf import settings as django_settings
from django.contrib.sessions.backends.cached_db import KEY_PREFIX
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDbStore
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.test import Client, RequestFactory
from django.urls import reverse

from core import errors, rediscache
from core.policy import over_limit
from core.rediscache import RedisCacheOrLocal
from core.sessions import SessionStore
from core.testing import PASSWORD, TEST_REDIS_URL, live_redis
from core.tests.test_shared_sessions import another_node, signed_in

DEAD = "redis://127.0.0.1:1/0"  # nothing listens on port 1: connection refused
REDIS_URL = TEST_REDIS_URL
FAST = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}


@pytest.fixture(autouse=True)
def no_pause_left(monkeypatch):
    """Each test starts with no Redis server paused by an earlier test's failures."""
    monkeypatch.setattr(rediscache, "PAUSED_UNTIL", {})


@pytest.fixture
def warned(monkeypatch, caplog):
    """The fallback's warnings, the once-a-minute clock reset so this test sees its first one."""
    monkeypatch.setattr(rediscache, "LAST_WARNINGS", {})
    caplog.set_level(logging.WARNING, logger="core.rediscache")
    return lambda: [r for r in caplog.records if r.name == "core.rediscache"]


def test_the_default_cache_answers_from_the_process_memory_while_redis_is_refused(warned):
    cache = RedisCacheOrLocal(DEAD, {"KEY_PREFIX": f"t-{uuid.uuid4().hex}", "OPTIONS": FAST})
    assert cache.get("missing", "default") == "default"
    cache.set("definition", {"fields": 3}, 60)
    assert cache.get("definition") == {"fields": 3}
    assert cache.add("counter", 1, 60) is True
    assert cache.add("counter", 1, 60) is False
    assert [cache.incr("counter"), cache.incr("counter", 5)] == [2, 7]
    with pytest.raises(ValueError):
        cache.incr("no-such-counter")  # as Django's caches answer a missing key
    assert cache.get_or_set("pdf", lambda: b"%PDF-", 60) == b"%PDF-"
    cache.set_many({"a": 1, "b": 2}, 60)
    assert cache.get_many(["a", "b", "c"]) == {"a": 1, "b": 2}
    assert cache.has_key("a") and "b" in cache
    assert cache.touch("a", 60) is True
    cache.delete_many(["a", "b"])
    cache.delete("definition")
    assert cache.get_many(["a", "b", "definition"]) == {}
    # Sixteen operations that could not reach Redis, one warning (once a minute per process).
    assert len(warned()) == 1
    assert "Redis is unreachable" in warned()[0].getMessage()
    with pytest.raises(Exception, match="111"):
        cache.ping()  # readiness asks Redis itself


def test_a_rate_limit_keeps_counting_in_the_process_while_redis_is_refused(settings, warned):
    settings.CACHES = {
        "default": {"BACKEND": "core.rediscache.RedisCacheOrLocal", "LOCATION": DEAD, "OPTIONS": FAST}
    }
    caches.close_all()
    request = RequestFactory().post("/desk/track/", REMOTE_ADDR="192.0.2.77")
    group = f"outage-{uuid.uuid4().hex}"
    answers = [over_limit(request, group=group, limit=3, window=60) for _ in range(5)]
    caches.close_all()
    assert answers[:3] == [0, 0, 0]
    assert all(1 <= wait <= 60 for wait in answers[3:]), answers
    assert warned()


def test_a_redis_that_accepts_and_never_answers_is_given_up_on_after_its_timeout(warned):
    with socket.socket() as listener:  # the kernel accepts the connection; nobody ever reads it
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        port = listener.getsockname()[1]
        cache = RedisCacheOrLocal(f"redis://127.0.0.1:{port}/0", {"OPTIONS": {"socket_timeout": 0.3}})
        started = time.monotonic()
        assert cache.get("key", "default") == "default"
        first = time.monotonic() - started
        assert cache.add("counter", 1, 60) is True
        assert [cache.incr("counter") for _ in range(20)][-1] == 21
        rest = time.monotonic() - started - first
    # The first operation waits its 0.3 s timeout, not redis-py's default of forever; the next 21,
    # within the pause, do not try Redis at all (they would have taken 6.3 s).
    assert 0.25 < first < 3, first
    assert rest < 0.25, rest
    assert "Timeout" in warned()[0].getMessage()


def test_a_paused_server_is_tried_again_once_the_pause_is_over(monkeypatch):
    monkeypatch.setattr(rediscache, "PAUSE_SECONDS", 0.5)

    def timed(cache):
        started = time.monotonic()
        assert cache.get("key", "default") == "default"
        return time.monotonic() - started

    with socket.socket() as listener:  # a Redis that hangs: each try waits the 0.3 s timeout
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        cache = RedisCacheOrLocal(
            f"redis://127.0.0.1:{listener.getsockname()[1]}/0", {"OPTIONS": {"socket_timeout": 0.3}}
        )
        tried, paused = timed(cache), timed(cache)
        time.sleep(0.6)
        tried_again = timed(cache)
    assert tried > 0.25 and tried_again > 0.25, (tried, tried_again)
    assert paused < 0.1, paused


SETTINGS_WITH_REDIS = """
import json
import django
django.setup()
from django.conf import settings
caches = [settings.CACHES[a][name] for a in ("default", "sessions") for name in ("BACKEND", "OPTIONS")]
print(json.dumps(caches + [settings.SESSION_ENGINE]))
"""


def test_the_settings_built_from_redis_url_bound_every_wait_and_fall_back(tmp_path):
    output = another_node(tmp_path, DEAD, "-c", SETTINGS_WITH_REDIS)
    bounded = {"socket_connect_timeout": 1, "socket_timeout": 1}
    assert json.loads(output) == [
        "core.rediscache.RedisCacheOrLocal",
        bounded,
        "core.rediscache.RedisCache",  # a session must not live in one process only
        bounded,
        "core.sessions",
    ]


@pytest.mark.django_db
def test_public_tracking_answers_and_still_limits_while_redis_is_refused(client, settings, warned):
    settings.CACHES = {
        "default": {"BACKEND": "core.rediscache.RedisCacheOrLocal", "LOCATION": DEAD, "OPTIONS": FAST}
    }
    settings.MIZ_DESK_TRACK_LIMIT = 2
    caches.close_all()
    data = {"code": "0512345678906", "identifier": "0012345679"}
    statuses = [
        client.post(reverse("desk:track"), data, REMOTE_ADDR="192.0.2.78").status_code for _ in range(3)
    ]
    caches.close_all()
    assert statuses == [200, 200, 429]  # not found twice (a Persian form error), then the limit


@pytest.fixture
def partitioned_sessions(settings):
    """Sessions as production keeps them (core.sessions on Redis), and a switch that cuts this
    node off from Redis (the sessions' cache pointed at a dead port) and joins it again: Redis
    keeps its data meanwhile, as it does through a network fault."""
    connection = live_redis(REDIS_URL)
    prefix = f"t-outage-{uuid.uuid4().hex[:8]}"

    def sessions_on(location):
        settings.CACHES = {
            **settings.CACHES,
            "sessions": {
                "BACKEND": "core.rediscache.RedisCache",
                "LOCATION": location,
                "KEY_PREFIX": prefix,
                "OPTIONS": FAST,
            },
        }
        caches.close_all()

    settings.SESSION_ENGINE = "core.sessions"
    settings.SESSION_CACHE_ALIAS = "sessions"
    sessions_on(REDIS_URL)

    class Switch:
        def cut(self):
            sessions_on(DEAD)

        def join(self):
            sessions_on(REDIS_URL)

        def copy_in_redis(self, key):
            return bool(connection.exists(f"{prefix}:1:{KEY_PREFIX}{key}"))

    yield Switch()
    for key in connection.scan_iter(f"{prefix}:*"):
        connection.delete(key)
    caches.close_all()


def test_a_sign_out_during_an_outage_is_refused_not_undone_when_redis_comes_back(
    make_user, partitioned_sessions, warned
):
    client = Client(raise_request_exception=False)
    client.force_login(make_user(role="applicant"))
    key = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    assert partitioned_sessions.copy_in_redis(key)

    partitioned_sessions.cut()
    assert signed_in(client)  # read from the database (Django's cached_db answered 500)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    page = response.content.decode()
    assert "سامانه موقتاً در دسترس نیست" in page and "این کار انجام نشد" in page
    assert 'action="/accounts/logout/"' in page  # its header shows the person still signed in
    assert Session.objects.filter(session_key=key).exists()
    assert signed_in(client)  # what the page says is true: still signed in
    # Three pages read their session from the database; the log says so once, not three times.
    read_from_database = [r for r in warned() if "sessions are read from the database" in r.getMessage()]
    assert len(read_from_database) == 1

    # Back: the copy and the row agree, and the sign-out goes through.
    partitioned_sessions.join()
    assert signed_in(client)
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert not Session.objects.filter(session_key=key).exists()
    assert not partitioned_sessions.copy_in_redis(key)
    assert not signed_in(client)


def test_djangos_own_cached_db_would_let_redis_undo_a_sign_out(make_user, partitioned_sessions, settings):
    """Why core.sessions deletes the copy first: Django's engine deletes the row, fails on the
    copy, and once Redis is back the copy signs the person in again."""
    import redis

    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    client = Client()
    client.force_login(make_user(role="applicant"))
    key = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    partitioned_sessions.cut()
    with pytest.raises(redis.exceptions.ConnectionError):
        CachedDbStore(key).flush()  # what Django's logout() does
    assert not Session.objects.filter(session_key=key).exists()
    partitioned_sessions.join()
    assert partitioned_sessions.copy_in_redis(key)
    assert signed_in(client)

    # core.sessions, the same steps: nothing is deleted, so nothing comes back that was gone.
    settings.SESSION_ENGINE = "core.sessions"
    client.force_login(make_user(role="applicant"))
    key = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    partitioned_sessions.cut()
    with pytest.raises(redis.exceptions.ConnectionError):
        SessionStore(key).flush()
    assert Session.objects.filter(session_key=key).exists()


def test_signing_in_during_an_outage_replaces_an_anonymous_session(make_user, partitioned_sessions):
    user = make_user(role="applicant")
    client = Client(raise_request_exception=False)
    # A visitor who already has a session (as one who began a sign-in by code has).
    store = SessionStore()
    store["pending"] = "a step begun before"
    store.create()
    client.cookies[django_settings.SESSION_COOKIE_NAME] = store.session_key
    assert partitioned_sessions.copy_in_redis(store.session_key)

    partitioned_sessions.cut()
    response = client.post(
        reverse("accounts:login"), {"national_code": user.national_code, "password": PASSWORD}
    )
    assert response.status_code == 302
    new_key = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    assert new_key != store.session_key
    assert not Session.objects.filter(session_key=store.session_key).exists()
    assert signed_in(client)

    partitioned_sessions.join()
    assert signed_in(client)  # its row was read and put into Redis
    assert partitioned_sessions.copy_in_redis(new_key)
    # The anonymous session's copy outlived the outage: it holds no sign-in.
    old = Client()
    old.cookies[django_settings.SESSION_COOKIE_NAME] = store.session_key
    assert not signed_in(old)


def test_a_redis_failure_that_reaches_the_error_handler_is_a_persian_503():
    import redis

    factory = RequestFactory()
    try:
        raise redis.exceptions.ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")
    except redis.exceptions.ConnectionError:
        page = errors.server_error(factory.get("/accounts/logout/"))
        api = errors.server_error(factory.get("/api/desk/requests/"))
    assert page.status_code == api.status_code == 503
    assert page["Retry-After"] == api["Retry-After"] == "60"
    assert errors.UNAVAILABLE_MESSAGE in page.content.decode()
    assert json.loads(api.content) == {"detail": errors.UNAVAILABLE_MESSAGE}
    try:
        raise KeyError("anything else")
    except KeyError:
        assert errors.server_error(factory.get("/")).status_code == 500
